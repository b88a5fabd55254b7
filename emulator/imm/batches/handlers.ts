/**
 * IMM batches (IMM API reference; model `DataIngestion`): CreateBatch, GetBatch, UpdateBatch,
 * DeleteBatch, SuspendBatch, ResumeBatch, ListBatches.
 *
 * State machine (the SDK docs' rules):
 * - a new batch is Ready; after a tenth of `batchMs` it starts on its own (Running);
 * - it then works for the rest of `batchMs` and ends Succeeded, or Failed halfway through when the
 *   injected task failure strikes (`taskFails("CreateBatch")`, or `"ResumeBatch"` for a resumed run);
 * - SuspendBatch only from Running (the work done so far is kept); ResumeBatch only from Suspended or
 *   Failed (the remaining work continues); UpdateBatch only in Ready or Failed, without changing the
 *   state; DeleteBatch in any state but Running.
 * Calls in the wrong state answer InvalidArgument/400 naming the state (the real code is not
 * documented). Progress (`Statistic`) is computed from the elapsed work: the files are the
 * synthetic bucket's objects under `Prefix` that match `MatchExpressions`; the others under the prefix
 * count as skipped.
 */
import { RE2JS } from "re2js";
import { utcSeconds, uuid } from "../core/clock";
import { invalidParameter, missingParameter, preconditionFailed, resourceNotFound } from "../core/errors";
import { isPlainObject, type Params } from "../core/params";
import { offsetPager } from "../core/pagination";
import type { Handler, HandlerContext, Transition, WorldContext } from "../core/service";
import type { Table } from "../core/store";
import { listObjects } from "./synthetic-bucket";
import { requireProject } from "./tables";

export const BATCH_STATES = ["Ready", "Running", "Failed", "Suspended", "Succeeded"] as const;
type BatchState = (typeof BATCH_STATES)[number];

interface BatchAction {
  Name: string;
  Parameters?: string[];
  FastFailPolicy?: { Action: string };
}

interface BatchInput {
  OSS: { Bucket: string; Prefix?: string; MatchExpressions?: string[] };
}

/** What the API returns (the DataIngestion model) … */
interface BatchView {
  Id: string;
  State: BatchState;
  Phase: string;
  Error?: string;
  Actions: BatchAction[];
  Input: BatchInput;
  Notification?: { MNS?: { TopicName: string } };
  ServiceRole: string;
  Tags: Record<string, unknown>;
  CreateTime: string;
  UpdateTime: string;
}

/** … plus the emulator's bookkeeping of the work, never returned. */
interface BatchRecord {
  projectName: string;
  view: BatchView;
  /** Milliseconds of work a full run takes, and how much of it is left. */
  workMs: number;
  remainingMs: number;
  /** When the current run started (State Running), epoch ms. */
  runningSince?: number;
  /** Bumped on every suspend/resume/delete: a completion scheduled for an older run is stale. */
  run: number;
}

const batches = (ctx: WorldContext): Table<BatchRecord> => ctx.store.table("imm.batches");
const batchKey = (project: string, id: string) => `${project}/${id}`;

const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const FAST_FAIL_ACTIONS = ["abort", "ignore"] as const;

// ---- Parameter parsing: every failure names the parameter path and the rule.

function stringList(params: Params, path: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalidParameter(params.style, path, "must be an array of strings");
  }
  return value as string[];
}

function parseInput(params: Params, required: boolean): BatchInput | undefined {
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
function parseActions(params: Params, mode: "create" | "update"): BatchAction[] | undefined {
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

function parseNotification(params: Params): BatchView["Notification"] {
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

// ---- Work and progress

function matchingFiles(input: BatchInput): { matched: number; skipped: number } {
  const { Bucket, Prefix, MatchExpressions } = input.OSS;
  const objects = listObjects(Bucket, Prefix ?? "");
  // IMM is a Go service: its expressions are RE2, matched anywhere in the key, in linear time.
  const patterns = (MatchExpressions ?? []).map((expression) => RE2JS.compile(expression));
  const matched =
    patterns.length === 0
      ? objects.length
      : objects.filter((object) => patterns.some((pattern) => pattern.matcher(object.key).find())).length;
  return { matched, skipped: objects.length - matched };
}

function remainingAt(record: BatchRecord, now: number): number {
  if (record.view.State !== "Running" || record.runningSince === undefined) return record.remainingMs;
  return Math.max(0, record.remainingMs - (now - record.runningSince));
}

/** The API view at `now`, with Statistic figures that follow the work done. */
function batchView(record: BatchRecord, now: number): BatchView & { Statistic: Record<string, number> } {
  const { matched, skipped } = matchingFiles(record.view.Input);
  const done = record.workMs === 0 ? 1 : 1 - remainingAt(record, now) / record.workMs;
  const processed = record.view.State === "Succeeded" ? matched : Math.floor(matched * done);
  const failure = record.view.State === "Failed" && processed < matched ? 1 : 0;
  return {
    ...record.view,
    Statistic: {
      SubmitSuccess: processed,
      SubmitFailure: failure,
      SkipFiles: record.view.State === "Ready" ? 0 : skipped,
    },
  };
}

function save(ctx: WorldContext, key: string, record: BatchRecord, change: Partial<BatchView> = {}) {
  record.view = { ...record.view, ...change, UpdateTime: utcSeconds(ctx.now) };
  batches(ctx).set(key, record);
}

/** Starts (or restarts) the work: Running now, completion when the remaining work is done. */
function startRun(ctx: WorldContext, key: string, record: BatchRecord, fails: boolean) {
  record.run += 1;
  record.runningSince = ctx.now;
  const failsAfter = fails ? Math.floor(record.remainingMs / 2) : record.remainingMs;
  ctx.schedule(failsAfter, "imm.batch.finished", { key, run: record.run, fails });
  const { Error: _previous, ...view } = record.view;
  record.view = view as BatchView;
  save(ctx, key, record, { State: "Running", Phase: "Processing" });
}

/** Stops the clock on the current run, keeping what is left of the work. */
function stopRun(ctx: WorldContext, record: BatchRecord) {
  record.remainingMs = remainingAt(record, ctx.now);
  record.runningSince = undefined;
  record.run += 1;
}

// ---- Handlers

function lookup(ctx: HandlerContext): { key: string; record: BatchRecord } {
  const project = ctx.params.requiredString("ProjectName");
  const id = ctx.params.requiredString("Id");
  requireProject(ctx, project);
  const key = batchKey(project, id);
  const record = batches(ctx).get(key);
  if (!record) throw resourceNotFound(ctx.style, "batch");
  return { key, record };
}

function wrongState(record: BatchRecord, action: string, allowed: readonly string[]) {
  return preconditionFailed(
    `The batch ${record.view.Id} is ${record.view.State}; ${action} requires the state ${allowed.join(" or ")}.`,
  );
}

const createBatch: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const input = parseInput(ctx.params, true)!;
  const actions = parseActions(ctx.params, "create")!;
  const notification = parseNotification(ctx.params);
  const serviceRole = ctx.params.requiredString("ServiceRole", { maxLength: 128 });
  const tags = ctx.params.json<Record<string, unknown>>("Tags", "object") ?? {};
  requireProject(ctx, project);

  const id = `batch-${uuid()}`;
  const now = utcSeconds(ctx.now);
  const workMs = ctx.timings.batchMs - Math.floor(ctx.timings.batchMs / 10);
  const record: BatchRecord = {
    projectName: project,
    view: {
      Id: id,
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
    workMs,
    remainingMs: workMs,
    run: 0,
  };
  const key = batchKey(project, id);
  batches(ctx).set(key, record);
  ctx.schedule(Math.floor(ctx.timings.batchMs / 10), "imm.batch.started", {
    key,
    fails: ctx.taskFails("CreateBatch"),
  });
  return { Id: id };
};

const getBatch: Handler = (ctx) => ({ Batch: batchView(lookup(ctx).record, ctx.now) });

const UPDATABLE: readonly BatchState[] = ["Ready", "Failed"];

const updateBatch: Handler = (ctx) => {
  const input = parseInput(ctx.params, false);
  const actions = parseActions(ctx.params, "update");
  const tags = ctx.params.json<Record<string, unknown>>("Tags", "object");
  const { key, record } = lookup(ctx);
  if (!UPDATABLE.includes(record.view.State)) throw wrongState(record, "UpdateBatch", UPDATABLE);
  const change: Partial<BatchView> = {};
  if (input) change.Input = input;
  if (tags) change.Tags = tags;
  if (actions) {
    // UpdateBatch carries no FastFailPolicy: an action keeps the policy of the action of the same name.
    const policies = new Map(record.view.Actions.map((a) => [a.Name, a.FastFailPolicy]));
    change.Actions = actions.map((action) => {
      const policy = policies.get(action.Name);
      return policy ? { ...action, FastFailPolicy: policy } : action;
    });
  }
  save(ctx, key, record, change);
  return {};
};

const suspendBatch: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  if (record.view.State !== "Running") throw wrongState(record, "SuspendBatch", ["Running"]);
  stopRun(ctx, record);
  save(ctx, key, record, { State: "Suspended" });
  return {};
};

const RESUMABLE: readonly BatchState[] = ["Suspended", "Failed"];

const resumeBatch: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  if (!RESUMABLE.includes(record.view.State)) throw wrongState(record, "ResumeBatch", RESUMABLE);
  startRun(ctx, key, record, ctx.taskFails("ResumeBatch"));
  return {};
};

const DELETABLE: readonly BatchState[] = ["Ready", "Failed", "Suspended", "Succeeded"];

const deleteBatch: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  if (!DELETABLE.includes(record.view.State)) throw wrongState(record, "DeleteBatch", DELETABLE);
  batches(ctx).delete(key);
  ctx.store.cancel((event) => event.kind.startsWith("imm.batch.") && event.payload.key === key);
  return {};
};

const SORTS = ["CreateTime", "UpdateTime"] as const;

function tagSelector(params: Params): [string, string] | undefined {
  const selector = params.string("TagSelector");
  if (selector === undefined || selector === "") return undefined;
  const equals = selector.indexOf("=");
  if (equals <= 0)
    throw invalidParameter(params.style, "TagSelector", `must be key=value (got "${selector}")`);
  return [selector.slice(0, equals), selector.slice(equals + 1)];
}

const listBatches: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const state = ctx.params.string("State", { oneOf: BATCH_STATES });
  const sort = (ctx.params.string("Sort", { oneOf: SORTS }) ?? "CreateTime") as (typeof SORTS)[number];
  const order = ctx.params.string("Order", { oneOf: ["ASC", "DES", "DESC"] }) ?? "ASC";
  const selector = tagSelector(ctx.params);
  const pager = offsetPager(ctx.params, { max: 100 });
  requireProject(ctx, project);

  const rows = batches(ctx)
    .values()
    .filter((record) => record.projectName === project)
    .filter((record) => state === undefined || record.view.State === state)
    .filter((record) => !selector || String(record.view.Tags[selector[0]] ?? "") === selector[1]);
  // Ties (same second) keep the table's key order, so paging is stable.
  rows.sort((a, b) => (a.view[sort] < b.view[sort] ? -1 : a.view[sort] > b.view[sort] ? 1 : 0));
  if (order !== "ASC") rows.reverse();
  const { items, next } = pager.page(rows);
  return { Batches: items.map((record) => batchView(record, ctx.now)), ...next };
};

// ---- Transitions

const started: Transition = (ctx, payload) => {
  const key = String(payload.key);
  const record = batches(ctx).get(key);
  if (record?.view.State !== "Ready") return; // deleted, or already moved on
  startRun(ctx, key, record, payload.fails === true);
};

const finished: Transition = (ctx, payload) => {
  const key = String(payload.key);
  const record = batches(ctx).get(key);
  if (!record || record.view.State !== "Running" || record.run !== payload.run) return; // stale
  stopRun(ctx, record);
  if (payload.fails === true) {
    save(ctx, key, record, {
      State: "Failed",
      Error:
        "api returns error: SDKError: StatusCode: 403 Code: AccessDenied: the service role cannot read the object",
    });
  } else {
    record.remainingMs = 0;
    save(ctx, key, record, { State: "Succeeded", Phase: "" });
  }
};

export const batchHandlers = {
  CreateBatch: createBatch,
  GetBatch: getBatch,
  UpdateBatch: updateBatch,
  DeleteBatch: deleteBatch,
  SuspendBatch: suspendBatch,
  ResumeBatch: resumeBatch,
  ListBatches: listBatches,
} satisfies Record<string, Handler>;

export const batchTransitions = {
  "imm.batch.started": started,
  "imm.batch.finished": finished,
} satisfies Record<string, Transition>;
