/**
 * imm.Batch through the generic lifecycle and the real openapi-client, over HTTP, against the local
 * emulator: create and the run-state reconciliation (Suspended/Running), waiting for completion, a
 * batch failed for a non-transient cause (AccessDenied: not resumed within the apply) and an
 * exhausted wait reported as partial state that the next apply repairs, the
 * update rules (IMM updates only Ready or Failed batches), delete of a Running batch, adoption, and
 * the faults that must not produce a duplicate: a lost CreateBatch response and throttling.
 * Nothing asserts on elapsed time; waits are the provider's own, bounded by waitTimeoutSeconds.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { listObjects } from "../../emulator/imm/synthetic-bucket";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceContext, ResourceSpec } from "../../provider/framework/spec";
import { batchSpec } from "../../provider/imm/batch";
import { CLIENT_TOKEN_TAG } from "../../provider/imm/batch-model";
import { imm } from "../../provider/operations";
import type { DataIngestion } from "../../provider/operations/models";
import { ApiClient, createOpenApi, type RetryEvent } from "../../provider/runtime";

const PROJECT = "batch-it";
const BUCKET = "it-bucket";
const FAST_RETRY = { maxAttempts: 6, initialDelayMs: 5, maxDelayMs: 50, maxElapsedMs: 20_000 };

let emulator: RunningEmulator;
let client: ApiClient;
const logs: string[] = [];
const retries: { action: string; event: RetryEvent }[] = [];
let beforeRetry: (action: string) => void = () => {};

const context = (): ResourceContext => ({
  clients: { imm: client, ice: client },
  log: { info: (m) => logs.push(m), warn: (m) => logs.push(`WARN ${m}`) },
});
const batch = new ResourceLifecycle(batchSpec as unknown as ResourceSpec, context);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const url = new URL(emulator.url);
  client = new ApiClient(
    createOpenApi(
      { host: url.host, protocol: "http" },
      { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" },
    ),
    "imm",
    {
      retry: FAST_RETRY,
      onRetry: (action, event) => {
        retries.push({ action, event });
        beforeRetry(action);
      },
    },
  );
});
afterAll(() => emulator?.close());
beforeEach(async () => {
  emulator.reset();
  emulator.setTimings({ batchMs: 1000 });
  logs.length = 0;
  retries.length = 0;
  beforeRetry = () => {};
  await client.call(imm.CreateProject, { ProjectName: PROJECT });
});

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const { inputs, failures } = await batch.check(olds, news);
  expect(failures).toEqual([]);
  return inputs;
}

const declared = (extra: Record<string, unknown> = {}) =>
  checked({
    projectName: PROJECT,
    input: { oss: { bucket: BUCKET } },
    actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
    tags: { team: "media" },
    clientToken: "it/dev/convert",
    waitTimeoutSeconds: 30,
    ...extra,
  });

async function allBatches(): Promise<DataIngestion[]> {
  return (await client.call(imm.ListBatches, { ProjectName: PROJECT })).Batches ?? [];
}

/** The engine's partial-state error, as the lifecycle throws it. */
async function partial(promise: Promise<unknown>) {
  const thrown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).toMatchObject({
    message: expect.any(String),
    id: expect.any(String),
    properties: expect.any(Object),
  });
  return thrown as { message: string; id: string; properties: Record<string, unknown> };
}

describe("create, read, run state", () => {
  it("creates a Running batch, reads it back without a diff, suspends and resumes it through `state`", async () => {
    emulator.setTimings({ batchMs: 10_000 });
    const inputs = await declared();
    const created = await batch.create(inputs);
    expect(created.id).toMatch(new RegExp(`^${PROJECT}/batch-[0-9a-f-]{36}$`));
    expect(created.outs).toMatchObject({
      batchId: created.id.split("/")[1],
      state: "Running",
      batchState: "Running",
      serviceRole: "AliyunIMMBatchTriggerRole",
      tags: { team: "media" },
      input: { oss: { bucket: BUCKET } },
      actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
    });
    // The client token rides on the batch as a reserved tag, never among the user's tags.
    const [remote] = await allBatches();
    expect(remote!.Tags![CLIENT_TOKEN_TAG]).toMatch(/^[0-9a-f]{32}$/);

    const read = await batch.read(created.id, created.outs);
    expect(await batch.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });

    const suspend = await checked({ ...inputs, state: "Suspended" }, inputs);
    expect(await batch.diff(created.id, read.props!, suspend)).toMatchObject({ changes: true, replaces: [] });
    const suspended = await batch.update(created.id, read.props!, suspend);
    expect(suspended.outs).toMatchObject({ state: "Suspended", batchState: "Suspended" });
    expect(logs.some((line) => /is Running; suspending it/.test(line))).toBe(true);
    const again = await batch.read(created.id, suspended.outs);
    expect(await batch.diff(created.id, again.props!, suspend)).toMatchObject({ changes: false });

    const resumed = await batch.update(created.id, again.props!, inputs);
    expect(resumed.outs).toMatchObject({ state: "Running", batchState: "Running" });
    expect(logs.some((line) => /is Suspended; resuming it/.test(line))).toBe(true);

    // Deleting a Running batch suspends it first (IMM refuses to delete it otherwise).
    await batch.delete(created.id, resumed.outs);
    expect(await allBatches()).toEqual([]);
    expect(emulator.stats().requests.SuspendBatch).toBe(2);
    expect(await batch.read(created.id, resumed.outs)).toEqual({});
    await batch.delete(created.id, resumed.outs); // already gone: success
  });

  it("creates a batch declared Suspended: waits for it to start, then suspends it", async () => {
    emulator.setTimings({ batchMs: 10_000 });
    const created = await batch.create(await declared({ state: "Suspended" }));
    expect(created.outs).toMatchObject({ state: "Suspended", batchState: "Suspended" });
  });

  it("waits for completion, logging progress, with every matching file submitted", async () => {
    const created = await batch.create(
      await declared({
        waitForCompletion: true,
        input: { oss: { bucket: BUCKET, matchExpressions: ["\\.jpg$"] } },
      }),
    );
    const jpgs = listObjects(BUCKET).filter((o) => o.key.endsWith(".jpg")).length;
    expect(created.outs).toMatchObject({
      state: "Running",
      batchState: "Succeeded",
      submitSuccess: jpgs,
      submitFailure: 0,
      skipFiles: listObjects(BUCKET).length - jpgs,
    });
    expect(logs.some((line) => /file\(s\) submitted/.test(line))).toBe(true);
  });
});

describe("failures and time-outs leave the batch recorded", () => {
  it("reports a batch failed for a non-transient cause (AccessDenied) at once as partial state, and the next apply resumes it to completion", async () => {
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateBatch"] });
    const inputs = await declared({ waitForCompletion: true });
    const failed = await partial(batch.create(inputs));
    expect(failed.message).toMatch(/failed: state Failed: .*AccessDenied.*recorded in the stack/);
    // A permission failure would fail again: no resume within the apply.
    expect(emulator.stats().requests.ResumeBatch ?? 0).toBe(0);
    expect(logs.some((line) => /a transient cause/.test(line))).toBe(false);
    expect(failed.properties).toMatchObject({ state: "Failed", batchState: "Failed", submitFailure: 1 });
    expect(failed.properties.__provider).toBeUndefined(); // not given here; the engine passes it
    expect(await allBatches()).toHaveLength(1);

    // The next `pulumi up`: the recorded batch differs from the declaration (Failed ≠ Running).
    emulator.clearFaults();
    expect(await batch.diff(failed.id, failed.properties, inputs)).toMatchObject({
      changes: true,
      replaces: [],
    });
    const repaired = await batch.update(failed.id, failed.properties, inputs);
    expect(repaired.outs).toMatchObject({ state: "Running", batchState: "Succeeded", error: "" });
    expect(emulator.stats().requests.ResumeBatch).toBe(1); // the repair the user asked for
    expect(await allBatches()).toHaveLength(1);
  });

  it("reports an exhausted wait as partial state naming the last state seen", async () => {
    emulator.setTimings({ batchMs: 60_000 });
    const timedOut = await partial(
      batch.create(await declared({ waitForCompletion: true, waitTimeoutSeconds: 1 })),
    );
    expect(timedOut.message).toMatch(
      /timed out after 1s waiting for batch .* to be Succeeded; last state: (Ready|Running)/,
    );
    expect(timedOut.properties.batchId).toBe(timedOut.id.split("/")[1]);
    expect(await allBatches()).toHaveLength(1);
    await batch.delete(timedOut.id, timedOut.properties);
    expect(await allBatches()).toEqual([]);
  });
});

describe("updates follow IMM's rules", () => {
  it("updates input, actions and tags of a Failed batch (then resumes it), keeping the client token", async () => {
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateBatch"] });
    const inputs = await declared({ waitForCompletion: true });
    const failed = await partial(batch.create(inputs));
    emulator.clearFaults();
    const tokenBefore = (await allBatches())[0]!.Tags![CLIENT_TOKEN_TAG];

    const next = await checked(
      {
        ...inputs,
        input: { oss: { bucket: "fixed-bucket", prefix: "photos/" } },
        actions: [{ name: "doc/convert", parameters: ["target=png"] }],
        tags: { team: "video" },
      },
      inputs,
    );
    const diff = await batch.diff(failed.id, failed.properties, next);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await batch.update(failed.id, failed.properties, next);
    expect(updated.outs).toMatchObject({
      batchState: "Succeeded",
      input: { oss: { bucket: "fixed-bucket", prefix: "photos/" } },
      actions: [{ name: "doc/convert", parameters: ["target=png"] }],
      tags: { team: "video" },
    });
    const [remote] = await allBatches();
    expect(remote!.Tags).toEqual({ team: "video", [CLIENT_TOKEN_TAG]: tokenBefore });
    expect(emulator.stats().requests).toMatchObject({ UpdateBatch: 1, ResumeBatch: 1 });
  });

  it("explains why a Running batch cannot change in place, before touching it", async () => {
    emulator.setTimings({ batchMs: 10_000 });
    const inputs = await declared();
    const created = await batch.create(inputs);
    const next = await checked({ ...inputs, tags: { team: "other" } }, inputs);
    await expect(batch.update(created.id, created.outs, next)).rejects.toThrow(
      /IMM updates a batch only while it is Ready or Failed; batch .* is Running, so tags cannot change in place.*replaceOnChanges/,
    );
    const policy = await checked(
      {
        ...inputs,
        actions: [{ name: "doc/convert", parameters: ["target=pdf"], fastFailPolicy: { action: "ignore" } }],
      },
      inputs,
    );
    await expect(batch.update(created.id, created.outs, policy)).rejects.toThrow(
      /fastFailPolicy of doc\/convert cannot change in place/,
    );
    expect(emulator.stats().requests.UpdateBatch).toBeUndefined();
  });
});

describe("no duplicates", () => {
  it("a lost CreateBatch response: finds the committed batch by its client token, exactly one exists", async () => {
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateBatch"] });
    const created = await batch.create(await declared());
    expect(emulator.stats().injectedFaults.lostResponse).toBe(1);
    // The retry policy did not repeat the not-idempotent CreateBatch; the resource layer looked it up.
    expect(emulator.stats().requests.CreateBatch).toBe(1);
    const batches = await allBatches();
    expect(batches.map((b) => b.Id)).toEqual([created.outs.batchId]);
    expect(
      logs.some((line) => /CreateBatch in project .*looking for the batch by its client token/.test(line)),
    ).toBe(true);
    expect(created.outs.state).toBe("Running");
  });

  it("an interrupted apply: a fresh create of the same declaration takes over the batch it made", async () => {
    const inputs = await declared();
    const first = await batch.create(inputs);
    // The engine never recorded `first` (the host was killed); the next `pulumi up` creates again.
    const second = await batch.create(inputs);
    expect(second.id).toBe(first.id);
    expect(await allBatches()).toHaveLength(1);
    expect(emulator.stats().requests.CreateBatch).toBe(1);
    expect(logs.some((line) => /carries this resource's client token/.test(line))).toBe(true);
    // Another resource (another token) gets its own batch.
    const other = await batch.create(await declared({ clientToken: "it/dev/other" }));
    expect(other.id).not.toBe(first.id);
    expect(await allBatches()).toHaveLength(2);
  });

  it("absorbs throttling of every call with the retry policy", async () => {
    emulator.setFaults({ throttleRate: 1 });
    // Each retry is preceded by a throttled answer; the fault is switched off after four of them.
    beforeRetry = () => {
      if (retries.length >= 4) emulator.clearFaults();
    };
    const created = await batch.create(await declared({ waitForCompletion: true }));
    expect(created.outs.batchState).toBe("Succeeded");
    expect(emulator.stats().injectedFaults.throttle).toBe(4);
    expect(retries.map((r) => r.event.error.code)).toEqual(Array(4).fill("Throttling.User"));
    expect(await allBatches()).toHaveLength(1);
  });

  it("adopt: true takes over a batch made outside the stack with the same input and actions", async () => {
    emulator.setTimings({ batchMs: 10_000 });
    const { Id } = await client.call(imm.CreateBatch, {
      ProjectName: PROJECT,
      Input: { OSS: { Bucket: BUCKET } },
      Actions: [{ Name: "doc/convert", Parameters: ["target=pdf"] }],
      ServiceRole: "AliyunIMMBatchTriggerRole",
    });
    const adopted = await batch.create(await declared({ adopt: true, tags: undefined }));
    expect(adopted.id).toBe(`${PROJECT}/${Id}`);
    expect(await allBatches()).toHaveLength(1);
    expect(logs.some((line) => line.startsWith(`adopting existing imm:Batch ${PROJECT}/${Id}`))).toBe(true);
  });

  it("GetBatch failing right after CreateBatch is partial state carrying the new batch's ID; the next up carries on", async () => {
    emulator.setFaults({ serverErrorRate: 1, actions: ["GetBatch"] });
    const inputs = await declared();
    const error = await batch.create(inputs).then(
      () => undefined,
      (e: unknown) => e as { id?: string; message: string; properties?: Record<string, unknown> },
    );
    emulator.clearFaults();
    const [only] = await allBatches();
    expect(error?.id).toBe(`${PROJECT}/${only!.Id}`);
    expect(error?.message).toMatch(
      new RegExp(`batch ${only!.Id} in project ${PROJECT} was created, but reading it back failed`),
    );
    expect(error?.properties).toMatchObject({ batchId: only!.Id, __provider: undefined });
    expect(logs).toContain(`CreateBatch in project ${PROJECT} created batch ${only!.Id}`);
    // The engine's next step after a partial create is an update of the recorded batch: no second one.
    const updated = await batch.update(error!.id!, error!.properties!, inputs);
    expect(updated.outs.batchId).toBe(only!.Id);
    expect(await allBatches()).toHaveLength(1);
  });
});
