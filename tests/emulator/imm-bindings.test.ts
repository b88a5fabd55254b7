/**
 * IMM bindings on the emulator (IMM API reference: CreateBinding, GetBinding): the documented states over
 * the configured scan time, the synthetic OSS bucket (same bucket → same file metadata, every time, in
 * every emulator), not found / already exists, URI validation, and the per-dataset binding quota.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { NO_RETRY, immClient, rejection } from "./support";

let emulator: RunningEmulator;
let client: ReturnType<typeof immClient>;
const P = "bind-project";
const ids = { ProjectName: P, DatasetName: "photos" };
const SCAN_MS = 200;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { bindingScanMs: SCAN_MS } });
  client = immClient(emulator, { retry: NO_RETRY });
});
afterAll(() => emulator?.close());
beforeEach(async () => {
  emulator.reset();
  await client.call(imm.CreateProject, { ProjectName: P });
  await client.call(imm.CreateDataset, ids);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every indexed file of a dataset without the fields that depend on where and when it was indexed. */
async function bucketView(c: ReturnType<typeof immClient>, project: string, dataset: string) {
  const { Files } = await c.call(imm.SimpleQuery, {
    ProjectName: project,
    DatasetName: dataset,
    MaxResults: 100,
  });
  return Files!.map((file) => {
    const { ProjectName, DatasetName, ObjectId, CreateTime, UpdateTime, FileModifiedTime, ...rest } =
      file as Record<string, unknown>;
    void [ProjectName, DatasetName, ObjectId, CreateTime, UpdateTime, FileModifiedTime];
    return rest;
  });
}

it("moves Ready/FullScanning → Running/IncrementalScanning and indexes the bucket's objects", async () => {
  const created = await client.call(imm.CreateBinding, { ...ids, URI: "oss://holiday-photos" });
  expect(created.Binding).toEqual({
    ...ids,
    URI: "oss://holiday-photos",
    State: "Ready",
    Phase: "FullScanning",
    Reason: "",
    CreateTime: expect.any(String),
    UpdateTime: expect.any(String),
  });
  await sleep(SCAN_MS + 100);
  const { Binding } = await client.call(imm.GetBinding, { ...ids, URI: "oss://holiday-photos" });
  expect(Binding).toMatchObject({ State: "Running", Phase: "IncrementalScanning", Reason: "" });

  const files = await bucketView(client, P, "photos");
  expect(files.length).toBeGreaterThanOrEqual(6);
  for (const file of files) {
    expect(file).toMatchObject({
      URI: expect.stringMatching(
        /^oss:\/\/holiday-photos\/(photos|videos)\/\d{4}-\d{2}-[a-z]+\/(IMG|VID)_\d{4}\.(jpg|mp4)$/,
      ),
      ObjectStatus: "Indexed",
      MediaType: expect.stringMatching(/^(image|video)$/),
      Size: expect.any(Number),
      ProduceTime: expect.any(String),
      LatLong: expect.stringMatching(/^-?\d+\.\d+,-?\d+\.\d+$/),
      Addresses: [expect.objectContaining({ City: expect.any(String), Country: expect.any(String) })],
    });
  }
  const { Dataset } = await client.call(imm.GetDataset, { ...ids, WithStatistics: true });
  expect(Dataset).toMatchObject({ BindCount: 1, FileCount: files.length });
});

it("scans the same synthetic bucket to the same metadata every time, in any emulator", async () => {
  await client.call(imm.CreateDataset, { ProjectName: P, DatasetName: "copy" });
  await client.call(imm.CreateBinding, { ...ids, URI: "oss://same-bucket" });
  await client.call(imm.CreateBinding, { ProjectName: P, DatasetName: "copy", URI: "oss://same-bucket" });
  await client.call(imm.CreateDataset, { ProjectName: P, DatasetName: "different" });
  await client.call(imm.CreateBinding, {
    ProjectName: P,
    DatasetName: "different",
    URI: "oss://other-bucket",
  });

  const elsewhere = await startEmulator({ port: 0, timings: { bindingScanMs: 0 } });
  try {
    const other = immClient(elsewhere, { retry: NO_RETRY });
    await other.call(imm.CreateProject, { ProjectName: "x" });
    await other.call(imm.CreateDataset, { ProjectName: "x", DatasetName: "y" });
    await other.call(imm.CreateBinding, { ProjectName: "x", DatasetName: "y", URI: "oss://same-bucket" });
    await sleep(SCAN_MS + 100);

    const original = await bucketView(client, P, "photos");
    expect(original.length).toBeGreaterThan(0);
    expect(await bucketView(client, P, "copy")).toEqual(original);
    expect(await bucketView(other, "x", "y")).toEqual(original);
    const different = await bucketView(client, P, "different");
    expect(different.map((f) => f.ETag)).not.toEqual(original.map((f) => f.ETag));
  } finally {
    await elsewhere.close();
  }
});

it("answers a second binding of the same URI with ResourceAlreadyExists", async () => {
  await client.call(imm.CreateBinding, { ...ids, URI: "oss://twice" });
  const error = await rejection(client.call(imm.CreateBinding, { ...ids, URI: "oss://twice" }));
  expect(error).toMatchObject({
    code: "ResourceAlreadyExists",
    apiMessage: "The specified resource binding already exists.",
  });
});

it("answers unknown bindings, datasets and projects with ResourceNotFound", async () => {
  const cases: [() => Promise<unknown>, string][] = [
    [() => client.call(imm.GetBinding, { ...ids, URI: "oss://never-bound" }), "binding"],
    [() => client.call(imm.DeleteBinding, { ...ids, URI: "oss://never-bound" }), "binding"],
    [
      () => client.call(imm.CreateBinding, { ProjectName: P, DatasetName: "none", URI: "oss://b-1" }),
      "dataset",
    ],
    [() => client.call(imm.ListBindings, { ProjectName: "none", DatasetName: "photos" }), "project"],
  ];
  for (const [call, type] of cases) {
    const error = await rejection(call());
    expect(error).toMatchObject({
      code: "ResourceNotFound",
      apiMessage: `The specified resource ${type} is not found.`,
    });
  }
});

it.each([
  ["a bucket with a path", "oss://bucket-name/prefix/"],
  ["an http URL", "https://bucket-name.oss-cn-hangzhou.aliyuncs.com"],
  ["an invalid bucket name", "oss://Bucket_Name"],
])("rejects %s as URI, naming the parameter", async (_what, uri) => {
  const error = await rejection(client.call(imm.CreateBinding, { ...ids, URI: uri }));
  expect(error).toMatchObject({ code: "InvalidURI", httpStatus: 400 });
  expect(error.apiMessage).toContain("Specified parameter URI is not valid");
  expect(error.apiMessage).toContain(uri);
});

it("enforces DatasetMaxBindCount with LimitExceededError, and frees the slot on delete", async () => {
  await client.call(imm.CreateDataset, { ProjectName: P, DatasetName: "one-slot", DatasetMaxBindCount: 1 });
  const one = { ProjectName: P, DatasetName: "one-slot" };
  await client.call(imm.CreateBinding, { ...one, URI: "oss://first-bucket" });
  const error = await rejection(client.call(imm.CreateBinding, { ...one, URI: "oss://second-bucket" }));
  expect(error).toMatchObject({ code: "LimitExceededError", httpStatus: 400 });
  expect(error.apiMessage).toContain("DatasetMaxBindCount");
  await client.call(imm.DeleteBinding, { ...one, URI: "oss://first-bucket" });
  await expect(client.call(imm.CreateBinding, { ...one, URI: "oss://second-bucket" })).resolves.toBeDefined();
});

it("lists a dataset's bindings in URI order and pages them", async () => {
  for (const bucket of ["ccc", "aaa", "bbb"])
    await client.call(imm.CreateBinding, { ...ids, URI: `oss://${bucket}` });
  const all = await client.call(imm.ListBindings, ids);
  expect(all.Bindings?.map((b) => b.URI)).toEqual(["oss://aaa", "oss://bbb", "oss://ccc"]);
  const first = await client.call(imm.ListBindings, { ...ids, MaxResults: 2 });
  expect(first.Bindings).toHaveLength(2);
  const rest = await client.call(imm.ListBindings, { ...ids, MaxResults: 2, NextToken: first.NextToken });
  expect(rest.Bindings?.map((b) => b.URI)).toEqual(["oss://ccc"]);
  expect(rest.NextToken).toBeUndefined();
});

it("keeps the files a binding indexed after the binding is deleted (as IMM does)", async () => {
  await client.call(imm.CreateBinding, { ...ids, URI: "oss://kept-files" });
  await sleep(SCAN_MS + 100);
  const before = await bucketView(client, P, "photos");
  await client.call(imm.DeleteBinding, { ...ids, URI: "oss://kept-files" });
  expect((await client.call(imm.ListBindings, ids)).Bindings).toEqual([]);
  expect(await bucketView(client, P, "photos")).toEqual(before);
});
