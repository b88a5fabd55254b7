/**
 * The emulator's IMM batches (IMM API reference: CreateBatch and the batch operations) through the
 * project's ApiClient over the real openapi-client: validation of every CreateBatch parameter with the
 * documented codes and a message naming the parameter path, not-found answers, the Ready → Running →
 * Succeeded timeline with progress figures, Suspend/Resume keeping the remaining work, UpdateBatch only in
 * Ready or Failed, DeleteBatch refused while Running, injected task failures, and ListBatches filters and
 * paging. Waits are bounded by counts of polls; nothing asserts on elapsed time.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { listObjects } from "../../emulator/imm/synthetic-bucket";
import { imm } from "../../provider/operations";
import type { DataIngestion } from "../../provider/operations/models";
import type { ApiClient } from "../../provider/runtime";
import { NO_RETRY, immClient, rejection, send, signAcs3 } from "./support";

let emulator: RunningEmulator;
let client: ApiClient;

const PROJECT = "batch-project";
const BUCKET = "batch-bucket";
const INPUT = { OSS: { Bucket: BUCKET } };
const ACTIONS = [{ Name: "doc/convert", Parameters: ["target=pdf"], FastFailPolicy: { Action: "abort" } }];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { batchMs: 300 } });
  client = immClient(emulator, { retry: NO_RETRY });
});
afterAll(() => emulator?.close());
beforeEach(async () => {
  emulator.reset();
  emulator.setTimings({ batchMs: 300 });
  await client.call(imm.CreateProject, { ProjectName: PROJECT });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function create(extra: Record<string, unknown> = {}): Promise<string> {
  const { Id } = await client.call(imm.CreateBatch, {
    ProjectName: PROJECT,
    Input: INPUT,
    Actions: ACTIONS,
    ServiceRole: "AliyunIMMBatchTriggerRole",
    ...extra,
  });
  return Id;
}

const get = async (id: string) => (await client.call(imm.GetBatch, { ProjectName: PROJECT, Id: id })).Batch;

/** Polls until the batch is in one of the states (at most 400 polls of 20 ms). */
async function until(id: string, ...states: string[]): Promise<DataIngestion> {
  for (let i = 0; i < 400; i++) {
    const batch = await get(id);
    if (states.includes(batch.State)) return batch;
    await sleep(20);
  }
  throw new Error(`batch ${id} never reached ${states.join("/")}`);
}

const byId = (id: string) => ({ ProjectName: PROJECT, Id: id });

describe("CreateBatch validation", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no Input", { Input: undefined }, "InvalidArgument", /parameter Input is required/],
    ["Input without OSS", { Input: {} }, "InvalidArgument", /parameter Input\.OSS is required/],
    [
      "OSS without Bucket",
      { Input: { OSS: { Prefix: "a/" } } },
      "InvalidArgument",
      /Input\.OSS\.Bucket is required/,
    ],
    [
      "a bad bucket name",
      { Input: { OSS: { Bucket: "Bad_Bucket" } } },
      "InvalidInput",
      /Input\.OSS\.Bucket .*"Bad_Bucket"/,
    ],
    [
      "a non-string Prefix",
      { Input: { OSS: { Bucket: BUCKET, Prefix: 3 } } },
      "InvalidInput",
      /Input\.OSS\.Prefix/,
    ],
    [
      "MatchExpressions not strings",
      { Input: { OSS: { Bucket: BUCKET, MatchExpressions: [1] } } },
      "InvalidInput",
      /Input\.OSS\.MatchExpressions is not valid: must be an array of strings/,
    ],
    [
      "an invalid regular expression",
      { Input: { OSS: { Bucket: BUCKET, MatchExpressions: ["(unclosed"] } } },
      "InvalidInput",
      /Input\.OSS\.MatchExpressions\[0\] .*regular expression/,
    ],
    ["no Actions", { Actions: undefined }, "InvalidArgument", /parameter Actions is required/],
    ["empty Actions", { Actions: [] }, "InvalidActions", /Actions .*at least one action/],
    [
      "an action without Name",
      { Actions: [{ Parameters: ["x"] }] },
      "InvalidArgument",
      /Actions\[0\]\.Name is required/,
    ],
    [
      "Parameters not strings",
      { Actions: [{ Name: "a", Parameters: [1] }] },
      "InvalidActions",
      /Actions\[0\]\.Parameters/,
    ],
    [
      "an unknown fast-fail action",
      { Actions: [{ Name: "a", FastFailPolicy: { Action: "retry" } }] },
      "InvalidActions",
      /Actions\[0\]\.FastFailPolicy\.Action .*abort, ignore .*"retry"/,
    ],
    [
      "an MNS notification without topic",
      { Notification: { MNS: {} } },
      "InvalidArgument",
      /Notification\.MNS\.TopicName is required/,
    ],
    ["no ServiceRole", { ServiceRole: undefined }, "InvalidArgument", /parameter ServiceRole is required/],
    ["Tags that are not an object", { Tags: ["a"] }, "InvalidJSON", /Tags/],
  ];

  it.each(cases)("refuses %s with a message naming the parameter", async (_name, change, code, message) => {
    const params: Record<string, unknown> = {
      ProjectName: PROJECT,
      Input: INPUT,
      Actions: ACTIONS,
      ServiceRole: "AliyunIMMBatchTriggerRole",
      ...change,
    };
    // Signed by hand: the project's client refuses to send a request without a required parameter.
    const body = Object.fromEntries(
      Object.entries(params)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
    );
    const answer = await send(
      emulator,
      signAcs3({ host: `127.0.0.1:${emulator.port}`, action: "CreateBatch", body }),
    );
    expect({ code: answer.json.Code, status: answer.status }).toEqual({ code, status: 400 });
    expect(answer.json.Message).toMatch(message);
    // Nothing was created.
    expect((await client.call(imm.ListBatches, { ProjectName: PROJECT })).Batches ?? []).toEqual([]);
  });

  it("answers ResourceNotFound for an unknown project and an unknown batch", async () => {
    const project = await rejection(
      client.call(imm.CreateBatch, {
        ProjectName: "nope",
        Input: INPUT,
        Actions: ACTIONS,
        ServiceRole: "AliyunIMMBatchTriggerRole",
      }),
    );
    expect(project.code).toBe("ResourceNotFound");
    expect(project.apiMessage).toBe("The specified resource project is not found.");
    for (const call of [
      () => client.call(imm.GetBatch, byId("batch-missing")),
      () => client.call(imm.UpdateBatch, { ...byId("batch-missing"), Tags: {} }),
      () => client.call(imm.SuspendBatch, byId("batch-missing")),
      () => client.call(imm.ResumeBatch, byId("batch-missing")),
      () => client.call(imm.DeleteBatch, byId("batch-missing")),
    ]) {
      const error = await rejection(call());
      expect({ code: error.code, message: error.apiMessage }).toEqual({
        code: "ResourceNotFound",
        message: "The specified resource batch is not found.",
      });
    }
  });
});

describe("the batch timeline", () => {
  it("is Ready, then Running, then Succeeded with every matching file submitted", async () => {
    // Ready lasts a tenth of batchMs: 200 ms, so a loaded machine still sees it.
    emulator.setTimings({ batchMs: 2000 });
    const id = await create({
      Input: { OSS: { Bucket: BUCKET, Prefix: "photos/", MatchExpressions: ["\\.jpg$"] } },
      Notification: { MNS: { TopicName: "topic1" } },
      Tags: { team: "media" },
    });
    expect(id).toMatch(/^batch-[0-9a-f-]{36}$/);
    const first = await get(id);
    expect(first).toMatchObject({
      Id: id,
      State: "Ready",
      Actions: ACTIONS,
      Input: { OSS: { Bucket: BUCKET, Prefix: "photos/", MatchExpressions: ["\\.jpg$"] } },
      Notification: { MNS: { TopicName: "topic1" } },
      ServiceRole: "AliyunIMMBatchTriggerRole",
      Tags: { team: "media" },
      Statistic: { SubmitSuccess: 0, SubmitFailure: 0, SkipFiles: 0 },
    });
    expect(first.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    await until(id, "Running", "Succeeded");
    const done = await until(id, "Succeeded");
    const underPrefix = listObjects(BUCKET, "photos/");
    const jpgs = underPrefix.filter((o) => o.key.endsWith(".jpg")).length;
    expect(jpgs).toBeGreaterThan(0);
    expect(done.Statistic).toEqual({
      SubmitSuccess: jpgs,
      SubmitFailure: 0,
      SkipFiles: underPrefix.length - jpgs,
    });
  });

  it("suspends a Running batch (work stops), resumes the remaining work, and refuses the wrong states", async () => {
    emulator.setTimings({ batchMs: 3000 });
    const id = await create();
    // Ready cannot be suspended.
    const early = await rejection(client.call(imm.SuspendBatch, byId(id)));
    expect(early.code).toBe("InvalidArgument");
    expect(early.apiMessage).toMatch(/is Ready; SuspendBatch requires the state Running/);

    await until(id, "Running");
    await sleep(100);
    await client.call(imm.SuspendBatch, byId(id));
    const suspended = await get(id);
    expect(suspended.State).toBe("Suspended");
    const submitted = suspended.Statistic!.SubmitSuccess!;
    // Longer than the whole batch: a suspended batch does not progress.
    await sleep(3000);
    expect(await get(id)).toMatchObject({ State: "Suspended", Statistic: { SubmitSuccess: submitted } });
    expect((await rejection(client.call(imm.SuspendBatch, byId(id)))).code).toBe("InvalidArgument");

    await client.call(imm.ResumeBatch, byId(id));
    expect((await get(id)).State).toBe("Running");
    const done = await until(id, "Succeeded");
    expect(done.Statistic!.SubmitSuccess).toBe(listObjects(BUCKET).length);
    const resumeDone = await rejection(client.call(imm.ResumeBatch, byId(id)));
    expect(resumeDone.apiMessage).toMatch(/is Succeeded; ResumeBatch requires the state Suspended or Failed/);
  });

  it("fails halfway on an injected task failure, with an error text, and resumes to success", async () => {
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateBatch"] });
    const id = await create();
    const failed = await until(id, "Failed");
    expect(failed.Error).toMatch(/AccessDenied/);
    expect(failed.Statistic!.SubmitFailure).toBe(1);
    expect(failed.Statistic!.SubmitSuccess).toBeLessThan(listObjects(BUCKET).length);
    expect(emulator.stats().injectedFaults.taskFailure).toBe(1);

    emulator.clearFaults();
    await client.call(imm.ResumeBatch, byId(id));
    const resumed = await get(id);
    expect(resumed.State).toBe("Running");
    expect(resumed.Error).toBeUndefined();
    expect((await until(id, "Succeeded")).Statistic!.SubmitSuccess).toBe(listObjects(BUCKET).length);
  });
});

describe("UpdateBatch and DeleteBatch rules", () => {
  it("updates a Ready batch without changing its state, keeping each action's fast-fail policy", async () => {
    emulator.setTimings({ batchMs: 5000 });
    const id = await create({ Tags: { a: "1" } });
    await client.call(imm.UpdateBatch, {
      ...byId(id),
      Actions: [{ Name: "doc/convert", Parameters: ["target=png"] }, { Name: "image/resize" }],
      Input: { OSS: { Bucket: "other-bucket", Prefix: "in/" } },
      Tags: { b: "2" },
    });
    expect(await get(id)).toMatchObject({
      State: "Ready",
      Actions: [
        { Name: "doc/convert", Parameters: ["target=png"], FastFailPolicy: { Action: "abort" } },
        { Name: "image/resize" },
      ],
      Input: { OSS: { Bucket: "other-bucket", Prefix: "in/" } },
      Tags: { b: "2" },
    });
    // Each updatable field is validated like CreateBatch's.
    const bad = await rejection(client.call(imm.UpdateBatch, { ...byId(id), Actions: [] }));
    expect(bad.code).toBe("InvalidActions");
  });

  it("refuses UpdateBatch while Running or Suspended and DeleteBatch while Running; allows both after", async () => {
    emulator.setTimings({ batchMs: 10_000 });
    const id = await create();
    await until(id, "Running");
    const running = await rejection(client.call(imm.UpdateBatch, { ...byId(id), Tags: { x: "y" } }));
    expect({ code: running.code, message: running.apiMessage }).toEqual({
      code: "InvalidArgument",
      message: `The batch ${id} is Running; UpdateBatch requires the state Ready or Failed.`,
    });
    const del = await rejection(client.call(imm.DeleteBatch, byId(id)));
    expect(del.apiMessage).toMatch(
      /is Running; DeleteBatch requires the state Ready or Failed or Suspended or Succeeded/,
    );

    await client.call(imm.SuspendBatch, byId(id));
    expect((await rejection(client.call(imm.UpdateBatch, { ...byId(id), Tags: {} }))).code).toBe(
      "InvalidArgument",
    );
    await client.call(imm.DeleteBatch, byId(id));
    expect((await rejection(get(id))).code).toBe("ResourceNotFound");
    // A deleted batch's scheduled work does not come back.
    await sleep(50);
    expect((await client.call(imm.ListBatches, { ProjectName: PROJECT })).Batches ?? []).toEqual([]);
  });

  it("updates a Failed batch, which stays Failed until resumed", async () => {
    emulator.setFaults({ taskFailureRate: 1, actions: ["CreateBatch"] });
    const id = await create();
    await until(id, "Failed");
    await client.call(imm.UpdateBatch, { ...byId(id), Input: { OSS: { Bucket: "fixed-bucket" } } });
    await sleep(100);
    expect(await get(id)).toMatchObject({ State: "Failed", Input: { OSS: { Bucket: "fixed-bucket" } } });
  });
});

describe("ListBatches", () => {
  it("filters by state and by tag, sorts, and pages with NextToken", async () => {
    emulator.setTimings({ batchMs: 60_000 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await create({ Tags: { n: String(i), group: i % 2 ? "odd" : "even" } }));

    const even = await client.call(imm.ListBatches, { ProjectName: PROJECT, TagSelector: "group=even" });
    expect(even.Batches!.map((b) => b.Tags!.n).sort()).toEqual(["0", "2", "4"]);
    expect((await client.call(imm.ListBatches, { ProjectName: PROJECT, State: "Running" })).Batches).toEqual(
      [],
    );
    expect(
      (await client.call(imm.ListBatches, { ProjectName: PROJECT, State: "Ready" })).Batches,
    ).toHaveLength(5);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.call(imm.ListBatches, {
        ProjectName: PROJECT,
        MaxResults: 2,
        NextToken: token,
      });
      seen.push(...page.Batches!.map((b) => b.Id));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());

    const asc = (await client.call(imm.ListBatches, { ProjectName: PROJECT, Sort: "CreateTime" })).Batches!;
    const desc = (
      await client.call(imm.ListBatches, { ProjectName: PROJECT, Sort: "CreateTime", Order: "DES" })
    ).Batches!;
    expect(desc.map((b) => b.Id)).toEqual(asc.map((b) => b.Id).reverse());

    for (const [params, code] of [
      [{ State: "Done" }, "InvalidState"],
      [{ TagSelector: "novalue" }, "InvalidTagSelector"],
      [{ MaxResults: 101 }, "InvalidMaxResults"],
      [{ Sort: "Name" }, "InvalidSort"],
    ] as const) {
      expect((await rejection(client.call(imm.ListBatches, { ProjectName: PROJECT, ...params }))).code).toBe(
        code,
      );
    }
  });
});
