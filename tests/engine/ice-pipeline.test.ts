/**
 * ice.Pipeline through the REAL @pulumi/pulumi dynamic-provider host with the engine's step rules,
 * against the local emulator: up (a Paused pipeline), a no-op up without a write, an in-place update
 * of priority and status, a new speed as a create-first replacement, refresh, destroy to empty.
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
    accessKeyId: "engine-pipeline-id",
    accessKeySecret: "engine-pipeline-secret",
  });
});
afterAll(() => fixture?.close());

const WRITES = ["CreatePipeline", "UpdatePipeline", "DeletePipeline"];
const writes = () => WRITES.reduce((n, action) => n + (fixture.emulator.stats().requests[action] ?? 0), 0);
const pipelines = () =>
  Object.values(fixture.emulator.resources()["ice.pipelines"] ?? {}) as Record<string, unknown>[];

it("up, no-op up, in-place update, speed replaces create-first, refresh, destroy to empty", async () => {
  let args: { priority?: number; status?: "Active" | "Paused"; speed?: "Standard" | "Boost" } = {
    priority: 3,
    status: "Paused",
  };
  const program = () =>
    captureRegistrations(
      () => {
        new media.ice.Pipeline("queue", args);
      },
      { project: "enginetest", stack: "dev" },
    );
  const d = new Deployment(fixture.host, { config: fixture.config });
  await d.up(await program());
  const first = d.resource("queue")!;
  expect(first.type).toBe("pulumi-nodejs:dynamic/alicloud-media/ice:Pipeline");
  expect(first.outputs).toMatchObject({
    name: expect.stringMatching(/^queue-[0-9a-f]{8}$/),
    status: "Paused",
  });

  const before = writes();
  expect((await d.up(await program())).changes).toEqual({ same: 1 });
  expect(writes()).toBe(before);

  args = { priority: 9, status: "Active" };
  const updated = await d.up(await program());
  expect(updated.steps.map((s) => s.op)).toEqual(["update"]);
  expect(pipelines()).toEqual([
    expect.objectContaining({ PipelineId: first.id, Priority: 9, Status: "Active" }),
  ]);

  args = { ...args, speed: "Boost" };
  const replaced = await d.up(await program());
  expect(replaced.steps.map((s) => s.op)).toEqual(["create-replacement", "replace", "delete-replaced"]);
  expect(pipelines()).toEqual([expect.objectContaining({ Speed: "Boost", Name: first.outputs.name })]);

  await d.refresh();
  expect((await d.up(await program())).changes).toEqual({ same: 1 });
  await d.destroy();
  expect(pipelines()).toEqual([]);
  expect(d.state).toEqual([]);
});
