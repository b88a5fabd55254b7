/**
 * Plain JS <-> google.protobuf.Struct, refusing values the engine could never send.
 *
 * Engine-side values come from JSON state, so they are always Struct-safe. `Struct.fromJavaScript`
 * throws an unhelpful "Unexpected struct type." on `undefined`/BigInt/Buffer and silently turns a Date
 * into `{}` (reference §1 "Secrets", §5 B.5 #4); a test that builds such a request has a bug, so it is
 * reported with the offending path instead.
 */
import { Struct } from "./pulumi-modules";
import type { Props } from "./rpc-error";

// Realm-independent (jest runs tests in a vm context): a plain object's prototype is the end of the chain.
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function unsafePath(value: unknown, at: string): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${at} (${value})`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = unsafePath(value[i], `${at}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (typeof value === "object" && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value as Props)) {
      const bad = unsafePath(v, at ? `${at}.${k}` : k);
      if (bad) return bad;
    }
    return undefined;
  }
  const kind = value === undefined ? "undefined" : (value?.constructor?.name ?? typeof value);
  return `${at || "<root>"} (${kind})`;
}

export function toStruct(value: Props, what: string): Struct {
  const bad = unsafePath(value, "");
  if (bad)
    throw new TypeError(`${what}: value at ${bad} is not Struct-safe; the engine only sends JSON values`);
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

export function fromStruct(struct: Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}
