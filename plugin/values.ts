/**
 * Values between the engine's protobuf Structs and the lifecycle's plain objects.
 *
 * The plugin tells the engine it accepts secrets, so a secret input arrives wrapped in Pulumi's secret
 * envelope. The lifecycle wants plain values plus the names of the secret inputs (so check never
 * quotes them, the same list the program-side classes send); the outputs of those inputs go back
 * wrapped, so the state keeps them encrypted.
 */
import { SECRET_INPUTS } from "../provider/framework/lifecycle";
import { toPlain, type Plain } from "../provider/framework/plain";
import { Struct } from "./proto";

/** Pulumi's special-signature key and the value that marks a secret. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

function isSecret(value: unknown): value is { value?: unknown } {
  return (
    value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Removes every secret envelope; `found` says whether there was one. */
function reveal(value: unknown, found: { secret: boolean }): unknown {
  if (isSecret(value)) {
    found.secret = true;
    return reveal(value.value, found);
  }
  if (Array.isArray(value)) return value.map((item) => reveal(item, found));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reveal(item, found)]));
  return value;
}

/**
 * The plain inputs and the names of the top-level inputs that held a secret anywhere inside, merged
 * with those a previous check recorded (an input once secret stays secret).
 */
export function unwrapSecrets(props: Props): { plain: Props; secretKeys: string[] } {
  const plain: Props = {};
  const secretKeys = new Set<string>(
    Array.isArray(props[SECRET_INPUTS]) ? props[SECRET_INPUTS].filter((k) => typeof k === "string") : [],
  );
  for (const [key, value] of Object.entries(props)) {
    const found = { secret: false };
    plain[key] = reveal(value, found);
    if (found.secret) secretKeys.add(key);
  }
  return { plain, secretKeys: [...secretKeys].sort() };
}

/** Wraps the named top-level properties in the secret envelope. */
export function wrapSecrets(
  props: Record<string, Plain>,
  secretKeys: readonly string[],
): Record<string, Plain> {
  const out = { ...props };
  for (const key of secretKeys) {
    const value = out[key];
    if (value !== undefined && value !== null && key !== SECRET_INPUTS)
      out[key] = { [SIG_KEY]: SECRET_SIG, value };
  }
  return out;
}

export function fromStruct(struct: Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}

/** A Struct from anything: `undefined` anywhere inside (which makes `fromJavaScript` throw) is dropped. */
export function toStruct(value: Props): Struct {
  return Struct.fromJavaScript((toPlain(value) ?? {}) as Record<string, Plain>);
}

/**
 * The resource type from a URN (`urn:pulumi:<stack>::<project>::<parent types$>type::<name>`): the
 * last `$`-separated part of the type chain. Older engines send only the URN.
 */
export function typeFromUrn(urn: string): string {
  const parts = urn.split("::");
  const chain = parts[2] ?? "";
  return chain.slice(chain.lastIndexOf("$") + 1);
}

export function nameFromUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}
