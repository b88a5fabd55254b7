/**
 * Outputs travel to the engine as protobuf Structs: `undefined` (even nested) fails the call with
 * "Unexpected struct type", a Date silently becomes {}, BigInt fails, integers above 2^53 lose
 * precision. Everything a provider returns goes through here.
 */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

export function toPlain(value: unknown): Plain | undefined {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toPlain(item) ?? null);
  const out: { [key: string]: Plain } = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const plain = toPlain(item);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

export function toPlainObject(value: Record<string, unknown>): Record<string, Plain> {
  return toPlain(value) as Record<string, Plain>;
}

/** Canonical JSON: sorted keys, so that equal values compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(toPlain(value) ?? null));
}

function sortKeys(value: Plain): Plain {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key]!)]),
    );
  }
  return value;
}
