/**
 * IMM projects (IMM API reference): CreateProject, GetProject, UpdateProject, DeleteProject, ListProjects.
 */
import { immTime } from "../core/clock";
import { invalidParameter, limitExceeded, preconditionFailed, resourceAlreadyExists } from "../core/errors";
import type { Params } from "../core/params";
import { keyPager } from "../core/pagination";
import type { Handler, HandlerContext } from "../core/service";
import { DESCRIPTION_RULES, NAME_RULES, datasetQuotas, defaultDatasetQuotas } from "./rules";
import { type ProjectRecord, datasetFiles, datasets, projects, requireProject } from "./tables";
import { detachProject } from "./attachments";
import { triggersOf } from "./triggers/model";

/** Account-level project quota (IMM limits: 100 projects per account by default). */
export const MAX_PROJECTS = 100;

interface TagInput {
  Key?: unknown;
  Value?: unknown;
}

function readTags(params: Params): ProjectRecord["Tags"] | undefined {
  const tags = params.json<TagInput[]>("Tag", "array");
  if (tags === undefined) return undefined;
  return tags.map((tag, index) => {
    if (typeof tag !== "object" || tag === null || typeof tag.Key !== "string" || tag.Key === "") {
      throw invalidParameter(params.style, "Tag", `element ${index} needs a non-empty string Key`);
    }
    if (tag.Value !== undefined && typeof tag.Value !== "string") {
      throw invalidParameter(params.style, "Tag", `element ${index} Value must be a string`);
    }
    return { TagKey: tag.Key, TagValue: tag.Value ?? "" };
  });
}

function projectSettings(params: Params) {
  return {
    ...datasetQuotas(params),
    ...optional("Description", params.string("Description", DESCRIPTION_RULES)),
    ...optional("ServiceRole", params.string("ServiceRole", { maxLength: 128 })),
    ...optional("TemplateId", params.string("TemplateId", { maxLength: 128 })),
    ...optional("ProjectMaxDatasetCount", params.integer("ProjectMaxDatasetCount", { min: 1 })),
    ...optional("Tags", readTags(params)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** The Project model; statistics only when asked for (WithStatistics), as the API documents. */
export function projectView(ctx: HandlerContext, record: ProjectRecord, withStatistics: boolean) {
  const ownDatasets = datasets(ctx)
    .values()
    .filter((d) => d.ProjectName === record.ProjectName);
  let fileCount = 0;
  let totalSize = 0;
  if (withStatistics) {
    for (const dataset of ownDatasets) {
      for (const file of datasetFiles(ctx, record.ProjectName, dataset.DatasetName)) {
        fileCount++;
        totalSize += file.Size;
      }
    }
  }
  return { ...record, DatasetCount: ownDatasets.length, FileCount: fileCount, TotalFileSize: totalSize };
}

const createProject: Handler = (ctx) => {
  const name = ctx.params.requiredString("ProjectName", NAME_RULES);
  const settings = projectSettings(ctx.params);
  const table = projects(ctx);
  if (table.has(name)) throw resourceAlreadyExists("project");
  if (table.size >= MAX_PROJECTS) throw limitExceeded(`at most ${MAX_PROJECTS} projects per account`);
  const now = immTime(ctx.now);
  const record: ProjectRecord = {
    ProjectName: name,
    Description: "",
    ServiceRole: "AliyunIMMDefaultRole",
    TemplateId: "",
    ...defaultDatasetQuotas(),
    ProjectMaxDatasetCount: 1_000_000_000,
    ProjectQueriesPerSecond: 100,
    EngineConcurrency: 100,
    Tags: [],
    ...settings,
    CreateTime: now,
    UpdateTime: now,
  };
  table.set(name, record);
  return { Project: projectView(ctx, record, false) };
};

const getProject: Handler = (ctx) => {
  const record = requireProject(ctx, ctx.params.requiredString("ProjectName"));
  return { Project: projectView(ctx, record, ctx.params.boolean("WithStatistics") ?? false) };
};

const updateProject: Handler = (ctx) => {
  const name = ctx.params.requiredString("ProjectName");
  const settings = projectSettings(ctx.params);
  const record = requireProject(ctx, name);
  const updated: ProjectRecord = { ...record, ...settings, UpdateTime: immTime(ctx.now) };
  projects(ctx).set(name, updated);
  return { Project: projectView(ctx, updated, false) };
};

const deleteProject: Handler = (ctx) => {
  const name = ctx.params.requiredString("ProjectName");
  requireProject(ctx, name);
  const remaining = datasets(ctx)
    .values()
    .filter((d) => d.ProjectName === name).length;
  if (remaining > 0) {
    throw preconditionFailed(`The project ${name} still has ${remaining} dataset(s); delete them first.`);
  }
  const batches = ctx.store
    .table<{ ProjectName: string }>("imm.batches")
    .values()
    .filter((b) => b.ProjectName === name).length;
  if (batches > 0)
    throw preconditionFailed(`The project ${name} still has ${batches} batch(es); delete them first.`);
  const triggers = triggersOf(ctx, name);
  if (triggers > 0)
    throw preconditionFailed(`The project ${name} still has ${triggers} trigger(s); delete them first.`);
  detachProject(ctx, name);
  projects(ctx).delete(name);
  return {};
};

const listProjects: Handler = (ctx) => {
  const prefix = ctx.params.string("Prefix") ?? "";
  const tagFilter = readTags(ctx.params) ?? [];
  const rows = projects(ctx)
    .entries()
    .filter(([name]) => name.startsWith(prefix))
    .filter(([, p]) =>
      tagFilter.every((want) => p.Tags.some((t) => t.TagKey === want.TagKey && t.TagValue === want.TagValue)),
    );
  const { items, next } = keyPager(ctx.params).page(rows);
  return { Projects: items.map((p) => projectView(ctx, p, false)), ...next };
};

export const projectHandlers = {
  CreateProject: createProject,
  GetProject: getProject,
  UpdateProject: updateProject,
  DeleteProject: deleteProject,
  ListProjects: listProjects,
} satisfies Record<string, Handler>;
