/**
 * Fault injection, configured at runtime through `POST /__emulator/faults` or `setFaults()`. Each rate
 * is an independent probability per request; `actions` narrows every fault to those actions (`null`
 * or `[]` widens them to every action again). Settings merge: a key left out keeps its value, a rate
 * of 0 switches that fault off.
 */
import { z } from "zod";

const rate = z.number().min(0).max(1);

export const faultsSchema = z.strictObject({
  throttleRate: rate.optional(),
  serverErrorRate: rate.optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  lostResponseRate: rate.optional(),
  taskFailureRate: rate.optional(),
  actions: z.array(z.string().min(1)).nullable().optional(),
});
export type Faults = z.infer<typeof faultsSchema>;

export type FaultKind = "throttle" | "serverError" | "lostResponse" | "taskFailure" | "latency";

export class FaultInjector {
  private faults: Faults = {};
  readonly counts: Record<FaultKind, number> = {
    throttle: 0,
    serverError: 0,
    lostResponse: 0,
    taskFailure: 0,
    latency: 0,
  };

  constructor(private readonly random: () => number = Math.random) {}

  /** Merges new settings; a key given as 0 switches that fault off. */
  set(update: Faults): Faults {
    const merged: Faults = { ...this.faults, ...faultsSchema.parse(update) };
    if (merged.actions === null || merged.actions?.length === 0) delete merged.actions;
    this.faults = merged;
    return this.current();
  }

  /** Zeroes the injected-fault counters (the settings stay). */
  resetCounts(): void {
    for (const kind of Object.keys(this.counts) as FaultKind[]) this.counts[kind] = 0;
  }

  clear(): void {
    this.faults = {};
  }

  current(): Faults {
    return { ...this.faults };
  }

  private applies(action: string): boolean {
    return !this.faults.actions || this.faults.actions.includes(action);
  }

  /** Draws whether `kind` strikes this request; counts it when it does. */
  strikes(kind: Exclude<FaultKind, "latency">, action: string): boolean {
    const probability = this.faults[`${kind}Rate`] ?? 0;
    if (probability <= 0 || !this.applies(action)) return false;
    if (this.random() >= probability) return false;
    this.counts[kind]++;
    return true;
  }

  latencyFor(action: string): number {
    const latency = this.faults.latencyMs ?? 0;
    if (latency <= 0 || !this.applies(action)) return 0;
    this.counts.latency++;
    return latency;
  }

  total(): number {
    return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
  }
}
