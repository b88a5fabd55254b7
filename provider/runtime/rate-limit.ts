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

/** Runs `fn` once the limiter for `key` lets it through. */
export function limited<T>(key: string, fn: () => Promise<T>): Promise<T> {
  return group.key(key).schedule(fn);
}
