/**
 * One row per input field (nested fields of objects and array items too) from a spec's zod schema:
 * its type and the rules the provider's check enforces. Types and built-in constraints come from
 * zod's own JSON Schema conversion; refinements (`.refine(fn, "message")`) carry their message,
 * which is written as a rule ("must hold at most 100 labels"), so it is quoted.
 */
import { z } from "zod";

export interface SchemaRow {
  /** `input.oss.bucket`, `actions[].name`. */
  path: string;
  depth: number;
  required: boolean;
  type: string;
  rules: string[];
  /** The JSON Schema of the field, for example values. */
  json: Json;
}

export type Json = { [key: string]: unknown };

/** The part of a zod node's definition this module reads (zod's documented `_zod.def`). */
interface ZodDef {
  type?: string;
  innerType?: unknown;
  in?: unknown;
  shape?: Record<string, unknown>;
  element?: unknown;
  checks?: { _zod?: { def?: { check?: string; error?: (issue: object) => unknown } } }[];
}

function defOf(node: unknown): ZodDef {
  return (node as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def ?? {};
}

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"]);

/** Unwraps optional/default/… and pipes, collecting refinement messages on the way. */
function unwrap(node: unknown): { node: unknown; messages: string[] } {
  const messages: string[] = [];
  let current = node;
  for (let i = 0; i < 16; i++) {
    const def = defOf(current);
    for (const check of def.checks ?? []) {
      const checkDef = check._zod?.def;
      if (checkDef?.check !== "custom" || typeof checkDef.error !== "function") continue;
      const message = checkDef.error({});
      if (typeof message === "string" && message !== "") messages.push(message);
    }
    if (def.type !== undefined && WRAPPERS.has(def.type)) current = def.innerType;
    else if (def.type === "pipe") current = def.in;
    else break;
  }
  return { node: current, messages };
}

const asJson = (value: unknown): Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};

const isJsonText = (node: Json): boolean => {
  const kinds = Array.isArray(node.anyOf) ? node.anyOf.map((n) => asJson(n).type) : [];
  return kinds.includes("string") && kinds.includes("object") && kinds.includes("array");
};

/** A short, TypeScript-like type: `string`, `integer`, `"A" | "B"`, `map of string`, `object[]`. */
export function typeText(node: Json): string {
  if (typeof node.$ref === "string") return "any JSON value";
  if (Array.isArray(node.enum)) return node.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  if (isJsonText(node)) return "JSON (object, array, or JSON text)";
  if (Array.isArray(node.anyOf)) return node.anyOf.map((n) => typeText(asJson(n))).join(" \\| ");
  const type = node.type;
  if (Array.isArray(type)) return type.join(" \\| ");
  if (type === "array") {
    const item = typeText(asJson(node.items));
    return item.includes(" ") ? `(${item})[]` : `${item}[]`;
  }
  if (type === "object") {
    if (node.properties !== undefined) return "object";
    const values = node.additionalProperties;
    return typeof values === "object" && values !== null && Object.keys(values).length > 0
      ? `map of ${typeText(asJson(values))}`
      : "object";
  }
  return typeof type === "string" ? type : "any";
}

const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;

/** The constraints JSON Schema states, in words. */
function constraintRules(node: Json): string[] {
  const rules: string[] = [];
  const { minLength, maxLength, minimum, maximum, minItems, maxItems, pattern } = node;
  if (typeof minLength === "number" && typeof maxLength === "number")
    rules.push(`${minLength}–${count(maxLength, "character")}`);
  else if (typeof maxLength === "number") rules.push(`at most ${count(maxLength, "character")}`);
  else if (minLength === 1) rules.push("not empty");
  else if (typeof minLength === "number") rules.push(`at least ${count(minLength, "character")}`);
  if (typeof minimum === "number" && typeof maximum === "number")
    rules.push(`${minimum.toLocaleString("en-US")}–${maximum.toLocaleString("en-US")}`);
  else if (typeof minimum === "number") rules.push(`at least ${minimum.toLocaleString("en-US")}`);
  else if (typeof maximum === "number") rules.push(`at most ${maximum.toLocaleString("en-US")}`);
  if (typeof minItems === "number") rules.push(`at least ${count(minItems, "item")}`);
  if (typeof maxItems === "number") rules.push(`at most ${count(maxItems, "item")}`);
  if (typeof pattern === "string") rules.push(`matches \`${pattern.replace(/\|/g, "\\|")}\``);
  if (asJson(node.propertyNames).minLength === 1) rules.push("keys not empty");
  return rules;
}

function walk(
  json: Json,
  zodNode: unknown,
  path: string,
  depth: number,
  required: boolean,
  rows: SchemaRow[],
): void {
  const { node, messages } = unwrap(zodNode);
  const rules = [...constraintRules(json), ...messages.map((m) => `“${m}”`)];
  if (json.type === "array") rules.push(...constraintRules(asJson(json.items)).map((r) => `each: ${r}`));
  rows.push({ path, depth, required, type: typeText(json), rules, json });
  if (depth >= 4) return;
  if (json.type === "object" && json.properties !== undefined) {
    walkProperties(json, defOf(node).shape ?? {}, path, depth + 1, rows);
  } else if (json.type === "array") {
    const items = asJson(json.items);
    const element = unwrap(defOf(node).element).node;
    if (items.type === "object" && items.properties !== undefined)
      walkProperties(items, defOf(element).shape ?? {}, `${path}[]`, depth + 1, rows);
  }
}

function walkProperties(
  json: Json,
  shape: Record<string, unknown>,
  prefix: string,
  depth: number,
  rows: SchemaRow[],
): void {
  const required = new Set(Array.isArray(json.required) ? json.required : []);
  for (const [key, value] of Object.entries(asJson(json.properties))) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    walk(asJson(value), shape[key], path, depth, required.has(key), rows);
  }
}

/** Rows in schema order, each object's fields right after it. */
export function schemaRows(schema: z.ZodObject): SchemaRow[] {
  const json = asJson(z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }));
  const rows: SchemaRow[] = [];
  walkProperties(json, schema.shape, "", 0, rows);
  return rows;
}
