/**
 * CreateEditingProject, GetEditingProject, UpdateEditingProject, DeleteEditingProjects,
 * SearchEditingProject.
 */
import { utcSeconds } from "../../core/clock";
import { ApiError, invalidParameter, missingParameter } from "../../core/errors";
import { numberedPager } from "../../core/pagination";
import type { Params } from "../../core/params";
import type { Handler } from "../../core/service";
import {
  type EditingProjectRecord,
  editingProjects,
  newProjectId,
  PROJECT_TYPES,
  projectNotFound,
  requireEditingProject,
  SEARCHABLE_STATUSES,
  TEMPLATE_TYPES,
} from "./model";
import { PRODUCE_DONE } from "./production";
import { checkLiveBusinessConfig, jsonObject, materialMaps } from "./rules";
import { durationOf, timelineFromTemplate } from "./timeline";
import { createdView, getView, listView } from "./views";

export const createEditingProject: Handler = (ctx) => {
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

export const getEditingProject: Handler = (ctx) => {
  ctx.params.string("RequestSource", { oneOf: ["OpenAPI", "WebSDK"] });
  const record = requireEditingProject(ctx, ctx.params.requiredString("ProjectId"));
  return { Project: getView(record) };
};

/** "" clears an optional text field; absent leaves it as it is. */
function textUpdate(params: Params, name: string): string | undefined {
  return params.has(name) ? (params.string(name) ?? "") : undefined;
}

export const updateEditingProject: Handler = (ctx) => {
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

export const deleteEditingProjects: Handler = (ctx) => {
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

export const searchEditingProject: Handler = (ctx) => {
  const p = ctx.params;
  const pager = numberedPager(p);
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
  return { ProjectList: pager.page(rows).map(listView), MaxResults: pager.size, TotalCount: rows.length };
};
