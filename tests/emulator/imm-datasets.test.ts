/**
 * IMM datasets on the emulator (IMM API reference: CreateDataset and the dataset operations), through the
 * project's own ApiClient: defaults, not found (dataset and parent project), already exists, validation,
 * the per-project dataset quota, paging, and the refusal to delete a dataset with bindings or indexes.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { NO_RETRY, immClient, rejection } from "./support";

let emulator: RunningEmulator;
let client: ReturnType<typeof immClient>;
const P = "ds-project";

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { bindingScanMs: 20, indexMs: 5 } });
  client = immClient(emulator, { retry: NO_RETRY });
});
afterAll(() => emulator?.close());
beforeEach(async () => {
  emulator.reset();
  await client.call(imm.CreateProject, { ProjectName: P });
});

const settle = () => new Promise((r) => setTimeout(r, 80));

it("creates a dataset with the CreateDataset page's defaults and reads it back", async () => {
  const { Dataset } = await client.call(imm.CreateDataset, { ProjectName: P, DatasetName: "dataset001" });
  expect(Dataset).toEqual({
    ProjectName: P,
    DatasetName: "dataset001",
    Description: "",
    TemplateId: "",
    WorkflowParameters: [],
    DatasetMaxBindCount: 10,
    DatasetMaxFileCount: 100_000_000,
    DatasetMaxEntityCount: 10_000_000_000,
    DatasetMaxRelationCount: 100_000_000_000,
    DatasetMaxTotalFileSize: 90_000_000_000_000_000,
    BindCount: 0,
    FileCount: 0,
    TotalFileSize: 0,
    CreateTime: expect.any(String),
    UpdateTime: expect.any(String),
  });
  expect((await client.call(imm.GetDataset, { ProjectName: P, DatasetName: "dataset001" })).Dataset).toEqual(
    Dataset,
  );
  expect((await client.call(imm.GetProject, { ProjectName: P })).Project?.DatasetCount).toBe(1);
});

it("stores declared settings and updates only what is sent", async () => {
  await client.call(imm.CreateDataset, {
    ProjectName: P,
    DatasetName: "custom",
    Description: "photos",
    TemplateId: "Official:ImageManagement",
    DatasetMaxBindCount: 2,
    DatasetMaxFileCount: 50,
    WorkflowParameters: [{ Name: "n", Value: "v" }],
  });
  const { Dataset } = await client.call(imm.UpdateDataset, {
    ProjectName: P,
    DatasetName: "custom",
    DatasetMaxFileCount: 60,
  });
  expect(Dataset).toMatchObject({
    Description: "photos",
    TemplateId: "Official:ImageManagement",
    DatasetMaxBindCount: 2,
    DatasetMaxFileCount: 60,
    WorkflowParameters: [{ Name: "n", Value: "v" }],
  });
});

it("answers a duplicate name in the same project with ResourceAlreadyExists; other projects are separate", async () => {
  await client.call(imm.CreateDataset, { ProjectName: P, DatasetName: "same" });
  const error = await rejection(client.call(imm.CreateDataset, { ProjectName: P, DatasetName: "same" }));
  expect(error).toMatchObject({
    code: "ResourceAlreadyExists",
    apiMessage: "The specified resource dataset already exists.",
  });
  await client.call(imm.CreateProject, { ProjectName: "other" });
  await expect(
    client.call(imm.CreateDataset, { ProjectName: "other", DatasetName: "same" }),
  ).resolves.toBeDefined();
});

it("answers a missing dataset or a missing parent project with ResourceNotFound naming the resource", async () => {
  const missingDataset = await rejection(
    client.call(imm.GetDataset, { ProjectName: P, DatasetName: "none" }),
  );
  expect(missingDataset).toMatchObject({
    code: "ResourceNotFound",
    httpStatus: 404,
    apiMessage: "The specified resource dataset is not found.",
  });
  for (const call of [
    () => client.call(imm.CreateDataset, { ProjectName: "no-project", DatasetName: "d" }),
    () => client.call(imm.ListDatasets, { ProjectName: "no-project" }),
    () => client.call(imm.GetDataset, { ProjectName: "no-project", DatasetName: "d" }),
  ]) {
    expect((await rejection(call())).apiMessage).toBe("The specified resource project is not found.");
  }
  for (const call of [
    () => client.call(imm.UpdateDataset, { ProjectName: P, DatasetName: "none", Description: "x" }),
    () => client.call(imm.DeleteDataset, { ProjectName: P, DatasetName: "none" }),
  ]) {
    expect((await rejection(call())).isNotFound()).toBe(true);
  }
});

it.each([
  ["DatasetName starting with -", { DatasetName: "-x" }, "InvalidDatasetName"],
  ["DatasetName with a space", { DatasetName: "a b" }, "InvalidDatasetName"],
  ["DatasetName of 129 characters", { DatasetName: `d${"x".repeat(128)}` }, "InvalidDatasetName"],
  ["Description of 257 characters", { DatasetName: "d", Description: "x".repeat(257) }, "InvalidDescription"],
  ["DatasetMaxBindCount 11", { DatasetName: "d", DatasetMaxBindCount: 11 }, "InvalidDatasetMaxBindCount"],
  ["DatasetMaxFileCount 0", { DatasetName: "d", DatasetMaxFileCount: 0 }, "InvalidDatasetMaxFileCount"],
  [
    "DatasetMaxTotalFileSize 0",
    { DatasetName: "d", DatasetMaxTotalFileSize: 0 },
    "InvalidDatasetMaxTotalFileSize",
  ],
  [
    "a WorkflowParameter without Name",
    { DatasetName: "d", WorkflowParameters: [{ Value: "v" }] },
    "InvalidWorkflowParameters",
  ],
])("rejects %s, naming the parameter", async (_what, params, code) => {
  const error = await rejection(
    client.call(imm.CreateDataset, { ProjectName: P, ...(params as object) } as never),
  );
  expect(error).toMatchObject({ code, httpStatus: 400 });
  expect(error.apiMessage).toContain(`Specified parameter ${code.replace(/^Invalid/, "")} is not valid`);
  expect((await client.call(imm.ListDatasets, { ProjectName: P })).Datasets).toEqual([]);
});

it("enforces the project's ProjectMaxDatasetCount with LimitExceededError", async () => {
  await client.call(imm.CreateProject, { ProjectName: "small", ProjectMaxDatasetCount: 2 });
  await client.call(imm.CreateDataset, { ProjectName: "small", DatasetName: "a" });
  await client.call(imm.CreateDataset, { ProjectName: "small", DatasetName: "b" });
  const error = await rejection(client.call(imm.CreateDataset, { ProjectName: "small", DatasetName: "c" }));
  expect(error).toMatchObject({ code: "LimitExceededError", httpStatus: 400 });
  expect(error.apiMessage).toContain("ProjectMaxDatasetCount");
});

it("lists in name order with Prefix and paging", async () => {
  for (const name of ["c", "a", "b2", "b1"])
    await client.call(imm.CreateDataset, { ProjectName: P, DatasetName: name });
  const names = async (params: object) =>
    (await client.call(imm.ListDatasets, { ProjectName: P, ...params })).Datasets?.map((d) => d.DatasetName);
  expect(await names({})).toEqual(["a", "b1", "b2", "c"]);
  expect(await names({ Prefix: "b" })).toEqual(["b1", "b2"]);
  const first = await client.call(imm.ListDatasets, { ProjectName: P, MaxResults: 2 });
  expect(first.Datasets?.map((d) => d.DatasetName)).toEqual(["a", "b1"]);
  expect(await names({ MaxResults: 2, NextToken: first.NextToken })).toEqual(["b2", "c"]);
});

it("refuses to delete a dataset with bindings or indexed files, and deletes it once empty", async () => {
  const ids = { ProjectName: P, DatasetName: "busy" };
  await client.call(imm.CreateDataset, ids);
  await client.call(imm.CreateBinding, { ...ids, URI: "oss://busy-bucket" });
  const bound = await rejection(client.call(imm.DeleteDataset, ids));
  expect(bound).toMatchObject({ code: "InvalidArgument", httpStatus: 400 });
  expect(bound.apiMessage).toContain("still has 1 binding(s)");

  await settle();
  await client.call(imm.DeleteBinding, { ...ids, URI: "oss://busy-bucket" });
  const { Dataset } = await client.call(imm.GetDataset, { ...ids, WithStatistics: true });
  expect(Dataset?.FileCount).toBeGreaterThan(0);
  const indexed = await rejection(client.call(imm.DeleteDataset, ids));
  expect(indexed.apiMessage).toContain(`still has ${Dataset?.FileCount} indexed file(s)`);

  const { Files } = await client.call(imm.SimpleQuery, { ...ids, MaxResults: 100 });
  await client.call(imm.BatchDeleteFileMeta, { ...ids, URIs: Files!.map((f) => f.URI!) });
  await client.call(imm.DeleteDataset, ids);
  expect((await rejection(client.call(imm.GetDataset, ids))).isNotFound()).toBe(true);
});
