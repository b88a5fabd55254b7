/**
 * Poll-until for asynchronous work (story tasks, bindings, batches, storyboard jobs): a fast first
 * interval growing to a cap, so short jobs are noticed quickly and long ones cost few calls; a
 * deadline; a progress callback for `pulumi.log`; and a timeout error naming what was awaited and the
 * last state seen.
 */

export interface WaitOptions<T> {
  /** What is awaited, for messages: e.g. `story task CreateStory-1234 in project p`. */
  what: string;
  poll: () => Promise<T>;
  /** The state to show in progress lines and errors. */
  describe: (state: T) => string;
  /** Done: the wait returns this state. */
  isDone: (state: T) => boolean;
  /** Failed: return a reason and the wait throws WaitFailedError. */
  failure?: (state: T) => string | undefined;
  timeoutMs: number;
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  growth?: number;
  onProgress?: (state: T, elapsedMs: number) => void;
  /** For tests: time and sleep sources. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastState: string,
  ) {
    super(
      `timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}; last state: ${lastState}. ` +
        `Raise waitTimeoutSeconds to wait longer; the next \`pulumi up\` picks the work up where it is.`,
    );
  }
}

export class WaitFailedError extends Error {
  override name = "WaitFailedError";
  constructor(
    readonly what: string,
    readonly reason: string,
  ) {
    super(`${what} failed: ${reason}`);
  }
}

export const DEFAULT_WAIT = { initialIntervalMs: 250, maxIntervalMs: 5_000, growth: 1.5 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const maxInterval = options.maxIntervalMs ?? DEFAULT_WAIT.maxIntervalMs;
  const growth = options.growth ?? DEFAULT_WAIT.growth;
  let interval = options.initialIntervalMs ?? DEFAULT_WAIT.initialIntervalMs;
  const started = now();
  const deadline = started + options.timeoutMs;
  let lastDescribed = "not polled yet";
  for (;;) {
    const state = await options.poll();
    lastDescribed = options.describe(state);
    const reason = options.failure?.(state);
    if (reason !== undefined) throw new WaitFailedError(options.what, reason);
    if (options.isDone(state)) return state;
    options.onProgress?.(state, now() - started);
    const left = deadline - now();
    if (left <= 0) throw new WaitTimeoutError(options.what, options.timeoutMs, lastDescribed);
    await sleep(Math.min(interval, left));
    interval = Math.min(maxInterval, interval * growth);
  }
}
