import {
  DEFAULT_WAIT,
  MAX_EXTRAPOLATION,
  remainingFromProgress,
  waitFor,
  WaitFailedError,
  WaitTimeoutError,
} from "../../provider/runtime";

/** A virtual clock: sleeping advances time instantly, so the schedule itself is what gets tested. */
function virtualClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe("waitFor", () => {
  it("polls fast first, then backs off to the cap, and returns the done state", async () => {
    const clock = virtualClock();
    let polls = 0;
    const progress: string[] = [];
    const state = await waitFor({
      what: "task T1",
      poll: async () => ({ status: ++polls >= 8 ? "Succeeded" : "Running", polls }),
      describe: (s) => s.status,
      isDone: (s) => s.status === "Succeeded",
      timeoutMs: 60_000,
      initialIntervalMs: 250,
      maxIntervalMs: 1_000,
      growth: 2,
      onProgress: (s, elapsed) => progress.push(`${s.status}@${elapsed}`),
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(state.polls).toBe(8);
    expect(clock.sleeps).toEqual([250, 500, 1000, 1000, 1000, 1000, 1000]);
    expect(progress[0]).toBe("Running@0");
    expect(progress).toHaveLength(7);
  });

  it("times out with what was awaited and the last state, after a final poll at the deadline", async () => {
    const clock = virtualClock();
    let polls = 0;
    const error = await waitFor({
      what: "story task CreateStory-1 in project p",
      poll: async () => ({ status: "Running", progress: ++polls }),
      describe: (s) => `${s.status} (${s.progress} polls)`,
      isDone: () => false,
      timeoutMs: 3_000,
      now: clock.now,
      sleep: clock.sleep,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(
      /^timed out after 3s waiting for story task CreateStory-1 in project p; last state: Running \(\d+ polls\)/,
    );
    expect(clock.now()).toBe(3_000);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(3_000);
  });

  it("fails at once when the awaited work failed", async () => {
    const clock = virtualClock();
    await expect(
      waitFor({
        what: "batch b1",
        poll: async () => ({ State: "Failed", Error: "bucket not found" }),
        describe: (s) => s.State,
        isDone: (s) => s.State === "Succeeded",
        failure: (s) => (s.State === "Failed" ? s.Error : undefined),
        timeoutMs: 10_000,
        now: clock.now,
        sleep: clock.sleep,
      }),
    ).rejects.toThrow(new WaitFailedError("batch b1", "bucket not found"));
    expect(clock.sleeps).toEqual([]);
  });
});

/** Work that ends at `endsAt` on the virtual clock, reporting whole-number progress like GetTask. */
function evenWork(clock: ReturnType<typeof virtualClock>, endsAt: number, startedAt = 0) {
  let polls = 0;
  return {
    polls: () => polls,
    poll: async () => {
      polls++;
      const t = clock.now();
      return {
        done: t >= endsAt,
        progress: Math.min(99, Math.floor(((t - startedAt) / (endsAt - startedAt)) * 100)),
      };
    },
  };
}

describe("waitFor without a hint (the default schedule)", () => {
  it.each([500, 2_000, 10_000, 60_000])(
    "notices work of %i ms within 20 %% of its duration + the first interval",
    async (duration) => {
      const clock = virtualClock();
      const work = evenWork(clock, duration);
      await waitFor({
        what: "work",
        poll: work.poll,
        describe: String,
        isDone: (s) => s.done,
        timeoutMs: 600_000,
        now: clock.now,
        sleep: clock.sleep,
      });
      expect(clock.now() - duration).toBeLessThanOrEqual(0.2 * duration + DEFAULT_WAIT.initialIntervalMs);
    },
  );
});

describe("waitFor with a hint", () => {
  const run = async (duration: number, withHint: boolean) => {
    const clock = virtualClock();
    const work = evenWork(clock, duration);
    await waitFor({
      what: "story task",
      poll: work.poll,
      describe: (s) => `${s.progress}%`,
      isDone: (s) => s.done,
      timeoutMs: 600_000,
      ...(withHint
        ? {
            hint: (s: { done: boolean; progress: number }) => ({
              remainingMs: remainingFromProgress(s.progress, clock.now()),
            }),
          }
        : {}),
      now: clock.now,
      sleep: clock.sleep,
    });
    return { lag: clock.now() - duration, polls: work.polls() };
  };

  it("sleeps until the estimated end: fewer polls than a fixed 5 s poller, and little lag", async () => {
    for (const duration of [10_000, 60_000, 600_000]) {
      const hinted = await run(duration, true);
      const plain = await run(duration, false);
      // A fixed poller needs duration / 5 s polls; whole-number progress leaves a few polls of
      // overhead (the estimate at 2 % is uncertain by a third), which long work amortises.
      if (duration >= 60_000) expect(hinted.polls).toBeLessThan(duration / 5_000);
      expect(hinted.polls).toBeLessThan(plain.polls);
      expect(hinted.lag).toBeLessThanOrEqual(0.1 * duration + 200);
    }
  });

  it("stays close when the age it extrapolates from is overstated by a poll's latency", async () => {
    for (const duration of [10_000, 60_000]) {
      const clock = virtualClock();
      const work = evenWork(clock, duration);
      await waitFor({
        what: "story task",
        poll: work.poll,
        describe: (s) => `${s.progress}%`,
        isDone: (s) => s.done,
        timeoutMs: 600_000,
        // The client's clock reads the age 150 ms after the service computed the progress.
        hint: (s) => ({ remainingMs: remainingFromProgress(s.progress, clock.now() + 150) }),
        now: clock.now,
        sleep: clock.sleep,
      });
      expect(clock.now() - duration).toBeLessThanOrEqual(0.1 * duration + 200);
    }
  });

  it("never sleeps past the end of evenly progressing work, and not past the deadline", async () => {
    const clock = virtualClock();
    const work = evenWork(clock, 100_000);
    const error = await waitFor({
      what: "task",
      poll: work.poll,
      describe: (s) => `${s.progress}%`,
      isDone: (s) => s.done,
      timeoutMs: 30_000,
      hint: (s) => ({ remainingMs: remainingFromProgress(s.progress, clock.now()) }),
      now: clock.now,
      sleep: clock.sleep,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(clock.now()).toBe(30_000);
  });

  it("resumes old work at the interval its age deserves, not the fastest one", async () => {
    const clock = virtualClock();
    const polls: number[] = [];
    await waitFor({
      what: "task started an hour ago",
      poll: async () => {
        polls.push(clock.now());
        return { done: polls.length >= 3 };
      },
      describe: String,
      isDone: (s) => s.done,
      timeoutMs: 600_000,
      hint: () => ({ ageMs: 3_600_000 }),
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(clock.sleeps).toEqual([DEFAULT_WAIT.maxIntervalMs, DEFAULT_WAIT.maxIntervalMs]);
  });

  it("polls closely after a hinted sleep even though the work is as old as the wait", async () => {
    const clock = virtualClock();
    const work = evenWork(clock, 10_000);
    await waitFor({
      what: "story task",
      poll: work.poll,
      describe: (s) => `${s.progress}%`,
      isDone: (s) => s.done,
      timeoutMs: 600_000,
      // The task started a moment before the wait did (the create call's own latency).
      hint: (s) => ({
        remainingMs: remainingFromProgress(s.progress, clock.now() + 20),
        ageMs: clock.now() + 20,
      }),
      now: clock.now,
      sleep: clock.sleep,
    });
    expect(clock.now() - 10_000).toBeLessThanOrEqual(DEFAULT_WAIT.initialIntervalMs);
  });
});

describe("remainingFromProgress", () => {
  it("assumes the progress may be a point higher than reported, so it never overshoots", () => {
    expect(remainingFromProgress(30, 30_000)).toBeCloseTo((30_000 * 69) / 31);
    expect(remainingFromProgress(49, 49_500)).toBeCloseTo(49_500);
    expect(remainingFromProgress(99, 10_000)).toBe(0);
  });

  it("looks at most MAX_EXTRAPOLATION times the age ahead from little progress", () => {
    expect(remainingFromProgress(1, 600)).toBe(600 * MAX_EXTRAPOLATION);
  });

  it("has no estimate without progress to extrapolate from", () => {
    expect(remainingFromProgress(0, 1_000)).toBeUndefined();
    expect(remainingFromProgress(100, 1_000)).toBeUndefined();
    expect(remainingFromProgress(undefined, 1_000)).toBeUndefined();
    expect(remainingFromProgress(50, 0)).toBeUndefined();
  });
});
