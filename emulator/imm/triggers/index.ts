/**
 * IMM triggers (IMM API reference: CreateTrigger and the operations after it; model `DataIngestion`,
 * shared with batches, whose parameter rules and listing they use).
 *
 * State machine (the API pages' rules):
 * - a new trigger is Ready and starts on its own after `triggerStartMs` (Running, Phase
 *   IncrementalScanning: it processes objects as they arrive and never finishes), or ends Failed,
 *   with Error, when the injected task failure strikes CreateTrigger;
 * - SuspendTrigger only from Running; ResumeTrigger only from Suspended or Failed (Running at once;
 *   Failed again after `triggerStartMs` when the fault strikes ResumeTrigger); UpdateTrigger only in
 *   Ready or Failed, without changing the state; DeleteTrigger in any state but Running;
 * - ListTriggers filters by State and one `key=value` TagSelector (how a client token kept in a tag
 *   is found again), sorted by CreateTime or UpdateTime, paged by offset.
 * Calls in the wrong state answer InvalidArgument/400 naming the state; an unknown Id answers
 * ResourceNotFound (neither code is documented: chosen here, as for batches). DeleteProject refuses
 * while the project has triggers.
 */
import type { Handler, Transition } from "../../core/service";
import {
  createTrigger,
  deleteTrigger,
  getTrigger,
  listTriggers,
  resumeTrigger,
  settled,
  suspendTrigger,
  TRIGGER_SETTLED,
  updateTrigger,
} from "./handlers";

export const triggerHandlers = {
  CreateTrigger: createTrigger,
  GetTrigger: getTrigger,
  UpdateTrigger: updateTrigger,
  SuspendTrigger: suspendTrigger,
  ResumeTrigger: resumeTrigger,
  DeleteTrigger: deleteTrigger,
  ListTriggers: listTriggers,
} satisfies Record<string, Handler>;

export const triggerTransitions = {
  [TRIGGER_SETTLED]: settled,
} satisfies Record<string, Transition>;
