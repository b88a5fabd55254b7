/**
 * The lifecycle that imm.Batch and imm.Trigger share: both are IMM's DataIngestion model with the
 * same create parameters, the same UpdateX rules (no FastFailPolicy, no Notification, no
 * ServiceRole; only while Ready or Failed), the same run states and the same client-token tag. What
 * differs is the operation set (`IngestionOperations`: the calls and how outputs are named), so
 * everything here takes one.
 * - create: find by the client token's tag, else create (batch-identity.ts); a found object is taken
 *   over only as this resource's own interrupted create, and brought to the declaration;
 * - converge: configuration changes with UpdateX, then the run state (batch-run.ts); failed or cut
 *   waits are partial state carrying what was last seen.
 */
import { assertOwnInterruptedCreate } from "../framework/identity";
import { identitySuffix, stillThere, waitBudget, type Deadline } from "../framework/kit";
import { classifyChanges } from "../framework/lifecycle";
import {
  PartialCreateError,
  type AutoNameRule,
  type FieldTrait,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "../framework/spec";
import type { DataIngestion } from "../operations/models";
import { WaitFailedError, WaitTimeoutError } from "../runtime/waiter";
import { BatchCreatedUnread, clientTokenTag, createOnce } from "./batch-identity";
import {
  CLIENT_TOKEN_TAG,
  DEFAULT_BATCH_SERVICE_ROLE,
  DEFAULT_BATCH_WAIT_SECONDS,
  type BatchInputs,
  actionsFromWire,
  actionsToWire,
  batchResourceId,
  declaredState,
  inputToWire,
  normalizeActions,
  normalizeInput,
} from "./batch-model";
import {
  named,
  reconcileRunState,
  stopAndDelete,
  type BatchRef,
  type IngestionOperations,
  type WaitTracker,
} from "./batch-run";

/** What both resources declare (a trigger has no waitForCompletion: it never finishes). */
export type IngestionInputs = Omit<BatchInputs, "waitForCompletion"> & { waitForCompletion?: boolean };

const CONFIG_FIELDS = ["input", "actions", "tags"] as const;
const UPDATABLE_STATES = ["Ready", "Failed"];

/** One wait budget per operation: `waitTimeoutSeconds`, default DEFAULT_BATCH_WAIT_SECONDS. */
export const ingestionBudget = (inputs: { waitTimeoutSeconds?: unknown }): Deadline =>
  waitBudget(inputs.waitTimeoutSeconds, DEFAULT_BATCH_WAIT_SECONDS);

const title = (ops: IngestionOperations) => ops.noun[0]!.toUpperCase() + ops.noun.slice(1);

/** UpdateX with the changed configuration, under IMM's rules; returns the object as updated. */
async function applyConfig(
  ctx: ResourceContext,
  ops: IngestionOperations,
  ref: BatchRef,
  inputs: IngestionInputs,
  current: DataIngestion,
  changed: readonly string[],
): Promise<DataIngestion> {
  const replaceHint = `\`pulumi up --replace <urn>\``;
  if (changed.includes("actions")) {
    const remote = new Map(actionsFromWire(current.Actions).map((a) => [a.name, a.fastFailPolicy?.action]));
    const differing = (normalizeActions(inputs.actions) as BatchInputs["actions"])
      .filter((a) => a.fastFailPolicy?.action !== remote.get(a.name))
      .map((a) => a.name);
    if (differing.length > 0) {
      throw new Error(
        `actions: the fastFailPolicy of ${differing.join(", ")} cannot change in place (Update${title(ops)} does ` +
          `not carry FastFailPolicy). Replace the ${ops.noun} to change it: ${replaceHint}.`,
      );
    }
  }
  if (!UPDATABLE_STATES.includes(current.State)) {
    throw new Error(
      `IMM updates a ${ops.noun} only while it is Ready or Failed; ${named(ops, ref)} is ${current.State}, so ` +
        `${changed.join(", ")} cannot change in place. Replace the ${ops.noun} instead (${replaceHint}), ` +
        `or give the resource the option replaceOnChanges: ["input", "actions", "tags"] so that such changes ` +
        `replace it.`,
    );
  }
  const token = current.Tags?.[CLIENT_TOKEN_TAG];
  await ops.update(ctx, ref, {
    ...(changed.includes("input") ? { Input: inputToWire(inputs.input) } : {}),
    ...(changed.includes("actions") ? { Actions: actionsToWire(inputs.actions, false) } : {}),
    // UpdateX replaces the tag map: keep the provider's client token on the object.
    ...(changed.includes("tags")
      ? { Tags: { ...(inputs.tags ?? {}), ...(token === undefined ? {} : { [CLIENT_TOKEN_TAG]: token }) } }
      : {}),
  });
  ctx.log.info(`updated ${changed.join(", ")} of ${named(ops, ref)}`);
  return stillThere(await ops.get(ctx, ref), named(ops, ref));
}

export interface ConvergeOptions {
  changed: readonly string[];
  resumeFailed: boolean;
  deadline: Deadline;
  anyErrorIsPartial: boolean;
}

/**
 * Applies configuration changes, then brings the object to its declared run state. Failures of the
 * run and exhausted waits are reported as partial state (with what was last seen), so the object is
 * recorded and the next `pulumi up` carries on from there.
 */
export async function converge(
  ctx: ResourceContext,
  ops: IngestionOperations,
  ref: BatchRef,
  inputs: IngestionInputs,
  current: DataIngestion,
  options: ConvergeOptions,
): Promise<Observed> {
  const desired = declaredState(inputs.state);
  const tracker: WaitTracker = { last: current };
  try {
    const config = options.changed.filter((key) => (CONFIG_FIELDS as readonly string[]).includes(key));
    if (config.length > 0) tracker.last = await applyConfig(ctx, ops, ref, inputs, tracker.last, config);
    const final = await reconcileRunState(ctx, ops, ref, tracker, {
      desired,
      waitForCompletion: inputs.waitForCompletion === true,
      resumeFailed: options.resumeFailed,
      deadline: options.deadline,
    });
    return ops.observe(ref.projectName, final, desired);
  } catch (error) {
    const waitEnded = error instanceof WaitFailedError || error instanceof WaitTimeoutError;
    if (!waitEnded && !options.anyErrorIsPartial) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PartialCreateError(
      `${reason} (${named(ops, ref)} is recorded in the stack; the next \`pulumi up\` continues from its current state)`,
      ops.observe(ref.projectName, tracker.last, desired),
    );
  }
}

/** The create path of both resources: at most one object per client token, then converge. */
export async function createIngestion<I extends IngestionInputs>(
  ctx: ResourceContext,
  ops: IngestionOperations,
  spec: ResourceSpec<I>,
  inputs: I,
  deadline: Deadline,
): Promise<Observed> {
  if (!inputs.clientToken)
    throw new Error(`clientToken is missing: the ${ops.noun} cannot be created idempotently`);
  const tag = clientTokenTag(inputs.clientToken);
  const { batch: found, recovered } = await createOnce(ctx, ops, inputs.projectName, tag, async () => {
    const id = await ops.create(ctx, {
      ProjectName: inputs.projectName,
      Input: inputToWire(inputs.input),
      Actions: actionsToWire(inputs.actions, true),
      ...(inputs.notification
        ? { Notification: { MNS: { TopicName: inputs.notification.mns.topicName } } }
        : {}),
      ServiceRole: inputs.serviceRole ?? DEFAULT_BATCH_SERVICE_ROLE,
      Tags: { ...(inputs.tags ?? {}), [CLIENT_TOKEN_TAG]: tag },
    });
    ctx.log.info(`Create${title(ops)} in project ${inputs.projectName} created ${ops.noun} ${id}`);
    return id;
  }).catch((error: unknown) => {
    if (!(error instanceof BatchCreatedUnread)) throw error;
    throw new PartialCreateError(error.message, {
      id: batchResourceId(error.projectName, error.batchId),
      outputs: {
        [ops.idOutput]: error.batchId,
        projectName: error.projectName,
        clientToken: inputs.clientToken,
      },
    });
  });
  const ref = { projectName: inputs.projectName, batchId: found.Id };
  let changed: string[] = [];
  if (recovered) {
    // The client token's tag is the marker; an old object carrying it is not an interrupted create.
    assertOwnInterruptedCreate({
      type: spec.type,
      object: `${named(ops, ref)} (client token ${JSON.stringify(inputs.clientToken)})`,
      marked: true,
      createTime: found.CreateTime,
    });
    ctx.log.info(
      `${named(ops, ref)} carries this resource's client token (an earlier create whose answer was lost, or an ` +
        `interrupted apply, made it): taking it over instead of creating another`,
    );
    const observed = ops.observe(ref.projectName, found, declaredState(inputs.state));
    const { replaces, updates } = classifyChanges(spec, observed.outputs, inputs);
    if (replaces.length > 0) {
      throw new PartialCreateError(
        `${named(ops, ref)} was created earlier for this resource with other ${replaces.join(", ")}, which cannot ` +
          `change in place; it is recorded in the stack and the next \`pulumi up\` replaces it`,
        observed,
      );
    }
    changed = updates;
  }
  return converge(ctx, ops, ref, inputs, found, {
    changed,
    resumeFailed: false,
    deadline,
    anyErrorIsPartial: true,
  });
}

/** The update path of both resources: the object must still exist, then converge. */
export async function updateIngestion(
  ctx: ResourceContext,
  ops: IngestionOperations,
  ref: BatchRef,
  inputs: IngestionInputs,
  changed: readonly string[],
  deadline: Deadline,
): Promise<Observed> {
  const current = await ops.get(ctx, ref);
  if (!current) {
    throw new Error(
      `${named(ops, ref)} no longer exists; run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to ` +
        `create it again`,
    );
  }
  return converge(ctx, ops, ref, inputs, current, {
    changed,
    resumeFailed: true,
    deadline,
    anyErrorIsPartial: false,
  });
}

/**
 * The field traits and the derived client token of IMM's data-ingestion model, alike for a batch and
 * a trigger. IMM updates either only while it is Ready or Failed (read from the recorded
 * `stateOutput`), otherwise the plan is a replacement. Left out, the client token is derived from the
 * resource's identity (the same on every run, and for no other resource), so a fresh check after an
 * interrupted apply finds the object that apply created.
 */
export function ingestionTraits(
  type: "imm:Batch" | "imm:Trigger",
  stateOutput: "batchState" | "triggerState",
): { autoName: AutoNameRule; fields: Record<string, FieldTrait> } {
  const updatableNow = (state: Record<string, unknown>): boolean => {
    const imms = state[stateOutput];
    return typeof imms !== "string" || UPDATABLE_STATES.includes(imms);
  };
  return {
    autoName: {
      field: "clientToken",
      maxLength: 256,
      sanitize: (logical) => logical,
      suffix: identitySuffix(32, () => [type]),
    },
    fields: {
      projectName: { mode: "replace" },
      input: { mode: "update", normalize: normalizeInput, inPlaceWhen: updatableNow },
      actions: { mode: "update", normalize: normalizeActions, inPlaceWhen: updatableNow },
      notification: { mode: "replace" },
      serviceRole: { mode: "replace", default: DEFAULT_BATCH_SERVICE_ROLE },
      tags: { mode: "update", default: {}, inPlaceWhen: updatableNow },
      state: { mode: "update", default: "Running" },
      waitTimeoutSeconds: { mode: "ignore" },
      clientToken: { mode: "ignore" },
      adopt: { mode: "ignore" },
    },
  };
}

/** read, update and delete of both kinds: the same calls, on the kind's own operations. */
export function ingestionMethods<I extends IngestionInputs>(
  ops: IngestionOperations,
  parseId: (id: string) => BatchRef,
): Pick<ResourceSpec<I>, "read" | "update" | "delete"> {
  return {
    async read(ctx, id, state) {
      const ref = parseId(id);
      const found = await ops.get(ctx, ref);
      return found && ops.observe(ref.projectName, found, declaredState(state.state));
    },
    update: (ctx, id, _state, inputs, changed) =>
      updateIngestion(ctx, ops, parseId(id), inputs, changed, ingestionBudget(inputs)),
    async delete(ctx, id, state) {
      await stopAndDelete(ctx, ops, parseId(id), ingestionBudget(state));
    },
  };
}
