/**
 * `npm run quickstart`: starts the local emulator and deploys the quickstart program against it.
 *
 * With the Pulumi CLI on PATH it would be `pulumi up` on a local file backend; these machines have no
 * CLI (it is only downloadable), so the same program runs through the project's offline runner: the
 * program under Pulumi's mocks, each registration handed to the real dynamic-provider host over gRPC
 * with the engine's rules. It prints each step as a preview would, then a second `up` that must
 * change nothing, then destroys, and exits non-zero on any failure.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { startEmulator } from "pulumi-alicloud-media/emulator";
import { Deployment, type RunResult } from "../tests/harness/engine";
import { runProgram } from "../tests/harness/program";
import { ProviderHost } from "../tests/harness/provider-host";
import { createUserProject } from "../tests/harness/user-project";

const PROJECT = "alicloud-media-quickstart";
const STACK = "dev";
const PROGRAM = path.resolve(__dirname, "../examples/quickstart/index.js");

function hasPulumiCli(): boolean {
  try {
    execFileSync("pulumi", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function printRun(title: string, run: RunResult): void {
  console.log(`\n${title}`);
  const symbol: Record<string, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };
  for (const step of run.steps) {
    if (step.op === "read") continue;
    const name = step.urn.split("::").pop();
    const type = step.urn.split("::")[2];
    console.log(
      `  ${(symbol[step.op] ?? step.op).padEnd(2)} ${type} ${name} ${step.op === "same" ? "" : `(${step.op})`}`,
    );
  }
  const counts = Object.entries(run.changes)
    .map(([op, n]) => `${n} ${op}`)
    .join(", ");
  console.log(`  Resources: ${counts || "none"}`);
}

/** Loads the program anew each run, as `pulumi up` starts a fresh process. */
function program(): Record<string, unknown> {
  delete require.cache[PROGRAM];
  return { ...(require(PROGRAM) as Record<string, unknown>) };
}

async function main(): Promise<void> {
  if (hasPulumiCli()) {
    console.log(
      "Pulumi CLI found; this script still uses the offline runner so it needs no login or backend.",
    );
  } else {
    console.log(
      "Pulumi CLI not available (it can only be downloaded); running the program through the offline runner.",
    );
  }
  const emulator = await startEmulator({ port: 0 });
  console.log(`emulator: ${emulator.url}`);
  const user = createUserProject({ project: PROJECT });
  const host = await ProviderHost.start({ cwd: user.dir, project: PROJECT, stack: STACK });
  const deployment = new Deployment(host, {
    config: {
      "alicloud-media:region": "cn-shanghai",
      "alicloud-media:immEndpoint": emulator.url,
      "alicloud-media:iceEndpoint": emulator.url,
      "alicloud-media:accessKeyId": "emulator-access-key-id",
      "alicloud-media:accessKeySecret": "emulator-access-key-secret",
    },
  });
  try {
    const preview = await runProgram(program, deployment, { project: PROJECT, stack: STACK, preview: true });
    printRun("Previewing update (dev):", preview.result);
    const up = await runProgram(program, deployment, { project: PROJECT, stack: STACK });
    printRun("Updating (dev):", up.result);
    console.log("  Outputs:");
    for (const [key, value] of Object.entries(up.outputs))
      console.log(`    ${key}: ${JSON.stringify(value)}`);
    const again = await runProgram(program, deployment, { project: PROJECT, stack: STACK });
    printRun("Updating again (dev), expecting no changes:", again.result);
    const changed = Object.entries(again.result.changes).filter(([op]) => op !== "same");
    if (changed.length > 0)
      throw new Error(`the second up changed something: ${JSON.stringify(again.result.changes)}`);
    const destroyed = await deployment.destroy();
    printRun("Destroying (dev):", destroyed);
    console.log("\nquickstart: OK");
  } finally {
    await host.close();
    await emulator.close();
    user.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(`\nquickstart FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
