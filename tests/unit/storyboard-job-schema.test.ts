/**
 * ice.StoryboardJob at check: every rule reported against its property path, the UTF-8 byte limit
 * on the title (multibyte characters), JSON-or-object modelParams / userData, auto-named titles that
 * fit the byte limit, and the JobResult decoding (strings holding JSON, as the seed page shows them).
 */
import fc from "fast-check";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import {
  decodeJobResult,
  decodeJsonList,
  needsRepair,
  storyboardJobSpec,
  TITLE_MAX_BYTES,
} from "../../provider/ice/storyboard-job";

const job = new ResourceLifecycle(storyboardJobSpec as unknown as ResourceSpec, () => {
  throw new Error("check must not need API clients");
});
const FILE = "https://bucket.oss-cn-shanghai.aliyuncs.com/novel.txt";
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

async function failures(news: Record<string, unknown>) {
  return (await job.check({}, { fileUrl: FILE, title: "t", ...news })).failures;
}

describe("title: at most 128 UTF-8 bytes, counted in bytes", () => {
  it.each([
    ["128 ASCII characters", "a".repeat(128), true],
    ["129 ASCII characters", "a".repeat(129), false],
    ["42 three-byte CJK characters + 2 ASCII (128 bytes)", "章".repeat(42) + "ab", true],
    ["43 three-byte CJK characters (129 bytes, only 43 characters)", "章".repeat(43), false],
    ["32 four-byte emoji (128 bytes)", "🎬".repeat(32), true],
    ["32 emoji + 1 ASCII (129 bytes)", "🎬".repeat(32) + "x", false],
  ])("%s", async (_name, title, ok) => {
    const found = await failures({ title });
    if (ok) {
      expect(found).toEqual([]);
    } else {
      expect(found).toHaveLength(1);
      expect(found[0]!.property).toBe("title");
      expect(found[0]!.reason).toContain(`at most 128 bytes in UTF-8 (got ${bytes(title)} bytes`);
    }
  });

  it("for any string, it is accepted exactly when it fits 128 bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 }), async (title) => {
        const found = await failures({ title });
        expect(found.length === 0).toBe(bytes(title) <= TITLE_MAX_BYTES);
      }),
      { numRuns: 200 },
    );
  });

  it("an auto-named title fits 128 bytes even for a long multibyte logical name, and is kept", async () => {
    const logical = "故事板".repeat(60);
    const first = await job.check({}, { fileUrl: FILE, __logicalName: logical });
    expect(first.failures).toEqual([]);
    const title = first.inputs.title as string;
    expect(bytes(title)).toBeLessThanOrEqual(TITLE_MAX_BYTES);
    expect(title).toMatch(/^(故事板)+故?事?-[a-z0-9]{7}$/);
    const again = await job.check(first.inputs, { fileUrl: FILE, __logicalName: logical });
    expect(again.inputs.title).toBe(title);
  });
});

describe("the other parameters", () => {
  it("accepts a full declaration, modelParams as object or JSON string", async () => {
    const full = {
      fileUrl: "oss://bucket/novels/chapter-1.txt",
      sourceType: "Novel",
      shotSplitMode: "firstPersonNarration",
      shotPromptMode: "multi",
      styleId: "RealisticPhotography",
      narrationVoiceId: "sys_YoungGracefulWoman",
      videoModel: "wan2.6-r2v-flash",
      resolution: "1K",
      aspectRatio: "16:9",
      title: "第一章",
      modelParams: { AudioEnable: false },
      userData: '{"NotifyAddress":"https://callback.example.com/done"}',
      execMode: "StoryboardOnly",
      skipFailureShot: false,
      triggers: ["v1", { rev: 2 }],
      waitTimeoutSeconds: 600,
      resumeOnFailure: false,
      adoptJobId: "ab0e3e76-1e9d-11ed-ba64-0c42a1b73d66",
    };
    expect((await job.check({}, full)).failures).toEqual([]);
    expect(await failures({ modelParams: '{ "AudioEnable": false }' })).toEqual([]);
  });

  it("reports every failure at once, each naming its property path, the rule and the value", async () => {
    const found = await job.check(
      {},
      {
        fileUrl: "novel.txt",
        title: "",
        aspectRatio: "wide",
        modelParams: "{AudioEnable:false}",
        userData: { NotifyAddress: "somewhere" },
        execMode: "Everything",
        sourceType: " Novel",
        skipFailureShot: "yes",
        waitTimeoutSeconds: -1,
        colour: "red",
      },
    );
    // As the engine prints them: "property <property>: <reason>".
    const byProperty = Object.fromEntries(
      found.failures.map((f) => [f.property, `${f.property}: ${f.reason}`]),
    );
    expect(Object.keys(byProperty).sort()).toEqual([
      "aspectRatio",
      "colour",
      "execMode",
      "fileUrl",
      "modelParams",
      "skipFailureShot",
      "sourceType",
      "title",
      "userData.NotifyAddress",
      "waitTimeoutSeconds",
    ]);
    expect(byProperty.fileUrl).toMatch(
      /fileUrl: must be the http\(s\) or oss:\/\/ URL .*\(got "novel.txt"\)/,
    );
    expect(byProperty.aspectRatio).toMatch(/width:height/);
    expect(byProperty.modelParams).toMatch(/JSON string that parses/);
    expect(byProperty.execMode).toMatch(/FullPipeline.*StoryboardOnly/);
    expect(byProperty.colour).toMatch(/not a property of ice:StoryboardJob/);
  });

  it("requires fileUrl, refuses a JSON array as modelParams", async () => {
    const found = (await job.check({}, { title: "t", modelParams: [1, 2] })).failures;
    expect(found.map((f) => f.property).sort()).toEqual(["fileUrl", "modelParams"]);
  });

  it("accepts unknown values during preview and checks them later", async () => {
    expect(
      (await job.check({}, { fileUrl: UNKNOWN, title: UNKNOWN, modelParams: UNKNOWN })).failures,
    ).toEqual([]);
  });
});

describe("JobResult decoding", () => {
  it("decodes the seed page's example, whose JSON lists carry backslash-escaped quotes", () => {
    // GetYikeStoryboardJob seed page, "Success response": the values as the JSON there decodes them.
    const seed = {
      OutputUrl: "https://test.oss-cn-shanghai.aliyuncs.com/test.mp4",
      SuccessStoryboardList: '[\\"st_2118280473\\"]',
      ExceptionStoryboardIds: '[\\"st_2053348871\\"]',
      FailureShotList:
        '[{\\"errorCode\\":\\"NoMediaData\\",\\"storyboardId\\":\\"st_2118280473\\",\\"shotId\\":\\"54\\"}]',
      SuccessStoryboardIds: "st_2118280473, st_2118280471",
      StoryboardInfoList:
        '[{\\"storyboardId\\":\\"st_1541525214\\",\\"title\\":\\"test_1\\",\\"status\\":\\"Produced\\",\\"subStatus\\":\\"ProduceSucc\\"}]',
    };
    const decoded = decodeJobResult(seed);
    expect(decoded).toEqual({
      outputUrl: "https://test.oss-cn-shanghai.aliyuncs.com/test.mp4",
      storyboards: [
        { storyboardId: "st_1541525214", title: "test_1", status: "Produced", subStatus: "ProduceSucc" },
      ],
      successfulStoryboardIds: ["st_2118280473", "st_2118280471"],
      failedStoryboardIds: ["st_2053348871"],
      failedShots: [{ storyboardId: "st_2118280473", shotId: "54", errorCode: "NoMediaData" }],
    });
    expect(needsRepair({ ...decoded, jobStatus: "Succeeded" })).toBe(true);
  });

  it("treats absent fields as empty, numbers as strings, and refuses text that is not a JSON list", () => {
    expect(decodeJobResult(undefined)).toEqual({
      outputUrl: "",
      storyboards: [],
      successfulStoryboardIds: [],
      failedStoryboardIds: [],
      failedShots: [],
    });
    expect(decodeJobResult({ FailureShotList: '[{"storyboardId":"st_1","shotId":7}]' }).failedShots).toEqual([
      { storyboardId: "st_1", shotId: "7", errorCode: "" },
    ]);
    expect(() => decodeJsonList("FailureShotList", "oops")).toThrow(
      /JobResult.FailureShotList .*not a JSON list/,
    );
    expect(() => decodeJsonList("FailureShotList", "{}")).toThrow(/not a JSON list/);
    const clean = decodeJobResult({ SuccessStoryboardList: '["st_1"]', FailureShotList: "[]" });
    expect(needsRepair({ ...clean, jobStatus: "Succeeded" })).toBe(false);
    expect(needsRepair({ ...clean, jobStatus: "Failed" })).toBe(true);
  });
});
