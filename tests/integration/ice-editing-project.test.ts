/**
 * ice.EditingProject through the generic lifecycle and the real openapi-client, over HTTP, against
 * the local emulator (which re-serialises every JSON parameter, so the semantic comparison is really
 * exercised): create / read / update / delete, no diff after create and refresh, in-place updates,
 * drift repaired, template and live projects, ProduceFailed reported on refresh, adoption, a
 * create whose answer is lost recovered without a duplicate, and a create after an apply interrupted
 * once its create was sent (fresh check, same derived title) taking over what that apply created.
 */
import fc from "fast-check";
import { z } from "zod";
import { startEmulator } from "../../emulator";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { ResourceContext, ResourceSpec } from "../../provider/framework/spec";
import { editingProjectSpec } from "../../provider/ice/editing-project";
import { defineOperation, ice, query } from "../../provider/operations";
import { ApiClient, clientsFor, createOpenApi, resolveSettings } from "../../provider/runtime";
import { waitFor } from "../../provider/runtime/waiter";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let context: () => ResourceContext;
let outOfBand: ApiClient;
let settings: ReturnType<typeof resolveSettings>;
const logs: { level: "info" | "warn"; message: string }[] = [];

const project = new ResourceLifecycle(editingProjectSpec as unknown as ResourceSpec, () => context());

const TIMELINE = {
  VideoTracks: [
    {
      VideoTrackClips: [
        { MediaId: "****4d7cf14dc7b83b0e801c****", In: 0, Out: 4 },
        { MediaId: "****5e8d0a25ec94c1f912d****", In: 2, Out: 3.5 },
      ],
    },
  ],
  AudioTracks: [{ AudioTrackClips: [{ MediaId: "music", Out: 5 }] }],
};
const LIVE_CONFIG = {
  OutputMediaConfig: { StorageLocation: "test-bucket.oss-cn-shanghai.aliyuncs.com", Path: "test-path" },
  OutputMediaTarget: "oss-object",
  ReservationTime: "2021-06-21T08:05:00Z",
};

/** Out of the product's scope; used here only to move a project to Producing → ProduceFailed. */
const SubmitMediaProducingJob = defineOperation(
  "ice",
  "SubmitMediaProducingJob",
  "not-idempotent",
  { ProjectId: query.string.required(), OutputMediaConfig: query.string.required() },
  z.looseObject({ RequestId: z.string(), JobId: z.string() }),
);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const url = new URL(emulator.url);
  settings = resolveSettings(
    {
      get: (key) =>
        ({
          "alicloud-media:immEndpoint": url.origin,
          "alicloud-media:iceEndpoint": url.origin,
          "alicloud-media:accessKeyId": "emulator-access-key-id",
          "alicloud-media:accessKeySecret": "emulator-access-key-secret",
        })[key],
    },
    {},
  );
  const clients = clientsFor(settings);
  context = () => ({
    clients,
    log: {
      info: (message) => logs.push({ level: "info", message }),
      warn: (message) => logs.push({ level: "warn", message }),
    },
  });
  outOfBand = new ApiClient(
    createOpenApi(
      { host: url.host, protocol: "http" },
      { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" },
    ),
    "ice",
  );
});
afterEach(() => {
  emulator.clearFaults();
  logs.length = 0;
});
afterAll(() => emulator?.close());

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const { inputs, failures } = await project.check(olds, news);
  expect(failures).toEqual([]);
  return inputs;
}

const serverCopy = async (id: string) =>
  (await outOfBand.call(ice.GetEditingProject, { ProjectId: id })).Project;
const calls = (action: string) => emulator.stats().requests[action] ?? 0;

/** Every project in the emulator with this title (all types, all statuses). */
async function titled(title: string) {
  const all = [];
  for (const projectType of ["EditingProject", "LiveEditingProject"]) {
    const { ProjectList } = await outOfBand.call(ice.SearchEditingProject, {
      ProjectType: projectType,
      PageSize: 100,
    });
    all.push(...(ProjectList ?? []).filter((p) => p.Title === title));
  }
  return all;
}

describe("ice.EditingProject create / read / update / delete", () => {
  it("creates, reads back without a diff although the service re-serialised the timeline, updates in place, deletes", async () => {
    const inputs = await checked({ __logicalName: "crud", description: "one", timeline: TIMELINE });
    expect(inputs.title).toMatch(/^crud-[0-9a-f]{10}$/);
    const created = await project.create(inputs);
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.outs).toMatchObject({
      projectId: created.id,
      title: inputs.title,
      description: "one",
      timeline: TIMELINE,
      status: 2,
      statusName: "Editing",
      duration: 5.5,
      createSource: "OpenAPI",
      modifiedSource: "OpenAPI",
      templateType: "Timeline",
      projectType: "EditingProject",
    });
    expect(created.outs.createTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // The service's copy is other text with the same meaning.
    const remote = await serverCopy(created.id);
    expect(remote.Timeline).not.toBe(JSON.stringify(TIMELINE));
    expect(JSON.parse(remote.Timeline!)).toEqual(TIMELINE);
    expect(remote.Status).toBe("Editing");

    const read = await project.read(created.id, created.outs);
    expect(read.props).toMatchObject({ status: 2, statusName: "Editing", timeline: TIMELINE });
    expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
    // The same timeline declared as indented JSON text is no change either.
    const asText = await checked(
      { __logicalName: "crud", description: "one", timeline: JSON.stringify(TIMELINE, null, 4) },
      inputs,
    );
    expect(await project.diff(created.id, read.props!, asText)).toMatchObject({ changes: false });

    const creates = calls("CreateEditingProject");
    const next = await checked(
      {
        __logicalName: "crud",
        description: "two",
        coverUrl: "https://example.com/cover.png",
        timeline: { VideoTracks: [{ VideoTrackClips: [{ MediaId: "m", Out: 9 }] }] },
      },
      inputs,
    );
    expect(await project.diff(created.id, read.props!, next)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await project.update(created.id, read.props!, next);
    expect(updated.outs).toMatchObject({
      projectId: created.id,
      description: "two",
      coverUrl: "https://example.com/cover.png",
      duration: 9,
      title: inputs.title,
    });
    expect(calls("CreateEditingProject")).toBe(creates);
    expect(await project.diff(created.id, updated.outs, next)).toMatchObject({ changes: false });

    // Removing a field clears it on the service.
    const cleared = await checked({ __logicalName: "crud", timeline: next.timeline }, next);
    const afterClear = await project.update(created.id, updated.outs, cleared);
    expect(afterClear.outs).toMatchObject({ description: "", coverUrl: "" });
    expect(await project.diff(created.id, afterClear.outs, cleared)).toMatchObject({ changes: false });

    await project.delete(created.id, afterClear.outs);
    expect(await project.read(created.id, afterClear.outs)).toEqual({});
    await project.delete(created.id, afterClear.outs); // already gone: success
  });

  it("sees an out-of-band timeline change on refresh and repairs it with an update", async () => {
    const inputs = await checked({ __logicalName: "drift", timeline: TIMELINE });
    const created = await project.create(inputs);
    await outOfBand.call(ice.UpdateEditingProject, { ProjectId: created.id, Timeline: '{"VideoTracks":[]}' });
    const read = await project.read(created.id, created.outs);
    expect(read.props!.timeline).toEqual({ VideoTracks: [] });
    expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({
      changes: true,
      replaces: [],
    });
    const repaired = await project.update(created.id, read.props!, inputs);
    expect(JSON.parse((await serverCopy(created.id)).Timeline!)).toEqual(TIMELINE);
    expect(await project.diff(created.id, repaired.outs, inputs)).toMatchObject({ changes: false });
    await project.delete(created.id, repaired.outs);
  });

  it("keeps a template project free of diffs (its timeline is the service's) and switches it to a timeline in place", async () => {
    const inputs = await checked({
      title: "from template",
      templateId: "****96e8864746a0b6f3****",
      clipsParam: '{"Media1": "media-a",  "Media2": "media-b"}',
      templateType: "VETemplate",
      materialMaps: { video: "v1,v2" },
    });
    const created = await project.create(inputs);
    expect(created.outs).toMatchObject({
      templateType: "VETemplate",
      timeline: null,
      materialMaps: { video: "v1,v2" },
    });
    expect((await serverCopy(created.id)).Timeline).toBeDefined();
    const read = await project.read(created.id, created.outs);
    expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });

    const switched = await checked({
      title: "from template",
      timeline: TIMELINE,
      templateType: "VETemplate",
      materialMaps: { video: "v1,v2" },
    });
    expect(await project.diff(created.id, read.props!, switched)).toMatchObject({
      changes: true,
      replaces: [],
    });
    const updated = await project.update(created.id, read.props!, switched);
    expect(updated.outs).toMatchObject({ templateId: "", clipsParam: null, timeline: TIMELINE });
    expect(await project.diff(created.id, updated.outs, switched)).toMatchObject({ changes: false });
    await project.delete(created.id, updated.outs);
  });

  it("creates a live editing project and reads its business configuration back without a diff", async () => {
    const inputs = await checked({
      __logicalName: "live",
      projectType: "LiveEditingProject",
      businessConfig: JSON.stringify(LIVE_CONFIG),
    });
    const created = await project.create(inputs);
    expect(created.outs).toMatchObject({ projectType: "LiveEditingProject", businessStatus: "Reserving" });
    const read = await project.read(created.id, created.outs);
    expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
    await project.delete(created.id, read.props!);
  });

  it("reports a project whose production failed, clearly, on refresh", async () => {
    const inputs = await checked({ __logicalName: "produce", timeline: { VideoTracks: [] } });
    const created = await project.create(inputs);
    await outOfBand.call(SubmitMediaProducingJob, {
      ProjectId: created.id,
      OutputMediaConfig: JSON.stringify({ MediaURL: "https://bucket.oss-cn-shanghai.aliyuncs.com/out.mp4" }),
    });
    await waitFor({
      what: "production",
      poll: async () => (await serverCopy(created.id)).Status,
      describe: (s) => String(s),
      isDone: (s) => s !== "Producing",
      timeoutMs: 10_000,
      initialIntervalMs: 20,
    });
    logs.length = 0;
    const read = await project.read(created.id, created.outs);
    expect(read.props).toMatchObject({
      status: 5,
      statusName: "ProduceFailed",
      errorCode: "InvalidParameter",
      errorMessage: expect.stringContaining("no clips"),
    });
    const warnings = logs.filter((l) => l.level === "warn").map((l) => l.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`${created.id}.*FAILED.*ProduceFailed.*InvalidParameter`));
    // A failed production is not drift: the declaration still matches.
    expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
    await project.delete(created.id, read.props!);
  });
});

describe("adoption (adopt: true, natural key: the title within the project type)", () => {
  it("takes over the one project with the declared title, updating what differs", async () => {
    const existing = await outOfBand.call(ice.CreateEditingProject, {
      Title: "adopt-me",
      Description: "made by hand",
      Timeline: JSON.stringify(TIMELINE),
    });
    const inputs = await checked({
      title: "adopt-me",
      description: "managed",
      timeline: TIMELINE,
      adopt: true,
    });
    const creates = calls("CreateEditingProject");
    const adopted = await project.create(inputs);
    expect(adopted.id).toBe(existing.Project.ProjectId);
    expect(adopted.outs.description).toBe("managed");
    expect(calls("CreateEditingProject")).toBe(creates);
    expect(logs.some((l) => /adopting existing ice:EditingProject/.test(l.message))).toBe(true);
    await project.delete(adopted.id, adopted.outs);
  });

  it("refuses to guess between several projects with that title", async () => {
    await outOfBand.call(ice.CreateEditingProject, { Title: "twice" });
    await outOfBand.call(ice.CreateEditingProject, { Title: "twice" });
    const inputs = await checked({ title: "twice", adopt: true });
    await expect(project.create(inputs)).rejects.toThrow(
      /cannot adopt: 2 editing projects are titled "twice"/,
    );
  });
});

describe("a create whose answer is lost (the write was committed)", () => {
  it("finds the project that call created instead of creating a second one", async () => {
    const inputs = await checked({ __logicalName: "lost", description: "once", timeline: TIMELINE });
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateEditingProject"] });
    const before = emulator.stats().injectedFaults.lostResponse ?? 0;
    const created = await project.create(inputs);
    expect(emulator.stats().injectedFaults.lostResponse).toBe(before + 1);
    emulator.clearFaults();

    const matching = await titled(inputs.title as string);
    expect(matching.map((p) => p.ProjectId)).toEqual([created.id]);
    expect(created.outs).toMatchObject({ title: inputs.title, description: "once", timeline: TIMELINE });
    expect(logs.some((l) => l.level === "warn" && /may have been created/.test(l.message))).toBe(true);
    const read = await project.read(created.id, created.outs);
    expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
    await project.delete(created.id, read.props!);
  });

  it("waits for a create still in flight after a read timeout instead of sending a second one", async () => {
    // The client gives up after 300 ms; the service commits the project only after 1 s.
    // (clientsFor caches per settings, so the impatient ICE client is built here.)
    const url = new URL(emulator.url);
    const impatientIce = new ApiClient(
      createOpenApi(
        { host: url.host, protocol: "http" },
        { accessKeyId: "emulator-access-key-id", accessKeySecret: "emulator-access-key-secret" },
      ),
      "ice",
      { readTimeoutMs: 300 },
    );
    const impatient = { imm: clientsFor(settings).imm, ice: impatientIce };
    const slowContext: ResourceContext = {
      clients: impatient,
      log: {
        info: (message) => logs.push({ level: "info", message }),
        warn: (message) => logs.push({ level: "warn", message }),
      },
    };
    const slow = new ResourceLifecycle(editingProjectSpec as unknown as ResourceSpec, () => slowContext);
    // A declared title: create sends no search first, so CreateEditingProject is the impatient
    // client's first request. (Within readTimeout of an earlier request on the same keep-alive socket
    // the read timeout does not fire: openapi-client reads bodies with tea-util, which leaves httpx's
    // read timer of that earlier request running, and when it fires it clears the next one's.)
    const inputs = await checked({ __logicalName: "in-flight", title: "in-flight", timeline: TIMELINE });
    emulator.setFaults({ latencyMs: 1000, actions: ["CreateEditingProject"] });
    const creates = calls("CreateEditingProject");
    const created = await slow.create(inputs);
    emulator.clearFaults();
    expect(logs.some((l) => l.level === "warn" && /ReadTimeout/.test(l.message))).toBe(true);
    expect(calls("CreateEditingProject")).toBe(creates + 1);
    expect((await titled(inputs.title as string)).map((p) => p.ProjectId)).toEqual([created.id]);
    await project.delete(created.id, created.outs);
  });

  it("never duplicates across many creates with half of the answers lost", async () => {
    emulator.setFaults({ lostResponseRate: 0.5, actions: ["CreateEditingProject"] });
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      const inputs = await checked({ __logicalName: `many-${i}`, timeline: TIMELINE });
      created.push((await project.create(inputs)).id);
      expect((await titled(inputs.title as string)).map((p) => p.ProjectId)).toEqual([created[i]]);
    }
    // With p = 0.5 over 12 creates, at least one lost answer is all but certain (1 - 2^-12).
    expect(emulator.stats().injectedFaults.lostResponse).toBeGreaterThan(0);
    expect(new Set(created).size).toBe(12);
  });

  it("refuses to guess when several identical projects could be the one, naming them", async () => {
    await outOfBand.call(ice.CreateEditingProject, { Title: "same", Description: "x" });
    const inputs = await checked({ title: "same", description: "x" });
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateEditingProject"] });
    await expect(project.create(inputs)).rejects.toThrow(
      /2 projects titled "same" match this declaration .*refusing to guess/,
    );
  });
});

describe("an apply interrupted after its create was sent (no state: a fresh check, the same title)", () => {
  const STACK = { __stack: "itest/dev" };

  it("takes over the project the earlier attempt created, converging it, with one create in total", async () => {
    const declared = { __logicalName: "interrupted", ...STACK, timeline: TIMELINE };
    const first = await checked({ ...declared, description: "first draft" });
    // The earlier attempt: its CreateEditingProject reached the service, then the host was killed.
    const creates = calls("CreateEditingProject");
    const earlier = await outOfBand.call(ice.CreateEditingProject, {
      Title: first.title as string,
      Description: "first draft",
      Timeline: JSON.stringify(TIMELINE),
    });

    // The next `pulumi up`: the program has changed meanwhile, and check has no olds.
    const fresh = await checked({ ...declared, description: "final" });
    expect(fresh.title).toBe(first.title);
    const created = await project.create(fresh);

    expect(created.id).toBe(earlier.Project.ProjectId);
    expect(calls("CreateEditingProject")).toBe(creates + 1);
    expect((await titled(fresh.title as string)).map((p) => p.ProjectId)).toEqual([created.id]);
    expect(created.outs).toMatchObject({ title: fresh.title, description: "final", timeline: TIMELINE });
    expect((await serverCopy(created.id)).Description).toBe("final");
    expect(
      logs.some((l) =>
        /created by an earlier, interrupted apply .*taking it over and updating description/.test(l.message),
      ),
    ).toBe(true);
    const read = await project.read(created.id, created.outs);
    expect(await project.diff(created.id, read.props!, fresh)).toMatchObject({ changes: false });
    await project.delete(created.id, read.props!);
  });

  it("creates when nothing was created, looking first with one search", async () => {
    const inputs = await checked({ __logicalName: "not-interrupted", ...STACK });
    const searches = calls("SearchEditingProject");
    const creates = calls("CreateEditingProject");
    const created = await project.create(inputs);
    expect(calls("SearchEditingProject")).toBe(searches + 1);
    expect(calls("CreateEditingProject")).toBe(creates + 1);
    expect((await titled(inputs.title as string)).map((p) => p.ProjectId)).toEqual([created.id]);
    await project.delete(created.id, created.outs);
  });

  it("never looks first for a declared title: another project may share it", async () => {
    const other = await outOfBand.call(ice.CreateEditingProject, { Title: "Weekly recap" });
    const inputs = await checked({ __logicalName: "recap", ...STACK, title: "Weekly recap" });
    const searches = calls("SearchEditingProject");
    const created = await project.create(inputs);
    expect(calls("SearchEditingProject")).toBe(searches);
    expect(created.id).not.toBe(other.Project.ProjectId);
    expect((await titled("Weekly recap")).map((p) => p.ProjectId).sort()).toEqual(
      [created.id, other.Project.ProjectId].sort(),
    );
    await project.delete(created.id, created.outs);
    await outOfBand.call(ice.DeleteEditingProjects, { ProjectIds: other.Project.ProjectId });
  });

  it("never takes over the project a replacement replaces, although it derives the same title", async () => {
    const declared = { __logicalName: "replaced", ...STACK };
    const inputs = await checked({ ...declared, materialMaps: { video: "a" } });
    const old = await project.create(inputs);
    // materialMaps cannot be read back: the old project matches everything a search can see.
    const changed = await checked({ ...declared, materialMaps: { video: "b" } }, inputs);
    expect(await project.diff(old.id, old.outs, changed)).toMatchObject({
      replaces: ["materialMaps"],
      deleteBeforeReplace: true,
    });
    // The engine's order: delete the old project, check again without olds, create.
    await project.delete(old.id, old.outs);
    const fresh = await checked({ ...declared, materialMaps: { video: "b" } });
    expect(fresh.title).toBe(inputs.title);
    const replacement = await project.create(fresh);
    expect(replacement.id).not.toBe(old.id);
    expect((await titled(inputs.title as string)).map((p) => p.ProjectId)).toEqual([replacement.id]);
    await project.delete(replacement.id, replacement.outs);
  });

  it("refuses, naming the project, when what the earlier attempt created can only be replaced", async () => {
    const inputs = await checked({ __logicalName: "retyped", ...STACK, templateType: "Timeline" });
    const earlier = await outOfBand.call(ice.CreateEditingProject, {
      Title: inputs.title as string,
      TemplateType: "VETemplate",
    });
    const creates = calls("CreateEditingProject");
    await expect(project.create(inputs)).rejects.toThrow(
      new RegExp(`${earlier.Project.ProjectId} .*earlier, interrupted apply.*templateType differ`),
    );
    expect(calls("CreateEditingProject")).toBe(creates);
    await outOfBand.call(ice.DeleteEditingProjects, { ProjectIds: earlier.Project.ProjectId });
  });

  it("refuses to guess between several projects with the derived title, naming them", async () => {
    const inputs = await checked({ __logicalName: "doubled", ...STACK });
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      ids.push(
        (await outOfBand.call(ice.CreateEditingProject, { Title: inputs.title as string })).Project.ProjectId,
      );
    }
    const creates = calls("CreateEditingProject");
    const error = await project.create(inputs).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/2 editing projects are titled .*; refusing to guess/);
    for (const id of ids) expect(error?.message).toContain(id);
    expect(calls("CreateEditingProject")).toBe(creates);
    await outOfBand.call(ice.DeleteEditingProjects, { ProjectIds: ids.join(",") });
  });
});

describe("no perpetual diff (property-based)", () => {
  it("for any valid declaration, create → read → diff reports no change, also after a refresh", async () => {
    const clip = fc.record({
      MediaId: fc.stringMatching(/^[a-z0-9]{1,12}$/),
      In: fc.nat(10),
      Out: fc.integer({ min: 11, max: 60 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            description: fc.string({ maxLength: 30 }),
            coverUrl: fc.constantFrom("https://example.com/a.png", "http://cdn.example.com/b.jpg"),
            timeline: fc.oneof(
              fc.record({
                VideoTracks: fc.array(fc.record({ VideoTrackClips: fc.array(clip, { maxLength: 3 }) }), {
                  maxLength: 2,
                }),
              }),
              fc.dictionary(fc.stringMatching(/^[A-Z][a-zA-Z]{0,8}$/), fc.jsonValue(), { maxKeys: 4 }),
            ),
            materialMaps: fc.dictionary(
              fc.constantFrom("video", "image", "audio"),
              fc.constantFrom("a", "a,b", "c,d,e"),
            ),
            templateType: fc.constantFrom("Timeline", "VETemplate"),
            asText: fc.boolean(),
          },
          { requiredKeys: ["asText"] },
        ),
        async ({ asText, ...declared }) => {
          const news: Record<string, unknown> = { __logicalName: "prop", ...declared };
          if (asText && declared.timeline) news.timeline = JSON.stringify(declared.timeline, null, 3);
          const inputs = await checked(news);
          const created = await project.create(inputs);
          try {
            expect(await project.diff(created.id, created.outs, inputs)).toMatchObject({ changes: false });
            const read = await project.read(created.id, created.outs);
            expect(await project.diff(created.id, read.props!, inputs)).toMatchObject({ changes: false });
            const again = await checked(news, read.inputs!);
            expect(await project.diff(created.id, read.props!, again)).toMatchObject({ changes: false });
          } finally {
            await project.delete(created.id, created.outs);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
