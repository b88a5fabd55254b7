/**
 * Property-based: the semantic JSON comparison behind ice.EditingProject's `timeline`, `clipsParam`,
 * `materialMaps` and `businessConfig` (provider/framework/json-value.ts, through the spec's traits).
 * - any JSON value, written out again in any way (keys reordered, any indentation, numbers in exponent
 *   form, characters \u-escaped) or given as the object itself, compares equal: never a diff;
 * - any real change (a leaf changed, a key added, removed or renamed, an array element added, removed
 *   or moved) compares unequal: always a diff.
 */
import fc from "fast-check";
import { classifyChanges, equalAfterNormalising } from "../../provider/framework/lifecycle";
import { canonicalJsonText, sameJson, toJsonText } from "../../provider/framework/json-value";
import type { ResourceSpec } from "../../provider/framework/spec";
import { editingProjectSpec } from "../../provider/ice/editing-project";

const spec = editingProjectSpec as unknown as ResourceSpec;
const JSON_FIELDS = ["timeline", "clipsParam", "materialMaps", "businessConfig"] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How a serialiser may legitimately write the same value. */
interface Style {
  indent: string;
  /** Permutation seeds for object keys, consumed in order. */
  seeds: number[];
  exponent: boolean;
  escapeUnicode: boolean;
  spaceAfterColon: boolean;
}

function writeString(value: string, style: Style): string {
  const text = JSON.stringify(value);
  return style.escapeUnicode
    ? text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    : text;
}

function writeNumber(value: number, style: Style): string {
  if (!style.exponent || value === 0) return JSON.stringify(value);
  return value.toExponential().replace("e+", "E+"); // parses back to exactly the same number
}

/** A re-serialisation: same meaning, other text. */
function reserialise(value: Json, style: Style, depth = 0): string {
  const pad = (d: number) => (style.indent ? `\n${style.indent.repeat(d)}` : "");
  let seedIndex = 0;
  const nextSeed = () => style.seeds[seedIndex++ % Math.max(1, style.seeds.length)] ?? 0;
  const go = (v: Json, d: number): string => {
    if (v === null || typeof v === "boolean") return JSON.stringify(v);
    if (typeof v === "number") return writeNumber(v, style);
    if (typeof v === "string") return writeString(v, style);
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      return `[${v.map((item) => `${pad(d + 1)}${go(item, d + 1)}`).join(",")}${pad(d)}]`;
    }
    const keys = Object.keys(v);
    // Fisher–Yates driven by the seeds: any order of the keys.
    for (let i = keys.length - 1; i > 0; i--) {
      const j = nextSeed() % (i + 1);
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    if (keys.length === 0) return "{}";
    const colon = style.spaceAfterColon ? ": " : ":";
    return `{${keys.map((k) => `${pad(d + 1)}${writeString(k, style)}${colon}${go(v[k]!, d + 1)}`).join(",")}${pad(d)}}`;
  };
  return go(value, depth);
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.constantFrom("", " ", "  ", "    ", "\t"),
  seeds: fc.array(fc.nat(), { maxLength: 20 }),
  exponent: fc.boolean(),
  escapeUnicode: fc.boolean(),
  spaceAfterColon: fc.boolean(),
});

const jsonArb = fc.jsonValue() as fc.Arbitrary<Json>;
const objectArb = fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<{ [key: string]: Json }>;

/** Key-order-insensitive equality of parsed JSON (what "the same meaning" is). */
function deepEqual(a: Json, b: Json): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!))
    );
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(a[k]!, b[k]!));
  }
  // JSON has one zero.
  return a === b || (typeof a === "number" && typeof b === "number" && a === 0 && b === 0);
}

function changeScalar(value: Json): Json {
  if (typeof value === "number") return value + 1 !== value ? value + 1 : value / 2;
  if (typeof value === "string") return `${value}x`;
  if (typeof value === "boolean") return !value;
  return 0; // null
}

/** One real change somewhere in the value, steered by `choices`. */
function mutate(value: Json, choices: number[], at = 0): Json {
  const choice = choices[at % choices.length] ?? 0;
  const deeper = at < choices.length - 1;
  if (Array.isArray(value)) {
    const op = value.length === 0 ? 0 : choice % 4;
    const i = value.length === 0 ? 0 : (choices[(at + 1) % choices.length] ?? 0) % value.length;
    if (op === 0) return [...value, null];
    if (op === 1) return value.filter((_, index) => index !== i);
    if (op === 2 && deeper)
      return value.map((item, index) => (index === i ? mutate(item, choices, at + 2) : item));
    // Move an element to the end: a change unless every element is the same.
    const moved = [...value.slice(0, i), ...value.slice(i + 1), value[i]!];
    return moved.some((item, index) => !deepEqual(item, value[index]!)) ? moved : [...value, null];
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    const op = keys.length === 0 ? 0 : choice % 4;
    const key = keys.length === 0 ? "" : keys[(choices[(at + 1) % choices.length] ?? 0) % keys.length]!;
    const copy = (): { [k: string]: Json } => Object.fromEntries(Object.entries(value));
    if (op === 0) {
      let fresh = "k";
      while (keys.includes(fresh)) fresh += "k";
      const out = copy();
      Object.defineProperty(out, fresh, {
        value: null,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return out;
    }
    if (op === 1) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
    if (op === 2 && deeper) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === key ? mutate(v, choices, at + 2) : v]),
      );
    }
    let renamed = `${key}_`;
    while (keys.includes(renamed)) renamed += "_";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === key ? renamed : k, v]));
  }
  return changeScalar(value);
}

const RUNS = { numRuns: 300 };

describe("semantic JSON comparison (property-based)", () => {
  it("any JSON value equals any re-serialisation of it, and itself given as an object", () => {
    fc.assert(
      fc.property(jsonArb, styleArb, (value, style) => {
        const text = reserialise(value, style);
        expect(deepEqual(JSON.parse(text) as Json, value)).toBe(true); // the writer is faithful
        expect(sameJson(text, JSON.stringify(value))).toBe(true);
        // A string given "as itself" is JSON text by the fields' contract; every other value may be
        // given as the structure itself.
        if (typeof value !== "string") {
          expect(sameJson(text, value)).toBe(true);
          expect(sameJson(value, text)).toBe(true);
          expect(sameJson(toJsonText(value), value)).toBe(true); // the wire form too
        }
      }),
      RUNS,
    );
  });

  it("any real change compares unequal, in whichever form either side is written", () => {
    fc.assert(
      fc.property(
        jsonArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        styleArb,
        (value, choices, style) => {
          const changed = mutate(value, choices);
          fc.pre(!deepEqual(changed, value));
          const [a, b] = [JSON.stringify(value), JSON.stringify(changed)];
          expect(sameJson(a, b)).toBe(false);
          expect(sameJson(reserialise(value, style), b)).toBe(false);
          expect(sameJson(a, reserialise(changed, style))).toBe(false);
          if (typeof value !== "string" && typeof changed !== "string") {
            expect(sameJson(value, changed)).toBe(false);
          }
        },
      ),
      RUNS,
    );
  });

  it("the canonical text is a function of the meaning only", () => {
    fc.assert(
      fc.property(jsonArb, styleArb, (value, style) => {
        expect(canonicalJsonText(JSON.parse(reserialise(value, style)))).toBe(canonicalJsonText(value));
      }),
      RUNS,
    );
  });
});

describe("ice.EditingProject JSON fields through the spec (property-based)", () => {
  it.each(JSON_FIELDS)("%s: a re-serialised value is never a diff; a real change always is", (field) => {
    const mode = spec.fields[field]!.mode;
    fc.assert(
      fc.property(
        objectArb,
        styleArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        (value, style, choices) => {
          // State holds the service's text (or the declared object); the program declares the other form.
          const serverText = reserialise(value, style);
          expect(equalAfterNormalising(spec, field, serverText, value)).toBe(true);
          expect(classifyChanges(spec, { [field]: serverText }, { [field]: value })).toEqual({
            replaces: [],
            updates: [],
          });
          const changed = mutate(value, choices);
          fc.pre(!deepEqual(changed, value));
          expect(classifyChanges(spec, { [field]: serverText }, { [field]: changed })).toEqual(
            mode === "replace" ? { replaces: [field], updates: [] } : { replaces: [], updates: [field] },
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keys that are special in JavaScript (__proto__, constructor) are compared like any other", () => {
    expect(sameJson('{"__proto__":1}', "{}")).toBe(false);
    expect(sameJson('{"__proto__":{"a":1}}', '{"__proto__":{"a":2}}')).toBe(false);
    expect(sameJson('{"__proto__":1,"constructor":2}', '{ "constructor": 2, "__proto__": 1 }')).toBe(true);
  });
});
