/**
 * The emulator's ICE pipelines (CreatePipeline, GetPipeline, UpdatePipeline, DeletePipeline) over HTTP
 * with the SDK's wire placement: defaults, in-place updates of name, priority and status, the
 * documented ranges and values, not-found answers, the documented answer shapes, and the same
 * operations through @alicloud/pop-core and @alicloud/openapi-client.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import type { ApiClient } from "../../provider/runtime";
import {
  departures,
  openApiCaller,
  popCoreCaller,
  referenceOperation,
  thirdPartyFailure,
} from "./reference-operations";
import { NO_RETRY, iceClient, rejection } from "./support";

const Create = referenceOperation("ice:CreatePipeline", "not-idempotent");
const Get = referenceOperation("ice:GetPipeline");
const Update = referenceOperation("ice:UpdatePipeline");
const Delete = referenceOperation("ice:DeletePipeline");

let emulator: RunningEmulator;
let client: ApiClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = iceClient(emulator, { retry: NO_RETRY });
});
afterAll(() => emulator?.close());

type Row = Record<string, unknown>;
const get = async (id: string) => {
  const answer = await client.call(Get, { PipelineId: id });
  expect(departures("ice:GetPipeline", answer)).toEqual([]);
  return answer.Pipeline as Row;
};

it("creates an Active pipeline of priority 6 by default, and answers it as documented", async () => {
  const created = await client.call(Create, { Name: "standard", Speed: "Standard" });
  expect(departures("ice:CreatePipeline", created)).toEqual([]);
  expect(created.Pipeline).toMatchObject({
    Name: "standard",
    Speed: "Standard",
    Priority: 6,
    Status: "Active",
  });
  const id = String((created.Pipeline as Row).PipelineId);
  expect(await get(id)).toEqual(created.Pipeline);
});

it("updates name, priority and status in place; the speed stays", async () => {
  const { Pipeline } = await client.call(Create, { Name: "boost", Speed: "Boost", Priority: 2 });
  const id = String((Pipeline as Row).PipelineId);
  const answer = await client.call(Update, {
    PipelineId: id,
    Name: "renamed",
    Priority: 9,
    Status: "Paused",
  });
  expect(departures("ice:UpdatePipeline", answer)).toEqual([]);
  expect(answer.Success).toBe(true);
  expect(await get(id)).toMatchObject({ Name: "renamed", Priority: 9, Status: "Paused", Speed: "Boost" });
  await client.call(Update, { PipelineId: id, Status: "Active" });
  expect(await get(id)).toMatchObject({ Name: "renamed", Priority: 9, Status: "Active" });
});

it("deletes, then answers ResourceNotFound for the pipeline", async () => {
  const { Pipeline } = await client.call(Create, { Name: "gone", Speed: "NarrowBandHDV2" });
  const id = String((Pipeline as Row).PipelineId);
  expect((await client.call(Delete, { PipelineId: id })).Success).toBe(true);
  const error = await rejection(get(id));
  expect({ code: error.code, status: error.httpStatus }).toEqual({ code: "ResourceNotFound", status: 404 });
  expect((await rejection(client.call(Delete, { PipelineId: id }))).code).toBe("ResourceNotFound");
});

it.each([
  ["a priority of 11", Create, { Name: "p", Speed: "Standard", Priority: 11 }, "Priority"],
  ["a priority of 0", Create, { Name: "p", Speed: "Standard", Priority: 0 }, "Priority"],
  ["an unknown speed", Create, { Name: "p", Speed: "Turbo" }, "Speed"],
  ["a name of 129 characters", Create, { Name: "n".repeat(129), Speed: "Standard" }, "Name"],
])("refuses %s, naming it", async (_label, op, params, named) => {
  const error = await rejection(client.call(op, params));
  expect({ code: error.code, named: error.apiMessage.includes(named) }).toEqual({
    code: "InvalidParameter",
    named: true,
  });
});

it("refuses an unknown status on update", async () => {
  const { Pipeline } = await client.call(Create, { Name: "s", Speed: "Standard" });
  const error = await rejection(
    client.call(Update, { PipelineId: String((Pipeline as Row).PipelineId), Status: "Stopped" }),
  );
  expect(error.apiMessage).toContain("Active, Paused");
});

it("answers @alicloud/pop-core (GET) and @alicloud/openapi-client", async () => {
  const pop = popCoreCaller(emulator, "ice", "GET");
  const created = await pop("CreatePipeline", { Name: "third", Speed: "Standard", Priority: "3" });
  const id = String((created.Pipeline as Row).PipelineId);
  const openApi = openApiCaller(emulator, "ice");
  expect(((await openApi("GetPipeline", { PipelineId: id })).Pipeline as Row).Priority).toBe(3);
  expect((await thirdPartyFailure(pop("CreatePipeline", { Name: "x" }))).code).toBe("MissingParameter");
});
