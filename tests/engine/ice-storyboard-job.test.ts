/**
 * ice.StoryboardJob through the REAL @pulumi/pulumi dynamic-provider host, driven over gRPC the way
 * the engine drives it, with the serialized provider taken from the real program-side class (the
 * compiled package), against the local emulator over HTTP: Check / Create / Read / Diff, replacement
 * on `triggers`, Delete without an API call, the partial-state path (`__provider` kept in the
 * recorded properties) and its repair by the next `pulumi up`, and bad input refused at Check.
 */
import path from "node:path";
import { Deployment, DeploymentError } from "../harness/engine";
import { type ProviderHost, ProviderRpcError } from "../harness/provider-host";
import { captureRegistrations, type Registration } from "../harness/registrations";
import { startEngineFixture, type Emulator, type EngineFixture } from "../support/engine-fixture";

const root = path.resolve(__dirname, "../..");
// The compiled package, exactly as users get it (npm test builds first).
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

const THIN_PROVIDER_MAX_BYTES = 2100;
const ACCESS_KEY_ID = "engine-yike-id";
const ACCESS_KEY_SECRET = "engine-yike-secret-do-not-leak";
const FILE = "https://bucket.oss-cn-shanghai.aliyuncs.com/novels/chapter-1.txt";
let fixture: EngineFixture;
let emulator: Emulator;
let host: ProviderHost;

const calls = (action: string) => emulator.stats().requests[action] ?? 0;
const totalRequests = () => fixture.requestCount();

async function register(program: () => void): Promise<Registration[]> {
  return captureRegistrations(program, { project: "enginetest", stack: "dev" });
}

async function rpcFailure(promise: Promise<unknown>): Promise<ProviderRpcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderRpcError);
  return error as ProviderRpcError;
}

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    timings: { yikeJobMs: 300 },
  });
  ({ emulator, host } = fixture);
});
beforeEach(() => emulator.clearFaults());

afterAll(() => fixture?.close());

describe("ice.StoryboardJob through the provider host", () => {
  let reg: Registration;
  let id: string;
  let state: Record<string, unknown>;
  let inputs: Record<string, unknown>;

  beforeAll(async () => {
    [reg] = (await register(() => {
      new media.ice.StoryboardJob("chapter-1", {
        fileUrl: FILE,
        sourceType: "Novel",
        styleId: "RealisticPhotography",
        modelParams: { AudioEnable: false },
        triggers: ["v1"],
      });
    })) as [Registration];
  });

  it("serializes a thin provider with the ice type token, small and without secrets", () => {
    const provider = reg.inputs.__provider as string;
    expect(reg.type).toBe("pulumi-nodejs:dynamic/alicloud-media/ice:StoryboardJob");
    expect(provider.length).toBeLessThan(THIN_PROVIDER_MAX_BYTES);
    expect(provider).toContain('require("pulumi-alicloud-media/provider")');
    expect(provider).not.toContain(ACCESS_KEY_SECRET);
    expect(provider).not.toMatch(/openapi|zod|Bottleneck|cockatiel/i);
  });

  it("refuses bad input at Check, every property at once, with zero API calls", async () => {
    const before = totalRequests();
    const result = await host.check(
      reg.urn,
      {},
      { ...reg.inputs, fileUrl: "chapter-1.txt", title: "章".repeat(43), execMode: "Everything" },
    );
    expect(result.failures.map((f) => f.property).sort()).toEqual(["execMode", "fileUrl", "title"]);
    expect(result.failures.find((f) => f.property === "title")?.reason).toMatch(
      /at most 128 bytes in UTF-8 \(got 129 bytes in 43 characters\)/,
    );
    expect(totalRequests()).toBe(before);
  });

  it("Check → Create (waits for the job) → Read → Diff shows no change", async () => {
    const checked = await host.check(reg.urn, {}, reg.inputs);
    expect(checked.failures).toEqual([]);
    inputs = checked.inputs;
    expect(inputs.title).toMatch(/^chapter-1-[a-z0-9]{7}$/);

    const submits = calls("SubmitYikeStoryboardJob");
    const created = await host.create(reg.urn, inputs);
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits + 1);
    id = created.id;
    state = created.properties;
    expect(state).toMatchObject({
      jobId: id,
      jobStatus: "Succeeded",
      outputUrl: expect.stringContaining(id),
      failedShots: [],
      failedStoryboardIds: [],
      modelParams: { AudioEnable: false },
      triggers: ["v1"],
    });
    expect(state.storyboards).toHaveLength(2);
    expect(JSON.stringify(state)).not.toContain(ACCESS_KEY_SECRET);

    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.id).toBe(id);
    expect(read.properties).toMatchObject({
      jobStatus: "Succeeded",
      successfulStoryboardIds: state.successfulStoryboardIds,
    });
    expect((await host.diff(id, reg.urn, read.properties, inputs)).changes).toBe("none");
    // A second check keeps the generated title; a longer wait is never a diff.
    const again = await host.check(reg.urn, inputs, { ...reg.inputs, waitTimeoutSeconds: 7200 });
    expect(again.inputs.title).toBe(inputs.title);
    expect((await host.diff(id, reg.urn, state, again.inputs)).changes).toBe("none");
  });

  it("plans a replacement, create-before-delete, when triggers change", async () => {
    const news = (await host.check(reg.urn, inputs, { ...reg.inputs, triggers: ["v2"] })).inputs;
    expect(await host.diff(id, reg.urn, state, news)).toEqual({
      changes: "some",
      replaces: ["triggers"],
      deleteBeforeReplace: false,
    });
  });

  it("Delete removes it from state only: no API call, and the log says so", async () => {
    host.clearLogs();
    const before = emulator.stats().requests;
    await host.delete(id, reg.urn, state);
    expect(emulator.stats().requests).toEqual(before);
    const removed = new RegExp(
      `no API to delete storyboard jobs: job ${id} is only removed from the stack's state`,
    );
    expect(await host.waitForLogs(removed)).toMatch(removed);
  });

  it("records a failed job as partial state with __provider, and Update resumes it", async () => {
    // Every run fails (the submitted one and the resumes within the apply), so the retries are used up.
    emulator.setFaults({
      taskFailureRate: 1,
      actions: ["SubmitYikeStoryboardJob", "ResumeYikeStoryboardJob"],
    });
    const checked = (await host.check(reg.urn, {}, { ...reg.inputs, skipFailureShot: false })).inputs;
    const error = await rpcFailure(host.create(reg.urn, checked));
    emulator.clearFaults();
    expect(error.code).toBe(2);
    expect(error.details).toMatch(/ended Failed: .*failed shots st_\d+\/\d+ \(NoMediaData\)/);
    const partial = error.partial!;
    expect(partial).toBeDefined();
    expect(partial.properties).toMatchObject({
      __provider: checked.__provider,
      jobId: partial.id,
      jobStatus: "Failed",
      failedStoryboardIds: [expect.stringMatching(/^st_/)],
    });
    expect(partial.reasons).toEqual([error.details]);

    const submits = calls("SubmitYikeStoryboardJob");
    const resumes = calls("ResumeYikeStoryboardJob");
    // The engine issues an Update after a partial create anyway; the diff also asks for one.
    expect(await host.diff(partial.id, reg.urn, partial.properties, checked)).toMatchObject({
      changes: "some",
      replaces: [],
    });
    const updated = await host.update(partial.id, reg.urn, partial.properties, checked);
    expect(updated.properties).toMatchObject({ jobId: partial.id, jobStatus: "Succeeded", failedShots: [] });
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits);
    expect(calls("ResumeYikeStoryboardJob")).toBe(resumes + 1);
  });
});

describe("pulumi up / up / destroy with the engine's step rules", () => {
  let triggers = "first";
  let waitTimeoutSeconds: number | undefined = 0;
  const program = () =>
    register(() => {
      new media.ice.StoryboardJob("novel", {
        fileUrl: FILE,
        triggers,
        ...(waitTimeoutSeconds === undefined ? {} : { waitTimeoutSeconds }),
      });
    });

  it("a job that outlives its wait fails the first up, is recorded, and the next up waits for it", async () => {
    const d = new Deployment(host, { config: fixture.config });
    const submits = calls("SubmitYikeStoryboardJob");
    // Long enough that the job is surely still running at the first poll, even on a loaded machine.
    emulator.setTimings({ yikeJobMs: 2000 });
    const registrations = await program();
    const first = await d
      .up(registrations)
      .then(
        () => undefined,
        (e: unknown) => e as DeploymentError,
      )
      .finally(() => emulator.setTimings({ yikeJobMs: 300 }));
    expect(first).toBeInstanceOf(DeploymentError);
    expect(first!.message).toMatch(/timed out after 0s waiting for storyboard job/);
    const recorded = d.resource("novel")!;
    expect(recorded.initErrors).toHaveLength(1);
    expect(recorded.outputs).toMatchObject({ jobStatus: "Running", __provider: expect.any(String) });
    const jobId = recorded.id;

    // A refresh clears the engine's init errors; the job's `incomplete` output still plans an update.
    await d.refresh();
    expect(d.resource("novel")!.initErrors).toEqual([]);
    waitTimeoutSeconds = undefined; // the default wait
    const preview = await d.preview(await program());
    expect(preview.steps.map((s) => s.op)).toEqual(["update"]);
    const second = await d.up(await program());
    expect(second.steps.map((s) => `${s.op}${s.initErrorRetry ? "(init-error retry)" : ""}`)).toEqual([
      "update",
    ]);
    expect(d.resource("novel")).toMatchObject({
      id: jobId,
      initErrors: [],
      outputs: { jobStatus: "Succeeded" },
    });
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits + 1);

    const third = await d.up(await program());
    expect(third.changes).toEqual({ same: 1 });

    // A new trigger: a new job first, then the old one leaves the state (no delete API is called).
    triggers = "second";
    const replaced = await d.up(await program());
    expect(replaced.steps.map((s) => s.op)).toEqual(["create-replacement", "replace", "delete-replaced"]);
    expect(calls("SubmitYikeStoryboardJob")).toBe(submits + 2);
    expect(d.resource("novel")!.id).not.toBe(jobId);

    const before = emulator.stats().requests;
    const destroyed = await d.destroy();
    expect(destroyed.changes).toEqual({ delete: 1 });
    expect(emulator.stats().requests).toEqual(before);
    expect(d.state).toEqual([]);
  });
});
