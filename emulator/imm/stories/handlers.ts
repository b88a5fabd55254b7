/** CreateStory, GetStory, UpdateStory, DeleteStory and CreateCustomizedStory. */
import { immTime } from "../../core/clock";
import { invalidParameter, resourceNotFound } from "../../core/errors";
import { type Params, isPlainObject } from "../../core/params";
import type { Handler, HandlerContext } from "../../core/service";
import { childKey, files, requireDataset } from "../tables";
import { startTask } from "../tasks";
import { type GeneratePayload, STORY_GENERATE, summary, timeOf } from "./generation";
import { type File, OWNER_ID, newObjectId, type StoryRecord, stories } from "./model";
import { OBJECT_ID_RULES, createStoryCriteria, customLabels } from "./rules";

function storyKeyOf(ctx: HandlerContext): {
  key: string;
  project: string;
  dataset: string;
  objectId: string;
} {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const objectId = ctx.params.requiredString("ObjectId");
  return { key: childKey(project, dataset, objectId), project, dataset, objectId };
}

function requireStory(ctx: HandlerContext) {
  const where = storyKeyOf(ctx);
  requireDataset(ctx, where.project, where.dataset);
  const record = stories(ctx).get(where.key);
  if (!record) throw resourceNotFound(ctx.style, "story");
  return { ...where, record };
}

/** A `{URI}` parameter (Cover) naming a file indexed in the dataset: returns that file's metadata. */
function indexedFile(
  ctx: HandlerContext,
  name: string,
  value: unknown,
  project: string,
  dataset: string,
): File {
  if (!isPlainObject(value) || typeof value.URI !== "string" || value.URI === "") {
    throw invalidParameter(ctx.params.style, `${name}.URI`, "is required");
  }
  const record = files(ctx).get(childKey(project, dataset, value.URI));
  if (!record) throw resourceNotFound(ctx.style, "file");
  return record.file as File;
}

const CREATE_STORY_PARAMS = [
  "ProjectName",
  "DatasetName",
  "StoryType",
  "StorySubType",
  "StoryName",
  "StoryStartTime",
  "StoryEndTime",
  "MinFileCount",
  "MaxFileCount",
  "CustomId",
  "CustomLabels",
  "Address",
  "NotifyTopicName",
  "Notification",
  "Tags",
  "UserData",
];

/** The request as GetTask's TaskRequestDefinition echoes it: the API parameters, not the signature. */
function requestDefinition(params: Params, objectId: string): Record<string, unknown> {
  const sent = CREATE_STORY_PARAMS.filter((name) => params.has(name)).map((name) => [name, params.raw(name)]);
  return { ...Object.fromEntries(sent), ObjectId: objectId };
}

export const createStory: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const givenId = ctx.params.string("ObjectId", OBJECT_ID_RULES);
  const { tags, userData, ...criteria } = createStoryCriteria(ctx.params);
  requireDataset(ctx, project, dataset);
  const objectId = givenId ?? newObjectId();
  const task = startTask(ctx, {
    project,
    taskType: "StoryCreation",
    action: "CreateStory",
    requestDefinition: requestDefinition(ctx.params, objectId),
    expectedMs: ctx.timings.storyTaskMs,
    ...(tags ? { tags } : {}),
    ...(userData !== undefined ? { userData } : {}),
  });
  const payload: GeneratePayload = {
    project,
    dataset,
    objectId,
    taskId: task.info.TaskId,
    fails: ctx.taskFails("CreateStory"),
    criteria,
  };
  ctx.schedule(ctx.timings.storyTaskMs, STORY_GENERATE, payload);
  return { TaskId: task.info.TaskId, EventId: task.info.EventId, ObjectId: objectId };
};

export const getStory: Handler = (ctx) => ({ Story: requireStory(ctx).record });

export const updateStory: Handler = (ctx) => {
  const where = storyKeyOf(ctx);
  const name = ctx.params.string("StoryName", { maxLength: 256 });
  const customId = ctx.params.string("CustomId", { maxLength: 256 });
  const labels = customLabels(ctx.params);
  const coverParam = ctx.params.json<Record<string, unknown>>("Cover", "object");
  const { record } = requireStory(ctx);
  const cover = coverParam ? indexedFile(ctx, "Cover", coverParam, where.project, where.dataset) : undefined;
  const updated: StoryRecord = {
    ...record,
    ...(name !== undefined ? { StoryName: name } : {}),
    ...(customId !== undefined ? { CustomId: customId } : {}),
    ...(labels !== undefined ? { CustomLabels: labels } : {}),
    ...(cover ? { Cover: cover } : {}),
    UpdateTime: immTime(ctx.now),
  };
  stories(ctx).set(where.key, updated);
  return {};
};

export const deleteStory: Handler = (ctx) => {
  const { key } = requireStory(ctx);
  stories(ctx).delete(key);
  return {};
};

export const createCustomizedStory: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const name = ctx.params.requiredString("StoryName", { maxLength: 256 });
  // Free-form for customized stories (CreateCustomizedStory).
  const type = ctx.params.requiredString("StoryType", { maxLength: 128 });
  const subType = ctx.params.requiredString("StorySubType", { maxLength: 128 });
  const coverParam = ctx.params.requiredJson<Record<string, unknown>>("Cover", "object");
  const list = ctx.params.requiredJson<unknown[]>("Files", "array");
  if (list.length === 0 || list.length > 100) {
    throw invalidParameter(ctx.params.style, "Files", `must hold 1 to 100 files (got ${list.length})`);
  }
  const labels = customLabels(ctx.params);
  requireDataset(ctx, project, dataset);
  const chosen = list.map((value, index) => indexedFile(ctx, `Files[${index}]`, value, project, dataset));
  const cover = indexedFile(ctx, "Cover", coverParam, project, dataset);
  const objectId = newObjectId();
  const now = immTime(ctx.now);
  const times = chosen.map(timeOf).filter((t): t is number => t !== undefined);
  stories(ctx).set(childKey(project, dataset, objectId), {
    ProjectName: project,
    DatasetName: dataset,
    ObjectId: objectId,
    ObjectType: "story",
    OwnerId: OWNER_ID,
    StoryName: name,
    StoryType: type,
    StorySubType: subType,
    StoryStartTime: times.length ? immTime(Math.min(...times)) : "",
    StoryEndTime: times.length ? immTime(Math.max(...times)) : "",
    CustomId: "",
    CustomLabels: labels ?? {},
    ...summary(chosen),
    Cover: cover,
    Files: chosen,
    CreateTime: now,
    UpdateTime: now,
  });
  return { ObjectId: objectId };
};
