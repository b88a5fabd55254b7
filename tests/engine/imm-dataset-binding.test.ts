/**
 * imm.Dataset and imm.Binding through the REAL @pulumi/pulumi dynamic-provider host, driven over gRPC
 * the way the engine drives it, with serialized providers from the compiled program-side classes,
 * against the local emulator: the full lifecycle of each, the forceDestroy rule, and a binding whose
 * scan fails being recorded as partial state (with `__provider`) and repaired by the next update.
 */
import path from "node:path";
import { imm } from "../../provider/operations";
import { captureRegistrations } from "../harness/registrations";
import type { ProviderHost } from "../harness/provider-host";
import { ProviderRpcError } from "../harness/rpc-error";
import { startEngineFixture, type Emulator, type EngineFixture } from "../support/engine-fixture";

type Registration = { type: string; name: string; urn: string; inputs: Record<string, unknown> };
type Props = Record<string, unknown>;

const media = require(path.resolve(__dirname, "../../dist/sdk")) as typeof import("../../sdk");

const ACCESS_KEY_ID = "engine-ds-id";
const ACCESS_KEY_SECRET = "engine-ds-secret-do-not-leak";
const PROJECT = "engine-ds-project";

let fixture: EngineFixture;
let emulator: Emulator;
let host: ProviderHost;
let regs: Record<string, Registration>;

const outOfBand = () => fixture.outOfBand("imm");
const requestCount = async () => fixture.requestCount();

/** Check then create, as the engine does for a new resource. */
async function checkAndCreate(reg: Registration, overrides: Props = {}) {
  const checked = await host.check(reg.urn, {}, { ...reg.inputs, ...overrides });
  expect(checked.failures).toEqual([]);
  const created = await host.create(reg.urn, checked.inputs);
  return { inputs: checked.inputs, id: created.id, state: created.properties };
}

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    timings: { bindingScanMs: 200 },
  });
  ({ emulator, host } = fixture);
  await outOfBand().call(imm.CreateProject, { ProjectName: PROJECT });
  const registrations = (await captureRegistrations(
    () => {
      new media.imm.Dataset("photos", { projectName: PROJECT, description: "photos" });
      new media.imm.Binding("bucket", {
        projectName: PROJECT,
        datasetName: "ds-bound",
        uri: "oss://eng-bucket",
      });
    },
    { project: "enginetest", stack: "dev" },
  )) as Registration[];
  regs = Object.fromEntries(registrations.map((r) => [r.name, r]));
});

afterAll(() => fixture?.close());

describe("imm.Dataset through the provider host", () => {
  let id: string;
  let state: Props;
  let inputs: Props;

  it("refuses bad input at check, every failure at once, with zero API calls", async () => {
    const reg = regs.photos!;
    const before = await requestCount();
    const result = await host.check(
      reg.urn,
      {},
      {
        ...reg.inputs,
        datasetName: "9starts-with-digit",
        datasetMaxBindCount: 0,
        description: "x".repeat(300),
      },
    );
    expect(result.failures.map((f) => f.property).sort()).toEqual([
      "datasetMaxBindCount",
      "datasetName",
      "description",
    ]);
    expect(result.failures.find((f) => f.property === "datasetMaxBindCount")?.reason).toMatch(
      /between 1 and 10/,
    );
    expect(await requestCount()).toBe(before);
  });

  it("creates with an auto-name, reads back, and shows no diff", async () => {
    ({ id, state, inputs } = await checkAndCreate(regs.photos!));
    expect(inputs.datasetName).toMatch(/^photos-[0-9a-f]{8}$/);
    expect(id).toBe(`${PROJECT}/${inputs.datasetName as string}`);
    expect(state).toMatchObject({ description: "photos", bindCount: 0, fileCount: 0 });
    expect(JSON.stringify(state)).not.toContain(ACCESS_KEY_SECRET);
    const read = await host.read(id, regs.photos!.urn, state, inputs);
    expect(read.id).toBe(id);
    expect((await host.diff(id, regs.photos!.urn, read.properties, inputs)).changes).toBe("none");
    expect((await host.diff(id, regs.photos!.urn, read.properties, read.inputs ?? {})).changes).toBe("none");
  });

  it("updates quotas and description in place, and replaces (delete first) on a new name", async () => {
    const reg = regs.photos!;
    const news = (
      await host.check(reg.urn, inputs, { ...reg.inputs, description: "all", datasetMaxBindCount: 3 })
    ).inputs;
    expect(await host.diff(id, reg.urn, state, news)).toMatchObject({ changes: "some", replaces: [] });
    const updated = await host.update(id, reg.urn, state, news);
    expect(updated.properties).toMatchObject({ description: "all", datasetMaxBindCount: "3" });
    state = updated.properties;
    inputs = news;
    const renamed = (await host.check(reg.urn, inputs, { ...reg.inputs, datasetName: "photos-two" })).inputs;
    expect(await host.diff(id, reg.urn, state, renamed)).toMatchObject({
      changes: "some",
      replaces: ["datasetName"],
      deleteBeforeReplace: true,
    });
  });

  it("reads an out-of-band deletion as gone, and deleting it again succeeds", async () => {
    await outOfBand().call(imm.DeleteDataset, {
      ProjectName: PROJECT,
      DatasetName: inputs.datasetName as string,
    });
    const read = await host.read(id, regs.photos!.urn, state, inputs);
    expect(read.id).toBe("");
    await expect(host.delete(id, regs.photos!.urn, state)).resolves.toBeUndefined();
  });
});

describe("imm.Binding through the provider host", () => {
  const dataset = { ProjectName: PROJECT, DatasetName: "ds-bound" };

  beforeAll(async () => {
    await outOfBand().call(imm.CreateDataset, dataset);
  });

  afterEach(() => emulator.clearFaults());

  it("records a binding whose scan failed as partial state, and the next update binds it again", async () => {
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateBinding"] });
    const reg = regs.bucket!;
    const checked = await host.check(reg.urn, {}, reg.inputs);
    const failure = await host.create(reg.urn, checked.inputs).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderRpcError);
    const partial = (failure as ProviderRpcError).partial!;
    expect(partial.id).toBe(`${PROJECT}/ds-bound/oss://eng-bucket`);
    expect(partial.properties.state).toBe("Failed");
    // Without __provider in the recorded properties, a later delete or refresh could not run.
    expect(String(partial.properties.__provider)).toContain("pulumi-alicloud-media/provider");

    // The engine's next up runs an update even without a diff: the failed binding is bound again.
    emulator.clearFaults();
    const repaired = await host.update(partial.id, reg.urn, partial.properties, checked.inputs);
    expect(repaired.properties).toMatchObject({ state: "Running", uri: "oss://eng-bucket" });

    // A binding removed out of band is bound again by the next update too, under the same ID.
    await outOfBand().call(imm.DeleteBinding, { ...dataset, URI: "oss://eng-bucket" });
    const rebound = await host.update(partial.id, reg.urn, repaired.properties, checked.inputs);
    expect(rebound.properties.state).toBe("Running");
    await host.delete(partial.id, reg.urn, rebound.properties);
  });

  it("creates and waits until scanning, shows no diff, replaces on a new bucket, deletes", async () => {
    const reg = regs.bucket!;
    const { id, state, inputs } = await checkAndCreate(reg);
    expect(state).toMatchObject({ state: "Running", uri: "oss://eng-bucket" });
    const read = await host.read(id, reg.urn, state, inputs);
    expect((await host.diff(id, reg.urn, read.properties, inputs)).changes).toBe("none");
    const waitChanged = (await host.check(reg.urn, inputs, { ...reg.inputs, waitTimeoutSeconds: 5 })).inputs;
    expect((await host.diff(id, reg.urn, state, waitChanged)).changes).toBe("none");
    const moved = (await host.check(reg.urn, inputs, { ...reg.inputs, uri: "oss://eng-bucket-2" })).inputs;
    expect(await host.diff(id, reg.urn, state, moved)).toMatchObject({
      replaces: ["uri"],
      deleteBeforeReplace: true,
    });

    // The dataset now has a binding: deleting the dataset without forceDestroy says what to do.
    const dsReg = regs.photos!;
    const dsInputs = (await host.check(dsReg.urn, {}, { ...dsReg.inputs, datasetName: "ds-bound" })).inputs;
    const dsState = (await host.read(`${PROJECT}/ds-bound`, dsReg.urn, dsInputs, dsInputs)).properties;
    await expect(host.delete(`${PROJECT}/ds-bound`, dsReg.urn, dsState)).rejects.toThrow(/forceDestroy/);

    await host.delete(id, reg.urn, state);
    expect((await host.read(id, reg.urn, state, inputs)).id).toBe("");
  });
});
