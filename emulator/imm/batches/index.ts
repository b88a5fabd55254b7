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
import type { Handler, Transition } from "../../core/service";
import {
  createBatch,
  deleteBatch,
  getBatch,
  listBatches,
  resumeBatch,
  suspendBatch,
  updateBatch,
} from "./handlers";
import { BATCH_FINISHED, BATCH_STARTED, finished, started } from "./run";

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
  [BATCH_STARTED]: started,
  [BATCH_FINISHED]: finished,
} satisfies Record<string, Transition>;
