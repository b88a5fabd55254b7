/**
 * "A real Alibaba client that nobody on this project wrote can use it with only its endpoint and keys
 * changed." Three clients from npm, none of them ours, run the IMM project / dataset / binding / file
 * operations against the emulator, configured exactly as against the cloud except for the endpoint
 * and keys:
 * - @alicloud/openapi-client (the runtime the official product SDKs are generated on), used directly
 *   with its default ACS3-HMAC-SHA256 signature and with `signatureAlgorithm: 'v2'` (legacy RPC
 *   HMAC-SHA1, everything in the query);
 * - @alicloud/pop-core (the older generic RPC client; HMAC-SHA1, GET with everything in the query, or
 *   POST with everything in the form body), a devDependency for this test only.
 * The product SDKs (@alicloud/imm20200930, @alicloud/ice20201109) are not on the npm registry used here
 * (`npm view` answers 404), so the generic clients are the proof.
 */
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import * as $Util from "@alicloud/tea-util";
import RPCClient = require("@alicloud/pop-core");
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ice as iceOps, imm as immOps } from "../../provider/operations";
import { KEY_ID, KEY_SECRET } from "./support";

type Params = Record<string, string>;
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Failure {
  code: string;
  status?: number;
  requestId?: string;
}
type Caller = (action: string, params: Params) => Promise<Body>;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { bindingScanMs: 20, indexMs: 5 } });
});
afterAll(() => emulator?.close());

function openApiCaller(options: { signatureAlgorithm?: "v2"; secret?: string } = {}): Caller {
  const client = new OpenApi(
    new $OpenApi.Config({
      accessKeyId: KEY_ID,
      accessKeySecret: options.secret ?? KEY_SECRET,
      endpoint: new URL(emulator.url).host,
      protocol: "http",
      ...(options.signatureAlgorithm ? { signatureAlgorithm: options.signatureAlgorithm } : {}),
    }),
  );
  return async (action, params) => {
    const request = new $OpenApi.OpenApiRequest({ query: params });
    const apiParams = new $OpenApi.Params({
      action,
      version: "2020-09-30",
      protocol: "HTTPS",
      pathname: "/",
      method: "POST",
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    });
    try {
      const response = await client.callApi(apiParams, request, new $Util.RuntimeOptions({}));
      return response.body as Body;
    } catch (error) {
      const e = error as { code?: string; statusCode?: number; data?: Body };
      throw { code: e.code, status: e.statusCode, requestId: e.data?.RequestId } satisfies Partial<Failure>;
    }
  };
}

function popCoreCaller(method: "GET" | "POST", secret = KEY_SECRET): Caller {
  const client = new RPCClient({
    accessKeyId: KEY_ID,
    accessKeySecret: secret,
    endpoint: emulator.url,
    apiVersion: "2020-09-30",
  });
  return async (action, params) => {
    try {
      return (await client.request(action, params, { method, timeout: 10_000 })) as Body;
    } catch (error) {
      const e = error as { code?: string; data?: Body };
      throw { code: e.code, requestId: e.data?.RequestId } satisfies Partial<Failure>;
    }
  };
}

const clients: [string, () => Caller, (secret: string) => Caller][] = [
  [
    "@alicloud/openapi-client (ACS3-HMAC-SHA256)",
    () => openApiCaller(),
    (secret) => openApiCaller({ secret }),
  ],
  [
    "@alicloud/openapi-client (signatureAlgorithm v2, HMAC-SHA1)",
    () => openApiCaller({ signatureAlgorithm: "v2" }),
    (secret) => openApiCaller({ signatureAlgorithm: "v2", secret }),
  ],
  ["@alicloud/pop-core (GET)", () => popCoreCaller("GET"), (secret) => popCoreCaller("GET", secret)],
  [
    "@alicloud/pop-core (POST form body)",
    () => popCoreCaller("POST"),
    (secret) => popCoreCaller("POST", secret),
  ],
];

async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    return error as Failure;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(clients)("%s", (label, make, withSecret) => {
  const slug = label
    .replace(/[^a-z0-9]+/gi, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase()
    .slice(0, 60);
  const project = `tp-${slug}`;
  const dataset = "album";
  const bucket = `tp-${slug.slice(0, 30)}-bucket`.replace(/-+/g, "-");

  it("manages projects: create, already exists, get, update, list, validation", async () => {
    const call = make();
    const created = await call("CreateProject", {
      ProjectName: project,
      Description: "made by a third-party client: spaces, +, !'()*",
      DatasetMaxBindCount: "3",
      Tag: JSON.stringify([{ Key: "owner", Value: "third party" }]),
    });
    expect(created.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(created.Project).toMatchObject({
      ProjectName: project,
      Description: "made by a third-party client: spaces, +, !'()*",
      DatasetMaxBindCount: 3,
      ServiceRole: "AliyunIMMDefaultRole",
      ProjectQueriesPerSecond: 100,
      Tags: [{ TagKey: "owner", TagValue: "third party" }],
    });
    expect(String(created.Project.DatasetMaxTotalFileSize)).toBe("90000000000000000");

    expect(await failure(call("CreateProject", { ProjectName: project }))).toMatchObject({
      code: "ResourceAlreadyExists",
      requestId: expect.any(String),
    });
    const got = await call("GetProject", { ProjectName: project, WithStatistics: "true" });
    expect(got.Project).toMatchObject({ ProjectName: project, DatasetCount: 0, FileCount: 0 });
    const updated = await call("UpdateProject", { ProjectName: project, Description: "updated" });
    expect(updated.Project).toMatchObject({ Description: "updated", DatasetMaxBindCount: 3 });
    const listed = await call("ListProjects", { Prefix: project, MaxResults: "10" });
    expect(listed.Projects.map((p: Body) => p.ProjectName)).toEqual([project]);
    expect(await failure(call("CreateProject", { ProjectName: "9-starts-with-a-digit" }))).toMatchObject({
      code: "InvalidProjectName",
    });
  });

  it("manages datasets, bindings and file metadata, then cleans everything up", async () => {
    const call = make();
    const ids = { ProjectName: project, DatasetName: dataset };
    const createdDataset = await call("CreateDataset", {
      ...ids,
      Description: "photos",
      DatasetMaxFileCount: "1000",
    });
    expect(createdDataset.Dataset).toMatchObject({ ...ids, DatasetMaxFileCount: 1000, BindCount: 0 });
    expect((await call("UpdateDataset", { ...ids, Description: "all photos" })).Dataset.Description).toBe(
      "all photos",
    );
    expect((await call("ListDatasets", { ProjectName: project })).Datasets).toHaveLength(1);
    expect(await failure(call("GetDataset", { ...ids, DatasetName: "none" }))).toMatchObject({
      code: "ResourceNotFound",
    });

    const created = await call("CreateBinding", { ...ids, URI: `oss://${bucket}` });
    expect(created.Binding).toMatchObject({ URI: `oss://${bucket}`, State: "Ready", Phase: "FullScanning" });
    await call("IndexFileMeta", {
      ...ids,
      File: JSON.stringify({ URI: "oss://other-bucket/notes/readme.txt", CustomLabels: { kind: "note" } }),
    });
    await call("BatchIndexFileMeta", {
      ...ids,
      Files: JSON.stringify([{ URI: "oss://other-bucket/a.jpg" }, { URI: "oss://other-bucket/b.mp4" }]),
    });
    await sleep(100); // timings: scan 20 ms, index 5 ms

    const binding = await call("GetBinding", { ...ids, URI: `oss://${bucket}` });
    expect(binding.Binding).toMatchObject({ State: "Running", Phase: "IncrementalScanning" });
    expect((await call("ListBindings", ids)).Bindings).toHaveLength(1);
    const meta = await call("GetFileMeta", { ...ids, URI: "oss://other-bucket/notes/readme.txt" });
    expect(meta.Files[0]).toMatchObject({
      ObjectStatus: "Indexed",
      MediaType: "document",
      CustomLabels: { kind: "note" },
    });
    const query = await call("SimpleQuery", {
      ...ids,
      Query: JSON.stringify({ Field: "MediaType", Operation: "eq", Value: "video" }),
      MaxResults: "100",
    });
    expect(query.Files.length).toBeGreaterThan(0);
    expect(query.Files.every((f: Body) => f.MediaType === "video")).toBe(true);

    // Not empty yet: the dataset and the project refuse to go.
    expect((await failure(call("DeleteDataset", ids))).code).toBe("InvalidArgument");
    expect((await failure(call("DeleteProject", { ProjectName: project }))).code).toBe("InvalidArgument");

    await call("DeleteBinding", { ...ids, URI: `oss://${bucket}` });
    const all = await call("SimpleQuery", { ...ids, MaxResults: "100" });
    const uris: string[] = all.Files.map((f: Body) => f.URI);
    expect(uris.length).toBe(all.TotalHits);
    await call("DeleteFileMeta", { ...ids, URI: uris[0]! });
    await call("BatchDeleteFileMeta", { ...ids, URIs: JSON.stringify(uris.slice(1)) });
    await call("DeleteDataset", ids);
    await call("DeleteProject", { ProjectName: project });
    expect(await failure(call("GetProject", { ProjectName: project }))).toMatchObject({
      code: "ResourceNotFound",
    });
  });

  it("is refused with the documented code when its secret is wrong", async () => {
    const error = await failure(withSecret("not-the-secret")("ListProjects", {}));
    expect(error.code).toBe("SignatureDoesNotMatch");
  });
});

describe("afterwards", () => {
  it("counted every third-party request in /__emulator/stats", () => {
    const { requests } = emulator.stats();
    // Each client: CreateProject, its duplicate and an invalid name; DeleteProject refused, then done.
    expect(requests.CreateProject).toBe(clients.length * 3);
    expect(requests.DeleteProject).toBe(clients.length * 2);
  });
});

describe("every operation in the provider's operation table", () => {
  const operations = ([...Object.values(immOps), ...Object.values(iceOps)] as unknown[]).filter(
    (value): value is { action: string; version: string } =>
      typeof value === "object" && value !== null && "action" in value && "version" in value,
  );

  it("is routed to a handler (called bare by pop-core: a success or a documented parameter error)", async () => {
    expect(operations.length).toBeGreaterThan(30);
    const unrouted: string[] = [];
    for (const op of operations) {
      const client = new RPCClient({
        accessKeyId: KEY_ID,
        accessKeySecret: KEY_SECRET,
        endpoint: emulator.url,
        apiVersion: op.version,
      });
      try {
        const body = (await client.request(op.action, {}, { method: "POST" })) as Body;
        expect(body.RequestId).toEqual(expect.any(String));
      } catch (error) {
        const e = error as { code?: string; data?: Body };
        expect(e.data?.RequestId).toEqual(expect.any(String));
        if (e.code === "InvalidApi.NotFound" || e.code === "InternalError")
          unrouted.push(`${op.action}: ${e.code}`);
      }
    }
    expect(unrouted).toEqual([]);
  });
});
