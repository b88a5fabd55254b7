/** check(): validation before any API call, unknowns, auto-naming. */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { projectSpec } from "../../provider/imm/project";
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
    expect(byProperty.projectName).toBe(
      'projectName: may contain only letters, digits, - and _, and must start with a letter or _ (got "9starts-with-digit")',
    );
    expect(byProperty.datasetMaxBindCount).toBe("datasetMaxBindCount: must be between 1 and 10 (got 11)");
    expect(byProperty.colour).toBe("colour is not a property of imm:Project");
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

  it("names an unnamed resource after its logical name plus a random suffix, and keeps it", async () => {
    const first = await project.check({}, { __logicalName: "media photos" });
    expect(first.failures).toEqual([]);
    const name = first.inputs.projectName as string;
    expect(name).toMatch(/^media-photos-[a-z0-9]{7}$/);
    const again = await project.check(first.inputs, { __logicalName: "media photos", description: "d" });
    expect(again.inputs.projectName).toBe(name);
    const other = await project.check({}, { __logicalName: "media photos" });
    expect(other.inputs.projectName).not.toBe(name);
  });

  it("makes auto-names valid under the naming rules", async () => {
    const { inputs, failures } = await project.check({}, { __logicalName: "1st project!" });
    expect(failures).toEqual([]);
    expect(inputs.projectName).toMatch(/^_1st-project--[a-z0-9]{7}$/);
  });

  it("keeps an explicit name, and does not carry an auto-name over once a name is given", async () => {
    const auto = await project.check({}, { __logicalName: "p" });
    const named = await project.check(auto.inputs, { __logicalName: "p", projectName: "explicit" });
    expect(named.inputs.projectName).toBe("explicit");
    expect(named.inputs.__autoNamed).toBeUndefined();
  });
});
