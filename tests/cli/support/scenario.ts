/**
 * What the CLI scenarios share: the suite that runs only where the real CLI is installed (and says
 * so, loudly, where it is not), an emulator per test file, and stack config that points a stack at it.
 */
import fs from "node:fs";
import path from "node:path";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";
import { ApiClient, createOpenApi } from "../../../provider/runtime";
import { objectsLeft } from "../../../scripts/emulator-leftovers";
import { CliProject, compileProgram } from "./cli-project";
import { installedPackage } from "./installed-package";
import { pulumiToolsOrSkipReason, REPO_ROOT, type PulumiTools } from "./tools";

export { objectsLeft };

/** Write operations: none may reach the emulator during an up that changes nothing. */
export const WRITE_ACTIONS =
  /^(Create|Update|Delete|Suspend|Resume|Submit|Index|BatchIndex|Add|Remove|Attach|Detach|Set)/;

export const ACCESS_KEY_ID = "cli-test-key-id";
export const ACCESS_KEY_SECRET = "cli-test-key-secret-0123456789";

/**
 * `describe` where the real CLI is installed; elsewhere the suite is skipped with a warning naming
 * the command that installs it (`npm run test:cli` fails instead of skipping).
 */
export function describeWithCli(name: string, body: (tools: PulumiTools) => void): void {
  const tools = pulumiToolsOrSkipReason();
  if (typeof tools === "string") {
    describe.skip(`${name} (skipped: ${tools})`, () => it("needs the real CLI", () => undefined));
    console.warn(`tests/cli: "${name}" skipped: ${tools}`);
    return;
  }
  describe(name, () => body(tools));
}

export interface Scenario {
  emulator: RunningEmulator;
  /** The packed package's install that every project links. */
  installDir: string;
  /** Stack config (plain) pointing at the emulator; the secret goes through `--secret`. */
  config: Record<string, string>;
  secrets: Record<string, string>;
  /** A project linked to the current package's install, or to `installDir`. */
  newProject(name: string, programSource: string, installDir?: string): CliProject;
  /** Write actions the emulator answered since `before` (a copy of `emulator.stats().requests`). */
  writesSince(before: Record<string, number>): string[];
  /** A signed client that does not go through Pulumi (someone in the console): for drift. */
  outOfBand(product: "imm" | "ice"): ApiClient;
  /** What a destroy should have removed but did not. */
  leftovers(): string[];
  close(): Promise<void>;
}

export async function startScenario(
  tools: PulumiTools,
  timings?: EmulatorOptions["timings"],
): Promise<Scenario> {
  const emulator = await startEmulator({
    port: 0,
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    ...(timings ? { timings } : {}),
  });
  const { dir: installDir } = installedPackage();
  const projects: CliProject[] = [];
  return {
    emulator,
    installDir,
    config: {
      "alicloud-media:region": "cn-shanghai",
      "alicloud-media:immEndpoint": emulator.url,
      "alicloud-media:iceEndpoint": emulator.url,
      "alicloud-media:accessKeyId": ACCESS_KEY_ID,
    },
    secrets: { "alicloud-media:accessKeySecret": ACCESS_KEY_SECRET },
    newProject(name, programSource, otherInstall) {
      const project = new CliProject(tools, name, otherInstall ?? installDir);
      project.setProgram(programSource);
      projects.push(project);
      return project;
    },
    writesSince(before) {
      const after = emulator.stats().requests;
      return Object.keys(after).filter(
        (action) => WRITE_ACTIONS.test(action) && (after[action] ?? 0) > (before[action] ?? 0),
      );
    },
    outOfBand: (product) =>
      new ApiClient(
        createOpenApi(
          { host: new URL(emulator.url).host, protocol: "http" },
          { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
        ),
        product,
      ),
    leftovers: () => objectsLeft(emulator.resources()),
    async close() {
      for (const project of projects) project.remove();
      await emulator.close();
    },
  };
}

/** A program of this repository (examples/…/index.ts) as TypeScript source. */
export function exampleProgram(relativePath: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, relativePath), "utf8");
}

export { compileProgram, REPO_ROOT };
