/**
 * imm.Story diff(): the documented table (replace / UpdateStory in place / regenerate in place /
 * recorded for the next generation / never a diff) for every field, unknowns, normalisation of the
 * service's time format, optional-and-computed fields; and the two small framework extensions the
 * story introduced (`computed`, `applyWith` + `fieldsApplyingWith`, `AutoNameRule.suffix`), on a toy
 * spec so they are proven generic.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import { fieldsApplyingWith, type ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { storySpec } from "../../provider/imm/story";

const noContext = () => {
  throw new Error("diff must not need API clients");
};
const spec = storySpec as unknown as ResourceSpec;
const story = new ResourceLifecycle(spec, noContext);

/** The table in provider/imm/story.ts's header and the README, field by field. */
const TABLE: Record<string, { how: string; changed: unknown }> = {
  projectName: { how: "replace", changed: "other-project" },
  datasetName: { how: "replace", changed: "other-dataset" },
  objectId: { how: "replace", changed: "another-id" },
  storyName: { how: "UpdateStory", changed: "Renamed" },
  customId: { how: "UpdateStory", changed: "c2" },
  customLabels: { how: "UpdateStory", changed: { k: "v2" } },
  cover: { how: "UpdateStory", changed: { uri: "oss://b/other.jpg" } },
  storyType: { how: "regenerate", changed: "TravelMemory" },
  storySubType: { how: "regenerate", changed: "Solo" },
  storyStartTime: { how: "regenerate", changed: "2020-01-01T00:00:00Z" },
  storyEndTime: { how: "regenerate", changed: "2024-01-01T00:00:00Z" },
  minFileCount: { how: "regenerate", changed: 3 },
  maxFileCount: { how: "regenerate", changed: 9 },
  address: { how: "regenerate", changed: { city: "Shanghai" } },
  tags: { how: "nextGeneration", changed: { t: "2" } },
  userData: { how: "nextGeneration", changed: "u2" },
  notification: { how: "nextGeneration", changed: { mns: { topicName: "t2" } } },
  notifyTopicName: { how: "nextGeneration", changed: "topic2" },
  waitTimeoutSeconds: { how: "ignore", changed: 5 },
  adopt: { how: "ignore", changed: true },
  // An output: true (the last generation is running or failed) must plan an update.
  incomplete: { how: "settle", changed: true },
};

const STATE = {
  projectName: "media",
  datasetName: "photos",
  objectId: "summer-0123456789abcdef",
  storyType: "TimeMemory",
  storySubType: "",
  storyName: "Summer",
  storyStartTime: "2019-01-01T08:00:00.000000000+08:00",
  storyEndTime: "2023-01-01T08:00:00.000000000+08:00",
  minFileCount: 2,
  maxFileCount: 8,
  address: { city: "Hangzhou" },
  customId: "c1",
  customLabels: { k: "v" },
  cover: { uri: "oss://b/cover.jpg" },
  tags: { t: "1" },
  userData: "u",
  notification: { mns: { topicName: "t" } },
  notifyTopicName: "topic",
  waitTimeoutSeconds: 60,
  incomplete: false,
  // Outputs the service reports alongside.
  fileCount: 8,
  taskId: "CreateStory-1",
  createTime: "2024-01-01T00:00:00.000000000+08:00",
};
const DECLARED = {
  ...Object.fromEntries(Object.keys(TABLE).map((key) => [key, STATE[key as keyof typeof STATE]])),
  // As the user wrote them: the same instants in another form.
  storyStartTime: "2019-01-01T00:00:00Z",
  storyEndTime: "2023-01-01T00:00:00.000Z",
};

describe("imm:Story diff", () => {
  it("covers every field of the spec in its table", () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(spec.fields).sort());
  });

  it("reports no change for the declaration the state came from (service time format included)", async () => {
    expect(await story.diff("id", STATE, DECLARED)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each(Object.entries(TABLE))(
    "classifies a change of %s as documented",
    async (field, { how, changed }) => {
      const trait = spec.fields[field]!;
      expect(how === "replace" ? "replace" : how === "ignore" ? "ignore" : "update").toBe(trait.mode);
      if (trait.mode === "update") expect(trait.applyWith).toBe(how);
      const result = await story.diff("id", STATE, { ...DECLARED, [field]: changed });
      expect(result.changes).toBe(how !== "ignore");
      expect(result.replaces).toEqual(how === "replace" ? [field] : []);
      // A story's replacement has a new key (dataset or ObjectId): no need to delete first.
      expect(result.deleteBeforeReplace).toBe(false);
    },
  );

  it.each(Object.keys(TABLE))(
    "treats an unknown %s as a possible change, replacing only if it must",
    async (field) => {
      const result = await story.diff("id", STATE, { ...DECLARED, [field]: UNKNOWN });
      expect(result.changes).toBe(TABLE[field]!.how !== "ignore");
      expect(result.replaces).toEqual(TABLE[field]!.how === "replace" ? [field] : []);
    },
  );

  it("sees removing a regenerating or UpdateStory field as a change back to the default", async () => {
    for (const field of ["storyStartTime", "minFileCount", "address", "customId", "customLabels"]) {
      const { [field]: _removed, ...rest } = DECLARED as Record<string, unknown>;
      expect((await story.diff("id", STATE, rest)).changes).toBe(true);
    }
    const empty = { ...STATE, storySubType: "", customLabels: {}, customId: "" };
    const {
      storySubType: _s,
      customLabels: _c,
      customId: _i,
      ...declared
    } = DECLARED as Record<string, unknown>;
    expect((await story.diff("id", empty, declared)).changes).toBe(false);
  });

  it("never diffs storyName or cover when the program leaves them to the service", async () => {
    const { storyName: _n, cover: _c, ...declared } = DECLARED as Record<string, unknown>;
    expect((await story.diff("id", STATE, declared)).changes).toBe(false);
    expect((await story.diff("id", { ...STATE, cover: null }, declared)).changes).toBe(false);
  });

  it("compares maps whatever their key order", async () => {
    const state = { ...STATE, customLabels: { a: "1", b: "2" } };
    expect((await story.diff("id", state, { ...DECLARED, customLabels: { b: "2", a: "1" } })).changes).toBe(
      false,
    );
  });

  it("groups changed fields by how the update applies them", () => {
    const changed = ["storyName", "storyType", "tags", "maxFileCount", "cover"];
    expect(fieldsApplyingWith(spec.fields, changed, "UpdateStory")).toEqual(["storyName", "cover"]);
    expect(fieldsApplyingWith(spec.fields, changed, "regenerate")).toEqual(["storyType", "maxFileCount"]);
    expect(fieldsApplyingWith(spec.fields, changed, "nextGeneration")).toEqual(["tags"]);
  });
});

describe("framework extensions (generic, on a toy spec)", () => {
  const toy = {
    type: "test:Toy",
    schema: storySpec.schema.pick({ projectName: true, storyName: true }),
    deleteBeforeReplace: false,
    autoName: {
      field: "projectName",
      maxLength: 20,
      sanitize: (logical: string) => logical,
      suffix: (logical: string, inputs: Record<string, unknown>) =>
        `${logical.length}${inputs.storyName ?? "x"}`,
    },
    fields: { projectName: { mode: "replace" }, storyName: { mode: "update", computed: true } },
  } as unknown as ResourceSpec;
  const lifecycle = new ResourceLifecycle(toy, noContext);

  it("computed: absent means the service's choice; declared is compared", async () => {
    expect(
      (await lifecycle.diff("id", { projectName: "p", storyName: "auto" }, { projectName: "p" })).changes,
    ).toBe(false);
    expect(
      (
        await lifecycle.diff(
          "id",
          { projectName: "p", storyName: "auto" },
          { projectName: "p", storyName: "mine" },
        )
      ).changes,
    ).toBe(true);
  });

  it("AutoNameRule.suffix: a deterministic suffix replaces the random one", async () => {
    const a = await lifecycle.check({}, { __logicalName: "toy", storyName: "n" });
    const b = await lifecycle.check({}, { __logicalName: "toy", storyName: "n" });
    expect(a.inputs.projectName).toBe("toy-3n");
    expect(b.inputs.projectName).toBe(a.inputs.projectName);
  });
});
