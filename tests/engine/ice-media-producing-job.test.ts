/**
 * ice.MediaProducingJob through the REAL @pulumi/pulumi dynamic-provider host, driven over gRPC the
 * way the engine drives it, with the serialized provider taken from the compiled program-side class,
 * against the local emulator over HTTP: bad input refused at Check without a call; Check / Create
 * (waits for the render) / Read / Diff without a change; a new render, create-before-delete, when
 * `triggers` change; a wait cut short recorded and finished by the next up without a second submit;
 * a no-op up; destroy without an API call.
 */
import path from "node:path";
import { Deployment, DeploymentError } from "../harness/engine";
import { captureRegistrations, type Registration } from "../harness/registrations";
import { startEngineFixture, type Emulator, type EngineFixture } from "../support/engine-fixture";

const root = path.resolve(__dirname, "../..");
// The compiled package, exactly as users get it (npm test builds first).
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

const OUT = "https://bucket.oss-cn-shanghai.aliyuncs.com/out/render.mp4";
const TIMELINE = {
  VideoTracks: [
    { VideoTrackClips: [{ MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/a.mp4", Out: 3 }] },
  ],
};
let fixture: EngineFixture;
let emulator: Emulator;

const calls = (action: string) => emulator.stats().requests[action] ?? 0;
const register = (program: () => void): Promise<Registration[]> =>
  captureRegistrations(program, { project: "enginetest", stack: "dev" });

beforeAll(async () => {
  fixture = await startEngineFixture({
    accessKeyId: "engine-render-id",
    accessKeySecret: "engine-render-secret",
    timings: { mediaProducingJobMs: 300 },
  });
  ({ emulator } = fixture);
});
afterAll(() => fixture?.close());

describe("ice.MediaProducingJob through the provider host", () => {
  it("refuses bad input at Check by field, then creates, reads and diffs without a change", async () => {
    const { host } = fixture;
    const [reg] = (await register(() => {
      new media.ice.MediaProducingJob("render", {
        timeline: TIMELINE,
        outputMediaConfig: { mediaUrl: OUT, width: 1280, height: 720 },
      });
    })) as [Registration];
    expect(reg.type).toBe("pulumi-nodejs:dynamic/alicloud-media/ice:MediaProducingJob");

    const before = fixture.requestCount();
    const bad = await host.check(reg.urn, {}, { ...reg.inputs, projectId: "p1", userData: "x".repeat(600) });
    expect(bad.failures.map((f) => f.property).sort()).toEqual(["userData"]);
    const both = await host.check(reg.urn, {}, { ...reg.inputs, projectId: "p1" });
    expect(both.failures.map((f) => f.property)).toEqual(["timeline"]);
    expect(fixture.requestCount()).toBe(before);

    const { inputs } = await host.check(reg.urn, {}, reg.inputs);
    const created = await host.create(reg.urn, inputs);
    expect(created.properties).toMatchObject({
      jobId: created.id,
      status: "Success",
      mediaUrl: OUT,
      duration: 3,
      incomplete: false,
    });
    const read = await host.read(created.id, reg.urn, created.properties, inputs);
    expect(read.properties).toMatchObject({ status: "Success", mediaUrl: OUT });
    expect((await host.diff(created.id, reg.urn, read.properties, inputs)).changes).toBe("none");
    const news = (await host.check(reg.urn, inputs, { ...reg.inputs, triggers: 2 })).inputs;
    expect(await host.diff(created.id, reg.urn, created.properties, news)).toEqual({
      changes: "some",
      replaces: ["triggers"],
      deleteBeforeReplace: false,
    });
  });
});

describe("pulumi up / up / destroy with the engine's step rules", () => {
  let triggers = 1;
  let waitTimeoutSeconds: number | undefined = 0;
  const program = () =>
    register(() => {
      new media.ice.MediaProducingJob("video", {
        timeline: TIMELINE,
        outputMediaConfig: { mediaUrl: OUT },
        triggers,
        ...(waitTimeoutSeconds === undefined ? {} : { waitTimeoutSeconds }),
      });
    });

  it("a render cut short is recorded, the next up waits for it; no-op up; triggers replace; destroy calls nothing", async () => {
    const d = new Deployment(fixture.host, { config: fixture.config });
    const submits = calls("SubmitMediaProducingJob");
    emulator.setTimings({ mediaProducingJobMs: 2000 });
    const first = await d
      .up(await program())
      .then(
        () => undefined,
        (e: unknown) => e as DeploymentError,
      )
      .finally(() => emulator.setTimings({ mediaProducingJobMs: 300 }));
    expect(first).toBeInstanceOf(DeploymentError);
    expect(first!.message).toMatch(/timed out after 0s waiting for media producing job/);
    const recorded = d.resource("video")!;
    expect(recorded.outputs).toMatchObject({ incomplete: true, __provider: expect.any(String) });

    await d.refresh();
    waitTimeoutSeconds = undefined;
    const second = await d.up(await program());
    expect(second.steps.map((s) => s.op)).toEqual(["update"]);
    expect(d.resource("video")).toMatchObject({ id: recorded.id, outputs: { status: "Success" } });
    expect(calls("SubmitMediaProducingJob")).toBe(submits + 1);

    const before = emulator.stats().requests;
    const third = await d.up(await program());
    expect(third.changes).toEqual({ same: 1 });
    expect(emulator.stats().requests.SubmitMediaProducingJob).toBe(before.SubmitMediaProducingJob);

    triggers = 2;
    const replaced = await d.up(await program());
    expect(replaced.steps.map((s) => s.op)).toEqual(["create-replacement", "replace", "delete-replaced"]);
    expect(calls("SubmitMediaProducingJob")).toBe(submits + 2);

    const idle = emulator.stats().requests;
    expect((await d.destroy()).changes).toEqual({ delete: 1 });
    expect(emulator.stats().requests).toEqual(idle);
    expect(d.state).toEqual([]);
  });
});
