/**
 * imm.Project, imm.Dataset and imm.Binding after an interrupted create, through the generic lifecycle
 * and the real openapi-client against the emulator. "Interrupted" is what the next `pulumi up` sees
 * after a killed apply or a create whose answer was lost on every attempt: nothing in the state, the
 * object on the service. The next up derives the same key and must converge on that object without
 * a duplicate, and must never take over an object that is not this resource's (another stack's,
 * made outside any stack, or older than the recovery window): that is refused naming `adopt: true`.
 */
import { RECOVERY_WINDOW_ENV } from "../../provider/framework/identity";
import { bindingSpec } from "../../provider/imm/binding";
import { datasetSpec } from "../../provider/imm/dataset";
import { OWNER_TAG, STACK_TAG } from "../../provider/imm/fields";
import { projectSpec } from "../../provider/imm/project";
import { imm } from "../../provider/operations";
import { failure, identity, up, useHarness } from "./support";

const h = useHarness({ bindingScanMs: 100 });
const project = h.lifecycle(projectSpec);
const dataset = h.lifecycle(datasetSpec);
const binding = h.lifecycle(bindingSpec);
const BUCKET = "oss://takeover-bucket";

const projects = () =>
  Object.values(h.emulator.resources()["imm.projects"] ?? {}) as { Tags: { TagKey: string }[] }[];
const count = (table: string) => Object.keys(h.emulator.resources()[table] ?? {}).length;
const tookOver = () => h.logs.filter((line) => /taking it over/.test(line));

afterEach(() => delete process.env[RECOVERY_WINDOW_ENV]);

/** Makes everything the recovery window covers look old. */
async function windowClosed() {
  process.env[RECOVERY_WINDOW_ENV] = "0";
  await new Promise((resolve) => setTimeout(resolve, 1100));
}

describe("auto-names derived from the identity", () => {
  it.each([
    ["imm:Project", project],
    ["imm:Dataset", dataset],
  ] as const)(
    "%s: every fresh check derives the same name, another identity another one",
    async (type, l) => {
      const news = { ...(type === "imm:Dataset" ? { projectName: "p" } : {}), ...identity(type, "photos") };
      const first = await l.check({}, news);
      const again = await l.check({}, news);
      const field = type === "imm:Project" ? "projectName" : "datasetName";
      const name = String(first.inputs[field]);
      expect(name).toMatch(/^photos-[0-9a-f]{8}$/);
      expect(again.inputs[field]).toBe(name);
      const otherOrg = await l.check({}, { ...news, ...identity(type, "photos", "globex") });
      expect(otherOrg.inputs[field]).not.toBe(name);
    },
  );

  it("a name recorded in the state by an earlier release (random suffix) is kept", async () => {
    const olds = { ...identity("imm:Project", "photos"), projectName: "photos-k3x9q2a", __autoNamed: true };
    const { inputs } = await project.check(olds, identity("imm:Project", "photos"));
    expect(inputs.projectName).toBe("photos-k3x9q2a");
  });
});

describe("an interrupted create converges on the next up without a duplicate", () => {
  it("imm.Project: taken over by its owner tag; the markers stay off the outputs and survive a tags update", async () => {
    const news = { ...identity("imm:Project", "media"), tags: { team: "a" } };
    const first = await up(project, news);
    const again = await up(project, { ...news, description: "second run" });
    expect(again.created.id).toBe(first.created.id);
    expect(again.created.outs).toMatchObject({ description: "second run", tags: { team: "a" } });
    expect(count("imm.projects")).toBe(1);
    expect(tookOver()).toHaveLength(1);
    const keys = () =>
      projects()[0]!
        .Tags.map((t) => t.TagKey)
        .sort();
    expect(keys()).toEqual([OWNER_TAG, STACK_TAG, "team"].sort());

    const next = await project.check(again.inputs, { ...news, tags: { team: "b" } });
    const updated = await project.update(again.created.id, again.created.outs, next.inputs);
    expect(updated.outs.tags).toEqual({ team: "b" });
    expect(keys()).toEqual([OWNER_TAG, STACK_TAG, "team"].sort());
  });

  it("imm.Project: a CreateProject whose answer was lost on every attempt is taken over by the next up", async () => {
    const news = identity("imm:Project", "lost");
    // The first attempt is executed and its answer lost; every repeat fails with a server error.
    h.emulator.setFaults({ lostResponseRate: 1, actions: ["CreateProject"] });
    h.beforeRetry = () => h.emulator.setFaults({ lostResponseRate: 0, serverErrorRate: 1 });
    await failure(up(project, news));
    h.emulator.clearFaults();
    expect(count("imm.projects")).toBe(1);
    const again = await up(project, news);
    expect(again.created.id).toMatch(/^lost-[0-9a-f]{8}$/);
    expect(count("imm.projects")).toBe(1);
    expect(tookOver()).toHaveLength(1);
  });

  it("imm.Dataset: taken over under its derived name", async () => {
    const owner = await up(project, identity("imm:Project", "media"));
    const news = { projectName: owner.created.id, ...identity("imm:Dataset", "photos") };
    const first = await up(dataset, news);
    const again = await up(dataset, { ...news, description: "second run" });
    expect(again.created.id).toBe(first.created.id);
    expect(again.created.outs.description).toBe("second run");
    expect(count("imm.datasets")).toBe(1);
  });

  it("imm.Binding: taken over when its project carries this stack's marker", async () => {
    const owner = await up(project, identity("imm:Project", "media"));
    const ds = await up(dataset, { projectName: owner.created.id, ...identity("imm:Dataset", "photos") });
    const news = {
      projectName: owner.created.id,
      datasetName: ds.created.outs.datasetName,
      uri: BUCKET,
      ...identity("imm:Binding", "sync"),
    };
    const first = await up(binding, news);
    const again = await up(binding, news);
    expect(again.created.id).toBe(first.created.id);
    expect(again.created.outs.state).toBe("Running");
    expect(count("imm.bindings")).toBe(1);
    expect(tookOver()).toHaveLength(1);
  });
});

describe("anything else is refused, naming the object and adopt: true", () => {
  const refusal =
    /already exists and is not taken over: (.*)\. If it is this resource's object, set `adopt: true`/;

  it("imm.Project: a project of that name made outside any stack", async () => {
    await h.clients().imm.call(imm.CreateProject, { ProjectName: "shared" });
    const error = await failure(up(project, { projectName: "shared", ...identity("imm:Project", "other") }));
    expect(error.message).toMatch(refusal);
    expect(error.message).toContain("project shared");
    expect(error.message).toMatch(/does not carry this resource's ownership marker/);
  });

  it("imm.Project: its own marker, created outside the recovery window", async () => {
    const news = identity("imm:Project", "old");
    const first = await up(project, news);
    await windowClosed();
    const error = await failure(up(project, news));
    expect(error.message).toMatch(refusal);
    expect(error.message).toMatch(/outside the 0-hour recovery window/);
    const adopted = await up(project, { ...news, adopt: true });
    expect(adopted.created.id).toBe(first.created.id);
  });

  it("imm.Dataset: a declared name is no marker; an old derived one is refused too", async () => {
    const owner = await up(project, identity("imm:Project", "media"));
    const declared = { projectName: owner.created.id, datasetName: "fixed", ...identity("imm:Dataset", "d") };
    await up(dataset, declared);
    expect((await failure(up(dataset, declared))).message).toMatch(refusal);
    const derived = { projectName: owner.created.id, ...identity("imm:Dataset", "auto") };
    await up(dataset, derived);
    await windowClosed();
    expect((await failure(up(dataset, derived))).message).toMatch(/outside the 0-hour recovery window/);
    expect(count("imm.datasets")).toBe(2);
  });

  it.each([
    ["made outside any stack", undefined],
    ["of another stack", "globex"],
  ])("imm.Binding in a project %s", async (_what, org) => {
    let projectName = "outside";
    if (org) projectName = (await up(project, identity("imm:Project", "media", org))).created.id;
    else await h.clients().imm.call(imm.CreateProject, { ProjectName: projectName });
    const ds = await up(dataset, {
      projectName,
      datasetName: "photos",
      ...identity("imm:Dataset", "photos"),
    });
    const news = {
      projectName,
      datasetName: ds.created.outs.datasetName,
      uri: BUCKET,
      ...identity("imm:Binding", "sync"),
    };
    await up(binding, news);
    const error = await failure(up(binding, news));
    expect(error.message).toMatch(refusal);
    expect(error.message).toContain(`binding ${projectName}/photos/${BUCKET}`);
    expect(error.message).toContain(`project ${projectName} was not created by this stack`);
    expect(count("imm.bindings")).toBe(1);
  });

  it("imm.Binding: this stack's project, but created outside the recovery window", async () => {
    const owner = await up(project, identity("imm:Project", "media"));
    const ds = await up(dataset, { projectName: owner.created.id, ...identity("imm:Dataset", "photos") });
    const news = { projectName: owner.created.id, datasetName: ds.created.outs.datasetName, uri: BUCKET };
    await up(binding, { ...news, ...identity("imm:Binding", "sync") });
    await windowClosed();
    const error = await failure(up(binding, { ...news, ...identity("imm:Binding", "sync") }));
    expect(error.message).toMatch(/outside the 0-hour recovery window/);
    expect(
      await h.lifecycle(bindingSpec).read(`${news.projectName}/${String(news.datasetName)}/${BUCKET}`, {}),
    ).toMatchObject({
      id: expect.any(String),
    });
  });
});
