/**
 * The wire facts of every IMM 2020-09-30 and ICE 2020-11-09 operation the project uses, as the official
 * generated SDK clients send them: for each parameter its placement (query or body), its SDK type,
 * whether the SDK model requires it, and its encoding style. They live in
 * `tests/fixtures/wire-reference.json`, written down once from the SDKs' request models, so the
 * operation table is compared with a record of what the SDKs do rather than with a copy of itself.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export interface ReferenceParam {
  wireName: string;
  placement: "query" | "body";
  required: boolean;
  encoding: "string" | "integer" | "boolean" | "json";
}

export interface ReferenceOperation {
  product: "imm" | "ice";
  action: string;
  version: string;
  params: Map<string, ReferenceParam>;
}

export const REFERENCE_PATH = path.resolve(__dirname, "../fixtures/wire-reference.json");

const paramFact = z.strictObject({
  in: z.enum(["query", "body"]),
  /** The parameter's type in the SDK request model (`number`, `string[]`, `CreateProjectRequestTag[]`, …). */
  type: z.string().min(1),
  required: z.boolean(),
  /** `decimal`: a number as a decimal string; `json`: a structure the SDK shrinks to a JSON string. */
  style: z.enum(["string", "decimal", "boolean", "json"]),
});

const operationFact = z.strictObject({
  /** Present on operations recorded from the SDK client directly, saying so. */
  note: z.string().optional(),
  /** POST for all but a few ICE operations the SDK sends as GET (DeleteTemplate). */
  method: z.enum(["POST", "GET"]),
  path: z.literal("/"),
  style: z.literal("RPC"),
  version: z.enum(["2020-09-30", "2020-11-09"]),
  params: z.record(z.string().regex(/^\w+$/), paramFact),
});

const referenceFile = z.record(z.string().regex(/^(imm|ice):\w+$/), operationFact);

const ENCODING: Record<z.infer<typeof paramFact>["style"], ReferenceParam["encoding"]> = {
  string: "string",
  decimal: "integer",
  boolean: "boolean",
  json: "json",
};

export function loadReferenceOperations(): Map<string, ReferenceOperation> {
  const facts = referenceFile.parse(JSON.parse(readFileSync(REFERENCE_PATH, "utf8")));
  const operations = new Map<string, ReferenceOperation>();
  for (const [key, fact] of Object.entries(facts)) {
    const [productName, action = ""] = key.split(":");
    const product = z.enum(["imm", "ice"]).parse(productName);
    const params = new Map<string, ReferenceParam>();
    for (const [wireName, param] of Object.entries(fact.params)) {
      params.set(wireName, {
        wireName,
        placement: param.in,
        required: param.required,
        encoding: ENCODING[param.style],
      });
    }
    operations.set(key, { product, action, version: fact.version, params });
  }
  return operations;
}
