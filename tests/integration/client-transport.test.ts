/**
 * The ApiClient over real HTTP (the real @alicloud/openapi-client) against a scripted loopback server:
 * what goes on the wire, how errors map, and how the retry policy behaves.
 */
import { imm, ice } from "../../provider/operations";
import {
  AlibabaApiError,
  ApiClient,
  createOpenApi,
  registerSecret,
  type RetrySettings,
} from "../../provider/runtime";
import { apiError, ScriptedServer } from "../support/scripted-server";

const FAST_RETRY: RetrySettings = { maxAttempts: 4, initialDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 10_000 };
const KEYS = { accessKeyId: "test-key-id", accessKeySecret: "test-key-secret-value" };

let server: ScriptedServer;
let client: (product: "imm" | "ice", retry?: RetrySettings) => ApiClient;

beforeAll(async () => {
  server = await ScriptedServer.start();
  client = (product, retry = FAST_RETRY) =>
    new ApiClient(createOpenApi(server.endpoint, KEYS), product, { retry, readTimeoutMs: 2_000 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const projectBody = { RequestId: "R1", Project: { ProjectName: "p1" } };

describe("wire format", () => {
  it("sends CreateStory's Notification/Tags/UserData in the query and the rest in the form body", async () => {
    server.reply({ status: 200, body: { RequestId: "R", TaskId: "CreateStory-1" } });
    await client("imm").call(imm.CreateStory, {
      ProjectName: "p1",
      DatasetName: "d1",
      StoryType: "TimeMemory",
      ObjectId: "story-1",
      MinFileCount: 2,
      CustomLabels: { a: "b" },
      Notification: { MNS: { TopicName: "t" } },
      Tags: { k: "v" },
      UserData: "{}",
    });
    const [request] = server.requests;
    expect(request!.method).toBe("POST");
    expect(request!.headers["x-acs-action"]).toBe("CreateStory");
    expect(request!.headers["x-acs-version"]).toBe("2020-09-30");
    expect(request!.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=test-key-id,SignedHeaders=/);
    expect(Object.fromEntries(request!.url.searchParams)).toEqual({
      Notification: '{"MNS":{"TopicName":"t"}}',
      Tags: '{"k":"v"}',
      UserData: "{}",
    });
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      ProjectName: "p1",
      DatasetName: "d1",
      StoryType: "TimeMemory",
      ObjectId: "story-1",
      MinFileCount: "2",
      CustomLabels: '{"a":"b"}',
    });
  });

  it("sends numbers and booleans as strings, int64 strings verbatim, and ICE Timeline in the body", async () => {
    server.reply({ status: 200, body: projectBody });
    await client("imm").call(imm.CreateProject, {
      ProjectName: "p1",
      DatasetMaxBindCount: 3,
      DatasetMaxTotalFileSize: "90000000000000001",
      Tag: [{ Key: "env", Value: "dev" }],
    });
    expect(Object.fromEntries(server.requests[0]!.url.searchParams)).toEqual({
      ProjectName: "p1",
      DatasetMaxBindCount: "3",
      DatasetMaxTotalFileSize: "90000000000000001",
      Tag: '[{"Key":"env","Value":"dev"}]',
    });
    expect(server.requests[0]!.body).toBe("");

    server.reply({ status: 200, body: { RequestId: "R", Project: { ProjectId: "e1", Status: 1 } } });
    await client("ice").call(ice.CreateEditingProject, { Title: "t", Timeline: '{"VideoTracks":[]}' });
    const sent = server.requests[1]!;
    expect(sent.headers["x-acs-version"]).toBe("2020-11-09");
    expect(Object.fromEntries(sent.url.searchParams)).toEqual({ Title: "t" });
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({ Timeline: '{"VideoTracks":[]}' });
  });

  it("refuses a bad request before sending anything", async () => {
    await expect(
      client("imm").call(imm.CreateProject, { ProjectName: "p", DatasetMaxBindCount: 1.5 }),
    ).rejects.toThrow("CreateProject.DatasetMaxBindCount must be an integer within ±2^53");
    await expect(client("imm").call(imm.GetProject, {} as never)).rejects.toThrow(
      "GetProject.ProjectName is required",
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("errors", () => {
  it("maps an API error answer to an actionable message with code, message and request id", async () => {
    server.reply(apiError(400, "ResourceAlreadyExists", "The specified resource dataset already exists."));
    const error = await client("imm")
      .call(imm.CreateDataset, { ProjectName: "p", DatasetName: "d" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlibabaApiError);
    const apiErr = error as AlibabaApiError;
    expect(apiErr.message).toBe(
      "CreateDataset failed: ResourceAlreadyExists: The specified resource dataset already exists. (request id REQ-ResourceAlreadyExists)",
    );
    expect(apiErr).toMatchObject({ action: "CreateDataset", code: "ResourceAlreadyExists", httpStatus: 400 });
    expect(apiErr.isAlreadyExists()).toBe(true);
    expect(apiErr.isRetryable()).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it("recognises not-found answers from both products", async () => {
    server.reply(apiError(404, "ResourceNotFound"), apiError(404, "ProjectNotFound"));
    const a = (await client("imm")
      .call(imm.GetProject, { ProjectName: "x" })
      .catch((e) => e)) as AlibabaApiError;
    const b = (await client("ice")
      .call(ice.GetEditingProject, { ProjectId: "x" })
      .catch((e) => e)) as AlibabaApiError;
    expect([a.isNotFound(), b.isNotFound()]).toEqual([true, true]);
  });

  it("maps a non-JSON 502 page to a retryable server error", async () => {
    server.otherwise({ status: 502, raw: true, body: "<html>Bad Gateway</html>" });
    const error = (await client("imm")
      .call(imm.GetProject, { ProjectName: "p" })
      .catch((e) => e)) as AlibabaApiError;
    expect(error).toMatchObject({ code: "HTTP502", httpStatus: 502 });
    expect(error.isRetryable()).toBe(true);
    expect(server.requests).toHaveLength(FAST_RETRY.maxAttempts);
  });

  it("reports a response missing a documented field, with the field's path", async () => {
    server.reply({ status: 200, body: { RequestId: "R9", Project: { Description: "no name" } } });
    await expect(client("imm").call(imm.GetProject, { ProjectName: "p" })).rejects.toThrow(
      /GetProject failed: UnexpectedResponse: .*Project\.ProjectName.*\(request id R9\)/,
    );
  });

  it("maps a refused connection to a transport error that never reached the service", async () => {
    const closed = await ScriptedServer.start();
    await closed.close();
    const c = new ApiClient(createOpenApi(closed.endpoint, KEYS), "imm", {
      retry: { ...FAST_RETRY, maxAttempts: 1 },
    });
    const error = (await c.call(imm.GetProject, { ProjectName: "p" }).catch((e) => e)) as AlibabaApiError;
    expect(error).toMatchObject({ kind: "transport", code: "ECONNREFUSED", ambiguous: false });
    expect(error.provablyNotExecuted()).toBe(true);
  });

  it("never puts the access key secret in an error message", async () => {
    server.reply(apiError(400, "SignatureDoesNotMatch", `signature for ${KEYS.accessKeySecret} wrong`));
    // The settings resolver registers every secret it hands out; here the server echoes one back.
    registerSecret(KEYS.accessKeySecret);
    const error = (await client("imm")
      .call(imm.GetProject, { ProjectName: "p" })
      .catch((e) => e)) as AlibabaApiError;
    expect(error.message).toContain("SignatureDoesNotMatch: signature for [redacted] wrong");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(KEYS.accessKeySecret);
  });
});

describe("retry policy", () => {
  it("retries throttling until it succeeds, and counts attempts", async () => {
    server.reply(
      apiError(400, "Throttling.User"),
      apiError(400, "Throttling"),
      apiError(503, "ServiceUnavailable"),
    );
    server.otherwise({ status: 200, body: projectBody });
    const result = await client("imm").call(imm.GetProject, { ProjectName: "p1" });
    expect(result.Project.ProjectName).toBe("p1");
    expect(server.requests).toHaveLength(4);
  });

  it("gives up after maxAttempts with the last error", async () => {
    server.otherwise(apiError(400, "Throttling.Api"));
    await expect(client("imm").call(imm.GetProject, { ProjectName: "p1" })).rejects.toMatchObject({
      code: "Throttling.Api",
    });
    expect(server.requests).toHaveLength(FAST_RETRY.maxAttempts);
  });

  it("does not retry errors that will not go away", async () => {
    server.otherwise(apiError(400, "InvalidArgument", "The parameter ProjectName is invalid."));
    await expect(client("imm").call(imm.GetProject, { ProjectName: "p1" })).rejects.toMatchObject({
      code: "InvalidArgument",
    });
    expect(server.requests).toHaveLength(1);
  });

  it("honours x-acs-retry-after (milliseconds) as the minimum pause", async () => {
    server.reply(apiError(400, "Throttling.User", "slow down", { "x-acs-retry-after": "300" }));
    server.otherwise({ status: 200, body: projectBody });
    await client("imm").call(imm.GetProject, { ProjectName: "p1" });
    const [first, second] = server.requests;
    // Only a lower bound: a loaded machine can make the pause longer, never shorter.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(290);
  });

  it("retries an idempotent call after a dropped connection", async () => {
    server.reply({ destroy: true });
    server.otherwise({ status: 200, body: projectBody });
    await client("imm").call(imm.GetProject, { ProjectName: "p1" });
    expect(server.requests).toHaveLength(2);
  });

  it("does not blindly repeat a create that mints a server-side ID after an ambiguous failure", async () => {
    server.reply({ destroy: true });
    server.otherwise({ status: 200, body: { RequestId: "R", Id: "batch-1" } });
    const error = (await client("imm")
      .call(imm.CreateBatch, {
        ProjectName: "p",
        ServiceRole: "AliyunIMMBatchTriggerRole",
        Input: { OSS: { Bucket: "b" } },
        Actions: [{ Name: "doc/convert" }],
      })
      .catch((e) => e)) as AlibabaApiError;
    expect(error).toMatchObject({ kind: "transport", ambiguous: true });
    expect(server.requests).toHaveLength(1);
  });

  it("does repeat such a create when it was throttled (the service did not act)", async () => {
    server.reply(apiError(400, "Throttling.User"), apiError(500, "InternalError"));
    server.otherwise({ status: 200, body: { RequestId: "R", Id: "batch-1" } });
    const error = await client("imm")
      .call(imm.CreateBatch, {
        ProjectName: "p",
        ServiceRole: "AliyunIMMBatchTriggerRole",
        Input: { OSS: { Bucket: "b" } },
        Actions: [{ Name: "doc/convert" }],
      })
      .catch((e: AlibabaApiError) => e);
    // Throttled → repeated; InternalError (ambiguous) → not repeated for a non-idempotent create.
    expect(error).toMatchObject({ code: "InternalError" });
    expect(server.requests).toHaveLength(2);
  });

  it("stops retrying when the total time budget is spent", async () => {
    server.otherwise(apiError(400, "Throttling.User", "x", { "x-acs-retry-after": "150" }));
    const budget: RetrySettings = { maxAttempts: 50, initialDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 400 };
    await expect(client("imm", budget).call(imm.GetProject, { ProjectName: "p1" })).rejects.toMatchObject({
      code: "Throttling.User",
    });
    // 150 ms pauses in a 400 ms budget: a handful of attempts, far below maxAttempts.
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(server.requests.length).toBeLessThanOrEqual(5);
  });
});

describe("timeouts on a reused connection", () => {
  it("a slow answer on a kept-alive connection still times out", async () => {
    // httpx leaves the first call's read timer armed and it cancels the next call's timer on the
    // same keep-alive socket: without the client's own deadline, the slow call below would wait for
    // its answer however long it takes.
    const { startEmulator } = await import("../../emulator");
    const emulator = await startEmulator({ port: 0 });
    try {
      const url = new URL(emulator.url);
      const api = new ApiClient(
        createOpenApi(
          { host: url.host, protocol: "http" },
          { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" },
        ),
        "ice",
        { retry: { ...FAST_RETRY, maxAttempts: 1 }, readTimeoutMs: 300, connectTimeoutMs: 10_000 },
      );
      await api.call(ice.SearchEditingProject, { ProjectType: "EditingProject" }); // warms the connection
      emulator.setFaults({ latencyMs: 3_000, actions: ["GetEditingProject"] });
      const error = await api.call(ice.GetEditingProject, { ProjectId: "slow" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlibabaApiError);
      expect((error as AlibabaApiError).code).toBe("ReadTimeout");
    } finally {
      await emulator.close();
    }
  });

  it("an emulator closed while it holds a timed-out request leaves nothing keeping the process alive", async () => {
    // The held request's wait outlived the emulator and kept Jest's worker from exiting after the run.
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
    const { startEmulator } = await import("../../emulator");
    const emulator = await startEmulator({ port: 0, faults: { latencyMs: 20_000, actions: ["GetProject"] } });
    const url = new URL(emulator.url);
    const api = new ApiClient(
      createOpenApi(
        { host: url.host, protocol: "http" },
        { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" },
      ),
      "imm",
      { retry: { ...FAST_RETRY, maxAttempts: 1 }, readTimeoutMs: 200 },
    );
    const before = timers();
    await expect(api.call(imm.GetProject, { ProjectName: "slow" })).rejects.toMatchObject({
      code: "ReadTimeout",
    });
    await emulator.close();
    await new Promise((resolve) => setTimeout(resolve, 500)); // the client's own timers run out
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
