/**
 * ice.EditingProject through the REAL @pulumi/pulumi dynamic-provider host, driven over gRPC the way
 * the engine drives it, with the serialized provider taken from the real program-side class (the
 * compiled package), against the local emulator over HTTP (which re-serialises JSON parameters):
 * Check → Create → Read → Diff (no change after the service's re-serialisation) → Update in place →
 * a replacement planned on projectType and carried out create-first → Delete; bad input refused at
 * Check with zero API calls; a failed production reported on refresh; and a host killed while its
 * CreateEditingProject was in flight on the service, followed by a fresh Check + Create in a new host
 * (the next `pulumi up`, with no state), which derives the same title and takes that project over
 * instead of creating a second one.
 */
import path from "node:path";
import { z } from "zod";
import { defineOperation, ice, query } from "../../provider/operations";
import { waitFor } from "../../provider/runtime/waiter";
import { captureRegistrations } from "../harness/registrations";
import { type ProviderHost, UNKNOWN } from "../harness/provider-host";
import { startEngineFixture, type Emulator, type EngineFixture } from "../support/engine-fixture";
type Registration = { type: string; name: string; urn: string; inputs: Record<string, unknown> };

const root = path.resolve(__dirname, "../..");
// The compiled package, exactly as users get it (npm test builds first).
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");

/** See tests/engine/imm-resources.test.ts: seven serialized methods sit near 2 KB. */
const THIN_PROVIDER_MAX_BYTES = 2100;
const ACCESS_KEY_ID = "engine-test-id";
const ACCESS_KEY_SECRET = "engine-test-secret-do-not-leak";

const TIMELINE = {
  VideoTracks: [{ VideoTrackClips: [{ MediaId: "****4d7cf14dc7b83b0e801c****", In: 0, Out: 3 }] }],
};

const SubmitMediaProducingJob = defineOperation(
  "ice",
  "SubmitMediaProducingJob",
  "not-idempotent",
  { ProjectId: query.string.required(), OutputMediaConfig: query.string.required() },
  z.looseObject({ RequestId: z.string(), JobId: z.string() }),
);

let fixture: EngineFixture;
let emulator: Emulator;
let host: ProviderHost;

const outOfBand = () => fixture.outOfBand("ice");
const startHost = () => fixture.startHost();
const totalRequests = () => fixture.requestCount();
const calls = (action: string) => emulator.stats().requests[action] ?? 0;

const HOST_OPTIONS = { project: "enginetest", stack: "dev" };

async function register(program: () => void): Promise<Registration[]> {
  return (await captureRegistrations(program, HOST_OPTIONS)) as Registration[];
}

/** The IDs of every project with this title (searched out of band, as the service lists them). */
async function titled(title: unknown): Promise<string[]> {
  const { ProjectList } = await outOfBand().call(ice.SearchEditingProject, {
    ProjectType: "EditingProject",
    PageSize: 100,
  });
  return (ProjectList ?? []).filter((p) => p.Title === title).map((p) => p.ProjectId);
}

beforeAll(async () => {
  fixture = await startEngineFixture({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET });
  ({ emulator, host } = fixture);
});

afterAll(() => fixture?.close());

describe("ice.EditingProject through the provider host", () => {
  let reg: Registration;
  let id: string;
  let state: Record<string, unknown>;
  let inputs: Record<string, unknown>;

  beforeAll(async () => {
    const registrations = await register(() => {
      new media.ice.EditingProject("intro", {
        description: "the intro cut",
        timeline: TIMELINE,
        materialMaps: { video: "v1,v2" },
      });
    });
    reg = registrations[0]!;
  });

  it("serializes a thin provider with the ice type token, no secret, no inlined code", () => {
    const provider = reg.inputs.__provider as string;
    expect(reg.type).toBe("pulumi-nodejs:dynamic/alicloud-media/ice:EditingProject");
    expect(provider.length).toBeLessThan(THIN_PROVIDER_MAX_BYTES);
    expect(provider).toContain('require("pulumi-alicloud-media/provider")');
    expect(provider).not.toContain(ACCESS_KEY_SECRET);
    expect(provider).not.toMatch(/openapi|zod|Bottleneck|cockatiel/i);
    expect(reg.inputs.__logicalName).toBe("intro");
    // The identity: organization and the URN (project, stack, type, parents, name).
    expect(reg.inputs.__identity).toBe(`organization::${reg.urn}`);
  });

  it("refuses bad input at check, naming every field, with zero API calls", async () => {
    const before = totalRequests();
    const result = await host.check(
      reg.urn,
      {},
      {
        ...reg.inputs,
        templateId: "tpl",
        projectType: "LiveEditingProject",
        coverUrl: "not a url",
      },
    );
    expect(result.failures.map((f) => f.property).sort()).toEqual(["coverUrl"]);
    const crossField = await host.check(
      reg.urn,
      {},
      { ...reg.inputs, templateId: "tpl", projectType: "LiveEditingProject" },
    );
    expect(crossField.failures.map((f) => f.property).sort()).toEqual([
      "businessConfig",
      "clipsParam",
      "templateId",
    ]);
    expect(crossField.failures.find((f) => f.property === "templateId")!.reason).toMatch(
      /mutually exclusive/,
    );
    const badJson = await host.check(reg.urn, {}, { ...reg.inputs, timeline: '{"VideoTracks": [' });
    expect(badJson.failures).toEqual([
      {
        property: "timeline",
        reason: expect.stringMatching(/^must be a JSON object or a JSON string that parses/),
      },
    ]);
    expect(totalRequests()).toBe(before);
  });

  it("check → create → read → diff: no change after the service re-serialised the JSON", async () => {
    const checked = await host.check(reg.urn, {}, reg.inputs);
    expect(checked.failures).toEqual([]);
    inputs = checked.inputs;
    expect(inputs.title).toMatch(/^intro-[0-9a-f]{10}$/);

    const created = await host.create(reg.urn, inputs);
    id = created.id;
    state = created.properties;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(state).toMatchObject({
      projectId: id,
      title: inputs.title,
      description: "the intro cut",
      timeline: TIMELINE,
      materialMaps: { video: "v1,v2" },
      status: 2,
      statusName: "Editing",
      duration: 3,
      createSource: "OpenAPI",
    });
    expect(JSON.stringify(state)).not.toContain(ACCESS_KEY_SECRET);
    const remote = (await outOfBand().call(ice.GetEditingProject, { ProjectId: id })).Project;
    expect(remote.Timeline).not.toBe(JSON.stringify(TIMELINE));
    expect(remote.Status).toBe("Editing");

    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.id).toBe(id);
    expect(read.properties).toMatchObject({ status: 2, statusName: "Editing" });
    expect(await host.diff(id, reg.urn, read.properties, inputs)).toMatchObject({ changes: "none" });
    // The timeline given as other JSON text with the same meaning is no change either.
    const asText = await host.check(reg.urn, inputs, {
      ...reg.inputs,
      timeline: JSON.stringify(TIMELINE, null, 2),
    });
    expect(await host.diff(id, reg.urn, read.properties, asText.inputs)).toMatchObject({ changes: "none" });
    // A second check keeps the generated title.
    expect((await host.check(reg.urn, inputs, reg.inputs)).inputs.title).toBe(inputs.title);
    state = read.properties;
  });

  it("updates description and timeline in place", async () => {
    const timeline = { VideoTracks: [{ VideoTrackClips: [{ MediaId: "other", Out: 7 }] }] };
    const news = (await host.check(reg.urn, inputs, { ...reg.inputs, description: "final cut", timeline }))
      .inputs;
    expect(await host.diff(id, reg.urn, state, news)).toMatchObject({ changes: "some", replaces: [] });
    const creates = calls("CreateEditingProject");
    const updated = await host.update(id, reg.urn, state, news);
    expect(updated.properties).toMatchObject({
      projectId: id,
      description: "final cut",
      timeline,
      duration: 7,
    });
    expect(calls("CreateEditingProject")).toBe(creates);
    expect(await host.diff(id, reg.urn, updated.properties, news)).toMatchObject({ changes: "none" });
    state = updated.properties;
    inputs = news;
  });

  it("plans a replacement (old project deleted first) when projectType changes, not for an unknown timeline", async () => {
    const unknown = (await host.check(reg.urn, inputs, { ...reg.inputs, timeline: UNKNOWN })).inputs;
    expect(await host.diff(id, reg.urn, state, unknown)).toMatchObject({ changes: "some", replaces: [] });

    const live = (
      await host.check(reg.urn, inputs, {
        ...reg.inputs,
        description: "final cut",
        timeline: inputs.timeline,
        projectType: "LiveEditingProject",
        businessConfig: {
          OutputMediaConfig: { StorageLocation: "test-bucket.oss-cn-shanghai.aliyuncs.com" },
        },
      })
    ).inputs;
    expect(await host.diff(id, reg.urn, state, live)).toMatchObject({
      changes: "some",
      replaces: expect.arrayContaining(["projectType", "businessConfig"]),
      deleteBeforeReplace: true,
    });
    // The engine deletes the old project, then creates the replacement.
    await host.delete(id, reg.urn, state);
    expect((await host.read(id, reg.urn, state, inputs)).id).toBe("");
    const replacement = await host.create(reg.urn, live);
    expect(replacement.id).not.toBe(id);
    expect(replacement.properties).toMatchObject({ projectType: "LiveEditingProject", title: inputs.title });
    id = replacement.id;
    state = replacement.properties;
    inputs = live;
  });

  it("reports a failed production on refresh (warning in the log, status in the outputs)", async () => {
    const emptied = (
      await host.check(reg.urn, inputs, { ...reg.inputs, ...pick(inputs), timeline: { VideoTracks: [] } })
    ).inputs;
    state = (await host.update(id, reg.urn, state, emptied)).properties;
    inputs = emptied;
    await outOfBand().call(SubmitMediaProducingJob, {
      ProjectId: id,
      OutputMediaConfig: JSON.stringify({ MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/out.mp4" }),
    });
    await waitFor({
      what: "production",
      poll: async () => (await outOfBand().call(ice.GetEditingProject, { ProjectId: id })).Project.Status,
      describe: (s) => String(s),
      isDone: (s) => s !== "Producing",
      timeoutMs: 10_000,
      initialIntervalMs: 20,
    });
    host.clearLogs();
    const read = await host.read(id, reg.urn, state, inputs);
    expect(read.properties).toMatchObject({
      status: 5,
      statusName: "ProduceFailed",
      errorCode: "InvalidParameter",
    });
    const warned = new RegExp(`warn.*${id}.*FAILED`, "i");
    expect(await host.waitForLogs(warned)).toMatch(warned);
    expect(await host.diff(id, reg.urn, read.properties, inputs)).toMatchObject({ changes: "none" });
    state = read.properties;
  });

  it("deletes, and then reads the project as gone; deleting again succeeds", async () => {
    await host.delete(id, reg.urn, state);
    expect((await host.read(id, reg.urn, state, inputs)).id).toBe("");
    await host.delete(id, reg.urn, state);
  });
});

describe("a provider host killed while its CreateEditingProject was in flight", () => {
  it("is followed by a fresh check + create that takes that project over instead of making another", async () => {
    const [reg] = await register(() => {
      new media.ice.EditingProject("interrupted", { description: "the cut", timeline: TIMELINE });
    });
    const first = (await host.check(reg!.urn, {}, reg!.inputs)).inputs;
    expect(first.title).toMatch(/^interrupted-[0-9a-f]{10}$/);
    // The service holds the request before committing it: the host is killed while it waits.
    emulator.setFaults({ latencyMs: 1500, actions: ["CreateEditingProject"] });
    const creates = calls("CreateEditingProject");
    const doomed = host.create(reg!.urn, first).then(
      () => "finished",
      (error: unknown) => error,
    );
    for (let i = 0; i < 1000 && calls("CreateEditingProject") === creates; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(calls("CreateEditingProject")).toBe(creates + 1);
    await host.kill(); // the engine never hears back: nothing is recorded in state
    expect(await doomed).not.toBe("finished");
    await host.close();
    // The service commits the project while nobody is listening.
    const committed = await waitFor({
      what: "the interrupted create to be committed",
      poll: () => titled(first.title),
      describe: (ids) => `${ids.length} project(s)`,
      isDone: (ids) => ids.length > 0,
      timeoutMs: 20_000,
      initialIntervalMs: 50,
    });
    expect(committed).toHaveLength(1);
    emulator.clearFaults();

    // The next `pulumi up` runs a new host; with no state, check has no olds.
    host = await startHost();
    const fresh = (await host.check(reg!.urn, {}, reg!.inputs)).inputs;
    expect(fresh.title).toBe(first.title);
    const created = await host.create(reg!.urn, fresh);
    expect(created.id).toBe(committed[0]);
    expect(calls("CreateEditingProject")).toBe(creates + 1);
    expect(await titled(first.title)).toEqual([created.id]);
    expect(created.properties).toMatchObject({
      projectId: created.id,
      title: first.title,
      description: "the cut",
      timeline: TIMELINE,
      statusName: "Editing",
    });
    const tookOver = /created by an earlier, interrupted apply of this resource; taking it over/;
    expect(await host.waitForLogs(tookOver)).toMatch(tookOver);
    expect(await host.diff(created.id, reg!.urn, created.properties, fresh)).toMatchObject({
      changes: "none",
    });

    await host.delete(created.id, reg!.urn, created.properties);
    expect(await titled(first.title)).toEqual([]);
  });
});

/** The declared fields of checked inputs that a re-check must keep. */
function pick(inputs: Record<string, unknown>): Record<string, unknown> {
  const keys = ["description", "projectType", "businessConfig", "materialMaps"];
  return Object.fromEntries(Object.entries(inputs).filter(([k]) => keys.includes(k)));
}
