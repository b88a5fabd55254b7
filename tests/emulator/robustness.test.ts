/**
 * The emulator survives abuse. One real bin (child process, with --state-file and an admin token)
 * takes every abuse an adversarial review found, plus property-based random requests (fast-check),
 * and after every request: the process is alive, a health probe answers within 1 s, a client mistake
 * never gets a 500, and the state file still loads. Memory growth (RSS of the child) over the whole
 * file stays under 64 MB; the request count and the time are bounded.
 */
import fc from "fast-check";
import { loadStateFile } from "../../emulator/core/store";
import { AbuseHarness, deepJson, ICE, MB, params, PROTO_NAMES, TOKEN } from "./abuse";
import { send, signAcs3 } from "./support";

const abuse = new AbuseHarness();
beforeAll(() => abuse.start(), 30_000);
afterAll(() => abuse.stop());
const call = abuse.call.bind(abuse);
const invariants = abuse.invariants.bind(abuse);

describe("1. bounded request bodies", () => {
  it("answers 413 to a 400 MB declared body without reading it, and memory stays flat", async () => {
    const result = await abuse.streamBody(400 * MB, 400 * MB);
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(400 * MB);
    await invariants();
    expect(abuse.rss() - abuse.baselineRss).toBeLessThan(64 * MB);
  });

  it("stops reading a chunked body at the cap and answers 413", async () => {
    const result = await abuse.streamBody(undefined, 64 * MB);
    expect(result.status).toBe(413);
    await invariants();
    expect(abuse.rss() - abuse.baselineRss).toBeLessThan(64 * MB);
  });

  it("a signed request just under the cap is read; one over it gets 413 in the documented shape", async () => {
    const over = signAcs3({
      host: `127.0.0.1:${abuse.emulator.port}`,
      action: "ListProjects",
      body: { Filler: "x".repeat(2 * MB) },
    });
    const response = await send(abuse.emulator, over);
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
    fetch(`${abuse.emulator.url}/__emulator/faults`, { method: "POST", body: '{"throttleRate":1}', ...init });

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
    const wrong = await fetch(`${abuse.emulator.url}/__emulator/stats`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(wrong.status).toBe(401);
    const current = await fetch(`${abuse.emulator.url}/__emulator/faults`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await current.json()).toEqual({});
    // The same write, done properly, is accepted (and undone).
    const proper = await faults({
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        origin: abuse.emulator.url,
      },
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
    expect(Object.keys(loadStateFile(abuse.stateFile).tables["imm.projects"] ?? {})).toContain("__proto__");
    expect((await call("DeleteProject", params([["ProjectName", "__proto__"]]))).status).toBe(200);
    expect((await call("GetProject", params([["ProjectName", "__proto__"]]))).status).toBe(404);
    expect(Object.keys(loadStateFile(abuse.stateFile).tables["imm.projects"] ?? {})).not.toContain(
      "__proto__",
    );
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
    const growth = abuse.peakRss - abuse.baselineRss;
    process.stdout.write(
      `robustness: ${abuse.requests} checked requests, RSS baseline ${(abuse.baselineRss / MB).toFixed(1)} MB, ` +
        `peak ${(abuse.peakRss / MB).toFixed(1)} MB, growth ${(growth / MB).toFixed(1)} MB\n`,
    );
    expect(abuse.requests).toBeGreaterThan(200);
    expect(growth).toBeLessThan(64 * MB);
  });
});
