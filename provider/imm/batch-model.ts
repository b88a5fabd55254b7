/**
 * imm.Batch's declared shape and its mapping to and from the wire (CreateBatch / UpdateBatch
 * parameters, the DataIngestion model of GetBatch; IMM API reference: CreateBatch, GetBatch). Kept apart from the
 * lifecycle code so that the schema and the normalisers can be tested on their own.
 */
import { RE2JS } from "re2js";
import { z } from "zod";
import type { BatchActionParam, BatchInputParam } from "../operations/imm";
import type { DataIngestion } from "../operations/models";
import { immName } from "./fields";

export const DEFAULT_BATCH_SERVICE_ROLE = "AliyunIMMBatchTriggerRole";
export const DEFAULT_BATCH_WAIT_SECONDS = 600;
/** Tags under this prefix belong to the provider (the client token); users cannot declare them. */
export const RESERVED_TAG_PREFIX = "alicloud-media:";
export const CLIENT_TOKEN_TAG = `${RESERVED_TAG_PREFIX}client-token`;

export const DESIRED_STATES = ["Running", "Suspended"] as const;
export type DesiredState = (typeof DESIRED_STATES)[number];

const bucketName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    "must be an OSS bucket name: 3-63 lowercase letters, digits and -, not starting or ending with -",
  );

const regularExpression = z
  .string()
  .min(1, "must not be empty")
  .superRefine((value, ctx) => {
    // IMM is a Go service: its expressions are RE2 (no lookaround, no backreferences, linear-time
    // matching), so a JavaScript-only or catastrophic pattern is refused here, not at the service.
    try {
      RE2JS.compile(value);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: `is not a valid regular expression in RE2 syntax (${(error as Error).message})`,
      });
    }
  });

export const batchInputSchema = z.strictObject({
  oss: z.strictObject({
    bucket: bucketName,
    prefix: z.string().max(1023, "must be at most 1023 characters (an OSS key prefix)").optional(),
    /** Regular expressions on object keys; an object is processed when any of them matches. */
    matchExpressions: z.array(regularExpression).optional(),
  }),
});

export const batchActionSchema = z.strictObject({
  name: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters"),
  parameters: z.array(z.string().min(1, "must not be empty")).optional(),
  fastFailPolicy: z.strictObject({ action: z.enum(["abort", "ignore"]) }).optional(),
});

export const batchSchema = z.object({
  projectName: immName,
  input: batchInputSchema,
  actions: z.array(batchActionSchema).min(1, "must list at least one action"),
  notification: z
    .strictObject({ mns: z.strictObject({ topicName: z.string().min(1, "must not be empty") }) })
    .optional(),
  serviceRole: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters").optional(),
  tags: z
    .record(z.string(), z.string())
    .superRefine((tags, ctx) => {
      // Checked here rather than on the record's key schema, whose own message zod replaces.
      for (const key of Object.keys(tags)) {
        if (key === "") ctx.addIssue({ code: "custom", message: "tag keys must not be empty" });
        if (key.startsWith(RESERVED_TAG_PREFIX)) {
          ctx.addIssue({
            code: "custom",
            message: `tag keys starting with ${RESERVED_TAG_PREFIX} are reserved (got "${key}")`,
          });
        }
      }
    })
    .optional(),
  state: z.enum(DESIRED_STATES).optional(),
  waitForCompletion: z.boolean().optional(),
  waitTimeoutSeconds: z.number().int().min(0).max(86_400).optional(),
  clientToken: z.string().min(1, "must not be empty").max(256, "must be at most 256 characters").optional(),
  adopt: z.boolean().optional(),
});
export type BatchInputs = z.infer<typeof batchSchema>;
export type BatchOutputs = ReturnType<typeof observeBatch>["outputs"];
export type BatchInput = z.infer<typeof batchInputSchema>;
export type BatchAction = z.infer<typeof batchActionSchema>;

export function batchCrossChecks(inputs: BatchInputs) {
  return inputs.waitForCompletion === true && inputs.state === "Suspended"
    ? [
        {
          property: "waitForCompletion",
          reason: "waitForCompletion: a batch declared Suspended never completes; use it with state Running",
        },
      ]
    : [];
}

// ---- The ID: `<projectName>/<batchId>` (a batch is only addressable within its project).

export function batchResourceId(projectName: string, batchId: string): string {
  return `${projectName}/${batchId}`;
}

export function parseBatchResourceId(id: string, noun = "batch"): { projectName: string; batchId: string } {
  const slash = id.indexOf("/");
  if (slash <= 0 || slash === id.length - 1)
    throw new Error(`not a ${noun} ID (expected <project>/<${noun}Id>): ${id}`);
  return { projectName: id.slice(0, slash), batchId: id.slice(slash + 1) };
}

// ---- Normalisation: one form for what is declared and what GetBatch returns (no empty optionals).

export function normalizeInput(value: unknown): unknown {
  const oss = (value as { oss?: Record<string, unknown> } | undefined)?.oss;
  if (!oss || typeof oss !== "object") return value;
  const expressions = oss.matchExpressions as string[] | undefined;
  return {
    oss: {
      bucket: oss.bucket,
      ...(oss.prefix ? { prefix: oss.prefix } : {}),
      ...(expressions && expressions.length > 0 ? { matchExpressions: expressions } : {}),
    },
  };
}

export function normalizeActions(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((raw: Record<string, unknown>) => {
    const parameters = raw.parameters as string[] | undefined;
    const policy = raw.fastFailPolicy as { action?: string } | undefined;
    return {
      name: raw.name,
      ...(parameters && parameters.length > 0 ? { parameters } : {}),
      ...(policy?.action ? { fastFailPolicy: { action: policy.action } } : {}),
    };
  });
}

// ---- Declared → wire

export function inputToWire(input: BatchInput): BatchInputParam {
  const { oss } = normalizeInput(input) as BatchInput;
  return {
    OSS: {
      Bucket: oss.bucket,
      ...(oss.prefix ? { Prefix: oss.prefix } : {}),
      ...(oss.matchExpressions ? { MatchExpressions: oss.matchExpressions } : {}),
    },
  };
}

export function actionsToWire(actions: BatchAction[], withPolicy: boolean): BatchActionParam[] {
  return (normalizeActions(actions) as BatchAction[]).map((action) => ({
    Name: action.name,
    ...(action.parameters ? { Parameters: action.parameters } : {}),
    ...(withPolicy && action.fastFailPolicy
      ? { FastFailPolicy: { Action: action.fastFailPolicy.action } }
      : {}),
  }));
}

// ---- Wire → outputs

function inputFromWire(input: DataIngestion["Input"]): BatchInput | undefined {
  const oss = input?.OSS;
  if (!oss) return undefined;
  return normalizeInput({
    oss: { bucket: oss.Bucket, prefix: oss.Prefix, matchExpressions: oss.MatchExpressions },
  }) as BatchInput;
}

export function actionsFromWire(actions: DataIngestion["Actions"]): BatchAction[] {
  return normalizeActions(
    (actions ?? []).map((action) => ({
      name: action.Name,
      parameters: action.Parameters,
      fastFailPolicy: action.FastFailPolicy?.Action ? { action: action.FastFailPolicy.Action } : undefined,
    })),
  ) as BatchAction[];
}

/** The user's tags: the provider's reserved tags are not part of the declaration. */
export function userTags(tags: DataIngestion["Tags"]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags ?? {})
      .filter(([key]) => !key.startsWith(RESERVED_TAG_PREFIX))
      .map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]),
  );
}

/**
 * The `state` output speaks the vocabulary of the `state` input, so that a batch in the declared
 * condition shows no diff: Ready counts as Running (it starts on its own), a finished batch satisfies
 * either declaration (there is nothing left to run or suspend), and a Failed batch satisfies
 * Suspended (it is not running) but not Running (the next `pulumi up` resumes it).
 * `batchState` always carries IMM's own State.
 */
export function reconciledState(actual: string, declared: DesiredState): string {
  switch (actual) {
    case "Ready":
    case "Running":
      return "Running";
    case "Succeeded":
      return declared;
    case "Failed":
      return declared === "Suspended" ? "Suspended" : "Failed";
    default:
      return actual;
  }
}

export function declaredState(value: unknown): DesiredState {
  return value === "Suspended" ? "Suspended" : "Running";
}

export function observeBatch(projectName: string, batch: DataIngestion, declared: DesiredState) {
  const notification = batch.Notification?.MNS?.TopicName
    ? { mns: { topicName: batch.Notification.MNS.TopicName } }
    : undefined;
  return {
    id: batchResourceId(projectName, batch.Id),
    outputs: {
      batchId: batch.Id,
      projectName,
      input: inputFromWire(batch.Input),
      actions: actionsFromWire(batch.Actions),
      notification,
      serviceRole: batch.ServiceRole ?? DEFAULT_BATCH_SERVICE_ROLE,
      tags: userTags(batch.Tags),
      state: reconciledState(batch.State, declared),
      batchState: batch.State,
      phase: batch.Phase ?? "",
      error: batch.Error ?? "",
      submitSuccess: batch.Statistic?.SubmitSuccess ?? 0,
      submitFailure: batch.Statistic?.SubmitFailure ?? 0,
      skipFiles: batch.Statistic?.SkipFiles ?? 0,
      createTime: batch.CreateTime ?? "",
      updateTime: batch.UpdateTime ?? "",
    },
  };
}

/** One line for progress logs and error messages. */
export function describeBatch(batch: DataIngestion): string {
  const s = batch.Statistic;
  const figures = s
    ? `; ${s.SubmitSuccess ?? 0} file(s) submitted, ${s.SubmitFailure ?? 0} failed, ${s.SkipFiles ?? 0} skipped`
    : "";
  return `${batch.State}${figures}${batch.Error ? ` (${batch.Error})` : ""}`;
}
