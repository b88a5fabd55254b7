/**
 * Reads the operation tables of the shared wire-protocol reference
 * (`../shared/reference/alibaba-imm-ice-api.md`), so tests compare the provider's operation table with
 * the document that records what the official SDKs send, rather than with a copy of itself.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export interface ReferenceParam {
  wireName: string;
  placement: "query" | "body";
  required: boolean;
  encoding: "string" | "integer" | "boolean" | "json";
}

export interface ReferenceOperation {
  product: "imm" | "ice";
  action: string;
  params: Map<string, ReferenceParam>;
}

export const REFERENCE_PATH = path.resolve(__dirname, "../../../shared/reference/alibaba-imm-ice-api.md");

function encodingOf(sdkType: string, wire: string): ReferenceParam["encoding"] {
  if (wire.startsWith("JSON string (SDK")) return "json";
  if (wire === "decimal string") return "integer";
  if (wire === '"true"/"false"') return "boolean";
  if (sdkType === "number") return "integer";
  return "string";
}

export function loadReferenceOperations(): Map<string, ReferenceOperation> {
  const text = readFileSync(REFERENCE_PATH, "utf8");
  const operations = new Map<string, ReferenceOperation>();
  const sections = text.split(/^#### /m).slice(1);
  for (const section of sections) {
    const heading = /^(IMM|ICE) `(\w+)`/.exec(section);
    if (!heading) continue;
    const product = heading[1]!.toLowerCase() as "imm" | "ice";
    const action = heading[2]!;
    const params = new Map<string, ReferenceParam>();
    for (const line of section.split("\n")) {
      const row = /^\| `(\w+)` \| (query|body) \| ([^|]+) \| ([YN]) \| ([^|]+) \|/.exec(line);
      if (!row) continue;
      params.set(row[1]!, {
        wireName: row[1]!,
        placement: row[2] as "query" | "body",
        required: row[4] === "Y",
        encoding: encodingOf(row[3]!.trim(), row[5]!.trim()),
      });
    }
    operations.set(`${product}:${action}`, { product, action, params });
  }
  return operations;
}
