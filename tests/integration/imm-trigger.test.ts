/**
 * imm.Trigger through the generic lifecycle and the real openapi-client, over HTTP, against the local
 * emulator: create (Ready → Running) under a client token derived from the identity, a no-op second
 * check, Suspended / Running in place with SuspendTrigger / ResumeTrigger, IMM's update rule (a
 * Running trigger's configuration change plans a replacement; a Failed one is updated in place and
 * resumed), a failed start as partial state, a lost CreateTrigger answer and an interrupted apply
 * without a duplicate, adoption by client token, delete of a Running trigger.
 */
import { CLIENT_TOKEN_TAG } from "../../provider/imm/batch-model";
import { triggerSpec } from "../../provider/imm/trigger";
import { failure, identity, partial, up, useHarness } from "./support";
import { imm } from "../../provider/operations";

const PROJECT = "trigger-it";
const h = useHarness({ triggerStartMs: 200 });
const lifecycle = () => h.lifecycle(triggerSpec);
const calls = (action: string) => h.emulator.stats().requests[action] ?? 0;
const stored = () =>
  Object.values(h.emulator.resources()["imm.triggers"] ?? {}) as { view: Record<string, unknown> }[];
const declared = (extra: Record<string, unknown> = {}) => ({
  ...identity("imm:Trigger", "on-upload"),
  projectName: PROJECT,
  input: { oss: { bucket: "uploads", prefix: "in/" } },
  actions: [{ name: "doc/convert", parameters: ["target=pdf"], fastFailPolicy: { action: "ignore" } }],
  tags: { team: "media" },
  waitTimeoutSeconds: 30,
  ...extra,
});

beforeEach(async () => {
  await h.clients().imm.call(imm.CreateProject, { ProjectName: PROJECT });
});

it("creates a Running trigger under the derived client token; a second check and diff are no change", async () => {
  const triggers = lifecycle();
  const { inputs, created } = await up(triggers, declared());
  expect(inputs.clientToken).toMatch(/^on-upload-[0-9a-f]{32}$/);
  expect(created.id).toBe(`${PROJECT}/${String(created.outs.triggerId)}`);
  expect(created.outs).toMatchObject({
    state: "Running",
    triggerState: "Running",
    tags: { team: "media" },
    serviceRole: "AliyunIMMBatchTriggerRole",
    input: { oss: { bucket: "uploads", prefix: "in/" } },
  });
  const [record] = stored();
  expect((record!.view.Tags as Record<string, string>)[CLIENT_TOKEN_TAG]).toMatch(/^[0-9a-f]{32}$/);
  const again = await triggers.check(created.outs, declared());
  expect(again.inputs.clientToken).toBe(inputs.clientToken);
  expect((await triggers.diff(created.id, created.outs, again.inputs)).changes).toBe(false);
  const read = await triggers.read(created.id, created.outs);
  expect(read.id).toBe(created.id);
  expect((await triggers.diff(created.id, read.props!, again.inputs)).changes).toBe(false);
});

it("suspends and resumes in place; a Running trigger's configuration change plans a replacement", async () => {
  const triggers = lifecycle();
  const { created } = await up(triggers, declared());
  const suspend = (await triggers.check(created.outs, declared({ state: "Suspended" }))).inputs;
  expect(await triggers.diff(created.id, created.outs, suspend)).toMatchObject({
    changes: true,
    replaces: [],
  });
  const suspended = await triggers.update(created.id, created.outs, suspend);
  expect(suspended.outs).toMatchObject({ state: "Suspended", triggerState: "Suspended" });
  expect(calls("SuspendTrigger")).toBe(1);
  const resume = (await triggers.check(suspended.outs, declared())).inputs;
  const resumed = await triggers.update(created.id, suspended.outs, resume);
  expect(resumed.outs).toMatchObject({ state: "Running", triggerState: "Running" });
  expect(calls("ResumeTrigger")).toBe(1);
  const retag = (await triggers.check(resumed.outs, declared({ tags: { team: "video" } }))).inputs;
  expect(await triggers.diff(created.id, resumed.outs, retag)).toMatchObject({
    replaces: ["tags"],
    deleteBeforeReplace: true,
  });
  const topic = (await triggers.check(resumed.outs, declared({ notification: { mns: { topicName: "t" } } })))
    .inputs;
  expect((await triggers.diff(created.id, resumed.outs, topic)).replaces).toEqual(["notification"]);
});

it("a failed start is partial state; the next update changes the Failed trigger in place and resumes it", async () => {
  h.emulator.setFaults({ taskFailureRate: 1, actions: ["CreateTrigger"] });
  const triggers = lifecycle();
  const { inputs } = await triggers.check({}, declared());
  const cut = await partial(triggers.create(inputs));
  expect(cut.message).toMatch(/trigger trigger-\S+ in project trigger-it .*Failed.*AccessDenied/);
  expect(cut.properties).toMatchObject({ triggerState: "Failed", state: "Failed" });
  h.emulator.setFaults({});
  const news = (await triggers.check(cut.properties, declared({ tags: { team: "video" } }))).inputs;
  expect(await triggers.diff(cut.id, cut.properties, news)).toMatchObject({ changes: true, replaces: [] });
  const updated = await triggers.update(cut.id, cut.properties, news);
  expect(updated.outs).toMatchObject({ tags: { team: "video" }, state: "Running" });
  expect(calls("UpdateTrigger")).toBe(1);
  // UpdateTrigger replaces the tag map: the client token's tag is kept.
  expect(Object.keys(stored()[0]!.view.Tags as object)).toEqual(["team", CLIENT_TOKEN_TAG]);
});

it("refuses a fastFailPolicy change in place (UpdateTrigger does not carry it)", async () => {
  h.emulator.setFaults({ taskFailureRate: 1, actions: ["CreateTrigger"] });
  const triggers = lifecycle();
  const cut = await partial(triggers.create((await triggers.check({}, declared())).inputs));
  h.emulator.setFaults({});
  const actions = [{ name: "doc/convert", parameters: ["target=pdf"], fastFailPolicy: { action: "abort" } }];
  const news = (await triggers.check(cut.properties, declared({ actions }))).inputs;
  const error = await failure(triggers.update(cut.id, cut.properties, news));
  expect(error.message).toContain("the fastFailPolicy of doc/convert cannot change in place (UpdateTrigger");
  expect(calls("UpdateTrigger")).toBe(0);
});

it("a lost CreateTrigger answer and an interrupted apply leave exactly one trigger", async () => {
  h.emulator.setFaults({ lostResponseRate: 1, actions: ["CreateTrigger"] });
  const triggers = lifecycle();
  const { inputs } = await triggers.check({}, declared());
  const first = await triggers.create(inputs);
  expect(calls("CreateTrigger")).toBe(1);
  expect(
    h.logs.some((line) => /CreateTrigger in project .*looking for the trigger by its client/.test(line)),
  ).toBe(true);
  h.emulator.setFaults({});
  // The engine never recorded it (the host was killed): the next `pulumi up` creates again.
  const second = await triggers.create(inputs);
  expect(second.id).toBe(first.id);
  expect(stored()).toHaveLength(1);
  expect(calls("CreateTrigger")).toBe(1);
  expect(h.logs.some((line) => /trigger .* carries this resource's client token/.test(line))).toBe(true);
});

it("adopts a trigger by its client token; deletes a Running trigger (suspending it first)", async () => {
  const triggers = lifecycle();
  const { inputs, created } = await up(triggers, declared({ clientToken: "shared-token" }));
  const adopted = await triggers.create(
    (await triggers.check({}, declared({ clientToken: "shared-token", adopt: true }))).inputs,
  );
  expect(adopted.id).toBe(created.id);
  expect(calls("CreateTrigger")).toBe(1);
  await triggers.delete(created.id, { ...created.outs, ...inputs });
  expect(calls("SuspendTrigger")).toBe(1);
  expect(stored()).toEqual([]);
  // Gone: a refresh drops it, a second delete is a no-op.
  expect(await triggers.read(created.id, created.outs)).toEqual({});
  await triggers.delete(created.id, created.outs);
});
