/**
 * A field's API parameter, declared on its trait, and the requests built from the traits: every
 * field with a `wire` goes into a create request as declared, and the changed ones into an update
 * request, where a field the program removed is sent as its reset value. One place turns changed
 * fields into an update call, whatever the resource.
 */
import type { Operation, RequestOf } from "../operations/define";
import type { ApiClient } from "../runtime/client";
import { toJsonText } from "./json-value";
import type { FieldTrait } from "./spec";

/**
 * - `json`: an object or JSON text, sent as one compact JSON string;
 * - `commaList`: a list, sent as its items joined by commas;
 * - `int64String`: an integer given as a number or decimal string, sent as a decimal string without
 *   leading zeros (int64 values pass 2^53);
 * - a function: any other mapping (a tag map to a Key/Value list).
 */
export type FieldEncoding = "json" | "commaList" | "int64String" | ((value: unknown) => unknown);

export interface WireTrait {
  /** The API parameter, e.g. `Description`. */
  name: string;
  /** Sent as declared when left out. */
  encoding?: FieldEncoding;
  /**
   * Sent when the program removes the field, to restore the service's default (already in wire form).
   * Left out, the trait's `default`; `undefined` then means the parameter is not sent at all.
   */
  reset?: unknown;
}

/** `wire(name, encoding, reset)`: the trait's `wire` member, with a reset only when one is given. */
export function wire(name: string, encoding?: FieldEncoding, ...reset: [unknown?]): WireTrait {
  return {
    name,
    ...(encoding === undefined ? {} : { encoding }),
    ...(reset.length ? { reset: reset[0] } : {}),
  };
}

/** The decimal form of an integer: numbers and digit strings alike, no leading zeros. */
export const toDecimalString = (value: unknown): unknown =>
  typeof value === "number" || typeof value === "bigint" || (typeof value === "string" && /^\d+$/.test(value))
    ? BigInt(value).toString()
    : value;

function encode(encoding: FieldEncoding | undefined, value: unknown): unknown {
  if (value === undefined || value === null || encoding === undefined) return value ?? undefined;
  if (typeof encoding === "function") return encoding(value);
  switch (encoding) {
    case "json":
      return toJsonText(value);
    case "commaList":
      return Array.isArray(value) ? value.join(",") : value;
    case "int64String":
      return String(toDecimalString(value));
  }
}

/** Every declared field that has a wire parameter, encoded: a create request (or its common part). */
export function wireParams(
  fields: Readonly<Record<string, FieldTrait>>,
  inputs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, trait] of Object.entries(fields)) {
    if (!trait.wire) continue;
    const value = encode(trait.wire.encoding, inputs[key]);
    if (value !== undefined) params[trait.wire.name] = value;
  }
  return params;
}

/**
 * The changed fields as update parameters: the declared value encoded, or the reset value when the
 * program removed the field. A changed field without a wire parameter cannot be updated in place.
 */
export function changedWireParams(
  type: string,
  fields: Readonly<Record<string, FieldTrait>>,
  changed: readonly string[],
  inputs: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const key of changed) {
    const trait = fields[key];
    if (!trait?.wire || trait.mode === "replace") throw new Error(`${type} cannot update ${key} in place`);
    const value = encode(trait.wire.encoding, inputs[key]);
    const reset = "reset" in trait.wire ? trait.wire.reset : trait.default;
    params[trait.wire.name] = value ?? reset;
  }
  return params;
}

/**
 * The update call of the in-place fields that one operation applies: the changed fields whose trait
 * names `way` in `applyWith` (by default, those that name no other way), as parameters
 * (`changedWireParams`), with the given ones (the object's identity, or a parameter the resource
 * computes itself) over them. Nothing is sent when none of them changed.
 */
export async function sendChangedFields<O extends Operation>(
  client: ApiClient,
  operation: O,
  spec: { type: string; fields: Readonly<Record<string, FieldTrait>> },
  changed: readonly string[],
  inputs: Readonly<Record<string, unknown>>,
  given: Partial<RequestOf<O>>,
  way?: string,
): Promise<void> {
  const sent = changed.filter((key) => spec.fields[key]?.applyWith === way);
  if (sent.length === 0) return;
  const params = { ...changedWireParams(spec.type, spec.fields, sent, inputs), ...given };
  await client.call(operation, params as RequestOf<O>);
}
