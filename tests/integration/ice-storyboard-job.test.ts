/**
 * ice.StoryboardJob through the generic lifecycle and the real openapi-client, over HTTP, against the
 * local emulator: create waits for the job; a job failed for a transient cause is resumed within
 * the apply (exactly one extra resume), never with resumeOnFailure false; a job still failed after the
 * retries, or one that outlives its wait, is partial
 * state that the next update resumes or keeps waiting on (never a second submit); a lost submit
 * answer is not repeated and is recovered by adopting the job; delete makes no API call.
 */
import { startEmulator } from "../../emulator";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceContext, ResourceSpec } from "../../provider/framework/spec";
import { storyboardJobSpec } from "../../provider/ice/storyboard-job";
import { clientsFor, resolveSettings } from "../../provider/runtime";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type PartialState = { message: string; id: string; properties: Record<string, unknown>; reasons: string[] };

let emulator: Emulator;
let context: () => ResourceContext;
let logs: { level: "info" | "warn"; message: string }[] = [];
const job = new ResourceLifecycle(storyboardJobSpec as unknown as ResourceSpec, () => context());
const FILE = "https://bucket.oss-cn-shanghai.aliyuncs.com/novels/chapter-1.txt";

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { yikeJobMs: 300 } });
  const url = new URL(emulator.url);
  const settings = resolveSettings(
    {
      get: (key) =>
        ({
          "alicloud-media:iceEndpoint": url.origin,
          "alicloud-media:immEndpoint": url.origin,
          "alicloud-media:accessKeyId": "emulator-access-key-id",
          "alicloud-media:accessKeySecret": "emulator-access-key-secret",
        })[key],
    },
    {},
  );
  context = () => ({
    clients: clientsFor(settings),
    log: {
      info: (message) => logs.push({ level: "info", message }),
      warn: (message) => logs.push({ level: "warn", message }),
    },
  });
});
beforeEach(() => {
  logs = [];
  emulator.clearFaults();
});
afterAll(() => emulator?.close());

const calls = (action: string) => emulator.stats().requests[action] ?? 0;
const jobsInEmulator = () =>
  Object.values(emulator.resources()["ice.yikeJobs"] ?? {}) as {
    JobId: string;
    JobParams: { Title: string };
  }[];

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const { inputs, failures } = await job.check(olds, news);
  expect(failures).toEqual([]);
  return inputs;
}

/** create() must fail with the engine's partial-state error: the job exists and is recorded. */
async function partialCreate(inputs: Record<string, unknown>): Promise<PartialState> {
  const thrown = await job.create(inputs).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).toMatchObject({ id: expect.any(String), properties: expect.any(Object) });
  return thrown as PartialState;
}

describe("create", () => {
  it("submits every parameter, waits until Succeeded with progress, and reads back without a diff", async () => {
    const inputs = await checked({
      __logicalName: "chapter-1",
      fileUrl: FILE,
      sourceType: "Novel",
      shotSplitMode: "firstPersonNarration",
      shotPromptMode: "multi",
      styleId: "RealisticPhotography",
      narrationVoiceId: "sys_YoungGracefulWoman",
      videoModel: "wan2.6-r2v-flash",
      resolution: "720P",
      aspectRatio: "16:9",
      modelParams: { AudioEnable: false },
      userData: { NotifyAddress: "https://callback.example.com/yike" },
      execMode: "FullPipeline",
      triggers: { chapter: 1 },
    });
    const submits = calls("SubmitYikeStoryboardJob");
    // Long enough that the first poll surely sees it running (and logs progress) on a loaded machine.
    emulator.setTimings({ yikeJobMs: 1000 });
    const created = await job.create(inputs).finally(() => emulator.setTimings({ yikeJobMs: 300 }));
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits + 1);
    expect(created.outs).toMatchObject({
      jobId: created.id,
      jobStatus: "Succeeded",
      outputUrl: expect.stringContaining(created.id),
      failedShots: [],
      failedStoryboardIds: [],
      modelParams: { AudioEnable: false },
      title: inputs.title,
    });
    const storyboards = created.outs.storyboards as { storyboardId: string; status: string }[];
    expect(storyboards).toHaveLength(2);
    expect(storyboards.every((s) => s.status === "Produced")).toBe(true);
    expect(created.outs.successfulStoryboardIds).toEqual(storyboards.map((s) => s.storyboardId));
    // What the service recorded: the declared parameters, the title auto-named from the logical name.
    const stored = jobsInEmulator().find((j) => j.JobId === created.id)!;
    expect(stored.JobParams.Title).toMatch(/^chapter-1-[a-z0-9]{7}$/);
    expect(logs.some((l) => l.message.includes(`submitted storyboard job ${created.id}`))).toBe(true);
    expect(logs.some((l) => /storyboard job .* Running/.test(l.message))).toBe(true);

    // The service echoes ModelParams in its own indented form: still no change.
    const read = await job.read(created.id, created.outs);
    expect(read.props).toMatchObject({ jobStatus: "Succeeded", jobId: created.id });
    expect(await job.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
    const again = await checked({ __logicalName: "chapter-1", fileUrl: FILE }, read.inputs!);
    expect(again.title).toBe(inputs.title);
  });

  it("delete makes no API call and says so in the log", async () => {
    const created = await job.create(await checked({ __logicalName: "to-forget", fileUrl: FILE }));
    const before = emulator.stats().requests;
    await job.delete(created.id, created.outs);
    expect(emulator.stats().requests).toEqual(before);
    expect(logs.at(-1)?.message).toMatch(
      /no API to delete storyboard jobs: job .* only removed from the stack's state/,
    );
    // The job is still in ICE, so a refresh of an old state still finds it.
    expect((await job.read(created.id, created.outs)).id).toBe(created.id);
  });

  it("read returns {} for a job ICE does not know", async () => {
    expect(await job.read("no-such-job", { jobId: "no-such-job" })).toEqual({});
  });
});

/** Every run of the job fails: the submitted one and every resumed one. */
const EVERY_RUN_FAILS = {
  taskFailureRate: 1,
  actions: ["SubmitYikeStoryboardJob", "ResumeYikeStoryboardJob"],
};
const retryLines = () => logs.filter((l) => /a transient cause/.test(l.message)).map((l) => l.message);

describe("failures with a transient cause are resumed within the apply", () => {
  it("a Failed job is resumed once and succeeds: one submit, exactly one extra ResumeYikeStoryboardJob", async () => {
    const inputs = await checked({
      __logicalName: "fails-once-in-apply",
      fileUrl: FILE,
      skipFailureShot: false,
    });
    // Only the first run fails: the fault is limited to SubmitYikeStoryboardJob.
    emulator.setFaults({ taskFailureRate: 1, actions: ["SubmitYikeStoryboardJob"] });
    const submits = calls("SubmitYikeStoryboardJob");
    const resumes = calls("ResumeYikeStoryboardJob");
    const created = await job.create(inputs);
    expect(created.outs).toMatchObject({
      jobStatus: "Succeeded",
      failedShots: [],
      failedStoryboardIds: [],
      incomplete: false,
    });
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits + 1);
    expect(calls("ResumeYikeStoryboardJob")).toBe(resumes + 1);
    expect(retryLines()).toEqual([
      `storyboard job ${created.id} failed with NoMediaData, a transient cause: resuming it ` +
        "(ResumeYikeStoryboardJob: only what failed is redone) (attempt 2 of 3)",
    ]);
    expect(jobsInEmulator().filter((j) => j.JobId === created.id)).toHaveLength(1);
  });

  it("a job that Succeeded with failed shots is resumed within the apply too", async () => {
    const inputs = await checked({ __logicalName: "skipped-shot-in-apply", fileUrl: FILE });
    emulator.setFaults({ taskFailureRate: 1, actions: ["SubmitYikeStoryboardJob"] });
    const resumes = calls("ResumeYikeStoryboardJob");
    const created = await job.create(inputs);
    expect(created.outs).toMatchObject({ jobStatus: "Succeeded", failedShots: [], incomplete: false });
    expect(calls("ResumeYikeStoryboardJob")).toBe(resumes + 1);
  });

  it("resumeOnFailure: false is never resumed, not even within the apply", async () => {
    const inputs = await checked({
      __logicalName: "no-resume-in-apply",
      fileUrl: FILE,
      skipFailureShot: false,
      resumeOnFailure: false,
    });
    emulator.setFaults({ taskFailureRate: 1, actions: ["SubmitYikeStoryboardJob"] });
    const resumes = calls("ResumeYikeStoryboardJob");
    const partial = await partialCreate(inputs);
    expect(partial.properties).toMatchObject({ jobStatus: "Failed", incomplete: false });
    expect(calls("ResumeYikeStoryboardJob")).toBe(resumes);
    expect(retryLines()).toEqual([]);
  });
});

describe("failures left after the retries are partial state, resumed by the next update", () => {
  it("a Failed job is recorded, then update resumes it (no second submit) and it succeeds", async () => {
    const inputs = await checked({ __logicalName: "fails-once", fileUrl: FILE, skipFailureShot: false });
    emulator.setFaults(EVERY_RUN_FAILS);
    const resumesBefore = calls("ResumeYikeStoryboardJob");
    const partial = await partialCreate({ ...inputs, __provider: "serialized-provider" });
    // The submitted run and two resumed runs failed: the retries are used up.
    expect(calls("ResumeYikeStoryboardJob")).toBe(resumesBefore + 2);
    expect(retryLines().map((line) => /attempt \d of 3/.exec(line)?.[0])).toEqual([
      "attempt 2 of 3",
      "attempt 3 of 3",
    ]);
    emulator.clearFaults();
    expect(partial.message).toMatch(
      /ended Failed: failed storyboards st_\d+; failed shots st_\d+\/\d+ \(NoMediaData\)/,
    );
    expect(partial.message).toMatch(/next `pulumi up` resumes it with ResumeYikeStoryboardJob/);
    expect(partial.properties).toMatchObject({
      __provider: "serialized-provider",
      jobId: partial.id,
      jobStatus: "Failed",
      outputUrl: "",
      failedStoryboardIds: [expect.stringMatching(/^st_/)],
      failedShots: [
        { storyboardId: expect.any(String), shotId: expect.any(String), errorCode: "NoMediaData" },
      ],
    });
    expect(partial.reasons).toEqual([partial.message]);
    expect(partial.properties.incomplete).toBe(true);

    // A `pulumi refresh` in between (it clears the engine's init errors) still leaves an update planned.
    const refreshed = await job.read(partial.id, partial.properties);
    expect(refreshed.props).toMatchObject({ jobStatus: "Failed", incomplete: true });
    expect(await job.diff(partial.id, refreshed.props!, inputs)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });

    const submits = calls("SubmitYikeStoryboardJob");
    const resumes = calls("ResumeYikeStoryboardJob");
    const updated = await job.update(partial.id, refreshed.props!, inputs);
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits);
    expect(calls("ResumeYikeStoryboardJob")).toBe(resumes + 1);
    expect(updated.outs).toMatchObject({
      jobId: partial.id,
      jobStatus: "Succeeded",
      failedShots: [],
      failedStoryboardIds: [],
      incomplete: false,
    });
    expect(logs.some((l) => l.message.startsWith(`resuming storyboard job ${partial.id}`))).toBe(true);
    // Recovered: the same declaration is no change.
    expect(await job.diff(partial.id, updated.outs, inputs)).toMatchObject({ changes: false });
  });

  it("a job that Succeeded with failed shots is also resumed", async () => {
    const inputs = await checked({ __logicalName: "skipped-shot", fileUrl: FILE });
    emulator.setFaults(EVERY_RUN_FAILS);
    const partial = await partialCreate(inputs);
    emulator.clearFaults();
    expect(partial.properties).toMatchObject({ jobStatus: "Succeeded", failedStoryboardIds: [] });
    expect(partial.properties.failedShots).toHaveLength(1);
    const updated = await job.update(partial.id, partial.properties, inputs);
    expect(updated.outs).toMatchObject({ jobStatus: "Succeeded", failedShots: [] });
  });

  it("a resume that fails again is partial state again; the one after that recovers", async () => {
    const inputs = await checked({ __logicalName: "fails-twice", fileUrl: FILE, skipFailureShot: false });
    emulator.setFaults(EVERY_RUN_FAILS);
    const first = await partialCreate(inputs);
    const second = await job.update(first.id, first.properties, inputs).then(
      () => undefined,
      (e: unknown) => e as PartialState,
    );
    expect(second).toMatchObject({ id: first.id, properties: { jobStatus: "Failed" } });
    emulator.clearFaults();
    const third = await job.update(first.id, second!.properties, inputs);
    expect(third.outs).toMatchObject({ jobId: first.id, jobStatus: "Succeeded" });
  });

  it("resumeOnFailure: false keeps the failed job as it is on the next update, with a warning", async () => {
    const inputs = await checked({
      __logicalName: "no-resume",
      fileUrl: FILE,
      skipFailureShot: false,
      resumeOnFailure: false,
    });
    emulator.setFaults({ taskFailureRate: 1, actions: ["SubmitYikeStoryboardJob"] });
    const partial = await partialCreate(inputs);
    expect(partial.message).toMatch(
      /resumeOnFailure is false, so the next `pulumi up` keeps the job as it is/,
    );
    expect(retryLines()).toEqual([]);
    emulator.clearFaults();
    const resumes = calls("ResumeYikeStoryboardJob");
    const kept = await job.update(partial.id, partial.properties, inputs);
    expect(calls("ResumeYikeStoryboardJob")).toBe(resumes);
    expect(partial.properties.incomplete).toBe(false);
    expect(kept.outs).toMatchObject({ jobStatus: "Failed", incomplete: false });
    // Kept as it is: no perpetual update.
    expect(await job.diff(partial.id, kept.outs, inputs)).toMatchObject({ changes: false });
    expect(logs.some((l) => l.level === "warn" && /resumeOnFailure is false/.test(l.message))).toBe(true);
  });

  it("a job that outlives waitTimeoutSeconds is partial; the next update waits (no new submit) and succeeds", async () => {
    const inputs = await checked({ __logicalName: "slow", fileUrl: FILE, waitTimeoutSeconds: 0 });
    // Long enough that the job is surely still running at the first poll, even on a loaded machine.
    emulator.setTimings({ yikeJobMs: 2000 });
    const partial = await partialCreate(inputs).finally(() => emulator.setTimings({ yikeJobMs: 300 }));
    expect(partial.message).toMatch(/timed out after 0s waiting for storyboard job .*; last state: Running/);
    expect(partial.properties).toMatchObject({ jobStatus: "Running", jobId: partial.id, incomplete: true });

    const submits = calls("SubmitYikeStoryboardJob");
    const resumes = calls("ResumeYikeStoryboardJob");
    const next = await checked({ __logicalName: "slow", fileUrl: FILE }, inputs); // default wait
    const updated = await job.update(partial.id, partial.properties, next);
    expect(updated.outs).toMatchObject({ jobId: partial.id, jobStatus: "Succeeded" });
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits);
    expect(calls("ResumeYikeStoryboardJob")).toBe(resumes);
    expect(logs.some((l) => l.message.includes("is still running; waiting for it"))).toBe(true);
  });
});

describe("a lost SubmitYikeStoryboardJob answer", () => {
  it("is not repeated, explains how to find the job, and adoptJobId takes it over without a second submit", async () => {
    const inputs = await checked({ __logicalName: "lost", fileUrl: FILE, styleId: "RealisticPhotography" });
    const jobsBefore = jobsInEmulator().length;
    const submits = calls("SubmitYikeStoryboardJob");
    emulator.setFaults({ lostResponseRate: 1, actions: ["SubmitYikeStoryboardJob"] });
    const error = await job.create(inputs).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    emulator.clearFaults();
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toHaveProperty("id"); // nothing to record: the JobId never reached us
    expect(error!.message).toMatch(
      /SubmitYikeStoryboardJob may have created a storyboard job, but its answer was lost/,
    );
    expect(error!.message).toContain(`titled ${JSON.stringify(inputs.title)}`);
    expect(error!.message).toMatch(/set `adoptJobId: "<its JobId>"`/);
    // The write was committed once, and not repeated.
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits + 1);
    const jobs = jobsInEmulator();
    expect(jobs).toHaveLength(jobsBefore + 1);
    const lost = jobs.find((j) => j.JobParams.Title === inputs.title)!;
    expect(lost).toBeDefined();

    // The user finds it by its title (the console; here, the emulator's state) and adopts it.
    const mismatch = await job.create({ ...inputs, fileUrl: `${FILE}.other`, adoptJobId: lost.JobId }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(mismatch?.message).toMatch(/cannot adopt storyboard job .*other parameters: fileUrl/);
    const next = await checked({
      __logicalName: "lost",
      fileUrl: FILE,
      styleId: "RealisticPhotography",
      adoptJobId: lost.JobId,
    });
    const adopted = await job.create(next);
    expect(adopted.id).toBe(lost.JobId);
    expect(adopted.outs).toMatchObject({ jobStatus: "Succeeded" });
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits + 1);
    expect(jobsInEmulator()).toHaveLength(jobsBefore + 1);
    expect(logs.some((l) => l.message.startsWith(`adopting storyboard job ${lost.JobId}`))).toBe(true);
  });

  it("a throttled submit, which provably did not run, is retried and creates exactly one job", async () => {
    const jobsBefore = jobsInEmulator().length;
    emulator.setFaults({ throttleRate: 0.3, actions: ["SubmitYikeStoryboardJob"] });
    const created = await job.create(await checked({ __logicalName: "throttled", fileUrl: FILE }));
    emulator.clearFaults();
    expect(created.outs.jobStatus).toBe("Succeeded");
    expect(jobsInEmulator()).toHaveLength(jobsBefore + 1);
  });
});
