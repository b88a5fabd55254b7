/**
 * Check failures never quote a value the program marked secret (the SDK sends their names as
 * `__secretInputs`), not in a single field's rule and not in a cross-field rule, which may quote
 * any input.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { storySpec } from "../../provider/imm/story";

const story = new ResourceLifecycle(storySpec as unknown as ResourceSpec, () => {
  throw new Error("check must not need API clients");
});

const VALID = {
  projectName: "media",
  datasetName: "photos",
  storyType: "TimeMemory",
  __logicalName: "summer",
};
const LATE = "2022-01-01T08:00:00+08:00";
const EARLY = "2022-01-01T00:00:00Z";

it("a cross-field reason quotes the plain values and hides the secret ones", async () => {
  const plain = await story.check({}, { ...VALID, storyStartTime: LATE, storyEndTime: EARLY });
  const said = plain.failures.map((f) => f.reason).join("\n");
  expect(said).toContain(EARLY);

  const secret = await story.check(
    {},
    { ...VALID, storyStartTime: LATE, storyEndTime: EARLY, __secretInputs: ["storyEndTime"] },
  );
  expect(secret.failures.map((f) => f.property)).toEqual(plain.failures.map((f) => f.property));
  const hidden = secret.failures.map((f) => f.reason).join("\n");
  expect(hidden).not.toContain(EARLY);
  expect(hidden).toContain("a value that holds a secret");
});
