/**
 * The resource kit: the small helpers every resource needs around its API calls, written once so a
 * new resource only states what is its own. Not-found as `undefined`, one wait budget per apply, the
 * failures after which a create may or may not have happened, NextToken listings, an object gone
 * while it was being updated, the identity-derived parts of default names, and partial state once an
 * object's ID is known.
 */
import { AlibabaApiError } from "../runtime/errors";
import { identityDigest } from "./identity";
import { PartialCreateError, type AutoNameRule, type Observed } from "./spec";

/** The call's answer, or `undefined` when the service says the object does not exist. */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AlibabaApiError && error.isNotFound()) return undefined;
    throw error;
  }
}

/** One wait budget for everything an apply waits for (retries included). */
export interface Deadline {
  remainingMs(): number;
}

export function deadlineIn(ms: number): Deadline {
  const end = Date.now() + ms;
  return { remainingMs: () => Math.max(0, end - Date.now()) };
}

/** The budget of a `waitTimeoutSeconds` input: its value when it is a number, else the default. */
export function waitBudget(seconds: unknown, defaultSeconds: number): Deadline {
  return deadlineIn((typeof seconds === "number" ? seconds : defaultSeconds) * 1000);
}

/**
 * A failure after which the request may or may not have been executed: the answer was lost (an
 * ambiguous transport error), unreadable, or a server error; never one the service provably refused
 * before acting (throttling, ServiceUnavailable, a request that was never sent).
 */
export function outcomeUnknown(error: unknown): error is AlibabaApiError {
  if (!(error instanceof AlibabaApiError) || error.provablyNotExecuted()) return false;
  if (error.kind === "transport") return error.ambiguous;
  return error.kind === "response" || error.isServerError();
}

/** Every page of a NextToken listing, fetched as the caller iterates (stop early by leaving the loop). */
export async function* pages<P extends { NextToken?: string | undefined }>(
  fetch: (nextToken: string | undefined) => Promise<P>,
): AsyncGenerator<P> {
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken);
    yield page;
    nextToken = page.NextToken || undefined;
  } while (nextToken);
}

/** The object read back after an update; it cannot have vanished in between without saying so. */
export function stillThere<T>(found: T | undefined, what: string): T {
  if (found === undefined) throw new Error(`${what} disappeared during the update`);
  return found;
}

/**
 * An auto-name suffix: `length` hex characters of the resource's identity digest within `scope` (what
 * else the object is keyed by, e.g. its IMM project and dataset), so every check of this resource
 * derives the same value (an interrupted create finds its object again) and no other resource does.
 */
export function identitySuffix(
  length: number,
  scope: (inputs: Record<string, unknown>) => unknown[],
): NonNullable<AutoNameRule["suffix"]> {
  return (logical, inputs) =>
    identityDigest({ ...inputs, __logicalName: logical }, ...scope(inputs)).slice(0, length);
}

/**
 * The auto-name of a free-text name that the service need not keep unique (its ID is minted): the
 * logical name as given (or as `sanitize` makes it), then a digest of the resource's identity
 * (`identitySuffix`).
 */
export function freeTextAutoName(
  type: string,
  maxLength: number,
  sanitize: (logical: string) => string = (logical) => logical,
): AutoNameRule {
  return { field: "name", maxLength, sanitize, suffix: identitySuffix(8, () => [type]) };
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
