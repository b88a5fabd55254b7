/**
 * IMM file metadata on the emulator (IMM API reference: IndexFileMeta and the file operations):
 * IndexFileMeta / BatchIndexFileMeta return only an EventId and index asynchronously; GetFileMeta,
 * SimpleQuery, DeleteFileMeta and BatchDeleteFileMeta; validation of InputFile fields with messages naming
 * the field path; the per-dataset file quota.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { NO_RETRY, expectErrorBody, immClient, rejection, send, signAcs3 } from "./support";

let emulator: RunningEmulator;
let client: ReturnType<typeof immClient>;
const P = "files-project";
const ids = { ProjectName: P, DatasetName: "docs" };
// Long enough that the GetFileMeta right after IndexFileMeta still comes first on a loaded machine.
const INDEX_MS = 300;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { indexMs: INDEX_MS } });
  client = immClient(emulator, { retry: NO_RETRY });
});
afterAll(() => emulator?.close());
beforeEach(async () => {
  emulator.reset();
  await client.call(imm.CreateProject, { ProjectName: P });
  await client.call(imm.CreateDataset, ids);
});

const indexed = () => new Promise((r) => setTimeout(r, INDEX_MS + 100));

it("indexes one file asynchronously: EventId now, the File model once indexed", async () => {
  const answer = await client.call(imm.IndexFileMeta, {
    ...ids,
    File: {
      URI: "oss://my-bucket/reports/q1.pdf",
      CustomId: "report-1",
      CustomLabels: { quarter: "Q1" },
      ProduceTime: "2021-06-29T14:50:13.011643661+08:00",
    },
    UserData: '{"id":"u1"}',
    Notification: { MNS: { TopicName: "topic1" } },
  });
  expect(Object.keys(answer).sort()).toEqual(["EventId", "RequestId"]);
  expect(answer.EventId).toMatch(/^[0-9A-F]{3}-[0-9a-f]{24}$/);

  // Not there yet: indexing takes indexMs.
  const early = await rejection(
    client.call(imm.GetFileMeta, { ...ids, URI: "oss://my-bucket/reports/q1.pdf" }),
  );
  expect(early).toMatchObject({
    code: "ResourceNotFound",
    apiMessage: "The specified resource file is not found.",
  });

  await indexed();
  const { Files } = await client.call(imm.GetFileMeta, { ...ids, URI: "oss://my-bucket/reports/q1.pdf" });
  expect(Files).toHaveLength(1);
  expect(Files![0]).toMatchObject({
    URI: "oss://my-bucket/reports/q1.pdf",
    OSSURI: "oss://my-bucket/reports/q1.pdf",
    ...ids,
    Filename: "q1.pdf",
    MediaType: "document",
    ObjectStatus: "Indexed",
    ObjectType: "file",
    CustomId: "report-1",
    CustomLabels: { quarter: "Q1" },
    ProduceTime: "2021-06-29T14:50:13.011643661+08:00",
    Size: expect.any(Number),
    ObjectId: expect.stringMatching(/^[0-9a-f]{32}$/),
  });

  const narrowed = await client.call(imm.GetFileMeta, {
    ...ids,
    URI: "oss://my-bucket/reports/q1.pdf",
    WithFields: ["Size", "MediaType"],
  });
  expect(Object.keys(narrowed.Files![0]!).sort()).toEqual(["MediaType", "Size", "URI"]);
});

it("indexes a batch, lists it with SimpleQuery filters, and deletes files", async () => {
  await client.call(imm.BatchIndexFileMeta, {
    ...ids,
    Files: [
      { URI: "oss://my-bucket/a.jpg", Size: 10 },
      { URI: "oss://my-bucket/b.jpg", Size: 30 },
      { URI: "oss://my-bucket/c.mp4", Size: 20 },
      { URI: "pds://domains/d1/drives/1/files/abc" },
    ],
  });
  await indexed();
  const uris = async (query?: object) =>
    (await client.call(imm.SimpleQuery, { ...ids, ...(query ? { Query: query } : {}) })).Files!.map(
      (f) => f.URI,
    );
  expect(await uris()).toEqual([
    "oss://my-bucket/a.jpg",
    "oss://my-bucket/b.jpg",
    "oss://my-bucket/c.mp4",
    "pds://domains/d1/drives/1/files/abc",
  ]);
  expect(await uris({ Field: "MediaType", Operation: "eq", Value: "image" })).toEqual([
    "oss://my-bucket/a.jpg",
    "oss://my-bucket/b.jpg",
  ]);
  expect(
    await uris({
      Operation: "and",
      SubQueries: [
        { Field: "Size", Operation: "gte", Value: "20" },
        { Field: "URI", Operation: "prefix", Value: "oss://" },
      ],
    }),
  ).toEqual(["oss://my-bucket/b.jpg", "oss://my-bucket/c.mp4"]);
  const { TotalHits } = await client.call(imm.SimpleQuery, { ...ids, MaxResults: 1 });
  expect(TotalHits).toBe(4);

  // DeleteFileMeta is not in the provider's operation table (it does not need it): a raw signed call.
  const deleteFileMeta = (uri: string) =>
    send(
      emulator,
      signAcs3({ host: new URL(emulator.url).host, action: "DeleteFileMeta", query: { ...ids, URI: uri } }),
    );
  expect((await deleteFileMeta("oss://my-bucket/a.jpg")).status).toBe(200);
  await client.call(imm.BatchDeleteFileMeta, {
    ...ids,
    URIs: ["oss://my-bucket/b.jpg", "oss://my-bucket/never-indexed.jpg"],
  });
  expect(await uris()).toEqual(["oss://my-bucket/c.mp4", "pds://domains/d1/drives/1/files/abc"]);
  expectErrorBody(await deleteFileMeta("oss://my-bucket/a.jpg"), 404, "ResourceNotFound");
});

it("re-indexing a URI updates the file in place rather than adding a second one", async () => {
  await client.call(imm.IndexFileMeta, { ...ids, File: { URI: "oss://my-bucket/x.jpg", CustomId: "v1" } });
  await indexed();
  await client.call(imm.IndexFileMeta, { ...ids, File: { URI: "oss://my-bucket/x.jpg", CustomId: "v2" } });
  await indexed();
  const { Files } = await client.call(imm.SimpleQuery, ids);
  expect(Files).toHaveLength(1);
  expect(Files![0]).toMatchObject({ CustomId: "v2" });
});

it("enforces DatasetMaxFileCount with LimitExceededError before accepting the request", async () => {
  const small = { ProjectName: P, DatasetName: "small" };
  await client.call(imm.CreateDataset, { ...small, DatasetMaxFileCount: 2 });
  await client.call(imm.BatchIndexFileMeta, {
    ...small,
    Files: [{ URI: "oss://b-1/1.jpg" }, { URI: "oss://b-1/2.jpg" }],
  });
  await indexed();
  const error = await rejection(
    client.call(imm.IndexFileMeta, { ...small, File: { URI: "oss://b-1/3.jpg" } }),
  );
  expect(error).toMatchObject({ code: "LimitExceededError", httpStatus: 400 });
  expect(error.apiMessage).toContain("DatasetMaxFileCount");
  // Re-indexing an existing file does not count against the quota.
  await expect(
    client.call(imm.IndexFileMeta, { ...small, File: { URI: "oss://b-1/1.jpg" } }),
  ).resolves.toBeDefined();
});

it("answers an unknown dataset or project with ResourceNotFound", async () => {
  const error = await rejection(
    client.call(imm.IndexFileMeta, { ProjectName: P, DatasetName: "none", File: { URI: "oss://b-1/1.jpg" } }),
  );
  expect(error.apiMessage).toBe("The specified resource dataset is not found.");
  const project = await rejection(
    client.call(imm.GetFileMeta, { ProjectName: "none", DatasetName: "d", URI: "oss://b-1/1.jpg" }),
  );
  expect(project.apiMessage).toBe("The specified resource project is not found.");
});

describe("validation, naming the field", () => {
  it.each([
    ["a File without URI", { File: { CustomId: "x" } }, "InvalidFile", "File.URI"],
    ["an http URI", { File: { URI: "https://example.com/a.jpg" } }, "InvalidFile", "File.URI"],
    ["a bucket without a key", { File: { URI: "oss://bucket-only" } }, "InvalidFile", "File.URI"],
    [
      "an unknown MediaType",
      { File: { URI: "oss://b-1/a", MediaType: "hologram" } },
      "InvalidFile",
      "File.MediaType",
    ],
    [
      "a ProduceTime that is not RFC 3339",
      { File: { URI: "oss://b-1/a", ProduceTime: "yesterday" } },
      "InvalidFile",
      "File.ProduceTime",
    ],
    [
      "CustomLabels that are not an object",
      { File: { URI: "oss://b-1/a", CustomLabels: ["x"] } },
      "InvalidFile",
      "File.CustomLabels",
    ],
  ])("IndexFileMeta rejects %s", async (_what, params, code, path) => {
    const error = await rejection(client.call(imm.IndexFileMeta, { ...ids, ...(params as object) } as never));
    expect(error).toMatchObject({ code, httpStatus: 400 });
    expect(error.apiMessage).toContain(`Specified parameter ${path} is not valid`);
  });

  it("BatchIndexFileMeta rejects an empty list, more than 100 files, and names the bad element", async () => {
    expect(
      (await rejection(client.call(imm.BatchIndexFileMeta, { ...ids, Files: [] }))).apiMessage,
    ).toContain("must hold 1 to 100 files (got 0)");
    const many = Array.from({ length: 101 }, (_, i) => ({ URI: `oss://b-1/${i}.jpg` }));
    expect((await rejection(client.call(imm.BatchIndexFileMeta, { ...ids, Files: many }))).code).toBe(
      "InvalidFiles",
    );
    const bad = await rejection(
      client.call(imm.BatchIndexFileMeta, {
        ...ids,
        Files: [{ URI: "oss://b-1/ok.jpg" }, { URI: "ftp://x/y" }],
      }),
    );
    expect(bad).toMatchObject({ code: "InvalidFiles" });
    expect(bad.apiMessage).toContain("Files[1].URI");
    await indexed();
    expect((await client.call(imm.SimpleQuery, ids)).Files).toEqual([]); // nothing from a rejected batch
  });

  it("rejects a File that is not JSON with InvalidJSON", async () => {
    const raw = signAcs3({
      host: new URL(emulator.url).host,
      action: "IndexFileMeta",
      query: { ...ids, File: "{oops" },
    });
    const response = await send(emulator, raw);
    expectErrorBody(response, 400, "InvalidJSON");
    expect(response.json.Message).toContain("File");
  });

  it("rejects an unsupported SimpleQuery operation or a leaf without Field, even on an empty dataset", async () => {
    const unsupported = await rejection(
      client.call(imm.SimpleQuery, { ...ids, Query: { Field: "Size", Operation: "near", Value: "1" } }),
    );
    expect(unsupported).toMatchObject({ code: "InvalidQuery" });
    expect(unsupported.apiMessage).toContain('"near"');
    const leaf = await rejection(
      client.call(imm.SimpleQuery, {
        ...ids,
        Query: { Operation: "and", SubQueries: [{ Operation: "eq", Value: "1" }] },
      }),
    );
    expect(leaf).toMatchObject({ code: "InvalidQuery" });
    expect(leaf.apiMessage).toContain("Query.SubQueries[0]");
  });
});
