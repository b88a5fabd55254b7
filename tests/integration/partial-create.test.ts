/**
 * Every create path of every resource, once the service has answered with the object's ID: a failure
 * of the call that follows (an emulator fault on that action, on every retry) must be the engine's
 * partial-state error carrying that ID, so the object is recorded and the next `pulumi up` carries on
 * instead of orphaning it. Through the generic lifecycle and the real openapi-client against the
 * emulator. (imm.Batch's path, GetBatch after CreateBatch, is in imm-batch.test.ts.)
 *
 * Paths with no call after the answer (CreateProject, CreateDataset and CreateEditingProject answer
 * with the object itself) are covered where something does follow: the takeover of an interrupted
 * create, whose update fails.
 */
import { editingProjectSpec } from "../../provider/ice/editing-project";
import { storyboardJobSpec } from "../../provider/ice/storyboard-job";
import { bindingSpec } from "../../provider/imm/binding";
import { datasetSpec } from "../../provider/imm/dataset";
import { projectSpec } from "../../provider/imm/project";
import { storySpec } from "../../provider/imm/story";
import { imm } from "../../provider/operations";
import { identity, partial, up, useHarness } from "./support";

const h = useHarness({ bindingScanMs: 300, storyTaskMs: 300, yikeJobMs: 300 });
const PROJECT = "partial-it";
const DATASET = "photos";

async function projectAndDataset() {
  await h.clients().imm.call(imm.CreateProject, { ProjectName: PROJECT });
  await h.clients().imm.call(imm.CreateDataset, { ProjectName: PROJECT, DatasetName: DATASET });
}

/** Faults `action` on every attempt from the moment a log line matches `trigger`. */
function faultAfterLog(trigger: RegExp, action: string) {
  const original = h.logs.push.bind(h.logs);
  h.logs.push = (...lines: string[]) => {
    if (lines.some((line) => trigger.test(line)))
      h.emulator.setFaults({ serverErrorRate: 1, actions: [action] });
    return original(...lines);
  };
}

afterEach(() => h.emulator.clearFaults());

it("imm.Binding: GetBinding failing after CreateBinding is partial state with the binding's key; update finishes the wait", async () => {
  await projectAndDataset();
  const lifecycle = h.lifecycle(bindingSpec);
  const { inputs } = await lifecycle.check(
    {},
    { projectName: PROJECT, datasetName: DATASET, uri: "oss://partial-bucket" },
  );
  h.emulator.setFaults({ serverErrorRate: 1, actions: ["GetBinding"] });
  const error = await partial(lifecycle.create(inputs));
  expect(error.id).toBe(`${PROJECT}/${DATASET}/oss://partial-bucket`);
  expect(error.message).toMatch(/exists, but the create did not finish/);
  h.emulator.clearFaults();
  const updated = await lifecycle.update(error.id, error.properties, inputs);
  expect(updated.outs.state).toBe("Running");
  expect(Object.keys(h.emulator.resources()["imm.bindings"] ?? {})).toHaveLength(1);
});

it("imm.Story: GetTask failing after CreateStory is partial state with the story's ID and task; update settles it", async () => {
  await projectAndDataset();
  const lifecycle = h.lifecycle(storySpec);
  const { inputs } = await lifecycle.check(
    {},
    {
      projectName: PROJECT,
      datasetName: DATASET,
      storyType: "TimeMemory",
      ...identity("imm:Story", "summer"),
    },
  );
  h.emulator.setFaults({ serverErrorRate: 1, actions: ["GetTask"] });
  const error = await partial(lifecycle.create(inputs));
  expect(error.id).toBe(`${PROJECT}/${DATASET}/${String(inputs.objectId)}`);
  expect(error.message).toMatch(/following the generation failed/);
  expect(error.properties).toMatchObject({ taskId: expect.stringMatching(/.+/), incomplete: true });
  h.emulator.clearFaults();
  const updated = await lifecycle.update(error.id, error.properties, inputs);
  expect(updated.outs).toMatchObject({ incomplete: false });
  expect(h.emulator.stats().requests.CreateStory).toBe(1);
});

it("imm.Story: GetStory failing after the generation succeeded is partial state with the story's ID", async () => {
  await projectAndDataset();
  const lifecycle = h.lifecycle(storySpec);
  const { inputs } = await lifecycle.check(
    {},
    {
      projectName: PROJECT,
      datasetName: DATASET,
      storyType: "TimeMemory",
      ...identity("imm:Story", "autumn"),
    },
  );
  // The first GetStory (is it there already?) precedes CreateStory; fault the ones after it.
  faultAfterLog(/generation task .* started/, "GetStory");
  const error = await partial(lifecycle.create(inputs));
  expect(error.id).toBe(`${PROJECT}/${DATASET}/${String(inputs.objectId)}`);
  expect(error.properties).toMatchObject({ incomplete: true, taskId: expect.stringMatching(/.+/) });
});

it("imm.Project: UpdateProject failing in the takeover of an interrupted create is partial state with the project", async () => {
  const lifecycle = h.lifecycle(projectSpec);
  const first = await up(lifecycle, identity("imm:Project", "media"));
  h.emulator.setFaults({ serverErrorRate: 1, actions: ["UpdateProject"] });
  const error = await partial(up(lifecycle, { ...identity("imm:Project", "media"), description: "changed" }));
  expect(error.id).toBe(first.created.id);
  expect(error.message).toMatch(/project .* exists, but the create did not finish/);
});

it("imm.Dataset: UpdateDataset failing in the takeover of an interrupted create is partial state with the dataset", async () => {
  await h.clients().imm.call(imm.CreateProject, { ProjectName: PROJECT });
  const lifecycle = h.lifecycle(datasetSpec);
  const news = { projectName: PROJECT, ...identity("imm:Dataset", "photos") };
  const first = await up(lifecycle, news);
  h.emulator.setFaults({ serverErrorRate: 1, actions: ["UpdateDataset"] });
  const error = await partial(up(lifecycle, { ...news, description: "changed" }));
  expect(error.id).toBe(first.created.id);
});

it("ice.EditingProject: UpdateEditingProject failing in the takeover of an interrupted create is partial state with the project", async () => {
  const lifecycle = h.lifecycle(editingProjectSpec);
  const news = identity("ice:EditingProject", "intro");
  const first = await up(lifecycle, { ...news, description: "one" });
  h.emulator.setFaults({ serverErrorRate: 1, actions: ["UpdateEditingProject"] });
  const error = await partial(up(lifecycle, { ...news, description: "two" }));
  expect(error.id).toBe(first.created.id);
  expect(Object.keys(h.emulator.resources()["ice.editingProjects"] ?? {})).toHaveLength(1);
});

it("ice.StoryboardJob: GetYikeStoryboardJob failing after the submit is partial state with the JobId; update resumes following it", async () => {
  const lifecycle = h.lifecycle(storyboardJobSpec);
  const { inputs } = await lifecycle.check(
    {},
    {
      ...identity("ice:StoryboardJob", "chapter"),
      fileUrl: "https://bucket.oss-cn-shanghai.aliyuncs.com/novels/chapter-1.txt",
      sourceType: "Novel",
    },
  );
  h.emulator.setFaults({ serverErrorRate: 1, actions: ["GetYikeStoryboardJob"] });
  const error = await partial(lifecycle.create(inputs));
  expect(h.logs).toContain(h.logs.find((line) => line.startsWith(`submitted storyboard job ${error.id}`)));
  expect(error.message).toMatch(new RegExp(`storyboard job ${error.id} exists, but following it failed`));
  h.emulator.clearFaults();
  const updated = await lifecycle.update(error.id, error.properties, inputs);
  expect(updated.outs.jobStatus).toBe("Succeeded");
  expect(h.emulator.stats().requests.SubmitYikeStoryboardJob).toBe(1);
});
