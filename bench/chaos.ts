/**
 * Fault soak: the mix stack applied under injected faults (throttling, server errors, responses lost
 * after the write was committed, failed async tasks), then `up` again, as a user would, until an
 * apply succeeds. Either the faults stay on for every run (the repairs must work under the same
 * conditions) or they hit the first apply only (an incident, then a healthy service).
 *
 * Counted afterwards, with the faults off, from the emulator's own tables:
 * - duplicates: objects of a managed kind that no resource in the state points at (a create that
 *   happened twice leaves one), plus state entries sharing an object;
 * - lost: declared resources missing from the state, or whose object does not exist;
 * - a final `up` must find nothing to change.
 */
import type { Faults } from "../emulator";
import { loadProvider, loadSdk, startStack, sum } from "./env";
import { availableMix, declaredNames, mixProgram, RESOURCE_KINDS, type Mix } from "./mix";
import { measuredUp, PROJECT_QPS, type UpMeasure } from "./scale";

export const CHAOS_FAULTS: Faults = {
  throttleRate: 0.2,
  serverErrorRate: 0.05,
  lostResponseRate: 0.02,
  taskFailureRate: 0.05,
};

export interface ChaosResult {
  mix: Mix;
  resources: number;
  parallel: number;
  faults: Faults;
  runs: UpMeasure[];
  /** Runs after the first that were needed until one succeeded (undefined: never within maxRuns). */
  extraRuns: number | undefined;
  failedApplies: number;
  injected: Record<string, number>;
  duplicates: { type: string; ids: string[] }[];
  lost: string[];
  /** Without convergence: declared resources that no run got to create. */
  notCreatedYet: number;
  persistentFaults: boolean;
  /** Changes found by an `up` without faults afterwards (expected after convergence: all same). */
  finalChanges: Record<string, number>;
  finalError?: string;
}

export async function runChaos(opts: {
  total?: number;
  parallel?: number;
  maxRuns?: number;
  faults?: Faults;
  /**
   * true: the faults stay on for every run (the repairs must work under the same conditions);
   * false: they hit the first apply only, and the following runs meet a healthy service.
   */
  persistentFaults?: boolean;
}): Promise<ChaosResult> {
  const sdk = loadSdk();
  const mix = availableMix(sdk, loadProvider().resourceTypes(), opts.total ?? 500);
  const parallel = opts.parallel ?? 16;
  const faults = opts.faults ?? CHAOS_FAULTS;
  const stack = await startStack({ emulator: { projectQps: PROJECT_QPS }, parallel });
  try {
    const program = mixProgram(sdk, mix);
    stack.emulator.setFaults(faults);
    const runs: UpMeasure[] = [];
    const persistent = opts.persistentFaults ?? true;
    while (runs.length < (opts.maxRuns ?? 4)) {
      const run = await measuredUp(stack, program);
      runs.push(run);
      if (!persistent) stack.emulator.clearFaults();
      if (!run.error) break;
    }
    const injected = { ...stack.emulator.stats().injectedFaults };
    stack.emulator.clearFaults();
    const succeeded = runs.findIndex((r) => !r.error);

    // Duplicates and losses, from the emulator's tables against the state.
    const tables = stack.emulator.resources();
    const state = stack.deployment.state.filter((r) => !r.pendingDelete);
    const duplicates: ChaosResult["duplicates"] = [];
    for (const kind of RESOURCE_KINDS.filter((k) => mix[k.type])) {
      const typeToken = `alicloud-media/${kind.type}`;
      const ids = state.filter((r) => r.type.endsWith(typeToken)).map((r) => r.id);
      const rows = Object.entries((tables[kind.table] ?? {}) as Record<string, Record<string, unknown>>);
      const objectIds = rows.map(([key, row]) => kind.idOf(key, row));
      const orphans = objectIds.filter((id) => !ids.includes(id));
      const shared = ids.filter((id, i) => ids.indexOf(id) !== i);
      if (orphans.length + shared.length > 0)
        duplicates.push({ type: kind.type, ids: [...orphans, ...shared] });
    }
    const existing = new Set(
      RESOURCE_KINDS.flatMap((k) =>
        Object.entries((tables[k.table] ?? {}) as Record<string, Record<string, unknown>>).map(([key, row]) =>
          k.idOf(key, row),
        ),
      ),
    );
    // Declared resources missing from the state or from the service. Only meaningful once a run
    // succeeded: before, resources the failed runs never reached are simply not created yet.
    const missing = declaredNames(mix).filter((name) => {
      const r = stack.deployment.resource(name);
      return !r || !existing.has(r.id);
    });
    const final = await measuredUp(stack, program);
    return {
      mix,
      resources: sum(Object.values(mix)),
      parallel,
      faults,
      runs,
      extraRuns: succeeded < 0 ? undefined : succeeded,
      failedApplies: runs.filter((r) => r.error).length,
      injected,
      persistentFaults: persistent,
      duplicates,
      lost: succeeded < 0 ? [] : missing,
      notCreatedYet: succeeded < 0 ? missing.length : 0,
      finalChanges: final.changes,
      ...(final.error ? { finalError: final.error } : {}),
    };
  } finally {
    await stack.close();
  }
}
