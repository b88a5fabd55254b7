/**
 * ice.Template and ice.CustomTemplate through the REAL @pulumi/pulumi dynamic-provider host, driven
 * over gRPC the way the engine drives it, with the serialized provider taken from the compiled
 * program-side classes, against the local emulator over HTTP: bad input refused at Check by field
 * without a call; Check / Create (a VETemplate waited for) / Read / Diff without a change; a failed
 * analysis recorded and fixed in place by the next up; a no-op up without writes; in-place updates;
 * type replaces; destroy leaves nothing.
 */
import path from "node:path";
import { Deployment, DeploymentError } from "../harness/engine";
import { captureRegistrations, type Registration } from "../harness/registrations";
import { startEngineFixture, type Emulator, type EngineFixture } from "../support/engine-fixture";

const root = path.resolve(__dirname, "../..");
// The compiled package, exactly as users get it (npm test builds first).
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

const CONFIG = { VideoTracks: [{ VideoTrackClips: [{ MediaId: "$Main" }] }] };
const TRANSCODE = { Container: { Format: "mp4" }, Video: { Bitrate: 2000 } };
let fixture: EngineFixture;
let emulator: Emulator;

const register = (program: () => void): Promise<Registration[]> =>
  captureRegistrations(program, { project: "enginetest", stack: "dev" });
const rows = (table: string) => Object.values(emulator.resources()[table] ?? {}) as Record<string, unknown>[];
const WRITES = /^(Add|Create|Update|Delete|Set)/;
const writes = (before: Record<string, number>) =>
  Object.entries(emulator.stats().requests)
    .filter(([action, count]) => WRITES.test(action) && count > (before[action] ?? 0))
    .map(([action]) => action)
    .sort();

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: "engine-template-id",
    accessKeySecret: "engine-template-secret",
    timings: { templateProcessMs: 300 },
  });
  ({ emulator } = fixture);
});
afterAll(() => fixture?.close());

describe("through the provider host", () => {
  it("refuses bad input at Check by field, then creates, reads and diffs without a change", async () => {
    const { host } = fixture;
    const [template, preset] = (await register(() => {
      new media.ice.Template("promo", { type: "VETemplate", config: CONFIG });
      new media.ice.CustomTemplate("hd", { type: 1, templateConfig: TRANSCODE });
    })) as [Registration, Registration];
    expect(template.type).toBe("pulumi-nodejs:dynamic/alicloud-media/ice:Template");
    expect(preset.type).toBe("pulumi-nodejs:dynamic/alicloud-media/ice:CustomTemplate");

    const before = fixture.requestCount();
    const bad = await host.check(template.urn, {}, { ...template.inputs, type: "Reel", config: "[]" });
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["config", "type"]);
    const badPreset = await host.check(
      preset.urn,
      {},
      {
        ...preset.inputs,
        templateConfig: { Video: { Bitrate: "fast" } },
      },
    );
    expect(badPreset.failures).toEqual([
      { property: "templateConfig.Video.Bitrate", reason: expect.stringMatching(/must be a number/) },
    ]);
    expect(fixture.requestCount()).toBe(before);

    for (const reg of [template, preset]) {
      const { inputs } = await host.check(reg.urn, {}, reg.inputs);
      const created = await host.create(reg.urn, inputs);
      expect(created.properties).toMatchObject({ templateId: created.id });
      const read = await host.read(created.id, reg.urn, created.properties, inputs);
      expect((await host.diff(created.id, reg.urn, read.properties, inputs)).changes).toBe("none");
    }
    expect(rows("ice.templates")).toEqual([expect.objectContaining({ Status: "Available" })]);
  });
});

describe("pulumi up / up / destroy with the engine's step rules", () => {
  let config: Record<string, unknown> = CONFIG;
  let bitrate = 2000;
  let type: "VETemplate" | "Timeline" = "VETemplate";
  const program = () =>
    register(() => {
      new media.ice.Template("intro", { type, config });
      new media.ice.CustomTemplate("sd", {
        type: 1,
        templateConfig: { ...TRANSCODE, Video: { Bitrate: bitrate } },
        isDefault: true,
      });
    });

  it("a failed analysis is recorded and fixed in place; no-op up; updates; type replaces; destroy", async () => {
    emulator.reset();
    const d = new Deployment(fixture.host, { config: fixture.config });
    emulator.setFaults({ taskFailureRate: 1, actions: ["AddTemplate"] });
    const first = await d
      .up(await program())
      .then(
        () => undefined,
        (e: unknown) => e as DeploymentError,
      )
      .finally(() => emulator.clearFaults());
    expect(first).toBeInstanceOf(DeploymentError);
    expect(first!.message).toMatch(/is ProcessFailed/);
    const recorded = d.resource("intro")!;
    expect(recorded.outputs).toMatchObject({ status: "ProcessFailed", incomplete: true });

    config = { ...CONFIG, Fixed: true };
    const second = await d.up(await program());
    // The engine stopped at the failure, so the preset is created now.
    expect(second.steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`).sort()).toEqual([
      "create sd",
      "update intro",
    ]);
    expect(d.resource("intro")).toMatchObject({ id: recorded.id, outputs: { status: "Available" } });
    expect(d.resource("sd")).toMatchObject({ outputs: { isDefault: true } });

    const idle = { ...emulator.stats().requests };
    expect((await d.up(await program())).changes).toEqual({ same: 2 });
    expect(writes(idle)).toEqual([]);

    bitrate = 3000;
    const before = { ...emulator.stats().requests };
    const updated = await d.up(await program());
    expect(updated.changes).toEqual({ same: 1, update: 1 });
    expect(writes(before)).toEqual(["UpdateCustomTemplate"]);

    type = "Timeline";
    const replaced = await d.up(await program());
    expect(replaced.steps.map((s) => s.op).filter((op) => op !== "same")).toEqual([
      "create-replacement",
      "replace",
      "delete-replaced",
    ]);
    expect(rows("ice.templates")).toEqual([expect.objectContaining({ Type: "Timeline" })]);

    expect((await d.destroy()).changes).toEqual({ delete: 2 });
    expect(rows("ice.templates")).toEqual([]);
    expect(rows("ice.customTemplates")).toEqual([]);
    expect(d.state).toEqual([]);
  });
});
