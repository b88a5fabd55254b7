/**
 * ICE MPS pipelines (queues) (ICE API reference: CreatePipeline, GetPipeline, UpdatePipeline,
 * DeletePipeline): a name, a priority from 1 to 10 (default 6), a speed (Standard, Boost,
 * NarrowBandHDV2) fixed at creation, and a status, Active or Paused, that UpdatePipeline changes.
 * Create and Get answer the pipeline; Update and Delete answer `Success: true`.
 *
 * Not documented, so chosen here: Name is 1 to 128 characters; an unknown PipelineId answers
 * ResourceNotFound/404; a new pipeline is Active.
 */
import { randomUUID } from "node:crypto";
import { utcSeconds } from "../core/clock";
import { resourceNotFound } from "../core/errors";
import type { Handler, HandlerContext, WorldContext } from "../core/service";
import type { Table } from "../core/store";

export const PIPELINE_SPEEDS = ["Standard", "Boost", "NarrowBandHDV2"] as const;
export const PIPELINE_STATUSES = ["Active", "Paused"] as const;
const PRIORITY = { min: 1, max: 10 };
const DEFAULT_PRIORITY = 6;
const NAME = { minLength: 1, maxLength: 128 };

export interface PipelineRecord {
  PipelineId: string;
  Name: string;
  Priority: number;
  Speed: string;
  Status: string;
  CreateTime: string;
  ModifiedTime: string;
}

export const pipelines = (ctx: WorldContext): Table<PipelineRecord> => ctx.store.table("ice.pipelines");

function lookup(ctx: HandlerContext): PipelineRecord {
  const id = ctx.params.requiredString("PipelineId");
  const record = pipelines(ctx).get(id);
  if (!record) throw resourceNotFound(ctx.style, `pipeline ${id}`);
  return record;
}

const view = (record: PipelineRecord) => ({ ...record });

const createPipeline: Handler = (ctx) => {
  const name = ctx.params.requiredString("Name", NAME);
  const speed = ctx.params.requiredString("Speed", { oneOf: PIPELINE_SPEEDS });
  const priority = ctx.params.integer("Priority", PRIORITY) ?? DEFAULT_PRIORITY;
  const now = utcSeconds(ctx.now);
  const record: PipelineRecord = {
    PipelineId: randomUUID().replace(/-/g, ""),
    Name: name,
    Priority: priority,
    Speed: speed,
    Status: "Active",
    CreateTime: now,
    ModifiedTime: now,
  };
  pipelines(ctx).set(record.PipelineId, record);
  return { Pipeline: view(record) };
};

const getPipeline: Handler = (ctx) => ({ Pipeline: view(lookup(ctx)) });

const updatePipeline: Handler = (ctx) => {
  const name = ctx.params.has("Name") ? ctx.params.requiredString("Name", NAME) : undefined;
  const priority = ctx.params.integer("Priority", PRIORITY);
  const status = ctx.params.string("Status", { oneOf: PIPELINE_STATUSES }) || undefined;
  const record = { ...lookup(ctx) };
  if (name !== undefined) record.Name = name;
  if (priority !== undefined) record.Priority = priority;
  if (status !== undefined) record.Status = status;
  record.ModifiedTime = utcSeconds(ctx.now);
  pipelines(ctx).set(record.PipelineId, record);
  return { Success: true };
};

const deletePipeline: Handler = (ctx) => {
  pipelines(ctx).delete(lookup(ctx).PipelineId);
  return { Success: true };
};

export const pipelineHandlers = {
  CreatePipeline: createPipeline,
  GetPipeline: getPipeline,
  UpdatePipeline: updatePipeline,
  DeletePipeline: deletePipeline,
} satisfies Record<string, Handler>;
