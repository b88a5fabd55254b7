/**
 * ICE editing templates (ICE API reference: AddTemplate, GetTemplate, UpdateTemplate, DeleteTemplate).
 *
 * - A `Timeline` (regular) or `BatchEditing` template is usable at once: Available, or the Status the
 *   caller gave. A `VETemplate` (advanced, After Effects based) is analysed first: Processing, then
 *   after `templateProcessMs` Available, or ProcessFailed when the injected task failure strikes the
 *   AddTemplate / UpdateTemplate call that started the analysis. Changing a VETemplate's Config
 *   analyses it again.
 * - Config is stored parsed and handed back re-serialised (sorted keys, indented), as editing project
 *   timelines are; GetTemplate adds the ClipsParam a job needs: one entry per `$Name` placeholder.
 * - The documented spelling quirk is kept: AddTemplate answers `CoverUrl`, GetTemplate `CoverURL`
 *   and `CreationTime`.
 *
 * Not documented, so chosen here: Name, Type and Config are required; an unknown TemplateId answers
 * ResourceNotFound/404; DeleteTemplate ignores unknown IDs among known ones and answers
 * ResourceNotFound when none of them exists.
 */
import { randomUUID } from "node:crypto";
import { utcSeconds } from "../core/clock";
import { missingParameter, resourceNotFound } from "../core/errors";
import { isPlainObject, type Params } from "../core/params";
import type { Handler, HandlerContext, Transition, WorldContext } from "../core/service";
import type { Table } from "../core/store";
import { serviceJson } from "./editing-projects/views";

export const TEMPLATE_TYPES = ["Timeline", "VETemplate", "BatchEditing"] as const;
export const TEMPLATE_STATUSES = [
  "Available",
  "Created",
  "Uploading",
  "Processing",
  "UploadFailed",
  "ProcessFailed",
] as const;
const SOURCES = ["OpenAPI", "AliyunConsole", "WebSDK"] as const;
export const TEMPLATE_PROCESSED = "ice.template.processed";

export interface TemplateRecord {
  TemplateId: string;
  Name: string;
  Type: string;
  Config: Record<string, unknown>;
  CoverURL: string;
  PreviewMedia: string;
  RelatedMediaids?: Record<string, unknown>;
  Status: string;
  CreateSource: string;
  ModifiedSource: string;
  CreationTime: string;
  ModifiedTime: string;
  /** Bumped by every analysis started, so a stale completion never finishes a newer one. */
  run: number;
}

export const templates = (ctx: WorldContext): Table<TemplateRecord> => ctx.store.table("ice.templates");

export function requireTemplate(ctx: WorldContext, id: string): TemplateRecord {
  const record = templates(ctx).get(id);
  if (!record) throw resourceNotFound(ctx.style, `template ${id}`);
  return record;
}

/** The `$Name` placeholders of a template's Config: what ClipsParam must fill. */
function placeholders(config: unknown, found = new Set<string>()): Set<string> {
  if (typeof config === "string" && /^\$\w+$/.test(config)) found.add(config.slice(1));
  else if (Array.isArray(config)) config.forEach((item) => placeholders(item, found));
  else if (isPlainObject(config)) Object.values(config).forEach((item) => placeholders(item, found));
  return found;
}

function clipsParamOf(record: TemplateRecord): string {
  return JSON.stringify(
    Object.fromEntries([...placeholders(record.Config)].sort().map((name) => [name, ""])),
  );
}

const text = (params: Params, name: string) => params.string(name, { maxLength: 1024 });

function startAnalysis(ctx: HandlerContext, record: TemplateRecord): void {
  record.Status = "Processing";
  record.run += 1;
  ctx.schedule(ctx.timings.templateProcessMs, TEMPLATE_PROCESSED, {
    templateId: record.TemplateId,
    run: record.run,
    fails: ctx.taskFails(ctx.action),
  });
}

const addTemplate: Handler = (ctx) => {
  const p = ctx.params;
  const name = p.requiredString("Name", { maxLength: 128 });
  const type = p.requiredString("Type", { oneOf: TEMPLATE_TYPES });
  const config = p.requiredJson<Record<string, unknown>>("Config", "object");
  const status = p.string("Status", { oneOf: TEMPLATE_STATUSES }) || "Available";
  const source = p.string("Source", { oneOf: SOURCES }) || "OpenAPI";
  const related = p.json<Record<string, unknown>>("RelatedMediaids", "object");
  const now = utcSeconds(ctx.now);
  const record: TemplateRecord = {
    TemplateId: randomUUID().replace(/-/g, ""),
    Name: name,
    Type: type,
    Config: config,
    CoverURL: text(p, "CoverUrl") ?? "",
    PreviewMedia: text(p, "PreviewMedia") ?? "",
    ...(related ? { RelatedMediaids: related } : {}),
    Status: status,
    CreateSource: source,
    ModifiedSource: source,
    CreationTime: now,
    ModifiedTime: now,
    run: 0,
  };
  if (type === "VETemplate") startAnalysis(ctx, record);
  templates(ctx).set(record.TemplateId, record);
  // AddTemplate answers a shorter view, and spells the cover CoverUrl where GetTemplate says CoverURL.
  const { CoverURL, ...common } = commonView(record);
  return { Template: { ...common, CoverUrl: CoverURL } };
};

/** What AddTemplate and GetTemplate both answer of a template. */
function commonView(record: TemplateRecord) {
  return {
    TemplateId: record.TemplateId,
    Name: record.Name,
    Type: record.Type,
    Config: serviceJson(record.Config),
    CoverURL: record.CoverURL,
    PreviewMedia: record.PreviewMedia,
    Status: record.Status,
    CreateSource: record.CreateSource,
    ModifiedSource: record.ModifiedSource,
  };
}

const getTemplate: Handler = (ctx) => {
  const id = ctx.params.requiredString("TemplateId");
  const flag = ctx.params.string("RelatedMediaidFlag", { oneOf: ["0", "1"] }) || "0";
  const record = requireTemplate(ctx, id);
  return {
    Template: {
      ...commonView(record),
      ...(record.PreviewMedia ? { PreviewMediaStatus: "Normal" } : {}),
      CreationTime: record.CreationTime,
      ModifiedTime: record.ModifiedTime,
      ClipsParam: clipsParamOf(record),
      ...(flag === "1" && record.RelatedMediaids
        ? { RelatedMediaids: serviceJson(record.RelatedMediaids) }
        : {}),
    },
  };
};

const updateTemplate: Handler = (ctx) => {
  const p = ctx.params;
  const record = { ...requireTemplate(ctx, p.requiredString("TemplateId")) };
  if (p.has("Name")) record.Name = p.requiredString("Name", { maxLength: 128 });
  const config = p.json<Record<string, unknown>>("Config", "object");
  const status = p.string("Status", { oneOf: TEMPLATE_STATUSES }) || undefined;
  const related = p.json<Record<string, unknown>>("RelatedMediaids", "object");
  record.ModifiedSource = p.string("Source", { oneOf: SOURCES }) || "OpenAPI";
  const cover = text(p, "CoverUrl");
  if (cover !== undefined) record.CoverURL = cover;
  const preview = text(p, "PreviewMedia");
  if (preview !== undefined) record.PreviewMedia = preview;
  if (related) record.RelatedMediaids = related;
  if (status) record.Status = status;
  if (config) {
    record.Config = config;
    if (record.Type === "VETemplate") startAnalysis(ctx, record);
  }
  record.ModifiedTime = utcSeconds(ctx.now);
  templates(ctx).set(record.TemplateId, record);
  return {};
};

const deleteTemplate: Handler = (ctx) => {
  const ids = (ctx.params.string("TemplateIds") ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0) throw missingParameter(ctx.style, "TemplateIds");
  const table = templates(ctx);
  const known = ids.filter((id) => table.has(id));
  if (known.length === 0) throw resourceNotFound(ctx.style, `template ${ids.join(",")}`);
  for (const id of known) table.delete(id);
  ctx.store.cancel(
    (event) => event.kind === TEMPLATE_PROCESSED && known.includes(String(event.payload.templateId)),
  );
  return {};
};

const processed: Transition = (ctx, payload) => {
  const table = templates(ctx);
  const record = table.get(String(payload.templateId));
  if (!record || record.run !== payload.run || record.Status !== "Processing") return;
  table.set(record.TemplateId, {
    ...record,
    Status: payload.fails === true ? "ProcessFailed" : "Available",
    ModifiedTime: utcSeconds(ctx.now),
  });
};

export const templateHandlers = {
  AddTemplate: addTemplate,
  GetTemplate: getTemplate,
  UpdateTemplate: updateTemplate,
  DeleteTemplate: deleteTemplate,
} satisfies Record<string, Handler>;

export const templateTransitions = {
  [TEMPLATE_PROCESSED]: processed,
} satisfies Record<string, Transition>;
