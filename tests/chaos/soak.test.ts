/**
 * The fault soak of `npm run chaos`, small enough for `npm test`: a mix stack of 40 resources (every
 * resource type) applied 8 at a time through the real host, with throttling, server errors,
 * responses lost after the write was committed and failed async tasks injected into the first apply;
 * then `up` again against a healthy service. Nothing may be created twice or lost, and one extra run
 * must converge the stack. The full-size runs and their figures: bench/chaos.ts, bench/RESULTS.md.
 */
import { runChaos, type ChaosResult } from "../../bench/chaos";
import { ice, imm } from "../../provider/operations";

let result: ChaosResult;

// SubmitYikeStoryboardJob takes no idempotency token and no API lists jobs, so a submit whose answer
// is lost cannot be found again (provider/ice/storyboard-job.ts says so and tells the user how to
// adopt the job): faults are injected into every other action. RESULTS.md shows the full picture.
const FAULTED_ACTIONS = [...Object.values(imm), ...Object.values(ice)]
  .map((op) => op.action)
  .filter((action) => action !== "SubmitYikeStoryboardJob");

beforeAll(async () => {
  result = await runChaos({
    total: 40,
    parallel: 8,
    maxRuns: 3,
    persistentFaults: false,
    // The bench's rates, with more lost responses so a run this small surely meets some.
    faults: {
      throttleRate: 0.2,
      serverErrorRate: 0.05,
      lostResponseRate: 0.05,
      taskFailureRate: 0.05,
      actions: FAULTED_ACTIONS,
    },
  });
}, 180_000);

describe("a small stack hit by faults", () => {
  it("declares every resource type and really meets the faults", () => {
    expect(Object.keys(result.mix).sort()).toEqual([
      "ice:EditingProject",
      "ice:StoryboardJob",
      "imm:Batch",
      "imm:Binding",
      "imm:Dataset",
      "imm:Project",
      "imm:Story",
    ]);
    expect(result.resources).toBe(40);
    expect(result.injected.throttle).toBeGreaterThan(0);
    expect(result.injected.serverError).toBeGreaterThan(0);
    expect(result.injected.lostResponse).toBeGreaterThan(0);
  });

  it("creates nothing twice and loses nothing declared", () => {
    expect(result.duplicates).toEqual([]);
    expect(result.lost).toEqual([]);
  });

  it("converges within one extra run, after which an up changes nothing", () => {
    expect(result.extraRuns).toBeLessThanOrEqual(1);
    expect(result.finalChanges).toEqual({ same: result.resources });
  });
});
