/**
 * IMM data-ingestion operations (IMM API reference: CreateBatch, GetBatch, UpdateBatch, DeleteBatch,
 * SuspendBatch, ResumeBatch, ListBatches, and the same for triggers), part of the `imm` operation
 * table: batches and triggers share one model (input, actions, notification, tags, service role).
 */
import { z } from "zod";
import { body, defineOperation, query } from "./define";
import type { BatchActionParam, BatchInputParam } from "./imm";
import * as m from "./models";

const rid = m.withRequestId;

// The parameters are the same for batches and triggers: writes in the body, reads in the query.
const createParams = {
  Actions: body.json<BatchActionParam[]>().required(),
  Input: body.json<BatchInputParam>().required(),
  Notification: body.json<{ MNS?: { TopicName: string } }>().optional(),
  ProjectName: body.string.required(),
  ServiceRole: body.string.required(),
  Tags: body.json<Record<string, unknown>>().optional(),
};
const updateParams = {
  // The SDK's Update*RequestActions has no FastFailPolicy; Notification and ServiceRole cannot be updated.
  Actions: body.json<Omit<BatchActionParam, "FastFailPolicy">[]>().optional(),
  Id: body.string.required(),
  Input: body.json<BatchInputParam>().optional(),
  ProjectName: body.string.required(),
  Tags: body.json<Record<string, unknown>>().optional(),
};
const byId = { Id: body.string.required(), ProjectName: body.string.required() };
const getParams = { Id: query.string.required(), ProjectName: query.string.required() };
const listParams = {
  MaxResults: query.integer.optional(),
  NextToken: query.string.optional(),
  Order: query.string.optional(),
  ProjectName: query.string.required(),
  Sort: query.string.optional(),
  State: query.string.optional(),
  TagSelector: query.string.optional(),
};

// ---- Batches
export const CreateBatch = defineOperation(
  "imm",
  "CreateBatch",
  "not-idempotent",
  createParams,
  z.looseObject({ ...rid, Id: z.string() }),
);
export const GetBatch = defineOperation(
  "imm",
  "GetBatch",
  "idempotent",
  getParams,
  z.looseObject({ ...rid, Batch: m.dataIngestion }),
);
export const UpdateBatch = defineOperation(
  "imm",
  "UpdateBatch",
  "idempotent",
  updateParams,
  z.looseObject({ ...rid }),
);
export const DeleteBatch = defineOperation(
  "imm",
  "DeleteBatch",
  "idempotent",
  byId,
  z.looseObject({ ...rid }),
);
export const SuspendBatch = defineOperation(
  "imm",
  "SuspendBatch",
  "idempotent",
  byId,
  z.looseObject({ ...rid }),
);
export const ResumeBatch = defineOperation(
  "imm",
  "ResumeBatch",
  "idempotent",
  byId,
  z.looseObject({ ...rid }),
);
export const ListBatches = defineOperation(
  "imm",
  "ListBatches",
  "idempotent",
  listParams,
  z.looseObject({ ...rid, Batches: z.array(m.dataIngestion).optional(), NextToken: z.string().optional() }),
);

// ---- Triggers
export const CreateTrigger = defineOperation(
  "imm",
  "CreateTrigger",
  "not-idempotent",
  createParams,
  z.looseObject({ ...rid, Id: z.string() }),
);
export const GetTrigger = defineOperation(
  "imm",
  "GetTrigger",
  "idempotent",
  getParams,
  z.looseObject({ ...rid, Trigger: m.dataIngestion }),
);
export const UpdateTrigger = defineOperation(
  "imm",
  "UpdateTrigger",
  "idempotent",
  updateParams,
  z.looseObject({ ...rid }),
);
export const DeleteTrigger = defineOperation(
  "imm",
  "DeleteTrigger",
  "idempotent",
  byId,
  z.looseObject({ ...rid }),
);
export const SuspendTrigger = defineOperation(
  "imm",
  "SuspendTrigger",
  "idempotent",
  byId,
  z.looseObject({ ...rid }),
);
export const ResumeTrigger = defineOperation(
  "imm",
  "ResumeTrigger",
  "idempotent",
  byId,
  z.looseObject({ ...rid }),
);
export const ListTriggers = defineOperation(
  "imm",
  "ListTriggers",
  "idempotent",
  listParams,
  z.looseObject({ ...rid, Triggers: z.array(m.dataIngestion).optional(), NextToken: z.string().optional() }),
);
