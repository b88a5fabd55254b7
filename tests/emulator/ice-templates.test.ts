/**
 * The emulator's ICE editing templates (AddTemplate, GetTemplate, UpdateTemplate, DeleteTemplate) over
 * HTTP with the SDK's wire placement: a Timeline template usable at once, a VETemplate analysed on
 * `templateProcessMs` (Available, or ProcessFailed under the injected failure), the documented answer
 * shapes (CoverUrl from Add, CoverURL from Get), ClipsParam from the placeholders, validation and
 * not-found answers, and DeleteTemplate sent as GET by @alicloud/pop-core as the SDK sends it.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import type { ApiClient } from "../../provider/runtime";
import { waitFor } from "../../provider/runtime/waiter";
import {
  departures,
  openApiCaller,
  popCoreCaller,
  referenceOperation,
  thirdPartyFailure,
} from "./reference-operations";
import { NO_RETRY, iceClient, rejection } from "./support";

const Add = referenceOperation("ice:AddTemplate", "not-idempotent");
const Get = referenceOperation("ice:GetTemplate");
const Update = referenceOperation("ice:UpdateTemplate");
const Delete = referenceOperation("ice:DeleteTemplate");

const CONFIG = { VideoTracks: [{ VideoTrackClips: [{ MediaId: "$Intro" }, { MediaId: "$Main" }] }] };

let emulator: RunningEmulator;
let client: ApiClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { templateProcessMs: 300 } });
  client = iceClient(emulator, { retry: NO_RETRY });
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator?.close());

type Row = Record<string, unknown>;
const add = async (params: Record<string, string>) => {
  const answer = await client.call(Add, params);
  expect(departures("ice:AddTemplate", answer)).toEqual([]);
  return answer.Template as Row;
};
const get = async (id: string, extra: Record<string, string> = {}) => {
  const answer = await client.call(Get, { TemplateId: id, ...extra });
  expect(departures("ice:GetTemplate", answer)).toEqual([]);
  return answer.Template as Row;
};
const settled = (id: string) =>
  waitFor({
    what: `template ${id}`,
    poll: () => get(id),
    describe: (t) => String(t.Status),
    isDone: (t) => t.Status !== "Processing",
    timeoutMs: 10_000,
    initialIntervalMs: 10,
    maxIntervalMs: 20,
  });

it("adds a Timeline template that is Available at once, with the documented spellings and its ClipsParam", async () => {
  const added = await add({
    Name: "intro",
    Type: "Timeline",
    Config: JSON.stringify(CONFIG),
    CoverUrl: "https://b.oss/c.jpg",
  });
  expect(added).toMatchObject({
    Status: "Available",
    Type: "Timeline",
    CoverUrl: "https://b.oss/c.jpg",
    CreateSource: "OpenAPI",
  });
  const read = await get(String(added.TemplateId), { RelatedMediaidFlag: "1" });
  expect(read).toMatchObject({ CoverURL: "https://b.oss/c.jpg", CreationTime: expect.stringMatching(/Z$/) });
  expect(JSON.parse(String(read.Config))).toEqual(CONFIG);
  expect(JSON.parse(String(read.ClipsParam))).toEqual({ Intro: "", Main: "" });
});

it("analyses a VETemplate: Processing, then Available; analysed again when its Config changes", async () => {
  const added = await add({ Name: "ae", Type: "VETemplate", Config: JSON.stringify({ Project: "p.aep" }) });
  expect(added.Status).toBe("Processing");
  expect((await settled(String(added.TemplateId))).Status).toBe("Available");
  await client.call(Update, {
    TemplateId: String(added.TemplateId),
    Config: JSON.stringify({ Project: "q.aep" }),
  });
  expect((await get(String(added.TemplateId))).Status).toBe("Processing");
  expect((await settled(String(added.TemplateId))).Status).toBe("Available");
});

it("ends ProcessFailed when the injected task failure strikes AddTemplate", async () => {
  emulator.setFaults({ taskFailureRate: 1, actions: ["AddTemplate"] });
  const added = await add({ Name: "broken", Type: "VETemplate", Config: "{}" });
  expect((await settled(String(added.TemplateId))).Status).toBe("ProcessFailed");
});

it("updates in place and deletes; unknown IDs answer ResourceNotFound", async () => {
  const { TemplateId } = await add({ Name: "before", Type: "Timeline", Config: JSON.stringify(CONFIG) });
  const id = String(TemplateId);
  await client.call(Update, { TemplateId: id, Name: "after", Status: "Created", Source: "WebSDK" });
  expect(await get(id)).toMatchObject({
    Name: "after",
    Status: "Created",
    ModifiedSource: "WebSDK",
    CreateSource: "OpenAPI",
  });
  await client.call(Delete, { TemplateIds: `${id},unknown` });
  const gone = await rejection(get(id));
  expect({ code: gone.code, status: gone.httpStatus }).toEqual({ code: "ResourceNotFound", status: 404 });
  expect((await rejection(client.call(Delete, { TemplateIds: id }))).code).toBe("ResourceNotFound");
});

it.each([
  ["an unknown Type", { Name: "x", Type: "Slideshow", Config: "{}" }, "InvalidParameter", "Type"],
  ["no Name", { Type: "Timeline", Config: "{}" }, "MissingParameter", "Name"],
  ["a Config that is not JSON", { Name: "x", Type: "Timeline", Config: "{" }, "InvalidParameter", "Config"],
  [
    "an unknown Status",
    { Name: "x", Type: "Timeline", Config: "{}", Status: "Ready" },
    "InvalidParameter",
    "Status",
  ],
])("refuses %s, naming it", async (_label, params, code, named) => {
  const error = await rejection(client.call(Add, params));
  expect(error.code).toBe(code);
  expect(error.apiMessage).toContain(named);
});

it("answers @alicloud/openapi-client, and DeleteTemplate sent as GET by @alicloud/pop-core", async () => {
  const openApi = openApiCaller(emulator, "ice");
  const added = await openApi("AddTemplate", {
    Name: "third",
    Type: "Timeline",
    Config: JSON.stringify(CONFIG),
  });
  const id = String((added.Template as Row).TemplateId);
  expect(departures("ice:AddTemplate", added)).toEqual([]);
  const pop = popCoreCaller(emulator, "ice", "GET");
  expect(((await pop("GetTemplate", { TemplateId: id })).Template as Row).Name).toBe("third");
  await pop("DeleteTemplate", { TemplateIds: id });
  expect((await thirdPartyFailure(openApi("GetTemplate", { TemplateId: id }))).code).toBe("ResourceNotFound");
});
