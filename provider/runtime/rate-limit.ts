/**
 * One process-wide request limiter. All dynamic resources of a stack run in one provider host process
 * and Pulumi runs many operations at once, so the limit must live in a module (shared through Node's
 * module cache), never in a serialized provider closure. IMM documents 100 queries per second per
 * project; requests are spaced per (product, project) key, defaulting to 80/s to leave headroom for
 * other callers on the same project. Bottleneck supplies the scheduling.
 */
import Bottleneck from "bottleneck";

export interface RateLimitSettings {
  /** Requests per second per key. */
  queriesPerSecond: number;
  /** Requests in flight per key. */
  maxConcurrent: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = { queriesPerSecond: 80, maxConcurrent: 16 };

let settings: RateLimitSettings = DEFAULT_RATE_LIMIT;
let group = createGroup(settings);

function createGroup(s: RateLimitSettings): Bottleneck.Group {
  return new Bottleneck.Group({
    minTime: Math.ceil(1000 / s.queriesPerSecond),
    maxConcurrent: s.maxConcurrent,
  });
}

export function configureRateLimit(next: Partial<RateLimitSettings>): void {
  const merged = { ...settings, ...next };
  if (
    merged.queriesPerSecond === settings.queriesPerSecond &&
    merged.maxConcurrent === settings.maxConcurrent
  )
    return;
  if (!(merged.queriesPerSecond > 0) || !(merged.maxConcurrent >= 1)) {
    throw new Error(
      `invalid rate limit: ${JSON.stringify(merged)} (queriesPerSecond > 0, maxConcurrent >= 1)`,
    );
  }
  settings = merged;
  group = createGroup(settings);
}

export function currentRateLimit(): RateLimitSettings {
  return settings;
}

/**
 * Operations the service limits below the per-key rate, per account (so across keys): ICE allows 30
 * SubmitMediaProducingJob requests per second (ICE API reference: SubmitMediaProducingJob, Limits).
 */
export const OPERATION_QUERIES_PER_SECOND: ReadonlyMap<string, number> = new Map([
  ["ice:SubmitMediaProducingJob", 30],
]);

const operationGroups = new Map(
  [...OPERATION_QUERIES_PER_SECOND].map(([operation, qps]) => [
    operation,
    new Bottleneck({ minTime: Math.ceil(1000 / qps) }),
  ]),
);

/**
 * Runs `fn` once the limiter for `key` lets it through, and, for an operation with its own documented
 * limit (`product:Action`), that operation's limiter too.
 */
export function limited<T>(key: string, fn: () => Promise<T>, operation?: string): Promise<T> {
  const own = operation === undefined ? undefined : operationGroups.get(operation);
  return own ? own.schedule(() => group.key(key).schedule(fn)) : group.key(key).schedule(fn);
}
