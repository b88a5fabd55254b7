/**
 * ICE custom media processing templates (ICE API reference: CreateCustomTemplate, GetCustomTemplate,
 * UpdateCustomTemplate, DeleteCustomTemplate, SetDefaultCustomTemplate).
 *
 * - Type 1 to 11; Subtype only for the types that have subtypes (1 transcoding, 2 snapshot, 7 AI
 *   review, 9 AI erasure; default 1), each with its documented subtype names.
 * - TemplateConfig is a JSON object, checked for the transcoding, snapshot and watermark types
 *   (`custom-template-rules.ts`), and handed back re-serialised by the service.
 * - The documented quirk is kept: CreateCustomTemplate answers Subtype as its NAME (a string),
 *   GetCustomTemplate as a NUMBER with SubtypeName beside it.
 * - SetDefaultCustomTemplate makes a template the default of its type and subtype (the one before it
 *   is no longer); GetCustomTemplate without TemplateId answers the default of the given Type.
 *
 * Not documented, so chosen here: type names other than TranscodeTemplate and SnapshotTemplate; an
 * unknown TemplateId, or no default for a Type, answers ResourceNotFound/404; Status is Normal; Name
 * is 1 to 128 characters; a default template can be deleted.
 */
import { randomUUID } from "node:crypto";
import { utcSeconds } from "../core/clock";
import { invalidParameter, missingParameter, resourceNotFound } from "../core/errors";
import type { Params } from "../core/params";
import type { Handler, HandlerContext, WorldContext } from "../core/service";
import type { Table } from "../core/store";
import { checkTemplateConfig, SUBTYPES, TYPE_NAMES } from "./custom-template-rules";

export interface CustomTemplateRecord {
  TemplateId: string;
  TemplateName: string;
  Type: number;
  /** 0 for a type without subtypes. */
  Subtype: number;
  TemplateConfig: Record<string, unknown>;
  IsDefault: boolean;
  Status: string;
  CreateTime: string;
  ModifiedTime: string;
}

export const customTemplates = (ctx: WorldContext): Table<CustomTemplateRecord> =>
  ctx.store.table("ice.customTemplates");

const NAME = { minLength: 1, maxLength: 128 };
const TYPE = { min: 1, max: 11 };

function subtypeOf(params: Params, type: number, name: "Subtype" = "Subtype"): number {
  const names = SUBTYPES[type];
  const value = params.integer(name, { min: 1 });
  if (!names) {
    if (value !== undefined) {
      throw invalidParameter(params.style, name, `type ${type} (${TYPE_NAMES[type]}) has no subtypes`);
    }
    return 0;
  }
  if (value !== undefined && value > names.length) {
    throw invalidParameter(
      params.style,
      name,
      `must be one of ${names.map((n, i) => `${i + 1} (${n})`).join(", ")} for type ${type} (got ${value})`,
    );
  }
  return value ?? 1;
}

const subtypeName = (record: CustomTemplateRecord) => SUBTYPES[record.Type]?.[record.Subtype - 1];

function common(record: CustomTemplateRecord) {
  return {
    TemplateId: record.TemplateId,
    TemplateName: record.TemplateName,
    Type: record.Type,
    TypeName: TYPE_NAMES[record.Type],
    TemplateConfig: JSON.stringify(record.TemplateConfig),
    Status: record.Status,
    IsDefault: record.IsDefault,
    CreateTime: record.CreateTime,
    ModifiedTime: record.ModifiedTime,
  };
}

function lookup(ctx: HandlerContext): CustomTemplateRecord {
  const id = ctx.params.requiredString("TemplateId");
  const record = customTemplates(ctx).get(id);
  if (!record) throw resourceNotFound(ctx.style, `custom template ${id}`);
  return record;
}

const create: Handler = (ctx) => {
  const p = ctx.params;
  const name = p.requiredString("Name", NAME);
  const type = p.integer("Type", TYPE);
  if (type === undefined) throw missingParameter(p.style, "Type");
  const subtype = subtypeOf(p, type);
  const config = p.requiredJson<Record<string, unknown>>("TemplateConfig", "object");
  checkTemplateConfig(p, type, subtype, config);
  const now = utcSeconds(ctx.now);
  const record: CustomTemplateRecord = {
    TemplateId: randomUUID().replace(/-/g, ""),
    TemplateName: name,
    Type: type,
    Subtype: subtype,
    TemplateConfig: config,
    IsDefault: false,
    Status: "Normal",
    CreateTime: now,
    ModifiedTime: now,
  };
  customTemplates(ctx).set(record.TemplateId, record);
  const named = subtypeName(record);
  return { CustomTemplate: { ...common(record), ...(named ? { Subtype: named } : {}) } };
};

const get: Handler = (ctx) => {
  const p = ctx.params;
  let record: CustomTemplateRecord | undefined;
  if (p.string("TemplateId")) {
    // "If you provide a TemplateId, the operation ignores other parameters."
    record = lookup(ctx);
  } else {
    const type = p.integer("Type", TYPE);
    if (type === undefined) throw missingParameter(p.style, "TemplateId");
    const subtype = p.has("Subtype") ? subtypeOf(p, type) : undefined;
    record = customTemplates(ctx)
      .values()
      .find((t) => t.IsDefault && t.Type === type && (subtype === undefined || t.Subtype === subtype));
    if (!record) throw resourceNotFound(ctx.style, `default custom template of type ${type}`);
  }
  const named = subtypeName(record);
  return {
    CustomTemplate: { ...common(record), ...(named ? { Subtype: record.Subtype, SubtypeName: named } : {}) },
  };
};

const update: Handler = (ctx) => {
  const p = ctx.params;
  const record = { ...lookup(ctx) };
  if (p.has("Name")) record.TemplateName = p.requiredString("Name", NAME);
  const config = p.json<Record<string, unknown>>("TemplateConfig", "object");
  if (config) {
    checkTemplateConfig(p, record.Type, record.Subtype, config);
    record.TemplateConfig = config;
  }
  record.ModifiedTime = utcSeconds(ctx.now);
  customTemplates(ctx).set(record.TemplateId, record);
  return { Success: true };
};

const remove: Handler = (ctx) => {
  customTemplates(ctx).delete(lookup(ctx).TemplateId);
  return { Success: true };
};

const setDefault: Handler = (ctx) => {
  const chosen = lookup(ctx);
  const table = customTemplates(ctx);
  const now = utcSeconds(ctx.now);
  for (const other of table.values()) {
    if (other.IsDefault && other.Type === chosen.Type && other.Subtype === chosen.Subtype) {
      table.set(other.TemplateId, { ...other, IsDefault: false, ModifiedTime: now });
    }
  }
  table.set(chosen.TemplateId, { ...chosen, IsDefault: true, ModifiedTime: now });
  return { Success: true };
};

export const customTemplateHandlers = {
  CreateCustomTemplate: create,
  GetCustomTemplate: get,
  UpdateCustomTemplate: update,
  DeleteCustomTemplate: remove,
  SetDefaultCustomTemplate: setDefault,
} satisfies Record<string, Handler>;
