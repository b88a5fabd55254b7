/**
 * ice.MediaProducingJob through the generic lifecycle and the real openapi-client, over HTTP, against
 * the local emulator: create submits with a ClientToken and waits for Success with progress in the
 * log; a submit whose answer is lost is repeated with the same token and renders once; a fresh
 * `pulumi up` after a killed host finds the same job; a changed input renders anew; a failed render
 * and a wait cut short are partial state that the next update reports or finishes; delete calls nothing.
 */
import { mediaProducingJobSpec } from "../../provider/ice/media-producing-job";
import { identity, partial, up, useHarness } from "./support";

const h = useHarness({ mediaProducingJobMs: 300 });
const jobs = () => h.lifecycle(mediaProducingJobSpec);
const calls = (action: string) => h.emulator.stats().requests[action] ?? 0;
const jobsInEmulator = () =>
  Object.values(h.emulator.resources()["ice.mediaProducingJobs"] ?? {}) as {
    JobId: string;
    ClientToken?: string;
    OutputMediaConfig: Record<string, unknown>;
  }[];

const TIMELINE = {
  VideoTracks: [
    {
      VideoTrackClips: [
        { MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/in/a.mp4", In: 0, Out: 4 },
        { MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/in/b.mp4", In: 0, Out: 3 },
      ],
    },
  ],
};
const OUT = "https://bucket.oss-cn-shanghai.aliyuncs.com/out/render.mp4";
const render = (extra: Record<string, unknown> = {}) => ({
  ...identity("ice:MediaProducingJob", "render"),
  timeline: TIMELINE,
  outputMediaConfig: { mediaUrl: OUT, width: 1280, height: 720 },
  ...extra,
});

describe("create", () => {
  it("submits with a ClientToken, waits for Success with progress, and reads back without a diff", async () => {
    const lifecycle = jobs();
    const { inputs, created } = await up(
      lifecycle,
      render({ userData: '{"NotifyAddress":"https://hook.example/x"}' }),
    );
    expect(created.outs).toMatchObject({ status: "Success", mediaUrl: OUT, duration: 7, incomplete: false });
    const [stored] = jobsInEmulator();
    expect(stored).toMatchObject({ JobId: created.id, OutputMediaConfig: { MediaURL: OUT, Width: 1280 } });
    expect(stored!.ClientToken).toMatch(/^[0-9a-f]{64}$/);
    expect(h.logs.some((line) => line.startsWith(`submitted media producing job ${created.id}`))).toBe(true);
    expect(h.logs.some((line) => line.includes(`media producing job ${created.id} succeeded`))).toBe(true);
    expect(h.logs.some((line) => /: (Queuing|Processing \(\d+%\)) after \d+s$/.test(line))).toBe(true);

    const read = await lifecycle.read(created.id, created.outs);
    expect(read.props).toMatchObject({ status: "Success", mediaUrl: OUT });
    const again = await lifecycle.check(
      created.outs,
      render({ userData: { NotifyAddress: "https://hook.example/x" } }),
    );
    expect((await lifecycle.diff(created.id, created.outs, again.inputs)).changes).toBe(false);
    expect(inputs.outputMediaConfig).toEqual({ mediaUrl: OUT, width: 1280, height: 720 });
  });

  it("repeats a submit whose answer was lost with the same token: one render", async () => {
    h.emulator.setFaults({ lostResponseRate: 1, actions: ["SubmitMediaProducingJob"] });
    h.beforeRetry = () => h.emulator.clearFaults();
    const { created } = await up(jobs(), render());
    expect(calls("SubmitMediaProducingJob")).toBe(2);
    expect(jobsInEmulator().map((job) => job.JobId)).toEqual([created.id]);
  });

  it("finds its own job again on a fresh up after a killed host, and renders anew when an input changes", async () => {
    const first = await up(jobs(), render());
    const again = await up(jobs(), render());
    expect(again.created.id).toBe(first.created.id);
    expect(jobsInEmulator()).toHaveLength(1);
    const other = await up(jobs(), render({ triggers: { take: 2 } }));
    expect(other.created.id).not.toBe(first.created.id);
    const elsewhere = await up(jobs(), {
      ...render(),
      ...identity("ice:MediaProducingJob", "render", "acme", "prod"),
    });
    expect(elsewhere.created.id).not.toBe(first.created.id);
    expect(jobsInEmulator()).toHaveLength(3);
  });

  it("records a failed render with its code and message, and the next update reports it again", async () => {
    h.emulator.setFaults({ taskFailureRate: 1, actions: ["SubmitMediaProducingJob"] });
    const lifecycle = jobs();
    const { inputs } = await lifecycle.check({}, render());
    const failed = await partial(lifecycle.create(inputs));
    expect(failed.properties).toMatchObject({
      status: "Failed",
      errorCode: "InternalError",
      incomplete: true,
    });
    expect(failed.message).toContain("change an input or `triggers`");
    const diff = await lifecycle.diff(failed.id, failed.properties, inputs);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const again = await partial(lifecycle.update(failed.id, failed.properties, inputs));
    expect(again.message).toContain("InternalError");
    expect(calls("SubmitMediaProducingJob")).toBe(1);
  });

  it("records a job still rendering when the wait ends; the next update waits for it", async () => {
    const lifecycle = jobs();
    const { inputs } = await lifecycle.check({}, render({ waitTimeoutSeconds: 0 }));
    const cut = await partial(lifecycle.create(inputs));
    expect(cut.properties).toMatchObject({ incomplete: true });
    const next = await lifecycle.check(cut.properties, render());
    const done = await lifecycle.update(cut.id, cut.properties, next.inputs);
    expect(done.outs).toMatchObject({ status: "Success", incomplete: false });
    expect(calls("SubmitMediaProducingJob")).toBe(1);
  });
});

describe("vod-media", () => {
  it("renders to VOD with storageLocation and fileName: a VOD media ID and its URL", async () => {
    const { created } = await up(
      jobs(),
      render({
        outputMediaTarget: "vod-media",
        outputMediaConfig: {
          storageLocation: "outin-emulator.oss-cn-shanghai.aliyuncs.com",
          fileName: "cut.mp4",
        },
      }),
    );
    expect(created.outs).toMatchObject({
      status: "Success",
      vodMediaId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(created.outs.mediaUrl).toContain("cut.mp4");
    expect(jobsInEmulator()[0]!.OutputMediaConfig).toEqual({
      StorageLocation: "outin-emulator.oss-cn-shanghai.aliyuncs.com",
      FileName: "cut.mp4",
    });
  });
});

describe("check", () => {
  it("refuses two sources, a template without clips and a target without its settings, by field", async () => {
    const lifecycle = jobs();
    const two = await lifecycle.check({}, render({ projectId: "p1" }));
    expect(two.failures.map((f) => f.property)).toContain("timeline");
    const template = await lifecycle.check(
      {},
      { ...render({ templateId: "t1" }), timeline: undefined, outputMediaTarget: "vod-media" },
    );
    expect(template.failures.map((f) => f.property).sort()).toEqual([
      "clipsParam",
      "outputMediaConfig.fileName",
      "outputMediaConfig.storageLocation",
    ]);
    const big = await lifecycle.check({}, render({ userData: { note: "x".repeat(600) } }));
    expect(big.failures).toEqual([
      { property: "userData", reason: expect.stringContaining("at most 512 bytes") },
    ]);
  });
});

describe("delete", () => {
  it("only forgets the job, with a log line, and calls nothing", async () => {
    const { created } = await up(jobs(), render());
    const before = h.emulator.stats().requests;
    await jobs().delete(created.id, created.outs);
    expect(h.emulator.stats().requests).toEqual(before);
    expect(h.logs.at(-1)).toContain(`job ${created.id} is only removed from the stack's state`);
    expect(jobsInEmulator()).toHaveLength(1);
  });
});
