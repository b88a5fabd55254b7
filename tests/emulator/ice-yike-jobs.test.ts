/**
 * The emulator's Yike storyboard jobs (ICE API reference: SubmitYikeStoryboardJob) through the real
 * openapi-client over HTTP: the Running → Succeeded / Failed timeline, JobParams echo, JobResult encoding
 * (strings holding JSON, a comma-separated list), ResumeYikeStoryboardJob retrying what failed, and
 * validation with ICE's documented error codes naming the parameter.
 */
import { startEmulator } from "../../emulator";
import { ice } from "../../provider/operations";
import { type ApiClient } from "../../provider/runtime";
import { NO_RETRY, iceClient, rejection } from "./support";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let client: ApiClient;

const FILE = "https://bucket.oss-cn-shanghai.aliyuncs.com/novels/chapter-1.txt";

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { yikeJobMs: 600 } });
  client = iceClient(emulator, { retry: NO_RETRY });
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator?.close());

const getJob = (jobId: string) => client.call(ice.GetYikeStoryboardJob, { JobId: jobId });

/** Polls until the job leaves Running (bounded by a count of polls, not by a time assertion). */
async function settled(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const job = await getJob(jobId);
    if (job.JobStatus !== "Running") return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${jobId} never left Running`);
}

describe("SubmitYikeStoryboardJob → GetYikeStoryboardJob", () => {
  it("runs, then succeeds with every JobResult field encoded as documented", async () => {
    const { JobId } = await client.call(ice.SubmitYikeStoryboardJob, {
      FileURL: FILE,
      SourceType: "Novel",
      ShotSplitMode: "firstPersonNarration",
      ShotPromptMode: "multi",
      StyleId: "RealisticPhotography",
      NarrationVoiceId: "sys_YoungGracefulWoman",
      VideoModel: "wan2.6-r2v-flash",
      Resolution: "720P",
      AspectRatio: "16:9",
      ModelParams: '{"AudioEnable":false}',
      Title: "chapter one",
      ExecMode: "FullPipeline",
      SkipFailureShot: true,
      UserData: '{"NotifyAddress":"https://callback.example.com/yike"}',
    });
    expect(JobId).toMatch(/^[0-9a-f-]{36}$/);

    const running = await getJob(JobId);
    expect(running.JobStatus).toBe("Running");
    const inProduction = JSON.parse(running.JobResult!.StoryboardInfoList!) as { status: string }[];
    expect(inProduction.map((s) => s.status)).toEqual(["Producing", "Producing"]);

    const done = await settled(JobId);
    expect(done.JobStatus).toBe("Succeeded");
    // Echoed parameters, minus ExecMode / SkipFailureShot / UserData; ModelParams in the service's format.
    expect(done.JobParams).toEqual({
      FileURL: FILE,
      SourceType: "Novel",
      ShotSplitMode: "firstPersonNarration",
      ShotPromptMode: "multi",
      StyleId: "RealisticPhotography",
      NarrationVoiceId: "sys_YoungGracefulWoman",
      VideoModel: "wan2.6-r2v-flash",
      Resolution: "720P",
      AspectRatio: "16:9",
      ModelParams: '{\n  "AudioEnable": false\n}',
      Title: "chapter one",
    });
    const result = done.JobResult!;
    for (const value of Object.values(result)) expect(typeof value).toBe("string");
    const storyboards = JSON.parse(result.StoryboardInfoList!) as Record<string, string>[];
    expect(storyboards).toHaveLength(2);
    for (const s of storyboards) {
      expect(s).toEqual({
        storyboardId: expect.stringMatching(/^st_\d{10}$/),
        title: expect.stringMatching(/^chapter one_\d$/),
        status: "Produced",
        subStatus: "ProduceSucc",
      });
    }
    const ids = storyboards.map((s) => s.storyboardId);
    expect(JSON.parse(result.SuccessStoryboardList!)).toEqual(ids);
    expect(result.SuccessStoryboardIds).toBe(ids.join(", "));
    expect(JSON.parse(result.ExceptionStoryboardIds!)).toEqual([]);
    expect(JSON.parse(result.FailureShotList!)).toEqual([]);
    expect(result.OutputUrl).toMatch(new RegExp(`^https://.+/${JobId}/`));
  });

  it("generates a title from the date when none is given", async () => {
    const { JobId } = await client.call(ice.SubmitYikeStoryboardJob, { FileURL: FILE });
    expect((await getJob(JobId)).JobParams?.Title).toMatch(/^storyboard-\d{14}$/);
  });

  it("answers ResourceNotFound (404) for an unknown JobId and MissingParameter without one", async () => {
    const missing = await rejection(getJob("no-such-job"));
    expect(missing).toMatchObject({ code: "ResourceNotFound", httpStatus: 404 });
    expect(missing.isNotFound()).toBe(true);
    const none = await rejection(getJob(""));
    expect(none).toMatchObject({ code: "MissingParameter" });
    expect(none.apiMessage).toContain('"JobId"');
  });
});

describe("failures and ResumeYikeStoryboardJob", () => {
  it("with SkipFailureShot (default) a failed shot is skipped: Succeeded, listed in FailureShotList; resume retries it", async () => {
    emulator.setFaults({ taskFailureRate: 1, actions: ["SubmitYikeStoryboardJob"] });
    const { JobId } = await client.call(ice.SubmitYikeStoryboardJob, { FileURL: FILE, Title: "skip" });
    emulator.clearFaults();
    const done = await settled(JobId);
    expect(done.JobStatus).toBe("Succeeded");
    const shots = JSON.parse(done.JobResult!.FailureShotList!) as Record<string, string>[];
    expect(shots).toEqual([
      { errorCode: "NoMediaData", storyboardId: expect.stringMatching(/^st_/), shotId: expect.any(String) },
    ]);

    expect((await client.call(ice.ResumeYikeStoryboardJob, { JobId })).JobId).toBe(JobId);
    expect((await getJob(JobId)).JobStatus).toBe("Running");
    const resumed = await settled(JobId);
    expect(resumed.JobStatus).toBe("Succeeded");
    expect(JSON.parse(resumed.JobResult!.FailureShotList!)).toEqual([]);
  });

  it("with SkipFailureShot=false the storyboard fails and the job is Failed; resume makes it succeed", async () => {
    emulator.setFaults({ taskFailureRate: 1, actions: ["SubmitYikeStoryboardJob"] });
    const { JobId } = await client.call(ice.SubmitYikeStoryboardJob, {
      FileURL: FILE,
      SkipFailureShot: false,
    });
    emulator.clearFaults();
    const failed = await settled(JobId);
    expect(failed.JobStatus).toBe("Failed");
    const result = failed.JobResult!;
    const exceptions = JSON.parse(result.ExceptionStoryboardIds!) as string[];
    expect(exceptions).toHaveLength(1);
    const shots = JSON.parse(result.FailureShotList!) as { storyboardId: string }[];
    expect(shots.map((s) => s.storyboardId)).toEqual(exceptions);
    const info = JSON.parse(result.StoryboardInfoList!) as { storyboardId: string; status: string }[];
    expect(info.find((s) => s.storyboardId === exceptions[0])?.status).toBe("ProduceFailed");
    expect(result.SuccessStoryboardIds!.split(", ")).toHaveLength(1);
    expect(result.OutputUrl).toBeUndefined();

    await client.call(ice.ResumeYikeStoryboardJob, { JobId });
    const resumed = await settled(JobId);
    expect(resumed.JobStatus).toBe("Succeeded");
    expect(JSON.parse(resumed.JobResult!.SuccessStoryboardList!)).toHaveLength(2);
    expect(JSON.parse(resumed.JobResult!.ExceptionStoryboardIds!)).toEqual([]);
  });

  it("a resume can fail again (a fault on ResumeYikeStoryboardJob), and a later resume recovers", async () => {
    emulator.setFaults({
      taskFailureRate: 1,
      actions: ["SubmitYikeStoryboardJob", "ResumeYikeStoryboardJob"],
    });
    const { JobId } = await client.call(ice.SubmitYikeStoryboardJob, {
      FileURL: FILE,
      ExecMode: "StoryboardOnly",
    });
    expect((await settled(JobId)).JobStatus).toBe("Failed");
    await client.call(ice.ResumeYikeStoryboardJob, { JobId });
    expect((await settled(JobId)).JobStatus).toBe("Failed");
    emulator.clearFaults();
    await client.call(ice.ResumeYikeStoryboardJob, { JobId });
    expect((await settled(JobId)).JobStatus).toBe("Succeeded");
  });

  it("resuming a running job or one with nothing failed changes nothing", async () => {
    const { JobId } = await client.call(ice.SubmitYikeStoryboardJob, { FileURL: FILE });
    await client.call(ice.ResumeYikeStoryboardJob, { JobId });
    const done = await settled(JobId);
    expect(done.JobStatus).toBe("Succeeded");
    await client.call(ice.ResumeYikeStoryboardJob, { JobId });
    expect((await getJob(JobId)).JobStatus).toBe("Succeeded");
    const missing = await rejection(client.call(ice.ResumeYikeStoryboardJob, { JobId: "nope" }));
    expect(missing.code).toBe("ResourceNotFound");
  });
});

describe("validation", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no FileURL", {}, "MissingParameter", /"FileURL"/],
    ["a FileURL that is not a URL", { FileURL: "chapter-1.txt" }, "InvalidParameter", /FileURL .*URL/],
    [
      "a title of 129 bytes (43 three-byte characters)",
      { FileURL: FILE, Title: "章".repeat(43) },
      "InvalidParameter",
      /Title .*at most 128 bytes \(got 129\)/,
    ],
    [
      "ModelParams that is not JSON",
      { FileURL: FILE, ModelParams: "{AudioEnable:false}" },
      "InvalidParameter",
      /ModelParams .*JSON object/,
    ],
    [
      "ModelParams that is a JSON array",
      { FileURL: FILE, ModelParams: "[1]" },
      "InvalidParameter",
      /ModelParams .*JSON object/,
    ],
    [
      "an unknown ExecMode",
      { FileURL: FILE, ExecMode: "Everything" },
      "InvalidParameter",
      /ExecMode .*FullPipeline, StoryboardOnly/,
    ],
    [
      "a SourceType with a leading space",
      { FileURL: FILE, SourceType: " Novel" },
      "InvalidParameter",
      /SourceType/,
    ],
    [
      "an aspect ratio that is not w:h",
      { FileURL: FILE, AspectRatio: "wide" },
      "InvalidParameter",
      /AspectRatio .*16:9/,
    ],
    [
      "a NotifyAddress that is not a URL",
      { FileURL: FILE, UserData: '{"NotifyAddress":"somewhere"}' },
      "InvalidParameter",
      /UserData .*NotifyAddress/,
    ],
  ];

  it.each(cases)("refuses %s", async (_name, params, code, message) => {
    const before = Object.keys(emulator.resources()["ice.yikeJobs"] ?? {}).length;
    const error = await rejection(
      client.call(ice.SubmitYikeStoryboardJob, params as Parameters<typeof client.call>[1]),
    );
    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(400);
    expect(error.apiMessage).toMatch(message);
    expect(Object.keys(emulator.resources()["ice.yikeJobs"] ?? {})).toHaveLength(before);
  });

  it("accepts a title of exactly 128 bytes of multibyte characters", async () => {
    const title = "章".repeat(42) + "ab"; // 126 + 2 bytes
    const { JobId } = await client.call(ice.SubmitYikeStoryboardJob, { FileURL: FILE, Title: title });
    expect((await getJob(JobId)).JobParams?.Title).toBe(title);
  });
});
