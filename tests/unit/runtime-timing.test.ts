/**
 * The runtime's timing and configuration rules at their edges: the waiter's schedule, hints and
 * host-stop handling (on a fake clock), the API retry policy's backoff and retry events, the
 * process-wide rate limiter's reconfiguration and per-operation limit, the async-retry code rules,
 * and provider settings' validation messages.
 */
import {
  AlibabaApiError,
  backoffDelay,
  configureRateLimit,
  currentRateLimit,
  DEFAULT_RATE_LIMIT,
  endpointFor,
  limited,
  parseEndpoint,
  remainingFromProgress,
  resolveSettings,
  resumeWaitsForTests,
  SettingsError,
  stopAllWaits,
  waitFor,
  WaitFailedError,
  WaitInterruptedError,
  waitsStopped,
  WaitTimeoutError,
  withRetry,
  type RetryEvent,
  type WaitHint,
  type WaitOptions,
} from "../../provider/runtime";
import { codeInErrorText, isTransientCode } from "../../provider/runtime/async-retry";
import { redact } from "../../provider/runtime/redact";

/** A fake clock that does not start at 0, so elapsed times are told apart from absolute ones. */
function fakeClock(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => void (t += ms),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

type State = { n: number };

/** A wait on work that is done at poll `doneAt`; each poll itself takes `pollMs` on the clock. */
function wait(
  clock: ReturnType<typeof fakeClock>,
  doneAt: number,
  extra: Partial<WaitOptions<State>> & { pollMs?: number } = {},
): Promise<State> {
  let n = 0;
  return waitFor<State>({
    what: "task T1 in project p",
    poll: async () => {
      clock.advance(extra.pollMs ?? 0);
      return { n: ++n };
    },
    describe: (s) => `Running (poll ${s.n})`,
    isDone: (s) => s.n >= doneAt,
    timeoutMs: 60_000,
    initialIntervalMs: 100,
    maxIntervalMs: 5_000,
    growth: 2,
    now: clock.now,
    sleep: clock.sleep,
    ...extra,
  });
}

describe("waitFor: schedule and hints", () => {
  it("reports elapsed time since the wait began, not the clock's absolute time", async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    await wait(clock, 4, { onProgress: (_s, elapsed) => seen.push(elapsed) });
    expect(seen).toEqual([0, 100, 300]);
  });

  it.each<[string, (s: State, elapsed: number) => WaitHint | undefined, number[]]>([
    ["a remaining time equal to the first interval", () => ({ remainingMs: 100 }), [100, 200, 400]],
    ["a remaining time below the first interval", () => ({ remainingMs: 50 }), [100, 200, 400]],
    ["an infinite remaining time", () => ({ remainingMs: Infinity }), [100, 200, 400]],
    ["an infinite age", () => ({ ageMs: Infinity }), [100, 200, 400]],
    [
      "an age first reported on the second poll",
      (s) => (s.n === 2 ? { ageMs: 1e6 } : undefined),
      [100, 200, 400],
    ],
  ])("ignores %s and keeps the growing schedule", async (_name, hint, sleeps) => {
    const clock = fakeClock();
    await wait(clock, 4, { hint });
    expect(clock.sleeps).toEqual(sleeps);
  });

  it("sleeps a remaining time just above the first interval, then polls closely again", async () => {
    const clock = fakeClock();
    await wait(clock, 4, { hint: () => ({ remainingMs: 101 }) });
    expect(clock.sleeps).toEqual([101, 101, 101]);
  });

  it("starts old work at age × (growth − 1), only when the age exceeds the time already waited", async () => {
    const old = fakeClock();
    await wait(old, 3, { growth: 1.5, maxIntervalMs: 10_000, hint: () => ({ ageMs: 1_000 }) });
    expect(old.sleeps).toEqual([500, 750]);

    // The first poll itself took 2 s, and the work is exactly that old: nothing to catch up on.
    const fresh = fakeClock();
    await wait(fresh, 3, { pollMs: 2_000, hint: (_s, elapsed) => ({ ageMs: elapsed }) });
    expect(fresh.sleeps).toEqual([100, 200]);
  });

  it("names the errors and says what to do", async () => {
    const timeout = await wait(fakeClock(), Infinity, { timeoutMs: 2_500 }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(WaitTimeoutError);
    expect((timeout as Error).name).toBe("WaitTimeoutError");
    expect((timeout as Error).message).toBe(
      "timed out after 3s waiting for task T1 in project p; last state: Running (poll 6). " +
        "Raise waitTimeoutSeconds to wait longer; the next `pulumi up` picks the work up where it is.",
    );

    const failed = await wait(fakeClock(), Infinity, {
      failure: (s) => (s.n === 2 ? "bucket not found" : undefined),
    }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WaitFailedError);
    expect((failed as Error).name).toBe("WaitFailedError");
    expect((failed as Error).message).toBe("task T1 in project p failed: bucket not found");
  });
});

describe("remainingFromProgress", () => {
  it("gives no estimate from a progress that is not a finite number", () => {
    expect(remainingFromProgress(NaN, 1_000)).toBeUndefined();
    expect(remainingFromProgress("50", 1_000)).toBeUndefined();
    expect(remainingFromProgress(50, NaN)).toBeUndefined();
  });
});

describe("stopAllWaits", () => {
  afterEach(() => resumeWaitsForTests());

  it("cuts a wait that is sleeping, with the signal, the time waited and the last state", async () => {
    const clock = fakeClock();
    const pending: Array<() => void> = [];
    let polls = 0;
    const result = waitFor({
      what: "story s1",
      poll: async () => (clock.advance(1), { n: ++polls }),
      describe: (s) => `Running (poll ${s.n})`,
      isDone: () => false,
      timeoutMs: 10_000,
      now: clock.now,
      sleep: () => new Promise<void>((resolve) => pending.push(resolve)),
    }).catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    expect(pending).toHaveLength(1);
    expect(waitsStopped()).toBe(false);

    clock.advance(2_600);
    stopAllWaits("SIGTERM");
    stopAllWaits("SIGINT"); // the first stop is the one reported
    expect(waitsStopped()).toBe(true);
    // Settled without the sleep ever ending: the stop cut it.
    const settled = await Promise.race([result, new Promise((r) => setImmediate(() => r("still waiting")))]);
    pending.forEach((resolve) => resolve());
    expect(settled).toBeInstanceOf(WaitInterruptedError);
    expect(settled).toBeInstanceOf(WaitTimeoutError);
    const error = settled as WaitInterruptedError;
    expect(error.name).toBe("WaitInterruptedError");
    expect(error.message).toBe(
      "the provider host was told to stop (SIGTERM) after 3s of waiting for story s1; last state: " +
        "Running (poll 2). The work goes on in the service and is recorded in the stack: the next " +
        "`pulumi up` picks it up where it is.",
    );
    expect(polls).toBe(2); // one last poll after the stop
  });

  it("ends later waits after one poll, returning work already done, without sleeping", async () => {
    stopAllWaits("SIGINT");
    const clock = fakeClock();
    await expect(wait(clock, 1)).resolves.toEqual({ n: 1 });
    const error = await wait(clock, 2, { pollMs: 1_400 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^the provider host was told to stop \(SIGINT\) after 1s of waiting/,
    );
    expect(clock.sleeps).toEqual([]);
  });

  it("does not sleep once a stop arrives while the wait reports progress", async () => {
    const clock = fakeClock();
    const error = await wait(clock, 5, { onProgress: () => stopAllWaits("SIGTERM") }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WaitInterruptedError);
    expect(clock.sleeps).toEqual([]);
  });

  it("says 'stop' when no signal was named", async () => {
    stopAllWaits(undefined as unknown as string);
    const error = await wait(fakeClock(), 2).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^the provider host was told to stop \(stop\) after 0s/);
  });

  it("lets waits run again after resumeWaitsForTests", async () => {
    stopAllWaits("SIGTERM");
    resumeWaitsForTests();
    expect(waitsStopped()).toBe(false);
    const clock = fakeClock();
    await expect(wait(clock, 3)).resolves.toEqual({ n: 3 });
    expect(clock.sleeps).toEqual([100, 200]);
  });
});

describe("backoffDelay", () => {
  const settings = { maxAttempts: 8, initialDelayMs: 200, maxDelayMs: 10_000, maxElapsedMs: 60_000 };
  it("scales the jitter over a cap that doubles per attempt", () => {
    expect(backoffDelay(1, settings, undefined, () => 0.5)).toBe(100);
    expect(backoffDelay(3, settings, undefined, () => 0.5)).toBe(400);
    expect(backoffDelay(3, settings, 900, () => 0.5)).toBe(900);
    expect(backoffDelay(10, settings, undefined, () => 0.5)).toBe(5_000);
  });
});

describe("withRetry", () => {
  const throttled = (retryAfterMs?: number) =>
    new AlibabaApiError({
      action: "GetTask",
      kind: "api",
      code: "Throttling.User",
      apiMessage: "slow down",
      httpStatus: 400,
      retryAfterMs,
    });
  /** Fails with the given errors in turn, then answers "ok". */
  const failing = (errors: AlibabaApiError[]) => {
    let calls = 0;
    const fn = async () => {
      const error = errors[calls++];
      if (error) throw error;
      return "ok";
    };
    return { fn, calls: () => calls };
  };
  afterEach(() => jest.restoreAllMocks());

  it("tells the caller of each retry: attempt, delay (the service's retry-after) and error", async () => {
    const errors = [throttled(3), throttled(4)];
    const { fn, calls } = failing(errors);
    const events: RetryEvent[] = [];
    const settings = { maxAttempts: 3, initialDelayMs: 0, maxDelayMs: 0, maxElapsedMs: 60_000 };
    await expect(withRetry("idempotent", fn, settings, (e) => events.push(e))).resolves.toBe("ok");
    expect(calls()).toBe(3);
    expect(events).toEqual([
      { attempt: 1, delayMs: 3, error: errors[0] },
      { attempt: 2, delayMs: 4, error: errors[1] },
    ]);
  });

  it("retries while time is left (delays clamped to it), and not once none is", async () => {
    jest.spyOn(Date, "now").mockReturnValue(5_000_000);
    const events: RetryEvent[] = [];
    const settings = { maxAttempts: 8, initialDelayMs: 0, maxDelayMs: 0, maxElapsedMs: 1 };
    const some = failing([throttled(50), throttled(50)]);
    await expect(withRetry("idempotent", some.fn, settings, (e) => events.push(e))).resolves.toBe("ok");
    expect(events.map((e) => e.delayMs)).toEqual([1, 1]);

    const error = throttled();
    const none = failing([error]);
    await expect(withRetry("idempotent", none.fn, { ...settings, maxElapsedMs: 0 })).rejects.toBe(error);
    expect(none.calls()).toBe(1);
  });
});

describe("rate limiter", () => {
  afterAll(() => configureRateLimit(DEFAULT_RATE_LIMIT));

  it("applies a change of concurrency alone, and validates each field at its bound", () => {
    configureRateLimit(DEFAULT_RATE_LIMIT);
    configureRateLimit({ maxConcurrent: 1 });
    expect(currentRateLimit()).toEqual({ queriesPerSecond: 80, maxConcurrent: 1 });
    configureRateLimit({ queriesPerSecond: 0.5 });
    expect(currentRateLimit()).toEqual({ queriesPerSecond: 0.5, maxConcurrent: 1 });
    expect(() => configureRateLimit({ maxConcurrent: 0 })).toThrow(
      'invalid rate limit: {"queriesPerSecond":0.5,"maxConcurrent":0} (queriesPerSecond > 0, maxConcurrent >= 1)',
    );
    expect(() => configureRateLimit({ queriesPerSecond: -1 })).toThrow(/^invalid rate limit/);
    expect(currentRateLimit()).toEqual({ queriesPerSecond: 0.5, maxConcurrent: 1 });
  });

  it("keeps the limiter (and its spacing) when reconfigured with the same values", async () => {
    configureRateLimit({ queriesPerSecond: 5, maxConcurrent: 1 });
    const before = currentRateLimit();
    const starts: number[] = [];
    await limited("imm:same", async () => starts.push(Date.now()));
    configureRateLimit({ queriesPerSecond: 5, maxConcurrent: 1 });
    expect(currentRateLimit()).toBe(before);
    await limited("imm:same", async () => starts.push(Date.now()));
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(180); // 5/s: 200 ms apart
  });

  it("spaces an operation with its own limit across keys, and returns its result", async () => {
    configureRateLimit(DEFAULT_RATE_LIMIT);
    const starts: number[] = [];
    const results = await Promise.all(
      ["a", "b", "c", "d"].map((p) =>
        limited(`ice:${p}`, async () => (starts.push(Date.now()), p), "ice:SubmitMediaProducingJob"),
      ),
    );
    expect(results).toEqual(["a", "b", "c", "d"]);
    // 30/s → 34 ms apart even on different keys (less one gap of slack for a late first start).
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(2 * 34);
  });
});

describe("async-retry codes", () => {
  it("counts only a whole HTTP 5xx/429 status as transient", () => {
    expect(isTransientCode("HTTP503")).toBe(true);
    expect(isTransientCode("NotHTTP503")).toBe(false);
    expect(isTransientCode("HTTP4290")).toBe(false);
    expect(isTransientCode("HTTP5030")).toBe(false);
  });

  it("finds a code or a status with any spacing after the colon", () => {
    expect(codeInErrorText("SDKError: Code:ResourceNotFound")).toBe("ResourceNotFound");
    expect(codeInErrorText("SDKError: Code:  InternalError")).toBe("InternalError");
    expect(codeInErrorText("SDKError: StatusCode:503")).toBe("HTTP503");
    expect(codeInErrorText("SDKError: StatusCode:   429 too many")).toBe("HTTP429");
  });
});

describe("provider settings", () => {
  const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
  const thrown = (fn: () => unknown): Error => {
    try {
      fn();
    } catch (error) {
      return error as Error;
    }
    throw new Error("did not throw");
  };

  it("trims values, and skips blank ones to the next source", () => {
    const s = resolveSettings(
      config({ "alicloud-media:region": "   ", "alicloud:region": " cn-beijing " }),
      {},
    );
    expect(s.region).toBe("cn-beijing");
    expect(parseEndpoint("k", "  imm.example.com/ ")).toEqual({ host: "imm.example.com", protocol: "https" });
  });

  it("accepts any positive rate and refuses zero or less", () => {
    const qps = (v: string) => resolveSettings(config({ "alicloud-media:queriesPerSecond": v }), {});
    expect(qps("0.5").queriesPerSecond).toBe(0.5);
    for (const v of ["0", "-1"]) {
      const error = thrown(() => qps(v));
      expect(error).toBeInstanceOf(SettingsError);
      expect(error.name).toBe("SettingsError");
      expect(error.message).toBe(`alicloud-media:queriesPerSecond must be a positive number, got "${v}"`);
    }
  });

  it("names the endpoint setting that is malformed", () => {
    for (const product of ["imm", "ice"]) {
      const key = `alicloud-media:${product}Endpoint`;
      expect(() => resolveSettings(config({ [key]: "http://h/path" }), {})).toThrow(
        `${key} must be a host name or an http(s) URL without a path, got "http://h/path"`,
      );
    }
  });

  it.each([
    [
      { "alicloud-media:accessKeyId": "an-id" },
      {},
      "alicloud-media:accessKeyId is set but alicloud-media:accessKeySecret is not: an access key needs both. " +
        "Set alicloud-media:accessKeySecret (as a secret: --secret), or remove alicloud-media:accessKeyId to use the next credential source.",
    ],
    [
      { "alicloud-media:accessKeySecret": "a-secret-1" },
      {},
      "alicloud-media:accessKeySecret is set but alicloud-media:accessKeyId is not: an access key needs both. " +
        "Set alicloud-media:accessKeyId, or remove alicloud-media:accessKeySecret to use the next credential source.",
    ],
    [
      {},
      { ALIBABA_CLOUD_ACCESS_KEY_ID: "an-id" },
      "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not: an access key needs both. " +
        "Set ALIBABA_CLOUD_ACCESS_KEY_SECRET, or remove ALIBABA_CLOUD_ACCESS_KEY_ID to use the next credential source.",
    ],
  ])("explains half a key pair (%j, %j)", (values, env, message) => {
    expect(thrown(() => resolveSettings(config(values), env)).message).toBe(message);
  });

  it("takes the alicloud:* token with its pair, and registers the own token as a secret", () => {
    const s = resolveSettings(
      config({
        "alicloud-media:securityToken": "own-token-unused-1",
        "alicloud:accessKey": "ali-id",
        "alicloud:secretKey": "ali-secret-2",
        "alicloud:securityToken": "ali-token-2",
      }),
      {},
    );
    expect(s.credentials).toMatchObject({ accessKeyId: "ali-id", securityToken: "ali-token-2" });
    expect(redact("x own-token-unused-1 y")).toBe("x [redacted] y");
  });

  it("explains a missing region naming the product and its endpoint setting", () => {
    expect(() => endpointFor("ice", resolveSettings(config({}), {}))).toThrow(
      "no region configured for ICE: set `pulumi config set alicloud-media:region <region>` " +
        "(or alicloud:region, or ALIBABA_CLOUD_REGION_ID), or set alicloud-media:iceEndpoint",
    );
  });
});
