/**
 * IMM records as stored by the emulator (wire field names, so responses are a projection) and the
 * lookups every IMM handler shares: resolve a parent or answer the documented ResourceNotFound.
 */
import { limitExceeded, resourceNotFound } from "../core/errors";
import type { WorldContext } from "../core/service";
import type { Table } from "../core/store";
import type { DatasetQuotaName } from "./rules";

export interface ProjectRecord extends Record<DatasetQuotaName, number> {
  ProjectName: string;
  Description: string;
  ServiceRole: string;
  TemplateId: string;
  ProjectMaxDatasetCount: number;
  ProjectQueriesPerSecond: number;
  EngineConcurrency: number;
  Tags: { TagKey: string; TagValue: string }[];
  CreateTime: string;
  UpdateTime: string;
}

export interface DatasetRecord extends Record<DatasetQuotaName, number> {
  ProjectName: string;
  DatasetName: string;
  Description: string;
  TemplateId: string;
  WorkflowParameters: { Name: string; Value: string }[];
  CreateTime: string;
  UpdateTime: string;
}

export interface BindingRecord {
  ProjectName: string;
  DatasetName: string;
  URI: string;
  State: string;
  Phase: string;
  Reason: string;
  CreateTime: string;
  UpdateTime: string;
}

/** A file's metadata (IMM's `File` model, as GetFileMeta answers it) plus where it came from. */
export interface FileRecord {
  file: Record<string, unknown> & { URI: string; Size: number };
  /** `binding:oss://bucket` or `index`. */
  source: string;
}

export const projects = (ctx: WorldContext): Table<ProjectRecord> => ctx.store.table("imm.projects");
export const datasets = (ctx: WorldContext): Table<DatasetRecord> => ctx.store.table("imm.datasets");
export const bindings = (ctx: WorldContext): Table<BindingRecord> => ctx.store.table("imm.bindings");
export const files = (ctx: WorldContext): Table<FileRecord> => ctx.store.table("imm.files");

export const datasetKey = (project: string, dataset: string) => `${project}/${dataset}`;
export const childKey = (project: string, dataset: string, rest: string) => `${project}/${dataset}/${rest}`;

export function requireProject(ctx: WorldContext, name: string): ProjectRecord {
  const project = projects(ctx).get(name);
  if (!project) throw resourceNotFound(ctx.style, "project");
  return project;
}

export function requireDataset(ctx: WorldContext, project: string, dataset: string): DatasetRecord {
  requireProject(ctx, project);
  const record = datasets(ctx).get(datasetKey(project, dataset));
  if (!record) throw resourceNotFound(ctx.style, "dataset");
  return record;
}

/** Rows of a table that belong to one dataset (keys are `project/dataset/...`), in key order. */
export function rowsOfDataset<T>(table: Table<T>, project: string, dataset: string): [string, T][] {
  const prefix = `${datasetKey(project, dataset)}/`;
  return table.entries().filter(([key]) => key.startsWith(prefix));
}

/** Indexed files of a dataset: what stories and statistics are computed from. */
export function datasetFiles(ctx: WorldContext, project: string, dataset: string): FileRecord["file"][] {
  return rowsOfDataset(files(ctx), project, dataset).map(([, record]) => record.file);
}

/** What each quota parameter counts, as LimitExceeded names it. */
const QUOTA_ROWS = {
  ProjectMaxDatasetCount: "datasets",
  DatasetMaxBindCount: "bindings",
  DatasetMaxFileCount: "files",
} as const;

/** LimitExceeded when `adding` more rows to the `used` ones would pass `owner`'s quota `limit`. */
export function requireRoom(
  owner: string,
  parameter: keyof typeof QUOTA_ROWS,
  limit: number,
  used: number,
  adding = 1,
): void {
  if (used + adding > limit) {
    throw limitExceeded(`${owner} allows ${limit} ${QUOTA_ROWS[parameter]} (${parameter})`);
  }
}
