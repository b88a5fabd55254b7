import { waitFor, WaitFailedError, WaitTimeoutError } from "../../provider/runtime";

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
