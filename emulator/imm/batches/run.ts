/**
 * A batch's work: runs started, stopped and finished on the clock, and the progress figures that
 * follow the work done. The transitions a new or resumed run schedules live here too.
 */
import { RE2JS } from "re2js";
import { utcSeconds } from "../../core/clock";
import type { Transition, WorldContext } from "../../core/service";
import { listObjects } from "../synthetic-bucket";
import { type BatchInput, type BatchRecord, type BatchView, batches } from "./model";

/** The scheduled transitions of a batch's run. */
export const BATCH_STARTED = "imm.batch.started";
export const BATCH_FINISHED = "imm.batch.finished";

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
export function batchView(
  record: BatchRecord,
  now: number,
): BatchView & { Statistic: Record<string, number> } {
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

export function save(ctx: WorldContext, key: string, record: BatchRecord, change: Partial<BatchView> = {}) {
  record.view = { ...record.view, ...change, UpdateTime: utcSeconds(ctx.now) };
  batches(ctx).set(key, record);
}

/** Starts (or restarts) the work: Running now, completion when the remaining work is done. */
export function startRun(ctx: WorldContext, key: string, record: BatchRecord, fails: boolean) {
  record.run += 1;
  record.runningSince = ctx.now;
  const failsAfter = fails ? Math.floor(record.remainingMs / 2) : record.remainingMs;
  ctx.schedule(failsAfter, BATCH_FINISHED, { key, run: record.run, fails });
  const { Error: _previous, ...view } = record.view;
  record.view = view as BatchView;
  save(ctx, key, record, { State: "Running", Phase: "Processing" });
}

/** Stops the clock on the current run, keeping what is left of the work. */
export function stopRun(ctx: WorldContext, record: BatchRecord) {
  record.remainingMs = remainingAt(record, ctx.now);
  record.runningSince = undefined;
  record.run += 1;
}

export const started: Transition = (ctx, payload) => {
  const key = String(payload.key);
  const record = batches(ctx).get(key);
  if (record?.view.State !== "Ready") return; // deleted, or already moved on
  startRun(ctx, key, record, payload.fails === true);
};

export const finished: Transition = (ctx, payload) => {
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
