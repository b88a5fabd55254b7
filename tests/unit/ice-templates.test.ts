/**
 * ice.Template and ice.CustomTemplate in process: which fields replace and which update in place,
 * JSON compared by meaning, the wait and service-chosen values never a diff, a template left
 * incomplete plans an update; the custom template's config rules name the setting's path, accept the
 * console's decimal strings, and leave the types without rules alone; the request built from the
 * traits carries each parameter under its wire name and encoding.
 */
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import { wireParams } from "../../provider/framework/wire";
import { customTemplateFailures, customTemplateSpec } from "../../provider/ice/custom-template";
import { templateSpec } from "../../provider/ice/template";

const noClients = () => {
  throw new Error("diff must not need API clients");
};
const templates = new ResourceLifecycle(templateSpec, noClients);
const customs = new ResourceLifecycle(customTemplateSpec, noClients);

const CONFIG = { VideoTracks: [{ VideoTrackClips: [{ MediaId: "$Main" }] }] };
const TEMPLATE = { name: "promo", type: "VETemplate", config: CONFIG, waitTimeoutSeconds: 60 };
const TEMPLATE_STATE = {
  ...TEMPLATE,
  templateId: "t1",
  status: "Available",
  coverUrl: "",
  incomplete: false,
};

const TRANSCODE = { Container: { Format: "mp4" }, Video: { Bitrate: 2000 } };
const CUSTOM = { name: "hd", type: 1, templateConfig: TRANSCODE };
const CUSTOM_STATE = { ...CUSTOM, templateId: "c1", subtype: 1, isDefault: true, status: "Normal" };

describe("ice.Template diff", () => {
  it("replaces on type only; JSON by meaning; the wait never diffs", async () => {
    const cases: [Record<string, unknown>, string[], boolean][] = [
      [{ type: "Timeline" }, ["type"], true],
      [{ name: "other" }, [], true],
      [{ config: { Other: 1 } }, [], true],
      [{ coverUrl: "https://cdn.example/c.jpg" }, [], true],
      [{ previewMedia: "m1" }, [], true],
      [{ coverUrl: "" }, [], false],
      [{ waitTimeoutSeconds: 5 }, [], false],
      [{ config: JSON.stringify(CONFIG, null, 2) }, [], false],
    ];
    for (const [change, replaces, changes] of cases) {
      const diff = await templates.diff("t1", TEMPLATE_STATE, { ...TEMPLATE, ...change });
      expect({ change, replaces: diff.replaces, changes: diff.changes }).toEqual({
        change,
        replaces,
        changes,
      });
      expect(diff.deleteBeforeReplace).toBe(false);
    }
  });

  it("plans an update for a template still being analysed or failed", async () => {
    const diff = await templates.diff("t1", { ...TEMPLATE_STATE, incomplete: true }, TEMPLATE);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("sends Config as compact JSON text, whichever form was declared", () => {
    expect(wireParams(templateSpec.fields, { ...TEMPLATE, config: JSON.stringify(CONFIG, null, 2) })).toEqual(
      {
        Name: "promo",
        Type: "VETemplate",
        Config: JSON.stringify(CONFIG),
      },
    );
  });

  it("refuses each bad field by name", async () => {
    const { failures } = await templates.check(
      {},
      { name: "", type: "Reel", config: "{", coverUrl: "x", previewMedia: "", waitTimeoutSeconds: -1 },
    );
    expect(failures.map((f) => f.property).sort()).toEqual([
      "config",
      "coverUrl",
      "name",
      "previewMedia",
      "type",
      "waitTimeoutSeconds",
    ]);
  });
});

describe("ice.CustomTemplate diff", () => {
  it("replaces on type and subtype; name and config in place; service choices never diff", async () => {
    const cases: [Record<string, unknown>, string[], boolean][] = [
      [{ type: 2, templateConfig: { Type: "Normal" } }, ["type"], true],
      [{ subtype: 3 }, ["subtype"], true],
      [{ subtype: 1 }, [], false],
      [{ name: "other" }, [], true],
      [{ templateConfig: { ...TRANSCODE, Audio: { Bitrate: 64 } } }, [], true],
      [{ templateConfig: JSON.stringify(TRANSCODE) }, [], false],
      [{ isDefault: true }, [], false],
      [{ isDefault: false }, [], true],
    ];
    for (const [change, replaces, changes] of cases) {
      const diff = await customs.diff("c1", CUSTOM_STATE, { ...CUSTOM, ...change });
      expect({ change, replaces: diff.replaces, changes: diff.changes }).toEqual({
        change,
        replaces,
        changes,
      });
    }
  });

  it("sends Type and Subtype as numbers and TemplateConfig as JSON text", () => {
    expect(wireParams(customTemplateSpec.fields, { ...CUSTOM, subtype: 2, isDefault: true })).toEqual({
      Name: "hd",
      Type: 1,
      Subtype: 2,
      TemplateConfig: JSON.stringify(TRANSCODE),
    });
  });
});

describe("custom template config rules", () => {
  it("accept valid configs, decimal strings as the console writes them, and types without rules", () => {
    const valid: Parameters<typeof customTemplateFailures>[0][] = [
      { type: 1, templateConfig: { Video: { Bitrate: "2000", Fps: "25.5" } } },
      { type: 1, subtype: 2, templateConfig: { Audio: { Codec: "AAC", Samplerate: 44100 } } },
      { type: 1, subtype: 3, templateConfig: '{"Container":{"Format":"m3u8"}}' },
      { type: 2, templateConfig: { Type: "Normal", Time: 0, Count: 1 } },
      { type: 2, subtype: 3, templateConfig: { Type: "WebVtt", Interval: 10 } },
      { type: 4, templateConfig: { ReferPos: "BottomLeft", Dx: "8", Width: 0.1 } },
      { type: 5, templateConfig: { Content: "ACME", FontSize: 16 } },
      { type: 6, templateConfig: { Anything: ["goes"] } },
      { type: 7, subtype: 3, templateConfig: {} },
      { type: 9, subtype: 2, templateConfig: {} },
    ];
    for (const inputs of valid)
      expect({ inputs, failures: customTemplateFailures(inputs) }).toEqual({ inputs, failures: [] });
  });

  it("report every bad setting of a config at once, each by its path", () => {
    const failures = customTemplateFailures({
      type: 1,
      templateConfig: { Container: { Format: "" }, Video: { Width: -2, Crf: "high" }, Audio: "aac" },
    });
    expect(failures.map((f) => f.property)).toEqual([
      "templateConfig.Audio",
      "templateConfig.Container.Format",
      "templateConfig.Video.Width",
      "templateConfig.Video.Crf",
    ]);
    expect(failures[0]!.reason).toBe("templateConfig.Audio must be an object");
  });

  it("check subtypes against the type", () => {
    expect(customTemplateFailures({ type: 9, subtype: 3, templateConfig: {} })).toEqual([
      {
        property: "subtype",
        reason:
          "subtype must be one of 1 (VideoDelogo), 2 (VideoDetext) for type 9 (AIMediaEraseTemplate) (got 3)",
      },
    ]);
    expect(customTemplateFailures({ type: 3, subtype: 1, templateConfig: {} })[0]!.reason).toMatch(
      /type 3 \(AnimationTemplate\) has no subtypes/,
    );
  });
});
