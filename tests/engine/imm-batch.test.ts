/**
 * imm.Batch through the REAL @pulumi/pulumi dynamic-provider host, driven over gRPC the way the
 * engine drives it, with the serialized provider from the compiled program-side class, against the
 * local emulator: Check (bad input refused with zero API calls), Create, Read, Diff, Update of the
 * run state, a replacing change, an out-of-band resume repaired by Update, a failed batch recorded as
 * partial state (with `__provider`) and resumed by the next update, a lost CreateBatch response that
 * leaves exactly one batch, a host killed in the middle of a create followed by a fresh create that
 * takes over the batch instead of making another, and Delete of a Running batch.
 */
import path from "node:path";
import { imm } from "../../provider/operations";
import { captureRegistrations } from "../harness/registrations";
import { ProviderHost, UNKNOWN } from "../harness/provider-host";
import { ProviderRpcError } from "../harness/rpc-error";
import { startEngineFixture, type Emulator, type EngineFixture } from "../support/engine-fixture";

type Registration = { type: string; name: string; urn: string; inputs: Record<string, unknown> };
type Props = Record<string, unknown>;

const media = require(path.resolve(__dirname, "../../dist/sdk")) as typeof import("../../sdk");

const ACCESS_KEY_ID = "engine-batch-id";
const ACCESS_KEY_SECRET = "engine-batch-secret-do-not-leak";
const PROJECT = "engine-batch-project";
const THIN_PROVIDER_MAX_BYTES = 2100;

let fixture: EngineFixture;
let emulator: Emulator;
let host: ProviderHost;
let reg: Registration;

const outOfBand = () => fixture.outOfBand("imm");
const requestCount = async () => fixture.requestCount();

const batches = async () => (await outOfBand().call(imm.ListBatches, { ProjectName: PROJECT })).Batches ?? [];

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    timings: { batchMs: 10_000 },
  });
  ({ emulator, host } = fixture);
  await outOfBand().call(imm.CreateProject, { ProjectName: PROJECT });
  const registrations = (await captureRegistrations(
    () => {
      new media.imm.Batch("convert", {
        projectName: PROJECT,
        input: { oss: { bucket: "engine-bucket", prefix: "photos/" } },
        actions: [{ name: "doc/convert", parameters: ["target=pdf"], fastFailPolicy: { action: "abort" } }],
        tags: { team: "media" },
        waitTimeoutSeconds: 60,
      });
    },
    { project: "enginetest", stack: "dev" },
  )) as Registration[];
  reg = registrations[0]!;
});

afterAll(() => fixture?.close());

describe("imm.Batch through the provider host", () => {
  let id: string;
  let state: Props;
  let inputs: Props;

  it("serializes a thin provider with the decided type token and a stable client token", () => {
    expect(reg.type).toBe("pulumi-nodejs:dynamic/alicloud-media/imm:Batch");
    const provider = reg.inputs.__provider as string;
    expect(provider.length).toBeLessThan(THIN_PROVIDER_MAX_BYTES);
    expect(provider).toContain('require("pulumi-alicloud-media/provider")');
    expect(provider).not.toMatch(/openapi|zod|Bottleneck|cockatiel/i);
    // No token in the program: check derives a stable one from the identity the SDK sends.
    expect(reg.inputs.clientToken).toBeUndefined();
    expect(reg.inputs.__identity).toBe(`organization::${reg.urn}`);
  });

  it("refuses bad input at check, every failure at once, with zero API calls", async () => {
    const before = await requestCount();
    const result = await host.check(
      reg.urn,
      {},
      {
        ...reg.inputs,
        actions: [],
        input: { oss: { bucket: "Bad_Bucket" } },
        state: "Paused",
        tags: { "alicloud-media:client-token": "forged" },
      },
    );
    expect(result.failures.map((f) => f.property).sort()).toEqual([
      "actions",
      "input.oss.bucket",
      "state",
      "tags",
    ]);
    expect(result.failures.find((f) => f.property === "actions")?.reason).toMatch(/at least one action/);
    expect(await requestCount()).toBe(before);
  });

  it("check → create (waits until Running) → read → diff shows no change", async () => {
    const checked = await host.check(reg.urn, {}, reg.inputs);
    expect(checked.failures).toEqual([]);
    inputs = checked.inputs;
    const created = await host.create(reg.urn, inputs);
    id = created.id;
    state = created.properties;
    expect(id).toMatch(new RegExp(`^${PROJECT}/batch-`));
    expect(state).toMatchObject({
      state: "Running",
      batchState: "Running",
      tags: { team: "media" },
      actions: [{ name: "doc/convert", parameters: ["target=pdf"], fastFailPolicy: { action: "abort" } }],
    });
    expect(JSON.stringify(state)).not.toContain(ACCESS_KEY_SECRET);
    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.id).toBe(id);
    expect((await host.diff(id, reg.urn, read.properties, inputs)).changes).toBe("none");
    expect((await host.diff(id, reg.urn, read.properties, read.inputs ?? {})).changes).toBe("none");
    state = read.properties;
  });

  it("suspends through `state` in place; wait settings are never a diff; a new role, or tags of a suspended batch, replace", async () => {
    const waitOnly = (await host.check(reg.urn, inputs, { ...reg.inputs, waitTimeoutSeconds: 5 })).inputs;
    expect((await host.diff(id, reg.urn, state, waitOnly)).changes).toBe("none");

    const suspend = (await host.check(reg.urn, inputs, { ...reg.inputs, state: "Suspended" })).inputs;
    expect(await host.diff(id, reg.urn, state, suspend)).toMatchObject({ changes: "some", replaces: [] });
    const updated = await host.update(id, reg.urn, state, suspend);
    expect(updated.properties).toMatchObject({ state: "Suspended", batchState: "Suspended" });
    state = updated.properties;
    inputs = suspend;

    const role = (
      await host.check(reg.urn, inputs, { ...reg.inputs, state: "Suspended", serviceRole: "Other" })
    ).inputs;
    expect(await host.diff(id, reg.urn, state, role)).toMatchObject({
      changes: "some",
      replaces: ["serviceRole"],
      deleteBeforeReplace: true,
    });
    const unknownTags = (
      await host.check(reg.urn, inputs, { ...reg.inputs, state: "Suspended", tags: UNKNOWN })
    ).inputs;
    // IMM updates a batch only while Ready or Failed: on this Suspended batch, tags that may change
    // can only be applied by a replacement, and the plan says so.
    expect(await host.diff(id, reg.urn, state, unknownTags)).toMatchObject({
      changes: "some",
      replaces: ["tags"],
      deleteBeforeReplace: true,
    });
  });

  it("sees an out-of-band resume on read and suspends the batch again with update", async () => {
    await outOfBand().call(imm.ResumeBatch, { ProjectName: PROJECT, Id: state.batchId as string });
    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.properties).toMatchObject({ state: "Running", batchState: "Running" });
    expect((await host.diff(id, reg.urn, read.properties, inputs)).changes).toBe("some");
    const repaired = await host.update(id, reg.urn, read.properties, inputs);
    expect(repaired.properties).toMatchObject({ state: "Suspended", batchState: "Suspended" });
    state = repaired.properties;
  });

  it("deletes, and then reads the batch as gone", async () => {
    await host.delete(id, reg.urn, state);
    expect((await host.read(id, reg.urn, state, inputs)).id).toBe("");
    expect(await batches()).toEqual([]);
  });
});

describe("imm.Batch failures and faults through the provider host", () => {
  afterEach(() => {
    emulator.clearFaults();
    emulator.setTimings({ batchMs: 10_000 });
  });

  it("records a failed batch as partial state with __provider, and the next update resumes it to success", async () => {
    emulator.setTimings({ batchMs: 600 });
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateBatch"] });
    const checked = await host.check(
      reg.urn,
      {},
      { ...reg.inputs, waitForCompletion: true, clientToken: "failing" },
    );
    const failure = await host.create(reg.urn, checked.inputs).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderRpcError);
    expect((failure as ProviderRpcError).details).toMatch(/state Failed: .*AccessDenied/);
    const partial = (failure as ProviderRpcError).partial!;
    expect(partial.id).toMatch(new RegExp(`^${PROJECT}/batch-`));
    expect(partial.properties).toMatchObject({ state: "Failed", batchState: "Failed" });
    expect(String(partial.properties.__provider)).toContain("pulumi-alicloud-media/provider");

    emulator.clearFaults();
    expect((await host.diff(partial.id, reg.urn, partial.properties, checked.inputs)).changes).toBe("some");
    const repaired = await host.update(partial.id, reg.urn, partial.properties, checked.inputs);
    expect(repaired.properties).toMatchObject({ state: "Running", batchState: "Succeeded" });
    await host.delete(partial.id, reg.urn, repaired.properties);
  });

  it("a lost CreateBatch response leaves exactly one batch, and the create converges", async () => {
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateBatch"] });
    const checked = await host.check(reg.urn, {}, { ...reg.inputs, clientToken: "lost-response" });
    const created = await host.create(reg.urn, checked.inputs);
    expect(created.properties).toMatchObject({ state: "Running" });
    expect((await batches()).map((b) => b.Id)).toEqual([created.properties.batchId]);
    expect(emulator.stats().injectedFaults.lostResponse).toBe(1);
    // Deleting a Running batch suspends it first.
    await host.delete(created.id, reg.urn, created.properties);
    expect(await batches()).toEqual([]);
  });
  it("a host killed after CreateBatch: a fresh create of the same declaration takes the batch over", async () => {
    emulator.setTimings({ batchMs: 30_000 }); // Ready for 3 s: the create is still waiting when killed
    const doomed = await ProviderHost.start({ cwd: fixture.projectDir, project: "enginetest", stack: "dev" });
    try {
      await doomed.configure({
        "alicloud-media:immEndpoint": emulator.url,
        "alicloud-media:iceEndpoint": emulator.url,
        "alicloud-media:accessKeyId": ACCESS_KEY_ID,
        "alicloud-media:accessKeySecret": ACCESS_KEY_SECRET,
      });
      const createsBefore = emulator.stats().requests.CreateBatch ?? 0;
      const checked = await doomed.check(reg.urn, {}, reg.inputs);
      const pending = doomed.create(reg.urn, checked.inputs).catch((e: unknown) => e);
      let listed: Awaited<ReturnType<typeof batches>> = [];
      for (let i = 0; i < 200 && listed.length === 0; i++) {
        listed = await batches();
        if (listed.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(listed).toHaveLength(1);
      await doomed.kill();
      expect(await pending).toBeInstanceOf(ProviderRpcError); // the engine never learnt the ID

      // The next `pulumi up` has no state for the batch: a fresh check and create, on another host.
      const again = await host.check(reg.urn, {}, reg.inputs);
      expect(again.inputs.clientToken).toBe(checked.inputs.clientToken);
      const created = await host.create(reg.urn, again.inputs);
      expect(created.properties.batchId).toBe(listed[0]!.Id);
      expect(await batches()).toHaveLength(1);
      expect(emulator.stats().requests.CreateBatch).toBe(createsBefore + 1);
      await host.delete(created.id, reg.urn, created.properties);
    } finally {
      await doomed.close();
    }
  });
});
