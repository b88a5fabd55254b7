/**
 * The emulator survives abuse. One real bin (child process, with --state-file and an admin token)
 * takes every abuse an adversarial review found, plus property-based random requests (fast-check),
 * and after every request: the process is alive, a health probe answers within 1 s, a client mistake
 * never gets a 500, and the state file still loads. Memory growth (RSS of the child) over the whole
 * file stays under 64 MB; the request count and the time are bounded.
 */
import { request as httpRequest } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { loadStateFile } from "../../emulator/core/store";
import { killChildren, rssBytes, start, stop, type Running } from "./bin";
import { send, signAcs3, type RawResponse } from "./support";

const TOKEN = "robustness-admin-token";
const ICE = "2020-11-09";
const MB = 1024 * 1024;
const MAX_REQUESTS = 1_500;
const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"] as const;

let dir: string;
let stateFile: string;
let emulator: Running;
let baselineRss = 0;
let peakRss = 0;
let requests = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "emulator-robustness-"));
  stateFile = join(dir, "state.json");
  emulator = await start(["--state-file", stateFile, "--project-qps", "off"], {
    ALICLOUD_MEDIA_EMULATOR_ADMIN_TOKEN: TOKEN,
  });
  // Warm up (JIT, first allocations) before the baseline, so growth measures what abuse leaves.
  for (let i = 0; i < 20; i++) await call("ListProjects");
  baselineRss = rssBytes(emulator.child.pid!);
}, 30_000);

afterAll(async () => {
  if (emulator) await stop(emulator);
  killChildren();
  rmSync(dir, { recursive: true, force: true });
});

/** GET /__emulator/stats must answer 200 within 1 s. */
async function healthy(): Promise<void> {
  const started = performance.now();
  const response = await fetch(`${emulator.url}/__emulator/stats`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    signal: AbortSignal.timeout(1_000),
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  expect(performance.now() - started).toBeLessThan(1_000);
}

/** What must hold after every request. */
async function invariants(): Promise<void> {
  expect(emulator.child.exitCode).toBeNull();
  await healthy();
  expect(() => loadStateFile(stateFile)).not.toThrow();
  peakRss = Math.max(peakRss, rssBytes(emulator.child.pid!));
  expect(++requests).toBeLessThan(MAX_REQUESTS);
}

/** A signed request from a client making a mistake (or not): never a 500. */
async function call(
  action: string,
  params: Record<string, string> = {},
  version?: string,
): Promise<RawResponse> {
  const response = await send(
    emulator,
    signAcs3({
      host: `127.0.0.1:${emulator.port}`,
      action,
      ...(version ? { version } : {}),
      body: params,
    }),
  );
  if (response.status >= 500)
    throw new Error(`${action} answered ${response.status}: ${JSON.stringify(response.json)}`);
  if (baselineRss > 0) await invariants();
  return response;
}

/** Params with possibly-special keys, built so that `__proto__` stays an own key. */
const params = (entries: [string, string][]): Record<string, string> => Object.fromEntries(entries);

/** `{"a":{"a":…}}` nested `levels` deep, as text. */
const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;

/**
 * Streams up to `limit` bytes of body (declared or chunked) and reports the status the server gave,
 * or that it closed the connection first. Never holds more than one chunk in memory.
 */
function streamBody(
  declaredLength: number | undefined,
  limit: number,
): Promise<{ status?: number; sent: number }> {
  return new Promise((resolvePromise) => {
    const chunk = Buffer.alloc(MB, 0x61);
    let sent = 0;
    let done = false;
    const finish = (status?: number) => {
      if (done) return;
      done = true;
      req.destroy();
      resolvePromise({ ...(status === undefined ? {} : { status }), sent });
    };
    const req = httpRequest({
      host: "127.0.0.1",
      port: emulator.port,
      method: "POST",
      path: "/",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(declaredLength === undefined ? {} : { "content-length": String(declaredLength) }),
      },
    });
    req.on("response", (res) => {
      res.resume();
      finish(res.statusCode);
    });
    req.on("error", () => finish());
    const pump = () => {
      while (!done && sent < limit) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done && declaredLength === undefined) req.end();
    };
    pump();
  });
}

describe("1. bounded request bodies", () => {
  it("answers 413 to a 400 MB declared body without reading it, and memory stays flat", async () => {
    const result = await streamBody(400 * MB, 400 * MB);
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(400 * MB);
    await invariants();
    expect(rssBytes(emulator.child.pid!) - baselineRss).toBeLessThan(64 * MB);
  });

  it("stops reading a chunked body at the cap and answers 413", async () => {
    const result = await streamBody(undefined, 64 * MB);
    expect(result.status).toBe(413);
    await invariants();
    expect(rssBytes(emulator.child.pid!) - baselineRss).toBeLessThan(64 * MB);
  });

  it("a signed request just under the cap is read; one over it gets 413 in the documented shape", async () => {
    const over = signAcs3({
      host: `127.0.0.1:${emulator.port}`,
      action: "ListProjects",
      body: { Filler: "x".repeat(2 * MB) },
    });
    const response = await send(emulator, over);
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({
      Code: "RequestEntityTooLarge",
      Message: expect.stringContaining("2097152"),
    });
    await invariants();
    expect((await call("ListProjects", { Filler: "x".repeat(MB) })).status).toBe(200);
  });
});

describe("2. the admin API", () => {
  const faults = (init: RequestInit) =>
    fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: '{"throttleRate":1}', ...init });

  it("refuses a cross-site text/plain write, a foreign Origin and a missing token", async () => {
    const plain = await faults({
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "text/plain" },
    });
    expect(plain.status).toBe(415);
    const foreign = await faults({
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        origin: "https://evil.example",
      },
    });
    expect(foreign.status).toBe(403);
    const anonymous = await faults({ headers: { "content-type": "application/json" } });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${emulator.url}/__emulator/stats`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(wrong.status).toBe(401);
    const current = await fetch(`${emulator.url}/__emulator/faults`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await current.json()).toEqual({});
    // The same write, done properly, is accepted (and undone).
    const proper = await faults({
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", origin: emulator.url },
      body: '{"throttleRate":0}',
    });
    expect(proper.status).toBe(200);
    await invariants();
  });
});

describe("3. object-prototype names", () => {
  it.each(PROTO_NAMES)("x-acs-action %s is an unknown API, for IMM and ICE", async (name) => {
    for (const version of [undefined, ICE]) {
      const response = await call(name, {}, version);
      expect({ status: response.status, code: response.json.Code }).toEqual({
        status: 404,
        code: "InvalidApi.NotFound",
      });
    }
  });

  it.each(PROTO_NAMES)("every table treats %s as an ordinary, absent key", async (name) => {
    const notFound = async (action: string, p: Record<string, string>, version?: string) => {
      const response = await call(action, p, version);
      expect({ action, status: response.status, code: response.json.Code }).toEqual({
        action,
        status: 404,
        code: expect.stringMatching(/^(Resource|Project)NotFound$/),
      });
    };
    await call("CreateProject", { ProjectName: "tables" });
    await call("CreateDataset", { ProjectName: "tables", DatasetName: "d" });
    await notFound("GetProject", params([["ProjectName", name]]));
    await notFound(
      "CreateDataset",
      params([
        ["ProjectName", name],
        ["DatasetName", "d"],
      ]),
    );
    await notFound(
      "GetDataset",
      params([
        ["ProjectName", "tables"],
        ["DatasetName", name],
      ]),
    );
    await notFound(
      "GetBinding",
      params([
        ["ProjectName", "tables"],
        ["DatasetName", "d"],
        ["URI", `oss://${name}`],
      ]),
    );
    await notFound(
      "GetStory",
      params([
        ["ProjectName", "tables"],
        ["DatasetName", "d"],
        ["ObjectId", name],
      ]),
    );
    await notFound(
      "GetBatch",
      params([
        ["ProjectName", "tables"],
        ["Id", name],
      ]),
    );
    await notFound(
      "GetTask",
      params([
        ["ProjectName", "tables"],
        ["TaskType", "StoryCreation"],
        ["TaskId", name],
      ]),
    );
    await notFound("GetEditingProject", params([["ProjectId", name]]), ICE);
    await notFound("GetYikeStoryboardJob", params([["JobId", name]]), ICE);
    // A parameter named like a prototype member is just an unknown parameter.
    expect((await call("ListProjects", params([[name, "x"]]))).status).toBe(200);
  });

  it("a project named __proto__ is created once, listed, deleted, and kept by the state file", async () => {
    const create = () => call("CreateProject", params([["ProjectName", "__proto__"]]));
    expect((await create()).status).toBe(200);
    expect((await create()).json.Code).toBe("ResourceAlreadyExists");
    const listed = (await call("ListProjects")).json.Projects as { ProjectName: string }[];
    expect(listed.map((p) => p.ProjectName)).toContain("__proto__");
    expect(Object.keys(loadStateFile(stateFile).tables["imm.projects"] ?? {})).toContain("__proto__");
    expect((await call("DeleteProject", params([["ProjectName", "__proto__"]]))).status).toBe(200);
    expect((await call("GetProject", params([["ProjectName", "__proto__"]]))).status).toBe(404);
    expect(Object.keys(loadStateFile(stateFile).tables["imm.projects"] ?? {})).not.toContain("__proto__");
  });
});

describe("4. deep and unrepresentable JSON", () => {
  beforeAll(async () => {
    await call("CreateProject", { ProjectName: "deep" });
  });

  const batchParams = (extra: Record<string, string>) => ({
    ProjectName: "deep",
    ServiceRole: "AliyunIMMBatchTriggerRole",
    Input: JSON.stringify({ OSS: { Bucket: "deep-bucket" } }),
    Actions: JSON.stringify([{ Name: "doc/convert" }]),
    ...extra,
  });

  it("refuses Tags nested 20,000 levels deep, naming the limit; later requests still work", async () => {
    const response = await call("CreateBatch", batchParams({ Tags: deepJson(20_000) }));
    expect({ status: response.status, code: response.json.Code }).toEqual({
      status: 400,
      code: "InvalidTags",
    });
    expect(response.json.Message).toMatch(/at most 32 levels deep/);
    expect((await call("ListBatches", { ProjectName: "deep" })).status).toBe(200);
    expect((await call("ListProjects")).status).toBe(200);
  });

  it("refuses a deep ICE Timeline, and numbers JSON cannot carry", async () => {
    const timeline = await call("CreateEditingProject", { Title: "t", Timeline: deepJson(20_000) }, ICE);
    expect({ status: timeline.status, code: timeline.json.Code }).toEqual({
      status: 400,
      code: "InvalidParameter",
    });
    expect(timeline.json.Message).toMatch(/Timeline .*at most 32 levels deep/);
    const infinite = await call("CreateBatch", batchParams({ Tags: '{"n":1e400}' }));
    expect({ status: infinite.status, message: infinite.json.Message }).toEqual({
      status: 400,
      message: expect.stringMatching(/Tags\.n .*numbers must be finite/),
    });
    expect((await call("SearchEditingProject", {}, ICE)).status).toBe(200);
  });
});

describe("5. regular expressions are RE2", () => {
  it("^(.+)+X$ is matched in linear time: the batch is readable and the server keeps answering", async () => {
    await call("CreateProject", { ProjectName: "regex" });
    const created = await call("CreateBatch", {
      ProjectName: "regex",
      ServiceRole: "AliyunIMMBatchTriggerRole",
      Input: JSON.stringify({ OSS: { Bucket: "regex-bucket", MatchExpressions: ["^(.+)+X$"] } }),
      Actions: JSON.stringify([{ Name: "doc/convert" }]),
    });
    expect(created.status).toBe(200);
    const started = performance.now();
    expect((await call("GetBatch", { ProjectName: "regex", Id: String(created.json.Id) })).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("refuses syntax RE2 does not have (lookahead), naming the expression", async () => {
    const response = await call("CreateBatch", {
      ProjectName: "regex",
      ServiceRole: "AliyunIMMBatchTriggerRole",
      Input: JSON.stringify({ OSS: { Bucket: "regex-bucket", MatchExpressions: ["ok", "(?=a)b"] } }),
      Actions: JSON.stringify([{ Name: "doc/convert" }]),
    });
    expect(response.status).toBe(400);
    expect(response.json.Message).toMatch(/Input\.OSS\.MatchExpressions\[1\] .*RE2/);
  });
});

describe("random requests (fast-check)", () => {
  const ACTIONS = [
    "CreateProject",
    "GetProject",
    "UpdateProject",
    "DeleteProject",
    "ListProjects",
    "CreateDataset",
    "GetDataset",
    "ListDatasets",
    "CreateBinding",
    "GetBinding",
    "CreateBatch",
    "GetBatch",
    "UpdateBatch",
    "ListBatches",
    "CreateStory",
    "GetStory",
    "QueryStories",
    "ListTasks",
    "SimpleQuery",
    "IndexFileMeta",
    ...PROTO_NAMES,
  ];
  const ICE_ACTIONS = [
    "CreateEditingProject",
    "GetEditingProject",
    "SearchEditingProject",
    "SubmitYikeStoryboardJob",
  ];
  const NAMES = [
    "ProjectName",
    "DatasetName",
    "URI",
    "Id",
    "ObjectId",
    "Input",
    "Actions",
    "Tags",
    "Timeline",
    "MaxResults",
    "NextToken",
    "StoryType",
    "Title",
    "ProjectId",
    "FileURL",
    "CustomLabels",
    ...PROTO_NAMES,
  ];
  const value = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(...PROTO_NAMES, "", "1e400", "-1", "99999999999999999999", "true", "null", "[]", "{}"),
    fc.json({ maxDepth: 4 }),
    fc.integer({ min: 1, max: 60 }).map((n) => deepJson(n)),
  );

  it("never crashes, never answers a client mistake with 5xx, keeps its state file loadable", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ action: fc.constantFrom(...ACTIONS), version: fc.constant(undefined) }),
          fc.record({ action: fc.constantFrom(...ICE_ACTIONS), version: fc.constant(ICE) }),
        ),
        fc.array(fc.tuple(fc.constantFrom(...NAMES), value), { maxLength: 5 }),
        async ({ action, version }, entries) => {
          const response = await call(action, params(entries), version);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150, interruptAfterTimeLimit: 60_000 },
    );
  }, 90_000);
});

describe("over the whole file", () => {
  it("memory (RSS of the emulator process) grew by less than 64 MB, within the request budget", () => {
    const growth = peakRss - baselineRss;
    process.stdout.write(
      `robustness: ${requests} checked requests, RSS baseline ${(baselineRss / MB).toFixed(1)} MB, ` +
        `peak ${(peakRss / MB).toFixed(1)} MB, growth ${(growth / MB).toFixed(1)} MB\n`,
    );
    expect(requests).toBeGreaterThan(200);
    expect(growth).toBeLessThan(64 * MB);
  });
});
