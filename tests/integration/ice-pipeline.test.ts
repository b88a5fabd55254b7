/**
 * ice.Pipeline through the generic lifecycle and the real openapi-client, over HTTP, against the local
 * emulator: the derived name, a Paused pipeline paused right after its create, in-place updates of
 * name, priority and status (a removed field back to the API's default), speed as a replacement,
 * a lost CreatePipeline answer never repeated, a failure after the ID is known as partial state,
 * refresh of a pipeline gone, delete.
 */
import { pipelineSpec } from "../../provider/ice/pipeline";
import { failure, identity, partial, up, useHarness } from "./support";

const h = useHarness({});
const lifecycle = () => h.lifecycle(pipelineSpec);
const calls = (action: string) => h.emulator.stats().requests[action] ?? 0;
const stored = () =>
  Object.values(h.emulator.resources()["ice.pipelines"] ?? {}) as Record<string, unknown>[];
const declared = (extra: Record<string, unknown> = {}) => ({
  ...identity("ice:Pipeline", "queue"),
  ...extra,
});

it("creates under the derived name, Paused when declared so, and a second check is no change", async () => {
  const pipelines = lifecycle();
  const { inputs, created } = await up(pipelines, declared({ priority: 8, status: "Paused" }));
  expect(inputs.name).toMatch(/^queue-[0-9a-f]{8}$/);
  expect(created.outs).toMatchObject({ name: inputs.name, priority: 8, speed: "Standard", status: "Paused" });
  expect(stored()).toEqual([expect.objectContaining({ Status: "Paused", Priority: 8 })]);
  expect(calls("UpdatePipeline")).toBe(1);
  const again = await pipelines.check(created.outs, declared({ priority: 8, status: "Paused" }));
  expect(again.inputs.name).toBe(inputs.name);
  expect((await pipelines.diff(created.id, created.outs, again.inputs)).changes).toBe(false);
  const other = await pipelines.check(
    {},
    { ...declared(), ...identity("ice:Pipeline", "queue", "acme", "prod") },
  );
  expect(other.inputs.name).not.toBe(inputs.name);
});

it("updates name, priority and status in place; a removed field goes back to the default; speed replaces", async () => {
  const pipelines = lifecycle();
  const { created } = await up(pipelines, declared({ priority: 9, status: "Paused" }));
  const news = (await pipelines.check(created.outs, declared({ name: "renamed", status: "Active" }))).inputs;
  expect(await pipelines.diff(created.id, created.outs, news)).toMatchObject({ changes: true, replaces: [] });
  const updated = await pipelines.update(created.id, created.outs, news);
  expect(updated.outs).toMatchObject({ name: "renamed", priority: 6, status: "Active" });
  expect(stored()).toEqual([expect.objectContaining({ Name: "renamed", Priority: 6, Status: "Active" })]);
  const boost = (await pipelines.check(updated.outs, declared({ name: "renamed", speed: "Boost" }))).inputs;
  expect(await pipelines.diff(created.id, updated.outs, boost)).toMatchObject({
    replaces: ["speed"],
    deleteBeforeReplace: false,
  });
});

it("never repeats a CreatePipeline whose answer was lost, and says what to look for", async () => {
  h.emulator.setFaults({ lostResponseRate: 1, actions: ["CreatePipeline"] });
  const pipelines = lifecycle();
  const { inputs } = await pipelines.check({}, declared());
  const error = await failure(pipelines.create(inputs));
  expect(error.message).toContain(`may have created pipeline "${String(inputs.name)}"`);
  expect(calls("CreatePipeline")).toBe(1);
});

it("records the pipeline when pausing it after the create fails", async () => {
  h.emulator.setFaults({ serverErrorRate: 1, actions: ["UpdatePipeline"] });
  const pipelines = lifecycle();
  const { inputs } = await pipelines.check({}, declared({ status: "Paused" }));
  const recorded = await partial(pipelines.create(inputs));
  expect(recorded.properties).toMatchObject({ pipelineId: recorded.id, status: "Active" });
  h.emulator.clearFaults();
  const diff = await pipelines.diff(recorded.id, recorded.properties, inputs);
  expect(diff).toMatchObject({ changes: true, replaces: [] });
  const done = await pipelines.update(recorded.id, recorded.properties, inputs);
  expect(done.outs).toMatchObject({ status: "Paused" });
  expect(stored()).toHaveLength(1);
});

it("refresh drops a pipeline deleted out of band; delete removes it; bad values are named at check", async () => {
  const pipelines = lifecycle();
  const { created } = await up(pipelines, declared());
  await pipelines.delete(created.id, created.outs);
  expect(stored()).toEqual([]);
  const read = await pipelines.read(created.id, created.outs);
  expect(read.id).toBeFalsy();
  const bad = await pipelines.check(
    {},
    declared({ priority: 11, speed: "Fast", status: "Stopped", name: " x" }),
  );
  expect(bad.failures.map((f) => f.property).sort()).toEqual(["name", "priority", "speed", "status"]);
});
