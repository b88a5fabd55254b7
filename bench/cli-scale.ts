/**
 * Scale through the real Pulumi CLI: the same 500-resource mix as bench/scale.ts, as a program in a
 * scratch project, `pulumi up --skip-preview --parallel 16` on a local file backend against the
 * emulator's 100 requests/s per project, then a second up that must change nothing, then a destroy.
 * Beside the simulator's figures of the same run, the difference is what the real engine itself costs
 * (state snapshots, display, plugin handshakes) per resource.
 */
import fs from "node:fs";
import path from "node:path";
import { startEmulator } from "../emulator";
import { findPulumiTools, runPulumi } from "../scripts/pulumi-cli";
import { createUserProject, REPO_ROOT } from "../tests/harness/user-project";
import { loadProvider, loadSdk, sum, type Machine } from "./env";
import { availableMix, describeMix, type Mix } from "./mix";
import { fmt, machineLine, table } from "./results";
import { callsBetween, PROJECT_QPS, type CallCounts, type ScaleResult } from "./scale";

export interface CliRun {
  ms: number;
  calls: CallCounts;
}

export interface CliScaleResult {
  version: string;
  mix: Mix;
  resources: number;
  parallel: number;
  first: CliRun;
  second: CliRun;
  destroy: CliRun;
}

const KEY = { accessKeyId: "bench-key-id", accessKeySecret: "bench-key-secret" };

/** The program file: the mix of bench/mix.ts, built by the compiled bench module. */
function programSource(total: number): string {
  const mixModule = path.join(REPO_ROOT, "build/tools/bench/mix.js");
  return `const { availableMix, mixProgram } = require(${JSON.stringify(mixModule)});
const sdk = require("pulumi-alicloud-media");
const types = require("pulumi-alicloud-media/provider").resourceTypes();
module.exports = mixProgram(sdk, availableMix(sdk, types, ${total}));
`;
}

/** Undefined when no CLI is installed (`npm run pulumi:install`). */
export async function runCliScale(
  opts: { total?: number; parallel?: number } = {},
): Promise<CliScaleResult | undefined> {
  const tools = findPulumiTools();
  if (!tools) return undefined;
  const total = opts.total ?? 500;
  const parallel = opts.parallel ?? 16;
  const mix = availableMix(loadSdk(), loadProvider().resourceTypes(), total);
  const emulator = await startEmulator({ port: 0, projectQps: PROJECT_QPS, ...KEY });
  const user = createUserProject({ project: "bench" });
  try {
    fs.writeFileSync(path.join(user.dir, "index.js"), programSource(total));
    fs.writeFileSync(
      path.join(user.dir, "Pulumi.yaml"),
      "name: bench\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
    );
    fs.writeFileSync(
      path.join(user.dir, "Pulumi.bench.yaml"),
      `config:\n  alicloud-media:region: cn-shanghai\n  alicloud-media:immEndpoint: ${emulator.url}\n` +
        `  alicloud-media:iceEndpoint: ${emulator.url}\n  alicloud-media:accessKeyId: ${KEY.accessKeyId}\n` +
        `  alicloud-media:accessKeySecret: ${KEY.accessKeySecret}\n`,
    );
    for (const dir of [".state", ".home"]) fs.mkdirSync(path.join(user.dir, dir));
    const env = {
      ...process.env,
      PULUMI_HOME: path.join(user.dir, ".home"),
      PULUMI_BACKEND_URL: `file://${path.join(user.dir, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: "bench",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
    };
    const pulumi = (...args: string[]) =>
      runPulumi(tools, args, { cwd: user.dir, env, log: () => undefined, output: "ignore" });
    const timed = async (...args: string[]): Promise<CliRun> => {
      const before = emulator.stats();
      const started = performance.now();
      await pulumi(...args);
      return { ms: performance.now() - started, calls: callsBetween(before, emulator.stats()) };
    };
    const stack = [
      "--non-interactive",
      "--stack",
      "bench",
      "--yes",
      "--skip-preview",
      "--parallel",
      String(parallel),
    ];
    await pulumi("stack", "init", "bench", "--non-interactive");
    const first = await timed("up", ...stack);
    const second = await timed("up", "--expect-no-changes", ...stack);
    const destroy = await timed("destroy", ...stack);
    return {
      version: tools.version,
      mix,
      resources: sum(Object.values(mix)),
      parallel,
      first,
      second,
      destroy,
    };
  } finally {
    user.cleanup();
    await emulator.close();
  }
}

/** The RESULTS.md section: the real CLI beside the simulator's figures of the same run. */
export function cliScaleSection(m: Machine, cli: CliScaleResult | undefined, simulator: ScaleResult): string {
  if (!cli)
    return `## 2b. Scale through the real Pulumi CLI

${machineLine(m)}

Not measured: no Pulumi CLI was installed (\`npm run pulumi:install\` builds it).`;
  const perResource = (ms: number) => fmt.ms(ms / cli.resources);
  const engineCost = (cli.second.ms - simulator.second.ms) / cli.resources;
  const row = (name: string, run: CliRun, sim?: number) => [
    name,
    fmt.s(run.ms),
    sim === undefined ? "" : fmt.s(sim),
    sim === undefined ? "" : `${(run.ms / sim).toFixed(2)}×`,
    `${run.calls.total} (writes ${run.calls.writes}, throttled ${run.calls.throttled})`,
    perResource(run.ms),
  ];
  return `## 2b. Scale through the real Pulumi CLI

${machineLine(m)}

The same mix (${describeMix(cli.mix)}, ${cli.resources} resources) as a program in a scratch project,
\`pulumi up --skip-preview --parallel ${cli.parallel}\` with Pulumi ${cli.version} on a local file backend,
against the same emulator limit (${PROJECT_QPS} requests/s per project), beside the simulator's first default
run of section 2 (same process, same machine, measured minutes apart).

${table(
  ["run", "real CLI", "simulator", "CLI ÷ simulator", "API calls (CLI)", "CLI time per resource"],
  [
    row("first up", cli.first, simulator.first.ms),
    row("second up, no change", cli.second, simulator.second.ms),
    row("destroy", cli.destroy),
  ],
)}

What the real engine itself costs per resource, from the no-change runs (no API call in either):
${fmt.ms(engineCost)} (CLI ${perResource(cli.second.ms)} against the simulator's ${perResource(simulator.second.ms)}): the
CLI's start, the program run by Pulumi's own language runtime, the checkpoint written after each step,
and the display.`;
}
