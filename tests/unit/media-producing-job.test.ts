/**
 * ice.MediaProducingJob in process: every render input replaces (never delete-first), the wait never
 * diffs, JSON inputs compare by meaning, a state left incomplete plans an update; the ClientToken is
 * the same for the same resource and render and differs otherwise; the limiter spaces
 * SubmitMediaProducingJob to ICE's documented 30 per second across projects.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import { mediaProducingJobSpec, renderClientToken } from "../../provider/ice/media-producing-job";
import { configureRateLimit, DEFAULT_RATE_LIMIT, limited } from "../../provider/runtime";

const job = new ResourceLifecycle(mediaProducingJobSpec, () => {
  throw new Error("diff must not need API clients");
});

const DECLARED = {
  timeline: { VideoTracks: [{ VideoTrackClips: [{ MediaURL: "https://b.oss/x.mp4" }] }] },
  outputMediaConfig: { mediaUrl: "https://bucket.oss-cn-shanghai.aliyuncs.com/out.mp4" },
  userData: { NotifyAddress: "https://hook.example/x" },
  waitTimeoutSeconds: 600,
};
const STATE = { ...DECLARED, jobId: "j1", status: "Success", mediaUrl: "u", incomplete: false };

describe("diff", () => {
  it("replaces on any render input, waits never diff, JSON compares by meaning", async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ triggers: 2 }, ["triggers"]],
      [
        { outputMediaConfig: { mediaUrl: "https://bucket.oss-cn-shanghai.aliyuncs.com/2.mp4" } },
        ["outputMediaConfig"],
      ],
      [{ outputMediaTarget: "vod-media" }, ["outputMediaTarget"]],
      [{ outputMediaTarget: "oss-object" }, []],
      [{ waitTimeoutSeconds: 5 }, []],
      [{ userData: '{ "NotifyAddress" : "https://hook.example/x" }' }, []],
      [{ timeline: JSON.stringify(DECLARED.timeline, null, 2) }, []],
    ];
    for (const [change, replaces] of cases) {
      const diff = await job.diff("j1", STATE, { ...DECLARED, ...change });
      expect({ change, replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace }).toEqual({
        change,
        replaces,
        deleteBeforeReplace: false,
      });
      expect(diff.changes).toBe(replaces.length > 0);
    }
  });

  it("plans an update for a job left incomplete (still rendering, or failed)", async () => {
    const diff = await job.diff("j1", { ...STATE, incomplete: true }, DECLARED);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("client token", () => {
  const inputs = { ...DECLARED, outputMediaConfig: { ...DECLARED.outputMediaConfig } };
  it("is the same for the same resource and render, whatever the JSON form or wait", () => {
    const token = renderClientToken("owner-a", inputs);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(
      renderClientToken("owner-a", {
        ...inputs,
        timeline: JSON.stringify(inputs.timeline),
        waitTimeoutSeconds: 1,
      }),
    ).toBe(token);
    expect(renderClientToken("owner-b", inputs)).not.toBe(token);
    expect(renderClientToken("owner-a", { ...inputs, triggers: 1 })).not.toBe(token);
  });
});

describe("limiter", () => {
  afterAll(() => configureRateLimit(DEFAULT_RATE_LIMIT));

  it("spaces SubmitMediaProducingJob to 30 per second across projects, other operations not", async () => {
    configureRateLimit({ queriesPerSecond: 1000, maxConcurrent: 100 });
    const starts: number[] = [];
    const task = async () => void starts.push(Date.now());
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => limited(`ice:p${i}`, task, "ice:SubmitMediaProducingJob")),
    );
    // 30/s → at least 33 ms between starts: 10 calls span 9 gaps (one gap of slack for a late start).
    expect(starts[9]! - starts[0]!).toBeGreaterThanOrEqual(8 * 33);
    starts.length = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => limited(`ice:p${i}`, task, "ice:GetMediaProducingJob")),
    );
    expect(starts[9]! - starts[0]!).toBeLessThan(100);
  });
});

describe("check", () => {
  it("names the field of each bad value", async () => {
    const { failures } = await job.check(
      {},
      { ...DECLARED, outputMediaConfig: { mediaUrl: "oss://x", width: -1 }, outputMediaTarget: "s3" },
    );
    expect(failures.map((f) => f.property).sort()).toEqual([
      "outputMediaConfig.mediaUrl",
      "outputMediaConfig.width",
      "outputMediaTarget",
    ]);
  });
});
