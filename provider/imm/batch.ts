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
import { classifyChanges } from "../framework/lifecycle";
import {
  PartialCreateError,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "../framework/spec";
import { imm } from "../operations";
import type { DataIngestion } from "../operations/models";
import { WaitFailedError, WaitTimeoutError } from "../runtime/waiter";
import { assertOwnInterruptedCreate } from "../framework/identity";
import { identitySuffix, pages, stillThere, waitBudget, type Deadline } from "../framework/kit";
import { canonicalJson } from "../framework/plain";
import { BatchCreatedUnread, clientTokenTag, createOnce, findByClientToken } from "./batch-identity";
import {
  CLIENT_TOKEN_TAG,
  DEFAULT_BATCH_SERVICE_ROLE,
  DEFAULT_BATCH_WAIT_SECONDS,
  type BatchInputs,
  actionsFromWire,
  actionsToWire,
  batchCrossChecks,
  batchSchema,
  declaredState,
  inputToWire,
  normalizeActions,
  normalizeInput,
  observeBatch,
  batchResourceId,
  parseBatchResourceId,
} from "./batch-model";
import {
  BATCH_OPERATIONS,
  type BatchRef,
  type WaitTracker,
  getBatch,
  reconcileRunState,
  stopAndDelete,
  what,
} from "./batch-run";

const CONFIG_FIELDS = ["input", "actions", "tags"] as const;
const UPDATABLE_STATES = ["Ready", "Failed"];

/** IMM's rule, read from the recorded state: in place only while Ready or Failed, else replace. */
const updatableNow = (state: Record<string, unknown>): boolean =>
  typeof state.batchState !== "string" || UPDATABLE_STATES.includes(state.batchState);

const budget = (inputs: { waitTimeoutSeconds?: unknown }): Deadline =>
  waitBudget(inputs.waitTimeoutSeconds, DEFAULT_BATCH_WAIT_SECONDS);

/** UpdateBatch with the changed configuration, under IMM's rules; returns the batch as updated. */
async function applyConfig(
  ctx: ResourceContext,
  ref: BatchRef,
  inputs: BatchInputs,
  batch: DataIngestion,
  changed: readonly string[],
): Promise<DataIngestion> {
  if (changed.includes("actions")) {
    const remote = new Map(actionsFromWire(batch.Actions).map((a) => [a.name, a.fastFailPolicy?.action]));
    const differing = (normalizeActions(inputs.actions) as BatchInputs["actions"])
      .filter((a) => a.fastFailPolicy?.action !== remote.get(a.name))
      .map((a) => a.name);
    if (differing.length > 0) {
      throw new Error(
        `actions: the fastFailPolicy of ${differing.join(", ")} cannot change in place (UpdateBatch does not carry ` +
          `FastFailPolicy). Replace the batch to change it: \`pulumi up --replace <urn>\`.`,
      );
    }
  }
  if (!UPDATABLE_STATES.includes(batch.State)) {
    throw new Error(
      `IMM updates a batch only while it is Ready or Failed; ${what(ref)} is ${batch.State}, so ` +
        `${changed.join(", ")} cannot change in place. Replace the batch instead (\`pulumi up --replace <urn>\`), ` +
        `or give the resource the option replaceOnChanges: ["input", "actions", "tags"] so that such changes ` +
        `replace it.`,
    );
  }
  const token = batch.Tags?.[CLIENT_TOKEN_TAG];
  await ctx.clients.imm.call(imm.UpdateBatch, {
    ProjectName: ref.projectName,
    Id: ref.batchId,
    ...(changed.includes("input") ? { Input: inputToWire(inputs.input) } : {}),
    ...(changed.includes("actions") ? { Actions: actionsToWire(inputs.actions, false) } : {}),
    // UpdateBatch replaces the tag map: keep the provider's client token on the batch.
    ...(changed.includes("tags")
      ? { Tags: { ...(inputs.tags ?? {}), ...(token === undefined ? {} : { [CLIENT_TOKEN_TAG]: token }) } }
      : {}),
  });
  ctx.log.info(`updated ${changed.join(", ")} of ${what(ref)}`);
  return stillThere(await getBatch(ctx, ref), what(ref));
}

/**
 * Applies configuration changes, then brings the batch to its declared run state. Failures of the
 * batch and exhausted waits are reported as partial state (with what was last seen), so the batch is
 * recorded and the next `pulumi up` carries on from there.
 */
async function converge(
  ctx: ResourceContext,
  ref: BatchRef,
  inputs: BatchInputs,
  batch: DataIngestion,
  options: {
    changed: readonly string[];
    resumeFailed: boolean;
    deadline: Deadline;
    anyErrorIsPartial: boolean;
  },
): Promise<Observed> {
  const desired = declaredState(inputs.state);
  const tracker: WaitTracker = { last: batch };
  try {
    const config = options.changed.filter((key) => (CONFIG_FIELDS as readonly string[]).includes(key));
    if (config.length > 0) tracker.last = await applyConfig(ctx, ref, inputs, tracker.last, config);
    const final = await reconcileRunState(ctx, BATCH_OPERATIONS, ref, tracker, {
      desired,
      waitForCompletion: inputs.waitForCompletion === true,
      resumeFailed: options.resumeFailed,
      deadline: options.deadline,
    });
    return observeBatch(ref.projectName, final, desired);
  } catch (error) {
    const waitEnded = error instanceof WaitFailedError || error instanceof WaitTimeoutError;
    if (!waitEnded && !options.anyErrorIsPartial) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartialCreateError(
      `${reason} (${what(ref)} is recorded in the stack; the next \`pulumi up\` continues from its current state)`,
      observeBatch(ref.projectName, tracker.last, desired),
    );
  }
}

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

export const batchSpec: ResourceSpec<BatchInputs> = {
  type: "imm:Batch",
  schema: batchSchema,
  crossChecks: batchCrossChecks,
  // The replacement carries the same client token: the old batch must be gone before it is created.
  deleteBeforeReplace: true,
  // Left out, the token is derived from the resource's identity (the same on every run, and for no
  // other resource), so a fresh check after an interrupted apply finds the batch that apply created.
  autoName: {
    field: "clientToken",
    maxLength: 256,
    sanitize: (logical) => logical,
    suffix: identitySuffix(32, () => ["imm:Batch"]),
  },
  fields: {
    projectName: { mode: "replace" },
    input: { mode: "update", normalize: normalizeInput, inPlaceWhen: updatableNow },
    actions: { mode: "update", normalize: normalizeActions, inPlaceWhen: updatableNow },
    notification: { mode: "replace" },
    serviceRole: { mode: "replace", default: DEFAULT_BATCH_SERVICE_ROLE },
    tags: { mode: "update", default: {}, inPlaceWhen: updatableNow },
    state: { mode: "update", default: "Running" },
    waitForCompletion: { mode: "ignore" },
    waitTimeoutSeconds: { mode: "ignore" },
    clientToken: { mode: "ignore" },
    adopt: { mode: "ignore" },
  },

  async create(ctx, inputs) {
    if (!inputs.clientToken)
      throw new Error("clientToken is missing: the batch cannot be created idempotently");
    const tag = clientTokenTag(inputs.clientToken);
    const deadline = budget(inputs);
    const { batch, recovered } = await createOnce(ctx, inputs.projectName, tag, async () => {
      const response = await ctx.clients.imm.call(imm.CreateBatch, {
        ProjectName: inputs.projectName,
        Input: inputToWire(inputs.input),
        Actions: actionsToWire(inputs.actions, true),
        ...(inputs.notification
          ? { Notification: { MNS: { TopicName: inputs.notification.mns.topicName } } }
          : {}),
        ServiceRole: inputs.serviceRole ?? DEFAULT_BATCH_SERVICE_ROLE,
        Tags: { ...(inputs.tags ?? {}), [CLIENT_TOKEN_TAG]: tag },
      });
      ctx.log.info(`CreateBatch in project ${inputs.projectName} created batch ${response.Id}`);
      return response.Id;
    }).catch((error: unknown) => {
      if (!(error instanceof BatchCreatedUnread)) throw error;
      throw new PartialCreateError(error.message, {
        id: batchResourceId(error.projectName, error.batchId),
        outputs: { batchId: error.batchId, projectName: error.projectName, clientToken: inputs.clientToken },
      });
    });
    const ref = { projectName: inputs.projectName, batchId: batch.Id };
    let changed: string[] = [];
    if (recovered) {
      // The client token's tag is the marker; an old batch carrying it is not an interrupted create.
      assertOwnInterruptedCreate({
        type: "imm:Batch",
        object: `${what(ref)} (client token ${JSON.stringify(inputs.clientToken)})`,
        marked: true,
        createTime: batch.CreateTime,
      });
      ctx.log.info(
        `${what(ref)} carries this resource's client token (an earlier create whose answer was lost, or an ` +
          `interrupted apply, made it): taking it over instead of creating another`,
      );
      const found = observeBatch(ref.projectName, batch, declaredState(inputs.state));
      const { replaces, updates } = classifyChanges(batchSpec, found.outputs, inputs);
      if (replaces.length > 0) {
        throw new PartialCreateError(
          `${what(ref)} was created earlier for this resource with other ${replaces.join(", ")}, which cannot change ` +
            `in place; it is recorded in the stack and the next \`pulumi up\` replaces it`,
          found,
        );
      }
      changed = updates;
    }
    return converge(ctx, ref, inputs, batch, {
      changed,
      resumeFailed: false,
      deadline,
      anyErrorIsPartial: true,
    });
  },

  async read(ctx, id, state) {
    const ref = parseBatchResourceId(id);
    const batch = await getBatch(ctx, ref);
    return batch && observeBatch(ref.projectName, batch, declaredState(state.state));
  },

  async update(ctx, id, _state, inputs, changed) {
    const ref = parseBatchResourceId(id);
    const batch = await getBatch(ctx, ref);
    if (!batch) {
      throw new Error(
        `${what(ref)} no longer exists; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to ` +
          `create it again`,
      );
    }
    return converge(ctx, ref, inputs, batch, {
      changed,
      resumeFailed: true,
      deadline: budget(inputs),
      anyErrorIsPartial: false,
    });
  },

  async delete(ctx, id, state) {
    await stopAndDelete(ctx, BATCH_OPERATIONS, parseBatchResourceId(id), budget(state));
  },

  async findExisting(ctx, inputs) {
    const byToken = inputs.clientToken
      ? await findByClientToken(ctx, inputs.projectName, clientTokenTag(inputs.clientToken))
      : undefined;
    const batch = byToken ?? (await findByDefinition(ctx, inputs));
    return batch && observeBatch(inputs.projectName, batch, declaredState(inputs.state));
  },
};
