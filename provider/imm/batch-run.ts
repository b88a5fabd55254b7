/**
 * Bringing a batch to its declared run state, with IMM's rules (IMM API reference: SuspendBatch, ResumeBatch, UpdateBatch): SuspendBatch only
 * from Running; ResumeBatch only from Suspended or Failed; a new batch is Ready and starts on its
 * own; DeleteBatch in any state but Running. Every wait is the runtime waiter's, with one deadline
 * for the whole operation (`waitTimeoutSeconds`), progress lines through the log, and errors that
 * name the batch, its state and IMM's error text. A run that ends Failed with a transient cause in
 * its Error is resumed within that deadline (runtime/async-retry.ts) before the failure is reported.
 */
import { unlessNotFound, type Deadline } from "../framework/kit";
import type { Observed, ResourceContext } from "../framework/spec";
import { imm } from "../operations";
import type { BatchActionParam, BatchInputParam } from "../operations/imm";
import type { DataIngestion } from "../operations/models";
import { AlibabaApiError } from "../runtime/errors";
import { codeInErrorText, isTransientCode, retryTransientFailures } from "../runtime/async-retry";
import { WaitFailedError, waitFor } from "../runtime/waiter";
import { describeBatch, observeBatch, type DesiredState } from "./batch-model";

export interface BatchRef {
  projectName: string;
  batchId: string;
}

/**
 * The operations on an object with IMM's DataIngestion model and run states. A batch and a trigger
 * share the model (GetBatch and GetTrigger answer the same shape) and the Suspend / Resume / Delete
 * rules, so the reconciliation here takes the set of operations and serves both.
 */
export interface IngestionCreateParams {
  ProjectName: string;
  Input: BatchInputParam;
  Actions: BatchActionParam[];
  Notification?: { MNS?: { TopicName: string } };
  ServiceRole: string;
  Tags: Record<string, unknown>;
}

export interface IngestionUpdateParams {
  Input?: BatchInputParam;
  Actions?: Omit<BatchActionParam, "FastFailPolicy">[];
  Tags?: Record<string, unknown>;
}

export interface IngestionOperations {
  /** How messages name the object: `batch`, `trigger`. */
  noun: string;
  get(ctx: ResourceContext, ref: BatchRef): Promise<DataIngestion | undefined>;
  resume(ctx: ResourceContext, ref: BatchRef): Promise<unknown>;
  suspend(ctx: ResourceContext, ref: BatchRef): Promise<unknown>;
  delete(ctx: ResourceContext, ref: BatchRef): Promise<unknown>;
  /** The output that carries the service's Id: `batchId`, `triggerId`. */
  idOutput: string;
  /** CreateX; answers the new Id. */
  create(ctx: ResourceContext, params: IngestionCreateParams): Promise<string>;
  /** UpdateX with the changed parts. */
  update(ctx: ResourceContext, ref: BatchRef, params: IngestionUpdateParams): Promise<unknown>;
  /** The wire model as the resource's outputs. */
  observe(projectName: string, found: DataIngestion, declared: DesiredState): Observed;
  /** One page of the project's objects matching a `key=value` tag selector, oldest first. */
  listTagged(
    ctx: ResourceContext,
    projectName: string,
    tagSelector: string,
    nextToken: string | undefined,
  ): Promise<{ items: DataIngestion[]; NextToken?: string }>;
}

const key = (ref: BatchRef) => ({ ProjectName: ref.projectName, Id: ref.batchId });
/** ListBatches / ListTriggers: oldest first, the largest page. */
export const listOrder = (projectName: string) =>
  ({ ProjectName: projectName, Sort: "CreateTime", Order: "ASC", MaxResults: 100 }) as const;

export const BATCH_OPERATIONS: IngestionOperations = {
  noun: "batch",
  idOutput: "batchId",
  create: async (ctx, params) => (await ctx.clients.imm.call(imm.CreateBatch, params)).Id,
  update: (ctx, ref, params) => ctx.clients.imm.call(imm.UpdateBatch, { ...key(ref), ...params }),
  observe: observeBatch,
  get: async (ctx, ref) => (await unlessNotFound(ctx.clients.imm.call(imm.GetBatch, key(ref))))?.Batch,
  resume: (ctx, ref) => ctx.clients.imm.call(imm.ResumeBatch, key(ref)),
  suspend: (ctx, ref) => ctx.clients.imm.call(imm.SuspendBatch, key(ref)),
  delete: (ctx, ref) => ctx.clients.imm.call(imm.DeleteBatch, key(ref)),
  listTagged: async (ctx, projectName, TagSelector, NextToken) => {
    const page = await ctx.clients.imm.call(imm.ListBatches, {
      ...listOrder(projectName),
      TagSelector,
      NextToken,
    });
    return { items: page.Batches ?? [], NextToken: page.NextToken };
  },
};

export const named = (ops: IngestionOperations, ref: BatchRef) =>
  `${ops.noun} ${ref.batchId} in project ${ref.projectName}`;

async function mustGet(
  ctx: ResourceContext,
  ops: IngestionOperations,
  ref: BatchRef,
): Promise<DataIngestion> {
  const found = await ops.get(ctx, ref);
  if (!found) throw new Error(`${named(ops, ref)} disappeared while the provider was working on it`);
  return found;
}

/** A call refused because the batch is in another state than the one it needs (e.g. it just finished). */
function refusedForState(error: unknown): boolean {
  return error instanceof AlibabaApiError && error.kind === "api" && error.code === "InvalidArgument";
}

export interface WaitTracker {
  /** The last state seen, for partial-state reporting when a wait fails. */
  last: DataIngestion;
}

async function waitUntil(
  ctx: ResourceContext,
  ops: IngestionOperations,
  ref: BatchRef,
  tracker: WaitTracker,
  deadline: Deadline,
  goal: string,
  isDone: (batch: DataIngestion) => boolean,
  failure?: (batch: DataIngestion) => string | undefined,
): Promise<DataIngestion> {
  return waitFor({
    what: `${named(ops, ref)} to be ${goal}`,
    poll: async () => (tracker.last = await mustGet(ctx, ops, ref)),
    describe: describeBatch,
    isDone,
    failure,
    timeoutMs: deadline.remainingMs(),
    onProgress: (batch, elapsed) =>
      ctx.log.info(`${named(ops, ref)}: ${describeBatch(batch)} after ${Math.round(elapsed / 1000)}s`),
  });
}

const failedBatch = (batch: DataIngestion) =>
  batch.State === "Failed" ? `state Failed: ${batch.Error || "IMM gave no error text"}` : undefined;

/**
 * A Failed batch's Error names the inner call's failure as text (`… StatusCode: 500 Code:
 * InternalError`): a transient code there is worth a resume; AccessDenied, ResourceNotFound, bad
 * input or no code at all would fail again, so they are reported at once.
 */
export function transientBatchFailure(batch: DataIngestion): string | undefined {
  if (batch.State !== "Failed") return undefined;
  const code = codeInErrorText(batch.Error);
  return isTransientCode(code) ? code : undefined;
}

export interface ReconcileOptions {
  desired: DesiredState;
  waitForCompletion: boolean;
  /** Resume a Failed batch when Running is declared (an update does; a create reports the failure). */
  resumeFailed: boolean;
  deadline: Deadline;
}

/**
 * Suspends or resumes the batch as declared and waits until it is there (or, with
 * waitForCompletion, until it has finished). Throws WaitFailedError / WaitTimeoutError with the last
 * state seen in `tracker`.
 */
export async function reconcileRunState(
  ctx: ResourceContext,
  ops: IngestionOperations,
  ref: BatchRef,
  tracker: WaitTracker,
  options: ReconcileOptions,
): Promise<DataIngestion> {
  const { desired, deadline } = options;
  let batch = tracker.last;

  if (desired === "Running") {
    // A run that fails with a transient cause is resumed (only the remaining work is redone) within
    // the same deadline, ASYNC_RETRIES times at most; any other failure ends the apply at once.
    return retryTransientFailures({
      what: named(ops, ref),
      redo: `resuming it (Resume${ops.noun[0]!.toUpperCase()}${ops.noun.slice(1)})`,
      run: async (attempt) => {
        const current = tracker.last;
        const resume =
          current.State === "Suspended" ||
          (current.State === "Failed" && (options.resumeFailed || attempt > 1));
        if (resume) {
          ctx.log.info(`${named(ops, ref)} is ${current.State}; resuming it`);
          await ops.resume(ctx, ref);
        }
        return options.waitForCompletion
          ? waitUntil(
              ctx,
              ops,
              ref,
              tracker,
              deadline,
              "Succeeded",
              (b) => b.State === "Succeeded",
              failedBatch,
            )
          : waitUntil(
              ctx,
              ops,
              ref,
              tracker,
              deadline,
              "Running",
              (b) => b.State === "Running" || b.State === "Succeeded",
              failedBatch,
            );
      },
      transientCode: (error) =>
        error instanceof WaitFailedError ? transientBatchFailure(tracker.last) : undefined,
      remainingMs: () => deadline.remainingMs(),
      log: (message) => ctx.log.info(message),
    });
  }

  // Suspended: only a Running batch can be suspended, so a Ready one is awaited until it starts.
  if (batch.State === "Ready") {
    batch = await waitUntil(
      ctx,
      ops,
      ref,
      tracker,
      deadline,
      "started (to suspend it)",
      (b) => b.State !== "Ready",
    );
  }
  if (batch.State === "Running") {
    ctx.log.info(`${named(ops, ref)} is Running; suspending it`);
    try {
      await ops.suspend(ctx, ref);
    } catch (error) {
      // It finished (or failed) between the read and the call: then there is nothing to suspend.
      if (!refusedForState(error)) throw error;
    }
  }
  return waitUntil(ctx, ops, ref, tracker, deadline, "Suspended", (b) =>
    ["Suspended", "Succeeded", "Failed"].includes(b.State),
  );
}

/** Stops a Running batch (IMM deletes only stopped ones), then deletes it. */
export async function stopAndDelete(
  ctx: ResourceContext,
  ops: IngestionOperations,
  ref: BatchRef,
  deadline: Deadline,
): Promise<void> {
  // A Ready batch is deleted as it is; a second round covers one that started on its own between the
  // read and DeleteBatch (Ready → Running).
  for (let round = 1; ; round++) {
    const batch = await ops.get(ctx, ref);
    if (!batch) return;
    const tracker: WaitTracker = { last: batch };
    if (batch.State === "Running") {
      await reconcileRunState(ctx, ops, ref, tracker, {
        desired: "Suspended",
        waitForCompletion: false,
        resumeFailed: false,
        deadline,
      });
    }
    try {
      await ops.delete(ctx, ref);
      return;
    } catch (error) {
      if (!refusedForState(error) || round >= 2) throw error;
    }
  }
}
