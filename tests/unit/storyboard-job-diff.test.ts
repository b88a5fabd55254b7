/**
 * ice.StoryboardJob at diff: a job is immutable, so every job parameter and `triggers` replace (never
 * delete-first: nothing names the job); wait and resume settings and adoptJobId never diff;
 * modelParams / userData compare by meaning; unknowns count as replacements only where a change would.
 */
import fc from "fast-check";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { storyboardJobSpec } from "../../provider/ice/storyboard-job";

const job = new ResourceLifecycle(storyboardJobSpec as unknown as ResourceSpec, () => {
  throw new Error("diff must not need API clients");
});

/** State as create leaves it: the inputs overlaid with the job's outputs. */
const STATE = {
  fileUrl: "https://bucket.oss-cn-shanghai.aliyuncs.com/novel.txt",
  sourceType: "Novel",
  shotSplitMode: "firstPersonNarration",
  shotPromptMode: "multi",
  styleId: "RealisticPhotography",
  narrationVoiceId: "sys_YoungGracefulWoman",
  videoModel: "wan2.6-r2v-flash",
  resolution: "720P",
  aspectRatio: "16:9",
  title: "chapter-1",
  modelParams: { AudioEnable: false },
  userData: { NotifyAddress: "https://callback.example.com/a" },
  execMode: "FullPipeline",
  skipFailureShot: true,
  triggers: { rev: 1 },
  waitTimeoutSeconds: 600,
  resumeOnFailure: true,
  __provider: "serialized",
  jobId: "job-1",
  jobStatus: "Succeeded",
  outputUrl: "https://out.example.com/x.zip",
  storyboards: [{ storyboardId: "st_1", title: "t", status: "Produced", subStatus: "ProduceSucc" }],
  successfulStoryboardIds: ["st_1"],
  failedStoryboardIds: [],
  failedShots: [],
  incomplete: false,
};
const INPUTS = Object.fromEntries(
  Object.entries(STATE).filter(
    ([key]) => (key in storyboardJobSpec.fields && key !== "incomplete") || key === "__provider",
  ),
);

const CHANGED: Record<string, unknown> = {
  fileUrl: "https://bucket.oss-cn-shanghai.aliyuncs.com/novel-2.txt",
  sourceType: "Script",
  shotSplitMode: "thirdPersonNarration",
  shotPromptMode: "single",
  styleId: "Anime",
  narrationVoiceId: "sys_Other",
  videoModel: "wan2.6-t2v",
  resolution: "1K",
  aspectRatio: "4:3",
  title: "chapter-2",
  modelParams: { AudioEnable: true },
  userData: { NotifyAddress: "https://callback.example.com/b" },
  execMode: "StoryboardOnly",
  skipFailureShot: false,
  triggers: { rev: 2 },
};
const IGNORED: Record<string, unknown> = {
  waitTimeoutSeconds: 5,
  resumeOnFailure: false,
  adoptJobId: "some-other-job",
};

it("covers every field of the spec in one of the two tables", () => {
  expect([...Object.keys(CHANGED), ...Object.keys(IGNORED)].sort()).toEqual(
    Object.keys(storyboardJobSpec.fields)
      .filter((key) => key !== "incomplete") // an output, below
      .sort(),
  );
});

it("the same declaration is no change", async () => {
  expect(await job.diff("job-1", STATE, INPUTS)).toEqual({
    changes: false,
    replaces: [],
    deleteBeforeReplace: false,
  });
});

it.each(Object.entries(CHANGED))(
  "a change of %s replaces the job, create-before-delete",
  async (key, value) => {
    expect(await job.diff("job-1", STATE, { ...INPUTS, [key]: value })).toEqual({
      changes: true,
      replaces: [key],
      deleteBeforeReplace: false,
    });
  },
);

it.each(Object.entries(CHANGED))("removing %s replaces the job unless it was the default", async (key) => {
  const { [key]: _removed, ...rest } = INPUTS;
  const diff = await job.diff("job-1", STATE, rest);
  // skipFailureShot's API default is true: leaving it out declares the same job.
  expect(diff.replaces).toEqual(key === "skipFailureShot" ? [] : [key]);
});

it.each(Object.entries(IGNORED))("%s never causes a diff", async (key, value) => {
  expect(await job.diff("job-1", STATE, { ...INPUTS, [key]: value })).toMatchObject({ changes: false });
  const { [key]: _removed, ...rest } = INPUTS;
  expect(await job.diff("job-1", STATE, rest)).toMatchObject({ changes: false });
});

it("an unknown value of a job parameter is a possible replacement; of an ignored field, nothing", async () => {
  expect(await job.diff("job-1", STATE, { ...INPUTS, triggers: UNKNOWN })).toMatchObject({
    changes: true,
    replaces: ["triggers"],
  });
  expect(await job.diff("job-1", STATE, { ...INPUTS, waitTimeoutSeconds: UNKNOWN })).toMatchObject({
    changes: false,
  });
});

it("triggers compare by value, whatever the key order", async () => {
  const state = { ...STATE, triggers: { a: 1, b: [1, { c: 2, d: 3 }] } };
  const reordered = { ...INPUTS, triggers: { b: [1, { d: 3, c: 2 }], a: 1 } };
  expect(await job.diff("job-1", state, reordered)).toMatchObject({ changes: false });
  expect(
    await job.diff("job-1", state, { ...reordered, triggers: { a: 1, b: [{ d: 3, c: 2 }, 1] } }),
  ).toMatchObject({ replaces: ["triggers"] });
});

it("modelParams and userData: the same meaning as object, compact JSON or the service's indented JSON is no change", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      fc.constantFrom(0, 2, 4),
      fc.boolean(),
      async (value, indent, stateAsText) => {
        const asText = JSON.stringify(value, null, indent);
        const state = {
          ...STATE,
          modelParams: stateAsText ? asText : value,
          userData: stateAsText ? value : asText,
        };
        const news = {
          ...INPUTS,
          modelParams: stateAsText ? value : asText,
          userData: stateAsText ? asText : value,
        };
        expect(await job.diff("job-1", state, news)).toMatchObject({ changes: false });
      },
    ),
    { numRuns: 150 },
  );
  expect(
    await job.diff("job-1", STATE, { ...INPUTS, modelParams: '{\n  "AudioEnable": true\n}' }),
  ).toMatchObject({ replaces: ["modelParams"] });
});

it("a job left incomplete (running, or failed and to be resumed) is an in-place update, never a replacement", async () => {
  expect(await job.diff("job-1", { ...STATE, incomplete: true }, INPUTS)).toEqual({
    changes: true,
    replaces: [],
    deleteBeforeReplace: false,
  });
  // An older state without the output, or a finished job, is no change.
  const { incomplete: _dropped, ...older } = STATE;
  expect(await job.diff("job-1", older, INPUTS)).toMatchObject({ changes: false });
});

it("incomplete is not an input: declaring it is refused at check", async () => {
  const { failures } = await job.check({}, { fileUrl: STATE.fileUrl, title: "t", incomplete: false });
  expect(failures.map((f) => f.property)).toEqual(["incomplete"]);
});
