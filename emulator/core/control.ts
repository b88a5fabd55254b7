/**
 * What the admin endpoints drive: the running emulator seen through an interface, so that the admin
 * module and the HTTP server do not import each other (the server implements it, admin uses it).
 */
import type { FaultInjector } from "./faults";
import type { Timings } from "./timings";

export interface EmulatorStats {
  requests: Record<string, number>;
  errors: Record<string, number>;
  rejectedSignatures: number;
  injectedFaults: Record<string, number> & { total: number };
}

export interface EmulatorControl {
  /** Required on every admin request when set (`Authorization: Bearer <token>`). */
  readonly adminToken: string | undefined;
  readonly faults: FaultInjector;
  getStats(): EmulatorStats;
  getTimings(): Timings;
  setTimings(update: Partial<Timings>): Timings;
  /** Forgets every resource, counter and fault setting. */
  reset(): void;
  /** Every resource table as JSON, at the current time. */
  resources(): Record<string, Record<string, unknown>>;
}
