/**
 * Start-up of the provider plugin beside the dynamic-provider host: the engine starts one of them per
 * run (and per `pulumi preview`), so this is paid on every command. Measured from spawning the
 * process to (a) its port on standard output, (b) its first answered RPC (GetPluginInfo) and, for
 * the plugin, (c) its first Check of an imm:Project. The dynamic host loads our provider package only
 * on its first call (the serialized provider requires it): (d) is that load in a fresh Node process.
 *
 * Run: `npm run build && npm run build:tools && node build/tools/bench/plugin-startup.js`; rewrites
 * the "plugin-startup" section of bench/RESULTS.md.
 */
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  Empty,
  grpc,
  HOST_SCRIPT,
  providerProto,
  providerRpc,
  Struct,
} from "../tests/harness/pulumi-modules";
import { machine, median, percentile, REPO_ROOT } from "./env";
import { fmt, machineLine, table, writeSection } from "./results";

const RUNS = Number(process.env.BENCH_PLUGIN_RUNS ?? 10);
const PLUGIN = path.join(REPO_ROOT, "plugin/bin/pulumi-resource-alicloud-media");

interface Sample {
  portMs: number;
  infoMs: number;
  checkMs?: number;
}

type Client = InstanceType<typeof providerRpc.ResourceProviderClient>;

function unary<Req, Res>(send: (req: Req, cb: (error: Error | null, res: Res) => void) => unknown, req: Req) {
  return new Promise<Res>((resolve, reject) =>
    send(req, (error, res) => (error ? reject(error) : resolve(res))),
  );
}

async function sample(command: string, args: string[], check: boolean): Promise<Sample> {
  const started = performance.now();
  const child = spawn(command, [...args, "127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding("utf8").once("data", (line: string) => resolve(line.trim()));
      child.once("exit", (code) => reject(new Error(`${command} exited with ${code} before its port`)));
    });
    const portMs = performance.now() - started;
    const client: Client = new providerRpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    await unary(client.getPluginInfo.bind(client), new Empty());
    const infoMs = performance.now() - started;
    if (!check) return { portMs, infoMs };
    const request = new providerProto.CheckRequest();
    request.setUrn("urn:pulumi:dev::bench::alicloud-media:imm:Project::media");
    request.setType("alicloud-media:imm:Project");
    request.setName("media");
    request.setOlds(Struct.fromJavaScript({}));
    request.setNews(Struct.fromJavaScript({ description: "bench" }));
    await unary(client.check.bind(client), request);
    client.close();
    return { portMs, infoMs, checkMs: performance.now() - started };
  } finally {
    child.kill("SIGKILL");
  }
}

function providerLoadMs(): number {
  const script = `const t=performance.now();require(${JSON.stringify(path.join(REPO_ROOT, "dist/provider"))});console.log(performance.now()-t)`;
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
}

const cell = (values: number[]) =>
  values.length ? `${fmt.ms(median(values))} (p90 ${fmt.ms(percentile(values, 90))})` : "—";

async function main(): Promise<void> {
  const plugin: Sample[] = [];
  const dynamic: Sample[] = [];
  const loads: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    plugin.push(await sample(PLUGIN, [], true));
    dynamic.push(await sample(process.execPath, [HOST_SCRIPT], false));
    loads.push(providerLoadMs());
  }
  const rows = [
    [
      "provider plugin (pulumi-resource-alicloud-media)",
      cell(plugin.map((s) => s.portMs)),
      cell(plugin.map((s) => s.infoMs)),
      cell(plugin.flatMap((s) => s.checkMs ?? [])),
    ],
    [
      "dynamic-provider host (@pulumi/pulumi)",
      cell(dynamic.map((s) => s.portMs)),
      cell(dynamic.map((s) => s.infoMs)),
      "—",
    ],
    ["dynamic host's first call: loading dist/provider (fresh Node)", "—", "—", cell(loads)],
  ];
  writeSection(
    "plugin-startup",
    `## Plugin start-up

${machineLine(machine())}

${table(["process", "port printed", "first RPC answered", "first imm:Project check / provider load"], rows)}

${RUNS} runs of each, one after the other, from spawning the process (median, p90). The plugin loads the
specs and the gRPC server before it prints its port; the dynamic host prints its port first and loads
our provider package on its first call, so its start-up to a first check is about the sum of its two
rows. The plugin does not load \`@pulumi/pulumi\`'s runtime (only its generated protocol code), which
is most of the dynamic host's start-up. Code: \`bench/plugin-startup.ts\`.`,
  );
  console.log(rows.map((row) => row.join(" | ")).join("\n"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
