/**
 * `npm run quickstart`: starts the local emulator and deploys the quickstart program (Pulumi.yaml at
 * the repository root, examples/quickstart) on its `dev` stack (Pulumi.dev.yaml), then tears it down.
 *
 * - With the real Pulumi CLI (built by `npm run pulumi:install`, or a `pulumi` on PATH):
 *   `pulumi preview`, `pulumi up` on a local file state backend (passphrase QUICKSTART_PASSPHRASE), a
 *   second `pulumi up --expect-no-changes` that must send no write call, then `pulumi destroy`, which
 *   must leave the emulator empty. The program runs in a scratch project whose node_modules holds this
 *   package and @pulumi/pulumi, through scripts/inline-language-host.js (see scripts/pulumi-cli.ts).
 * - Without it, it says so and runs the same program with the same stack config through the offline
 *   runner (tests/harness: the program under Pulumi's mocks, each registration handed to the real
 *   dynamic-provider host over gRPC with the engine's rules), with the same checks.
 *
 * Exits non-zero on any failure and always stops what it started (emulator, provider host, scratch
 * directory): also on Ctrl-C, and when its output is cut (`npm run quickstart | head`).
 */
import fs from "node:fs";
import path from "node:path";
import { startEmulator, type RunningEmulator } from "pulumi-alicloud-media/emulator";
import { Deployment, type RunResult, type Step } from "../tests/harness/engine";
import { runProgram } from "../tests/harness/program";
import { ProviderHost } from "../tests/harness/provider-host";
import { createUserProject, REPO_ROOT, type UserProject } from "../tests/harness/user-project";
import quickstartProgram = require("../examples/quickstart");
import { objectsLeft } from "./emulator-leftovers";
import { findPulumiTools, runPulumi, type PulumiTools } from "./pulumi-cli";
import { formatRun } from "./run-report";
import { readProjectName, readStackConfig, withEndpoints, type StackConfig } from "./stack-config";

export const STACK = "dev";
/** The passphrase of the quickstart's local state backend (the state holds no real secret). */
export const QUICKSTART_PASSPHRASE = "quickstart";
/** Write operations: none may reach the emulator during a no-change `up`. */
const WRITE_ACTIONS =
  /^(Create|Update|Delete|Suspend|Resume|Submit|Index|BatchIndex|Add|Remove|Attach|Detach)/;

export interface QuickstartOptions {
  /** Use the offline runner even when a Pulumi CLI is found. */
  offline?: boolean;
  /** Emulator port; default the dev stack's endpoint port (18080), else any free port. */
  port?: number;
  /** Where progress goes; default console.log. */
  log?: (line: string) => void;
  /** Config values that replace the dev stack's (tests use it to make a step fail on purpose). */
  configOverrides?: StackConfig;
}

/** Things started by the run, stopped in reverse order whatever happens. */
class Cleanup {
  private readonly steps: (() => Promise<void> | void)[] = [];
  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

function endpointPort(config: StackConfig): number | undefined {
  const endpoint = config["alicloud-media:immEndpoint"];
  if (!endpoint) return undefined;
  const port = Number(new URL(endpoint.includes("://") ? endpoint : `http://${endpoint}`).port);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** The emulator on the preferred port, or on a free one if that is taken (the config then follows it). */
async function startOn(port: number | undefined, log: (line: string) => void): Promise<RunningEmulator> {
  if (port !== undefined) {
    try {
      return await startEmulator({ port });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      log(`port ${port} is in use; starting the emulator on a free port and pointing the stack at it`);
    }
  }
  return startEmulator({ port: 0 });
}

function writesSince(emulator: RunningEmulator, before: Record<string, number>): string[] {
  const after = emulator.stats().requests;
  return Object.keys(after).filter(
    (action) => WRITE_ACTIONS.test(action) && (after[action] ?? 0) > (before[action] ?? 0),
  );
}

/** The quickstart's two promises, checked the same way on both paths. */
function expectNoWrites(emulator: RunningEmulator, before: Record<string, number>): void {
  const writes = writesSince(emulator, before);
  if (writes.length > 0) throw new Error(`the second up made write calls: ${writes.join(", ")}`);
}

function expectEmpty(emulator: RunningEmulator): void {
  const left = objectsLeft(emulator.resources());
  if (left.length > 0) throw new Error(`destroy left objects in the emulator: ${left.join(", ")}`);
}

function inputsByUrn(deployment: Deployment): Map<string, Record<string, unknown>> {
  return new Map(deployment.state.map((r) => [r.urn, r.inputs]));
}

async function offline(
  project: string,
  config: StackConfig,
  emulator: RunningEmulator,
  cleanup: Cleanup,
  log: (line: string) => void,
): Promise<void> {
  const user = createUserProject({ project });
  cleanup.add(() => user.cleanup());
  const host = await ProviderHost.start({ cwd: user.dir, project, stack: STACK });
  cleanup.add(() => host.close());
  const deployment = new Deployment(host, { config });
  const run = { project, stack: STACK, config };

  const print = (
    title: string,
    result: RunResult,
    before: Map<string, Record<string, unknown>>,
    outputs: Record<string, unknown> = {},
  ) => {
    const after = (step: Step) =>
      result.kind === "preview" ? step.outputs : deployment.resource(step.urn)?.inputs;
    for (const line of formatRun(title, result, { inputsBefore: before, inputsAfter: after }, outputs))
      log(line ? `  ${line}` : "");
  };

  let before = inputsByUrn(deployment);
  const preview = await runProgram(quickstartProgram, deployment, { ...run, preview: true });
  print(`Previewing update (${STACK})`, preview.result, before);

  before = inputsByUrn(deployment);
  const up = await runProgram(quickstartProgram, deployment, run);
  log("");
  print(`Updating (${STACK})`, up.result, before, up.outputs);

  before = inputsByUrn(deployment);
  const requestsBefore = { ...emulator.stats().requests };
  const again = await runProgram(quickstartProgram, deployment, run);
  log("");
  print(`Updating again (${STACK}), expecting no changes`, again.result, before);
  const changed = Object.keys(again.result.changes).filter((op) => op !== "same");
  if (changed.length > 0)
    throw new Error(`the second up was expected to change nothing: ${JSON.stringify(again.result.changes)}`);
  expectNoWrites(emulator, requestsBefore);

  before = inputsByUrn(deployment);
  const destroyed = await deployment.destroy();
  log("");
  print(`Destroying (${STACK})`, destroyed, before);
  expectEmpty(emulator);
}

function yamlScalar(value: string): string {
  return JSON.stringify(value);
}

/** The real CLI, on a local file state backend in the scratch project, fully offline. */
async function withCli(
  tools: PulumiTools,
  project: string,
  config: StackConfig,
  emulator: RunningEmulator,
  cleanup: Cleanup,
  log: (line: string) => void,
): Promise<void> {
  const programFile = require.resolve("../examples/quickstart");
  if (!programFile.endsWith(".js"))
    throw new Error(`the CLI path needs the compiled program (npm run build:tools), found ${programFile}`);
  const scratch: UserProject = createUserProject({ project });
  cleanup.add(() => scratch.cleanup());
  fs.copyFileSync(programFile, path.join(scratch.dir, "index.js"));
  fs.writeFileSync(
    path.join(scratch.dir, "Pulumi.yaml"),
    `name: ${project}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
  );
  fs.writeFileSync(
    path.join(scratch.dir, `Pulumi.${STACK}.yaml`),
    `config:\n${Object.entries(config)
      .map(([k, v]) => `  ${k}: ${yamlScalar(v)}`)
      .join("\n")}\n`,
  );
  const stateDir = path.join(scratch.dir, ".pulumi-state");
  const home = path.join(scratch.dir, ".pulumi-home");
  fs.mkdirSync(stateDir);
  fs.mkdirSync(home);
  log(`state backend: file://${stateDir} (passphrase "${QUICKSTART_PASSPHRASE}")`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: QUICKSTART_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  };
  const pulumi = (...args: string[]) => runPulumi(tools, args, { cwd: scratch.dir, env, log });
  const stack = ["--non-interactive", "--stack", STACK];
  await pulumi("stack", "init", STACK, "--non-interactive");
  await pulumi("preview", ...stack);
  await pulumi("up", "--yes", ...stack);
  const requestsBefore = { ...emulator.stats().requests };
  await pulumi("up", "--yes", "--expect-no-changes", ...stack);
  expectNoWrites(emulator, requestsBefore);
  log("\nthe second up changed nothing and sent no write call");
  await pulumi("destroy", "--yes", ...stack);
  expectEmpty(emulator);
  log("destroy left the emulator empty");
}

/** Runs the quickstart; resolves when every step succeeded, rejects otherwise (after cleaning up). */
export async function runQuickstart(opts: QuickstartOptions = {}): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const project = readProjectName(path.join(REPO_ROOT, "Pulumi.yaml"));
  let config = {
    ...readStackConfig(path.join(REPO_ROOT, `Pulumi.${STACK}.yaml`)),
    ...opts.configOverrides,
  };

  const cli = opts.offline ? undefined : findPulumiTools();
  if (opts.offline) log("Running the quickstart through the offline runner (requested).");
  else if (cli) log(`Pulumi CLI ${cli.version} (${cli.binDir}).`);
  else
    log(
      "Pulumi CLI not found (looked in the `npm run pulumi:install` cache and on PATH).\n" +
        "Running the same program with the same stack config through the offline runner (the real " +
        "dynamic-provider host, driven with the engine's rules). `npm run pulumi:install` builds the CLI.",
    );

  const cleanup = new Cleanup();
  const interrupted = () => {
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    const emulator = await startOn(opts.port ?? endpointPort(config), log);
    cleanup.add(() => emulator.close());
    log(`emulator: ${emulator.url}`);
    if (endpointPort(config) !== emulator.port) config = withEndpoints(config, emulator.url);
    log("");
    if (cli) await withCli(cli, project, config, emulator, cleanup, log);
    else await offline(project, config, emulator, cleanup, log);
    log("\nquickstart: OK");
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await cleanup.run();
  }
}

if (require.main === module) {
  // A reader that stops reading (`| head`) closes our standard output: stop printing and let the run
  // fail and clean up, instead of dying on EPIPE with the emulator's and the host's work left behind.
  let outputClosed = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    outputClosed = true;
  });
  const log = (line: string) => {
    if (!outputClosed) console.log(line);
  };
  runQuickstart({ offline: process.argv.includes("--offline"), log }).catch((error: unknown) => {
    if (!outputClosed)
      console.error(`\nquickstart FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
