/**
 * The emulator's ICE editing projects (ICE API reference: CreateEditingProject and the operations after it)
 * through the real openapi-client over HTTP: the Status quirk (a number from Create, a string from Get),
 * JSON parameters handed back re-serialised, validation with ICE's documented error codes naming the
 * parameter, not-found answers, in-place updates, search filters, and production ending ProduceFailed.
 */
import { z } from "zod";
import { startEmulator } from "../../emulator";
import { defineOperation, ice, query, type RequestOf } from "../../provider/operations";
import { type ApiClient } from "../../provider/runtime";
import { NO_RETRY, iceClient, rejection } from "./support";
import { waitFor } from "../../provider/runtime/waiter";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let client: ApiClient;

/** Not in the operation table (out of the product's scope): only used here to move a project's status. */
const SubmitMediaProducingJob = defineOperation(
  "ice",
  "SubmitMediaProducingJob",
  "not-idempotent",
  { ProjectId: query.string.optional(), OutputMediaConfig: query.string.optional() },
  z.looseObject({ RequestId: z.string(), JobId: z.string(), ProjectId: z.string().optional() }),
);

const TIMELINE = {
  VideoTracks: [
    {
      VideoTrackClips: [
        { MediaId: "****4d7cf14dc7b83b0e801c****", In: 0, Out: 2.5 },
        { MediaId: "****5e8d0a25ec94c1f912d****", In: 1, Out: 2 },
      ],
    },
  ],
};
const LIVE_CONFIG = {
  OutputMediaConfig: { StorageLocation: "test-bucket.oss-cn-shanghai.aliyuncs.com", Path: "test-path" },
  OutputMediaTarget: "oss-object",
  ReservationTime: "2021-06-21T08:05:00Z",
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = iceClient(emulator, { retry: NO_RETRY });
});
afterEach(() => emulator.clearFaults());
afterAll(() => emulator?.close());

const create = (params: RequestOf<typeof ice.CreateEditingProject>) =>
  client.call(ice.CreateEditingProject, params);
const get = (id: string) => client.call(ice.GetEditingProject, { ProjectId: id });

describe("CreateEditingProject", () => {
  it("answers Status as a number with StatusName, and Get answers it as a string", async () => {
    const sent = JSON.stringify(TIMELINE);
    const created = await create({ Title: "quirk", Timeline: sent, Description: "d" });
    expect(created.Project).toMatchObject({
      Title: "quirk",
      Description: "d",
      Status: 2,
      StatusName: "Editing",
      Duration: 3.5,
      CreateSource: "OpenAPI",
      ModifiedSource: "OpenAPI",
      TemplateType: "Timeline",
      ProjectType: "EditingProject",
    });
    expect(typeof created.Project.Status).toBe("number");
    expect(created.Project.ProjectId).toMatch(/^[0-9a-f]{32}$/);
    expect(created.Project.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const read = await get(created.Project.ProjectId);
    expect(read.Project.Status).toBe("Editing");
    expect(typeof read.Project.Status).toBe("string");
    expect(read.Project).not.toHaveProperty("StatusName");
  });

  it("hands JSON parameters back re-serialised: same meaning, different text", async () => {
    const sent = JSON.stringify(TIMELINE);
    const { Project } = await create({ Title: "reformat", Timeline: sent });
    expect(Project.Timeline).not.toBe(sent);
    expect(JSON.parse(Project.Timeline!)).toEqual(TIMELINE);
    const read = await get(Project.ProjectId);
    expect(read.Project.Timeline).not.toBe(sent);
    expect(JSON.parse(read.Project.Timeline!)).toEqual(TIMELINE);
  });

  it("creates an empty Draft project without a timeline", async () => {
    const { Project } = await create({ Title: "empty" });
    expect(Project).toMatchObject({ Status: 1, StatusName: "Draft", Duration: 0 });
    expect(Project.Timeline).toBeUndefined();
  });

  it("builds a template project's timeline from ClipsParam, and does not return MaterialMaps", async () => {
    const { Project } = await create({
      Title: "template",
      TemplateId: "tpl-1",
      ClipsParam: JSON.stringify({ Media1: "media-a", Media2: "media-b" }),
      TemplateType: "VETemplate",
      MaterialMaps: JSON.stringify({ video: "v1,v2" }),
    });
    const read = await get(Project.ProjectId);
    expect(read.Project).toMatchObject({ TemplateId: "tpl-1", TemplateType: "VETemplate" });
    expect(JSON.parse(read.Project.ClipsParam!)).toEqual({ Media1: "media-a", Media2: "media-b" });
    expect(JSON.parse(read.Project.Timeline!).VideoTracks[0].VideoTrackClips).toEqual([
      { MediaId: "media-a" },
      { MediaId: "media-b" },
    ]);
    expect(read.Project).not.toHaveProperty("MaterialMaps");
  });

  it("creates a live editing project with its business configuration", async () => {
    const { Project } = await create({
      Title: "live",
      ProjectType: "LiveEditingProject",
      BusinessConfig: JSON.stringify(LIVE_CONFIG),
    });
    expect(Project).toMatchObject({
      ProjectType: "LiveEditingProject",
      BusinessStatus: "Reserving",
      CreateSource: "LiveEditingOpenAPI",
    });
    expect(JSON.parse(Project.BusinessConfig!)).toEqual(LIVE_CONFIG);
  });

  it.each([
    // The client refuses a missing required parameter itself; an empty one reaches the service.
    [{ Title: "" }, 400, "MissingParameter", /"Title"/],
    [{ Title: "t", Timeline: "{not json" }, 400, "InvalidParameter", /parameter Timeline .*JSON/],
    [{ Title: "t", Timeline: "[1,2]" }, 400, "InvalidParameter", /parameter Timeline .*object/],
    [
      { Title: "t", Timeline: "{}", TemplateId: "tpl" },
      400,
      "InvalidParameter",
      /parameter TemplateId.*only one/,
    ],
    [{ Title: "t", TemplateId: "tpl" }, 400, "MissingParameter", /"ClipsParam"/],
    [{ Title: "t", ClipsParam: "nope", TemplateId: "tpl" }, 400, "InvalidParameter", /parameter ClipsParam/],
    [
      { Title: "t", TemplateType: "Fancy" },
      400,
      "InvalidParameter",
      /parameter TemplateType.*Timeline, VETemplate/,
    ],
    [{ Title: "t", ProjectType: "Other" }, 400, "InvalidParameter", /parameter ProjectType/],
    [{ Title: "t", ProjectType: "LiveEditingProject" }, 400, "MissingParameter", /"BusinessConfig"/],
    [
      { Title: "t", ProjectType: "LiveEditingProject", BusinessConfig: '{"OutputMediaConfig":{}}' },
      400,
      "InvalidParameter",
      /parameter BusinessConfig.*StorageLocation/,
    ],
    [
      {
        Title: "t",
        ProjectType: "LiveEditingProject",
        BusinessConfig: JSON.stringify({ ...LIVE_CONFIG, OutputMediaTarget: "ftp" }),
      },
      400,
      "InvalidParameter",
      /parameter BusinessConfig.*OutputMediaTarget/,
    ],
    [
      {
        Title: "t",
        MaterialMaps: JSON.stringify({ video: Array.from({ length: 11 }, (_, i) => `m${i}`).join(",") }),
      },
      400,
      "InvalidParameter",
      /parameter MaterialMaps.*at most 10/,
    ],
  ])("refuses %j with %i %s naming the parameter", async (params, status, code, message) => {
    const before = emulator.stats().requests.CreateEditingProject ?? 0;
    const error = await rejection(create(params as { Title: string }));
    expect({ status: error.httpStatus, code: error.code }).toEqual({ status, code });
    expect(error.apiMessage).toMatch(message);
    expect(emulator.stats().requests.CreateEditingProject).toBe(before + 1);
  });

  it("commits the project even when the answer is lost (the fault the provider recovers from)", async () => {
    emulator.setFaults({ lostResponseRate: 1, actions: ["CreateEditingProject"] });
    const error = await rejection(create({ Title: "lost-answer" }));
    expect(error.kind).toBe("transport");
    emulator.clearFaults();
    const { ProjectList } = await client.call(ice.SearchEditingProject, { PageSize: 100 });
    expect(ProjectList!.filter((p) => p.Title === "lost-answer")).toHaveLength(1);
  });
});

describe("GetEditingProject / UpdateEditingProject / DeleteEditingProjects on unknown IDs", () => {
  it("answers 404 ProjectNotFound", async () => {
    for (const call of [
      get("0".repeat(32)),
      client.call(ice.UpdateEditingProject, { ProjectId: "0".repeat(32), Title: "x" }),
      client.call(ice.DeleteEditingProjects, { ProjectIds: "0".repeat(32) }),
    ]) {
      const error = await rejection(call);
      expect({ status: error.httpStatus, code: error.code, notFound: error.isNotFound() }).toEqual({
        status: 404,
        code: "ProjectNotFound",
        notFound: true,
      });
    }
  });

  it("deletes the known IDs of a comma-separated list and ignores unknown ones among them", async () => {
    const a = (await create({ Title: "del-a" })).Project.ProjectId;
    const b = (await create({ Title: "del-b" })).Project.ProjectId;
    await client.call(ice.DeleteEditingProjects, { ProjectIds: `${a},${"0".repeat(32)},${b}` });
    expect((await rejection(get(a))).code).toBe("ProjectNotFound");
    expect((await rejection(get(b))).code).toBe("ProjectNotFound");
  });
});

describe("UpdateEditingProject", () => {
  it("changes what it is given, clears a field given as empty, and keeps the rest", async () => {
    const { Project } = await create({ Title: "u", Description: "before", CoverURL: "https://x/c.png" });
    await client.call(ice.UpdateEditingProject, {
      ProjectId: Project.ProjectId,
      Title: "u2",
      Description: "",
      Timeline: JSON.stringify(TIMELINE),
    });
    const read = (await get(Project.ProjectId)).Project;
    expect(read).toMatchObject({
      Title: "u2",
      Description: "",
      CoverURL: "https://x/c.png",
      Status: "Editing",
    });
    expect(JSON.parse(read.Timeline!)).toEqual(TIMELINE);
    expect(read.Duration).toBe(3.5);
  });

  it("refuses a timeline and a template together, and a template without ClipsParam", async () => {
    const { Project } = await create({ Title: "u-bad" });
    const both = await rejection(
      client.call(ice.UpdateEditingProject, {
        ProjectId: Project.ProjectId,
        Timeline: "{}",
        TemplateId: "t",
      }),
    );
    expect(both.code).toBe("InvalidParameter");
    expect(both.apiMessage).toMatch(/TemplateId/);
    const noClips = await rejection(
      client.call(ice.UpdateEditingProject, { ProjectId: Project.ProjectId, TemplateId: "t" }),
    );
    expect(noClips.code).toBe("MissingParameter");
    expect(noClips.apiMessage).toMatch(/ClipsParam/);
  });

  it("switches a timeline project to a template in one call", async () => {
    const { Project } = await create({ Title: "switch", Timeline: JSON.stringify(TIMELINE) });
    await client.call(ice.UpdateEditingProject, {
      ProjectId: Project.ProjectId,
      Timeline: "",
      TemplateId: "tpl-2",
      ClipsParam: JSON.stringify({ Media1: "m" }),
    });
    const read = (await get(Project.ProjectId)).Project;
    expect(read.TemplateId).toBe("tpl-2");
    expect(JSON.parse(read.Timeline!).VideoTracks[0].VideoTrackClips).toEqual([{ MediaId: "m" }]);
  });
});

describe("SearchEditingProject", () => {
  it("filters by project type, status and creation time, newest first, with TotalCount", async () => {
    const start = new Date(Date.now() - 1000).toISOString().slice(0, 19) + "Z";
    const live = await create({
      Title: "search-live",
      ProjectType: "LiveEditingProject",
      BusinessConfig: JSON.stringify(LIVE_CONFIG),
    });
    const drafts = await client.call(ice.SearchEditingProject, {
      Status: "Draft",
      StartTime: start,
      PageSize: 100,
    });
    expect(drafts.ProjectList!.every((p) => p.Status === "Draft" && p.ProjectType === "EditingProject")).toBe(
      true,
    );
    const lives = await client.call(ice.SearchEditingProject, {
      ProjectType: "LiveEditingProject",
      StartTime: start,
    });
    expect(lives.ProjectList!.map((p) => p.ProjectId)).toContain(live.Project.ProjectId);
    const later = await client.call(ice.SearchEditingProject, {
      ProjectType: "LiveEditingProject",
      StartTime: new Date(Date.now() + 60_000).toISOString().slice(0, 19) + "Z",
    });
    expect(later).toMatchObject({ ProjectList: [], TotalCount: 0 });

    const page = await client.call(ice.SearchEditingProject, { PageSize: 2, PageNo: 1 });
    expect(page.ProjectList).toHaveLength(2);
    expect(page.TotalCount).toBeGreaterThan(2);
    const times = page.ProjectList!.map((p) => p.CreateTime!);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("refuses a status outside the documented set, naming it", async () => {
    const error = await rejection(client.call(ice.SearchEditingProject, { Status: "Draft,Lost" }));
    expect(error.code).toBe("InvalidParameter");
    expect(error.apiMessage).toMatch(/Status.*"Lost"/);
  });
});

describe("production (SubmitMediaProducingJob)", () => {
  const statusOf = async (id: string) => (await get(id)).Project.Status!;
  const settle = (id: string) =>
    waitFor({
      what: `project ${id}`,
      poll: () => statusOf(id),
      describe: (status) => status,
      isDone: (status) => status !== "Producing",
      timeoutMs: 10_000,
      initialIntervalMs: 20,
      maxIntervalMs: 50,
    });

  it("ends ProduceFailed for a timeline with no clip, with the error in search results", async () => {
    const { Project } = await create({
      Title: "unproducible",
      Timeline: JSON.stringify({ VideoTracks: [] }),
    });
    await client.call(SubmitMediaProducingJob, {
      ProjectId: Project.ProjectId,
      OutputMediaConfig: JSON.stringify({ MediaURL: "https://b.oss/x.mp4" }),
    });
    expect(await statusOf(Project.ProjectId)).toBe("Producing");
    expect(await settle(Project.ProjectId)).toBe("ProduceFailed");
    const { ProjectList } = await client.call(ice.SearchEditingProject, {
      Status: "ProduceFailed",
      PageSize: 100,
    });
    expect(ProjectList!.find((p) => p.ProjectId === Project.ProjectId)).toMatchObject({
      Status: "ProduceFailed",
      ErrorCode: "InvalidParameter",
      ErrorMessage: expect.stringContaining("no clips"),
    });
  });

  it("ends Produced for a timeline with clips", async () => {
    const { Project } = await create({ Title: "producible", Timeline: JSON.stringify(TIMELINE) });
    await client.call(SubmitMediaProducingJob, {
      ProjectId: Project.ProjectId,
      OutputMediaConfig: JSON.stringify({ MediaURL: "https://b.oss/x.mp4" }),
    });
    expect(await settle(Project.ProjectId)).toBe("Produced");
  });
});
