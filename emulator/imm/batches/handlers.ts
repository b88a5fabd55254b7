/** CreateBatch, GetBatch, UpdateBatch, DeleteBatch, SuspendBatch, ResumeBatch, ListBatches. */
import { preconditionFailed, resourceNotFound } from "../../core/errors";
import type { Handler, HandlerContext } from "../../core/service";
import { requireProject } from "../tables";
import { listProjectIngestions } from "./listing";
import { BATCH_STATES, type BatchRecord, type BatchState, type BatchView, batchKey, batches } from "./model";
import { keepFastFailPolicies, newIngestion, parseActions, parseInput } from "./rules";
import { BATCH_STARTED, batchView, save, startRun, stopRun } from "./run";

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

export const createBatch: Handler = (ctx) => {
  const { project, view } = newIngestion(ctx, "batch");
  const id = view.Id;
  const workMs = ctx.timings.batchMs - Math.floor(ctx.timings.batchMs / 10);
  const record: BatchRecord = { projectName: project, view, workMs, remainingMs: workMs, run: 0 };
  const key = batchKey(project, id);
  batches(ctx).set(key, record);
  ctx.schedule(Math.floor(ctx.timings.batchMs / 10), BATCH_STARTED, {
    key,
    fails: ctx.taskFails("CreateBatch"),
  });
  return { Id: id };
};

export const getBatch: Handler = (ctx) => ({ Batch: batchView(lookup(ctx).record, ctx.now) });

const UPDATABLE: readonly BatchState[] = ["Ready", "Failed"];

export const updateBatch: Handler = (ctx) => {
  const input = parseInput(ctx.params, false);
  const actions = parseActions(ctx.params, "update");
  const tags = ctx.params.json<Record<string, unknown>>("Tags", "object");
  const { key, record } = lookup(ctx);
  if (!UPDATABLE.includes(record.view.State)) throw wrongState(record, "UpdateBatch", UPDATABLE);
  const change: Partial<BatchView> = {};
  if (input) change.Input = input;
  if (tags) change.Tags = tags;
  if (actions) change.Actions = keepFastFailPolicies(record.view.Actions, actions);
  save(ctx, key, record, change);
  return {};
};

export const suspendBatch: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  if (record.view.State !== "Running") throw wrongState(record, "SuspendBatch", ["Running"]);
  stopRun(ctx, record);
  save(ctx, key, record, { State: "Suspended" });
  return {};
};

const RESUMABLE: readonly BatchState[] = ["Suspended", "Failed"];

export const resumeBatch: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  if (!RESUMABLE.includes(record.view.State)) throw wrongState(record, "ResumeBatch", RESUMABLE);
  startRun(ctx, key, record, ctx.taskFails("ResumeBatch"));
  return {};
};

const DELETABLE: readonly BatchState[] = ["Ready", "Failed", "Suspended", "Succeeded"];

export const deleteBatch: Handler = (ctx) => {
  const { key, record } = lookup(ctx);
  if (!DELETABLE.includes(record.view.State)) throw wrongState(record, "DeleteBatch", DELETABLE);
  batches(ctx).delete(key);
  ctx.store.cancel((event) => event.kind.startsWith("imm.batch.") && event.payload.key === key);
  return {};
};

export const listBatches: Handler = (ctx) => {
  const { items, next } = listProjectIngestions(ctx, batches(ctx), BATCH_STATES);
  return { Batches: items.map((record) => batchView(record, ctx.now)), ...next };
};
