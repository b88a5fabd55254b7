/** Where the real Pulumi CLI is (scripts/pulumi-cli.ts), and what a test run does without it. */
import path from "node:path";
import { findPulumiTools, PINNED_PULUMI_VERSION, type PulumiTools } from "../../../scripts/pulumi-cli";

export { findPulumiTools, PINNED_PULUMI_VERSION, type PulumiTools };

export const REPO_ROOT = path.resolve(__dirname, "../../..");

/**
 * The tools, or why there are none. `npm run test:cli` (and CI) set PULUMI_ALICLOUD_MEDIA_REQUIRE_CLI=1,
 * and then a missing CLI fails the run instead of skipping it.
 */
export function pulumiToolsOrSkipReason(): PulumiTools | string {
  const tools = findPulumiTools();
  if (tools) return tools;
  const reason =
    `the real Pulumi CLI is not installed (looked in the pulumi:install cache for ` +
    `v${PINNED_PULUMI_VERSION} and on PATH): run \`npm run pulumi:install\``;
  if (process.env.PULUMI_ALICLOUD_MEDIA_REQUIRE_CLI === "1") throw new Error(reason);
  return reason;
}
