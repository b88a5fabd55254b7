/**
 * The Pulumi package schema, generated from the same specs the lifecycle runs: each spec's zod schema
 * (through zod's JSON Schema export) gives the input types, its field traits say which inputs replace
 * the resource, and the auto-name rule says which "required" input the provider derives itself. YAML
 * checks programs against it, `pulumi import` writes code from it and `pulumi package gen-sdk` builds
 * SDKs in other languages from it.
 */
import { z } from "zod";
import type { ResourceSpec } from "../provider/framework/spec";
import { dynamicToken, PACKAGE, resourceToken } from "./tokens";

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: unknown[];
  $ref?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
};

export type TypeSpec = Record<string, unknown>;
const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

interface PackageSchema {
  name: string;
  version: string;
  resources: Record<string, TypeSpec>;
  types: Record<string, TypeSpec>;
  [key: string]: unknown;
}

const pascal = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The plugin's configuration, read at Configure (provider/runtime/settings.ts has the fallbacks). */
const CONFIG: Record<string, TypeSpec> = {
  region: {
    type: "string",
    description: "Region of both products (else alicloud:region, ALIBABA_CLOUD_REGION_ID).",
  },
  immEndpoint: { type: "string", description: "IMM endpoint: host, host:port or http(s)://host[:port]." },
  iceEndpoint: { type: "string", description: "ICE endpoint: host, host:port or http(s)://host[:port]." },
  accessKeyId: {
    type: "string",
    description: "AccessKey ID (else ALIBABA_CLOUD_ACCESS_KEY_ID, then the default chain).",
  },
  accessKeySecret: { type: "string", secret: true, description: "AccessKey secret." },
  securityToken: { type: "string", secret: true, description: "STS security token." },
  queriesPerSecond: { type: "number", description: "Requests per second per project (default 80)." },
};

class SchemaBuilder {
  readonly types: Record<string, TypeSpec> = {};

  constructor(private readonly module: string) {}

  /** A JSON Schema node as a Pulumi type; nested objects with fields become named object types. */
  convert(node: JsonSchema, name: string): TypeSpec {
    if (node.anyOf || node.$ref || Array.isArray(node.type)) return ANY;
    switch (node.type) {
      case "string":
        return node.enum
          ? { type: "string", description: `One of: ${node.enum.join(", ")}.` }
          : { type: "string" };
      case "integer":
      case "number":
      case "boolean":
        return { type: node.type };
      case "array":
        return { type: "array", items: node.items ? this.convert(node.items, name) : ANY };
      case "object":
        return this.object(node, name);
      default:
        return ANY;
    }
  }

  private object(node: JsonSchema, name: string): TypeSpec {
    if (!node.properties) {
      const values = node.additionalProperties;
      return {
        type: "object",
        additionalProperties: values && typeof values === "object" ? this.convert(values, name) : ANY,
      };
    }
    const token = `${PACKAGE}:${this.module}:${name}`;
    this.types[token] = {
      type: "object",
      properties: this.properties(node, name),
      required: node.required ?? [],
    };
    return { $ref: `#/types/${token}` };
  }

  properties(node: JsonSchema, prefix: string): Record<string, TypeSpec> {
    return Object.fromEntries(
      Object.entries(node.properties ?? {}).map(([key, child]) => [
        key,
        this.convert(child, prefix + pascal(key)),
      ]),
    );
  }
}

function traitNote(spec: ResourceSpec, key: string): string | undefined {
  switch (spec.fields[key]?.mode) {
    case "replace":
      return "Changing this replaces the resource.";
    case "update":
    case "stateOnly":
      return "Changed in place.";
    case "ignore":
      return "Provider behaviour; never a change.";
    default:
      return undefined;
  }
}

export function resourceSchema(spec: ResourceSpec, builder: SchemaBuilder): TypeSpec {
  const json = z.toJSONSchema(spec.schema, { unrepresentable: "any", io: "input" }) as JsonSchema;
  const resourceName = spec.type.split(":")[1] ?? spec.type;
  const inputs = builder.properties(json, resourceName);
  for (const [key, property] of Object.entries(inputs)) {
    const note = traitNote(spec, key);
    if (note)
      inputs[key] = { ...property, description: [property.description, note].filter(Boolean).join(" ") };
  }
  // An auto-named field is required by the API but derived by check from the resource's name.
  const requiredInputs = (json.required ?? []).filter((key) => key !== spec.autoName?.field);
  return {
    description: `${spec.type} of pulumi-alicloud-media (the same spec as the dynamic resource).`,
    properties: inputs,
    inputProperties: inputs,
    requiredInputs,
    aliases: [{ type: dynamicToken(spec.type) }],
  };
}

export function packageSchema(specs: readonly ResourceSpec[], version: string): PackageSchema {
  const resources: Record<string, TypeSpec> = {};
  const types: Record<string, TypeSpec> = {};
  for (const spec of specs) {
    const builder = new SchemaBuilder(spec.type.split(":")[0] ?? "index");
    resources[resourceToken(spec.type)] = resourceSchema(spec, builder);
    Object.assign(types, builder.types);
  }
  return {
    name: PACKAGE,
    displayName: "Alibaba Cloud media (IMM, ICE)",
    version,
    description: "Alibaba Cloud IMM (2020-09-30) and ICE (2020-11-09) media resources.",
    license: "Apache-2.0",
    repository: "https://www.npmjs.com/package/pulumi-alicloud-media",
    config: { variables: CONFIG },
    provider: { inputProperties: CONFIG },
    resources,
    types,
    language: { nodejs: { packageName: "pulumi-alicloud-media" } },
  };
}
