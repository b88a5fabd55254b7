/**
 * imm.Story (IMM CreateStory → GetTask(StoryCreation) / GetStory / UpdateStory / DeleteStory): a
 * story generated asynchronously from a dataset's indexed photos.
 *
 * An in-place change is applied one of three ways (the trait's `applyWith`): `UpdateStory` for the
 * story's own fields; `regenerate` for what the story is made of (CreateStory on the same ObjectId,
 * then a wait for the new task); `nextGeneration` for the fields of the generation task itself, which
 * are only recorded and used by the next generation. The `incomplete` output (the last generation is
 * running or failed) plans an update (`settle`) that waits for it or generates again.
 * What each field does on change: docs/resources/imm-story.md, generated from `fields` below.
 * storyName and cover are optional-and-computed: left out, the service's choice is never a diff.
 *
 * Identity: the ObjectId is chosen before CreateStory, by the user or derived from the Pulumi
 * project and stack, the IMM project and dataset and the resource name (deterministic, so a fresh
 * `check` after an interrupted apply derives the same one). CreateStory on an existing ObjectId
 * rewrites that story, so a repeat never makes a second story. Create first looks for its own earlier
 * attempt: a StoryCreation task for this ObjectId still running (found with ListTasks and the task's
 * request definition) is awaited instead of starting another, and a story already under the ObjectId
 * is taken over and converged. An update that regenerates first looks the same way for a
 * regeneration an interrupted apply started, and starts none of its own when that one sends exactly
 * the same request. The ID is `<projectName>/<datasetName>/<objectId>`.
 *
 * Waiting: one `waitTimeoutSeconds` budget (default 600) per apply. A task that fails with a
 * transient Code (InternalError, ServiceUnavailable, throttling: runtime/async-retry.ts) is followed
 * by a new generation on the same ObjectId, at most twice, within that budget. A failed task (any
 * other Code, or the retries used up) fails the apply with the task's Code, Message, TaskId and the
 * request ids, recorded as partial state when the story object exists anyway; a wait that times out is always recorded as partial state (the story
 * will exist), and the next `pulumi up` waits for that same task instead of starting another.
 */
import { assertOwnInterruptedCreate } from "../framework/identity";
import { afterIdKnown } from "../framework/kit";
import { classifyChanges } from "../framework/lifecycle";
import {
  PartialCreateError,
  fieldsApplyingWith,
  type FieldTrait,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "../framework/spec";
import { sendChangedFields, wire } from "../framework/wire";
import { imm } from "../operations";
import type { Story } from "../operations/models";
import { AlibabaApiError } from "../runtime/errors";
import { tagsTrait } from "./fields";
import {
  StoryGenerationFailed,
  awaitGeneration,
  budget,
  findRunningGeneration,
  generate,
  getStory,
  getTask,
  sameGeneration,
} from "./story-generation";
import {
  createStoryParams,
  derivedObjectIdSuffix,
  instant,
  observeStory,
  pendingStory,
  storyCrossChecks,
  storyId,
  parseStoryId,
  storySchema,
  type StoryInputs,
  type StoryKey,
} from "./story-model";

export * from "./story-model";
export { StoryGenerationFailed, sameGeneration } from "./story-generation";

/** The generation criteria the service reports back; the others (counts, address) it does not. */
const OBSERVABLE_CRITERIA = ["storyType", "storySubType", "storyStartTime", "storyEndTime"];

/**
 * Brings the story under `key` to the declaration: settles a generation an earlier apply left
 * running, (re)generates when asked to or when the story is missing or its reported criteria differ,
 * then applies the UpdateStory fields that differ from what the service reports.
 */
async function converge(
  ctx: ResourceContext,
  inputs: StoryInputs,
  key: StoryKey,
  plan: { taskId: string; regenerate: boolean; creating?: { autoNamed: boolean } },
): Promise<Observed> {
  const deadline = budget(inputs.waitTimeoutSeconds);
  let taskId = plan.taskId;
  let regenerate = plan.regenerate;
  if (taskId) {
    const prior = await getTask(ctx, key.projectName, taskId);
    if (prior?.Status === "Running") {
      ctx.log.info(
        `story ${key.objectId}: waiting for generation task ${taskId}, started by an earlier apply`,
      );
      try {
        await awaitGeneration(ctx, key, taskId, deadline);
      } catch (error) {
        if (!(error instanceof StoryGenerationFailed)) throw error;
        ctx.log.warn(`${error.message}; generating the story again`);
        regenerate = true;
      }
    } else if (prior?.Status === "Failed") {
      regenerate = true; // the last generation failed: only a new one converges
    }
  }

  const story = await getStory(ctx, key);
  if (story && plan.creating && !taskId) {
    // Only a story under the ObjectId derived for this resource, made by an interrupted create.
    assertOwnInterruptedCreate({
      type: "imm:Story",
      object: `story ${storyId(key)}`,
      marked: plan.creating.autoNamed,
      createTime: story.CreateTime,
    });
    ctx.log.info(
      `story ${key.objectId} already exists under the ObjectId derived for this resource and was created ` +
        "recently, by an earlier, interrupted apply; taking it over",
    );
  }
  if (story && !regenerate) {
    const { updates } = classifyChanges(storySpec, observeStory(story, key, taskId).outputs, inputs);
    const differing = updates.filter((field) => OBSERVABLE_CRITERIA.includes(field));
    if (differing.length > 0) {
      ctx.log.info(
        `story ${key.objectId}: ${differing.join(", ")} differ from the declaration; regenerating`,
      );
      regenerate = true;
    }
  }
  const generated = !story || regenerate;
  if (generated) taskId = (await generate(ctx, inputs, key, deadline)).TaskId;
  try {
    const current = generated ? await getStory(ctx, key) : story;
    if (!current)
      throw new Error(
        `story ${storyId(key)}: generation task ${taskId} succeeded but the story is not there`,
      );
    return await applyInPlace(ctx, inputs, key, taskId, current);
  } catch (error) {
    // A create whose story exists (or whose generation was accepted) records it: never an orphan.
    if (!plan.creating || error instanceof PartialCreateError) throw error;
    const known = await getStory(ctx, key).catch(() => undefined);
    throw afterIdKnown(
      error,
      known ? observeStory(known, key, taskId, true) : pendingStory(key, taskId),
      `story ${storyId(key)}`,
    );
  }
}

/** Applies the UpdateStory fields that differ from what the service reports. */
async function applyInPlace(
  ctx: ResourceContext,
  inputs: StoryInputs,
  key: StoryKey,
  taskId: string,
  initial: Story,
): Promise<Observed> {
  let story = initial;

  const { updates } = classifyChanges(storySpec, observeStory(story, key, taskId).outputs, inputs);
  const inPlace = fieldsApplyingWith(storySpec.fields, updates, "UpdateStory");
  if (inPlace.length > 0) {
    try {
      await sendChangedFields(
        ctx.clients.imm,
        imm.UpdateStory,
        storySpec,
        inPlace,
        inputs,
        {
          ProjectName: key.projectName,
          DatasetName: key.datasetName,
          ObjectId: key.objectId,
        },
        "UpdateStory",
      );
    } catch (error) {
      if (error instanceof AlibabaApiError && error.isNotFound() && inPlace.includes("cover")) {
        throw new Error(
          `${error.message}. cover ${inputs.cover?.uri} must be a file indexed in dataset ` +
            `${key.projectName}/${key.datasetName}.`,
        );
      }
      throw error;
    }
    story = (await getStory(ctx, key)) ?? story;
  }
  return observeStory(story, key, taskId);
}

const keyOf = (inputs: StoryInputs): StoryKey => ({
  projectName: inputs.projectName,
  datasetName: inputs.datasetName,
  objectId: inputs.objectId!,
});

const regenerates = (trait: Partial<FieldTrait> = {}): FieldTrait => ({
  mode: "update",
  applyWith: "regenerate",
  ...trait,
});
const inPlace = (trait: Partial<FieldTrait> = {}): FieldTrait => ({
  mode: "update",
  applyWith: "UpdateStory",
  ...trait,
});
const nextGeneration = (trait: Partial<FieldTrait> = {}): FieldTrait => ({
  mode: "update",
  applyWith: "nextGeneration",
  ...trait,
});

export const storySpec: ResourceSpec<StoryInputs> = {
  type: "imm:Story",
  schema: storySchema,
  crossChecks: storyCrossChecks,
  // Stories are keyed by ObjectId within a dataset; a replacement has another key (new dataset or
  // ObjectId), so the new story can be generated before the old one is deleted.
  deleteBeforeReplace: false,
  autoName: {
    field: "objectId",
    maxLength: 128,
    sanitize: (logical) => logical.replace(/[^A-Za-z0-9_.-]/g, "-"),
    suffix: derivedObjectIdSuffix,
  },
  fields: {
    projectName: { mode: "replace" },
    datasetName: { mode: "replace" },
    objectId: { mode: "replace" },
    storyType: regenerates(),
    storySubType: regenerates({ default: "" }),
    storyStartTime: regenerates({ default: "", normalize: instant }),
    storyEndTime: regenerates({ default: "", normalize: instant }),
    minFileCount: regenerates(),
    maxFileCount: regenerates(),
    address: regenerates(),
    storyName: inPlace({ computed: true, wire: wire("StoryName", undefined, "") }),
    customId: inPlace({ default: "", wire: wire("CustomId") }),
    customLabels: inPlace({ default: {}, wire: wire("CustomLabels") }),
    // Left out, IMM keeps its choice: nothing is sent.
    cover: inPlace({
      computed: true,
      wire: wire("Cover", (cover) => ({ URI: (cover as { uri: string }).uri })),
    }),
    tags: nextGeneration({ default: tagsTrait.default }),
    userData: nextGeneration({ default: "" }),
    notification: nextGeneration(),
    notifyTopicName: nextGeneration({ default: "" }),
    waitTimeoutSeconds: { mode: "ignore" },
    adopt: { mode: "ignore" },
    // An output, never declared: true plans an update that finishes (or redoes) the last generation.
    incomplete: { mode: "update", applyWith: "settle", default: false },
  },

  async create(ctx, inputs, meta) {
    const key = keyOf(inputs);
    // An earlier apply may have been interrupted after CreateStory was accepted: wait for its task
    // rather than start a second one (converge then finds and takes over the story it produced).
    const running = await findRunningGeneration(ctx, key);
    if (running) {
      ctx.log.info(
        `story ${key.objectId}: generation task ${running.TaskId} from an earlier, interrupted apply is still running; waiting for it`,
      );
    }
    return converge(ctx, inputs, key, {
      taskId: running?.TaskId ?? "",
      regenerate: false,
      creating: { autoNamed: meta.autoNamed },
    });
  },

  async read(ctx, id, state) {
    const key = parseStoryId(id);
    const taskId = typeof state.taskId === "string" ? state.taskId : "";
    const story = await getStory(ctx, key);
    // The last generation's task is only worth asking about when it had not finished well.
    const task =
      taskId && state.incomplete === true ? await getTask(ctx, key.projectName, taskId) : undefined;
    const unfinished = task?.Status === "Running" || task?.Status === "Failed";
    if (story) return observeStory(story, key, taskId, unfinished);
    // Not there yet is not gone: the first generation may still be running.
    return task?.Status === "Running" ? pendingStory(key, taskId) : undefined;
  },

  async update(ctx, id, state, inputs, changed) {
    const key = parseStoryId(id);
    let taskId = typeof state.taskId === "string" ? state.taskId : "";
    let regenerate = fieldsApplyingWith(storySpec.fields, changed, "regenerate").length > 0;
    if (regenerate) {
      // An earlier apply of this same change may have been interrupted after its CreateStory was
      // accepted (nothing recorded): wait for that task, and do not start the same generation twice.
      const running = await findRunningGeneration(ctx, key);
      if (running && running.TaskId !== taskId) {
        ctx.log.info(
          `story ${key.objectId}: generation task ${running.TaskId} from an earlier, interrupted apply is still running; waiting for it`,
        );
        taskId = running.TaskId;
        regenerate = !sameGeneration(running.request, createStoryParams(inputs, key.objectId));
      }
    }
    return converge(ctx, inputs, key, { taskId, regenerate });
  },

  async delete(ctx, id, state) {
    const key = parseStoryId(id);
    const taskId = typeof state.taskId === "string" ? state.taskId : "";
    // A generation still running would bring the story back after the delete: let it finish first.
    const task = taskId ? await getTask(ctx, key.projectName, taskId) : undefined;
    if (task?.Status === "Running") {
      ctx.log.info(`story ${key.objectId}: waiting for generation task ${taskId} to end before deleting`);
      try {
        await awaitGeneration(ctx, key, taskId, budget(Number(state.waitTimeoutSeconds) || undefined));
      } catch (error) {
        if (error instanceof PartialCreateError) {
          throw new Error(`${error.message} The story was not deleted; run \`pulumi destroy\` again.`);
        }
        if (!(error instanceof StoryGenerationFailed)) throw error;
      }
    }
    await ctx.clients.imm.call(imm.DeleteStory, {
      ProjectName: key.projectName,
      DatasetName: key.datasetName,
      ObjectId: key.objectId,
    });
  },

  async findExisting(ctx, inputs) {
    const key = keyOf(inputs);
    const story = await getStory(ctx, key);
    return story && observeStory(story, key, "");
  },
};
