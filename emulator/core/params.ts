/**
 * Typed access to one request's parameters. Everything arrives as a string (RPC style): query and
 * form body merged, numbers as decimal strings, booleans as "true"/"false", structures JSON-encoded.
 * Every accessor failure names the parameter and the rule, with the product's documented code.
 */
import { type ErrorStyle, invalidJson, invalidParameter, missingParameter } from "./errors";
import { jsonLimitViolation, nonFiniteNumberPath } from "./limits";

export interface StringRules {
  minLength?: number;
  maxLength?: number;
  /** Length counted in UTF-8 bytes instead of characters (ICE titles). */
  bytes?: boolean;
  pattern?: RegExp;
  /** Human wording of `pattern`, used in the error message. */
  patternRule?: string;
  oneOf?: readonly string[];
}

export interface IntegerRules {
  min?: number;
  max?: number;
}

/**
 * Parses a JSON parameter within the emulator's limits (size, nesting, finite numbers); every
 * failure names the parameter. Handlers with their own JSON wording still go through here.
 */
export function parseJsonParameter(style: ErrorStyle, name: string, text: string): unknown {
  const violation = jsonLimitViolation(text);
  if (violation) throw invalidParameter(style, name, violation);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidJson(style, name, (error as Error).message);
  }
  const path = nonFiniteNumberPath(parsed, name);
  if (path) throw invalidParameter(style, path, "numbers must be finite (JSON has no NaN or Infinity)");
  return parsed;
}

export class Params {
  /** A Map, so a parameter named `constructor` or `__proto__` is just a parameter. */
  private readonly values: ReadonlyMap<string, string>;

  constructor(
    values: Readonly<Record<string, string>>,
    readonly style: ErrorStyle,
  ) {
    this.values = new Map(Object.entries(values));
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  raw(name: string): string | undefined {
    return this.values.get(name);
  }

  string(name: string, rules: StringRules = {}): string | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    const length = rules.bytes ? Buffer.byteLength(value, "utf8") : [...value].length;
    const unit = rules.bytes ? "bytes" : "characters";
    if (rules.minLength !== undefined && length < rules.minLength) {
      throw invalidParameter(this.style, name, `must be at least ${rules.minLength} ${unit} (got ${length})`);
    }
    if (rules.maxLength !== undefined && length > rules.maxLength) {
      throw invalidParameter(this.style, name, `must be at most ${rules.maxLength} ${unit} (got ${length})`);
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      throw invalidParameter(
        this.style,
        name,
        `${rules.patternRule ?? `must match ${rules.pattern}`} (got "${value}")`,
      );
    }
    if (rules.oneOf && !rules.oneOf.includes(value)) {
      throw invalidParameter(this.style, name, `must be one of ${rules.oneOf.join(", ")} (got "${value}")`);
    }
    return value;
  }

  /** An empty value counts as not provided (what the SDK sends for `""`), before any other rule. */
  requiredString(name: string, rules: StringRules = {}): string {
    const value = this.values.get(name);
    if (value === undefined || value === "") throw missingParameter(this.style, name);
    return this.string(name, rules) as string;
  }

  integer(name: string, rules: IntegerRules = {}): number | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === "") return undefined;
    if (!/^-?\d+$/.test(value))
      throw invalidParameter(this.style, name, `must be an integer (got "${value}")`);
    const parsed = Number(value);
    if (rules.min !== undefined && parsed < rules.min) {
      throw invalidParameter(this.style, name, `must be at least ${rules.min} (got ${value})`);
    }
    if (rules.max !== undefined && parsed > rules.max) {
      throw invalidParameter(this.style, name, `must be at most ${rules.max} (got ${value})`);
    }
    return parsed;
  }

  boolean(name: string): boolean | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === "") return undefined;
    if (value === "true") return true;
    if (value === "false") return false;
    throw invalidParameter(this.style, name, `must be "true" or "false" (got "${value}")`);
  }

  /** A JSON-encoded ("shrunk") structure; `shape` says whether an object or an array is expected. */
  json<T>(name: string, shape: "object" | "array"): T | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === "") return undefined;
    const parsed = parseJsonParameter(this.style, name, value);
    const ok = shape === "array" ? Array.isArray(parsed) : isPlainObject(parsed);
    if (!ok) throw invalidJson(this.style, name, `expected a JSON ${shape}`);
    return parsed as T;
  }

  requiredJson<T>(name: string, shape: "object" | "array"): T {
    const value = this.json<T>(name, shape);
    if (value === undefined) throw missingParameter(this.style, name);
    return value;
  }

  /** RFC 3339 timestamp (e.g. `2021-06-29T14:50:13+08:00`); returns epoch milliseconds. */
  time(name: string): number | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === "") return undefined;
    return parseRfc3339(value, (rule) => invalidParameter(this.style, name, rule));
  }
}

export function parseRfc3339(value: string, fail: (rule: string) => Error): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value))
    throw fail(`must be an RFC 3339 time such as 2021-06-29T14:50:13+08:00 (got "${value}")`);
  const parsed = Date.parse(value.replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(parsed)) throw fail(`is not a valid date (got "${value}")`);
  return parsed;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
