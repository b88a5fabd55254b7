/** diff(): the classification of every field of every resource, unknowns, defaults, normalisation. */
import fc from "fast-check";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { bindingSpec } from "../../provider/imm/binding";
import { datasetSpec } from "../../provider/imm/dataset";
import { projectSpec } from "../../provider/imm/project";

const noContext = () => {
  throw new Error("diff must not need API clients");
};

/** The documented table of each resource: field → what a change does. */
const TABLES: Record<
  string,
  { spec: ResourceSpec; sample: Record<string, unknown>; changed: Record<string, unknown> }
> = {
  "imm:Project": {
    spec: projectSpec as unknown as ResourceSpec,
    sample: { projectName: "p1", description: "d", serviceRole: "R", templateId: "T", tags: { a: "1" } },
    changed: {
      projectName: "p2",
      description: "d2",
      serviceRole: "R2",
      templateId: "T2",
      datasetMaxBindCount: 3,
      datasetMaxEntityCount: 5,
      datasetMaxFileCount: 5,
      datasetMaxRelationCount: 5,
      datasetMaxTotalFileSize: "5",
      projectMaxDatasetCount: 5,
      tags: { a: "2" },
      adopt: true,
    },
  },
  "imm:Dataset": {
    spec: datasetSpec as unknown as ResourceSpec,
    sample: { projectName: "p1", datasetName: "d1", description: "d", forceDestroy: false },
    changed: {
      projectName: "p2",
      datasetName: "d2",
      description: "d2",
      templateId: "T2",
      datasetMaxBindCount: 3,
      datasetMaxEntityCount: 5,
      datasetMaxFileCount: 5,
      datasetMaxRelationCount: 5,
      datasetMaxTotalFileSize: "5",
      workflowParameters: [{ name: "a", value: "b" }],
      forceDestroy: true,
      adopt: true,
    },
  },
  "imm:Binding": {
    spec: bindingSpec as unknown as ResourceSpec,
    sample: { projectName: "p1", datasetName: "d1", uri: "oss://bucket-a", waitTimeoutSeconds: 60 },
    changed: {
      projectName: "p2",
      datasetName: "d2",
      uri: "oss://bucket-b",
      waitTimeoutSeconds: 600,
      adopt: true,
    },
  },
};

describe.each(Object.entries(TABLES))("%s diff", (_type, { spec, sample, changed }) => {
  const lifecycle = new ResourceLifecycle(spec, noContext);

  it("reports no change for identical inputs", async () => {
    expect(await lifecycle.diff("id", sample, sample)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each(Object.keys(spec.fields))("classifies a change of %s as its documented mode", async (field) => {
    const mode = spec.fields[field]!.mode;
    const result = await lifecycle.diff("id", sample, { ...sample, [field]: changed[field] });
    if (mode === "ignore") {
      expect(result.changes).toBe(false);
    } else {
      expect(result.changes).toBe(true);
      expect(result.replaces).toEqual(mode === "replace" ? [field] : []);
      expect(result.deleteBeforeReplace).toBe(mode === "replace" && spec.deleteBeforeReplace);
    }
  });

  it.each(Object.keys(spec.fields))(
    "treats an unknown %s as a possible change, replacing only if it must",
    async (field) => {
      const mode = spec.fields[field]!.mode;
      const result = await lifecycle.diff("id", sample, { ...sample, [field]: UNKNOWN });
      expect(result.changes).toBe(mode !== "ignore");
      expect(result.replaces).toEqual(mode === "replace" ? [field] : []);
    },
  );

  it("ignores __provider and bookkeeping keys", async () => {
    const result = await lifecycle.diff(
      "id",
      { ...sample, __provider: "old code", __logicalName: "a" },
      { ...sample, __provider: "new code", __logicalName: "a" },
    );
    expect(result.changes).toBe(false);
  });
});

describe("imm:Project normalisation", () => {
  const lifecycle = new ResourceLifecycle(projectSpec as unknown as ResourceSpec, noContext);

  it("treats an absent field as the service default, and numbers as their decimal strings", async () => {
    const state = {
      projectName: "p",
      description: "",
      serviceRole: "AliyunIMMDefaultRole",
      datasetMaxBindCount: "10",
      datasetMaxTotalFileSize: "90000000000000000",
      tags: {},
    };
    expect((await lifecycle.diff("p", state, { projectName: "p" })).changes).toBe(false);
    expect((await lifecycle.diff("p", state, { projectName: "p", datasetMaxBindCount: 10 })).changes).toBe(
      false,
    );
    expect((await lifecycle.diff("p", state, { projectName: "p", datasetMaxBindCount: 9 })).changes).toBe(
      true,
    );
  });

  it("compares tag maps whatever their key order (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), async (tags) => {
        const reversed = Object.fromEntries(Object.entries(tags).reverse());
        const result = await lifecycle.diff(
          "p",
          { projectName: "p", tags },
          { projectName: "p", tags: reversed },
        );
        expect(result.changes).toBe(false);
      }),
    );
  });
});
