/**
 * Field rules shared by IMM resources: naming rules, quota ranges, int64 handling and tag shapes
 * (IMM API reference: CreateProject, CreateDataset).
 */
import { z } from "zod";
import { identitySuffix } from "../framework/kit";
import type { AutoNameRule, FieldTrait } from "../framework/spec";
import { toDecimalString, wire } from "../framework/wire";

export { toDecimalString } from "../framework/wire";

/** 1–128 characters: letters, digits, `-` and `_`, starting with a letter or `_`. */
export const immName = z
  .string()
  .min(1, "must be 1 to 128 characters")
  .max(128, "must be 1 to 128 characters")
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]*$/,
    "may contain only letters, digits, - and _, and must start with a letter or _",
  );

/**
 * `<logical name>-<8 hex>`; the suffix is a digest of the resource's identity, so every check of this
 * resource derives the same name (an interrupted create finds its object again) and no other
 * resource derives it. A name already kept in the state (older random suffixes too) is carried over.
 */
export const immAutoName = (field: string, type: string): AutoNameRule => ({
  field,
  maxLength: 128,
  sanitize: (logical) => {
    const cleaned = logical.replace(/[^A-Za-z0-9_-]/g, "-");
    return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
  },
  suffix: identitySuffix(8, () => [type]),
});

const INT64_MAX = 9223372036854775807n;

/**
 * Quotas go up to 9e16, past 2^53: accept a safe integer or a decimal string, store decimal strings.
 * Every value is bounded by int64 even where the API states no maximum; leading zeros are accepted and
 * normalised away (toDecimalString), so "0009" and 9 are the same value.
 */
export const int64 = (min: number, max: bigint = INT64_MAX) =>
  z.union([z.number(), z.string()]).superRefine((value, ctx) => {
    if (typeof value === "number" && !Number.isInteger(value)) {
      ctx.addIssue({ code: "custom", message: "must be an integer" });
    } else if (typeof value === "number" && !Number.isSafeInteger(value)) {
      ctx.addIssue({ code: "custom", message: "is larger than 2^53: pass it as a decimal string" });
    } else if (typeof value === "string" && !/^\d+$/.test(value)) {
      ctx.addIssue({ code: "custom", message: "must be a decimal integer" });
    } else {
      const n = BigInt(value);
      if (n < BigInt(min) || n > max) {
        ctx.addIssue({ code: "custom", message: `must be between ${min} and ${max}` });
      }
    }
  });

/** The wire name of a lowerCamel field: its first letter capitalised (IMM's parameters). */
export const capitalised = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/**
 * A quota field: updates in place, compared and sent as decimal strings (int64), absent = the
 * service default, which a removal sends back.
 */
export const quota = (key: keyof typeof IMM_DEFAULTS): FieldTrait => ({
  mode: "update",
  default: IMM_DEFAULTS[key],
  normalize: toDecimalString,
  wire: wire(capitalised(key), "int64String"),
});

export const IMM_DEFAULTS = {
  datasetMaxBindCount: "10",
  datasetMaxEntityCount: "10000000000",
  datasetMaxFileCount: "100000000",
  datasetMaxRelationCount: "100000000000",
  datasetMaxTotalFileSize: "90000000000000000",
  projectMaxDatasetCount: "1000000000",
} as const;

export const datasetQuotaSchema = {
  datasetMaxBindCount: int64(1, 10n).optional(),
  datasetMaxEntityCount: int64(1).optional(),
  datasetMaxFileCount: int64(1, 100_000_000n).optional(),
  datasetMaxRelationCount: int64(1).optional(),
  datasetMaxTotalFileSize: int64(1).optional(),
};

/** The dataset quota fields, typed. */
export const DATASET_QUOTAS = Object.keys(datasetQuotaSchema) as (keyof typeof datasetQuotaSchema)[];

export const datasetQuotaTraits: Record<keyof typeof datasetQuotaSchema, FieldTrait> = {
  datasetMaxBindCount: quota("datasetMaxBindCount"),
  datasetMaxEntityCount: quota("datasetMaxEntityCount"),
  datasetMaxFileCount: quota("datasetMaxFileCount"),
  datasetMaxRelationCount: quota("datasetMaxRelationCount"),
  datasetMaxTotalFileSize: quota("datasetMaxTotalFileSize"),
};

/** Quotas as returned by the service, as decimal strings. */
export function quotaOutputs<K extends string>(
  remote: Record<string, unknown>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = remote[capitalised(key)];
    if (typeof value === "number") out[key] = String(toDecimalString(value));
  }
  return out;
}

export const description256 = z.string().max(256, "must be at most 256 characters");

/** Tags are a map in the SDK; the wire takes `[{Key, Value}]` and answers `[{TagKey, TagValue}]`. */
export const tagsSchema = z.record(z.string().min(1, "tag keys must not be empty"), z.string());

export const tagsTrait: FieldTrait = { mode: "update", default: {} };

/** Tag keys under this prefix belong to the provider (ownership markers, client tokens). */
export const RESERVED_TAG_PREFIX = "alicloud-media:";
/** This resource's ownership marker on an IMM project (a digest of its identity). */
export const OWNER_TAG = `${RESERVED_TAG_PREFIX}owner`;
/** The stack's marker on an IMM project: its datasets' bindings are the stack's too. */
export const STACK_TAG = `${RESERVED_TAG_PREFIX}stack`;

/** Tags a user may declare: the provider's reserved keys are refused with their name. */
export const userTagsSchema = tagsSchema.superRefine((tags, ctx) => {
  for (const key of Object.keys(tags)) {
    if (key.startsWith(RESERVED_TAG_PREFIX)) {
      ctx.addIssue({
        code: "custom",
        message: `tag keys starting with ${RESERVED_TAG_PREFIX} are reserved (got "${key}")`,
      });
    }
  }
});

/** Splits the service's tags into the user's and the provider's reserved ones. */
export function splitTags(tags: Record<string, string>) {
  const entries = Object.entries(tags);
  return {
    user: Object.fromEntries(entries.filter(([key]) => !key.startsWith(RESERVED_TAG_PREFIX))),
    reserved: Object.fromEntries(entries.filter(([key]) => key.startsWith(RESERVED_TAG_PREFIX))),
  };
}

export function tagsToWire(tags: Record<string, string> | undefined) {
  return tags === undefined ? undefined : Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** A tag map field's wire parameter (`Tag`); removing the tags sends an empty list. */
export const tagsWire = wire("Tag", (tags) => tagsToWire(tags as Record<string, string>), []);

export function tagsFromWire(
  tags: readonly { TagKey: string; TagValue?: string }[] | undefined,
): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.TagKey, tag.TagValue ?? ""]));
}
