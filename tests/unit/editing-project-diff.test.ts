/**
 * ice.EditingProject diff: the update/replace table of every field (the file header of
 * provider/ice/editing-project.ts), service defaults, unknowns during preview, and the JSON fields
 * compared by meaning against the service's own formatting.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { editingProjectSpec, normaliseStatus } from "../../provider/ice/editing-project";

const lifecycle = new ResourceLifecycle(editingProjectSpec as unknown as ResourceSpec, () => {
  throw new Error("diff must not need API clients");
});

const TIMELINE = { VideoTracks: [{ VideoTrackClips: [{ MediaId: "a", In: 0, Out: 2 }] }] };

/** Declared inputs, and the state a create of them leaves (outputs overlaid on inputs). */
const declared = {
  title: "t",
  description: "d",
  timeline: TIMELINE,
  coverUrl: "https://x/c.png",
  materialMaps: { video: "v1" },
  businessConfig: { Anything: 1 },
};
const state = {
  ...declared,
  projectId: "p1",
  templateId: "",
  clipsParam: null,
  templateType: "Timeline",
  projectType: "EditingProject",
  status: 2,
  statusName: "Editing",
  duration: 2,
  createTime: "2026-01-01T00:00:00Z",
  modifiedTime: "2026-01-01T00:00:00Z",
  createSource: "OpenAPI",
  modifiedSource: "OpenAPI",
  businessStatus: "",
  errorCode: "",
  errorMessage: "",
  __provider: "serialized",
};

const diff = (news: Record<string, unknown>, from: Record<string, unknown> = state) =>
  lifecycle.diff("p1", from, news);

describe("ice.EditingProject diff classification", () => {
  it("reports no change for the declaration that produced the state", async () => {
    expect(await diff(declared)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it.each([
    ["title", "t2"],
    ["description", "d2"],
    ["coverUrl", "https://x/other.png"],
    ["timeline", { VideoTracks: [] }],
  ])("updates %s in place", async (field, value) => {
    expect(await diff({ ...declared, [field]: value })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates templateId and clipsParam in place (switching a timeline project to a template)", async () => {
    const { timeline: _timeline, ...rest } = declared;
    expect(await diff({ ...rest, templateId: "tpl", clipsParam: { Media1: "m" } })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each([
    ["templateType", "VETemplate"],
    ["projectType", "LiveEditingProject"],
    ["materialMaps", { video: "v2" }],
    ["businessConfig", { Anything: 2 }],
  ])(
    "replaces on %s (UpdateEditingProject cannot change it), deleting the old project first",
    async (field, value) => {
      expect(await diff({ ...declared, [field]: value })).toEqual({
        changes: true,
        replaces: [field],
        // A derived title is looked for before a create: the old project must be gone by then.
        deleteBeforeReplace: true,
      });
    },
  );

  it("never diffs adopt, the serialized provider, or outputs", async () => {
    expect(await diff({ ...declared, adopt: true })).toMatchObject({ changes: false });
    expect(await diff(declared, { ...state, __provider: "other", status: 5, duration: 99 })).toMatchObject({
      changes: false,
    });
  });

  it("treats an absent field as the service default", async () => {
    const { description: _d, coverUrl: _c, ...bare } = declared;
    expect(await diff(bare, { ...state, description: "", coverUrl: "" })).toMatchObject({ changes: false });
    expect(
      await diff({ ...declared, templateType: "Timeline", projectType: "EditingProject" }),
    ).toMatchObject({
      changes: false,
    });
  });

  it("sees a removed field as a change", async () => {
    const { timeline: _t, ...withoutTimeline } = declared;
    expect(await diff(withoutTimeline)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { materialMaps: _m, ...withoutMaps } = declared;
    expect(await diff(withoutMaps)).toMatchObject({ replaces: ["materialMaps"] });
  });

  it("compares JSON fields by meaning: the service's re-serialised text, re-indented text, reordered keys", async () => {
    const serverText = JSON.stringify(
      { VideoTracks: [{ VideoTrackClips: [{ In: 0, MediaId: "a", Out: 2 }] }] },
      null,
      2,
    );
    expect(await diff(declared, { ...state, timeline: serverText })).toMatchObject({ changes: false });
    expect(await diff({ ...declared, timeline: JSON.stringify(TIMELINE) })).toMatchObject({ changes: false });
    expect(
      await diff({
        ...declared,
        businessConfig: '{\n\t"Anything" :   1.0\n}',
        materialMaps: '{"video":"v1"}',
      }),
    ).toMatchObject({ changes: false });
    // The order of clips is meaning: a reorder is a change.
    const two = { VideoTracks: [{ VideoTrackClips: [{ MediaId: "a" }, { MediaId: "b" }] }] };
    const swapped = { VideoTracks: [{ VideoTrackClips: [{ MediaId: "b" }, { MediaId: "a" }] }] };
    expect(await diff({ ...declared, timeline: swapped }, { ...state, timeline: two })).toMatchObject({
      changes: true,
    });
  });

  it("during preview, an unknown value may change: in place for updatable fields, a replacement only where forced", async () => {
    expect(await diff({ ...declared, timeline: UNKNOWN })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(
      await diff({ ...declared, timeline: { VideoTracks: [{ VideoTrackClips: [{ MediaId: UNKNOWN }] }] } }),
    ).toMatchObject({
      replaces: [],
    });
    expect(await diff({ ...declared, projectType: UNKNOWN })).toMatchObject({ replaces: ["projectType"] });
  });
});

describe("status normalisation (a number from Create, a string from Get)", () => {
  it.each([
    [[2, "Editing"], { status: 2, statusName: "Editing" }],
    [[5], { status: 5, statusName: "ProduceFailed" }],
    [["Editing"], { status: 2, statusName: "Editing" }],
    [["ProduceFailed"], { status: 5, statusName: "ProduceFailed" }],
    [["PRODUCE_FAILED"], { status: 5, statusName: "ProduceFailed" }],
    [["7"], { status: 7, statusName: "Deleted" }],
    [["Archived"], { status: 0, statusName: "Archived" }],
    [[undefined], { status: 0, statusName: "" }],
  ])("%j → %j", (args, expected) => {
    expect(normaliseStatus(...(args as [unknown, unknown?]))).toEqual(expected);
  });
});
