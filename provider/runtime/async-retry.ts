/**
 * Redoing asynchronous work (a story generation, a batch run, a storyboard job) that ended in a
 * failure with a transient cause, within the same apply: a bounded number of times, inside the wait
 * budget the resource already has, before the failure is reported as it would be without retries.
 *
 * The API calls themselves are retried by the client (retry.ts); this is the layer above: the call
 * succeeded, the work it started failed later, and the service says why with an error code. A code
 * that names the service's own trouble (InternalError, ServiceUnavailable, throttling) is worth
 * another run; one that names the request or the caller (bad input, not found, permission) would only
 * fail again, so it is reported at once. Without this, each such failure costs the user a whole extra
 * `pulumi up` (bench/RESULTS.md "Fault soak").
 */

import { isTransientServiceCode } from "./errors";

/** Further runs after the first one, at most (so 3 runs in all). */
export const ASYNC_RETRIES = 2;

/** Codes that name the request, the resource or the caller: another run fails the same way. */
const PERMANENT_PATTERNS = [
  /^(Invalid|Missing)/, // InvalidParameter, InvalidArgument, MissingParameter, …
  /NotFound$/, // ResourceNotFound, ProjectNotFound, InvalidApi.NotFound, …
  /AlreadyExists$/,
  /^(Forbidden|AccessDenied|OperationDenied|NoPermission|Unauthorized)/,
  /LimitExceeded|QuotaExceeded/,
  /^(SignatureDoesNotMatch|IncompleteSignature)/,
  /^HTTP4\d\d$/, // only a status, and it blames the request
];

/**
 * How to treat a code that is in neither list (or no code at all): "permanent" unless the work's own
 * documentation says its failures are usually passing ones (see the caller).
 */
export type UnlistedCodes = "transient" | "permanent";

/** Whether a failure reported with `code` is worth running the work again for. */
export function isTransientCode(code: string | undefined, unlisted: UnlistedCodes = "permanent"): boolean {
  if (code === undefined || code === "") return unlisted === "transient";
  if (isTransientServiceCode(code) || /^HTTP(5\d\d|429)$/.test(code)) return true;
  if (PERMANENT_PATTERNS.some((pattern) => pattern.test(code))) return false;
  return unlisted === "transient";
}

/**
 * The code in a failure reported as text, as IMM batches do
 * (`api returns error: SDKError: StatusCode: 404 Code: ResourceNotFound`); `HTTP<status>` when only
 * the status is given; undefined when neither is.
 */
export function codeInErrorText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const code = /\bCode:\s*([A-Za-z][\w.]*)/.exec(text)?.[1];
  if (code) return code;
  const status = /\bStatusCode:\s*(\d{3})\b/.exec(text)?.[1];
  return status === undefined ? undefined : `HTTP${status}`;
}

export interface RetryTransientOptions<T> {
  /** What is run, for the log: e.g. `story s1 in p/d`. */
  what: string;
  /** What a retry does, for the log: e.g. `generating it again (CreateStory on the same ObjectId)`. */
  redo: string;
  /** One run: attempt 1 is the first; later attempts redo the work (regenerate, resume). */
  run: (attempt: number) => Promise<T>;
  /** The failure code when `error` is the work's failure with a transient cause; else undefined. */
  transientCode: (error: unknown) => string | undefined;
  /** What is left of the resource's wait budget: no retry once it is spent. */
  remainingMs: () => number;
  log: (message: string) => void;
  /** Further runs at most; ASYNC_RETRIES by default. */
  retries?: number;
}

/**
 * Runs the work; on a failure with a transient cause, runs it again (logging the code and the
 * attempt), up to `retries` more times while budget is left. Any other error, and the last
 * transient one, is thrown as the run threw it, so callers report it exactly as before.
 */
export async function retryTransientFailures<T>(options: RetryTransientOptions<T>): Promise<T> {
  const retries = options.retries ?? ASYNC_RETRIES;
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.run(attempt);
    } catch (error) {
      const code = options.transientCode(error);
      if (code === undefined || attempt > retries || options.remainingMs() <= 0) throw error;
      options.log(
        `${options.what} failed with ${code}, a transient cause: ${options.redo} ` +
          `(attempt ${attempt + 1} of ${retries + 1})`,
      );
    }
  }
}
