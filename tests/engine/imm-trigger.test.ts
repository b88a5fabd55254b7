/**
 * imm.Trigger through the REAL @pulumi/pulumi dynamic-provider host with the engine's step rules,
 * against the local emulator: up (a Running trigger), a no-op up without a write, Suspended in
 * place, a tag change of a Suspended trigger as a delete-first replacement (IMM updates only Ready or
 * Failed triggers; the client token is shared), refresh, destroy to empty.
 */
import path from "node:path";
import { imm } from "../../provider/operations";
import { Deployment } from "../harness/engine";
import { captureRegistrations } from "../harness/registrations";
import { startEngineFixture, type EngineFixture } from "../support/engine-fixture";

const root = path.resolve(__dirname, "../..");
// The compiled package, exactly as users get it (npm test builds first).
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");
const PROJECT = "engine-trigger-project";

let fixture: EngineFixture;
beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: "engine-trigger-id",
    accessKeySecret: "engine-trigger-secret",
    timings: { triggerStartMs: 200 },
  });
  await fixture.outOfBand("imm").call(imm.CreateProject, { ProjectName: PROJECT });
});
afterAll(() => fixture?.close());

const WRITES = ["CreateTrigger", "UpdateTrigger", "SuspendTrigger", "ResumeTrigger", "DeleteTrigger"];
const writes = () => WRITES.reduce((n, action) => n + (fixture.emulator.stats().requests[action] ?? 0), 0);
const triggers = () =>
  Object.values(fixture.emulator.resources()["imm.triggers"] ?? {}) as { view: Record<string, unknown> }[];

it("up, no-op up, Suspended in place, a Suspended trigger's new tags replace delete-first, refresh, destroy", async () => {
  let args: { state?: "Running" | "Suspended"; tags?: Record<string, string> } = { tags: { team: "media" } };
  const program = () =>
    captureRegistrations(
      () => {
        new media.imm.Trigger("on-upload", {
          projectName: PROJECT,
          input: { oss: { bucket: "uploads", prefix: "in/" } },
          actions: [{ name: "doc/convert", parameters: ["target=pdf"] }],
          waitTimeoutSeconds: 30,
          ...args,
        });
      },
      { project: "enginetest", stack: "dev" },
    );
  const d = new Deployment(fixture.host, { config: fixture.config });
  await d.up(await program());
  const first = d.resource("on-upload")!;
  expect(first.type).toBe("pulumi-nodejs:dynamic/alicloud-media/imm:Trigger");
  expect(first.outputs).toMatchObject({
    state: "Running",
    triggerState: "Running",
    clientToken: expect.stringMatching(/^on-upload-[0-9a-f]{32}$/),
  });

  const before = writes();
  expect((await d.up(await program())).changes).toEqual({ same: 1 });
  expect(writes()).toBe(before);

  args = { ...args, state: "Suspended" };
  const suspended = await d.up(await program());
  expect(suspended.steps.map((s) => s.op)).toEqual(["update"]);
  expect(triggers()).toEqual([
    expect.objectContaining({ view: expect.objectContaining({ State: "Suspended" }) }),
  ]);

  args = { ...args, tags: { team: "video" } };
  const replaced = await d.up(await program());
  expect(replaced.steps.map((s) => s.op)).toEqual(["delete-replaced", "replace", "create-replacement"]);
  const after = d.resource("on-upload")!;
  expect(after.id).not.toBe(first.id);
  expect(after.outputs).toMatchObject({ tags: { team: "video" }, state: "Suspended" });
  expect(triggers()).toHaveLength(1);

  await d.refresh();
  expect((await d.up(await program())).changes).toEqual({ same: 1 });
  await d.destroy();
  expect(triggers()).toEqual([]);
  expect(d.state).toEqual([]);
});
