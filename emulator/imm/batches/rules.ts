/**
 * The parameter rules of CreateBatch and UpdateBatch: every failure names the parameter path and the rule.
 */
import { RE2JS } from "re2js";
import { invalidParameter, missingParameter } from "../../core/errors";
import { isPlainObject, type Params } from "../../core/params";
import { utcSeconds, uuid } from "../../core/clock";
import type { HandlerContext } from "../../core/service";
import { requireProject } from "../tables";
import type { BatchAction, BatchInput, BatchView } from "./model";

/** An OSS bucket name: 3-63 lowercase letters, digits and -, not starting or ending with -. */
export const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const FAST_FAIL_ACTIONS = ["abort", "ignore"] as const;

function stringList(params: Params, path: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalidParameter(params.style, path, "must be an array of strings");
  }
  return value as string[];
}

export function parseInput(params: Params, required: boolean): BatchInput | undefined {
  const raw = required
    ? params.requiredJson<Record<string, unknown>>("Input", "object")
    : params.json<Record<string, unknown>>("Input", "object");
  if (raw === undefined) return undefined;
  const oss = raw.OSS;
  if (oss === undefined) throw missingParameter(params.style, "Input.OSS");
  if (!isPlainObject(oss)) throw invalidParameter(params.style, "Input.OSS", "must be an object");
  if (oss.Bucket === undefined || oss.Bucket === "") throw missingParameter(params.style, "Input.OSS.Bucket");
  if (typeof oss.Bucket !== "string" || !BUCKET.test(oss.Bucket)) {
    throw invalidParameter(
      params.style,
      "Input.OSS.Bucket",
      `must be an OSS bucket name: 3-63 lowercase letters, digits and -, not starting or ending with - (got ${JSON.stringify(oss.Bucket)})`,
    );
  }
  if (oss.Prefix !== undefined && typeof oss.Prefix !== "string") {
    throw invalidParameter(params.style, "Input.OSS.Prefix", "must be a string");
  }
  const expressions = stringList(params, "Input.OSS.MatchExpressions", oss.MatchExpressions);
  expressions?.forEach((expression, index) => {
    try {
      RE2JS.compile(expression);
    } catch (error) {
      throw invalidParameter(
        params.style,
        `Input.OSS.MatchExpressions[${index}]`,
        `is not a valid regular expression in RE2 syntax (${(error as Error).message})`,
      );
    }
  });
  return {
    OSS: {
      Bucket: oss.Bucket,
      ...(oss.Prefix ? { Prefix: oss.Prefix } : {}),
      ...(expressions && expressions.length > 0 ? { MatchExpressions: expressions } : {}),
    },
  };
}

/** CreateBatch takes a FastFailPolicy per action; UpdateBatch's actions have none (IMM API reference). */
export function parseActions(params: Params, mode: "create" | "update"): BatchAction[] | undefined {
  const raw =
    mode === "create"
      ? params.requiredJson<unknown[]>("Actions", "array")
      : params.json<unknown[]>("Actions", "array");
  if (raw === undefined) return undefined;
  if (raw.length === 0) throw invalidParameter(params.style, "Actions", "must list at least one action");
  return raw.map((entry, index) => {
    const path = `Actions[${index}]`;
    if (!isPlainObject(entry)) throw invalidParameter(params.style, path, "must be an object");
    if (entry.Name === undefined || entry.Name === "") throw missingParameter(params.style, `${path}.Name`);
    if (typeof entry.Name !== "string")
      throw invalidParameter(params.style, `${path}.Name`, "must be a string");
    const parameters = stringList(params, `${path}.Parameters`, entry.Parameters);
    const action: BatchAction = {
      Name: entry.Name,
      ...(parameters?.length ? { Parameters: parameters } : {}),
    };
    if (mode === "create" && entry.FastFailPolicy !== undefined) {
      const policy = entry.FastFailPolicy;
      const value = isPlainObject(policy) ? policy.Action : undefined;
      if (typeof value !== "string" || !(FAST_FAIL_ACTIONS as readonly string[]).includes(value)) {
        throw invalidParameter(
          params.style,
          `${path}.FastFailPolicy.Action`,
          `must be one of ${FAST_FAIL_ACTIONS.join(", ")} (got ${JSON.stringify(value)})`,
        );
      }
      action.FastFailPolicy = { Action: value };
    }
    return action;
  });
}

export function parseNotification(params: Params): BatchView["Notification"] {
  const raw = params.json<Record<string, unknown>>("Notification", "object");
  if (raw === undefined || raw.MNS === undefined) return undefined;
  if (!isPlainObject(raw.MNS)) throw invalidParameter(params.style, "Notification.MNS", "must be an object");
  const topic = raw.MNS.TopicName;
  if (topic === undefined || topic === "") throw missingParameter(params.style, "Notification.MNS.TopicName");
  if (typeof topic !== "string") {
    throw invalidParameter(params.style, "Notification.MNS.TopicName", "must be a string");
  }
  return { MNS: { TopicName: topic } };
}

/**
 * UpdateBatch and UpdateTrigger carry no FastFailPolicy: an updated action keeps the policy of the
 * current action of the same name.
 */
export function keepFastFailPolicies(current: readonly BatchAction[], actions: BatchAction[]): BatchAction[] {
  const policies = new Map(current.map((a) => [a.Name, a.FastFailPolicy]));
  return actions.map((action) => {
    const policy = policies.get(action.Name);
    return policy ? { ...action, FastFailPolicy: policy } : action;
  });
}

/**
 * What CreateBatch and CreateTrigger take alike (IMM's data-ingestion model): the project, checked to
 * exist, and the new object's view in its first state, Ready.
 */
export function newIngestion(
  ctx: HandlerContext,
  idPrefix: "batch" | "trigger",
): { project: string; view: Omit<BatchView, "State"> & { State: "Ready" } } {
  const project = ctx.params.requiredString("ProjectName");
  const input = parseInput(ctx.params, true)!;
  const actions = parseActions(ctx.params, "create")!;
  const notification = parseNotification(ctx.params);
  const serviceRole = ctx.params.requiredString("ServiceRole", { maxLength: 128 });
  const tags = ctx.params.json<Record<string, unknown>>("Tags", "object") ?? {};
  requireProject(ctx, project);
  const now = utcSeconds(ctx.now);
  return {
    project,
    view: {
      Id: `${idPrefix}-${uuid()}`,
      State: "Ready",
      Phase: "",
      Actions: actions,
      Input: input,
      ...(notification ? { Notification: notification } : {}),
      ServiceRole: serviceRole,
      Tags: tags,
      CreateTime: now,
      UpdateTime: now,
    },
  };
}
