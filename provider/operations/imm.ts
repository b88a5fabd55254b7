/**
 * IMM 2020-09-30 operations: placement and encoding of every parameter exactly as the official
 * generated SDK sends them (checked against tests/fixtures/wire-reference.json). Wire names are the
 * table keys.
 */
import { z } from "zod";
import { defineOperation, query } from "./define";
import * as m from "./models";

export interface TagParam {
  Key: string;
  Value?: string;
}
export interface WorkflowParameterParam {
  Name: string;
  Value?: string;
}
export interface NotificationParam {
  ExtendedMessageURI?: string;
  MNS?: { TopicName: string };
  RocketMQ?: { InstanceId?: string; TopicName?: string };
}
export interface AddressParam {
  City?: string;
  Country?: string;
  District?: string;
  Province?: string;
  Township?: string;
}
export interface BatchInputParam {
  OSS: { Bucket: string; Prefix?: string; MatchExpressions?: string[] };
}
export interface BatchActionParam {
  Name: string;
  Parameters?: string[];
  FastFailPolicy?: { Action?: string };
}
export interface TimeRangeParam {
  Start?: string;
  End?: string;
}
export interface InputFileParam {
  URI: string;
  [field: string]: unknown;
}

const rid = m.withRequestId;

const projectFields = {
  DatasetMaxBindCount: query.integer.optional(),
  DatasetMaxEntityCount: query.integer.optional(),
  DatasetMaxFileCount: query.integer.optional(),
  DatasetMaxRelationCount: query.integer.optional(),
  DatasetMaxTotalFileSize: query.integer.optional(),
  Description: query.string.optional(),
  ProjectMaxDatasetCount: query.integer.optional(),
  ProjectName: query.string.required(),
  ServiceRole: query.string.optional(),
  Tag: query.json<TagParam[]>().optional(),
  TemplateId: query.string.optional(),
};

// ---- Projects
export const CreateProject = defineOperation(
  "imm",
  "CreateProject",
  "name-keyed",
  projectFields,
  z.looseObject({ ...rid, Project: m.project }),
);
export const GetProject = defineOperation(
  "imm",
  "GetProject",
  "idempotent",
  { ProjectName: query.string.required(), WithStatistics: query.boolean.optional() },
  z.looseObject({ ...rid, Project: m.project }),
);
export const UpdateProject = defineOperation(
  "imm",
  "UpdateProject",
  "idempotent",
  projectFields,
  z.looseObject({ ...rid, Project: m.project.optional() }),
);
export const DeleteProject = defineOperation(
  "imm",
  "DeleteProject",
  "idempotent",
  { ProjectName: query.string.required() },
  z.looseObject({ ...rid }),
);
export const ListProjects = defineOperation(
  "imm",
  "ListProjects",
  "idempotent",
  {
    MaxResults: query.integer.optional(),
    NextToken: query.string.optional(),
    Prefix: query.string.optional(),
    Tag: query.json<TagParam[]>().optional(),
  },
  z.looseObject({ ...rid, Projects: z.array(m.project).optional(), NextToken: z.string().optional() }),
);

// ---- Datasets
const datasetFields = {
  DatasetMaxBindCount: query.integer.optional(),
  DatasetMaxEntityCount: query.integer.optional(),
  DatasetMaxFileCount: query.integer.optional(),
  DatasetMaxRelationCount: query.integer.optional(),
  DatasetMaxTotalFileSize: query.integer.optional(),
  DatasetName: query.string.required(),
  Description: query.string.optional(),
  ProjectName: query.string.required(),
  TemplateId: query.string.optional(),
  WorkflowParameters: query.json<WorkflowParameterParam[]>().optional(),
};
export const CreateDataset = defineOperation(
  "imm",
  "CreateDataset",
  "name-keyed",
  datasetFields,
  z.looseObject({ ...rid, Dataset: m.dataset }),
);
export const GetDataset = defineOperation(
  "imm",
  "GetDataset",
  "idempotent",
  {
    DatasetName: query.string.required(),
    ProjectName: query.string.required(),
    WithStatistics: query.boolean.optional(),
  },
  z.looseObject({ ...rid, Dataset: m.dataset }),
);
export const UpdateDataset = defineOperation(
  "imm",
  "UpdateDataset",
  "idempotent",
  datasetFields,
  z.looseObject({ ...rid, Dataset: m.dataset.optional() }),
);
export const DeleteDataset = defineOperation(
  "imm",
  "DeleteDataset",
  "idempotent",
  { DatasetName: query.string.required(), ProjectName: query.string.required() },
  z.looseObject({ ...rid }),
);
export const ListDatasets = defineOperation(
  "imm",
  "ListDatasets",
  "idempotent",
  {
    MaxResults: query.integer.optional(),
    NextToken: query.string.optional(),
    Prefix: query.string.optional(),
    ProjectName: query.string.required(),
  },
  z.looseObject({ ...rid, Datasets: z.array(m.dataset).optional(), NextToken: z.string().optional() }),
);

export * from "./imm-stories";

export * from "./imm-ingestion";

// ---- OSS bucket attachments: a bucket is attached to at most one project, so it is the key.
export const AttachOSSBucket = defineOperation(
  "imm",
  "AttachOSSBucket",
  "name-keyed",
  {
    Description: query.string.optional(),
    OSSBucket: query.string.required(),
    ProjectName: query.string.required(),
  },
  z.looseObject({ ...rid }),
);
export const GetOSSBucketAttachment = defineOperation(
  "imm",
  "GetOSSBucketAttachment",
  "idempotent",
  { OSSBucket: query.string.required() },
  z.looseObject({
    ...rid,
    ProjectName: z.string(),
    Description: z.string().optional(),
    CreateTime: z.string().optional(),
    UpdateTime: z.string().optional(),
  }),
);
export const DetachOSSBucket = defineOperation(
  "imm",
  "DetachOSSBucket",
  "idempotent",
  { OSSBucket: query.string.required() },
  z.looseObject({ ...rid }),
);

// ---- Bindings and file indexing
const bindingKey = {
  DatasetName: query.string.optional(),
  ProjectName: query.string.required(),
};
export const CreateBinding = defineOperation(
  "imm",
  "CreateBinding",
  "name-keyed",
  { ...bindingKey, URI: query.string.required() },
  z.looseObject({ ...rid, Binding: m.binding }),
);
export const GetBinding = defineOperation(
  "imm",
  "GetBinding",
  "idempotent",
  { ...bindingKey, URI: query.string.optional() },
  z.looseObject({ ...rid, Binding: m.binding }),
);
export const ListBindings = defineOperation(
  "imm",
  "ListBindings",
  "idempotent",
  {
    ...bindingKey,
    MaxResults: query.integer.optional(),
    Name: query.string.optional(),
    NextToken: query.string.optional(),
  },
  z.looseObject({ ...rid, Bindings: z.array(m.binding).optional(), NextToken: z.string().optional() }),
);
export const DeleteBinding = defineOperation(
  "imm",
  "DeleteBinding",
  "idempotent",
  { ...bindingKey, URI: query.string.optional() },
  z.looseObject({ ...rid }),
);
export const IndexFileMeta = defineOperation(
  "imm",
  "IndexFileMeta",
  "idempotent",
  {
    DatasetName: query.string.required(),
    File: query.json<InputFileParam>().required(),
    Notification: query.json<NotificationParam>().optional(),
    ProjectName: query.string.required(),
    UserData: query.string.optional(),
  },
  z.looseObject({ ...rid, EventId: z.string().optional() }),
);
export const BatchIndexFileMeta = defineOperation(
  "imm",
  "BatchIndexFileMeta",
  "idempotent",
  {
    DatasetName: query.string.required(),
    Files: query.json<InputFileParam[]>().required(),
    Notification: query.json<NotificationParam>().optional(),
    ProjectName: query.string.required(),
    UserData: query.string.optional(),
  },
  z.looseObject({ ...rid, EventId: z.string().optional() }),
);
export const GetFileMeta = defineOperation(
  "imm",
  "GetFileMeta",
  "idempotent",
  {
    DatasetName: query.string.required(),
    ProjectName: query.string.required(),
    URI: query.string.required(),
    WithFields: query.json<string[]>().optional(),
  },
  z.looseObject({ ...rid, Files: z.array(m.file).optional() }),
);

// ---- Clearing a dataset (IMM API reference: SimpleQuery, BatchDeleteFileMeta; wire shapes from the
// official IMM SDKs' current generated clients, which send every parameter in the query, structures
// JSON-encoded).
export interface SimpleQueryNode {
  Field?: string;
  Value?: string;
  Operation?: string;
  SubQueries?: SimpleQueryNode[];
}

export const SimpleQuery = defineOperation(
  "imm",
  "SimpleQuery",
  "idempotent",
  {
    Aggregations: query.json<{ Field: string; Operation: string }[]>().optional(),
    DatasetName: query.string.required(),
    MaxResults: query.integer.optional(),
    NextToken: query.string.optional(),
    Order: query.string.optional(),
    ProjectName: query.string.required(),
    Query: query.json<SimpleQueryNode>().optional(),
    Sort: query.string.optional(),
    WithFields: query.json<string[]>().optional(),
    WithoutTotalHits: query.boolean.optional(),
  },
  z.looseObject({
    ...rid,
    Files: z.array(m.file).optional(),
    NextToken: z.string().optional(),
    TotalHits: z.number().optional(),
  }),
);
export const BatchDeleteFileMeta = defineOperation(
  "imm",
  "BatchDeleteFileMeta",
  "idempotent",
  {
    DatasetName: query.string.required(),
    ProjectName: query.string.required(),
    URIs: query.json<string[]>().required(),
  },
  z.looseObject({ ...rid }),
);
