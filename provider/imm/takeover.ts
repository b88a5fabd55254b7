/**
 * Name-keyed IMM objects (project, dataset, binding) after an interrupted create. The key is known
 * before the create (an auto-name derived from the resource's identity, or the declared key), so a
 * fresh `pulumi up` after a killed apply or a create whose answer was lost on every retry sends the
 * same CreateX again and hears `ResourceAlreadyExists`. The object is taken over only when it carries
 * this resource's marker and was created within the recovery window (framework/identity.ts); the
 * takeover then brings it to the declaration. Once the object is known, any later failure is partial
 * state carrying its ID, so nothing is orphaned.
 *
 * An `AlreadyExists` heard after an ambiguous attempt of this very create is left to the lifecycle
 * (recoverLostCreate): that object is the lost attempt's, whatever its marker.
 */
import { classifyChanges } from "../framework/lifecycle";
import { assertOwnInterruptedCreate, type Candidate } from "../framework/identity";
import {
  PartialCreateError,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "../framework/spec";
import { AlibabaApiError } from "../runtime/errors";

export interface Existing {
  observed: Observed;
  candidate: Candidate;
}

/** A failure once the object is known: the engine records the object (partial state). */
export function afterIdKnown(error: unknown, observed: Observed, what: string): PartialCreateError {
  if (error instanceof PartialCreateError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new PartialCreateError(
    `${what} exists, but the create did not finish: ${reason}. It is recorded in the stack; the next ` +
      "`pulumi up` carries on from its current state.",
    observed,
  );
}

/**
 * Runs `create`; when the key is taken, looks the object up and takes it over if it is this
 * resource's own interrupted create (else TakeoverRefused, naming it and `adopt: true`).
 */
export async function createOrTakeOver<Inputs extends Record<string, unknown>>(
  ctx: ResourceContext,
  spec: ResourceSpec<Inputs>,
  inputs: Inputs,
  create: () => Promise<Observed>,
  lookup: () => Promise<Existing | undefined>,
): Promise<Observed> {
  try {
    return await create();
  } catch (error) {
    if (!(error instanceof AlibabaApiError) || !error.isAlreadyExists() || error.afterAmbiguousAttempt)
      throw error;
    const existing = await lookup();
    if (!existing) throw error;
    assertOwnInterruptedCreate(existing.candidate);
    const { observed, candidate } = existing;
    ctx.log.info(
      `${candidate.type}: ${candidate.object} carries this resource's ownership marker and was created ` +
        "recently, by an earlier, interrupted create; taking it over",
    );
    try {
      const generic = spec as ResourceSpec;
      const { updates } = classifyChanges(generic, observed.outputs, inputs);
      const forTheApi = updates.filter((key) => generic.fields[key]?.mode !== "state");
      // The update path also finishes what the create would have (a binding's wait).
      return await spec.update(ctx, observed.id, observed.outputs, inputs, forTheApi);
    } catch (failure) {
      throw afterIdKnown(failure, observed, candidate.object);
    }
  }
}
