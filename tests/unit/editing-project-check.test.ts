/**
 * ice.EditingProject at check: the schema and every cross-field rule of the seed CreateEditingProject
 * page, each failure naming its property, the value and the rule; auto-naming of `title`; unknowns.
 * No API client exists here: a check that tried to call the service would throw.
 */
import { AUTO_NAMED, ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceSpec } from "../../provider/framework/spec";
import { UNKNOWN } from "../../provider/framework/unknowns";
import { editingProjectSpec } from "../../provider/ice/editing-project";

const lifecycle = new ResourceLifecycle(editingProjectSpec as unknown as ResourceSpec, () => {
  throw new Error("check must not need API clients");
});

const LIVE = {
  OutputMediaConfig: { StorageLocation: "test-bucket.oss-cn-shanghai.aliyuncs.com", Path: "p" },
  OutputMediaTarget: "oss-object",
  ReservationTime: "2021-06-21T08:05:00Z",
};

async function failures(news: Record<string, unknown>) {
  return (await lifecycle.check({}, { title: "t", ...news })).failures;
}

async function expectOnly(news: Record<string, unknown>, property: string, reason: RegExp) {
  const found = await failures(news);
  expect(found.map((f) => f.property)).toEqual([property]);
  // Rendered as the engine prints it; the reason itself does not repeat the property.
  expect(`${found[0]!.property}: ${found[0]!.reason}`).toMatch(reason);
  expect(found[0]!.reason.startsWith(`${property}:`)).toBe(false);
}

describe("ice.EditingProject schema", () => {
  it("accepts every parameter, JSON fields as objects or as JSON text", async () => {
    const timeline = { VideoTracks: [{ VideoTrackClips: [{ MediaId: "m" }] }] };
    expect(
      await failures({
        description: "d",
        timeline,
        coverUrl: "https://example.com/c.png",
        templateType: "Timeline",
        materialMaps: { video: "a,b", image: "c" },
        businessConfig: JSON.stringify(LIVE),
        projectType: "LiveEditingProject",
        adopt: false,
      }),
    ).toEqual([]);
    expect(await failures({ timeline: JSON.stringify(timeline, null, 4) })).toEqual([]);
    expect(
      await failures({ templateId: "tpl", clipsParam: '{"Media1":"m"}', templateType: "VETemplate" }),
    ).toEqual([]);
  });

  it.each([
    [{ title: "" }, "title", /title: must not be empty/],
    [
      { timeline: "{not json" },
      "timeline",
      /timeline: must be a JSON object or a JSON string that parses.*\(got "\{not json"\)/,
    ],
    [{ timeline: "[1]" }, "timeline", /timeline: must be a JSON object, not array/],
    [{ timeline: 42 }, "timeline", /timeline: /],
    [
      { templateId: "t", clipsParam: "nope" },
      "clipsParam",
      /clipsParam: must be a JSON object or a JSON string that parses/,
    ],
    [{ materialMaps: "[]" }, "materialMaps", /materialMaps: must be a JSON object/],
    [{ businessConfig: "{" }, "businessConfig", /businessConfig: must be a JSON object/],
    [
      { coverUrl: "example.com/c.png" },
      "coverUrl",
      /coverUrl: must be an http\(s\) URL \(got "example.com\/c.png"\)/,
    ],
    [{ templateType: "Fancy" }, "templateType", /templateType: .*"Timeline".*"VETemplate".*\(got "Fancy"\)/],
    [{ projectType: "Live" }, "projectType", /projectType: .*"EditingProject".*"LiveEditingProject"/],
    [{ templateId: "", clipsParam: {} }, "templateId", /templateId: must not be empty/],
    [{ adopt: "yes" }, "adopt", /adopt: /],
    [{ titel: "typo" }, "titel", /titel: not a property of ice:EditingProject/],
  ])("refuses %j at %s", async (news, property, reason) => {
    await expectOnly(news, property, reason);
  });
});

describe("ice.EditingProject cross-field rules", () => {
  it("timeline and templateId are mutually exclusive", async () => {
    await expectOnly(
      { timeline: {}, templateId: "tpl", clipsParam: {} },
      "templateId",
      /templateId \("tpl"\) and timeline are mutually exclusive/,
    );
  });

  it("templateId requires clipsParam, and clipsParam is only used with templateId", async () => {
    await expectOnly({ templateId: "tpl" }, "clipsParam", /clipsParam is required when templateId is set/);
    await expectOnly({ clipsParam: { Media1: "m" } }, "clipsParam", /only used with templateId/);
  });

  it("a live editing project needs businessConfig with OutputMediaConfig.StorageLocation", async () => {
    await expectOnly(
      { projectType: "LiveEditingProject" },
      "businessConfig",
      /businessConfig is required when projectType is "LiveEditingProject"/,
    );
    await expectOnly(
      { projectType: "LiveEditingProject", businessConfig: { OutputMediaConfig: { Path: "p" } } },
      "businessConfig.OutputMediaConfig.StorageLocation",
      /StorageLocation is required for a LiveEditingProject \(got nothing\)/,
    );
    await expectOnly(
      {
        projectType: "LiveEditingProject",
        businessConfig: JSON.stringify({ ...LIVE, OutputMediaTarget: "ftp" }),
      },
      "businessConfig.OutputMediaTarget",
      /must be one of vod-media, oss-object \(got "ftp"\)/,
    );
    await expectOnly(
      { projectType: "LiveEditingProject", businessConfig: { ...LIVE, ReservationTime: "tomorrow" } },
      "businessConfig.ReservationTime",
      /UTC time .*\(got "tomorrow"\)/,
    );
    // A regular project may carry a business configuration: the service ignores it.
    expect(await failures({ businessConfig: { Anything: 1 } })).toEqual([]);
  });

  it("materialMaps: comma-separated string IDs, at most 10 per type", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `m${i}`).join(",");
    await expectOnly(
      { materialMaps: { video: eleven } },
      "materialMaps.video",
      /lists 11 material IDs; at most 10/,
    );
    await expectOnly(
      { materialMaps: { image: ["a"] } },
      "materialMaps.image",
      /must be a string of comma-separated/,
    );
    // liveStream holds JSON text, not a list of IDs.
    expect(await failures({ materialMaps: { liveStream: JSON.stringify([{ appName: "a" }]) } })).toEqual([]);
  });

  it("reports every failure at once", async () => {
    const found = await failures({ timeline: {}, templateId: "tpl", projectType: "LiveEditingProject" });
    expect(found.map((f) => f.property).sort()).toEqual(["businessConfig", "clipsParam", "templateId"]);
  });

  it("defers cross-field rules while a value is unknown (preview), and checks them with the real value", async () => {
    expect(await failures({ timeline: {}, templateId: UNKNOWN })).toEqual([]);
    expect(await failures({ timeline: UNKNOWN, templateId: "tpl", clipsParam: {} })).toEqual([]);
  });
});

describe("ice.EditingProject title auto-naming", () => {
  it("derives the title from the logical name once and keeps it on later checks", async () => {
    const first = await lifecycle.check({}, { __logicalName: "intro video" });
    expect(first.failures).toEqual([]);
    expect(first.inputs.title).toMatch(/^intro video-[0-9a-f]{10}$/);
    expect(first.inputs[AUTO_NAMED]).toBe(true);
    const again = await lifecycle.check(first.inputs, { __logicalName: "intro video", description: "x" });
    expect(again.inputs.title).toBe(first.inputs.title);
  });

  it("uses a declared title as is", async () => {
    const { inputs } = await lifecycle.check({}, { __logicalName: "n", title: "My title" });
    expect(inputs.title).toBe("My title");
    expect(inputs[AUTO_NAMED]).toBeUndefined();
  });
});
