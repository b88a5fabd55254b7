/**
 * Where the real Pulumi CLI is: the build of `npm run pulumi:install` (in
 * `$PULUMI_ALICLOUD_MEDIA_TOOLS`, default `~/.cache/pulumi-alicloud-media`, under
 * `pulumi-<pinned version>/bin`), else a `pulumi` on PATH (a user's own install).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../../..");

/** The CLI version `npm run pulumi:install` builds (package.json "config.pulumiCliVersion"). */
export const PINNED_PULUMI_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    config: { pulumiCliVersion: string };
  }
).config.pulumiCliVersion;

export interface PulumiTools {
  /** The folder holding `pulumi` and `pulumi-resource-pulumi-nodejs`; put first on PATH. */
  binDir: string;
  /** `pulumi version`, e.g. "v3.274.1". */
  version: string;
}

function versionOf(pulumi: string): string | undefined {
  const probe = spawnSync(pulumi, ["version"], {
    encoding: "utf8",
    timeout: 15_000,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  const version = probe.stdout?.trim() ?? "";
  return probe.status === 0 && /^v\d+\.\d+/.test(version) ? version : undefined;
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function findPulumiTools(): PulumiTools | undefined {
  const root =
    process.env.PULUMI_ALICLOUD_MEDIA_TOOLS ?? path.join(os.homedir(), ".cache/pulumi-alicloud-media");
  const built = path.join(root, `pulumi-${PINNED_PULUMI_VERSION}`, "bin");
  const candidates = [path.join(built, "pulumi"), onPath("pulumi")];
  for (const pulumi of candidates) {
    if (!pulumi || !fs.existsSync(pulumi)) continue;
    const version = versionOf(pulumi);
    if (version) return { binDir: path.dirname(pulumi), version };
  }
  return undefined;
}

/**
 * The tools, or why there are none. `npm run test:cli` sets PULUMI_ALICLOUD_MEDIA_REQUIRE_CLI=1, and
 * then a missing CLI fails the run instead of skipping it.
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
