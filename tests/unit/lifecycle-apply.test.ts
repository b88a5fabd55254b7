/**
 * The generic lifecycle's apply paths (provider/framework/lifecycle.ts): create (adopt, a lost answer,
 * partial state), read after a refresh, update and delete, on a small resource whose "service" is an
 * in-memory shelf. The shelf stands for the API only; the lifecycle under test is the real one, and
 * every resource of the provider goes through it (tests/integration covers them over HTTP).
 */
import {
  AUTO_NAMED,
  DECLARED,
  apiInputs,
  formatPath,
  randomSuffix,
} from "../../provider/framework/lifecycle";
import { ownershipMarker, stackMarker } from "../../provider/framework/identity";
import { PartialCreateError } from "../../provider/framework/spec";
import { apiError, shelfResource, type Item } from "../support/shelf-resource";

const identity = { __identity: "acme::urn:pulumi:dev::proj::test:Shelf::box", __logicalName: "box" };

describe("create", () => {
  it("hands the API inputs without bookkeeping keys, and the markers of the resource and its stack", async () => {
    const { lifecycle, calls } = shelfResource({});
    const { inputs } = await lifecycle.check({}, { ...identity, size: 2, __provider: "p" });
    expect(inputs[AUTO_NAMED]).toBe(true);
    const result = await lifecycle.create(inputs);
    expect(calls.create).toHaveLength(1);
    const sent = calls.create[0]!;
    expect(Object.keys(sent.inputs).sort()).toEqual(["name", "size"]);
    expect(sent.meta).toEqual({
      autoNamed: true,
      owner: ownershipMarker(inputs),
      stackOwner: stackMarker(inputs),
    });
    expect(result.id).toBe(inputs.name);
    // The state: what was declared (bookkeeping kept, the engine's __provider not), then what the
    // service reports, and the list of declared fields.
    expect(result.outs).toMatchObject({
      size: 2,
      color: "plain",
      serial: `s-${inputs.name}`,
      __logicalName: "box",
    });
    expect(result.outs).not.toHaveProperty("__provider");
    expect(result.outs[DECLARED]).toEqual(["name", "size"]);
  });

  it("a declared name is not auto-named", async () => {
    const { lifecycle, calls } = shelfResource({});
    const { inputs } = await lifecycle.check({}, { ...identity, name: "mine", size: 1 });
    await lifecycle.create(inputs);
    expect(calls.create[0]!.meta.autoNamed).toBe(false);
  });

  it("a name already taken outside the stack is explained with adopt: true", async () => {
    const { lifecycle } = shelfResource({ createError: () => apiError("ResourceAlreadyExists") });
    await expect(lifecycle.create({ ...identity, name: "taken", size: 1 })).rejects.toThrow(
      "CreateItem failed: ResourceAlreadyExists: m. taken already exists outside this stack: set `adopt: true`",
    );
  });

  it("without a way to find objects, the service's error is passed on as it is", async () => {
    const error = apiError("ResourceAlreadyExists");
    const { lifecycle } = shelfResource({ createError: () => error, withFindExisting: false });
    await expect(lifecycle.create({ ...identity, name: "taken", size: 1 })).rejects.toBe(error);
    const other = apiError("InvalidParameter");
    const second = shelfResource({ createError: () => other });
    await expect(second.lifecycle.create({ ...identity, name: "x", size: 1 })).rejects.toBe(other);
  });

  it("a failure after the object exists is recorded as partial state", async () => {
    const partial = new PartialCreateError("waiting failed", {
      id: "box-1",
      outputs: { size: 1, phase: "half" },
    });
    const { lifecycle } = shelfResource({ createError: () => partial });
    const thrown = await lifecycle
      .create({ ...identity, name: "box-1", size: 1, __provider: "prov" })
      .catch((e) => e);
    expect(thrown).toEqual({
      message: "waiting failed",
      id: "box-1",
      properties: expect.objectContaining({ name: "box-1", size: 1, phase: "half", __provider: "prov" }),
      reasons: ["waiting failed"],
    });
  });
});

describe("create after a lost answer (the repeat found the name taken)", () => {
  /** The lost attempt created the object; the repeat is told the name is taken. */
  const lostAnswer = (shelf: Map<string, Item>, existing: Item) => () => {
    shelf.set(existing.name, existing);
    return apiError("ResourceAlreadyExists", true);
  };

  it("takes the object over and brings it to the declaration", async () => {
    const shelf = new Map<string, Item>();
    const { lifecycle, calls, logs } = shelfResource({
      shelf,
      createError: lostAnswer(shelf, { name: "box-1", size: 1, color: "plain" }),
    });
    const result = await lifecycle.create({ ...identity, name: "box-1", size: 5 });
    expect(result.id).toBe("box-1");
    expect(result.outs.size).toBe(5);
    expect(calls.update).toEqual([{ id: "box-1", inputs: { name: "box-1", size: 5 }, changed: ["size"] }]);
    expect(logs.join("\n")).toContain("test:Shelf box-1: the answer to its create was lost");
  });

  it("does not take over an object that would need replacing, nor when nothing is found", async () => {
    const taken = () => apiError("ResourceAlreadyExists", true);
    const unlike = shelfResource({
      createError: taken,
      found: { id: "box-1", outputs: { name: "other", size: 5 } },
    });
    await expect(unlike.lifecycle.create({ ...identity, name: "box-1", size: 5 })).rejects.toThrow(
      "box-1 already exists outside this stack",
    );
    expect(unlike.calls.update).toHaveLength(0);
    const none = shelfResource({ createError: taken });
    await expect(none.lifecycle.create({ ...identity, name: "box-1", size: 5 })).rejects.toThrow(
      "box-1 already exists outside this stack",
    );
    expect(none.calls.findExisting).toBeGreaterThan(0);
  });

  it("an already-exists answer to a first attempt is not taken for a lost answer", async () => {
    const shelf = new Map([["box-1", { name: "box-1", size: 5, color: "plain" }]]);
    const { lifecycle, calls } = shelfResource({
      shelf,
      createError: () => apiError("ResourceAlreadyExists"),
    });
    await expect(lifecycle.create({ ...identity, name: "box-1", size: 5 })).rejects.toThrow(
      "outside this stack",
    );
    expect(calls.update).toHaveLength(0);
  });
});

describe("create with adopt: true", () => {
  it("adopts an equal object without calling update", async () => {
    const shelf = new Map([["box-1", { name: "box-1", size: 3, color: "plain" }]]);
    const { lifecycle, calls, logs } = shelfResource({ shelf });
    const result = await lifecycle.create({ ...identity, name: "box-1", size: 3, adopt: true });
    expect(result.id).toBe("box-1");
    expect(calls.create).toHaveLength(0);
    expect(calls.update).toHaveLength(0);
    expect(logs).toContain("adopting existing test:Shelf box-1");
  });

  it("adopts and updates what differs in place; state-only fields never reach the API", async () => {
    const shelf = new Map([["box-1", { name: "box-1", size: 3, color: "plain" }]]);
    const { lifecycle, calls, logs } = shelfResource({ shelf });
    const result = await lifecycle.create({ ...identity, name: "box-1", size: 4, label: "L", adopt: true });
    expect(calls.update).toEqual([
      { id: "box-1", inputs: { name: "box-1", size: 4, label: "L", adopt: true }, changed: ["size"] },
    ]);
    expect(result.outs).toMatchObject({ size: 4, label: "L" });
    expect(logs).toContain("adopting existing test:Shelf box-1; updating size, label");
  });

  it("creates when there is nothing to adopt", async () => {
    const { lifecycle, calls } = shelfResource({});
    await lifecycle.create({ ...identity, name: "box-2", size: 1, adopt: true });
    expect(calls.findExisting).toBe(1);
    expect(calls.create).toHaveLength(1);
  });

  it("refuses an object whose replace-only fields differ, naming them", async () => {
    const { lifecycle } = shelfResource({ found: { id: "box-1", outputs: { name: "other", size: 3 } } });
    await expect(lifecycle.create({ ...identity, name: "box-1", size: 3, adopt: true })).rejects.toThrow(
      "cannot adopt the existing test:Shelf box-1: name differ from the declaration and cannot be changed in place",
    );
  });
});

describe("read (refresh)", () => {
  it("answers {} for an object that is gone", async () => {
    const { lifecycle } = shelfResource({});
    await expect(lifecycle.read("nothing", { name: "nothing", size: 1 })).resolves.toEqual({});
  });

  it("keeps declared fields and service values that differ from the default; drops undeclared defaults", async () => {
    const shelf = new Map([["box-1", { name: "box-1", size: 7, color: "plain" }]]);
    const { lifecycle } = shelfResource({ shelf });
    const state = {
      name: "box-1",
      size: 3,
      [DECLARED]: ["name", "size"],
      __logicalName: "box",
      __provider: "p",
    };
    const result = await lifecycle.read("box-1", state);
    expect(result.id).toBe("box-1");
    expect(result.inputs).toEqual({ name: "box-1", size: 7, __logicalName: "box" });
    expect(result.props).toMatchObject({
      size: 7,
      color: "plain",
      serial: "s-box-1",
      [DECLARED]: ["name", "size"],
    });
    shelf.set("box-1", { name: "box-1", size: 7, color: "red" });
    const drifted = await lifecycle.read("box-1", state);
    expect(drifted.inputs).toMatchObject({ color: "red" });
  });

  it("without a recorded list (older state), the spec's fields present in the state count as declared", async () => {
    const shelf = new Map([["box-1", { name: "box-1", size: 7, color: "plain" }]]);
    const { lifecycle } = shelfResource({ shelf });
    const result = await lifecycle.read("box-1", { name: "box-1", size: 3, color: "plain", serial: "x" });
    expect(result.inputs).toEqual({ name: "box-1", size: 7, color: "plain" });
    expect(result.props![DECLARED]).toEqual(["color", "name", "size"]);
    const odd = await lifecycle.read("box-1", { name: "box-1", [DECLARED]: ["size", 3, null] });
    expect(odd.props![DECLARED]).toEqual(["size"]);
  });
});

describe("update and delete", () => {
  it("update applies the changed in-place fields through the API, and returns complete outputs", async () => {
    const shelf = new Map([["box-1", { name: "box-1", size: 3, color: "plain" }]]);
    const { lifecycle, calls } = shelfResource({ shelf });
    const result = await lifecycle.update(
      "box-1",
      { name: "box-1", size: 3, label: "a" },
      { name: "box-1", size: 3, color: "red", label: "b", __logicalName: "box" },
    );
    expect(calls.update).toEqual([
      { id: "box-1", inputs: { name: "box-1", size: 3, color: "red", label: "b" }, changed: ["color"] },
    ]);
    expect(result.outs).toMatchObject({ color: "red", label: "b", serial: "s-box-1", __logicalName: "box" });
  });

  it("an update that leaves the object half-done is partial state; any other failure is passed on", async () => {
    const partial = new PartialCreateError("half", { id: "box-1", outputs: { size: 9 } });
    const { lifecycle } = shelfResource({ updateError: partial });
    await expect(lifecycle.update("box-1", { size: 1 }, { size: 2, __provider: "p" })).rejects.toEqual({
      message: "half",
      id: "box-1",
      properties: expect.objectContaining({ size: 9, __provider: "p" }),
      reasons: ["half"],
    });
    const plain = new Error("boom");
    const second = shelfResource({ updateError: plain });
    await expect(second.lifecycle.update("box-1", { size: 1 }, { size: 2 })).rejects.toBe(plain);
  });

  it("delete treats an object already gone as deleted, and passes on anything else", async () => {
    const gone = shelfResource({ deleteError: apiError("ResourceNotFound") });
    await expect(gone.lifecycle.delete("box-1", {})).resolves.toBeUndefined();
    const refused = apiError("Forbidden");
    const other = shelfResource({ deleteError: refused });
    await expect(other.lifecycle.delete("box-1", {})).rejects.toBe(refused);
    const plain = shelfResource({ deleteError: new Error("x") });
    await expect(plain.lifecycle.delete("box-1", {})).rejects.toThrow("x");
  });

  it("diff: a replacement deletes first only when the spec says so and something is replaced", async () => {
    const { lifecycle } = shelfResource({});
    await expect(lifecycle.diff("a", { name: "a", size: 1 }, { name: "b", size: 1 })).resolves.toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
    await expect(lifecycle.diff("a", { name: "a", size: 1 }, { name: "a", size: 2 })).resolves.toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await expect(
      lifecycle.diff("a", { name: "a", size: 1 }, { name: "a", size: 1, adopt: true }),
    ).resolves.toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });
});

describe("helpers", () => {
  it("apiInputs drops every key that starts with __, and only those", () => {
    expect(apiInputs({ a: 1, __b: 2, _c: 3, d__: 4, __provider: "x" })).toEqual({ a: 1, _c: 3, d__: 4 });
  });

  it("randomSuffix: lower-case letters and digits of the asked length", () => {
    expect(randomSuffix()).toMatch(/^[a-z0-9]{7}$/);
    expect(randomSuffix(12)).toMatch(/^[a-z0-9]{12}$/);
    const seen = new Set(Array.from({ length: 50 }, () => randomSuffix()));
    expect(seen.size).toBeGreaterThan(45);
  });

  it("formatPath renders property paths as the engine shows them", () => {
    expect(formatPath(["input", "oss", "bucket"])).toBe("input.oss.bucket");
    expect(formatPath(["actions", 0, "name"])).toBe("actions[0].name");
    expect(formatPath([0, "a"])).toBe("[0].a");
    expect(formatPath(["only"])).toBe("only");
  });
});
