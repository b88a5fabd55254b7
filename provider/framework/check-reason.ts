/**
 * The reason text of a check failure: the rule's message, the whole range of an out-of-range number,
 * and the refused value quoted, unless it holds a secret.
 */
import { z } from "zod";
import { redact } from "../runtime/redact";

/**
 * The value a check failure quotes. A registered credential is never quoted (a scrubbed excerpt could
 * still show its neighbourhood); long values are cut.
 */
function describeValue(value: unknown, secret: boolean): string {
  if (secret) return "a value that holds a secret";
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  if (redact(text) !== text) return "a value that holds a secret";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** "2 to 1,499": the bounds of a number field declared with both, as the docs write them. */
function numberRange(schema: unknown): string | undefined {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodNumber)) return undefined;
  const { minValue, maxValue } = inner;
  const bounded = (n: number | null) => n !== null && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  if (!bounded(minValue) || !bounded(maxValue)) return undefined;
  return `${minValue!.toLocaleString("en-US")} to ${maxValue!.toLocaleString("en-US")}`;
}

/**
 * The reason of a failure. The engine prints the property path itself ("property 'x' value … has a
 * problem: <reason>"), so the reason does not repeat it. An out-of-range number states the whole
 * range, whatever bound the rule's own message names.
 */
export function checkReason(
  schema: unknown,
  issue: { message: string; code?: string },
  value: unknown,
  secret: boolean,
): string {
  const range = issue.code === "too_small" || issue.code === "too_big" ? numberRange(schema) : undefined;
  const message =
    range && !issue.message.includes(range) ? `${issue.message} (the range is ${range})` : issue.message;
  return `${message} (got ${describeValue(value, secret)})`;
}

/**
 * A cross-field rule's reason, written by the spec, may quote any input: every value the program
 * marked secret (in any form it could be written: as is, or as JSON) and every registered credential
 * is replaced. Masking too much is the safe side.
 */
export function maskSecretValues(reason: string, secretValues: readonly unknown[]): string {
  let out = redact(reason);
  for (const value of secretValues) {
    const forms = new Set([typeof value === "string" ? value : undefined, JSON.stringify(value)]);
    for (const form of forms) if (form) out = out.split(form).join("a value that holds a secret");
  }
  return out;
}
