/**
 * imm.OssBucketAttachment through the REAL @pulumi/pulumi dynamic-provider host with the engine's
 * step rules, against the local emulator: up (a project and the bucket attached to it), a no-op up
 * without a write, a new description as a delete-first replacement (no update API; the bucket is the
 * key), refresh, destroy to empty.
 */
import path from "node:path";
import { Deployment } from "../harness/engine";
import { captureRegistrations } from "../harness/registrations";
import { startEngineFixture, type EngineFixture } from "../support/engine-fixture";

const root = path.resolve(__dirname, "../..");
// The compiled package, exactly as users get it (npm test builds first).
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

let fixture: EngineFixture;
beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: "engine-attach-id",
    accessKeySecret: "engine-attach-secret",
  });
});
afterAll(() => fixture?.close());

const WRITES = ["AttachOSSBucket", "DetachOSSBucket", "CreateProject", "UpdateProject", "DeleteProject"];
const writes = () => WRITES.reduce((n, action) => n + (fixture.emulator.stats().requests[action] ?? 0), 0);
const attached = () => Object.values(fixture.emulator.resources()["imm.ossBucketAttachments"] ?? {});

it("up, no-op up, a new description replaces delete-first, refresh, destroy to empty", async () => {
  let description = "thumbnails";
  const program = () =>
    captureRegistrations(
      () => {
        new media.imm.Project("media", { projectName: "engine-attach" });
        new media.imm.OssBucketAttachment("photos", {
          projectName: "engine-attach",
          ossBucket: "photos",
          description,
        });
      },
      { project: "enginetest", stack: "dev" },
    );
  const d = new Deployment(fixture.host, { config: fixture.config });
  await d.up(await program());
  const first = d.resource("photos")!;
  expect(first.type).toBe("pulumi-nodejs:dynamic/alicloud-media/imm:OssBucketAttachment");
  expect(first.id).toBe("photos");
  expect(first.outputs).toMatchObject({ description: "thumbnails", projectName: "engine-attach" });

  const before = writes();
  expect((await d.up(await program())).changes).toEqual({ same: 2 });
  expect(writes()).toBe(before);

  description = "previews";
  const replaced = await d.up(await program());
  expect(replaced.steps.filter((s) => s.op !== "same").map((s) => s.op)).toEqual([
    "delete-replaced",
    "replace",
    "create-replacement",
  ]);
  expect(attached()).toEqual([expect.objectContaining({ OSSBucket: "photos", Description: "previews" })]);

  await d.refresh();
  expect((await d.up(await program())).changes).toEqual({ same: 2 });
  await d.destroy();
  expect(attached()).toEqual([]);
  expect(d.state).toEqual([]);
});
