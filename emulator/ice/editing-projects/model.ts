/** The editing project record (wire names; JSON fields kept parsed), its table and its lookups. */
import { randomUUID } from "node:crypto";
import { ApiError } from "../../core/errors";
import type { WorldContext } from "../../core/service";
import type { Table } from "../../core/store";

export const STATUS_CODES = {
  Draft: 1,
  Editing: 2,
  Producing: 3,
  Produced: 4,
  ProduceFailed: 5,
  Deleted: 7,
} as const;
export type ProjectStatus = keyof typeof STATUS_CODES;

export const TEMPLATE_TYPES = ["Timeline", "VETemplate"] as const;
export const PROJECT_TYPES = ["EditingProject", "LiveEditingProject"] as const;
export const SEARCHABLE_STATUSES = ["Draft", "Editing", "Producing", "Produced", "ProduceFailed"];

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

export function projectNotFound(): ApiError {
  return new ApiError(404, "ProjectNotFound", "Project not found.");
}

export function requireEditingProject(ctx: WorldContext, id: string): EditingProjectRecord {
  const record = editingProjects(ctx).get(id);
  if (!record) throw projectNotFound();
  return record;
}

export function newProjectId(): string {
  return randomUUID().replace(/-/g, "");
}
