/**
 * The retry policy for API calls: exponential backoff with full jitter, at least as long as the
 * service's `x-acs-retry-after`, bounded in attempts and in total time. Built on cockatiel (a
 * maintained resilience library) rather than a hand-written loop.
 *
 * What is retried (and why it is safe):
 * - throttling (Throttling, Throttling.User, Throttling.Api, RequestsTooFrequent) and 503
 *   ServiceUnavailable: decided before the operation runs, so any operation may be repeated;
 * - connection failures before the request left (ECONNREFUSED, DNS, connect timeout): likewise;
 * - 500 InternalError / other 5xx, resets and read timeouts after the request was sent: the outcome is
 *   unknown, so only operations whose repeat cannot create a second object are retried (see
 *   `Idempotency` in operations/define.ts). Name-keyed creates are repeated too: a repeat that finds
 *   the object answers ResourceAlreadyExists, which the resource layer resolves by reading it back.
 *   Creates that mint a server-side ID are not repeated; the resource layer looks the object up by
 *   its client-side marker instead (tags, ObjectId), so a lost response never yields a duplicate.
 */
import { DelegateBackoff, handleWhen, retry } from "cockatiel";
import type { Idempotency } from "../operations/define";
import { AlibabaApiError } from "./errors";

export interface RetrySettings {
  /** Total attempts, including the first. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** No new attempt starts after this much time has passed since the first. */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxAttempts: 8,
  initialDelayMs: 200,
  maxDelayMs: 10_000,
  maxElapsedMs: 120_000,
};

export function shouldRetry(error: unknown, idempotency: Idempotency): boolean {
  if (!(error instanceof AlibabaApiError) || !error.isRetryable()) return false;
  if (idempotency === "not-idempotent") return error.provablyNotExecuted();
  return true;
}

/** Full jitter (uniform in [0, cap]) over an exponential cap, never shorter than retry-after. */
export function backoffDelay(
  attempt: number,
  settings: RetrySettings,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const cap = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(random() * cap);
  return retryAfterMs !== undefined ? Math.max(jittered, retryAfterMs) : jittered;
}

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: AlibabaApiError;
}

export async function withRetry<T>(
  idempotency: Idempotency,
  fn: () => Promise<T>,
  settings: RetrySettings = DEFAULT_RETRY_SETTINGS,
  onRetry?: (event: RetryEvent) => void,
): Promise<T> {
  const started = Date.now();
  const remaining = () => settings.maxElapsedMs - (Date.now() - started);
  const policy = retry(
    handleWhen((error) => shouldRetry(error, idempotency) && remaining() > 0),
    {
      // cockatiel counts retries, not attempts.
      maxAttempts: Math.max(0, settings.maxAttempts - 1),
      backoff: new DelegateBackoff((context) => {
        const failure = context.result as { error?: unknown };
        const error = failure.error instanceof AlibabaApiError ? failure.error : undefined;
        const delay = backoffDelay(context.attempt, settings, error?.retryAfterMs);
        return Math.max(0, Math.min(delay, remaining()));
      }),
    },
  );
  if (onRetry) {
    policy.onRetry((event) => {
      if ("error" in event && event.error instanceof AlibabaApiError) {
        onRetry({ attempt: event.attempt, delayMs: event.delay, error: event.error });
      }
    });
  }
  return policy.execute(() => fn());
}
