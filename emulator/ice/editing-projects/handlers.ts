/**
 * ICE editing projects (ICE API reference: CreateEditingProject and the operations below): CreateEditingProject,
 * GetEditingProject, UpdateEditingProject, DeleteEditingProjects, SearchEditingProject, plus the
 * part of SubmitMediaProducingJob that moves a project through Producing → Produced / ProduceFailed.
 *
 * Behaviour worth knowing (the documented quirks, reproduced on purpose):
 * - CreateEditingProject answers `Status` as a NUMBER (1 Draft … 7 Deleted) with `StatusName`;
 *   GetEditingProject and SearchEditingProject answer `Status` as a STRING.
 * - JSON parameters (Timeline, ClipsParam, MaterialMaps, BusinessConfig) are stored parsed and handed
 *   back re-serialised by the service (keys sorted, indented), never as the text that was sent: a
 *   client that compares them as text sees a change that is not one.
 * - MaterialMaps is accepted by CreateEditingProject but not returned by Get (the response model has
 *   no such field) and cannot be updated.
 * - A template project (TemplateId + ClipsParam) gets a timeline built by the service.
 * - Production: a project whose timeline has no clip cannot be produced and ends ProduceFailed (with
 *   ErrorCode/ErrorMessage in search results); so does any job struck by the injected taskFailureRate.
 *
 * Not documented by the service, so chosen here: an unknown ProjectId answers
 * 404 ProjectNotFound "Project not found."; DeleteEditingProjects ignores unknown IDs among known
 * ones but answers ProjectNotFound when none of the IDs exists; a new project is Draft without a
 * timeline and Editing with one; the empty string clears an optional field in UpdateEditingProject.
 */
import { randomUUID } from "node:crypto";
import { utcSeconds } from "../core/clock";
import { ApiError, invalidParameter, missingParameter } from "../core/errors";
import { isPlainObject, type Params, parseRfc3339 } from "../core/params";
import type { Handler, Transition, WorldContext } from "../core/service";
import type { Table } from "../core/store";

export const STATUS_CODES = {
  Draft: 1,
  Editing: 2,
  Producing: 3,
  Produced: 4,
  ProduceFailed: 5,
  Deleted: 7,
} as const;
export type ProjectStatus = keyof typeof STATUS_CODES;

const TEMPLATE_TYPES = ["Timeline", "VETemplate"] as const;
const PROJECT_TYPES = ["EditingProject", "LiveEditingProject"] as const;
const OUTPUT_MEDIA_TARGETS = ["vod-media", "oss-object"] as const;
const SEARCHABLE_STATUSES = ["Draft", "Editing", "Producing", "Produced", "ProduceFailed"];
const MAX_IDS_PER_MATERIAL_TYPE = 10;
/** How long a production job runs before the project is Produced or ProduceFailed. */
export const PRODUCE_MS = 100;

export interface EditingProjectRecord {
  ProjectId: string;
  Title: string;
  Description: string;
  CoverURL: string;
  /** Parsed JSON; undefined = no timeline. */
  Timeline?: unknown;
  TemplateId: string;
  ClipsParam?: unknown;
  TemplateType: string;
  MaterialMaps?: unknown;
  BusinessConfig?: unknown;
  BusinessStatus?: string;
  ProjectType: string;
  Status: ProjectStatus;
  Duration: number;
  CreateSource: string;
  ModifiedSource: string;
  CreateTime: string;
  ModifiedTime: string;
  CreatedAtMs: number;
  ErrorCode?: string;
  ErrorMessage?: string;
}

export const editingProjects = (ctx: WorldContext): Table<EditingProjectRecord> =>
  ctx.store.table("ice.editingProjects");

function projectNotFound(): ApiError {
  return new ApiError(404, "ProjectNotFound", "Project not found.");
}

function requireEditingProject(ctx: WorldContext, id: string): EditingProjectRecord {
  const record = editingProjects(ctx).get(id);
  if (!record) throw projectNotFound();
  return record;
}

// ---- JSON parameters: parsed on the way in, re-serialised (sorted keys, indented) on the way out.

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, {
        value: sortKeysDeep(value[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** The service's own rendering of a JSON parameter: equal in meaning, different in text. */
export function serviceJson(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(sortKeysDeep(value), null, 2);
}

/** A JSON-object parameter given as text; "" counts as absent. */
function jsonObject(params: Params, name: string): Record<string, unknown> | undefined {
  return params.json<Record<string, unknown>>(name, "object");
}

/** MaterialMaps: `{type: "id1,id2"}`, at most 10 IDs per type (the liveStream value is JSON text). */
function materialMaps(params: Params): Record<string, unknown> | undefined {
  const maps = jsonObject(params, "MaterialMaps");
  if (maps === undefined) return undefined;
  for (const [type, ids] of Object.entries(maps)) {
    if (typeof ids !== "string") {
      throw invalidParameter(params.style, "MaterialMaps", `the value of "${type}" must be a string`);
    }
    if (type === "liveStream") continue;
    const count = ids.split(",").filter((id) => id.trim() !== "").length;
    if (count > MAX_IDS_PER_MATERIAL_TYPE) {
      throw invalidParameter(
        params.style,
        "MaterialMaps",
        `at most ${MAX_IDS_PER_MATERIAL_TYPE} material IDs per type ("${type}" has ${count})`,
      );
    }
  }
  return maps;
}

/** What CreateEditingProject requires of a live editing project's BusinessConfig (ICE API reference). */
function checkLiveBusinessConfig(params: Params, config: Record<string, unknown> | undefined): void {
  const fail = (rule: string) => invalidParameter(params.style, "BusinessConfig", rule);
  if (config === undefined) throw missingParameter(params.style, "BusinessConfig");
  const output = config.OutputMediaConfig;
  if (!isPlainObject(output) || typeof output.StorageLocation !== "string" || output.StorageLocation === "") {
    throw fail("OutputMediaConfig.StorageLocation is required for a LiveEditingProject");
  }
  const target = config.OutputMediaTarget;
  if (target !== undefined && !OUTPUT_MEDIA_TARGETS.includes(target as never)) {
    throw fail(
      `OutputMediaTarget must be one of ${OUTPUT_MEDIA_TARGETS.join(", ")} (got ${JSON.stringify(target)})`,
    );
  }
  if (config.ReservationTime !== undefined) {
    if (typeof config.ReservationTime !== "string") throw fail("ReservationTime must be a string");
    parseRfc3339(config.ReservationTime, (rule) => fail(`ReservationTime ${rule}`));
  }
}

// ---- Timelines: duration, clips, and the timeline a template builds.

interface Clip {
  MediaId?: unknown;
  In?: unknown;
  Out?: unknown;
  TimelineIn?: unknown;
  TimelineOut?: unknown;
  Duration?: unknown;
}

function clipsOf(timeline: unknown): Clip[][] {
  if (!isPlainObject(timeline)) return [];
  const tracks: Clip[][] = [];
  for (const [trackKey, clipKey] of [
    ["VideoTracks", "VideoTrackClips"],
    ["AudioTracks", "AudioTrackClips"],
    ["ImageTracks", "ImageTrackClips"],
    ["SubtitleTracks", "SubtitleTrackClips"],
  ] as const) {
    const list = timeline[trackKey];
    if (!Array.isArray(list)) continue;
    for (const track of list) {
      const clips = isPlainObject(track) ? track[clipKey] : undefined;
      if (Array.isArray(clips)) tracks.push(clips.filter(isPlainObject) as Clip[]);
    }
  }
  return tracks;
}

const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

function clipDuration(clip: Clip): number {
  const timelineIn = num(clip.TimelineIn);
  const timelineOut = num(clip.TimelineOut);
  if (timelineIn !== undefined && timelineOut !== undefined) return Math.max(0, timelineOut - timelineIn);
  const out = num(clip.Out);
  if (out !== undefined) return Math.max(0, out - (num(clip.In) ?? 0));
  return Math.max(0, num(clip.Duration) ?? 0);
}

/** The longest track, in seconds (the service knows media lengths; the emulator reads clip timings). */
function durationOf(timeline: unknown): number {
  const tracks = clipsOf(timeline).map((clips) => clips.reduce((sum, clip) => sum + clipDuration(clip), 0));
  return Math.round(Math.max(0, ...tracks) * 1000) / 1000;
}

/** A template fills its slots with the media named in ClipsParam. */
function timelineFromTemplate(templateId: string, clipsParam: unknown): Record<string, unknown> {
  const media = isPlainObject(clipsParam)
    ? Object.values(clipsParam).filter((v): v is string => typeof v === "string" && v !== "")
    : [];
  return {
    VideoTracks: [{ VideoTrackClips: media.map((MediaId) => ({ MediaId })) }],
    TemplateSource: templateId,
  };
}

// ---- Views: the documented shape of each answer.

function commonView(record: EditingProjectRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ProjectId: record.ProjectId,
    Title: record.Title,
    Description: record.Description,
    CoverURL: record.CoverURL,
    TemplateId: record.TemplateId,
    TemplateType: record.TemplateType,
    ProjectType: record.ProjectType,
    Duration: record.Duration,
    CreateSource: record.CreateSource,
    ModifiedSource: record.ModifiedSource,
    CreateTime: record.CreateTime,
    ModifiedTime: record.ModifiedTime,
  };
  const timeline = serviceJson(record.Timeline);
  if (timeline !== undefined) view.Timeline = timeline;
  const clips = serviceJson(record.ClipsParam);
  if (clips !== undefined) view.ClipsParam = clips;
  const business = serviceJson(record.BusinessConfig);
  if (business !== undefined) view.BusinessConfig = business;
  if (record.BusinessStatus !== undefined) view.BusinessStatus = record.BusinessStatus;
  return view;
}

/** CreateEditingProject: Status is a number, plus StatusName. */
const createdView = (record: EditingProjectRecord) => ({
  ...commonView(record),
  Status: STATUS_CODES[record.Status],
  StatusName: record.Status,
});

/** GetEditingProject: Status is a string. */
const getView = (record: EditingProjectRecord) => ({
  ...commonView(record),
  Status: record.Status,
  TimelineConvertStatus: "Unconverted",
});

/** SearchEditingProject: Status as a string, and a failed production's error. */
const listView = (record: EditingProjectRecord) => ({
  ...commonView(record),
  Status: record.Status,
  ...(record.ErrorCode ? { ErrorCode: record.ErrorCode, ErrorMessage: record.ErrorMessage ?? "" } : {}),
});

// ---- Handlers

function newProjectId(): string {
  return randomUUID().replace(/-/g, "");
}

const createEditingProject: Handler = (ctx) => {
  const p = ctx.params;
  const title = p.requiredString("Title");
  const description = p.string("Description") ?? "";
  const coverUrl = p.string("CoverURL") ?? "";
  const templateId = p.string("TemplateId") ?? "";
  const templateType = p.string("TemplateType", { oneOf: TEMPLATE_TYPES }) || "Timeline";
  const projectType = p.string("ProjectType", { oneOf: PROJECT_TYPES }) || "EditingProject";
  const timeline = jsonObject(p, "Timeline");
  const clipsParam = jsonObject(p, "ClipsParam");
  const maps = materialMaps(p);
  const businessConfig = jsonObject(p, "BusinessConfig");

  if (timeline !== undefined && templateId !== "") {
    throw invalidParameter(p.style, "TemplateId", "only one of Timeline and TemplateId can be specified");
  }
  if (templateId !== "" && clipsParam === undefined) throw missingParameter(p.style, "ClipsParam");
  const live = projectType === "LiveEditingProject";
  if (live) checkLiveBusinessConfig(p, businessConfig);

  const effectiveTimeline =
    templateId !== "" ? timelineFromTemplate(templateId, clipsParam) : (timeline ?? undefined);
  const now = utcSeconds(ctx.now);
  const source = live ? "LiveEditingOpenAPI" : "OpenAPI";
  const record: EditingProjectRecord = {
    ProjectId: newProjectId(),
    Title: title,
    Description: description,
    CoverURL: coverUrl,
    TemplateId: templateId,
    TemplateType: templateType,
    ProjectType: projectType,
    Status: effectiveTimeline === undefined ? "Draft" : "Editing",
    Duration: durationOf(effectiveTimeline),
    CreateSource: source,
    ModifiedSource: source,
    CreateTime: now,
    ModifiedTime: now,
    CreatedAtMs: ctx.now,
    ...(effectiveTimeline !== undefined ? { Timeline: effectiveTimeline } : {}),
    ...(clipsParam !== undefined ? { ClipsParam: clipsParam } : {}),
    ...(maps !== undefined ? { MaterialMaps: maps } : {}),
    ...(businessConfig !== undefined ? { BusinessConfig: businessConfig } : {}),
    ...(live ? { BusinessStatus: "Reserving" } : {}),
  };
  editingProjects(ctx).set(record.ProjectId, record);
  return { Project: createdView(record) };
};

const getEditingProject: Handler = (ctx) => {
  ctx.params.string("RequestSource", { oneOf: ["OpenAPI", "WebSDK"] });
  const record = requireEditingProject(ctx, ctx.params.requiredString("ProjectId"));
  return { Project: getView(record) };
};

/** "" clears an optional text field; absent leaves it as it is. */
function textUpdate(params: Params, name: string): string | undefined {
  return params.has(name) ? (params.string(name) ?? "") : undefined;
}

const updateEditingProject: Handler = (ctx) => {
  const p = ctx.params;
  const record = requireEditingProject(ctx, p.requiredString("ProjectId"));
  if (record.Status === "Producing") {
    throw new ApiError(
      400,
      "InvalidParameter.ProjectStatus",
      "The specified parameter ProjectId is not valid: the project is being produced and cannot be edited.",
    );
  }
  const next: EditingProjectRecord = { ...record };
  if (p.has("Title")) {
    const title = p.string("Title") ?? "";
    if (title === "") throw invalidParameter(p.style, "Title", "must not be empty");
    next.Title = title;
  }
  const description = textUpdate(p, "Description");
  if (description !== undefined) next.Description = description;
  const cover = textUpdate(p, "CoverURL");
  if (cover !== undefined) next.CoverURL = cover;
  const templateId = textUpdate(p, "TemplateId");
  if (templateId !== undefined) next.TemplateId = templateId;
  if (p.has("ClipsParam")) next.ClipsParam = jsonObject(p, "ClipsParam");
  const timelineGiven = p.has("Timeline");
  if (timelineGiven) next.Timeline = jsonObject(p, "Timeline");
  const businessStatus = p.string("BusinessStatus", { oneOf: ["Reserving", "ReservationCanceled"] });
  if (businessStatus !== undefined && businessStatus !== "") {
    if (record.ProjectType !== "LiveEditingProject") {
      throw invalidParameter(p.style, "BusinessStatus", "applies to LiveEditingProject projects only");
    }
    next.BusinessStatus = businessStatus;
  }

  if (timelineGiven && next.Timeline !== undefined && next.TemplateId !== "") {
    throw invalidParameter(p.style, "TemplateId", "only one of Timeline and TemplateId can be specified");
  }
  if (next.TemplateId !== "" && next.ClipsParam === undefined) throw missingParameter(p.style, "ClipsParam");
  if (next.TemplateId !== "" && (templateId !== undefined || p.has("ClipsParam"))) {
    next.Timeline = timelineFromTemplate(next.TemplateId, next.ClipsParam);
  }
  if (next.TemplateId === "" && templateId !== undefined && !timelineGiven) {
    // Leaving a template without giving a timeline leaves an empty project.
    delete next.Timeline;
  }
  if (next.Timeline === undefined) delete next.Timeline;
  if (next.ClipsParam === undefined) delete next.ClipsParam;
  next.Duration = durationOf(next.Timeline);
  if (next.Status === "Draft" && next.Timeline !== undefined) next.Status = "Editing";
  next.ModifiedSource = "OpenAPI";
  next.ModifiedTime = utcSeconds(ctx.now);
  editingProjects(ctx).set(next.ProjectId, next);
  return {};
};

const deleteEditingProjects: Handler = (ctx) => {
  const ids = (ctx.params.string("ProjectIds") ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0) throw missingParameter(ctx.params.style, "ProjectIds");
  const table = editingProjects(ctx);
  const known = ids.filter((id) => table.has(id));
  if (known.length === 0) throw projectNotFound();
  for (const id of known) table.delete(id);
  ctx.store.cancel(
    (event) => event.kind === PRODUCE_DONE && known.includes(event.payload.projectId as string),
  );
  return {};
};

const searchEditingProject: Handler = (ctx) => {
  const p = ctx.params;
  const pageNo = p.integer("PageNo", { min: 1 }) ?? 1;
  const pageSize = p.integer("PageSize", { min: 1, max: 100 }) ?? 10;
  const projectType = p.string("ProjectType", { oneOf: PROJECT_TYPES }) || "EditingProject";
  const templateType = p.string("TemplateType", { oneOf: [...TEMPLATE_TYPES, "None"] }) || undefined;
  const createSource = p.string("CreateSource") || undefined;
  const sortBy =
    p.string("SortBy", { oneOf: ["CreationTime:Desc", "CreationTime:Asc"] }) || "CreationTime:Desc";
  const startTime = p.time("StartTime");
  const endTime = p.time("EndTime");
  const statusText = p.string("Status") ?? "";
  const statuses = statusText === "" ? SEARCHABLE_STATUSES : statusText.split(",").map((s) => s.trim());
  for (const status of statuses) {
    if (!SEARCHABLE_STATUSES.includes(status)) {
      throw invalidParameter(
        p.style,
        "Status",
        `each value must be one of ${SEARCHABLE_STATUSES.join(", ")} (got "${status}")`,
      );
    }
  }
  // Searches see whole seconds, as CreateTime is reported.
  const createdSecond = (r: EditingProjectRecord) => Math.floor(r.CreatedAtMs / 1000) * 1000;
  const rows = editingProjects(ctx)
    .values()
    .filter((r) => r.ProjectType === projectType)
    .filter(
      (r) =>
        templateType === undefined ||
        (templateType === "None" ? r.TemplateId === "" : r.TemplateType === templateType),
    )
    .filter((r) => createSource === undefined || r.CreateSource === createSource)
    .filter((r) => statuses.includes(r.Status))
    .filter((r) => startTime === undefined || createdSecond(r) >= startTime)
    .filter((r) => endTime === undefined || createdSecond(r) <= endTime)
    .sort(
      (a, b) =>
        (a.CreatedAtMs - b.CreatedAtMs || (a.ProjectId < b.ProjectId ? -1 : 1)) *
        (sortBy === "CreationTime:Asc" ? 1 : -1),
    );
  const page = rows.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  return { ProjectList: page.map(listView), MaxResults: pageSize, TotalCount: rows.length };
};

// ---- Production (only what moves an editing project's status; the produced media is not modelled).

const PRODUCE_DONE = "ice.editingProjectProduced";

const submitMediaProducingJob: Handler = (ctx) => {
  const p = ctx.params;
  const projectId = p.string("ProjectId");
  if (!projectId) {
    throw invalidParameter(
      p.style,
      "ProjectId",
      "the emulator produces editing projects only: give ProjectId",
    );
  }
  const output = jsonObject(p, "OutputMediaConfig");
  if (output === undefined) throw missingParameter(p.style, "OutputMediaConfig");
  const record = requireEditingProject(ctx, projectId);
  if (record.Status === "Producing") {
    throw invalidParameter(p.style, "ProjectId", "the project is already being produced");
  }
  const jobId = newProjectId();
  const failure = clipsOf(record.Timeline).every((clips) => clips.length === 0)
    ? { ErrorCode: "InvalidParameter", ErrorMessage: "The timeline has no clips to produce." }
    : ctx.taskFails("SubmitMediaProducingJob")
      ? { ErrorCode: "InternalError", ErrorMessage: "The media producing job failed." }
      : undefined;
  const { ErrorCode: _code, ErrorMessage: _message, ...rest } = record;
  editingProjects(ctx).set(projectId, { ...rest, Status: "Producing" });
  ctx.schedule(PRODUCE_MS, PRODUCE_DONE, { projectId, jobId, ...(failure ?? {}) });
  return { JobId: jobId, ProjectId: projectId, MediaId: newProjectId() };
};

const editingProjectProduced: Transition = (ctx, payload) => {
  const table = editingProjects(ctx);
  const record = table.get(String(payload.projectId));
  if (!record) return;
  const failed = typeof payload.ErrorCode === "string";
  const eventTime = utcSeconds(ctx.now);
  table.set(record.ProjectId, {
    ...record,
    Status: failed ? "ProduceFailed" : "Produced",
    ...(failed
      ? {
          ErrorCode: String(payload.ErrorCode),
          ErrorMessage: JSON.stringify({
            EventTime: eventTime,
            ErrorCode: payload.ErrorCode,
            ErrorMessage: payload.ErrorMessage,
            JobId: payload.jobId,
          }),
        }
      : {}),
  });
};

export const editingProjectHandlers = {
  CreateEditingProject: createEditingProject,
  GetEditingProject: getEditingProject,
  UpdateEditingProject: updateEditingProject,
  DeleteEditingProjects: deleteEditingProjects,
  SearchEditingProject: searchEditingProject,
  SubmitMediaProducingJob: submitMediaProducingJob,
} satisfies Record<string, Handler>;

export const editingProjectTransitions = {
  [PRODUCE_DONE]: editingProjectProduced,
} satisfies Record<string, Transition>;
