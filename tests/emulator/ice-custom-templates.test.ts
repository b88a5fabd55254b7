/**
 * The emulator's ICE custom templates (Create/Get/Update/Delete/SetDefaultCustomTemplate) over HTTP
 * with the SDK's wire placement: the Subtype quirk (a name from Create, a number from Get), the checked
 * TemplateConfig of the transcoding, snapshot and watermark types, subtypes only where documented,
 * defaults per type and subtype, not-found answers, and the same operations through
 * @alicloud/pop-core and @alicloud/openapi-client.
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

const Create = referenceOperation("ice:CreateCustomTemplate", "not-idempotent");
const Get = referenceOperation("ice:GetCustomTemplate");
const Update = referenceOperation("ice:UpdateCustomTemplate");
const Delete = referenceOperation("ice:DeleteCustomTemplate");
const SetDefault = referenceOperation("ice:SetDefaultCustomTemplate");

const TRANSCODE = { Container: { Format: "mp4" }, Video: { Codec: "H.264", Bitrate: 2000 }, Audio: {} };

let emulator: RunningEmulator;
let client: ApiClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = iceClient(emulator, { retry: NO_RETRY });
});
afterAll(() => emulator?.close());

type Row = Record<string, unknown>;
const create = async (params: Record<string, string | number>) => {
  const answer = await client.call(Create, params);
  expect(departures("ice:CreateCustomTemplate", answer)).toEqual([]);
  return answer.CustomTemplate as Row;
};
const get = async (params: Record<string, string | number>) => {
  const answer = await client.call(Get, params);
  expect(departures("ice:GetCustomTemplate", answer)).toEqual([]);
  return answer.CustomTemplate as Row;
};

it("answers Subtype as a name from Create and as a number with SubtypeName from Get", async () => {
  const created = await create({
    Name: "hd",
    Type: 1,
    Subtype: 2,
    TemplateConfig: JSON.stringify({ Audio: { Bitrate: 128 } }),
  });
  expect(created).toMatchObject({
    Type: 1,
    TypeName: "TranscodeTemplate",
    Subtype: "AudioTranscode",
    IsDefault: false,
    Status: "Normal",
  });
  const read = await get({ TemplateId: String(created.TemplateId) });
  expect(read).toMatchObject({ Subtype: 2, SubtypeName: "AudioTranscode", TemplateName: "hd" });
  expect(JSON.parse(String(read.TemplateConfig))).toEqual({ Audio: { Bitrate: 128 } });
});

it("makes one template the default of its type and subtype, and finds it by Type", async () => {
  const first = await create({
    Name: "a",
    Type: 2,
    TemplateConfig: JSON.stringify({ Type: "Normal", Time: 0, Count: 3 }),
  });
  const second = await create({ Name: "b", Type: 2, TemplateConfig: JSON.stringify({ Time: 5 }) });
  await client.call(SetDefault, { TemplateId: String(first.TemplateId) });
  expect((await get({ Type: 2 })).TemplateId).toBe(first.TemplateId);
  expect((await client.call(SetDefault, { TemplateId: String(second.TemplateId) })).Success).toBe(true);
  expect(await get({ TemplateId: String(first.TemplateId) })).toMatchObject({ IsDefault: false });
  expect(await get({ Type: 2, Subtype: 1 })).toMatchObject({
    TemplateId: second.TemplateId,
    IsDefault: true,
  });
  expect((await rejection(get({ Type: 6 }))).code).toBe("ResourceNotFound");
});

it("updates name and configuration in place, checking the configuration again, and deletes", async () => {
  const created = await create({
    Name: "wm",
    Type: 5,
    TemplateConfig: JSON.stringify({ Content: "hello", FontSize: 12 }),
  });
  const id = String(created.TemplateId);
  const answer = await client.call(Update, {
    TemplateId: id,
    Name: "wm2",
    TemplateConfig: JSON.stringify({ Content: "bye" }),
  });
  expect(departures("ice:UpdateCustomTemplate", answer)).toEqual([]);
  expect(await get({ TemplateId: id })).toMatchObject({
    TemplateName: "wm2",
    TemplateConfig: '{"Content":"bye"}',
  });
  const refused = await rejection(
    client.call(Update, { TemplateId: id, TemplateConfig: JSON.stringify({ FontSize: 3 }) }),
  );
  expect({ code: refused.code, message: refused.apiMessage }).toEqual({
    code: "MissingParameter",
    message: expect.stringContaining("TemplateConfig.Content"),
  });
  expect((await client.call(Delete, { TemplateId: id })).Success).toBe(true);
  const gone = await rejection(get({ TemplateId: id }));
  expect({ code: gone.code, status: gone.httpStatus }).toEqual({ code: "ResourceNotFound", status: 404 });
});

it.each([
  ["a type of 12", { Type: 12, TemplateConfig: "{}" }, "InvalidParameter", "Type"],
  [
    "a subtype on a type without subtypes",
    { Type: 4, Subtype: 1, TemplateConfig: "{}" },
    "InvalidParameter",
    "Subtype",
  ],
  [
    "a transcoding subtype of 6",
    { Type: 1, Subtype: 6, TemplateConfig: JSON.stringify(TRANSCODE) },
    "InvalidParameter",
    "NarrowBandV2",
  ],
  [
    "a transcoding template with nothing to do",
    { Type: 1, TemplateConfig: "{}" },
    "InvalidParameter",
    "Container, Video or Audio",
  ],
  [
    "a container without a format",
    { Type: 1, TemplateConfig: JSON.stringify({ Container: {} }) },
    "InvalidParameter",
    "TemplateConfig.Container.Format",
  ],
  [
    "a remux without a container",
    { Type: 1, Subtype: 3, TemplateConfig: JSON.stringify({ Video: {} }) },
    "MissingParameter",
    "TemplateConfig.Container",
  ],
  [
    "a negative video bitrate",
    { Type: 1, TemplateConfig: JSON.stringify({ Video: { Bitrate: -1 } }) },
    "InvalidParameter",
    "TemplateConfig.Video.Bitrate",
  ],
  [
    "a snapshot count of 0",
    { Type: 2, TemplateConfig: JSON.stringify({ Count: 0 }) },
    "InvalidParameter",
    "TemplateConfig.Count",
  ],
  [
    "a sprite config typed Normal",
    { Type: 2, Subtype: 2, TemplateConfig: JSON.stringify({ Type: "Normal" }) },
    "InvalidParameter",
    "Sprite",
  ],
  [
    "a watermark in the middle",
    { Type: 4, TemplateConfig: JSON.stringify({ ReferPos: "Center" }) },
    "InvalidParameter",
    "TemplateConfig.ReferPos",
  ],
  [
    "a configuration that is not an object",
    { Type: 8, TemplateConfig: "[1]" },
    "InvalidParameter",
    "TemplateConfig",
  ],
])("refuses %s, naming it", async (_label, params, code, named) => {
  const error = await rejection(client.call(Create, { Name: "bad", ...params }));
  expect({ code: error.code, named: error.apiMessage.includes(named) }).toEqual({ code, named: true });
});

it("answers @alicloud/pop-core (POST) and @alicloud/openapi-client", async () => {
  const pop = popCoreCaller(emulator, "ice", "POST");
  const created = await pop("CreateCustomTemplate", {
    Name: "third",
    Type: "1",
    TemplateConfig: JSON.stringify(TRANSCODE),
  });
  const id = String((created.CustomTemplate as Row).TemplateId);
  const openApi = openApiCaller(emulator, "ice");
  const read = await openApi("GetCustomTemplate", { TemplateId: id });
  expect(departures("ice:GetCustomTemplate", read)).toEqual([]);
  expect((read.CustomTemplate as Row).SubtypeName).toBe("Normal");
  await openApi("DeleteCustomTemplate", { TemplateId: id });
  expect((await thirdPartyFailure(pop("GetCustomTemplate", { TemplateId: id }))).code).toBe(
    "ResourceNotFound",
  );
});
