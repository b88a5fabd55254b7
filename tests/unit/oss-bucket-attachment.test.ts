/**
 * imm.OssBucketAttachment at check and diff: field-named failures, every field a delete-first
 * replacement (IMM has no update: the bucket is the key), an absent description equal to the empty
 * one GetOSSBucketAttachment answers. No API client exists here, so nothing can be called.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { ossBucketAttachmentSpec } from "../../provider/imm/oss-bucket-attachment";

const spec = ossBucketAttachmentSpec as ResourceSpec;
const lifecycle = new ResourceLifecycle(spec, () => {
  throw new Error("check and diff must not need API clients");
});
const SAMPLE = { projectName: "p1", ossBucket: "photos", description: "thumbs", adopt: false };

it.each([
  [{ projectName: "9 bad" }, "projectName", /letters, digits/],
  [{ ossBucket: "Photos_1" }, "ossBucket", /OSS bucket name/],
  [{ ossBucket: "ab" }, "ossBucket", /3-63/],
  [{ description: "" }, "description", /must not be empty/],
  [{ description: "d".repeat(129) }, "description", /at most 128/],
])("refuses %j at its field", async (change, property, reason) => {
  const { failures } = await lifecycle.check({}, { ...SAMPLE, ...change });
  expect(failures).toEqual([expect.objectContaining({ property })]);
  expect(failures[0]!.reason).toMatch(reason);
});

it("replaces on every field, detaching first; adopt never diffs", async () => {
  expect(Object.keys(spec.fields).sort()).toEqual(Object.keys(spec.schema.shape).sort());
  for (const [field, value] of [
    ["projectName", "p2"],
    ["ossBucket", "videos"],
    ["description", "other"],
  ] as const) {
    expect(await lifecycle.diff("photos", SAMPLE, { ...SAMPLE, [field]: value })).toEqual({
      changes: true,
      replaces: [field],
      deleteBeforeReplace: true,
    });
  }
  expect((await lifecycle.diff("photos", SAMPLE, { ...SAMPLE, adopt: true })).changes).toBe(false);
  const bare = { projectName: "p1", ossBucket: "photos" };
  expect((await lifecycle.diff("photos", { ...bare, description: "" }, bare)).changes).toBe(false);
});
