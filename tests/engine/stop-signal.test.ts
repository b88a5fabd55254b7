/**
 * The provider host told to stop (SIGTERM, as a CI runner does; SIGINT, as Ctrl-C does) while creates
 * wait on asynchronous work: a storyboard job, a story's generation task and a batch. Through the
 * REAL @pulumi/pulumi dynamic-provider host over gRPC, against the emulator. Every wait ends at once
 * in the partial-state error carrying the object's ID (so the engine records it), the host exits,
 * and the next host resumes each wait from that state: no second job is submitted (it would be
 * billed), no second generation started, no second batch created.
 */
import path from "node:path";
import { imm } from "../../provider/operations";
import { ProviderRpcError, type ProviderHost } from "../harness/provider-host";
import { captureRegistrations, type Registration } from "../harness/registrations";
import { startEngineFixture, type Emulator, type EngineFixture } from "../support/engine-fixture";

const root = path.resolve(__dirname, "../..");
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

const PROJECT = "stop-signal";
const DATASET = "photos";
const FILE = "https://bucket.oss-cn-shanghai.aliyuncs.com/novels/chapter-1.txt";
const STACK = { project: "stoptest", stack: "dev" };

let fixture: EngineFixture;
let emulator: Emulator;

const calls = (action: string) => emulator.stats().requests[action] ?? 0;

async function failure(promise: Promise<unknown>): Promise<ProviderRpcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderRpcError);
  return error as ProviderRpcError;
}

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: "stop-signal-id",
    accessKeySecret: "stop-signal-secret-do-not-leak",
    // Long enough that every create is surely still waiting when the signal comes, short enough for the
    // next host to see the work end (the emulator fixes a job's duration when it starts).
    timings: { yikeJobMs: 6_000, storyTaskMs: 6_000, batchMs: 6_000, bindingScanMs: 20 },
    ...STACK,
  });
  emulator = fixture.emulator;
  const direct = fixture.outOfBand("imm");
  await direct.call(imm.CreateProject, { ProjectName: PROJECT });
  await direct.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: DATASET });
});
afterAll(() => fixture?.close());

async function program(): Promise<Registration[]> {
  return captureRegistrations(() => {
    new media.ice.StoryboardJob("chapter", { fileUrl: FILE, waitTimeoutSeconds: 600 });
    new media.imm.Story("summer", {
      projectName: PROJECT,
      datasetName: DATASET,
      storyType: "TimeMemory",
      waitTimeoutSeconds: 600,
    });
    new media.imm.Batch("convert", {
      projectName: PROJECT,
      input: { oss: { bucket: "stop-bucket" } },
      actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
      waitForCompletion: true,
      waitTimeoutSeconds: 600,
    });
  }, STACK);
}

async function startWaits(host: ProviderHost, registrations: Registration[]) {
  const checked = [];
  for (const reg of registrations) {
    const result = await host.check(reg.urn, {}, reg.inputs);
    expect(result.failures).toEqual([]);
    checked.push({ reg, inputs: result.inputs });
  }
  const creates = checked.map(({ reg, inputs }) => failure(host.create(reg.urn, inputs)));
  // Every create has sent its request and is waiting.
  await host.waitForLogs(/submitted storyboard job \S+/, 20_000);
  await host.waitForLogs(/generation task \S+ started/, 20_000);
  await host.waitForLogs(/CreateBatch in project \S+ created batch \S+/, 20_000);
  return { checked, creates };
}

it.each(["SIGTERM", "SIGINT"] as const)(
  "%s during the waits records every object as partial state, and the next host resumes them",
  async (signal) => {
    emulator.reset();
    const direct = fixture.outOfBand("imm");
    await direct.call(imm.CreateProject, { ProjectName: PROJECT });
    await direct.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: DATASET });
    const registrations = await program();
    const host = await fixture.startHost();
    const { checked, creates } = await startWaits(host, registrations).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${host.logs()}`);
    });
    const jobId = /submitted storyboard job (\S+)/.exec(host.logs())![1];

    const signalledAt = Date.now();
    host.signal(signal);
    const errors = await Promise.all(creates);
    const exit = await host.exited;
    // Ended well before the work (6 s), and the host then went away with the signal.
    expect(Date.now() - signalledAt).toBeLessThan(4_000);
    expect(exit.signal).toBe(signal);

    const [job, story, batch] = errors.map((e) => e.partial);
    expect(job).toMatchObject({ id: jobId, properties: { jobId, __provider: expect.any(String) } });
    expect(story!.id).toBe(`${PROJECT}/${DATASET}/${checked[1]!.inputs.objectId}`);
    expect(story!.properties).toMatchObject({ taskId: expect.any(String), incomplete: true });
    expect(batch!.id).toMatch(new RegExp(`^${PROJECT}/\\S+$`));
    for (const error of errors) {
      expect(error.details).toMatch(new RegExp(`told to stop \\(${signal}\\)`));
      expect(error.details).toMatch(/next `pulumi up` picks it up/);
    }

    // The next run (a new host) updates each recorded object: it resumes the waits, creates nothing.
    const before = {
      submits: calls("SubmitYikeStoryboardJob"),
      stories: calls("CreateStory"),
      batches: calls("CreateBatch"),
    };
    const next = await fixture.startHost();
    for (const [index, partial] of [job, story, batch].entries()) {
      const { reg, inputs } = checked[index]!;
      const updated = await next.update(partial!.id, reg.urn, partial!.properties, inputs);
      expect(updated.properties.incomplete ?? false).toBe(false);
    }
    expect({
      submits: calls("SubmitYikeStoryboardJob"),
      stories: calls("CreateStory"),
      batches: calls("CreateBatch"),
    }).toEqual(before);
  },
  60_000,
);
