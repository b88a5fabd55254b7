/**
 * The framework's small helpers, each checked for what a resource relies on: values the engine can
 * carry (plain.ts), unknowns during preview (unknowns.ts), wait budgets and failure meanings (kit.ts),
 * requests built from wire traits (wire.ts), check-failure reasons (check-reason.ts).
 */
import { z } from "zod";
import { checkReason, maskSecretValues } from "../../provider/framework/check-reason";
import {
  MAX_JSON_BYTES,
  MAX_JSON_DEPTH,
  canonicalJsonText,
  jsonLimitProblem,
  jsonValue,
  parseJsonText,
  sameJson,
  toJsonText,
} from "../../provider/framework/json-value";
import {
  afterIdKnown,
  deadlineIn,
  freeTextAutoName,
  outcomeUnknown,
  waitBudget,
} from "../../provider/framework/kit";
import { canonicalJson, toPlain, toPlainObject } from "../../provider/framework/plain";
import { PartialCreateError, type FieldTrait } from "../../provider/framework/spec";
import { UNKNOWN, containsUnknown } from "../../provider/framework/unknowns";
import {
  changedWireParams,
  sendChangedFields,
  toDecimalString,
  wire,
  wireParams,
} from "../../provider/framework/wire";
import type { ApiClient } from "../../provider/runtime/client";
import { AlibabaApiError } from "../../provider/runtime/errors";
import { registerSecret } from "../../provider/runtime/redact";

describe("plain values (what a protobuf Struct can carry)", () => {
  it("drops undefined, functions and symbols; keeps null, booleans and strings as they are", () => {
    expect(toPlain(undefined)).toBeUndefined();
    expect(toPlain(() => 1)).toBeUndefined();
    expect(toPlain(Symbol("s"))).toBeUndefined();
    expect(toPlain(null)).toBeNull();
    expect(toPlain(false)).toBe(false);
    expect(toPlain("")).toBe("");
    expect(toPlain("text")).toBe("text");
  });

  it("numbers stay numbers unless not finite; bigints and dates become strings", () => {
    expect(toPlain(0)).toBe(0);
    expect(toPlain(-2.5)).toBe(-2.5);
    expect(toPlain(Number.NaN)).toBeNull();
    expect(toPlain(Infinity)).toBeNull();
    expect(toPlain(10n ** 18n)).toBe("1000000000000000000");
    expect(toPlain(new Date("2026-12-02T00:00:00Z"))).toBe("2026-12-02T00:00:00.000Z");
  });

  it("arrays keep their length (a dropped item becomes null); objects drop undefined members", () => {
    expect(toPlain([1, undefined, () => 2, "x"])).toEqual([1, null, null, "x"]);
    expect(toPlainObject({ a: 1, b: undefined, c: { d: undefined, e: [new Date(0)] } })).toEqual({
      a: 1,
      c: { e: ["1970-01-01T00:00:00.000Z"] },
    });
    expect(Object.keys(toPlainObject({ a: undefined, b: null }))).toEqual(["b"]);
  });

  it("canonical JSON sorts keys at every depth, inside arrays too, and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson([2, 1])).toBe("[2,1]");
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson("x")).toBe('"x"');
  });
});

describe("unknown values during preview", () => {
  it("finds the sentinel at any depth, and nothing else counts", () => {
    expect(containsUnknown(UNKNOWN)).toBe(true);
    expect(containsUnknown([1, [UNKNOWN]])).toBe(true);
    expect(containsUnknown({ a: { b: UNKNOWN } })).toBe(true);
    expect(containsUnknown({ a: [{ b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ [UNKNOWN]: 1 })).toBe(false);
    expect(containsUnknown([1, "x", null, { a: null }])).toBe(false);
    expect(containsUnknown(null)).toBe(false);
    expect(containsUnknown(`${UNKNOWN} `)).toBe(false);
  });
});

describe("kit", () => {
  it("a deadline counts down from its budget and never below zero", async () => {
    const deadline = deadlineIn(60_000);
    expect(deadline.remainingMs()).toBeGreaterThan(59_000);
    expect(deadline.remainingMs()).toBeLessThanOrEqual(60_000);
    const spent = deadlineIn(5);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(spent.remainingMs()).toBe(0);
  });

  it("waitTimeoutSeconds is used when it is a number, else the default; both in seconds", () => {
    expect(waitBudget(2, 600).remainingMs()).toBeGreaterThan(1_000);
    expect(waitBudget(2, 600).remainingMs()).toBeLessThanOrEqual(2_000);
    expect(waitBudget(undefined, 3).remainingMs()).toBeGreaterThan(2_000);
    expect(waitBudget(undefined, 3).remainingMs()).toBeLessThanOrEqual(3_000);
    expect(waitBudget("2", 3).remainingMs()).toBeGreaterThan(2_000);
  });

  it("a failure once the object exists becomes partial state that names it and what happened", () => {
    const observed = { id: "t-1", outputs: { status: "half" } };
    const partial = afterIdKnown(new Error("poll failed"), observed, "template t-1");
    expect(partial).toBeInstanceOf(PartialCreateError);
    expect(partial.observed).toBe(observed);
    expect(partial.message).toBe(
      "template t-1 exists, but the create did not finish: poll failed. It is recorded in the stack; the next " +
        "`pulumi up` carries on from its current state.",
    );
    expect(afterIdKnown("plain text", observed, "x").message).toContain("did not finish: plain text.");
    const already = new PartialCreateError("kept", observed);
    expect(afterIdKnown(already, { id: "other", outputs: {} }, "x")).toBe(already);
  });

  it("outcome unknown: lost answers, unreadable answers and server errors; never a refused request", () => {
    const api = (fields: Partial<ConstructorParameters<typeof AlibabaApiError>[0]>) =>
      new AlibabaApiError({ action: "A", kind: "api", code: "X", apiMessage: "m", ...fields });
    expect(outcomeUnknown(api({ kind: "transport", code: "ECONNRESET", ambiguous: true }))).toBe(true);
    expect(outcomeUnknown(api({ kind: "transport", code: "ECONNREFUSED", ambiguous: false }))).toBe(false);
    expect(outcomeUnknown(api({ kind: "response", code: "InvalidResponse" }))).toBe(true);
    expect(outcomeUnknown(api({ code: "InternalError" }))).toBe(true);
    expect(outcomeUnknown(api({ code: "ServiceUnavailable" }))).toBe(false);
    expect(outcomeUnknown(api({ code: "Throttling" }))).toBe(false);
    expect(outcomeUnknown(api({ code: "InvalidParameter", httpStatus: 400 }))).toBe(false);
    expect(outcomeUnknown(api({ kind: "client", code: "ClientError" }))).toBe(false);
    expect(outcomeUnknown(new Error("x"))).toBe(false);
  });

  it("a free-text auto-name keeps the logical name and adds 8 characters of the identity", () => {
    const rule = freeTextAutoName("ice:Template", 64);
    expect(rule).toMatchObject({ field: "name", maxLength: 64 });
    expect(rule.sanitize("My template!")).toBe("My template!");
    const identity = { __identity: "org::urn:pulumi:dev::p::t::n" };
    const suffix = rule.suffix!("n", identity);
    expect(suffix).toMatch(/^[0-9a-f]{8}$/);
    expect(rule.suffix!("n", identity)).toBe(suffix);
    expect(freeTextAutoName("ice:CustomTemplate", 64).suffix!("n", identity)).not.toBe(suffix);
  });
});

describe("requests from wire traits", () => {
  it("integers are sent as decimal strings without leading zeros; anything else as it is", () => {
    expect(toDecimalString(12)).toBe("12");
    expect(toDecimalString(12n)).toBe("12");
    expect(toDecimalString("007")).toBe("7");
    expect(toDecimalString("90000000000000001")).toBe("90000000000000001");
    expect(toDecimalString("12a")).toBe("12a");
    expect(toDecimalString("a12")).toBe("a12");
    expect(toDecimalString("")).toBe("");
    expect(toDecimalString(true)).toBe(true);
  });

  // Built inside each test, so every mutant of wire() is tested per test rather than at load.
  const traits = (): Record<string, FieldTrait> => ({
    name: { mode: "update", wire: wire("Name") },
    config: { mode: "update", wire: wire("Config", "json") },
    ids: { mode: "update", wire: wire("Ids", "commaList") },
    quota: { mode: "update", default: "10", wire: wire("Quota", "int64String") },
    tags: {
      mode: "update",
      wire: wire("Tag", (tags) => Object.entries(tags as object).map(([k, v]) => ({ k, v }))),
    },
    cover: { mode: "update", wire: wire("Cover", undefined, "") },
    region: { mode: "replace", wire: wire("Region") },
    note: { mode: "stateOnly" },
  });

  it("a create request holds every declared field with a parameter, encoded", () => {
    expect(
      wireParams(traits(), {
        name: "n",
        config: { b: 1, a: [2] },
        ids: ["x", "y"],
        quota: 42,
        tags: { env: "dev" },
        region: "cn",
        note: "not sent",
        cover: undefined,
      }),
    ).toEqual({
      Name: "n",
      Config: '{"b":1,"a":[2]}',
      Ids: "x,y",
      Quota: "42",
      Tag: [{ k: "env", v: "dev" }],
      Region: "cn",
    });
    expect(wireParams(traits(), { ids: "already,joined", config: '{"a":1}', name: null })).toEqual({
      Ids: "already,joined",
      Config: '{"a":1}',
    });
  });

  it("an update request holds the changed fields; a removed one goes back to its reset or default", () => {
    expect(changedWireParams("t:T", traits(), ["name", "quota"], { name: "n2", quota: 7 })).toEqual({
      Name: "n2",
      Quota: "7",
    });
    expect(changedWireParams("t:T", traits(), ["cover", "quota", "name"], {})).toEqual({
      Cover: "",
      Quota: "10",
      Name: undefined,
    });
  });

  it("a changed field that cannot be updated in place is refused, naming it", () => {
    expect(() => changedWireParams("t:T", traits(), ["region"], { region: "x" })).toThrow(
      "t:T cannot update region in place",
    );
    expect(() => changedWireParams("t:T", traits(), ["note"], { note: "x" })).toThrow(
      "t:T cannot update note in place",
    );
    expect(() => changedWireParams("t:T", traits(), ["missing"], {})).toThrow(
      "t:T cannot update missing in place",
    );
  });

  it("the update call carries the changed fields with the given parameters over them, and is skipped when none changed", async () => {
    const sent: unknown[] = [];
    const client = {
      call: async (_op: unknown, params: unknown) => sent.push(params),
    } as unknown as ApiClient;
    const spec = { type: "t:T", fields: traits() };
    const operation = { action: "UpdateT" } as never;
    await sendChangedFields(client, operation, spec, [], { name: "x" }, { Id: "1" } as never);
    expect(sent).toEqual([]);
    await sendChangedFields(client, operation, spec, ["name", "tags"], { name: "x", tags: { a: "1" } }, {
      Id: "1",
      Tag: [
        { k: "a", v: "1" },
        { k: "owner", v: "me" },
      ],
    } as never);
    expect(sent).toEqual([
      {
        Name: "x",
        Id: "1",
        Tag: [
          { k: "a", v: "1" },
          { k: "owner", v: "me" },
        ],
      },
    ]);
  });

  it("the update call sends only the fields its operation applies (applyWith), and nothing when none is", async () => {
    const sent: unknown[] = [];
    const client = {
      call: async (_op: unknown, params: unknown) => sent.push(params),
    } as unknown as ApiClient;
    const fields: Record<string, FieldTrait> = {
      name: { mode: "update", wire: wire("Name") },
      isDefault: { mode: "update", applyWith: "SetDefault" },
      cover: { mode: "update", applyWith: "UpdateStory", wire: wire("Cover") },
    };
    const spec = { type: "t:T", fields };
    const operation = { action: "UpdateT" } as never;
    const inputs = { name: "n", isDefault: true, cover: "c" };
    await sendChangedFields(client, operation, spec, ["isDefault", "name"], inputs, {
      Id: "1",
    } as never);
    await sendChangedFields(client, operation, spec, ["isDefault"], inputs, { Id: "2" } as never);
    await sendChangedFields(
      client,
      operation,
      spec,
      ["name", "cover"],
      inputs,
      { Id: "3" } as never,
      "UpdateStory",
    );
    expect(sent).toEqual([
      { Name: "n", Id: "1" },
      { Cover: "c", Id: "3" },
    ]);
    // A changed field the spec does not know is refused, not silently dropped.
    await expect(sendChangedFields(client, operation, spec, ["extra"], inputs, {} as never)).rejects.toThrow(
      "t:T cannot update extra in place",
    );
  });
});

describe("check-failure reasons", () => {
  const priority = z.number().int().min(1).max(10).optional();

  it("quote the refused value, cut after 80 characters", () => {
    expect(checkReason(z.string(), { message: "too long" }, "abc", false)).toBe('too long (got "abc")');
    const long = "x".repeat(100);
    expect(checkReason(z.string(), { message: "m" }, long, false)).toBe(`m (got "${"x".repeat(76)}...)`);
    const exactly80 = "y".repeat(78); // 80 characters with its quotes
    expect(checkReason(z.string(), { message: "m" }, exactly80, false)).toBe(`m (got "${exactly80}")`);
    expect(checkReason(z.string(), { message: "m" }, undefined, false)).toBe("m (got undefined)");
  });

  it("never quote a secret: one the program marked, or a registered credential inside the value", () => {
    expect(checkReason(z.string(), { message: "m" }, "hunter2", true)).toBe(
      "m (got a value that holds a secret)",
    );
    const credential = "LTAIcredentialInCheckTest01";
    registerSecret(credential);
    expect(checkReason(z.string(), { message: "m" }, `prefix-${credential}`, false)).toBe(
      "m (got a value that holds a secret)",
    );
  });

  it("an out-of-range number states the whole range, unless the message already does", () => {
    expect(checkReason(priority, { message: "Too big: expected <=10", code: "too_big" }, 11, false)).toBe(
      "Too big: expected <=10 (the range is 1 to 10) (got 11)",
    );
    expect(checkReason(priority, { message: "Too small", code: "too_small" }, 0, false)).toBe(
      "Too small (the range is 1 to 10) (got 0)",
    );
    expect(checkReason(priority, { message: "must be 1 to 10", code: "too_big" }, 11, false)).toBe(
      "must be 1 to 10 (got 11)",
    );
    expect(
      checkReason(z.number().int().min(1000).max(1_499_000), { message: "m", code: "too_big" }, 2e6, false),
    ).toBe("m (the range is 1,000 to 1,499,000) (got 2000000)");
  });

  it("no range where a bound is missing or unbounded, or the field is not a number, or another rule failed", () => {
    expect(checkReason(z.number().min(1), { message: "m", code: "too_small" }, 0, false)).toBe("m (got 0)");
    expect(checkReason(z.number().max(5), { message: "m", code: "too_big" }, 6, false)).toBe("m (got 6)");
    expect(checkReason(z.number().int(), { message: "m", code: "too_big" }, 1e300, false)).toBe(
      "m (got 1e+300)",
    );
    expect(checkReason(z.string().min(1).max(5), { message: "m", code: "too_big" }, "toolong", false)).toBe(
      'm (got "toolong")',
    );
    expect(checkReason(priority, { message: "m", code: "invalid_type" }, "x", false)).toBe('m (got "x")');
  });

  it("a cross-field reason has every secret value masked, as text and as JSON", () => {
    expect(maskSecretValues('token s3cret and {"k":1} and 42', ["s3cret", { k: 1 }, 42])).toBe(
      "token a value that holds a secret and a value that holds a secret and a value that holds a secret",
    );
    expect(maskSecretValues("nothing here", [undefined, ""])).toBe("nothing here");
  });
});

describe("JSON inputs", () => {
  const errorsOf = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it("accept an object or JSON text of the declared shape", () => {
    expect(errorsOf(jsonValue(), { a: 1 })).toEqual([]);
    expect(errorsOf(jsonValue(), '{"a":1}')).toEqual([]);
    expect(errorsOf(jsonValue("array"), "[1]")).toEqual([]);
    expect(errorsOf(jsonValue("any"), "[1]")).toEqual([]);
    expect(errorsOf(jsonValue("any"), { a: 1 })).toEqual([]);
  });

  it("refuse text that does not parse, naming the shape and where parsing stopped", () => {
    const [object] = errorsOf(jsonValue(), "{oops");
    expect(object).toMatch(/^must be a JSON object or a JSON string that parses \(.+\)$/);
    const [any] = errorsOf(jsonValue("any"), "{oops");
    expect(any).toMatch(/^must be a JSON document or a JSON string that parses/);
  });

  it("refuse another shape, saying which it is", () => {
    expect(errorsOf(jsonValue(), "[1]")).toEqual(["must be a JSON object, not array"]);
    expect(errorsOf(jsonValue(), "3")).toEqual(["must be a JSON object, not scalar"]);
    expect(errorsOf(jsonValue(), "null")).toEqual(["must be a JSON object, not scalar"]);
    expect(errorsOf(jsonValue("array"), { a: 1 })).toEqual(["must be a JSON array, not object"]);
  });

  it("refuse values past the limits: depth, non-finite numbers, size", () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = [deep];
    expect(jsonLimitProblem(deep)).toBeUndefined();
    expect(jsonLimitProblem([deep])).toBe(
      `must nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep`,
    );
    let deepObject: unknown = 1;
    for (let i = 0; i <= MAX_JSON_DEPTH; i++) deepObject = { k: deepObject };
    expect(jsonLimitProblem(deepObject)).toContain("levels deep");
    expect(jsonLimitProblem({ a: { b: [1, Infinity] } })).toBe(
      "numbers must be finite (got Infinity at a.b[1])",
    );
    expect(jsonLimitProblem(Number.NaN)).toBe("numbers must be finite (got NaN)");
    expect(errorsOf(jsonValue(), '{"big":1e400}')).toEqual(["numbers must be finite (got Infinity at big)"]);
    const atLimit = "x".repeat(MAX_JSON_BYTES - 2); // with its quotes: exactly the limit
    expect(jsonLimitProblem(atLimit)).toBeUndefined();
    expect(jsonLimitProblem(`${atLimit}x`)).toBe(
      `must be at most ${MAX_JSON_BYTES} bytes as compact JSON (got ${MAX_JSON_BYTES + 1})`,
    );
    expect(jsonLimitProblem(undefined)).toBeUndefined();
  });

  it("compare by meaning: key order, spacing and number spelling do not matter; text never equals JSON", () => {
    expect(sameJson('{"b":1, "a":[1.0,{"d":2,"c":3}]}', { a: [1, { c: 3, d: 2 }], b: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson("not json", "not json")).toBe(true);
    expect(sameJson("not json", { a: 1 })).toBe(false);
    expect(sameJson('"x"', "x")).toBe(false);
    expect(canonicalJsonText({ b: [2, { y: 1, x: null }], a: "s" })).toBe(
      '{"a":"s","b":[2,{"x":null,"y":1}]}',
    );
    expect(canonicalJsonText(JSON.parse('{"__proto__":1}'))).toBe('{"__proto__":1}');
    expect(canonicalJsonText(undefined)).toBe("null");
  });

  it("are sent as one compact JSON text, whichever form was declared", () => {
    expect(toJsonText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(toJsonText('{ "a" : 1 }')).toBe('{"a":1}');
    expect(toJsonText("plain text")).toBe('"plain text"');
    expect(toJsonText(undefined)).toBeUndefined();
    expect(toJsonText(null)).toBeUndefined();
    expect(parseJsonText("[1]")).toEqual([1]);
    expect(parseJsonText("{bad")).toBe("{bad");
    expect(parseJsonText(5)).toBe(5);
  });
});
