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
import { afterIdKnown } from "../framework/kit";
import { changesToApply } from "../framework/lifecycle";
import { assertOwnInterruptedCreate, type Candidate } from "../framework/identity";
import type { Observed, ResourceContext, ResourceSpec } from "../framework/spec";
import { AlibabaApiError } from "../runtime/errors";

export interface Existing {
  observed: Observed;
  candidate: Candidate;
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
      // The update path also finishes what the create would have (a binding's wait).
      return await spec.update(
        ctx,
        observed.id,
        observed.outputs,
        inputs,
        changesToApply(spec, observed.outputs, inputs),
      );
    } catch (failure) {
      throw afterIdKnown(failure, observed, candidate.object);
    }
  }
}
