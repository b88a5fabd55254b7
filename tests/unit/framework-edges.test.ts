/**
 * Edges of the framework that the broader suites pass by: defaults and normalisation in comparisons,
 * computed fields, applying changes the plan would have replaced, specs without optional parts,
 * separators in identity digests, and values that must never reach a request.
 */
import { z } from "zod";
import { identityDigest, stackIdentity, assertOwnInterruptedCreate } from "../../provider/framework/identity";
import { jsonLimitProblem, sameJson } from "../../provider/framework/json-value";
import {
  AUTO_NAMED,
  ResourceLifecycle,
  changesToApply,
  classifyChanges,
  equalAfterNormalising,
} from "../../provider/framework/lifecycle";
import { PartialCreateError, fieldsApplyingWith, type ResourceSpec } from "../../provider/framework/spec";
import { wire, wireParams } from "../../provider/framework/wire";
import { apiError, shelfResource } from "../support/shelf-resource";

const spec = (fields: ResourceSpec["fields"], extra: Partial<ResourceSpec> = {}): ResourceSpec => ({
  type: "test:Edge",
  schema: z.object({ a: z.string().optional() }),
  fields,
  deleteBeforeReplace: false,
  create: async () => ({ id: "x", outputs: {} }),
  read: async () => undefined,
  update: async () => ({ id: "x", outputs: {} }),
  delete: async () => undefined,
  ...extra,
});

describe("comparing a field", () => {
  it("an absent or null value is the default; normalisation applies to both sides", () => {
    const s = spec({ tier: { mode: "update", default: "basic", normalize: (v) => String(v).toLowerCase() } });
    expect(equalAfterNormalising(s, "tier", undefined, "BASIC")).toBe(true);
    expect(equalAfterNormalising(s, "tier", null, "basic")).toBe(true);
    expect(equalAfterNormalising(s, "tier", "Pro", "pro")).toBe(true);
    expect(equalAfterNormalising(s, "tier", "pro", undefined)).toBe(false);
  });

  it("normalisation is never handed a missing value", () => {
    const s = spec({
      note: {
        mode: "update",
        normalize: (v) => {
          if (v === undefined) throw new Error("normalize(undefined)");
          return v;
        },
      },
    });
    expect(equalAfterNormalising(s, "note", undefined, undefined)).toBe(true);
    expect(equalAfterNormalising(s, "note", undefined, "x")).toBe(false);
    expect(equalAfterNormalising(s, "unknownField", 1, 1)).toBe(true);
  });

  it("a computed field left out is the service's choice, never a change; declared, it is compared", () => {
    const s = spec({ cover: { mode: "update", computed: true } });
    expect(classifyChanges(s, { cover: "auto.jpg" }, {}).updates).toEqual([]);
    expect(classifyChanges(s, { cover: "auto.jpg" }, { cover: null }).updates).toEqual([]);
    expect(classifyChanges(s, { cover: "auto.jpg" }, { cover: "mine.jpg" }).updates).toEqual(["cover"]);
  });

  it("applying sees a change the plan would have replaced (the state moved since), so it is never dropped", () => {
    const s = spec({ input: { mode: "update", inPlaceWhen: (state) => state.phase === "Ready" } });
    const running = { input: "a", phase: "Running" };
    expect(classifyChanges(s, running, { input: "b" }).replaces).toEqual(["input"]);
    expect(changesToApply(s, running, { input: "b" })).toEqual(["input"]);
  });

  it("the changed fields applied a given way", () => {
    const fields = {
      name: { mode: "update" as const, applyWith: "UpdateStory" },
      range: { mode: "update" as const, applyWith: "regenerate" },
      plain: { mode: "update" as const },
    };
    expect(fieldsApplyingWith(fields, ["name", "range", "plain", "missing"], "UpdateStory")).toEqual([
      "name",
    ]);
    expect(fieldsApplyingWith(fields, ["range"], "regenerate")).toEqual(["range"]);
    expect(fieldsApplyingWith(fields, [], "regenerate")).toEqual([]);
  });
});

describe("a spec without the optional parts", () => {
  it("check leaves a stray auto-named marker alone when the resource has no auto-name", async () => {
    const lifecycle = new ResourceLifecycle(spec({ a: { mode: "update" } }), () => ({}) as never);
    const { inputs } = await lifecycle.check({}, { a: "x", [AUTO_NAMED]: true });
    expect(inputs[AUTO_NAMED]).toBe(true);
  });

  it("a taken name without auto-naming is called the object", async () => {
    const s = spec(
      { a: { mode: "update" } },
      {
        create: async () => {
          throw apiError("ResourceAlreadyExists");
        },
        findExisting: async () => undefined,
      },
    );
    const lifecycle = new ResourceLifecycle(s, () => ({ log: { info() {}, warn() {} } }) as never);
    await expect(lifecycle.create({ a: "x" })).rejects.toThrow(
      "CreateItem failed: ResourceAlreadyExists: m. the object already exists outside this stack: set `adopt: true` " +
        "to manage the existing object, or choose another name.",
    );
  });

  it("without findExisting, adopt: true simply creates, and a lost answer's error is passed on", async () => {
    const adopting = shelfResource({ withFindExisting: false });
    await expect(adopting.lifecycle.create({ name: "box-1", size: 1, adopt: true })).resolves.toMatchObject({
      id: "box-1",
    });
    const lost = apiError("ResourceAlreadyExists", true);
    const losing = shelfResource({ withFindExisting: false, createError: () => lost });
    await expect(losing.lifecycle.create({ name: "box-1", size: 1 })).rejects.toBe(lost);
  });

  it("any other failure of create is passed on unchanged", async () => {
    const boom = new Error("boom");
    const { lifecycle } = shelfResource({ createError: () => boom });
    await expect(lifecycle.create({ name: "box-1", size: 1 })).rejects.toBe(boom);
  });

  it("a refresh never turns a field the service does not report into an input", async () => {
    const shelf = new Map([["box-1", { name: "box-1", size: 2, color: "plain" }]]);
    const { lifecycle } = shelfResource({ shelf });
    const { inputs } = await lifecycle.read("box-1", {
      name: "box-1",
      size: 2,
      __declared: ["name", "size", "label"],
    });
    expect(Object.keys(inputs!).sort()).toEqual(["name", "size"]);
  });
});

describe("identity and limits", () => {
  it("scope parts are separated in the digest: (a, b) is not (ab)", () => {
    const inputs = { __identity: "o::urn:pulumi:s::p::t::n" };
    expect(identityDigest(inputs, "a", "b")).not.toBe(identityDigest(inputs, "ab"));
    expect(identityDigest(inputs, "a", "b")).not.toBe(identityDigest(inputs, "a\nb", ""));
  });

  it("an empty SDK identity falls back to the stack identity", () => {
    expect(stackIdentity({ __identity: "", __stack: "p\ns", __logicalName: "m" })).toBe("p\ns");
  });

  it("the refusal ends with what to do otherwise", () => {
    expect(() =>
      assertOwnInterruptedCreate({ type: "t", object: "o", marked: false, createTime: Date.now() }),
    ).toThrow(/otherwise give the resource another name \(or delete that object\)\.$/);
  });

  it("null members are fine in JSON; texts that are not JSON differ from each other", () => {
    expect(jsonLimitProblem({ a: null, b: [null] })).toBeUndefined();
    expect(sameJson("not json", "other text")).toBe(false);
  });

  it("a partial create is named as such", () => {
    expect(new PartialCreateError("m", { id: "x", outputs: {} }).name).toBe("PartialCreateError");
  });

  it("a missing value never reaches a request, whatever its encoding", () => {
    const fields = {
      ids: { mode: "update" as const, wire: wire("Ids", "commaList") },
      size: { mode: "update" as const, wire: wire("Size", "int64String") },
      name: { mode: "update" as const, wire: wire("Name") },
    };
    const params = wireParams(fields, { ids: null, size: undefined, name: undefined });
    expect(Object.keys(params)).toEqual([]);
  });
});

describe("edges found by mutation testing", () => {
  it("a service time without a zone is a time, not a number; fractions keep their milliseconds", () => {
    const window = 86_400_000;
    const now = Date.parse("2026-12-02T12:00:00.500Z");
    const candidate = (createTime: unknown) => ({ type: "t", object: "o", marked: true, createTime });
    expect(() => assertOwnInterruptedCreate(candidate("2026-12-02T11:00:00"), now)).not.toThrow();
    // Exactly the window, counting the half second of the fraction: still within.
    expect(() => assertOwnInterruptedCreate(candidate("2026-12-01T12:00:00.500000Z"), now)).not.toThrow();
    expect(() => assertOwnInterruptedCreate(candidate(now - window - 1), now)).toThrow("outside");
  });

  it("every replace-only field that blocks an adoption is named", async () => {
    const s = spec(
      { a: { mode: "replace" }, b: { mode: "replace" } },
      { findExisting: async () => ({ id: "x", outputs: { a: "1", b: "2" } }) },
    );
    const lifecycle = new ResourceLifecycle(s, () => ({ log: { info() {}, warn() {} } }) as never);
    await expect(lifecycle.create({ a: "9", b: "8", adopt: true })).rejects.toThrow(
      "cannot adopt the existing test:Edge x: a, b differ from the declaration",
    );
  });

  it("comparing a field the spec does not have compares the values as they are", () => {
    const s = spec({});
    expect(equalAfterNormalising(s, "extra", undefined, undefined)).toBe(true);
    expect(equalAfterNormalising(s, "extra", undefined, null)).toBe(true);
  });
});
