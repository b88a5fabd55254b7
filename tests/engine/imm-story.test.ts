/**
 * imm.Story through the REAL @pulumi/pulumi dynamic-provider host, driven over gRPC the way the
 * engine drives it, with the serialized provider taken from the real program-side class (the
 * compiled package), against the local emulator over HTTP: Check → Create (waits for the task) →
 * Read → Diff (no change) → Update in place → Update that regenerates → Delete; bad input refused at
 * Check with zero API calls; and a host killed after CreateStory was accepted, followed by a fresh
 * Check + Create in a new host, which waits for that same task instead of generating another story;
 * and, with the engine's step rules, an up whose wait times out (partial state), a refresh, and the
 * next up that finishes the same generation.
 */
import path from "node:path";
import { imm } from "../../provider/operations";
import type { ApiClient } from "../../provider/runtime";
import { Deployment, DeploymentError } from "../harness/engine";
import { captureRegistrations } from "../harness/registrations";
import { type ProviderHost, UNKNOWN } from "../harness/provider-host";
import { startEngineFixture, type Emulator, type EngineFixture } from "../support/engine-fixture";
type Registration = { type: string; name: string; urn: string; inputs: Record<string, unknown> };

const root = path.resolve(__dirname, "../..");
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

const THIN_PROVIDER_MAX_BYTES = 2100;
const ACCESS_KEY_ID = "story-engine-id";
const ACCESS_KEY_SECRET = "story-engine-secret-do-not-leak";
const PROJECT = "story-engine";
const DATASET = "trips";
const BUCKET = "trip-bucket";
const HOST_OPTIONS = { project: "storytest", stack: "dev" };

let fixture: EngineFixture;
let emulator: Emulator;
let host: ProviderHost;
let direct: ApiClient;

const startHost = () => fixture.startHost();

const calls = (action: string) => emulator.stats().requests[action] ?? 0;
const totalCalls = () => fixture.requestCount();
const storiesWith = (objectId: unknown) =>
  Object.keys(emulator.resources()["imm.stories"] ?? {}).filter(
    (key) => key === `${PROJECT}/${DATASET}/${objectId}`,
  );

async function register(program: () => void): Promise<Registration> {
  const registrations = (await captureRegistrations(program, HOST_OPTIONS)) as Registration[];
  return registrations[0]!;
}

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    timings: { storyTaskMs: 1000, bindingScanMs: 20 },
    ...HOST_OPTIONS,
  });
  ({ emulator, host } = fixture);
  direct = fixture.outOfBand("imm");
  await direct.call(imm.CreateProject, { ProjectName: PROJECT });
  await direct.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: DATASET });
  await direct.call(imm.CreateBinding, {
    ProjectName: PROJECT,
    DatasetName: DATASET,
    URI: `oss://${BUCKET}`,
  });
  for (let i = 0; i < 200; i++) {
    const { Binding } = await direct.call(imm.GetBinding, {
      ProjectName: PROJECT,
      DatasetName: DATASET,
      URI: `oss://${BUCKET}`,
    });
    if (Binding.Phase === "IncrementalScanning") break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});

afterAll(() => fixture?.close());

describe("imm.Story through the provider host", () => {
  let reg: Registration;
  let id: string;
  let state: Record<string, unknown>;
  let inputs: Record<string, unknown>;

  beforeAll(async () => {
    reg = await register(() => {
      new media.imm.Story("summer", {
        projectName: PROJECT,
        datasetName: DATASET,
        storyType: "TimeMemory",
        storyName: "Summer",
        customLabels: { season: "summer" },
        waitTimeoutSeconds: 120,
      });
    });
  });

  it("serializes a thin provider with the Story type token", () => {
    expect(reg.type).toBe("pulumi-nodejs:dynamic/alicloud-media/imm:Story");
    const provider = reg.inputs.__provider as string;
    expect(provider.length).toBeLessThan(THIN_PROVIDER_MAX_BYTES);
    expect(provider).toContain('require("pulumi-alicloud-media/provider")');
    expect(provider).not.toContain(ACCESS_KEY_SECRET);
    expect(reg.inputs.__logicalName).toBe("summer");
  });

  it("refuses bad input at check with zero API calls, every failure named", async () => {
    const before = totalCalls();
    const result = await host.check(
      reg.urn,
      {},
      {
        ...reg.inputs,
        storyType: "TagMemory",
        storySubType: "Solo",
        minFileCount: 10,
        maxFileCount: 1600,
        userData: "x".repeat(2049),
      },
    );
    const properties = result.failures.map((f) => f.property).sort();
    expect(properties).toEqual(["maxFileCount", "userData"]);
    expect(result.failures.find((f) => f.property === "maxFileCount")!.reason).toMatch(
      /at most 1,500.*\(got 1600\)/,
    );
    // Cross-field rules once every field is valid on its own.
    const crossed = await host.check(
      reg.urn,
      {},
      { ...reg.inputs, storyType: "TagMemory", storySubType: "Solo" },
    );
    expect(crossed.failures.map((f) => f.property)).toEqual(["storySubType"]);
    expect(totalCalls()).toBe(before);
  });

  it("check → create (waits for the task) → read → diff (no change)", async () => {
    const checked = await host.check(reg.urn, {}, reg.inputs);
    expect(checked.failures).toEqual([]);
    inputs = checked.inputs;
    expect(inputs.objectId).toMatch(/^summer-[0-9a-f]{16}$/);

    host.clearLogs();
    const created = await host.create(reg.urn, inputs);
    id = created.id;
    state = created.properties;
    expect(id).toBe(`${PROJECT}/${DATASET}/${inputs.objectId}`);
    expect(state).toMatchObject({ storyName: "Summer", fileCount: 24, objectId: inputs.objectId });
    expect(state.taskId).toMatch(/^CreateStory-/);
    expect(await host.waitForLogs(/generation task CreateStory-[0-9a-f-]+\): Running/)).toMatch(
      /generation task CreateStory-[0-9a-f-]+\): Running/,
    );
    expect(JSON.stringify(state)).not.toContain(ACCESS_KEY_SECRET);

    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.id).toBe(id);
    expect((await host.diff(id, reg.urn, read.properties, inputs)).changes).toBe("none");
    // A second check derives the same ObjectId.
    expect((await host.check(reg.urn, inputs, reg.inputs)).inputs.objectId).toBe(inputs.objectId);
  });

  it("updates the name in place: UpdateStory, no new generation", async () => {
    const news = (await host.check(reg.urn, inputs, { ...reg.inputs, storyName: "Summer 2024" })).inputs;
    expect(await host.diff(id, reg.urn, state, news)).toMatchObject({ changes: "some", replaces: [] });
    const create = calls("CreateStory");
    const updated = await host.update(id, reg.urn, state, news);
    expect(updated.properties).toMatchObject({ storyName: "Summer 2024", taskId: state.taskId });
    expect(calls("CreateStory")).toBe(create);
    state = updated.properties;
    inputs = news;
  });

  it("regenerates the same story in place when the criteria change, and never replaces on an unknown", async () => {
    const criteria = {
      ...reg.inputs,
      storyName: "Summer 2024",
      storyStartTime: "2024-10-01T00:00:00Z",
      storyEndTime: "2024-10-31T23:59:59Z",
    };
    const news = (await host.check(reg.urn, inputs, criteria)).inputs;
    expect(await host.diff(id, reg.urn, state, news)).toMatchObject({ changes: "some", replaces: [] });
    const unknown = (await host.check(reg.urn, inputs, { ...criteria, storyType: UNKNOWN })).inputs;
    expect(await host.diff(id, reg.urn, state, unknown)).toMatchObject({ changes: "some", replaces: [] });

    const create = calls("CreateStory");
    const updated = await host.update(id, reg.urn, state, news);
    expect(calls("CreateStory")).toBe(create + 1);
    expect(updated.properties.objectId).toBe(state.objectId);
    expect(updated.properties.taskId).not.toBe(state.taskId);
    expect(updated.properties.fileCount).toBe(9); // the October 2024 trips
    expect(storiesWith(state.objectId)).toHaveLength(1);
    expect((await host.diff(id, reg.urn, updated.properties, news)).changes).toBe("none");
    state = updated.properties;
    inputs = news;
  });

  it("plans a replacement only for the identity fields", async () => {
    const moved = (await host.check(reg.urn, inputs, { ...reg.inputs, datasetName: "elsewhere" })).inputs;
    expect(await host.diff(id, reg.urn, state, moved)).toMatchObject({
      changes: "some",
      replaces: ["datasetName"],
      deleteBeforeReplace: false,
    });
  });

  it("deletes, and then reads the story as gone", async () => {
    await host.delete(id, reg.urn, state);
    expect(storiesWith(state.objectId)).toHaveLength(0);
    expect((await host.read(id, reg.urn, state, inputs)).id).toBe("");
  });
});

describe("a provider host killed after CreateStory was accepted", () => {
  it("is followed by a fresh check + create that waits for that task instead of making another story", async () => {
    // Long enough that the task is still running when the new host asks (host start-up takes a while).
    emulator.setTimings({ storyTaskMs: 12000 });
    const reg = await register(() => {
      new media.imm.Story("interrupted", {
        projectName: PROJECT,
        datasetName: DATASET,
        storyType: "TimeMemory",
      });
    });
    const first = (await host.check(reg.urn, {}, reg.inputs)).inputs;
    const create = calls("CreateStory");
    const doomed = host.create(reg.urn, first).then(
      () => "finished",
      (error: unknown) => error,
    );
    for (let i = 0; i < 1000 && calls("CreateStory") === create; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(calls("CreateStory")).toBe(create + 1);
    await host.kill(); // mid-wait: the engine never hears back, nothing is recorded in state
    expect(await doomed).not.toBe("finished");
    await host.close();

    // The next `pulumi up` runs a new host; with no state, check has no olds.
    host = await startHost();
    emulator.setTimings({ storyTaskMs: 1000 });
    const fresh = (await host.check(reg.urn, {}, reg.inputs)).inputs;
    expect(fresh.objectId).toBe(first.objectId);
    const created = await host.create(reg.urn, fresh);
    expect(calls("CreateStory")).toBe(create + 1);
    expect(storiesWith(fresh.objectId)).toHaveLength(1);
    expect(created.properties).toMatchObject({ objectId: first.objectId, fileCount: 24 });
    expect(
      await host.waitForLogs(/from an earlier, interrupted apply is still running; waiting for it/),
    ).toMatch(/from an earlier, interrupted apply is still running; waiting for it/);

    await host.delete(created.id, reg.urn, created.properties);
    expect(storiesWith(fresh.objectId)).toHaveLength(0);
  });

  it("is followed, once that task is over, by a fresh create that takes the story over as it is", async () => {
    const reg = await register(() => {
      new media.imm.Story("interrupted-late", {
        projectName: PROJECT,
        datasetName: DATASET,
        storyType: "TimeMemory",
      });
    });
    const first = (await host.check(reg.urn, {}, reg.inputs)).inputs;
    const create = calls("CreateStory");
    const doomed = host.create(reg.urn, first).catch((error: unknown) => error);
    for (let i = 0; i < 1000 && calls("CreateStory") === create; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await host.kill();
    await doomed;
    await host.close();
    // The generation finishes while nobody is watching.
    for (let i = 0; i < 1000 && storiesWith(first.objectId).length === 0; i++) {
      await direct.call(imm.ListTasks, { ProjectName: PROJECT }); // requests are what advance the emulator
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(storiesWith(first.objectId)).toHaveLength(1);

    host = await startHost();
    const fresh = (await host.check(reg.urn, {}, reg.inputs)).inputs;
    const created = await host.create(reg.urn, fresh);
    expect(calls("CreateStory")).toBe(create + 1);
    expect(created.properties).toMatchObject({ objectId: first.objectId, fileCount: 24 });
    expect(
      await host.waitForLogs(/already exists under the ObjectId derived for this resource.*taking it over/),
    ).toMatch(/already exists under the ObjectId derived for this resource.*taking it over/);
    await host.delete(created.id, reg.urn, created.properties);
  });
});

describe("pulumi up / refresh / up / destroy with the engine's step rules", () => {
  it("a generation that outlives its wait is recorded; after a refresh the next up still finishes it", async () => {
    let waitTimeoutSeconds: number | undefined = 0;
    const program = () =>
      captureRegistrations(() => {
        new media.imm.Story("autumn", {
          projectName: PROJECT,
          datasetName: DATASET,
          storyType: "TimeMemory",
          ...(waitTimeoutSeconds === undefined ? {} : { waitTimeoutSeconds }),
        });
      }, HOST_OPTIONS);
    const d = new Deployment(host, { config: fixture.config });
    const create = calls("CreateStory");
    emulator.setTimings({ storyTaskMs: 3000 }); // surely still running at the first poll
    const first = await d
      .up(await program())
      .then(
        () => undefined,
        (e: unknown) => e as DeploymentError,
      )
      .finally(() => emulator.setTimings({ storyTaskMs: 1000 }));
    expect(first).toBeInstanceOf(DeploymentError);
    expect(first!.message).toMatch(/timed out after 0s waiting for story .*TaskId CreateStory-/);
    const recorded = d.resource("autumn")!;
    expect(recorded.initErrors).toHaveLength(1);
    expect(recorded.outputs).toMatchObject({
      incomplete: true,
      fileCount: 0,
      __provider: expect.any(String),
    });

    // A refresh while it runs keeps the story (not there yet is not gone) and clears the init errors;
    // its `incomplete` output still plans the update that finishes the job.
    await d.refresh();
    expect(d.resource("autumn")).toMatchObject({ id: recorded.id, initErrors: [] });
    waitTimeoutSeconds = undefined;
    expect((await d.preview(await program())).steps.map((step) => step.op)).toEqual(["update"]);
    await d.up(await program());
    expect(d.resource("autumn")).toMatchObject({
      id: recorded.id,
      initErrors: [],
      outputs: { incomplete: false, fileCount: 24, taskId: recorded.outputs.taskId },
    });
    expect(calls("CreateStory")).toBe(create + 1);
    expect((await d.up(await program())).changes).toEqual({ same: 1 });

    await d.destroy();
    expect(d.state).toEqual([]);
    expect(storiesWith(recorded.outputs.objectId)).toHaveLength(0);
  });
});
