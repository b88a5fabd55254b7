/**
 * imm.Story's declared shape (schema, rules across fields), its ID and derived ObjectId, and its
 * mapping to and from the wire (CreateStory parameters, the Story model of GetStory; IMM API
 * reference: CreateStory, GetStory). Kept apart from the generation and lifecycle code so that the
 * schema can be tested on its own.
 */
import { z } from "zod";
import { identitySuffix } from "../framework/kit";
import type { Observed } from "../framework/spec";
import type { imm, RequestOf } from "../operations";
import type { Story } from "../operations/models";
import { immName } from "./fields";

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
export function instantOf(value: string): number {
  return Date.parse(value.replace(/(\.\d{3})\d+/, "$1"));
}

const rfc3339 = z
  .string()
  .regex(RFC3339, "must be an RFC 3339 time such as 2021-12-30T16:00:00Z")
  .refine((value) => !Number.isNaN(instantOf(value)), "is not a valid date");

/** Equal instants compare equal whatever their offset or precision (the service reformats times). */
export const instant = (value: unknown): unknown => {
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
export type StoryOutputs = ReturnType<typeof observeStory>["outputs"];

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

export function createStoryParams(inputs: StoryInputs, objectId: string): RequestOf<typeof imm.CreateStory> {
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
export function observeStory(story: Story, key: StoryKey, taskId: string, incomplete = false) {
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
export function pendingStory(key: StoryKey, taskId: string): Observed {
  return {
    id: storyId(key),
    outputs: { ...key, taskId, incomplete: true, fileCount: 0, cover: null, createTime: "", updateTime: "" },
  };
}
