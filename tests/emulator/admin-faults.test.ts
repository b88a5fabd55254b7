/**
 * The admin endpoints (/__emulator/*) and every injected fault as the project's retry policy sees it
 * (ApiClient from provider/runtime over the real openapi-client): throttling and 5xx are retried, a
 * lost response is retried for an idempotent operation and not for a not-idempotent one (whose write
 * was nevertheless committed). Faults are made deterministic by setting a rate of 1 and switching it
 * off from the retry callback, so each test knows exactly which attempt failed.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ice, imm } from "../../provider/operations";
import { ApiClient, createOpenApi, type RetryEvent } from "../../provider/runtime";
import { FAST_RETRY, KEY_ID, KEY_SECRET, NO_RETRY, immClient, rejection } from "./support";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { bindingScanMs: 50, indexMs: 10 } });
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    ...(method === "GET" ? {} : { headers: { "content-type": "application/json" } }),
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A client whose retries are recorded, and which can run a hook before each retry. */
function observedClient(beforeRetry: (event: RetryEvent) => void = () => {}) {
  const retries: RetryEvent[] = [];
  const client = immClient(emulator, {
    retry: FAST_RETRY,
    onRetry: (_action, event) => {
      retries.push(event);
      beforeRetry(event);
    },
  });
  return { client, retries };
}

describe("admin endpoints", () => {
  it("GET /__emulator/stats counts requests per action, errors per code, rejections and faults", async () => {
    const client = immClient(emulator, { retry: NO_RETRY });
    await client.call(imm.CreateProject, { ProjectName: "stats-p" });
    await client.call(imm.GetProject, { ProjectName: "stats-p" });
    await client.call(imm.GetProject, { ProjectName: "stats-p" });
    await rejection(client.call(imm.GetProject, { ProjectName: "missing" }));
    await rejection(
      immClient(emulator, { accessKeySecret: "bad", retry: NO_RETRY }).call(imm.ListProjects, {}),
    );

    const { status, json } = await admin("GET", "/__emulator/stats");
    expect(status).toBe(200);
    expect(json).toEqual({
      requests: { CreateProject: 1, GetProject: 3 },
      errors: { ResourceNotFound: 1, SignatureDoesNotMatch: 1 },
      rejectedSignatures: 1,
      injectedFaults: { throttle: 0, serverError: 0, lostResponse: 0, taskFailure: 0, latency: 0, total: 0 },
    });
  });

  it("POST /__emulator/faults merges settings, validates them, and a rate of 0 switches a fault off", async () => {
    const example = {
      throttleRate: 0.2,
      serverErrorRate: 0.05,
      latencyMs: 50,
      lostResponseRate: 0.02,
      taskFailureRate: 0.1,
      actions: ["CreateStory"],
    };
    expect(await admin("POST", "/__emulator/faults", example)).toEqual({ status: 200, json: example });
    // Every key is optional; what is left out keeps its value.
    expect((await admin("POST", "/__emulator/faults", { throttleRate: 0 })).json).toEqual({
      ...example,
      throttleRate: 0,
    });
    expect((await admin("POST", "/__emulator/faults", { actions: null })).json).not.toHaveProperty("actions");
    expect((await admin("GET", "/__emulator/faults")).json).toMatchObject({ serverErrorRate: 0.05 });

    for (const bad of [
      { throttleRate: 1.5 },
      { serverErrorRate: -0.1 },
      { latencyMs: "slow" },
      { surprise: 1 },
    ]) {
      const answer = await admin("POST", "/__emulator/faults", bad);
      expect(answer.status).toBe(400);
      expect(answer.json.Code).toBe("InvalidAdminRequest");
      expect(String(answer.json.Message)).toContain(
        Object.keys(bad)[0] === "surprise" ? "surprise" : Object.keys(bad)[0],
      );
    }
    expect((await admin("POST", "/__emulator/faults", "{not json")).status).toBe(400);
    // The rejected updates changed nothing.
    expect((await admin("GET", "/__emulator/faults")).json).toMatchObject({
      throttleRate: 0,
      serverErrorRate: 0.05,
    });

    expect(await admin("DELETE", "/__emulator/faults")).toEqual({ status: 200, json: {} });
  });

  it("GET/POST /__emulator/timings read and change the async timings", async () => {
    const before = (await admin("GET", "/__emulator/timings")).json;
    expect(before).toMatchObject({ bindingScanMs: 50, indexMs: 10 });
    const after = await admin("POST", "/__emulator/timings", { batchMs: 20 });
    expect(after).toEqual({ status: 200, json: { ...before, batchMs: 20 } });
    expect((await admin("POST", "/__emulator/timings", { batchMs: -1 })).status).toBe(400);
    expect(emulator.timings().batchMs).toBe(20);
  });

  it("GET /__emulator/resources dumps the tables; POST /__emulator/reset forgets everything", async () => {
    await immClient(emulator).call(imm.CreateProject, { ProjectName: "dump-p" });
    const dump = await admin("GET", "/__emulator/resources");
    expect(dump.json["imm.projects"]).toMatchObject({ "dump-p": { ProjectName: "dump-p" } });
    expect(await admin("POST", "/__emulator/reset")).toEqual({ status: 200, json: { reset: true } });
    expect((await admin("GET", "/__emulator/resources")).json).toEqual({});
    expect((await admin("GET", "/__emulator/stats")).json.requests).toEqual({});
  });

  it("answers an unknown admin path with a JSON 404", async () => {
    expect(await admin("GET", "/__emulator/nothing")).toMatchObject({
      status: 404,
      json: { Code: "NotFound" },
    });
  });
});

describe("faults observed by the retry policy", () => {
  beforeEach(async () => {
    await immClient(emulator).call(imm.CreateProject, { ProjectName: "fault-p", Description: "v0" });
  });

  it("retries an injected Throttling.User (and honours x-acs-retry-after)", async () => {
    emulator.setFaults({ throttleRate: 1, actions: ["GetProject"] });
    const { client, retries } = observedClient(() => emulator.setFaults({ throttleRate: 0 }));
    const { Project } = await client.call(imm.GetProject, { ProjectName: "fault-p" });
    expect(Project?.ProjectName).toBe("fault-p");
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toMatchObject({ code: "Throttling.User", httpStatus: 400, retryAfterMs: 100 });
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(100);
    expect(emulator.stats()).toMatchObject({ requests: { GetProject: 2 }, injectedFaults: { throttle: 1 } });
  });

  it("retries an injected 503 ServiceUnavailable, even for a not-idempotent operation", async () => {
    emulator.setFaults({ serverErrorRate: 1 });
    const retries: RetryEvent[] = [];
    const iceUrl = new URL(emulator.url);
    const client = new ApiClient(
      createOpenApi(
        { host: iceUrl.host, protocol: "http" },
        { accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET },
      ),
      "ice",
      {
        retry: FAST_RETRY,
        onRetry: (_a, event) => {
          retries.push(event);
          emulator.setFaults({ serverErrorRate: 0 });
        },
      },
    );
    const created = await client.call(ice.CreateEditingProject, { Title: "after a 503" });
    expect(created.Project).toBeDefined();
    expect(retries.map((r) => [r.error.code, r.error.httpStatus])).toEqual([["ServiceUnAvailable", 503]]);
    expect(Object.keys(emulator.resources()["ice.editingProjects"] ?? {})).toHaveLength(1);
  });

  it("retries a lost response on an idempotent operation; the repeat finds the write committed", async () => {
    emulator.setFaults({ lostResponseRate: 1, actions: ["UpdateProject"] });
    let beforeRetry: unknown;
    const { client, retries } = observedClient(() => {
      beforeRetry = structuredClone(emulator.resources()["imm.projects"]);
      emulator.setFaults({ lostResponseRate: 0 });
    });
    const { Project } = await client.call(imm.UpdateProject, { ProjectName: "fault-p", Description: "v1" });
    expect(Project?.Description).toBe("v1");
    // The first attempt's write was already in when the client retried: it just never heard about it.
    expect(beforeRetry).toMatchObject({ "fault-p": { Description: "v1" } });
    expect(retries).toHaveLength(1);
    expect(retries[0]!.error).toMatchObject({ kind: "transport", ambiguous: true });
    expect(emulator.stats()).toMatchObject({
      requests: { UpdateProject: 2 },
      injectedFaults: { lostResponse: 1 },
    });
  });

  it("retries a lost name-keyed create, which then reports ResourceAlreadyExists for the resource layer", async () => {
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateDataset"] });
    const { client, retries } = observedClient(() => emulator.setFaults({ lostResponseRate: 0 }));
    const error = await rejection(
      client.call(imm.CreateDataset, { ProjectName: "fault-p", DatasetName: "d" }),
    );
    expect(retries).toHaveLength(1);
    expect(error.isAlreadyExists()).toBe(true);
    expect(emulator.resources()["imm.datasets"]).toHaveProperty(["fault-p/d"]);
  });

  it("does not retry a lost response on a not-idempotent operation, though its write was committed", async () => {
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateEditingProject"] });
    const url = new URL(emulator.url);
    const retries: RetryEvent[] = [];
    const client = new ApiClient(
      createOpenApi(
        { host: url.host, protocol: "http" },
        { accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET },
      ),
      "ice",
      { retry: FAST_RETRY, onRetry: (_a, event) => retries.push(event) },
    );
    const error = await rejection(client.call(ice.CreateEditingProject, { Title: "lost" }));
    expect(error).toMatchObject({ kind: "transport", ambiguous: true });
    expect(retries).toEqual([]);
    expect(emulator.stats()).toMatchObject({
      requests: { CreateEditingProject: 1 },
      injectedFaults: { lostResponse: 1 },
    });
    expect(Object.keys(emulator.resources()["ice.editingProjects"] ?? {})).toHaveLength(1);
  });

  it("fails a slow answer with a read timeout when latency exceeds the client's patience", async () => {
    emulator.setFaults({ latencyMs: 600, actions: ["GetProject"] });
    const client = immClient(emulator, { retry: NO_RETRY, readTimeoutMs: 200 });
    const error = await rejection(client.call(imm.GetProject, { ProjectName: "fault-p" }));
    expect(error).toMatchObject({ kind: "transport", code: "ReadTimeout" });
    expect(emulator.stats().injectedFaults.latency).toBe(1);
    // The emulator finishes the abandoned request after its latency: let it, so that its fault draws
    // do not land in the next test's counts.
    await new Promise((resolve) => setTimeout(resolve, 600));
  });

  it("limits faults to the listed actions", async () => {
    emulator.setFaults({ throttleRate: 1, serverErrorRate: 1, actions: ["GetDataset"] });
    const client = immClient(emulator, { retry: NO_RETRY });
    await expect(client.call(imm.GetProject, { ProjectName: "fault-p" })).resolves.toBeDefined();
    await expect(client.call(imm.ListProjects, {})).resolves.toBeDefined();
    expect(
      (await rejection(client.call(imm.GetDataset, { ProjectName: "fault-p", DatasetName: "x" }))).code,
    ).toBe("Throttling.User");
  });

  it("injects each fault at roughly its rate (a count over many requests)", async () => {
    emulator.setFaults({ throttleRate: 0.5, actions: ["GetProject"] });
    const client = immClient(emulator, { retry: NO_RETRY });
    let throttled = 0;
    for (let i = 0; i < 200; i++) {
      try {
        await client.call(imm.GetProject, { ProjectName: "fault-p" });
      } catch (error) {
        if ((error as { code?: string }).code === "Throttling.User") throttled++;
        else throw error;
      }
    }
    // Binomial(200, 0.5): outside [50, 150] has probability below 1e-12.
    expect(throttled).toBeGreaterThan(50);
    expect(throttled).toBeLessThan(150);
    expect(emulator.stats().injectedFaults.throttle).toBe(throttled);
  });

  it("fails an async task at the task failure rate (a binding's scan ends in Failed)", async () => {
    const client = immClient(emulator);
    await client.call(imm.CreateDataset, { ProjectName: "fault-p", DatasetName: "scan" });
    emulator.setFaults({ taskFailureRate: 1 });
    await client.call(imm.CreateBinding, {
      ProjectName: "fault-p",
      DatasetName: "scan",
      URI: "oss://fault-bucket",
    });
    // The scan is due bindingScanMs (50 ms) after the create; any request after that sees its outcome.
    await new Promise((resolve) => setTimeout(resolve, 120));
    const { Binding } = await client.call(imm.GetBinding, {
      ProjectName: "fault-p",
      DatasetName: "scan",
      URI: "oss://fault-bucket",
    });
    expect(Binding).toMatchObject({ State: "Failed", Reason: expect.stringContaining("scan failed") });
    expect(emulator.stats().injectedFaults.taskFailure).toBe(1);
  });
});

describe("per-project query rate", () => {
  let limited: RunningEmulator;
  beforeAll(async () => {
    limited = await startEmulator({ port: 0, projectQps: 3 });
    await immClient(limited).call(imm.CreateProject, { ProjectName: "qps-p" });
  });
  afterAll(() => limited?.close());

  it("answers requests over ProjectQueriesPerSecond with Throttling.User; the retry policy gets through", async () => {
    const bare = immClient(limited, { retry: NO_RETRY });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => bare.call(imm.GetProject, { ProjectName: "qps-p" })),
    );
    const codes = outcomes.map((o) =>
      o.status === "fulfilled" ? "ok" : (o.reason as { code: string }).code,
    );
    expect(codes.filter((c) => c === "ok").length).toBeLessThanOrEqual(3);
    expect(codes.filter((c) => c === "Throttling.User").length).toBeGreaterThanOrEqual(7);
    // Another project's budget is separate; calls without a project are not limited.
    await expect(bare.call(imm.ListProjects, {})).resolves.toBeDefined();

    const patient = immClient(limited, { retry: { ...FAST_RETRY, maxAttempts: 20 } });
    const all = await Promise.all(
      Array.from({ length: 6 }, () => patient.call(imm.GetProject, { ProjectName: "qps-p" })),
    );
    expect(all.every((r) => r.Project?.ProjectName === "qps-p")).toBe(true);
  });
});
