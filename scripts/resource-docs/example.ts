/**
 * A minimal example per resource: only the required fields (the auto-named one left to the
 * provider), each with a value that satisfies its schema. A string takes the first candidate that
 * matches the field's length and pattern: an `e.g. \`…\`` from the SDK's doc comment, then a name
 * made from the field's key, then a few common shapes (OSS, HTTPS). The generator runs the
 * provider's own check over the result, so an example on a page is always accepted.
 */
import type { Json, SchemaRow } from "./schema-rows";

export type Value = string | number | boolean | Value[] | { [key: string]: Value };

const asJson = (value: unknown): Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};

const kebab = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

function stringCandidates(key: string, doc: string): string[] {
  const examples = [...doc.matchAll(/e\.g\. `([^`]+)`/g)].map((m) => m[1]!);
  const stem = kebab(key.replace(/(Name|Id|Url|Uri)$/, "")) || "example";
  return [
    ...examples,
    `my-${stem}`,
    "oss://my-bucket",
    "oss://my-bucket/path/to/object",
    "https://example.com/path/to/object",
    "example",
  ];
}

function fits(node: Json, text: string): boolean {
  if (typeof node.minLength === "number" && text.length < node.minLength) return false;
  if (typeof node.maxLength === "number" && text.length > node.maxLength) return false;
  return typeof node.pattern !== "string" || new RegExp(node.pattern).test(text);
}

function jsonExample(doc: string): Value | undefined {
  const text = [...doc.matchAll(/e\.g\. `(\{[^`]+\})`/g)][0]?.[1];
  return text === undefined ? undefined : (JSON.parse(text) as Value);
}

/** A value for a JSON Schema node; `docs` maps field paths to the SDK's doc comments. */
function sample(node: Json, path: string, docs: Map<string, string>): Value {
  const key = path.replace(/\[\]/g, "").split(".").pop() ?? path;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0] as Value;
  // An object-or-JSON-text field: the SDK's `e.g. \`{…}\`` when it gives one (a config some types need).
  if (Array.isArray(node.anyOf)) return jsonExample(docs.get(path) ?? "") ?? {};
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case "boolean":
      return true;
    case "integer":
    case "number":
      return typeof node.minimum === "number" ? node.minimum : 1;
    case "array":
      return [sample(asJson(node.items), `${path}[]`, docs)];
    case "object": {
      const out: { [key: string]: Value } = {};
      const required = Array.isArray(node.required) ? node.required : [];
      for (const [child, schema] of Object.entries(asJson(node.properties))) {
        if (required.includes(child)) out[child] = sample(asJson(schema), `${path}.${child}`, docs);
      }
      return out;
    }
    default: {
      const found = stringCandidates(key, docs.get(path) ?? "").find((text) => fits(node, text));
      if (found === undefined) throw new Error(`no example value fits ${path} (${JSON.stringify(node)})`);
      return found;
    }
  }
}

/** The example's arguments: every required top-level field except the auto-named one. */
export function exampleArgs(
  rows: readonly SchemaRow[],
  docs: Map<string, string>,
  autoNamed: string | undefined,
): { [key: string]: Value } {
  const args: { [key: string]: Value } = {};
  for (const row of rows) {
    if (row.depth === 0 && row.required && row.path !== autoNamed)
      args[row.path] = sample(row.json, row.path, docs);
  }
  return args;
}

/**
 * The example with the optional fields a cross-field check asked for (e.g. one source of several, a
 * setting the chosen target needs), each given a sample value; nested paths (`a.b`) included.
 */
export function withFieldsAskedFor(
  rows: readonly SchemaRow[],
  docs: Map<string, string>,
  args: { [key: string]: Value },
  properties: readonly string[],
): { [key: string]: Value } {
  const out = structuredClone(args);
  for (const property of properties) {
    const row = rows.find((r) => r.path === property);
    if (!row) continue;
    const parts = property.split(".");
    let parent: { [key: string]: Value } = out;
    for (const part of parts.slice(0, -1)) {
      const next = parent[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) break;
      parent = next;
    }
    parent[parts.at(-1)!] ??= sample(row.json, row.path, docs);
  }
  return out;
}

/** A value as TypeScript source, inline. */
function literal(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${k}: ${literal(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** `const batch = new media.imm.Batch("batch", { … });` */
export function exampleSource(
  className: string,
  logicalName: string,
  args: { [key: string]: Value },
): string {
  const variable = logicalName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const entries = Object.entries(args);
  const body =
    entries.length === 0 ? "{}" : `{\n${entries.map(([k, v]) => `  ${k}: ${literal(v)},\n`).join("")}}`;
  return [
    'import * as media from "pulumi-alicloud-media";',
    "",
    `const ${variable} = new ${className}("${logicalName}", ${body});`,
  ].join("\n");
}

/** The same example for the provider plugin, as a Pulumi YAML program (JSON values are YAML). */
export function exampleYaml(type: string, logicalName: string, args: { [key: string]: Value }): string {
  const entries = Object.entries(args);
  return [
    "resources:",
    `  ${logicalName}:`,
    `    type: alicloud-media:${type}`,
    ...(entries.length === 0
      ? []
      : ["    properties:", ...entries.map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`)]),
  ].join("\n");
}
