/**
 * check() of the generic lifecycle (provider/framework/lifecycle.ts) beyond per-field schemas:
 * auto-naming and rules across fields, on the in-memory resource of tests/support/shelf-resource.ts.
 */
import { AUTO_NAMED } from "../../provider/framework/lifecycle";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { shelfResource } from "../support/shelf-resource";

describe("check: auto-naming", () => {
  const { lifecycle } = shelfResource({});
  const check = (olds: Record<string, unknown>, news: Record<string, unknown>) => lifecycle.check(olds, news);

  it("derives the name from the logical name, made valid and cut to fit with its suffix", async () => {
    const { inputs, failures } = await check({}, { __logicalName: "A-Very-Long-Logical-Name", size: 1 });
    expect(failures).toEqual([]);
    expect(inputs.name).toMatch(/^a-very-long--[a-z0-9]{7}$/);
    expect(String(inputs.name)).toHaveLength(20);
    expect(inputs[AUTO_NAMED]).toBe(true);
  });

  it("keeps the name it generated before while the logical name stays the same", async () => {
    const olds = { __logicalName: "box", name: "box-abc1234", [AUTO_NAMED]: true };
    const { inputs } = await check(olds, { __logicalName: "box", size: 1 });
    expect(inputs.name).toBe("box-abc1234");
    expect(inputs[AUTO_NAMED]).toBe(true);
  });

  it("generates a new name when the logical name changed, or the old name was not generated", async () => {
    const renamed = await check(
      { __logicalName: "box", name: "box-abc1234", [AUTO_NAMED]: true },
      { __logicalName: "crate", size: 1 },
    );
    expect(renamed.inputs.name).toMatch(/^crate-[a-z0-9]{7}$/);
    const declaredBefore = await check(
      { __logicalName: "box", name: "box-abc1234" },
      { __logicalName: "box", size: 1 },
    );
    expect(declaredBefore.inputs.name).not.toBe("box-abc1234");
    expect(declaredBefore.inputs[AUTO_NAMED]).toBe(true);
    const oddOld = await check(
      { __logicalName: "box", name: 5, [AUTO_NAMED]: true },
      { __logicalName: "box", size: 1 },
    );
    expect(oddOld.inputs.name).toMatch(/^box-[a-z0-9]{7}$/);
  });

  it("a declared name is used as it is and is not marked generated", async () => {
    const { inputs } = await check(
      { name: "box-abc1234", [AUTO_NAMED]: true },
      { __logicalName: "box", name: "Mine", size: 1, [AUTO_NAMED]: true },
    );
    expect(inputs.name).toBe("Mine");
    expect(inputs).not.toHaveProperty(AUTO_NAMED);
  });

  it("without a logical name there is nothing to derive from: a failure on the name field", async () => {
    for (const news of [{ size: 1 }, { __logicalName: "", size: 1 }]) {
      const { failures } = await check({}, news);
      expect(failures).toEqual([
        { property: "name", reason: "name is required (no logical name to derive it from)" },
      ]);
    }
  });
});

describe("check: rules across fields", () => {
  const rule = (inputs: Record<string, unknown>) =>
    inputs.size === 13
      ? [
          { property: "size", reason: `size: 13 is unlucky with ${String(inputs.color)}` },
          { property: "color", reason: "pick another" },
        ]
      : [];

  it("run when every field is valid and known; a reason that repeats its property is not doubled", async () => {
    const { lifecycle } = shelfResource({ crossChecks: rule });
    const { failures } = await lifecycle.check({}, { name: "n", size: 13, color: "red" });
    expect(failures).toEqual([
      { property: "size", reason: "13 is unlucky with red" },
      { property: "color", reason: "pick another" },
    ]);
  });

  it("mask every value the program marked secret", async () => {
    const { lifecycle } = shelfResource({ crossChecks: rule });
    const { failures } = await lifecycle.check(
      {},
      { name: "n", size: 13, color: "crimson-secret", __secretInputs: ["color", "label"] },
    );
    expect(failures[0]).toEqual({
      property: "size",
      reason: "13 is unlucky with a value that holds a secret",
    });
  });

  it("wait while a field is unknown (preview) or another field is invalid", async () => {
    const calls: unknown[] = [];
    const { lifecycle } = shelfResource({ crossChecks: (inputs) => (calls.push(inputs), rule(inputs)) });
    const unknown = await lifecycle.check({}, { name: "n", size: 13, color: UNKNOWN });
    expect(unknown.failures).toEqual([]);
    const invalid = await lifecycle.check({}, { name: "n", size: 13, color: 5 });
    expect(invalid.failures.map((f) => f.property)).toEqual(["color"]);
    expect(calls).toEqual([]);
  });

  it("refuse a property the resource does not have, but not the engine's and the SDK's bookkeeping", async () => {
    const { lifecycle } = shelfResource({});
    const { failures } = await lifecycle.check(
      {},
      { name: "n", size: 1, colour: "red", __provider: "p", __logicalName: "x" },
    );
    expect(failures).toEqual([{ property: "colour", reason: "not a property of test:Shelf" }]);
  });
});
