/**
 * A batch's identity before IMM gives it one. CreateBatch mints the Id server-side, so a create whose
 * response is lost (or an apply killed right after CreateBatch) leaves a batch the provider does not
 * know. Every batch this provider creates therefore carries a reserved tag derived from the
 * resource's client token (default: derived from the resource's identity, framework/identity.ts), and
 * the create path is "find by that tag, else create":
 * - before CreateBatch: a batch left by an interrupted apply is found and taken over;
 * - after an ambiguous failure of CreateBatch (the request may have been executed): the batch is
 *   looked up (briefly awaited, for a service whose listing lags behind) before anything is repeated.
 * The retry policy never repeats CreateBatch itself after an ambiguous failure (`not-idempotent`);
 * this module is what makes the create safe to repeat.
 */
import { createHash } from "node:crypto";
import { pages } from "../framework/kit";
import type { ResourceContext } from "../framework/spec";
import type { DataIngestion } from "../operations/models";
import { AlibabaApiError } from "../runtime/errors";
import { waitFor, WaitInterruptedError, WaitTimeoutError } from "../runtime/waiter";
import { CLIENT_TOKEN_TAG } from "./batch-model";
import type { IngestionOperations } from "./batch-run";

/** How long to look for a batch whose CreateBatch answer was lost before creating it again. */
export const LOST_CREATE_LOOKUP_MS = 10_000;
/** Ambiguous failures tolerated in one create (each followed by a lookup). */
const MAX_CREATE_ATTEMPTS = 3;

/** The tag value: a digest, so that any token fits IMM's tag and TagSelector syntax. */
export function clientTokenTag(clientToken: string): string {
  return createHash("sha256").update(clientToken, "utf8").digest("hex").slice(0, 32);
}

/** Batches (or triggers: `ops`) of the project carrying the tag value, oldest first. */
export async function findByClientToken(
  ctx: ResourceContext,
  ops: IngestionOperations,
  projectName: string,
  tag: string,
): Promise<DataIngestion | undefined> {
  const found: DataIngestion[] = [];
  const listing = pages((next) => ops.listTagged(ctx, projectName, `${CLIENT_TOKEN_TAG}=${tag}`, next));
  for await (const page of listing) {
    // Filter again here: the selector narrows the listing, the tag decides.
    found.push(...page.items.filter((batch) => batch.Tags?.[CLIENT_TOKEN_TAG] === tag));
  }
  if (found.length > 1) {
    ctx.log.warn(
      `${found.length} objects (${ops.noun}) in project ${projectName} carry the same client token (${found
        .map((b) => b.Id)
        .join(", ")}); using the oldest. Delete the others, or give each resource its own clientToken.`,
    );
  }
  return found[0];
}

const title = (ops: IngestionOperations) => ops.noun[0]!.toUpperCase() + ops.noun.slice(1);

/** The request may have been executed: the batch may exist. */
function isAmbiguous(error: unknown): error is AlibabaApiError {
  return error instanceof AlibabaApiError && error.isRetryable() && !error.provablyNotExecuted();
}

/** CreateBatch (CreateTrigger) answered with an Id, but reading it back failed: partial state, not an orphan. */
export class BatchCreatedUnread extends Error {
  override name = "BatchCreatedUnread";
  constructor(
    readonly projectName: string,
    readonly batchId: string,
    override readonly cause: unknown,
    noun = "batch",
  ) {
    super(
      `${noun} ${batchId} in project ${projectName} was created, but reading it back failed: ` +
        `${cause instanceof Error ? cause.message : String(cause)}. It is recorded in the stack; the next ` +
        "`pulumi up` reads it and carries on from its current state.",
    );
  }
}

export interface CreateOutcome {
  batch: DataIngestion;
  /** True when the batch already existed (an earlier attempt or apply created it). */
  recovered: boolean;
}

/**
 * Creates the batch at most once per client token: finds an existing one first, and after an
 * ambiguous failure looks again before trying anew.
 */
export async function createOnce(
  ctx: ResourceContext,
  ops: IngestionOperations,
  projectName: string,
  tag: string,
  create: () => Promise<string>,
  lookupMs = LOST_CREATE_LOOKUP_MS,
): Promise<CreateOutcome> {
  const existing = await findByClientToken(ctx, ops, projectName, tag);
  if (existing) return { batch: existing, recovered: true };
  for (let attempt = 1; ; attempt++) {
    try {
      const id = await create();
      try {
        const created = await ops.get(ctx, { projectName, batchId: id });
        if (!created) throw new Error(`Get${title(ops)} answers that it does not exist`);
        return { batch: created, recovered: false };
      } catch (readError) {
        // The object exists from here on: whatever fails, its Id must reach the state.
        throw new BatchCreatedUnread(projectName, id, readError, ops.noun);
      }
    } catch (error) {
      if (!isAmbiguous(error) || attempt >= MAX_CREATE_ATTEMPTS) throw error;
      ctx.log.info(
        `Create${title(ops)} in project ${projectName}: ${error.code} after the request was sent; looking for ` +
          `the ${ops.noun} by its client token before trying again`,
      );
      try {
        const found = await waitFor({
          what: `the ${ops.noun} with client token ${tag} in project ${projectName}`,
          poll: () => findByClientToken(ctx, ops, projectName, tag),
          describe: (batch) => (batch ? `found ${batch.Id}` : "not listed"),
          isDone: (batch) => batch !== undefined,
          timeoutMs: lookupMs,
        });
        return { batch: found!, recovered: true };
      } catch (lookupError) {
        // A stopping host has not looked long enough to know: never create again on that basis.
        if (lookupError instanceof WaitInterruptedError || !(lookupError instanceof WaitTimeoutError))
          throw lookupError;
        // Not there: the request was not executed, so creating again cannot duplicate it.
      }
    }
  }
}
