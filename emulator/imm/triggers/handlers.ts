/**
 * CreateTrigger, GetTrigger, UpdateTrigger, SuspendTrigger, ResumeTrigger, DeleteTrigger, ListTriggers:
 * parameters read with the batches' rules (the same DataIngestion model), listed with their lister.
 */
import { utcSeconds } from "../../core/clock";
import { preconditionFailed, resourceNotFound } from "../../core/errors";
import type { Handler, HandlerContext, Transition, WorldContext } from "../../core/service";
import { listProjectIngestions } from "../batches/listing";
import { keepFastFailPolicies, newIngestion, parseActions, parseInput } from "../batches/rules";
import { requireProject } from "../tables";
import {
  TRIGGER_STATES,
  type TriggerRecord,
  type TriggerState,
  type TriggerView,
  triggerKey,
  triggers,
} from "./model";

export const TRIGGER_SETTLED = "imm.trigger.settled";

/** What the service's role could not do, in IMM's wording of a failed data ingestion. */
const FAILURE =
  "api returns error: SDKError: StatusCode: 403 Code: AccessDenied: the service role cannot read the bucket";

function lookup(ctx: HandlerContext): { key: string; record: TriggerRecord } {
  const project = ctx.params.requiredString("ProjectName");
  const id = ctx.params.requiredString("Id");
  requireProject(ctx, project);
  const key = triggerKey(project, id);
  const record = triggers(ctx).get(key);
  if (!record) throw resourceNotFound(ctx.style, "trigger");
  return { key, record };
}

function requireState(record: TriggerRecord, action: string, allowed: readonly TriggerState[]): void {
  if (allowed.includes(record.view.State)) return;
  throw preconditionFailed(
    `The trigger ${record.view.Id} is ${record.view.State}; ${action} requires the state ${allowed.join(" or ")}.`,
  );
}

function save(ctx: WorldContext, key: string, record: TriggerRecord, change: Partial<TriggerView>): void {
  const { Error: _previous, ...view } = record.view;
  const next = { ...view, ...change, UpdateTime: utcSeconds(ctx.now) } as TriggerView;
  if (change.State === "Failed" && change.Error === undefined && record.view.Error)
    next.Error = record.view.Error;
  triggers(ctx).set(key, { ...record, view: next });
}

/** The API view: a trigger works on new objects as they arrive, so its figures start at zero. */
const view = (record: TriggerRecord) => ({
  ...record.view,
  Statistic: { SubmitSuccess: 0, SubmitFailure: 0, SkipFiles: 0 },
});

/** Settles a new (or resumed) run after `triggerStartMs`: Running, or Failed when the fault struck. */
function settleLater(ctx: HandlerContext, key: string, run: number, fails: boolean): void {
  if (fails || ctx.action === "CreateTrigger") {
    ctx.schedule(ctx.timings.triggerStartMs, TRIGGER_SETTLED, { key, run, fails });
  }
}

export const createTrigger: Handler = (ctx) => {
  const { project, view } = newIngestion(ctx, "trigger");
  const id = view.Id;
  const key = triggerKey(project, id);
  triggers(ctx).set(key, { projectName: project, view, run: 0 });
  settleLater(ctx, key, 0, ctx.taskFails("CreateTrigger"));
  return { Id: id };
};

export const getTrigger: Handler = (ctx) => ({ Trigger: view(lookup(ctx).record) });

const UPDATABLE: readonly TriggerState[] = ["Ready", "Failed"];

export const updateTrigger: Handler = (ctx) => {
  const input = parseInput(ctx.params, false);
  const actions = parseActions(ctx.params, "update");
  const tags = ctx.params.json<Record<string, unknown>>("Tags", "object");
  const { key, record } = lookup(ctx);
  requireState(record, "UpdateTrigger", UPDATABLE);
  const change: Partial<TriggerView> = { State: record.view.State };
  if (input) change.Input = input;
  if (tags) change.Tags = tags;
  if (actions) change.Actions = keepFastFailPolicies(record.view.Actions, actions);
  save(ctx, key, record, change);
  return {};
};

export const suspendTrigger: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  requireState(record, "SuspendTrigger", ["Running"]);
  save(ctx, key, { ...record, run: record.run + 1 }, { State: "Suspended", Phase: "" });
  return {};
};

const RESUMABLE: readonly TriggerState[] = ["Suspended", "Failed"];

export const resumeTrigger: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  requireState(record, "ResumeTrigger", RESUMABLE);
  const run = record.run + 1;
  save(ctx, key, { ...record, run }, { State: "Running", Phase: "IncrementalScanning" });
  settleLater(ctx, key, run, ctx.taskFails("ResumeTrigger"));
  return {};
};

const DELETABLE: readonly TriggerState[] = ["Ready", "Failed", "Suspended", "Succeeded"];

export const deleteTrigger: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  requireState(record, "DeleteTrigger", DELETABLE);
  triggers(ctx).delete(key);
  ctx.store.cancel((event) => event.kind === TRIGGER_SETTLED && event.payload.key === key);
  return {};
};

export const listTriggers: Handler = (ctx) => {
  const { items, next } = listProjectIngestions(ctx, triggers(ctx), TRIGGER_STATES);
  return { Triggers: items.map(view), ...next };
};

export const settled: Transition = (ctx, payload) => {
  const key = String(payload.key);
  const record = triggers(ctx).get(key);
  if (!record || record.run !== payload.run) return; // deleted, suspended or resumed since
  if (payload.fails === true) {
    save(ctx, key, record, { State: "Failed", Phase: "", Error: FAILURE });
  } else if (record.view.State === "Ready") {
    save(ctx, key, record, { State: "Running", Phase: "IncrementalScanning" });
  }
};
