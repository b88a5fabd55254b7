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
import { z } from "zod";
import { assertOwnInterruptedCreate } from "../framework/identity";
import {
  afterIdKnown,
  deadlineIn,
  identitySuffix,
  pages,
  unlessNotFound,
  type Deadline,
} from "../framework/kit";
import { classifyChanges } from "../framework/lifecycle";
import {
  PartialCreateError,
  fieldsApplyingWith,
  type FieldTrait,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "../framework/spec";
import { changedWireParams, wire } from "../framework/wire";
import { imm, type RequestOf, type ResponseOf } from "../operations";
import type { Story } from "../operations/models";
import { AlibabaApiError } from "../runtime/errors";
import { isTransientCode, retryTransientFailures } from "../runtime/async-retry";
import { encodeRequest } from "../runtime/encode";
import { waitFor, WaitTimeoutError, remainingFromProgress } from "../runtime/waiter";
import { immName, tagsTrait } from "./fields";

export const DEFAULT_STORY_WAIT_SECONDS = 600;
export const STORY_TASK_TYPE = "StoryCreation";
/** The story algorithm never puts more than 1,500 files in a story; larger MaxFileCount is ignored. */
export const STORY_FILE_CAP = 1500;
const MAX_CUSTOM_LABELS = 100;
const USER_DATA_MAX_BYTES = 2048;

/** Valid StorySubType values per StoryType (IMM "Story types and subtypes"); [] = no subtype. */
export const STORY_SUBTYPES = {
  TimeMemory: [],
  PeopleMemory: ["Solo"],
  TagMemory: ["Food", "Pet", "PetDog", "PetCat", "Scenery"],
  TravelMemory: [],
} as const satisfies Record<string, readonly string[]>;
type StoryType = keyof typeof STORY_SUBTYPES;
const STORY_TYPES = Object.keys(STORY_SUBTYPES) as [StoryType, ...StoryType[]];

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an RFC 3339 time (fractions past milliseconds dropped), or NaN. */
function instantOf(value: string): number {
  return Date.parse(value.replace(/(\.\d{3})\d+/, "$1"));
}

const rfc3339 = z
  .string()
  .regex(RFC3339, "must be an RFC 3339 time such as 2021-12-30T16:00:00Z")
  .refine((value) => !Number.isNaN(instantOf(value)), "is not a valid date");

/** Equal instants compare equal whatever their offset or precision (the service reformats times). */
const instant = (value: unknown): unknown => {
  if (typeof value !== "string" || value === "") return value;
  const at = instantOf(value);
  return Number.isNaN(at) ? value : new Date(at).toISOString();
};

const objectIdSchema = z
  .string()
  .min(1, "must be 1 to 128 characters")
  .max(128, "must be 1 to 128 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "may contain only letters, digits, -, _ and .");

const addressSchema = z
  .strictObject({
    city: z.string().optional(),
    country: z.string().optional(),
    district: z.string().optional(),
    province: z.string().optional(),
    township: z.string().optional(),
  })
  .refine(
    (a) => Object.values(a).some((v) => v !== undefined && v !== ""),
    "needs at least one of city, country, district, province, township",
  );

const notificationSchema = z.strictObject({
  extendedMessageUri: z
    .string()
    .regex(/^oss:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\/.+/, "must be oss://<bucket>/<key>")
    .optional(),
  mns: z.strictObject({ topicName: z.string().min(1, "must not be empty") }).optional(),
  rocketMq: z
    .strictObject({ instanceId: z.string().optional(), topicName: z.string().optional() })
    .optional(),
});

/** A map of strings whose keys must not be empty (custom labels, tags). */
const stringMap = (what: string) =>
  z.record(z.string(), z.string("values must be strings")).superRefine((map, ctx) => {
    if (Object.keys(map).includes(""))
      ctx.addIssue({ code: "custom", message: `${what} keys must not be empty` });
  });

export const storySchema = z.object({
  projectName: immName,
  datasetName: immName,
  objectId: objectIdSchema.optional(),
  storyType: z.enum(STORY_TYPES, { message: `must be one of ${STORY_TYPES.join(", ")}` }),
  storySubType: z.string().optional(),
  storyName: z.string().max(256, "must be at most 256 characters").optional(),
  storyStartTime: rfc3339.optional(),
  storyEndTime: rfc3339.optional(),
  minFileCount: z
    .number()
    .int("must be an integer")
    .min(2, "must be greater than 1")
    .max(STORY_FILE_CAP - 1, "must be below 1,500 (a story never holds more than 1,500 files)")
    .optional(),
  maxFileCount: z
    .number()
    .int("must be an integer")
    .min(2, "must be greater than 1")
    .max(
      STORY_FILE_CAP,
      "must be at most 1,500: IMM caps a story at 1,500 files and ignores a larger MaxFileCount",
    )
    .optional(),
  address: addressSchema.optional(),
  customId: z.string().max(256, "must be at most 256 characters").optional(),
  customLabels: stringMap("label")
    .refine(
      (labels) => Object.keys(labels).length <= MAX_CUSTOM_LABELS,
      `must hold at most ${MAX_CUSTOM_LABELS} labels`,
    )
    .optional(),
  tags: stringMap("tag").optional(),
  userData: z
    .string()
    .refine(
      (text) => Buffer.byteLength(text, "utf8") <= USER_DATA_MAX_BYTES,
      "must be at most 2,048 bytes (UTF-8)",
    )
    .optional(),
  notification: notificationSchema.optional(),
  notifyTopicName: z.string().optional(),
  cover: z
    .strictObject({ uri: z.string().regex(/^(oss|pds):\/\/.+/, "must be oss://<bucket>/<key> or pds://...") })
    .optional(),
  waitTimeoutSeconds: z.number().int().min(0).max(86_400).optional(),
  adopt: z.boolean().optional(),
});
export type StoryInputs = z.infer<typeof storySchema>;
export type StoryOutputs = ReturnType<typeof observe>["outputs"];

/** Rules across fields (run once every field is known and valid on its own). */
export function storyCrossChecks(inputs: StoryInputs): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const valid: readonly string[] = STORY_SUBTYPES[inputs.storyType] ?? [];
  const subType = inputs.storySubType ?? "";
  if (subType !== "" && !valid.includes(subType)) {
    failures.push({
      property: "storySubType",
      reason:
        valid.length === 0
          ? `storySubType: ${inputs.storyType} stories have no subtype (got "${subType}")`
          : `storySubType: must be one of ${valid.join(", ")} for storyType ${inputs.storyType} (got "${subType}")`,
    });
  }
  if (
    inputs.storyStartTime !== undefined &&
    inputs.storyEndTime !== undefined &&
    instantOf(inputs.storyStartTime) >= instantOf(inputs.storyEndTime)
  ) {
    failures.push({
      property: "storyEndTime",
      reason: `storyEndTime: must be later than storyStartTime (got ${inputs.storyStartTime} → ${inputs.storyEndTime})`,
    });
  }
  if (
    inputs.minFileCount !== undefined &&
    inputs.maxFileCount !== undefined &&
    inputs.maxFileCount <= inputs.minFileCount
  ) {
    failures.push({
      property: "maxFileCount",
      reason: `maxFileCount: must be greater than minFileCount (got ${inputs.maxFileCount} with minFileCount ${inputs.minFileCount})`,
    });
  }
  if (inputs.address !== undefined && inputs.storyType !== "TravelMemory") {
    failures.push({
      property: "address",
      reason: `address: applies only to TravelMemory stories (storyType is ${inputs.storyType}); remove it or change storyType`,
    });
  }
  return failures;
}

// ---- identity --------------------------------------------------------------------------------

export interface StoryKey {
  projectName: string;
  datasetName: string;
  objectId: string;
}

export function storyId(key: StoryKey): string {
  return `${key.projectName}/${key.datasetName}/${key.objectId}`;
}

export function parseStoryId(id: string): StoryKey {
  const match = /^([^/]+)\/([^/]+)\/(.+)$/.exec(id);
  if (!match) throw new Error(`not a story ID (expected <project>/<dataset>/<objectId>): ${id}`);
  return { projectName: match[1]!, datasetName: match[2]!, objectId: match[3]! };
}

/**
 * The default ObjectId's suffix: a digest of the resource's identity (organization, stack, URN:
 * framework/identity.ts) and the dataset, so an interrupted create followed by a fresh one (no state
 * in between) lands on the same ObjectId, and no other resource derives it. The derived ObjectId is
 * the story's ownership marker.
 */
export const derivedObjectIdSuffix = identitySuffix(16, (inputs) => [inputs.projectName, inputs.datasetName]);

// ---- wire mapping ----------------------------------------------------------------------------

function createStoryParams(inputs: StoryInputs, objectId: string): RequestOf<typeof imm.CreateStory> {
  const a = inputs.address;
  const n = inputs.notification;
  return {
    ProjectName: inputs.projectName,
    DatasetName: inputs.datasetName,
    ObjectId: objectId,
    StoryType: inputs.storyType,
    StorySubType: inputs.storySubType || undefined,
    StoryName: inputs.storyName,
    StoryStartTime: inputs.storyStartTime,
    StoryEndTime: inputs.storyEndTime,
    MinFileCount: inputs.minFileCount,
    MaxFileCount: inputs.maxFileCount,
    CustomId: inputs.customId,
    CustomLabels: inputs.customLabels,
    Address: a && {
      City: a.city,
      Country: a.country,
      District: a.district,
      Province: a.province,
      Township: a.township,
    },
    Tags: inputs.tags,
    UserData: inputs.userData,
    Notification: n && {
      ExtendedMessageURI: n.extendedMessageUri,
      MNS: n.mns && { TopicName: n.mns.topicName },
      RocketMQ: n.rocketMq && { InstanceId: n.rocketMq.instanceId, TopicName: n.rocketMq.topicName },
    },
    NotifyTopicName: inputs.notifyTopicName,
  };
}

/**
 * `incomplete`: the last generation is still running, or it failed, so work is left for the next
 * `pulumi up`. It is the one output the diff reads (state with `incomplete: true` is an update), so
 * that work is planned even after a refresh has cleared the engine's record of the failed apply.
 */
function observe(story: Story, key: StoryKey, taskId: string, incomplete = false) {
  return {
    id: storyId(key),
    outputs: {
      projectName: key.projectName,
      datasetName: key.datasetName,
      objectId: story.ObjectId,
      storyType: story.StoryType ?? "",
      storySubType: story.StorySubType ?? "",
      storyName: story.StoryName ?? "",
      storyStartTime: story.StoryStartTime ?? "",
      storyEndTime: story.StoryEndTime ?? "",
      customId: story.CustomId ?? "",
      customLabels: Object.fromEntries(
        Object.entries(story.CustomLabels ?? {}).map(([k, v]) => [
          k,
          typeof v === "string" ? v : JSON.stringify(v),
        ]),
      ),
      cover: story.Cover?.URI ? { uri: story.Cover.URI } : null,
      fileCount: story.Files?.length ?? 0,
      taskId,
      incomplete,
      createTime: story.CreateTime ?? "",
      updateTime: story.UpdateTime ?? "",
    },
  };
}

/** Outputs for a story whose first generation has not finished: it will exist under this ID. */
function pending(key: StoryKey, taskId: string): Observed {
  return {
    id: storyId(key),
    outputs: { ...key, taskId, incomplete: true, fileCount: 0, cover: null, createTime: "", updateTime: "" },
  };
}

// ---- API calls -------------------------------------------------------------------------------

async function getStory(ctx: ResourceContext, key: StoryKey): Promise<Story | undefined> {
  const response = await unlessNotFound(
    ctx.clients.imm.call(imm.GetStory, {
      ProjectName: key.projectName,
      DatasetName: key.datasetName,
      ObjectId: key.objectId,
    }),
  );
  return response?.Story;
}

type Task = ResponseOf<typeof imm.GetTask>;

function getTask(ctx: ResourceContext, projectName: string, taskId: string): Promise<Task | undefined> {
  return unlessNotFound(
    ctx.clients.imm.call(imm.GetTask, {
      ProjectName: projectName,
      TaskId: taskId,
      TaskType: STORY_TASK_TYPE,
    }),
  );
}

/** A StoryCreation task for this story still running (the latest one), started by an earlier apply. */
async function findRunningGeneration(
  ctx: ResourceContext,
  key: StoryKey,
): Promise<{ TaskId: string; StartTime?: string; request: Record<string, unknown> } | undefined> {
  let latest: { TaskId: string; StartTime?: string; request: Record<string, unknown> } | undefined;
  const listing = pages((NextToken) =>
    ctx.clients.imm.call(imm.ListTasks, {
      ProjectName: key.projectName,
      TaskTypes: [STORY_TASK_TYPE],
      Status: "Running",
      RequestDefinition: true,
      MaxResults: 100,
      NextToken,
    }),
  );
  for await (const page of listing) {
    for (const task of page.Tasks ?? []) {
      let request: Record<string, unknown> = {};
      try {
        request = JSON.parse(task.TaskRequestDefinition ?? "{}") as Record<string, unknown>;
      } catch {
        continue; // not a definition we can read: not ours to wait on
      }
      if (request.ObjectId !== key.objectId || request.DatasetName !== key.datasetName) continue;
      if (!latest || (task.StartTime ?? "") > (latest.StartTime ?? "")) {
        latest = { TaskId: task.TaskId, StartTime: task.StartTime, request };
      }
    }
  }
  return latest;
}

/** Whether a task's request definition is exactly the CreateStory this declaration would send. */
export function sameGeneration(request: Record<string, unknown>, params: RequestOf<typeof imm.CreateStory>) {
  const { query, body } = encodeRequest(imm.CreateStory, params);
  const wanted: Record<string, string> = { ...query, ...body };
  const keys = new Set([...Object.keys(wanted), ...Object.keys(request)]);
  return [...keys].every((key) => String(request[key] ?? "") === (wanted[key] ?? ""));
}

/** Thrown when a StoryCreation task ends Failed: carries what the user needs to act on it. */
export class StoryGenerationFailed extends Error {
  override name = "StoryGenerationFailed";
  constructor(
    readonly key: StoryKey,
    readonly task: Task,
    readonly createRequestId?: string,
  ) {
    const ids = [
      createRequestId && `CreateStory request id ${createRequestId}`,
      `GetTask request id ${task.RequestId}`,
    ].filter(Boolean);
    super(
      `story ${key.objectId} in ${key.projectName}/${key.datasetName}: generation task ${task.TaskId} ` +
        `(${STORY_TASK_TYPE}) failed with ${task.Code ?? "UnknownError"}: ${task.Message ?? "no message"} ` +
        `(${ids.join("; ")})`,
    );
  }
}

/** One wait budget per apply, shared by every wait the apply does. */
const budget = (seconds: number | undefined): Deadline =>
  deadlineIn((seconds ?? DEFAULT_STORY_WAIT_SECONDS) * 1000);

/**
 * Waits until the task ends. Succeeded → the task; Failed → StoryGenerationFailed; out of time →
 * PartialCreateError, because the story will exist once the task finishes: it must be recorded.
 */
async function awaitGeneration(
  ctx: ResourceContext,
  key: StoryKey,
  taskId: string,
  deadline: Deadline,
  createRequestId?: string,
): Promise<Task> {
  const what = `story ${key.objectId} in ${key.projectName}/${key.datasetName} (generation task ${taskId})`;
  let task: Task;
  try {
    task = await waitFor({
      what,
      poll: async () => {
        const current = await getTask(ctx, key.projectName, taskId);
        if (!current)
          throw new Error(`${what}: the task is no longer known to IMM (task records last 7 days)`);
        return current;
      },
      describe: (t) => `${t.Status}${t.Progress !== undefined ? ` ${t.Progress}%` : ""}`,
      isDone: (t) => t.Status !== "Running",
      hint: (t) => {
        const age = Date.now() - Date.parse(t.StartTime ?? "");
        return Number.isFinite(age)
          ? { remainingMs: remainingFromProgress(t.Progress, age), ageMs: age }
          : undefined;
      },
      timeoutMs: deadline.remainingMs(),
      onProgress: (t, elapsed) =>
        ctx.log.info(
          `${what}: ${t.Status}${t.Progress !== undefined ? ` ${t.Progress}%` : ""} after ${Math.round(elapsed / 1000)}s`,
        ),
    });
  } catch (error) {
    // The generation was accepted: the story will exist, so whatever ends the wait (its time, a
    // stopping host, GetTask failing after its retries) records it under its ObjectId and task.
    const ids = `TaskId ${taskId}${createRequestId ? `, CreateStory request id ${createRequestId}` : ""}`;
    const reason =
      error instanceof WaitTimeoutError
        ? error.message
        : `${what}: following the generation failed: ${(error as Error).message}; the next \`pulumi up\` ` +
          "waits for it again.";
    const story = await getStory(ctx, key).catch(() => undefined);
    throw new PartialCreateError(
      `${reason} ${ids}.`,
      story ? observe(story, key, taskId, true) : pending(key, taskId),
    );
  }
  if (task.Status === "Succeeded") return task;
  throw new StoryGenerationFailed(key, task, createRequestId);
}

/**
 * The task's Code says the failure was the service's own and passing (e.g. InternalError): then a
 * new generation may well succeed. ResourceNotFound (the dataset went away), bad input or a denied
 * permission would only fail again.
 */
function transientGenerationFailure(error: unknown): string | undefined {
  if (!(error instanceof StoryGenerationFailed)) return undefined;
  return isTransientCode(error.task.Code) ? error.task.Code : undefined;
}

/**
 * CreateStory on the story's ObjectId (new or existing), then waits for its task; a generation that
 * fails with a transient cause is started again on the same ObjectId (ASYNC_RETRIES times at most,
 * within the apply's wait budget) before the failure is reported.
 */
async function generate(
  ctx: ResourceContext,
  inputs: StoryInputs,
  key: StoryKey,
  deadline: Deadline,
): Promise<Task> {
  try {
    return await retryTransientFailures({
      what: `story ${key.objectId} in ${key.projectName}/${key.datasetName}: generation`,
      redo: "generating it again (CreateStory on the same ObjectId)",
      run: async () => {
        const response = await ctx.clients.imm.call(imm.CreateStory, createStoryParams(inputs, key.objectId));
        ctx.log.info(
          `story ${key.objectId}: generation task ${response.TaskId} started (CreateStory request id ${response.RequestId})`,
        );
        return awaitGeneration(ctx, key, response.TaskId, deadline, response.RequestId);
      },
      transientCode: transientGenerationFailure,
      remainingMs: () => deadline.remainingMs(),
      log: (message) => ctx.log.info(message),
    });
  } catch (error) {
    if (!(error instanceof StoryGenerationFailed)) throw error;
    // The story object may exist anyway (an earlier generation): record it rather than orphan it.
    const story = await getStory(ctx, key);
    if (story) throw new PartialCreateError(error.message, observe(story, key, error.task.TaskId, true));
    throw error;
  }
}

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
    const { updates } = classifyChanges(storySpec, observe(story, key, taskId).outputs, inputs);
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
      known ? observe(known, key, taskId, true) : pending(key, taskId),
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

  const { updates } = classifyChanges(storySpec, observe(story, key, taskId).outputs, inputs);
  const inPlace = fieldsApplyingWith(storySpec.fields, updates, "UpdateStory");
  if (inPlace.length > 0) {
    try {
      await ctx.clients.imm.call(imm.UpdateStory, {
        ProjectName: key.projectName,
        DatasetName: key.datasetName,
        ObjectId: key.objectId,
        ...changedWireParams(storySpec.type, storySpec.fields, inPlace, inputs),
      });
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
  return observe(story, key, taskId);
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
    if (story) return observe(story, key, taskId, unfinished);
    // Not there yet is not gone: the first generation may still be running.
    return task?.Status === "Running" ? pending(key, taskId) : undefined;
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
    return story && observe(story, key, "");
  },
};
