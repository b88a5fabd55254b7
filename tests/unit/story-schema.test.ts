/**
 * imm.Story check(): every CreateStory rule of the seed page refused before any API call, each
 * failure against its property path with the value and the rule; the unknown sentinel; and the
 * deterministic default ObjectId that lets a fresh create find an interrupted one.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { storySpec } from "../../provider/imm/story";

const noContext = () => {
  throw new Error("check must not need API clients");
};
const story = new ResourceLifecycle(storySpec as unknown as ResourceSpec, noContext);

const VALID = {
  projectName: "media",
  datasetName: "photos",
  storyType: "TimeMemory",
  __logicalName: "summer",
};

async function failuresOf(overrides: Record<string, unknown>) {
  const { failures } = await story.check({}, { ...VALID, ...overrides });
  // As the engine prints them: "property <property>: <reason>"; the reason does not repeat it.
  for (const f of failures) expect(f.reason.startsWith(`${f.property}:`)).toBe(false);
  return Object.fromEntries(failures.map((f) => [f.property, `${f.property}: ${f.reason}`]));
}

describe("imm.Story check", () => {
  it("accepts a complete, valid declaration", async () => {
    const { failures, inputs } = await story.check(
      {},
      {
        ...VALID,
        storyType: "TravelMemory",
        storyName: "Summer",
        storyStartTime: "2016-12-30T16:00:00Z",
        storyEndTime: "2021-12-30T16:00:00.123456789+08:00",
        minFileCount: 2,
        maxFileCount: 1500,
        address: { city: "Hangzhou", country: "China" },
        customId: "c1",
        customLabels: { Bucket: "examplebucket" },
        tags: { key: "val" },
        userData: '{"ID":"testuid"}',
        notification: {
          extendedMessageUri: "oss://test-bucket/test-object.json",
          mns: { topicName: "topic1" },
          rocketMq: { instanceId: "MQ_INST_1", topicName: "topic2" },
        },
        notifyTopicName: "legacy",
        cover: { uri: "oss://bucket/cover.jpg" },
        objectId: "my-story_1.0",
        waitTimeoutSeconds: 60,
        adopt: false,
      },
    );
    expect(failures).toEqual([]);
    expect(inputs.objectId).toBe("my-story_1.0");
  });

  it.each([
    [
      "storyType",
      { storyType: "Holiday" },
      /storyType: must be one of TimeMemory, PeopleMemory, TagMemory, TravelMemory \(got "Holiday"\)/,
    ],
    ["storyType", { storyType: undefined }, /storyType: must be one of/],
    [
      "storyStartTime",
      { storyStartTime: "2021-12-30 16:00:00" },
      /storyStartTime: must be an RFC 3339 time.*\(got "2021-12-30 16:00:00"\)/,
    ],
    ["storyEndTime", { storyEndTime: "2021-02-30T25:00:00Z" }, /storyEndTime: is not a valid date/],
    [
      "minFileCount",
      { minFileCount: 1 },
      /minFileCount: must be greater than 1 \(the range is 2 to 1,499\) \(got 1\)/,
    ],
    ["minFileCount", { minFileCount: 2.5 }, /minFileCount: must be an integer/],
    ["minFileCount", { minFileCount: 1500 }, /minFileCount: must be below 1,500/],
    [
      "maxFileCount",
      { maxFileCount: 1501 },
      /maxFileCount: must be at most 1,500: IMM caps a story at 1,500 files.*\(got 1501\)/,
    ],
    ["maxFileCount", { maxFileCount: 1 }, /maxFileCount: must be greater than 1/],
    ["userData", { userData: "€".repeat(683) }, /userData: must be at most 2,048 bytes/],
    [
      "customLabels",
      { customLabels: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, "v"])) },
      /customLabels: must hold at most 100 labels/,
    ],
    ["customLabels", { customLabels: { "": "v" } }, /label keys must not be empty/],
    ["customLabels.n", { customLabels: { n: 1 } }, /customLabels\.n: .*string/],
    ["tags", { tags: { "": "v" } }, /tag keys must not be empty/],
    ["address", { storyType: "TravelMemory", address: {} }, /address: needs at least one of city, country/],
    ["address", { storyType: "TravelMemory", address: { street: "x" } }, /street/],
    [
      "notification.mns.topicName",
      { notification: { mns: { topicName: "" } } },
      /notification\.mns\.topicName: must not be empty/,
    ],
    [
      "notification.extendedMessageUri",
      { notification: { extendedMessageUri: "http://x" } },
      /must be oss:\/\/<bucket>\/<key>/,
    ],
    ["cover.uri", { cover: { uri: "https://x/y.jpg" } }, /cover\.uri: must be oss:\/\//],
    ["objectId", { objectId: "has space" }, /objectId: may contain only letters, digits/],
    ["objectId", { objectId: "x".repeat(129) }, /objectId: must be 1 to 128 characters/],
    ["projectName", { projectName: "-bad" }, /projectName: may contain only/],
    ["waitTimeoutSeconds", { waitTimeoutSeconds: -1 }, /waitTimeoutSeconds/],
  ])("refuses a bad %s, naming the field, the value and the rule", async (property, overrides, reason) => {
    const failures = await failuresOf(overrides);
    expect(Object.keys(failures)).toContain(property);
    expect(failures[property]).toMatch(reason);
  });

  it.each([
    [
      "a subtype where the type has none",
      { storySubType: "Food" },
      "storySubType",
      /TimeMemory stories have no subtype \(got "Food"\)/,
    ],
    [
      "a subtype of another type",
      { storyType: "TagMemory", storySubType: "Solo" },
      "storySubType",
      /must be one of Food, Pet, PetDog, PetCat, Scenery for storyType TagMemory \(got "Solo"\)/,
    ],
    [
      "a start that is not before the end",
      { storyStartTime: "2022-01-01T08:00:00+08:00", storyEndTime: "2022-01-01T00:00:00Z" },
      "storyEndTime",
      /must be later than storyStartTime/,
    ],
    [
      "maxFileCount not above minFileCount",
      { minFileCount: 10, maxFileCount: 10 },
      "maxFileCount",
      /greater than minFileCount/,
    ],
    [
      "an address on a non-travel story",
      { address: { city: "Hangzhou" } },
      "address",
      /only to TravelMemory stories/,
    ],
  ])("refuses %s (a rule across fields)", async (_name, overrides, property, reason) => {
    const failures = await failuresOf(overrides);
    expect(Object.keys(failures)).toEqual([property]);
    expect(failures[property]).toMatch(reason);
  });

  it("accepts every documented subtype of each type", async () => {
    for (const [storyType, storySubType] of [
      ["PeopleMemory", "Solo"],
      ["TagMemory", "Food"],
      ["TagMemory", "Pet"],
      ["TagMemory", "PetDog"],
      ["TagMemory", "PetCat"],
      ["TagMemory", "Scenery"],
      ["TimeMemory", ""],
      ["TravelMemory", undefined],
    ]) {
      expect(await failuresOf({ storyType, storySubType })).toEqual({});
    }
  });

  it("reports every failure at once, and unknown fields", async () => {
    const failures = await failuresOf({
      storyType: "Nope",
      minFileCount: 0,
      userData: "€".repeat(700),
      colour: 1,
    });
    expect(Object.keys(failures).sort()).toEqual(["colour", "minFileCount", "storyType", "userData"]);
  });

  it("accepts unknowns during preview and skips the cross-field rules until they are known", async () => {
    const { failures } = await story.check(
      {},
      { ...VALID, storySubType: UNKNOWN, storyStartTime: UNKNOWN, storyEndTime: "2000-01-01T00:00:00Z" },
    );
    expect(failures).toEqual([]);
  });
});

describe("imm.Story default ObjectId", () => {
  const saved = { project: process.env.PULUMI_NODEJS_PROJECT, stack: process.env.PULUMI_NODEJS_STACK };
  afterEach(() => {
    process.env.PULUMI_NODEJS_PROJECT = saved.project;
    process.env.PULUMI_NODEJS_STACK = saved.stack;
    if (saved.project === undefined) delete process.env.PULUMI_NODEJS_PROJECT;
    if (saved.stack === undefined) delete process.env.PULUMI_NODEJS_STACK;
  });

  const checked = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
    (await story.check(olds, news)).inputs;

  it("is derived from the resource name, the same on every fresh check (no state in between)", async () => {
    process.env.PULUMI_NODEJS_PROJECT = "app";
    process.env.PULUMI_NODEJS_STACK = "dev";
    const first = await checked(VALID);
    const again = await checked(VALID);
    expect(first.objectId).toMatch(/^summer-[0-9a-f]{16}$/);
    expect(again.objectId).toBe(first.objectId);
    expect(first.__autoNamed).toBe(true);
  });

  it("differs between stacks, datasets and resource names", async () => {
    process.env.PULUMI_NODEJS_PROJECT = "app";
    process.env.PULUMI_NODEJS_STACK = "dev";
    const dev = (await checked(VALID)).objectId;
    const otherDataset = (await checked({ ...VALID, datasetName: "other" })).objectId;
    const otherName = (await checked({ ...VALID, __logicalName: "winter" })).objectId;
    process.env.PULUMI_NODEJS_STACK = "prod";
    const prod = (await checked(VALID)).objectId;
    expect(new Set([dev, otherDataset, otherName, prod]).size).toBe(4);
  });

  it("takes the stack from the program (__stack) before the host's environment", async () => {
    process.env.PULUMI_NODEJS_PROJECT = "app";
    process.env.PULUMI_NODEJS_STACK = "dev";
    const dev = (await checked({ ...VALID, __stack: "app/dev" })).objectId;
    const prod = (await checked({ ...VALID, __stack: "app/prod" })).objectId;
    expect(prod).not.toBe(dev);
    expect((await checked({ ...VALID, __stack: "app/dev" })).objectId).toBe(dev);
    // The environment no longer matters once the program says which stack it is.
    process.env.PULUMI_NODEJS_STACK = "other";
    expect((await checked({ ...VALID, __stack: "app/dev" })).objectId).toBe(dev);
  });

  it("is kept from the state once generated, even if the stack is renamed", async () => {
    process.env.PULUMI_NODEJS_STACK = "dev";
    const olds = await checked(VALID);
    process.env.PULUMI_NODEJS_STACK = "renamed";
    expect((await checked(VALID, olds)).objectId).toBe(olds.objectId);
  });

  it("is the user's when given, and makes sanitized IDs from any resource name", async () => {
    expect((await checked({ ...VALID, objectId: "mine" })).objectId).toBe("mine");
    const odd = (await checked({ ...VALID, __logicalName: "my story/2024 ✈" })).objectId as string;
    expect(odd).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(odd.startsWith("my-story-2024")).toBe(true);
  });
});
