/**
 * The fault soak of `npm run chaos`, small enough for `npm test`: a mix stack of about 40 resources
 * (every resource type) applied 8 at a time through the real host, under injected throttling, server
 * errors, responses lost after the write was committed and failed async tasks, then `up` again until
 * an apply succeeds. Nothing may be created twice or lost, and the stack must converge.
 * The full-size run and its figures: bench/chaos.ts, bench/RESULTS.md.
 */
import { runChaos, type ChaosResult } from "../../bench/chaos";
import { describeMix } from "../../bench/mix";

let result: ChaosResult;

beforeAll(async () => {
  result = await runChaos({
    total: 40,
    parallel: 8,
    maxRuns: 5,
    // The bench's rates, with more lost responses so a run this small surely meets some.
    faults: { throttleRate: 0.2, serverErrorRate: 0.05, lostResponseRate: 0.05, taskFailureRate: 0.05 },
  });
}, 180_000);

describe(`a small stack under faults`, () => {
  it("declares every resource type and really meets the faults", () => {
    expect(Object.keys(result.mix).length).toBeGreaterThanOrEqual(3);
    expect(result.resources).toBe(40);
    expect(result.injected.throttle).toBeGreaterThan(0);
    expect(result.injected.serverError).toBeGreaterThan(0);
    expect(result.injected.lostResponse).toBeGreaterThan(0);
  });

  it("creates nothing twice and loses nothing declared", () => {
    expect({ mix: describeMix(result.mix), duplicates: result.duplicates }).toEqual({
      mix: describeMix(result.mix),
      duplicates: [],
    });
    expect(result.lost).toEqual([]);
  });

  it("converges: an apply succeeds, and a further up without faults changes nothing", () => {
    expect(result.extraRuns).toBeDefined();
    expect(result.runs[result.runs.length - 1]?.error).toBeUndefined();
    expect(result.finalChanges).toEqual({ same: result.resources });
  });
});
