/**
 * The parameter rules of CreateStory and UpdateStory (IMM API reference: CreateStory, UpdateStory);
 * every failure names the parameter path and the rule.
 */
import { invalidParameter } from "../../core/errors";
import { type Params, isPlainObject } from "../../core/params";
import { ADDRESS_FIELDS, type Criteria, STORY_SUBTYPES } from "./model";

export const OBJECT_ID_RULES = {
  minLength: 1,
  maxLength: 128,
  pattern: /^[A-Za-z0-9_.-]+$/,
  patternRule: "may contain only letters, digits, -, _ and .",
};

const MAX_CUSTOM_LABELS = 100;

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

export function customLabels(params: Params): Record<string, unknown> | undefined {
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

export function storyType(params: Params, required: true): string;
export function storyType(params: Params, required: false): string | undefined;
export function storyType(params: Params, required: boolean): string | undefined {
  const rules = { oneOf: Object.keys(STORY_SUBTYPES) };
  return required ? params.requiredString("StoryType", rules) : params.string("StoryType", rules);
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
export function createStoryCriteria(
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
