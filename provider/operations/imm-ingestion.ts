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
// ---- Batches: body-only operations.
export const CreateBatch = defineOperation(
  "imm",
  "CreateBatch",
  "not-idempotent",
  {
    Actions: body.json<BatchActionParam[]>().required(),
    Input: body.json<BatchInputParam>().required(),
    Notification: body.json<{ MNS?: { TopicName: string } }>().optional(),
    ProjectName: body.string.required(),
    ServiceRole: body.string.required(),
    Tags: body.json<Record<string, unknown>>().optional(),
  },
  z.looseObject({ ...rid, Id: z.string() }),
);
export const GetBatch = defineOperation(
  "imm",
  "GetBatch",
  "idempotent",
  { Id: query.string.required(), ProjectName: query.string.required() },
  z.looseObject({ ...rid, Batch: m.dataIngestion }),
);
export const UpdateBatch = defineOperation(
  "imm",
  "UpdateBatch",
  "idempotent",
  {
    // The SDK's UpdateBatchRequestActions has no FastFailPolicy; Notification cannot be updated.
    Actions: body.json<Omit<BatchActionParam, "FastFailPolicy">[]>().optional(),
    Id: body.string.required(),
    Input: body.json<BatchInputParam>().optional(),
    ProjectName: body.string.required(),
    Tags: body.json<Record<string, unknown>>().optional(),
  },
  z.looseObject({ ...rid }),
);
const batchById = { Id: body.string.required(), ProjectName: body.string.required() };
export const DeleteBatch = defineOperation(
  "imm",
  "DeleteBatch",
  "idempotent",
  batchById,
  z.looseObject({ ...rid }),
);
export const SuspendBatch = defineOperation(
  "imm",
  "SuspendBatch",
  "idempotent",
  batchById,
  z.looseObject({ ...rid }),
);
export const ResumeBatch = defineOperation(
  "imm",
  "ResumeBatch",
  "idempotent",
  batchById,
  z.looseObject({ ...rid }),
);
export const ListBatches = defineOperation(
  "imm",
  "ListBatches",
  "idempotent",
  {
    MaxResults: query.integer.optional(),
    NextToken: query.string.optional(),
    Order: query.string.optional(),
    ProjectName: query.string.required(),
    Sort: query.string.optional(),
    State: query.string.optional(),
    TagSelector: query.string.optional(),
  },
  z.looseObject({ ...rid, Batches: z.array(m.dataIngestion).optional(), NextToken: z.string().optional() }),
);

// ---- Triggers: the batches' model; writes in the body, GetTrigger and ListTriggers in the query.
export const CreateTrigger = defineOperation(
  "imm",
  "CreateTrigger",
  "not-idempotent",
  {
    Actions: body.json<BatchActionParam[]>().required(),
    Input: body.json<BatchInputParam>().required(),
    Notification: body.json<{ MNS?: { TopicName: string } }>().optional(),
    ProjectName: body.string.required(),
    ServiceRole: body.string.required(),
    Tags: body.json<Record<string, unknown>>().optional(),
  },
  z.looseObject({ ...rid, Id: z.string() }),
);
export const GetTrigger = defineOperation(
  "imm",
  "GetTrigger",
  "idempotent",
  { Id: query.string.required(), ProjectName: query.string.required() },
  z.looseObject({ ...rid, Trigger: m.dataIngestion }),
);
export const UpdateTrigger = defineOperation(
  "imm",
  "UpdateTrigger",
  "idempotent",
  {
    // Like UpdateBatch: no FastFailPolicy in the actions, no Notification, no ServiceRole.
    Actions: body.json<Omit<BatchActionParam, "FastFailPolicy">[]>().optional(),
    Id: body.string.required(),
    Input: body.json<BatchInputParam>().optional(),
    ProjectName: body.string.required(),
    Tags: body.json<Record<string, unknown>>().optional(),
  },
  z.looseObject({ ...rid }),
);
export const DeleteTrigger = defineOperation(
  "imm",
  "DeleteTrigger",
  "idempotent",
  batchById,
  z.looseObject({ ...rid }),
);
export const SuspendTrigger = defineOperation(
  "imm",
  "SuspendTrigger",
  "idempotent",
  batchById,
  z.looseObject({ ...rid }),
);
export const ResumeTrigger = defineOperation(
  "imm",
  "ResumeTrigger",
  "idempotent",
  batchById,
  z.looseObject({ ...rid }),
);
export const ListTriggers = defineOperation(
  "imm",
  "ListTriggers",
  "idempotent",
  {
    MaxResults: query.integer.optional(),
    NextToken: query.string.optional(),
    Order: query.string.optional(),
    ProjectName: query.string.required(),
    Sort: query.string.optional(),
    State: query.string.optional(),
    TagSelector: query.string.optional(),
  },
  z.looseObject({ ...rid, Triggers: z.array(m.dataIngestion).optional(), NextToken: z.string().optional() }),
);
