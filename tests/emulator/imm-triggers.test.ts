/**
 * The emulator's IMM triggers (CreateTrigger … ListTriggers) over HTTP with the SDK's wire placement:
 * Ready then Running on `triggerStartMs`, the state rules of suspend, resume, update and delete, the
 * injected failure, ListTriggers by tag (a client token kept in a tag is found again), DeleteProject
 * refused while triggers remain, the documented DataIngestion shape, and the same operations through
 * @alicloud/pop-core and @alicloud/openapi-client.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import type { ApiClient } from "../../provider/runtime";
import { waitFor } from "../../provider/runtime/waiter";
import {
  departures,
  openApiCaller,
  popCoreCaller,
  referenceOperation,
  thirdPartyFailure,
} from "./reference-operations";
import { NO_RETRY, immClient, rejection } from "./support";

const Create = referenceOperation("imm:CreateTrigger", "not-idempotent");
const Get = referenceOperation("imm:GetTrigger");
const Update = referenceOperation("imm:UpdateTrigger");
const Suspend = referenceOperation("imm:SuspendTrigger");
const Resume = referenceOperation("imm:ResumeTrigger");
const Delete = referenceOperation("imm:DeleteTrigger");
const List = referenceOperation("imm:ListTriggers");

const PROJECT = "trigger-project";
const BASE = {
  ProjectName: PROJECT,
  Input: { OSS: { Bucket: "media-uploads", Prefix: "in/" } },
  Actions: [{ Name: "doc/convert", Parameters: ["target=pdf"], FastFailPolicy: { Action: "abort" } }],
  ServiceRole: "AliyunIMMBatchTriggerRole",
};

let emulator: RunningEmulator;
let client: ApiClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { triggerStartMs: 50 } });
  client = immClient(emulator, { retry: NO_RETRY });
  await client.call(imm.CreateProject, { ProjectName: PROJECT });
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator?.close());

type Row = Record<string, unknown>;
const get = async (id: string) => {
  const answer = await client.call(Get, { ProjectName: PROJECT, Id: id });
  expect(departures("imm:GetTrigger", answer)).toEqual([]);
  return answer.Trigger as Row;
};
const until = (id: string, state: string) =>
  waitFor({
    what: `trigger ${id}`,
    poll: () => get(id),
    describe: (t) => String(t.State),
    isDone: (t) => t.State === state,
    timeoutMs: 10_000,
    initialIntervalMs: 10,
    maxIntervalMs: 20,
  });
const create = async (extra: Row = {}) => String((await client.call(Create, { ...BASE, ...extra })).Id);

it("creates a Ready trigger that starts Running on its own, answered as a DataIngestion", async () => {
  emulator.setTimings({ triggerStartMs: 3_600_000 });
  const waiting = await create();
  emulator.setTimings({ triggerStartMs: 50 });
  expect((await get(waiting)).State).toBe("Ready");
  const early = await rejection(client.call(Suspend, { ProjectName: PROJECT, Id: waiting }));
  expect({ code: early.code, message: early.apiMessage }).toEqual({
    code: "InvalidArgument",
    message: expect.stringContaining("Ready"),
  });
  await client.call(Delete, { ProjectName: PROJECT, Id: waiting });
  const id = await create({ Tags: { team: "media" }, Notification: { MNS: { TopicName: "done" } } });
  expect(id).toMatch(/^trigger-[0-9a-f-]{36}$/);
  expect(await get(id)).toMatchObject({
    Input: BASE.Input,
    Actions: BASE.Actions,
    Tags: { team: "media" },
  });
  expect(await until(id, "Running")).toMatchObject({
    Phase: "IncrementalScanning",
    Notification: { MNS: { TopicName: "done" } },
  });
});

it("suspends a Running trigger, resumes it, and deletes it only when not Running", async () => {
  const id = await create();
  await until(id, "Running");
  expect((await rejection(client.call(Delete, { ProjectName: PROJECT, Id: id }))).apiMessage).toContain(
    "Running",
  );
  expect(
    (await rejection(client.call(Update, { ProjectName: PROJECT, Id: id, Tags: {} }))).apiMessage,
  ).toContain("Ready or Failed");
  await client.call(Suspend, { ProjectName: PROJECT, Id: id });
  expect((await get(id)).State).toBe("Suspended");
  await client.call(Resume, { ProjectName: PROJECT, Id: id });
  expect((await get(id)).State).toBe("Running");
  await client.call(Suspend, { ProjectName: PROJECT, Id: id });
  await client.call(Delete, { ProjectName: PROJECT, Id: id });
  const gone = await rejection(get(id));
  expect({ code: gone.code, status: gone.httpStatus }).toEqual({ code: "ResourceNotFound", status: 404 });
});

it("fails with an Error under the injected failure, updates while Failed (keeping FastFailPolicy) and resumes", async () => {
  emulator.setFaults({ taskFailureRate: 1, actions: ["CreateTrigger"] });
  const id = await create();
  emulator.clearFaults();
  expect(await until(id, "Failed")).toMatchObject({ Error: expect.stringContaining("AccessDenied") });
  await client.call(Update, {
    ProjectName: PROJECT,
    Id: id,
    Actions: [{ Name: "doc/convert" }],
    Input: { OSS: { Bucket: "other-bucket" } },
  });
  expect(await get(id)).toMatchObject({
    State: "Failed",
    Actions: [{ Name: "doc/convert", FastFailPolicy: { Action: "abort" } }],
    Input: { OSS: { Bucket: "other-bucket" } },
  });
  await client.call(Resume, { ProjectName: PROJECT, Id: id });
  const resumed = await get(id);
  expect(resumed.State).toBe("Running");
  expect(resumed.Error).toBeUndefined();
});

it("lists by tag and state, so a client token kept in a tag is found again", async () => {
  const id = await create({ Tags: { "client-token": "tok-1" } });
  await create({ Tags: { "client-token": "tok-2" } });
  const answer = await client.call(List, { ProjectName: PROJECT, TagSelector: "client-token=tok-1" });
  expect(departures("imm:ListTriggers", answer)).toEqual([]);
  expect((answer.Triggers as Row[]).map((t) => t.Id)).toEqual([id]);
  const ready = await client.call(List, { ProjectName: PROJECT, State: "Suspended", MaxResults: 1 });
  expect((ready.Triggers as Row[]).every((t) => t.State === "Suspended")).toBe(true);
  expect((await rejection(client.call(List, { ProjectName: PROJECT, State: "Paused" }))).code).toBe(
    "InvalidState",
  );
});

it.each([
  ["a bucket name with capitals", { Input: { OSS: { Bucket: "Bad_Bucket" } } }, "Input.OSS.Bucket"],
  ["no actions", { Actions: [] }, "Actions"],
  [
    "an unknown fast-fail policy",
    { Actions: [{ Name: "a", FastFailPolicy: { Action: "retry" } }] },
    "FastFailPolicy.Action",
  ],
])("refuses %s, naming it", async (_label, extra, named) => {
  const error = await rejection(client.call(Create, { ...BASE, ...extra }));
  expect(error.apiMessage).toContain(named);
});

it("refuses DeleteProject while the project has triggers", async () => {
  await client.call(imm.CreateProject, { ProjectName: "trigger-owner" });
  const { Id } = await client.call(Create, { ...BASE, ProjectName: "trigger-owner" });
  const refused = await rejection(client.call(imm.DeleteProject, { ProjectName: "trigger-owner" }));
  expect(refused.apiMessage).toContain("trigger");
  await until(String(Id), "Running").catch(() => undefined);
  await client.call(Suspend, { ProjectName: "trigger-owner", Id: String(Id) }).catch(() => undefined);
  await client.call(Delete, { ProjectName: "trigger-owner", Id: String(Id) });
  await client.call(imm.DeleteProject, { ProjectName: "trigger-owner" });
});

it("answers @alicloud/pop-core (POST form body) and @alicloud/openapi-client", async () => {
  const pop = popCoreCaller(emulator, "imm", "POST");
  const created = await pop("CreateTrigger", {
    ProjectName: PROJECT,
    Input: JSON.stringify(BASE.Input),
    Actions: JSON.stringify(BASE.Actions),
    ServiceRole: BASE.ServiceRole,
  });
  const openApi = openApiCaller(emulator, "imm");
  const read = await openApi("GetTrigger", { ProjectName: PROJECT, Id: String(created.Id) });
  expect(departures("imm:GetTrigger", read)).toEqual([]);
  expect(
    (await thirdPartyFailure(pop("GetTrigger", { ProjectName: PROJECT, Id: "trigger-none" }))).code,
  ).toBe("ResourceNotFound");
});
