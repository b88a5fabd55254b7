/**
 * imm.Trigger (IMM CreateTrigger / GetTrigger / UpdateTrigger / SuspendTrigger / ResumeTrigger /
 * DeleteTrigger / ListTriggers): runs workflow-template actions on the OSS objects of an input as they
 * arrive. IMM gives a trigger the batch's DataIngestion model and rules, so this file only supplies
 * the trigger's operations to the shared lifecycle (ingestion.ts, batch-run.ts, batch-identity.ts)
 * and batch-model.ts's schema without waitForCompletion (a trigger never finishes).
 *
 * notification and serviceRole replace (UpdateTrigger carries neither, nor actions[].fastFailPolicy,
 * whose change in place is refused). IMM updates a trigger only while it is Ready or Failed, so input,
 * actions and tags update in place only then (`inPlaceWhen`: a Running trigger plans a replacement).
 * state (Running / Suspended) is applied with ResumeTrigger / SuspendTrigger and awaited.
 * The ID is `<projectName>/<triggerId>`. Replacements delete first (the client token is shared);
 * deleting a Running trigger suspends it first. Identity: a client token (default: logical name +
 * identity digest) kept in a reserved tag, found again with ListTriggers' TagSelector.
 */
import { unlessNotFound } from "../framework/kit";
import type { Observed, ResourceSpec } from "../framework/spec";
import { imm } from "../operations";
import { clientTokenTag, findByClientToken } from "./batch-identity";
import {
  batchResourceId,
  batchSchema,
  declaredState,
  observeBatch,
  parseBatchResourceId,
  type DesiredState,
} from "./batch-model";
import { listOrder, type BatchRef, type IngestionOperations } from "./batch-run";
import { createIngestion, ingestionBudget, ingestionMethods, ingestionTraits } from "./ingestion";
import type { DataIngestion } from "../operations/models";

export const triggerSchema = batchSchema.omit({ waitForCompletion: true });
export type TriggerInputs = ReturnType<typeof triggerSchema.parse>;

/** The batch's outputs under the trigger's names (`triggerId`, `triggerState`). */
export function observeTrigger(projectName: string, trigger: DataIngestion, declared: DesiredState) {
  const { batchId, batchState, ...rest } = observeBatch(projectName, trigger, declared).outputs;
  return {
    id: batchResourceId(projectName, trigger.Id),
    outputs: { triggerId: batchId, ...rest, triggerState: batchState },
  };
}
export type TriggerOutputs = ReturnType<typeof observeTrigger>["outputs"];

const key = (ref: BatchRef) => ({ ProjectName: ref.projectName, Id: ref.batchId });

export const TRIGGER_OPERATIONS: IngestionOperations = {
  noun: "trigger",
  idOutput: "triggerId",
  create: async (ctx, params) => (await ctx.clients.imm.call(imm.CreateTrigger, params)).Id,
  get: async (ctx, ref) => (await unlessNotFound(ctx.clients.imm.call(imm.GetTrigger, key(ref))))?.Trigger,
  update: (ctx, ref, params) => ctx.clients.imm.call(imm.UpdateTrigger, { ...key(ref), ...params }),
  resume: (ctx, ref) => ctx.clients.imm.call(imm.ResumeTrigger, key(ref)),
  suspend: (ctx, ref) => ctx.clients.imm.call(imm.SuspendTrigger, key(ref)),
  delete: (ctx, ref) => ctx.clients.imm.call(imm.DeleteTrigger, key(ref)),
  observe: (projectName, found, declared): Observed => observeTrigger(projectName, found, declared),
  listTagged: async (ctx, projectName, TagSelector, NextToken) => {
    const page = await ctx.clients.imm.call(imm.ListTriggers, {
      ...listOrder(projectName),
      TagSelector,
      NextToken,
    });
    return { items: page.Triggers ?? [], NextToken: page.NextToken };
  },
};

const parseId = (id: string) => parseBatchResourceId(id, "trigger");

const TRIGGER_TRAITS = ingestionTraits("imm:Trigger", "triggerState");

export const triggerSpec: ResourceSpec<TriggerInputs> = {
  type: "imm:Trigger",
  schema: triggerSchema,
  // The replacement carries the same client token: the old trigger must be gone before it is created.
  deleteBeforeReplace: true,
  autoName: TRIGGER_TRAITS.autoName,
  fields: TRIGGER_TRAITS.fields,

  create: (ctx, inputs) =>
    createIngestion(ctx, TRIGGER_OPERATIONS, triggerSpec, inputs, ingestionBudget(inputs)),
  ...ingestionMethods(TRIGGER_OPERATIONS, parseId),

  // adopt: only by the client token (a trigger's definition need not be unique).
  async findExisting(ctx, inputs) {
    if (!inputs.clientToken) return undefined;
    const tag = clientTokenTag(inputs.clientToken);
    const trigger = await findByClientToken(ctx, TRIGGER_OPERATIONS, inputs.projectName, tag);
    return trigger && observeTrigger(inputs.projectName, trigger, declaredState(inputs.state));
  },
};
