/**
 * Scale: the mix stack (bench/mix.ts, 500 resources) applied with 16 steps in parallel through the
 * real host against the emulator enforcing 100 requests/s per project. Reported against the lower
 * bound that rate sets (rate-limited API calls ÷ 100/s), with the throttling answers the provider
 * absorbed and zero failures; then a second `up` of the same program, which must change nothing.
 */
import type { RunningEmulator } from "../emulator";
import { imm } from "../provider/operations";
import { runProgram } from "../tests/harness/program";
import { loadProvider, loadSdk, startStack, sum, type Stack } from "./env";
import { availableMix, mixProgram, type Mix } from "./mix";

export const PROJECT_QPS = 100;
const IMM_ACTIONS = new Set(Object.values(imm).map((op) => op.action));
const THROTTLE_CODES = new Set(["Throttling.User", "Throttling", "Throttling.Api", "RequestsTooFrequent"]);

export interface CallCounts {
  total: number;
  /** IMM calls the per-project limit applies to and that it admitted (CreateProject is not limited:
   * the project does not exist yet). */
  immLimited: number;
  ice: number;
  throttled: number;
  /** Calls that changed something (Create/Update/Delete/Submit/...). */
  writes: number;
  byAction: Record<string, number>;
}

const WRITE = /^(Create|Update|Delete|Suspend|Resume|Submit|Index|BatchIndex|Add|Remove)/;

export function callsBetween(
  before: ReturnType<RunningEmulator["stats"]>,
  after: ReturnType<RunningEmulator["stats"]>,
): CallCounts {
  const byAction: Record<string, number> = {};
  for (const [action, n] of Object.entries(after.requests)) {
    const d = n - (before.requests[action] ?? 0);
    if (d > 0) byAction[action] = d;
  }
  const throttled = sum(
    Object.entries(after.errors)
      .filter(([code]) => THROTTLE_CODES.has(code))
      .map(([code, n]) => n - (before.errors[code] ?? 0)),
  );
  const immCalls = sum(
    Object.entries(byAction)
      .filter(([a]) => IMM_ACTIONS.has(a) && a !== "CreateProject")
      .map(([, n]) => n),
  );
  return {
    total: sum(Object.values(byAction)),
    immLimited: immCalls - throttled,
    ice: sum(
      Object.entries(byAction)
        .filter(([a]) => !IMM_ACTIONS.has(a))
        .map(([, n]) => n),
    ),
    throttled,
    writes: sum(
      Object.entries(byAction)
        .filter(([a]) => WRITE.test(a))
        .map(([, n]) => n),
    ),
    byAction,
  };
}

export interface UpMeasure {
  ms: number;
  calls: CallCounts;
  changes: Record<string, number>;
  /** Provider-side retries, from the host's log lines (`...; retrying in N ms`). */
  retries: number;
  error?: string;
}

/** One `up` of the program on the stack, timed, with the emulator's counters around it. */
export async function measuredUp(
  stack: Stack,
  program: () => unknown,
  project = "bench",
): Promise<UpMeasure> {
  const before = stack.emulator.stats();
  const logStart = stack.host.stdout().length;
  const started = performance.now();
  let error: string | undefined;
  let changes: Record<string, number> = {};
  try {
    const run = await runProgram(program as () => Record<string, unknown>, stack.deployment, {
      project,
      stack: "bench",
    });
    changes = run.result.changes as Record<string, number>;
  } catch (e) {
    error = e instanceof Error ? e.message.split("\n")[0] : String(e);
    const last = stack.deployment.history[stack.deployment.history.length - 1];
    changes = (last?.changes ?? {}) as Record<string, number>;
  }
  const ms = performance.now() - started;
  const retries = (
    stack.host
      .stdout()
      .slice(logStart)
      .match(/; retrying in \d+ ms/g) ?? []
  ).length;
  return {
    ms,
    calls: callsBetween(before, stack.emulator.stats()),
    changes,
    retries,
    ...(error ? { error } : {}),
  };
}

export interface ScaleResult {
  mix: Mix;
  resources: number;
  parallel: number;
  providerQps: string;
  first: UpMeasure;
  lowerBoundMs: number;
  second: UpMeasure;
  /** The checkpoint after the first up, for the state measure. */
  checkpoint: { resources: Record<string, unknown>[] };
}

export async function runScale(opts: {
  total?: number;
  parallel?: number;
  /** Provider setting alicloud-media:queriesPerSecond; default the provider's own default. */
  providerQps?: number;
}): Promise<ScaleResult> {
  const sdk = loadSdk();
  const providerTypes = loadProvider().resourceTypes();
  const mix = availableMix(sdk, providerTypes, opts.total ?? 500);
  const parallel = opts.parallel ?? 16;
  const stack = await startStack({
    emulator: { projectQps: PROJECT_QPS },
    parallel,
    config: opts.providerQps ? { "alicloud-media:queriesPerSecond": String(opts.providerQps) } : {},
  });
  try {
    const program = mixProgram(sdk, mix);
    const first = await measuredUp(stack, program);
    const checkpoint = stack.deployment.exportState();
    const second = await measuredUp(stack, program);
    return {
      mix,
      resources: sum(Object.values(mix)),
      parallel,
      providerQps: opts.providerQps ? String(opts.providerQps) : "default",
      first,
      lowerBoundMs: (first.calls.immLimited / PROJECT_QPS) * 1000,
      second,
      checkpoint,
    };
  } finally {
    await stack.close();
  }
}
