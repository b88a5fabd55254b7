/**
 * imm.Batch (IMM CreateBatch / GetBatch / UpdateBatch / SuspendBatch / ResumeBatch / DeleteBatch /
 * ListBatches): runs workflow-template actions (e.g. `doc/convert`) over the OSS objects of an input.
 *
 * notification and serviceRole replace: UpdateBatch cannot change them, nor actions[].fastFailPolicy,
 * whose change in place is refused. IMM updates a batch only while it is Ready or Failed, so input,
 * actions and tags update in place only then (`inPlaceWhen`) and otherwise plan a replacement: the
 * preview shows what the apply will do. A change of state (Running / Suspended) is applied with
 * ResumeBatch / SuspendBatch and awaited.
 * What each field does on change: docs/resources/imm-batch.md, generated from `fields` below.
 * The ID is `<projectName>/<batchId>`. Replacements delete first: the old and the new batch share the
 * client token that identifies them. Deleting a Running batch suspends it first (IMM deletes only
 * stopped batches). Identity and duplicates: see batch-identity.ts; run states: batch-run.ts.
 * Failures: a run that ends Failed with a transient cause in its Error (InternalError, …) is resumed
 * within the apply, at most twice, inside waitTimeoutSeconds (batch-run.ts); any other failure, the
 * retries used up or the wait exhausted are partial state that the next `pulumi up` resumes.
 */
import type { ResourceContext, ResourceSpec } from "../framework/spec";
import { imm } from "../operations";
import type { DataIngestion } from "../operations/models";
import { pages } from "../framework/kit";
import { canonicalJson } from "../framework/plain";
import { clientTokenTag, findByClientToken } from "./batch-identity";
import {
  type BatchInputs,
  batchCrossChecks,
  batchSchema,
  declaredState,
  normalizeActions,
  normalizeInput,
  observeBatch,
  parseBatchResourceId,
} from "./batch-model";
import { BATCH_OPERATIONS } from "./batch-run";
import { createIngestion, ingestionBudget, ingestionMethods, ingestionTraits } from "./ingestion";

/** Batches made outside this stack, for `adopt: true`: same input and actions. */
async function findByDefinition(
  ctx: ResourceContext,
  inputs: BatchInputs,
): Promise<DataIngestion | undefined> {
  const wanted = canonicalJson({
    input: normalizeInput(inputs.input),
    actions: normalizeActions(inputs.actions),
  });
  const listing = pages((NextToken) =>
    ctx.clients.imm.call(imm.ListBatches, {
      ProjectName: inputs.projectName,
      Sort: "CreateTime",
      MaxResults: 100,
      NextToken,
    }),
  );
  for await (const page of listing) {
    const match = (page.Batches ?? []).find((batch) => {
      const observed = observeBatch(inputs.projectName, batch, "Running").outputs;
      return canonicalJson({ input: observed.input, actions: observed.actions }) === wanted;
    });
    if (match) return match;
  }
  return undefined;
}

/** IMM updates a batch only while it is Ready or Failed (read from the recorded state). */
const BATCH_TRAITS = ingestionTraits("imm:Batch", "batchState");

export const batchSpec: ResourceSpec<BatchInputs> = {
  type: "imm:Batch",
  schema: batchSchema,
  crossChecks: batchCrossChecks,
  // The replacement carries the same client token: the old batch must be gone before it is created.
  deleteBeforeReplace: true,
  autoName: BATCH_TRAITS.autoName,
  // The batch's own: a wait for completion, in state only.
  fields: { ...BATCH_TRAITS.fields, waitForCompletion: { mode: "ignore" } },

  create: (ctx, inputs) => createIngestion(ctx, BATCH_OPERATIONS, batchSpec, inputs, ingestionBudget(inputs)),
  ...ingestionMethods(BATCH_OPERATIONS, parseBatchResourceId),

  async findExisting(ctx, inputs) {
    const byToken = inputs.clientToken
      ? await findByClientToken(ctx, BATCH_OPERATIONS, inputs.projectName, clientTokenTag(inputs.clientToken))
      : undefined;
    const batch = byToken ?? (await findByDefinition(ctx, inputs));
    return batch && observeBatch(inputs.projectName, batch, declaredState(inputs.state));
  },
};
