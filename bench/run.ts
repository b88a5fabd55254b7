/**
 * `npm run bench` (waiting, scale, state, overhead) and `npm run chaos` (fault soak): runs the
 * measures one after the other (so they do not compete for the two cores), prints progress, and
 * rewrites their sections of bench/RESULTS.md. Exits non-zero when a measure fails outright (an
 * error, a failed apply where none is allowed), not when a figure misses its aim: RESULTS.md says so.
 */
import { runChaos, type ChaosResult } from "./chaos";
import { cliScaleSection, runCliScale } from "./cli-scale";
import { loadProvider, machine, median, percentile, type Machine } from "./env";
import { describeMix } from "./mix";
import { runOverhead, type OverheadRow } from "./overhead";
import { fmt, machineLine, RESULTS_FILE, table, writeSection } from "./results";
import { PROJECT_QPS, runScale, type ScaleResult } from "./scale";
import { runState, type StateResult } from "./state";
import { FIXED_POLL_MS, meetsAim, runWaiting, type WaitingRow } from "./waiting";

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

function schedule(): string {
  const w = loadProvider().runtime.DEFAULT_WAIT;
  return `${w.initialIntervalMs} ms growing ×${w.growth} to a ${w.maxIntervalMs / 1000} s cap`;
}

function waitingSection(m: Machine, rows: WaitingRow[]): string {
  const body = table(
    [
      "awaited",
      "duration",
      "samples",
      "provider: median lag (p90)",
      "provider: polls per create",
      "fixed 5 s: median lag",
      "fixed 5 s: polls",
      "aim: lag < 10 % + 200 ms",
      "aim: fewer polls",
    ],
    rows.map((r) => {
      const aim = meetsAim(r);
      return [
        r.kind,
        fmt.s(r.durationMs),
        r.samples,
        `${fmt.ms(median(r.providerLagMs))} (${fmt.ms(percentile(r.providerLagMs, 90))})`,
        fmt.n(r.providerPolls),
        fmt.ms(median(r.fixedLagMs)),
        fmt.n(r.fixedPolls),
        aim.lag ? "yes" : `no (${fmt.ms(0.1 * r.durationMs + 200)})`,
        aim.calls ? "yes" : "no",
      ];
    }),
  );
  const failures = rows.flatMap((r) => r.failures);
  return `## 1. Waiting for asynchronous work

${machineLine(m)}

${body}

Lag = \`create\` returning (the host's gRPC answer) minus the moment the work was due to finish in the
emulator (arrival of the create request at the emulator + that object's emulated duration). Each
object's duration is drawn within ±10 % of the nominal one so neither poller profits from the
duration falling on its grid; durations and kinds run concurrently, each side on its own emulator.
Polls = calls of the kind's poll action (GetBinding, GetTask, GetBatch, GetYikeStoryboardJob, GetMediaProducingJob) per
create, from the emulator's counters; the provider's creates make other calls too (see Overhead).
The fixed poller creates the same object through the same client and polls every ${FIXED_POLL_MS / 1000} s.
Provider schedule without a hint: first poll at once, then ${schedule()}
(provider/runtime/waiter.ts). Without knowing the work's length no schedule can notice its end within
10 % and also poll less than every 5 s on long work; a spec that passes a \`hint\` (remaining time from
a progress field, see \`remainingFromProgress\`) sleeps until the estimated end instead.
${failures.length ? `\nFailures: ${failures.length} (first: ${failures[0]})\n` : ""}`;
}

function scaleSection(m: Machine, runs: ScaleResult[]): string {
  const rows = runs.flatMap((r) => [
    [
      `first up (provider limit ${r.providerQps === "default" ? "default 80/s" : `${r.providerQps}/s`})`,
      r.resources,
      r.parallel,
      fmt.s(r.first.ms),
      `${fmt.s(r.lowerBoundMs)} (${(r.first.ms / r.lowerBoundMs).toFixed(2)}×)`,
      `${r.first.calls.total} (${r.first.calls.immLimited} IMM limited, ${r.first.calls.ice} ICE)`,
      r.first.calls.throttled,
      r.first.retries,
      r.first.error ? `1: ${r.first.error}` : "0",
      JSON.stringify(r.first.changes),
    ],
    [
      "second up, no change",
      r.resources,
      r.parallel,
      fmt.s(r.second.ms),
      "",
      `${r.second.calls.total} (writes ${r.second.calls.writes})`,
      r.second.calls.throttled,
      r.second.retries,
      r.second.error ? `1: ${r.second.error}` : "0",
      JSON.stringify(r.second.changes),
    ],
  ]);
  const calls = runs[0]
    ? Object.entries(runs[0].first.calls.byAction)
        .sort((a, b) => b[1] - a[1])
        .map(([a, n]) => `${a} ${n}`)
        .join(", ")
    : "";
  return `## 2. Scale

${machineLine(m)}

Mix: ${runs[0] ? describeMix(runs[0].mix) : "n/a"}, in one IMM project; emulator limit ${PROJECT_QPS} requests/s per project.

${table(
  [
    "run",
    "resources",
    "parallel",
    "time",
    "lower bound (IMM calls ÷ 100/s)",
    "API calls",
    "throttled answers absorbed",
    "provider retries",
    "failures",
    "steps",
  ],
  rows,
)}

Lower bound = IMM calls the per-project limit applies to and admitted (all IMM calls but CreateProject
and the throttled ones) ÷ ${PROJECT_QPS}/s; ICE calls are not limited per project. The provider's own limiter
defaults to 80 requests/s per project (headroom for other callers of the same project); the second
configuration sets \`alicloud-media:queriesPerSecond: 100\`. Calls of the first default run by action: ${calls}.
The no-change run makes no API call: \`diff\` works from state alone. Its time is the engine protocol:
the program serializing each resource's \`__provider\` under mocks (≈3–4 s for 500 here) and one Check
and one Diff per resource through the host (see Overhead for the per-call cost).
`;
}

function stateSection(m: Machine, s: StateResult): string {
  return `## 3. State

${machineLine(m)}

${table(
  ["type", "resources", "`__provider` bytes", "average bytes per resource in the checkpoint"],
  s.perType.map((t) => [t.type, t.count, fmt.bytes(t.providerBytes), fmt.bytes(t.avgResourceBytes)]),
)}

Checkpoint of the ${s.resources}-resource scale stack, as \`pulumi stack export\` writes it (JSON indented by
4): ${fmt.bytes(s.checkpointBytes)}, of which \`__provider\` (stored in each resource's inputs and outputs)
is ${(s.providerShare * 100).toFixed(1)} %.

Same \`__provider\` from two package versions (${s.versions.current} and ${s.versions.other}, the latter with a changed
provider module):

${table(
  ["type", "identical", "sha256 (first 16 hex)"],
  s.identical.map((i) => [i.type, i.same ? "yes" : "NO", i.sha256]),
)}
`;
}

function overheadSection(m: Machine, rows: OverheadRow[]): string {
  return `## 4. Provider overhead

${machineLine(m)}

${table(
  [
    "type",
    "samples",
    "check",
    "diff",
    "create: provider's own time",
    "create: API time (calls)",
    "through the host: check",
    "through the host: diff",
  ],
  rows.map((r) => [
    r.type,
    r.samples,
    fmt.ms(r.checkMs),
    fmt.ms(r.diffMs),
    fmt.ms(r.createOwnMs),
    `${fmt.ms(r.createApiMs)} (${fmt.n(r.createCalls)})`,
    fmt.ms(r.hostCheckMs),
    fmt.ms(r.hostDiffMs),
  ]),
)}

Medians. The built provider (dist/provider) is called in-process through \`dispatch\`, one call at a
time, with the process-wide rate limiter lifted (its spacing is waiting, not work) and an emulator
whose async work takes no time. Own time = wall time minus the time HTTP requests were in flight
(Node's HTTP client diagnostics channels): encoding, signing, response validation, the lifecycle and
the spec's logic. "Through the host" is the same check and diff sent over gRPC to the real
dynamic-provider host: Struct conversion and the host's handling of \`__provider\`, which is
@pulumi/pulumi's cost per call, not the provider's.
`;
}

function chaosTable(c: ChaosResult): string {
  const rows = c.runs.map((r, i) => [
    i === 0 ? "first up" : `extra up ${i}${c.persistentFaults ? "" : " (faults off)"}`,
    fmt.s(r.ms),
    JSON.stringify(r.changes),
    r.calls.total,
    r.calls.throttled,
    r.retries,
    r.error ? `failed: ${r.error.slice(0, 400)}` : "succeeded",
  ]);
  const duplicates = c.duplicates.map((d) => `${d.type}: ${d.ids.length} (${d.ids.join(", ")})`).join("; ");
  return `${table(["run", "time", "steps", "API calls", "throttled", "provider retries", "outcome"], rows)}

${table(
  ["measure", "result", "goal"],
  [
    ["duplicates (objects no resource in the state owns, or owned twice)", duplicates || "0", "0"],
    [
      "lost declared resources",
      c.extraRuns === undefined
        ? `n/a: not converged (${c.notCreatedYet} not created yet)`
        : c.lost.join(", ") || "0",
      "0",
    ],
    ["failed applies", c.failedApplies, ""],
    [
      "extra `up` runs needed to converge",
      c.extraRuns === undefined ? `not converged in ${c.runs.length} runs` : c.extraRuns,
      "≤ 1",
    ],
    [
      "then an `up` without faults",
      `${JSON.stringify(c.finalChanges)}${c.finalError ? `, failed: ${c.finalError.slice(0, 200)}` : ""}`,
      "all same",
    ],
    ["faults injected", JSON.stringify(c.injected), ""],
  ],
)}`;
}

function chaosSection(m: Machine, persistent: ChaosResult, incident: ChaosResult): string {
  return `## Fault soak (npm run chaos)

${machineLine(m)}

Mix: ${describeMix(persistent.mix)} (${persistent.resources} resources), ${persistent.parallel} in parallel, emulator limit
${PROJECT_QPS}/s per project. Faults: ${Object.entries(persistent.faults)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}.

### A. An incident: faults during the first apply, then a healthy service

${chaosTable(incident)}

### B. Faults on for every run

${chaosTable(persistent)}

Duplicates are counted from the emulator's tables: every object of a managed kind must be the object
of exactly one resource in the state. A failed apply stops starting new steps (as \`pulumi up\` does
without --continue-on-error) and the next run picks up from the recorded partial states, so under
persistent faults each run gets about as far as the first failure lets it.
`;
}

/** The scale measure through the simulator (two limiter settings) and through the real CLI. */
async function scales(m: Machine): Promise<{ scaleDefault: ScaleResult; scale100: ScaleResult }> {
  log("scale: 500 resources, 16 in parallel, provider limit default");
  const scaleDefault = await runScale({});
  log(`  first up ${fmt.s(scaleDefault.first.ms)}, second ${fmt.s(scaleDefault.second.ms)}`);
  log("scale: the same with alicloud-media:queriesPerSecond 100");
  const scale100 = await runScale({ providerQps: 100 });
  log(`  first up ${fmt.s(scale100.first.ms)}, second ${fmt.s(scale100.second.ms)}`);
  writeSection("scale", scaleSection(m, [scaleDefault, scale100]));
  log("scale through the real CLI: the same 500 resources, pulumi up --parallel 16");
  const cliScale = await runCliScale();
  log(
    cliScale
      ? `  first up ${fmt.s(cliScale.first.ms)}, second ${fmt.s(cliScale.second.ms)}`
      : "  no CLI installed",
  );
  writeSection("cli-scale", cliScaleSection(m, cliScale, scaleDefault));
  return { scaleDefault, scale100 };
}

async function bench(): Promise<void> {
  const m = machine();
  log("waiting: every async kind at 0.5, 2, 10 and 60 s (about 80 s)");
  const waiting = await runWaiting();
  writeSection("waiting", waitingSection(m, waiting));
  const { scaleDefault, scale100 } = await scales(m);
  log("state: checkpoint sizes and __provider across versions");
  const state = await runState(scaleDefault.checkpoint);
  writeSection("state", stateSection(m, state));
  log("overhead: check, diff, create per type");
  const overhead = await runOverhead(20);
  writeSection("overhead", overheadSection(m, overhead));
  log(`written ${RESULTS_FILE}`);
  const failed =
    waiting.some((r) => r.failures.length > 0) ||
    [scaleDefault, scale100].some((s) => s.first.error || s.second.error) ||
    state.identical.some((i) => !i.same);
  if (failed) {
    console.error("bench: a measure failed (see RESULTS.md)");
    process.exitCode = 1;
  }
}

async function chaos(): Promise<void> {
  const m = machine();
  log("chaos A: 500 resources, faults during the first apply only, then up until an apply succeeds");
  const incident = await runChaos({ persistentFaults: false, maxRuns: 4 });
  log(
    `  duplicates ${incident.duplicates.length} kinds, extra runs ${incident.extraRuns ?? "not converged"}`,
  );
  log("chaos B: 500 resources, faults on for every run (up to 12 runs)");
  const persistent = await runChaos({ persistentFaults: true, maxRuns: 12 });
  log(
    `  duplicates ${persistent.duplicates.length} kinds, extra runs ${persistent.extraRuns ?? "not converged"}`,
  );
  writeSection("chaos", chaosSection(m, persistent, incident));
  log(`written ${RESULTS_FILE}`);
  const bad = (r: ChaosResult) => r.duplicates.length > 0 || r.lost.length > 0 || r.extraRuns === undefined;
  if (bad(incident) || bad(persistent)) process.exitCode = 1;
}

const which = process.argv[2];
const scaleOnly = async () => {
  const { scaleDefault, scale100 } = await scales(machine());
  if ([scaleDefault, scale100].some((s) => s.first.error || s.second.error)) process.exitCode = 1;
};
const main =
  which === "chaos" ? chaos : which === "bench" ? bench : which === "scale" ? scaleOnly : undefined;
if (!main) {
  console.error("usage: node build/tools/bench/run.js bench|scale|chaos");
  process.exitCode = 2;
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
