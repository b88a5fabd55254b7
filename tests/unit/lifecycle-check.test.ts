/** check(): validation before any API call, unknowns, auto-naming. */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { projectSpec } from "../../provider/imm/project";
import { storySpec } from "../../provider/imm/story";
import { registerSecret } from "../../provider/runtime/redact";
import type { ResourceSpec } from "../../provider/framework/spec";

const noContext = () => {
  throw new Error("check and diff must not need API clients");
};
const project = new ResourceLifecycle(projectSpec as unknown as ResourceSpec, noContext);

describe("check", () => {
  it("reports every failure at once, each against its property path, with value and rule", async () => {
    const { failures } = await project.check(
      {},
      {
        projectName: "9starts-with-digit",
        datasetMaxBindCount: 11,
        description: "x".repeat(300),
        tags: { "": "v" },
        colour: "blue",
      },
    );
    const byProperty = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    expect(Object.keys(byProperty).sort()).toEqual(
      ["colour", "datasetMaxBindCount", "description", "projectName", "tags."].sort(),
    );
    // The engine prints "property 'projectName' value … has a problem: <reason>": the reason does not
    // repeat the property.
    expect(byProperty.projectName).toBe(
      'may contain only letters, digits, - and _, and must start with a letter or _ (got "9starts-with-digit")',
    );
    expect(byProperty.datasetMaxBindCount).toBe("must be between 1 and 10 (got 11)");
    expect(byProperty.colour).toBe("not a property of imm:Project");
    for (const failure of failures) expect(failure.reason.startsWith(failure.property)).toBe(false);
  });

  it("accepts the unknown sentinel anywhere (preview) and checks the rest", async () => {
    const { failures } = await project.check(
      {},
      { projectName: UNKNOWN, description: UNKNOWN, tags: { a: UNKNOWN } },
    );
    expect(failures).toEqual([]);
    const mixed = await project.check({}, { projectName: UNKNOWN, datasetMaxBindCount: 0 });
    expect(mixed.failures.map((f) => f.property)).toEqual(["datasetMaxBindCount"]);
  });

  it("accepts int64 quotas as decimal strings and refuses unsafe numbers", async () => {
    expect(
      (await project.check({}, { projectName: "p", datasetMaxTotalFileSize: "90000000000000000" })).failures,
    ).toEqual([]);
    const unsafe = await project.check({}, { projectName: "p", datasetMaxTotalFileSize: 2 ** 60 });
    expect(unsafe.failures[0]?.reason).toMatch(/larger than 2\^53: pass it as a decimal string/);
  });

  it("refuses an int64 quota above 9223372036854775807 given as a decimal string", async () => {
    const ok = await project.check({}, { projectName: "p", datasetMaxEntityCount: "9223372036854775807" });
    expect(ok.failures).toEqual([]);
    const over = await project.check({}, { projectName: "p", datasetMaxEntityCount: "9223372036854775808" });
    expect(over.failures).toEqual([
      {
        property: "datasetMaxEntityCount",
        reason: 'must be between 1 and 9223372036854775807 (got "9223372036854775808")',
      },
    ]);
  });

  it('normalises leading zeros, so "0009" plans no update against a stored 9', async () => {
    const { inputs, failures } = await project.check({}, { projectName: "p", datasetMaxBindCount: "0009" });
    expect(failures).toEqual([]);
    const diff = await project.diff("p", { projectName: "p", datasetMaxBindCount: "9" }, inputs);
    expect(diff.changes).toBe(false);
  });

  it.each(["toString", "constructor", "hasOwnProperty", "__proto__x", "valueOf"])(
    "refuses the unknown field %s (own properties only)",
    async (key) => {
      const { failures } = await project.check({}, { projectName: "p", [key]: "x" });
      expect(failures).toEqual([{ property: key, reason: "not a property of imm:Project" }]);
    },
  );

  it("states a number field's whole range, e.g. minFileCount 2 to 1,499", async () => {
    const story = new ResourceLifecycle(storySpec as unknown as ResourceSpec, noContext);
    const { failures } = await story.check(
      {},
      { projectName: "p", datasetName: "d", storyType: "PeopleMemory", minFileCount: 1, maxFileCount: 1501 },
    );
    const byProperty = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    expect(byProperty.minFileCount).toMatch(/\(the range is 2 to 1,499\) \(got 1\)$/);
    expect(byProperty.maxFileCount).toMatch(/\(the range is 2 to 1,500\) \(got 1501\)$/);
  });

  it("never quotes a registered credential in a check failure", async () => {
    registerSecret("check-secret-Yy3");
    const { failures } = await project.check(
      {},
      { projectName: "p", description: "check-secret-Yy3".repeat(20) },
    );
    expect(failures[0]!.reason).toMatch(/\(got a value that holds a secret\)$/);
    expect(JSON.stringify(failures)).not.toContain("check-secret-Yy3");
  });

  it("names an unnamed resource after its logical name plus a suffix derived from its identity, and keeps it", async () => {
    const first = await project.check({}, { __logicalName: "media photos" });
    expect(first.failures).toEqual([]);
    const name = first.inputs.projectName as string;
    expect(name).toMatch(/^media-photos-[0-9a-f]{8}$/);
    const again = await project.check(first.inputs, { __logicalName: "media photos", description: "d" });
    expect(again.inputs.projectName).toBe(name);
    // A fresh check (an interrupted create left nothing in the state) derives the same name again.
    expect((await project.check({}, { __logicalName: "media photos" })).inputs.projectName).toBe(name);
    const other = await project.check({}, { __logicalName: "media photos", __identity: "org::urn:other" });
    expect(other.inputs.projectName).not.toBe(name);
  });

  it("makes auto-names valid under the naming rules", async () => {
    const { inputs, failures } = await project.check({}, { __logicalName: "1st project!" });
    expect(failures).toEqual([]);
    expect(inputs.projectName).toMatch(/^_1st-project--[0-9a-f]{8}$/);
  });

  it("keeps an explicit name, and does not carry an auto-name over once a name is given", async () => {
    const auto = await project.check({}, { __logicalName: "p" });
    const named = await project.check(auto.inputs, { __logicalName: "p", projectName: "explicit" });
    expect(named.inputs.projectName).toBe("explicit");
    expect(named.inputs.__autoNamed).toBeUndefined();
  });
});
