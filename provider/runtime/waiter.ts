/**
 * Poll-until for asynchronous work (story tasks, bindings, batches, storyboard jobs): a fast first
 * interval growing to a cap, so short jobs are noticed quickly and long ones cost few calls; a
 * deadline; a progress callback for `pulumi.log`; and a timeout error naming what was awaited and the
 * last state seen.
 *
 * Without knowing how long the work takes, a poller trades calls for lag: to notice the end within
 * about 10 % of the work's duration, each interval may be at most ~20 % of the time waited so far
 * (DEFAULT_WAIT, bench/RESULTS.md "Waiting"), which costs more calls on long work than a fixed 5 s
 * poller. A `hint` from the polled state (a progress percentage, a start time) removes the trade-off:
 * the waiter sleeps until the estimated end and only then polls closely.
 *
 * Every wait of the process also ends when the provider host is told to stop (`stopAllWaits`, called
 * on SIGINT/SIGTERM): it throws WaitInterruptedError, a kind of WaitTimeoutError, so each resource
 * records the object it was waiting on as partial state exactly as after a time-out, and the next
 * `pulumi up` resumes the wait instead of creating the object again.
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
  /**
   * Optional: what the polled state says about the work's timing (see WaitHint). Specs supply it when
   * the API reports progress or a start time; `remainingFromProgress` computes the usual estimate.
   */
  hint?: (state: T, elapsedMs: number) => WaitHint | undefined;
  /** For tests: time and sleep sources. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface WaitHint {
  /**
   * Estimated time left, in ms. The waiter sleeps this long (within the deadline) and then polls at the
   * fastest interval again. Give a lower bound: an early poll costs one call, a late one costs lag.
   */
  remainingMs?: number;
  /**
   * How long the work has been running (e.g. now minus the task's StartTime). A wait resumed on old
   * work (the next `pulumi up` after a time-out) then polls at the interval that age deserves instead
   * of starting again at the fastest one.
   */
  ageMs?: number;
}

/** An estimate from little progress never looks further ahead than this many times the work's age. */
export const MAX_EXTRAPOLATION = 4;

/**
 * A conservative remaining-time estimate from a progress percentage reported as a whole number (as
 * IMM's GetTask `Progress`): the true progress may be up to one point higher, so the estimate assumes
 * it is; and from little progress it looks at most MAX_EXTRAPOLATION times the age ahead, because
 * there an error in the age (the poll's own latency) is multiplied many times (at 1 % by 49). Work
 * that progresses evenly is then never overslept by more than a few polls' latency. Undefined below
 * 1 % (nothing to extrapolate from) and at 100 %.
 */
export function remainingFromProgress(progressPercent: unknown, ageMs: number): number | undefined {
  if (typeof progressPercent !== "number" || !Number.isFinite(progressPercent) || !(ageMs > 0))
    return undefined;
  if (progressPercent < 1 || progressPercent >= 100) return undefined;
  const upper = Math.min(100, Math.floor(progressPercent) + 1);
  return Math.min((ageMs * (100 - upper)) / upper, ageMs * MAX_EXTRAPOLATION);
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

/**
 * The wait was cut short because the provider host is stopping. A WaitTimeoutError, so every handler
 * that records partial state on a time-out does so here too; lookups that treat a time-out as "not
 * found" must check for this first and give up instead of creating.
 */
export class WaitInterruptedError extends WaitTimeoutError {
  override name = "WaitInterruptedError";
  constructor(what: string, elapsedMs: number, lastState: string, signal: string) {
    super(what, elapsedMs, lastState);
    this.message =
      `the provider host was told to stop (${signal}) after ${Math.round(elapsedMs / 1000)}s of waiting for ` +
      `${what}; last state: ${lastState}. The work goes on in the service and is recorded in the stack: the ` +
      "next `pulumi up` picks it up where it is.";
  }
}

let stopped: { signal: string } | undefined;
const stopListeners = new Set<() => void>();

/** Ends every wait in progress, and every later one at once, with WaitInterruptedError. */
export function stopAllWaits(signal: string): void {
  if (stopped) return;
  stopped = { signal };
  for (const listener of [...stopListeners]) listener();
}

/** Whether stopAllWaits was called (the host is shutting down). */
export function waitsStopped(): boolean {
  return stopped !== undefined;
}

/** For tests that stop waits in their own process: lets later waits run again. */
export function resumeWaitsForTests(): void {
  stopped = undefined;
}

/** Sleeps `ms`, or less when the waits are stopped meanwhile. */
function sleepUnlessStopped(sleep: (ms: number) => Promise<void>, ms: number): Promise<void> {
  if (stopped) return Promise.resolve();
  let listener: () => void = () => {};
  const cut = new Promise<void>((resolve) => {
    listener = resolve;
    stopListeners.add(listener);
  });
  return Promise.race([sleep(ms), cut]).finally(() => stopListeners.delete(listener));
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

// Each interval is 200 ms + 15 % of the time waited so far (growth 1.15), so the end of the work is
// noticed within ~7.5 % of its duration + 100 ms (median), inside the 10 % + 200 ms aim once a poll's
// own latency is added (bench/RESULTS.md "Waiting"); see the header for the cost in calls.
export const DEFAULT_WAIT = { initialIntervalMs: 200, maxIntervalMs: 5_000, growth: 1.15 };
/** A hint never makes the waiter sleep longer than this between two polls. */
export const MAX_HINTED_SLEEP_MS = 10 * 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function interrupted(what: string, elapsedMs: number, lastState: string): WaitInterruptedError {
  return new WaitInterruptedError(what, elapsedMs, lastState, stopped?.signal ?? "stop");
}

export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const now = options.now ?? Date.now;
  const baseSleep = options.sleep ?? realSleep;
  const sleep = (ms: number) => sleepUnlessStopped(baseSleep, ms);
  const maxInterval = options.maxIntervalMs ?? DEFAULT_WAIT.maxIntervalMs;
  const growth = options.growth ?? DEFAULT_WAIT.growth;
  const initial = options.initialIntervalMs ?? DEFAULT_WAIT.initialIntervalMs;
  let interval = initial;
  const started = now();
  const deadline = started + options.timeoutMs;
  let lastDescribed = "not polled yet";
  let polls = 0;
  for (;;) {
    const state = await options.poll();
    polls++;
    lastDescribed = options.describe(state);
    const reason = options.failure?.(state);
    if (reason !== undefined) throw new WaitFailedError(options.what, reason);
    if (options.isDone(state)) return state;
    const elapsed = now() - started;
    // After a stop every wait still polls once (work already done is reported as done), then ends.
    if (stopped) throw interrupted(options.what, elapsed, lastDescribed);
    options.onProgress?.(state, elapsed);
    const left = deadline - now();
    if (left <= 0) throw new WaitTimeoutError(options.what, options.timeoutMs, lastDescribed);
    const hint = options.hint?.(state, elapsed);
    const remaining = hint?.remainingMs;
    if (remaining !== undefined && Number.isFinite(remaining) && remaining > initial) {
      // Sleep until the estimated end, then poll closely: the estimate was the expensive part.
      await sleep(Math.min(remaining, MAX_HINTED_SLEEP_MS, left));
      interval = initial;
      continue;
    }
    const age = hint?.ageMs;
    if (polls === 1 && age !== undefined && Number.isFinite(age) && age > elapsed) {
      // Resumed on old work: start at the interval a wait of that age would have reached. Only at the
      // start: later the schedule (and the end-of-work approach after a hinted sleep) is the waiter's.
      interval = Math.max(interval, Math.min(maxInterval, age * (growth - 1)));
    }
    await sleep(Math.min(interval, left));
    interval = Math.min(maxInterval, interval * growth);
  }
}
