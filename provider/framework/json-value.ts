/**
 * Structured API parameters that users may declare either as a typed object or as JSON text (ICE
 * `Timeline`, `ClipsParam`, `MaterialMaps`, `BusinessConfig`, Yike `ModelParams`, …). Both forms
 * mean the same thing, and the service may hand the value back re-serialised, so such fields are
 * validated as JSON at check time and compared by meaning (parsed, keys sorted), never by text.
 */
import { z } from "zod";
import type { FieldMode, FieldTrait } from "./spec";

export type JsonShape = "object" | "array" | "any";

function shapeOf(value: unknown): "object" | "array" | "scalar" {
  if (Array.isArray(value)) return "array";
  return value !== null && typeof value === "object" ? "object" : "scalar";
}

/** Parses JSON text, or returns the value unchanged when it is not a string (already structured). */
export function parseJsonText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // not JSON: left as text, so a comparison with real JSON reports a change
  }
}

/**
 * A zod schema for a JSON-or-object input. A string must parse as JSON, and the parsed (or given)
 * value must have the expected shape; the error names the rule and, for bad text, where parsing stopped.
 */
export function jsonValue(shape: JsonShape = "object") {
  return z
    .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
    .superRefine((value, ctx) => {
      let parsed: unknown = value;
      if (typeof value === "string") {
        try {
          parsed = JSON.parse(value) as unknown;
        } catch (error) {
          ctx.addIssue({
            code: "custom",
            message: `must be a JSON ${shape === "any" ? "document" : shape} or a JSON string that parses (${(error as Error).message})`,
          });
          return;
        }
      }
      if (shape !== "any" && shapeOf(parsed) !== shape) {
        ctx.addIssue({ code: "custom", message: `must be a JSON ${shape}, not ${shapeOf(parsed)}` });
      }
    });
}

/**
 * One text per meaning: keys sorted at every level, no whitespace, numbers as JSON writes them
 * (`1.0` and `1e0` are `1`). Built as text rather than as a re-keyed object so that a key such as
 * `__proto__` (legal in JSON, and produced by JSON.parse as an own property) is compared like any
 * other key instead of being swallowed by an object literal's prototype setter.
 */
export function canonicalJsonText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJsonText).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJsonText(record[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The comparison form of a JSON-or-object value: its canonical text. Text that is not JSON (refused
 * at check, but possibly found in old state) is kept apart, so it never equals a JSON value.
 */
export function normalizeJson(value: unknown): string {
  if (typeof value === "string") {
    try {
      return `json:${canonicalJsonText(JSON.parse(value))}`;
    } catch {
      return `text:${value}`;
    }
  }
  return `json:${canonicalJsonText(value)}`;
}

/** Whether two JSON-or-object values mean the same (whatever their form, key order or spacing). */
export function sameJson(a: unknown, b: unknown): boolean {
  return normalizeJson(a) === normalizeJson(b);
}

/** The field trait of a JSON-or-object input: equal meaning, no diff. */
export function jsonTrait(mode: FieldMode): FieldTrait {
  return { mode, normalize: normalizeJson };
}

/** The wire form: one compact JSON string, whichever form the user declared. */
export function toJsonText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.stringify(parseJsonText(value));
}
