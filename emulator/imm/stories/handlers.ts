/**
 * IMM stories (IMM API reference: CreateStory and the operations below): CreateStory (asynchronous: a StoryCreation
 * task), GetStory, UpdateStory, DeleteStory, QueryStories, CreateCustomizedStory (synchronous).
 *
 * CreateStory validates every parameter as IMM's CreateStory page documents, starts a task and, `storyTaskMs`
 * later, builds the story under its ObjectId from the dataset's indexed photos and videos that match
 * the criteria: time range on ProduceTime; TagMemory needs matching Labels, PeopleMemory Figures,
 * TravelMemory an address match. Fewer candidates than MinFileCount give an empty story; a story
 * holds at most MaxFileCount files and never more than 1,500 (a larger MaxFileCount "does not take
 * effect"). CreateStory on an existing ObjectId regenerates that story in place (CreateTime kept). An
 * injected task failure (`taskFailureRate`), or a dataset deleted meanwhile, ends the task Failed and
 * leaves any existing story as it was.
 */
import { randomBytes } from "node:crypto";
import { immTime } from "../core/clock";
import { invalidParameter, resourceNotFound } from "../core/errors";
import { type Params, isPlainObject, parseRfc3339 } from "../core/params";
import type { Handler, HandlerContext, Transition, WorldContext } from "../core/service";
import type { Table } from "../core/store";
import { datasetFiles, datasets, datasetKey, childKey, files, requireDataset, rowsOfDataset } from "./tables";
import { finishTask, startTask } from "./tasks";

type File = Record<string, unknown> & { URI: string };

export const STORY_SUBTYPES: Readonly<Record<string, readonly string[]>> = {
  TimeMemory: [],
  PeopleMemory: ["Solo"],
  TagMemory: ["Food", "Pet", "PetDog", "PetCat", "Scenery"],
  TravelMemory: [],
};
/** The story algorithm's own limit on the number of photos (IMM API reference: CreateStory, MaxFileCount). */
export const STORY_FILE_CAP = 1500;
const MAX_CUSTOM_LABELS = 100;
const ADDRESS_FIELDS = ["City", "Country", "District", "Province", "Township"] as const;
const OBJECT_ID_RULES = {
  minLength: 1,
  maxLength: 128,
  pattern: /^[A-Za-z0-9_.-]+$/,
  patternRule: "may contain only letters, digits, -, _ and .",
};

export interface StoryRecord {
  ProjectName: string;
  DatasetName: string;
  ObjectId: string;
  ObjectType: "story";
  OwnerId: string;
  StoryName: string;
  StoryType: string;
  StorySubType: string;
  StoryStartTime: string;
  StoryEndTime: string;
  CustomId: string;
  CustomLabels: Record<string, unknown>;
  Addresses: Record<string, unknown>[];
  Cover?: File;
  Files: File[];
  FigureClusterIds: string[];
  CreateTime: string;
  UpdateTime: string;
}

/** What a StoryCreation task builds from: the validated CreateStory parameters. */
interface Criteria {
  StoryType: string;
  StorySubType: string;
  StoryName?: string;
  CustomId?: string;
  CustomLabels?: Record<string, unknown>;
  start?: number;
  end?: number;
  minFiles?: number;
  maxFiles?: number;
  address?: Partial<Record<(typeof ADDRESS_FIELDS)[number], string>>;
}

export const stories = (ctx: WorldContext): Table<StoryRecord> => ctx.store.table("imm.stories");

const OWNER_ID = "1023210024677934";

function newObjectId(): string {
  return randomBytes(12).toString("hex");
}

// ---- parameter rules -------------------------------------------------------------------------

function scalarMap(params: Params, name: string, max?: number): Record<string, unknown> | undefined {
  const map = params.json<Record<string, unknown>>(name, "object");
  if (!map) return undefined;
  const entries = Object.entries(map);
  if (max !== undefined && entries.length > max) {
    throw invalidParameter(params.style, name, `must hold at most ${max} labels (got ${entries.length})`);
  }
  for (const [key, value] of entries) {
    if (key === "") throw invalidParameter(params.style, name, "keys must not be empty");
    if (value !== null && typeof value === "object") {
      throw invalidParameter(params.style, `${name}.${key}`, "must be a string, number or boolean");
    }
  }
  return map;
}

function customLabels(params: Params): Record<string, unknown> | undefined {
  return scalarMap(params, "CustomLabels", MAX_CUSTOM_LABELS);
}

function optionalText(params: Params, owner: string, value: Record<string, unknown>, field: string) {
  const v = value[field];
  if (v !== undefined && typeof v !== "string") {
    throw invalidParameter(params.style, `${owner}.${field}`, "must be a string");
  }
  return v as string | undefined;
}

function notification(params: Params): void {
  const value = params.json<Record<string, unknown>>("Notification", "object");
  if (!value) return;
  for (const key of Object.keys(value)) {
    if (!["ExtendedMessageURI", "MNS", "RocketMQ"].includes(key)) {
      throw invalidParameter(params.style, `Notification.${key}`, "is not a Notification field");
    }
  }
  const uri = optionalText(params, "Notification", value, "ExtendedMessageURI");
  if (uri !== undefined && !/^oss:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\/.+/.test(uri)) {
    throw invalidParameter(params.style, "Notification.ExtendedMessageURI", `must be oss://<bucket>/<key>`);
  }
  if (value.MNS !== undefined) {
    if (!isPlainObject(value.MNS))
      throw invalidParameter(params.style, "Notification.MNS", "must be an object");
    const topic = optionalText(params, "Notification.MNS", value.MNS, "TopicName");
    if (!topic) throw invalidParameter(params.style, "Notification.MNS.TopicName", "is required");
  }
  if (value.RocketMQ !== undefined) {
    if (!isPlainObject(value.RocketMQ)) {
      throw invalidParameter(params.style, "Notification.RocketMQ", "must be an object");
    }
    optionalText(params, "Notification.RocketMQ", value.RocketMQ, "InstanceId");
    optionalText(params, "Notification.RocketMQ", value.RocketMQ, "TopicName");
  }
}

function address(params: Params, storyType: string): Criteria["address"] {
  const value = params.json<Record<string, unknown>>("Address", "object");
  if (!value) return undefined;
  if (storyType !== "TravelMemory") {
    throw invalidParameter(
      params.style,
      "Address",
      `applies only when StoryType is TravelMemory (got ${storyType})`,
    );
  }
  const out: NonNullable<Criteria["address"]> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(ADDRESS_FIELDS as readonly string[]).includes(key)) {
      throw invalidParameter(
        params.style,
        `Address.${key}`,
        `is not an address field (${ADDRESS_FIELDS.join(", ")})`,
      );
    }
    if (typeof v !== "string") throw invalidParameter(params.style, `Address.${key}`, "must be a string");
    if (v !== "") out[key as (typeof ADDRESS_FIELDS)[number]] = v;
  }
  if (Object.keys(out).length === 0) {
    throw invalidParameter(params.style, "Address", `needs at least one of ${ADDRESS_FIELDS.join(", ")}`);
  }
  return out;
}

function storyType(params: Params, required: true): string;
function storyType(params: Params, required: false): string | undefined;
function storyType(params: Params, required: boolean): string | undefined {
  const rules = { oneOf: Object.keys(STORY_SUBTYPES) };
  return required ? params.requiredString("StoryType", rules) : params.string("StoryType", rules);
}

/** A user-named key's value, never one inherited from Object.prototype (`constructor`, `toString`). */
function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function storySubType(params: Params, type: string): string {
  const subType = params.string("StorySubType") ?? "";
  const valid = STORY_SUBTYPES[type] ?? [];
  if (subType === "") return "";
  if (valid.length === 0) {
    throw invalidParameter(
      params.style,
      "StorySubType",
      `must be empty for StoryType ${type} (got "${subType}")`,
    );
  }
  if (!valid.includes(subType)) {
    throw invalidParameter(
      params.style,
      "StorySubType",
      `must be one of ${valid.join(", ")} for StoryType ${type} (got "${subType}")`,
    );
  }
  return subType;
}

/** Validates every CreateStory parameter, in the order the page lists them. */
function createStoryCriteria(
  params: Params,
): Criteria & { tags?: Record<string, unknown>; userData?: string } {
  const type = storyType(params, true);
  const subType = storySubType(params, type);
  const start = params.time("StoryStartTime");
  const end = params.time("StoryEndTime");
  if (start !== undefined && end !== undefined && start >= end) {
    throw invalidParameter(params.style, "StoryEndTime", "must be later than StoryStartTime");
  }
  const minFiles = params.integer("MinFileCount", { min: 2 });
  const maxFiles = params.integer("MaxFileCount", { min: 2 });
  if (minFiles !== undefined && maxFiles !== undefined && maxFiles <= minFiles) {
    throw invalidParameter(
      params.style,
      "MaxFileCount",
      `must be greater than MinFileCount (${minFiles}; got ${maxFiles})`,
    );
  }
  const name = params.string("StoryName", { maxLength: 256 });
  const customId = params.string("CustomId", { maxLength: 256 });
  params.string("NotifyTopicName", { maxLength: 256 });
  const labels = customLabels(params);
  const where = address(params, type);
  const tags = scalarMap(params, "Tags");
  const userData = params.string("UserData", { maxLength: 2048, bytes: true });
  notification(params);
  return {
    StoryType: type,
    StorySubType: subType,
    ...(name !== undefined ? { StoryName: name } : {}),
    ...(customId !== undefined ? { CustomId: customId } : {}),
    ...(labels !== undefined ? { CustomLabels: labels } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
    ...(minFiles !== undefined ? { minFiles } : {}),
    ...(maxFiles !== undefined ? { maxFiles } : {}),
    ...(where ? { address: where } : {}),
    ...(tags ? { tags } : {}),
    ...(userData !== undefined ? { userData } : {}),
  };
}

// ---- generation ------------------------------------------------------------------------------

const timeOf = (file: File): number | undefined =>
  typeof file.ProduceTime === "string"
    ? Date.parse(file.ProduceTime.replace(/(\.\d{3})\d+/, "$1"))
    : undefined;

function firstAddress(file: File): Record<string, unknown> | undefined {
  const list = file.Addresses;
  return Array.isArray(list) && isPlainObject(list[0]) ? list[0] : undefined;
}

function matchesType(file: File, criteria: Criteria): boolean {
  switch (criteria.StoryType) {
    case "TagMemory": {
      const labels = Array.isArray(file.Labels) ? (file.Labels as Record<string, unknown>[]) : [];
      const wanted = criteria.StorySubType.toLowerCase();
      return labels.some((label) =>
        [label.LabelName, label.ParentLabelName, label.LabelAlias].some(
          (name) => typeof name === "string" && (wanted === "" || name.toLowerCase().includes(wanted)),
        ),
      );
    }
    case "PeopleMemory":
      return Array.isArray(file.Figures) && file.Figures.length > 0;
    case "TravelMemory": {
      const place = firstAddress(file);
      if (!place) return false;
      return Object.entries(criteria.address ?? {}).every(
        ([field, value]) => String(place[field] ?? "").toLowerCase() === String(value).toLowerCase(),
      );
    }
    default:
      return true;
  }
}

/** The files a story would hold: matching photos and videos by capture time, within the counts. */
export function storyFiles(indexed: File[], criteria: Criteria): File[] {
  const candidates = indexed
    .filter((file) => file.MediaType === "image" || file.MediaType === "video")
    .filter((file) => {
      if (criteria.start === undefined && criteria.end === undefined) return true;
      const at = timeOf(file);
      return (
        at !== undefined &&
        (criteria.start === undefined || at >= criteria.start) &&
        (criteria.end === undefined || at <= criteria.end)
      );
    })
    .filter((file) => matchesType(file, criteria))
    .sort((a, b) => (timeOf(a) ?? 0) - (timeOf(b) ?? 0) || (a.URI < b.URI ? -1 : 1));
  if (candidates.length < (criteria.minFiles ?? 1)) return [];
  return candidates.slice(0, Math.min(criteria.maxFiles ?? STORY_FILE_CAP, STORY_FILE_CAP));
}

function summary(chosen: File[]) {
  const addresses = new Map<string, Record<string, unknown>>();
  const clusters = new Set<string>();
  for (const file of chosen) {
    const place = firstAddress(file);
    if (place) addresses.set(JSON.stringify(place), place);
    for (const figure of Array.isArray(file.Figures) ? (file.Figures as Record<string, unknown>[]) : []) {
      if (typeof figure.FigureClusterId === "string") clusters.add(figure.FigureClusterId);
    }
  }
  return { Addresses: [...addresses.values()], FigureClusterIds: [...clusters] };
}

interface GeneratePayload {
  project: string;
  dataset: string;
  objectId: string;
  taskId: string;
  fails: boolean;
  criteria: Criteria;
}

const generated: Transition = (ctx, raw) => {
  const payload = raw as unknown as GeneratePayload;
  const { project, dataset, objectId, taskId, criteria } = payload;
  if (payload.fails) {
    finishTask(ctx, project, taskId, {
      status: "Failed",
      code: "InternalError",
      message: "The story generation failed: an internal error occurred in the story algorithm.",
    });
    return;
  }
  if (!datasets(ctx).get(datasetKey(project, dataset))) {
    finishTask(ctx, project, taskId, {
      status: "Failed",
      code: "ResourceNotFound",
      message: "The specified resource dataset is not found.",
    });
    return;
  }
  const chosen = storyFiles(datasetFiles(ctx, project, dataset) as File[], criteria);
  const key = childKey(project, dataset, objectId);
  const previous = stories(ctx).get(key);
  const now = immTime(ctx.now);
  const record: StoryRecord = {
    ProjectName: project,
    DatasetName: dataset,
    ObjectId: objectId,
    ObjectType: "story",
    OwnerId: OWNER_ID,
    StoryName: criteria.StoryName ?? previous?.StoryName ?? "",
    StoryType: criteria.StoryType,
    StorySubType: criteria.StorySubType,
    StoryStartTime: criteria.start !== undefined ? immTime(criteria.start) : "",
    StoryEndTime: criteria.end !== undefined ? immTime(criteria.end) : "",
    CustomId: criteria.CustomId ?? previous?.CustomId ?? "",
    CustomLabels: criteria.CustomLabels ?? previous?.CustomLabels ?? {},
    ...summary(chosen),
    ...(chosen[0] ? { Cover: chosen[0] } : {}),
    Files: chosen,
    CreateTime: previous?.CreateTime ?? now,
    UpdateTime: now,
  };
  stories(ctx).set(key, record);
  finishTask(ctx, project, taskId, { status: "Succeeded" });
};

// ---- handlers --------------------------------------------------------------------------------

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

const createStory: Handler = (ctx) => {
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
  ctx.schedule(ctx.timings.storyTaskMs, "imm.story.generate", payload as unknown as Record<string, unknown>);
  return { TaskId: task.info.TaskId, EventId: task.info.EventId, ObjectId: objectId };
};

const getStory: Handler = (ctx) => ({ Story: requireStory(ctx).record });

const updateStory: Handler = (ctx) => {
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

const deleteStory: Handler = (ctx) => {
  const { key } = requireStory(ctx);
  stories(ctx).delete(key);
  return {};
};

function timeRangeFilter(params: Params, name: string): ((time: string) => boolean) | undefined {
  const range = params.json<{ Start?: unknown; End?: unknown }>(name, "object");
  if (!range) return undefined;
  const bound = (value: unknown, field: string) =>
    value === undefined || value === ""
      ? undefined
      : parseRfc3339(String(value), (rule) => invalidParameter(params.style, `${name}.${field}`, rule));
  const start = bound(range.Start, "Start");
  const end = bound(range.End, "End");
  return (time) => {
    if (time === "") return false;
    const at = Date.parse(time.replace(/(\.\d{3})\d+/, "$1"));
    return (start === undefined || at >= start) && (end === undefined || at <= end);
  };
}

const SORTS = ["CreateTime", "StoryName", "StoryStartTime", "StoryEndTime"] as const;

const queryStories: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const objectId = ctx.params.string("ObjectId");
  const type = storyType(ctx.params, false);
  const subType = ctx.params.string("StorySubType");
  const name = ctx.params.string("StoryName");
  const label = ctx.params.string("CustomLabels");
  const [labelKey, labelValue] = label ? label.split("=", 2) : [];
  if (label !== undefined && (!labelKey || labelValue === undefined)) {
    throw invalidParameter(ctx.params.style, "CustomLabels", `must be key=value (got "${label}")`);
  }
  const clusters = ctx.params.json<unknown[]>("FigureClusterIds", "array");
  const byStart = timeRangeFilter(ctx.params, "StoryStartTimeRange");
  const byEnd = timeRangeFilter(ctx.params, "StoryEndTimeRange");
  const byCreate = timeRangeFilter(ctx.params, "CreateTimeRange");
  const withEmpty = ctx.params.boolean("WithEmptyStories") ?? true;
  const sort = ctx.params.string("Sort", { oneOf: SORTS }) ?? "CreateTime";
  const order = ctx.params.string("Order", { oneOf: ["asc", "desc"] }) ?? "asc";
  const maxResults = ctx.params.integer("MaxResults", { min: 1, max: 100 }) ?? 100;
  const token = ctx.params.string("NextToken");
  const offset = token ? Number(Buffer.from(token, "base64").toString("utf8")) : 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw invalidParameter(ctx.params.style, "NextToken", "is not a token this API returned");
  }
  requireDataset(ctx, project, dataset);
  const key = sort as (typeof SORTS)[number];
  const rows = rowsOfDataset(stories(ctx), project, dataset)
    .map(([, story]) => story)
    .filter((s) => objectId === undefined || s.ObjectId === objectId)
    .filter((s) => type === undefined || s.StoryType === type)
    .filter((s) => subType === undefined || s.StorySubType === subType)
    .filter((s) => name === undefined || s.StoryName === name)
    .filter((s) => label === undefined || String(ownValue(s.CustomLabels, labelKey!) ?? "") === labelValue)
    .filter((s) => !clusters || s.FigureClusterIds.some((id) => clusters.includes(id)))
    .filter((s) => (!byStart || byStart(s.StoryStartTime)) && (!byEnd || byEnd(s.StoryEndTime)))
    .filter((s) => !byCreate || byCreate(s.CreateTime))
    .filter((s) => withEmpty || s.Files.length > 0)
    .sort((a, b) => {
      const byKey = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
      return (order === "desc" ? -byKey : byKey) || (a.ObjectId < b.ObjectId ? -1 : 1);
    });
  const page = rows.slice(offset, offset + maxResults);
  const next = offset + maxResults < rows.length ? offset + maxResults : undefined;
  return {
    Stories: page,
    ...(next !== undefined ? { NextToken: Buffer.from(String(next)).toString("base64") } : {}),
  };
};

const createCustomizedStory: Handler = (ctx) => {
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

export const storyHandlers = {
  CreateStory: createStory,
  GetStory: getStory,
  UpdateStory: updateStory,
  DeleteStory: deleteStory,
  QueryStories: queryStories,
  CreateCustomizedStory: createCustomizedStory,
} satisfies Record<string, Handler>;

export const storyTransitions = {
  "imm.story.generate": generated,
} satisfies Record<string, Transition>;
