/**
 * Structured API parameters that users may declare either as a typed object or as JSON text (ICE
 * `Timeline`, `ClipsParam`, `MaterialMaps`, `BusinessConfig`, Yike `ModelParams`, …). Both forms
 * mean the same thing, and the service may hand the value back re-serialised, so such fields are
 * validated as JSON at check time and compared by meaning (parsed, keys sorted), never by text.
 */
import { z } from "zod";
import type { FieldMode, FieldTrait } from "./spec";

export type JsonShape = "object" | "array" | "any";

/**
 * Bounds on a JSON-or-object value, checked at `check` (the local emulator enforces the same ones):
 * a value nested deeper cannot even be serialised (JSON.stringify recurses), and a huge one only
 * fails later, at the service, after the plan was accepted.
 */
export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_BYTES = 512 * 1024;

/**
 * What breaks a limit in a parsed value, or undefined: nesting deeper than MAX_JSON_DEPTH, a number
 * JSON cannot carry (NaN, ±Infinity, or `1e400` which parses to Infinity and would be sent as null),
 * or a compact size over MAX_JSON_BYTES. Walked without recursion, whatever the depth.
 */
export function jsonLimitProblem(root: unknown): string | undefined {
  const stack: [unknown, string, number][] = [[root, "", 0]];
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value === "number" && !Number.isFinite(value)) {
      return `numbers must be finite (got ${String(value)}${path ? ` at ${path}` : ""})`;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth + 1 > MAX_JSON_DEPTH) {
      return `must nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep`;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push([item, `${path}[${index}]`, depth + 1]));
    } else {
      for (const [key, item] of Object.entries(value)) {
        stack.push([item, path ? `${path}.${key}` : key, depth + 1]);
      }
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(root) ?? "", "utf8");
  if (bytes > MAX_JSON_BYTES) return `must be at most ${MAX_JSON_BYTES} bytes as compact JSON (got ${bytes})`;
  return undefined;
}

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
        return;
      }
      const problem = jsonLimitProblem(parsed);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
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
