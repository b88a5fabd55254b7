/**
 * What a product module (emulator/imm, emulator/ice) provides: its API version, one handler per
 * action, and the transitions its asynchronous work schedules. Handlers are synchronous functions of
 * the request and the store; they throw ApiError for documented failures.
 */
import type { ErrorStyle, Product } from "./errors";
import type { Params } from "./params";
import type { Store } from "./store";
import type { Timings } from "./timings";

/** What handlers and scheduled transitions see of the running emulator. */
export interface WorldContext {
  store: Store;
  /** Epoch ms "now": the request's arrival, or a scheduled transition's due time. */
  now: number;
  timings: Timings;
  style: ErrorStyle;
  /** Queues a transition `delayMs` after `now`. */
  schedule(delayMs: number, kind: string, payload: Record<string, unknown>): void;
  /** Whether the injected `taskFailureRate` fails the task being started by `action`. */
  taskFails(action: string): boolean;
  /** Deterministic-enough randomness for IDs; not used for anything a test asserts on. */
  random(): number;
}

export interface HandlerContext extends WorldContext {
  action: string;
  params: Params;
}

export type Handler = (ctx: HandlerContext) => Record<string, unknown>;
export type Transition = (ctx: WorldContext, payload: Record<string, unknown>) => void;

export interface ServiceDefinition {
  product: Product;
  version: string;
  handlers: Readonly<Record<string, Handler>>;
  transitions?: Readonly<Record<string, Transition>>;
  /**
   * The rate-limit bucket a request counts against and its limit (IMM: per project, from
   * `ProjectQueriesPerSecond`; ICE: per operation, a documented threshold), or undefined when the
   * request is not rate limited. `perProject` limits are the ones the `projectQps` setting overrides.
   */
  rateLimit?(ctx: HandlerContext): { bucket: string; limit: number; perProject?: boolean } | undefined;
}

/** A product's routing: handlers and transitions by name, in Maps so no name reaches a prototype. */
export interface Route {
  service: ServiceDefinition;
  handlers: ReadonlyMap<string, Handler>;
  transitions: ReadonlyMap<string, Transition>;
}

export const route = (service: ServiceDefinition): Route => ({
  service,
  handlers: new Map(Object.entries(service.handlers)),
  transitions: new Map(Object.entries(service.transitions ?? {})),
});
