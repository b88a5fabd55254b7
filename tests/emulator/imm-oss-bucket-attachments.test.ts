/**
 * The emulator's IMM OSS bucket attachments (AttachOSSBucket, GetOSSBucketAttachment,
 * DetachOSSBucket) over HTTP with the SDK's wire placement: one project per bucket, the documented
 * answer, not-found and already-exists answers, validation, DeleteProject detaching the project's
 * buckets, and the same operations through @alicloud/pop-core and @alicloud/openapi-client.
 */
import { type RunningEmulator, startEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import type { ApiClient } from "../../provider/runtime";
import {
  departures,
  openApiCaller,
  popCoreCaller,
  referenceOperation,
  thirdPartyFailure,
} from "./reference-operations";
import { NO_RETRY, immClient, rejection } from "./support";

const Attach = referenceOperation("imm:AttachOSSBucket", "name-keyed");
const Get = referenceOperation("imm:GetOSSBucketAttachment");
const Detach = referenceOperation("imm:DetachOSSBucket");

let emulator: RunningEmulator;
let client: ApiClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = immClient(emulator, { retry: NO_RETRY });
  await client.call(imm.CreateProject, { ProjectName: "attach-a" });
  await client.call(imm.CreateProject, { ProjectName: "attach-b" });
});
afterAll(() => emulator?.close());

it("attaches a bucket to one project, answers it as documented, and detaches it", async () => {
  const attached = await client.call(Attach, {
    ProjectName: "attach-a",
    OSSBucket: "photos-bucket",
    Description: "x-oss-process",
  });
  expect(departures("imm:AttachOSSBucket", attached)).toEqual([]);
  const read = await client.call(Get, { OSSBucket: "photos-bucket" });
  expect(departures("imm:GetOSSBucketAttachment", read)).toEqual([]);
  expect(read).toMatchObject({
    ProjectName: "attach-a",
    Description: "x-oss-process",
    CreateTime: expect.stringMatching(/\+08:00$/),
  });
  const again = await rejection(client.call(Attach, { ProjectName: "attach-b", OSSBucket: "photos-bucket" }));
  expect(again.code).toBe("ResourceAlreadyExists");
  await client.call(Detach, { OSSBucket: "photos-bucket" });
  const gone = await rejection(client.call(Get, { OSSBucket: "photos-bucket" }));
  expect({ code: gone.code, status: gone.httpStatus }).toEqual({ code: "ResourceNotFound", status: 404 });
  expect((await rejection(client.call(Detach, { OSSBucket: "photos-bucket" }))).code).toBe(
    "ResourceNotFound",
  );
});

it.each([
  ["an unknown project", { ProjectName: "no-such-project", OSSBucket: "some-bucket" }, "ResourceNotFound"],
  ["a bucket name with capitals", { ProjectName: "attach-a", OSSBucket: "Some_Bucket" }, "InvalidOSSBucket"],
  [
    "a description of 129 characters",
    { ProjectName: "attach-a", OSSBucket: "some-bucket", Description: "d".repeat(129) },
    "InvalidDescription",
  ],
])("refuses %s", async (_label, params, code) => {
  expect((await rejection(client.call(Attach, params))).code).toBe(code);
});

it("detaches a project's buckets when the project is deleted", async () => {
  await client.call(imm.CreateProject, { ProjectName: "attach-gone" });
  await client.call(Attach, { ProjectName: "attach-gone", OSSBucket: "orphan-bucket" });
  await client.call(imm.DeleteProject, { ProjectName: "attach-gone" });
  expect((await rejection(client.call(Get, { OSSBucket: "orphan-bucket" }))).code).toBe("ResourceNotFound");
});

it("answers @alicloud/pop-core (GET) and @alicloud/openapi-client", async () => {
  const pop = popCoreCaller(emulator, "imm", "GET");
  await pop("AttachOSSBucket", { ProjectName: "attach-b", OSSBucket: "third-party-bucket" });
  const openApi = openApiCaller(emulator, "imm");
  expect((await openApi("GetOSSBucketAttachment", { OSSBucket: "third-party-bucket" })).ProjectName).toBe(
    "attach-b",
  );
  await openApi("DetachOSSBucket", { OSSBucket: "third-party-bucket" });
  expect(
    (await thirdPartyFailure(pop("GetOSSBucketAttachment", { OSSBucket: "third-party-bucket" }))).code,
  ).toBe("ResourceNotFound");
});
