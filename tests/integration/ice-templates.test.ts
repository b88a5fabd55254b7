/**
 * ice.Template and ice.CustomTemplate through the generic lifecycle and the real openapi-client, over
 * HTTP, against the local emulator: create, read, a no-op check and diff, in-place updates, delete
 * (DeleteTemplate sent as GET, as the SDK does); a VETemplate waited for until Available, a failed
 * analysis as partial state that the next update reports, then fixes with a new config; a cut wait
 * finished by the next update; a custom template's subtype answered as a name by create and a number
 * by get, `isDefault` through SetDefaultCustomTemplate, and the emulator's own config rules.
 */
import diagnostics from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { customTemplateSpec } from "../../provider/ice/custom-template";
import { templateSpec } from "../../provider/ice/template";
import { identity, partial, up, useHarness } from "./support";

const h = useHarness({ templateProcessMs: 300 });
const calls = (action: string) => h.emulator.stats().requests[action] ?? 0;
const table = (name: string) =>
  Object.values(h.emulator.resources()[name] ?? {}) as Record<string, unknown>[];

const CONFIG = {
  VideoTracks: [{ VideoTrackClips: [{ MediaId: "$Video1" }, { MediaId: "$Video2" }] }],
};
const template = (extra: Record<string, unknown> = {}) => ({
  ...identity("ice:Template", "promo"),
  type: "Timeline",
  config: CONFIG,
  ...extra,
});

describe("ice.Template", () => {
  it("creates a Timeline template at once, reads it back without a diff, updates in place and deletes", async () => {
    const lifecycle = h.lifecycle(templateSpec);
    const { inputs, created } = await up(lifecycle, template({ coverUrl: "https://cdn.example/c.jpg" }));
    expect(inputs.name).toMatch(/^promo-[0-9a-f]{8}$/);
    expect(created.outs).toMatchObject({
      templateId: created.id,
      status: "Available",
      incomplete: false,
      coverUrl: "https://cdn.example/c.jpg",
      createSource: "OpenAPI",
      config: CONFIG,
    });
    expect(JSON.parse(String(created.outs.clipsParam))).toEqual({ Video1: "", Video2: "" });
    expect(calls("GetTemplate")).toBe(1);

    const read = await lifecycle.read(created.id, created.outs);
    expect(read.props).toMatchObject({ config: CONFIG, name: inputs.name });
    // The same config as JSON text with other spacing and order means the same: no diff.
    const text = JSON.stringify({ VideoTracks: CONFIG.VideoTracks }, null, 2);
    const again = await lifecycle.check(
      created.outs,
      template({ config: text, coverUrl: "https://cdn.example/c.jpg" }),
    );
    expect(await lifecycle.diff(created.id, created.outs, again.inputs)).toMatchObject({ changes: false });

    const changed = await lifecycle.check(created.outs, template({ name: "renamed" }));
    const plan = await lifecycle.diff(created.id, created.outs, changed.inputs);
    expect(plan).toMatchObject({ changes: true, replaces: [] });
    const updated = await lifecycle.update(created.id, created.outs, changed.inputs);
    expect(updated.outs).toMatchObject({ name: "renamed", coverUrl: "", status: "Available" });
    expect(table("ice.templates")[0]).toMatchObject({ Name: "renamed", CoverURL: "" });

    const retyped = await lifecycle.check(updated.outs, template({ type: "VETemplate" }));
    expect(await lifecycle.diff(created.id, updated.outs, retyped.inputs)).toMatchObject({
      replaces: ["type"],
    });

    // The SDK sends DeleteTemplate as a GET: watch what leaves this process.
    const sent: string[] = [];
    const watch = (message: unknown) => {
      const request = (message as { request: ClientRequest }).request;
      sent.push(`${request.method} ${String(request.getHeader("x-acs-action"))}`);
    };
    diagnostics.subscribe("http.client.request.start", watch);
    await lifecycle
      .delete(created.id, updated.outs)
      .finally(() => diagnostics.unsubscribe("http.client.request.start", watch));
    expect(sent).toEqual(["GET DeleteTemplate"]);
    expect(table("ice.templates")).toEqual([]);
    await lifecycle.delete(created.id, updated.outs); // gone already: not an error
    expect(await lifecycle.read(created.id, updated.outs)).toEqual({});
  });

  it("waits for a VETemplate until ICE has analysed it, and again after a config change", async () => {
    const lifecycle = h.lifecycle(templateSpec);
    const { created } = await up(lifecycle, template({ type: "VETemplate" }));
    expect(created.outs).toMatchObject({ status: "Available", incomplete: false });
    expect(h.logs).toContain(`template ${created.id}: ICE is analysing it`);
    const changed = await lifecycle.check(
      created.outs,
      template({ type: "VETemplate", config: { Tracks: [] } }),
    );
    const updated = await lifecycle.update(created.id, created.outs, changed.inputs);
    expect(updated.outs).toMatchObject({ status: "Available", config: { Tracks: [] } });
  });

  it("records a failed analysis as partial state, fails again on a bare update, and is fixed by a new config", async () => {
    h.emulator.setFaults({ taskFailureRate: 1, actions: ["AddTemplate"] });
    const lifecycle = h.lifecycle(templateSpec);
    const { inputs } = await lifecycle.check({}, template({ type: "VETemplate" }));
    const failed = await partial(lifecycle.create(inputs));
    expect(failed.message).toMatch(/is ProcessFailed: ICE could not analyse its config\. Fix `config`/);
    expect(failed.properties).toMatchObject({
      templateId: failed.id,
      status: "ProcessFailed",
      incomplete: true,
    });
    h.emulator.clearFaults();

    // The next up: incomplete plans an update, which reports the failure again without a change.
    const next = await lifecycle.check(failed.properties, template({ type: "VETemplate" }));
    expect(await lifecycle.diff(failed.id, failed.properties, next.inputs)).toMatchObject({
      changes: true,
      replaces: [],
    });
    const again = await partial(lifecycle.update(failed.id, failed.properties, next.inputs));
    expect(again.message).toMatch(/ProcessFailed/);
    expect(calls("UpdateTemplate")).toBe(0);

    const fixed = await lifecycle.check(
      failed.properties,
      template({ type: "VETemplate", config: { Fixed: 1 } }),
    );
    const updated = await lifecycle.update(failed.id, failed.properties, fixed.inputs);
    expect(updated.outs).toMatchObject({ status: "Available", incomplete: false });
  });

  it("a wait cut short is partial state that the next update finishes without a second template", async () => {
    h.emulator.setTimings({ templateProcessMs: 3_600_000 });
    const lifecycle = h.lifecycle(templateSpec);
    const { inputs } = await lifecycle.check({}, template({ type: "VETemplate", waitTimeoutSeconds: 1 }));
    const cut = await partial(lifecycle.create(inputs));
    expect(cut.properties).toMatchObject({ status: "Processing", incomplete: true });
    h.emulator.setTimings({ templateProcessMs: 200 });
    // The emulator schedules at the call's time: a new config starts an analysis on the short timing.
    const next = await lifecycle.check(cut.properties, template({ type: "VETemplate", config: { Take: 2 } }));
    const updated = await lifecycle.update(cut.id, cut.properties, next.inputs);
    expect(updated.outs).toMatchObject({ status: "Available", incomplete: false });
    expect(table("ice.templates")).toHaveLength(1);
  });

  it("refuses bad fields at check with their names and calls nothing", async () => {
    const { failures } = await h
      .lifecycle(templateSpec)
      .check({}, template({ type: "Slideshow", config: "{not json", coverUrl: "ftp://x" }));
    expect(failures.map((f) => f.property).sort()).toEqual(["config", "coverUrl", "type"]);
    expect(h.emulator.stats().requests).toEqual({});
  });
});

const TRANSCODE = { Container: { Format: "mp4" }, Video: { Codec: "H.264", Bitrate: 2000, Width: 1280 } };
const custom = (extra: Record<string, unknown> = {}) => ({
  ...identity("ice:CustomTemplate", "hd"),
  type: 1,
  templateConfig: TRANSCODE,
  ...extra,
});

describe("ice.CustomTemplate", () => {
  it("creates, reads the subtype as a number, updates name and config in place, and deletes", async () => {
    const lifecycle = h.lifecycle(customTemplateSpec);
    const { inputs, created } = await up(lifecycle, custom());
    expect(inputs.name).toMatch(/^hd-[0-9a-f]{8}$/);
    expect(created.outs).toMatchObject({
      templateId: created.id,
      type: 1,
      typeName: "TranscodeTemplate",
      subtype: 1,
      subtypeName: "Normal",
      templateConfig: TRANSCODE,
      isDefault: false,
      status: "Normal",
    });
    const again = await lifecycle.check(created.outs, custom({ templateConfig: JSON.stringify(TRANSCODE) }));
    expect(await lifecycle.diff(created.id, created.outs, again.inputs)).toMatchObject({ changes: false });

    const config = { ...TRANSCODE, Audio: { Codec: "AAC", Bitrate: 128 } };
    const changed = await lifecycle.check(created.outs, custom({ name: "hd-2", templateConfig: config }));
    expect(await lifecycle.diff(created.id, created.outs, changed.inputs)).toMatchObject({ replaces: [] });
    const updated = await lifecycle.update(created.id, created.outs, changed.inputs);
    expect(updated.outs).toMatchObject({ name: "hd-2", templateConfig: config });

    const resub = await lifecycle.check(updated.outs, custom({ subtype: 3 }));
    expect((await lifecycle.diff(created.id, updated.outs, resub.inputs)).replaces).toEqual(
      expect.arrayContaining(["subtype"]),
    );
    await lifecycle.delete(created.id, updated.outs);
    expect(table("ice.customTemplates")).toEqual([]);
  });

  it("makes a template its type's default with SetDefaultCustomTemplate, and refuses to only unset it", async () => {
    const lifecycle = h.lifecycle(customTemplateSpec);
    const first = await up(lifecycle, custom({ isDefault: true }));
    expect(first.created.outs).toMatchObject({ isDefault: true });
    const second = await up(lifecycle, {
      ...custom({ isDefault: true }),
      ...identity("ice:CustomTemplate", "sd"),
    });
    expect(second.created.outs).toMatchObject({ isDefault: true });
    expect(calls("SetDefaultCustomTemplate")).toBe(2);

    // A refresh of the first shows it is no longer the default; the next up makes it so again.
    const { props } = await lifecycle.read(first.created.id, first.created.outs);
    const read = { props: props! };
    expect(read.props).toMatchObject({ isDefault: false });
    const next = await lifecycle.check(read.props, custom({ isDefault: true }));
    expect(await lifecycle.diff(first.created.id, read.props, next.inputs)).toMatchObject({ changes: true });
    const updated = await lifecycle.update(first.created.id, read.props, next.inputs);
    expect(updated.outs).toMatchObject({ isDefault: true });
    expect(calls("UpdateCustomTemplate")).toBe(0);

    // Left out, the default is never a diff; declared false while it is the default, it cannot be undone.
    const silent = await lifecycle.check(updated.outs, custom());
    expect(await lifecycle.diff(first.created.id, updated.outs, silent.inputs)).toMatchObject({
      changes: false,
    });
    const unset = await lifecycle.check(updated.outs, custom({ isDefault: false }));
    await expect(lifecycle.update(first.created.id, updated.outs, unset.inputs)).rejects.toThrow(
      /no call that only unsets a default/,
    );
  });

  it("a type without subtypes has none, and never a diff for it", async () => {
    const lifecycle = h.lifecycle(customTemplateSpec);
    const watermark = { Content: "ACME", FontSize: 24, ReferPos: "TopRight", Dx: 10, Dy: 10 };
    const { created } = await up(lifecycle, custom({ type: 5, templateConfig: watermark }));
    expect(created.outs).toMatchObject({
      type: 5,
      subtype: null,
      subtypeName: "",
      typeName: "TextWatermarkTemplate",
    });
    const again = await lifecycle.check(created.outs, custom({ type: 5, templateConfig: watermark }));
    expect(await lifecycle.diff(created.id, created.outs, again.inputs)).toMatchObject({ changes: false });
  });

  it("refuses bad configs at check with the setting's path, and calls nothing", async () => {
    const lifecycle = h.lifecycle(customTemplateSpec);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ templateConfig: { Video: { Bitrate: -1 } } }, "templateConfig.Video.Bitrate", /at least 0/],
      [{ templateConfig: { Container: {} } }, "templateConfig.Container.Format", /container format/],
      [{ templateConfig: { Foo: 1 } }, "templateConfig", /needs Container, Video or Audio/],
      [{ subtype: 3, templateConfig: { Video: {} } }, "templateConfig.Container", /Remux/],
      [{ type: 2, subtype: 2, templateConfig: { Type: "Normal" } }, "templateConfig.Type", /must be Sprite/],
      [{ type: 4, templateConfig: { ReferPos: "Middle" } }, "templateConfig.ReferPos", /TopLeft/],
      [{ type: 5, templateConfig: { FontSize: 12 } }, "templateConfig.Content", /required/],
      [{ type: 5, subtype: 1, templateConfig: { Content: "x" } }, "subtype", /has no subtypes/],
      [{ type: 7, subtype: 4, templateConfig: {} }, "subtype", /1 \(Video\).*3 \(Image\)/],
      [{ subtype: 6 }, "subtype", /at most 5/],
      [{ type: 12 }, "type", /from 1 to 11/],
      [{ templateConfig: "[1]" }, "templateConfig", /JSON object/],
    ];
    for (const [extra, property, reason] of cases) {
      const { failures } = await lifecycle.check({}, custom(extra));
      expect({ extra, failures }).toMatchObject({
        extra,
        failures: [{ property, reason: expect.stringMatching(reason) }],
      });
    }
    expect(h.emulator.stats().requests).toEqual({});
  });
});
