/**
 * Response models (zod). Every object is `looseObject`: the services add fields over time and an
 * unknown field must never break a deployment. Fields the provider relies on are required, so a
 * missing or mistyped one fails loudly with its path instead of surfacing later as `undefined`.
 */
import { z } from "zod";

const requestId = z.string();

export const projectTag = z.looseObject({ TagKey: z.string(), TagValue: z.string().optional() });

export const project = z.looseObject({
  ProjectName: z.string(),
  Description: z.string().optional(),
  ServiceRole: z.string().optional(),
  TemplateId: z.string().optional(),
  DatasetMaxBindCount: z.number().optional(),
  DatasetMaxEntityCount: z.number().optional(),
  DatasetMaxFileCount: z.number().optional(),
  DatasetMaxRelationCount: z.number().optional(),
  DatasetMaxTotalFileSize: z.number().optional(),
  ProjectMaxDatasetCount: z.number().optional(),
  ProjectQueriesPerSecond: z.number().optional(),
  EngineConcurrency: z.number().optional(),
  DatasetCount: z.number().optional(),
  FileCount: z.number().optional(),
  TotalFileSize: z.number().optional(),
  Tags: z.array(projectTag).optional(),
  CreateTime: z.string().optional(),
  UpdateTime: z.string().optional(),
});
export type Project = z.infer<typeof project>;

export const workflowParameter = z.looseObject({ Name: z.string(), Value: z.string().optional() });

export const dataset = z.looseObject({
  ProjectName: z.string(),
  DatasetName: z.string(),
  Description: z.string().optional(),
  TemplateId: z.string().optional(),
  DatasetMaxBindCount: z.number().optional(),
  DatasetMaxEntityCount: z.number().optional(),
  DatasetMaxFileCount: z.number().optional(),
  DatasetMaxRelationCount: z.number().optional(),
  DatasetMaxTotalFileSize: z.number().optional(),
  BindCount: z.number().optional(),
  FileCount: z.number().optional(),
  TotalFileSize: z.number().optional(),
  WorkflowParameters: z.array(workflowParameter).optional(),
  CreateTime: z.string().optional(),
  UpdateTime: z.string().optional(),
});
export type Dataset = z.infer<typeof dataset>;

export const binding = z.looseObject({
  ProjectName: z.string(),
  DatasetName: z.string(),
  URI: z.string(),
  State: z.string(),
  Phase: z.string().optional(),
  Reason: z.string().optional(),
  CreateTime: z.string().optional(),
  UpdateTime: z.string().optional(),
});
export type Binding = z.infer<typeof binding>;

export const address = z.looseObject({
  AddressLine: z.string().optional(),
  City: z.string().optional(),
  Country: z.string().optional(),
  District: z.string().optional(),
  Language: z.string().optional(),
  Province: z.string().optional(),
  Township: z.string().optional(),
});

/** The IMM `File` model has ~80 fields; only the ones the provider reads are typed. */
export const file = z.looseObject({
  URI: z.string().optional(),
  ObjectId: z.string().optional(),
  ObjectStatus: z.string().optional(),
  MediaType: z.string().optional(),
  ContentType: z.string().optional(),
  Size: z.number().optional(),
  ProduceTime: z.string().optional(),
  Addresses: z.array(address).optional(),
  Reason: z.string().optional(),
});
export type File = z.infer<typeof file>;

export const story = z.looseObject({
  ProjectName: z.string().optional(),
  DatasetName: z.string().optional(),
  ObjectId: z.string(),
  ObjectType: z.string().optional(),
  StoryName: z.string().optional(),
  StoryType: z.string().optional(),
  StorySubType: z.string().optional(),
  StoryStartTime: z.string().optional(),
  StoryEndTime: z.string().optional(),
  CustomId: z.string().optional(),
  CustomLabels: z.record(z.string(), z.unknown()).optional(),
  Addresses: z.array(address).optional(),
  Cover: file.optional(),
  Files: z.array(file).optional(),
  FigureClusterIds: z.array(z.string()).optional(),
  OwnerId: z.string().optional(),
  CreateTime: z.string().optional(),
  UpdateTime: z.string().optional(),
});
export type Story = z.infer<typeof story>;

export const taskStatus = z.string(); // Running / Succeeded / Failed (kept open: new states must not break reads)

export const taskInfo = z.looseObject({
  TaskId: z.string(),
  TaskType: z.string().optional(),
  Status: taskStatus,
  Code: z.string().optional(),
  Message: z.string().optional(),
  Progress: z.number().optional(),
  StartTime: z.string().optional(),
  EndTime: z.string().optional(),
  Tags: z.record(z.string(), z.unknown()).optional(),
  UserData: z.string().optional(),
  TaskRequestDefinition: z.string().optional(),
});
export type TaskInfo = z.infer<typeof taskInfo>;

export const fastFailPolicy = z.looseObject({ Action: z.string().optional() });

export const batchAction = z.looseObject({
  Name: z.string(),
  Parameters: z.array(z.string()).optional(),
  FastFailPolicy: fastFailPolicy.optional(),
});

export const batchInput = z.looseObject({
  OSS: z
    .looseObject({
      Bucket: z.string(),
      Prefix: z.string().optional(),
      MatchExpressions: z.array(z.string()).optional(),
    })
    .optional(),
});

export const mns = z.looseObject({ TopicName: z.string() });
export const rocketMq = z.looseObject({
  InstanceId: z.string().optional(),
  TopicName: z.string().optional(),
});

export const dataIngestion = z.looseObject({
  Id: z.string(),
  State: z.string(),
  Phase: z.string().optional(),
  Error: z.string().optional(),
  Actions: z.array(batchAction).optional(),
  Input: batchInput.optional(),
  Notification: z
    .looseObject({
      Endpoint: z.string().optional(),
      Topic: z.string().optional(),
      MNS: mns.optional(),
      RocketMQ: rocketMq.optional(),
    })
    .optional(),
  ServiceRole: z.string().optional(),
  Statistic: z
    .looseObject({
      SkipFiles: z.number().optional(),
      SubmitFailure: z.number().optional(),
      SubmitSuccess: z.number().optional(),
    })
    .optional(),
  Tags: z.record(z.string(), z.unknown()).optional(),
  Marker: z.string().optional(),
  CreateTime: z.string().optional(),
  UpdateTime: z.string().optional(),
});
export type DataIngestion = z.infer<typeof dataIngestion>;

const editingProjectCommon = {
  ProjectId: z.string(),
  Title: z.string().optional(),
  Description: z.string().optional(),
  Timeline: z.string().optional(),
  CoverURL: z.string().optional(),
  TemplateId: z.string().optional(),
  TemplateType: z.string().optional(),
  ClipsParam: z.string().optional(),
  BusinessConfig: z.string().optional(),
  BusinessStatus: z.string().optional(),
  ProjectType: z.string().optional(),
  Duration: z.number().optional(),
  CreateSource: z.string().optional(),
  ModifiedSource: z.string().optional(),
  CreateTime: z.string().optional(),
  ModifiedTime: z.string().optional(),
};

/** CreateEditingProject returns Status as a number (1 Draft … 7 Deleted) plus StatusName. */
export const createdEditingProject = z.looseObject({
  ...editingProjectCommon,
  Status: z.number().optional(),
  StatusName: z.string().optional(),
});

/** GetEditingProject returns Status as a string. */
export const editingProject = z.looseObject({
  ...editingProjectCommon,
  Status: z.string().optional(),
  TimelineConvertStatus: z.string().optional(),
  TimelineConvertErrorMessage: z.string().optional(),
});
export type EditingProject = z.infer<typeof editingProject>;

export const editingProjectListItem = z.looseObject({
  ...editingProjectCommon,
  Status: z.string().optional(),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

export const yikeJobParams = z.looseObject({
  AspectRatio: z.string().optional(),
  FileURL: z.string().optional(),
  ModelParams: z.string().optional(),
  NarrationVoiceId: z.string().optional(),
  Resolution: z.string().optional(),
  ShotPromptMode: z.string().optional(),
  ShotSplitMode: z.string().optional(),
  SourceType: z.string().optional(),
  StyleId: z.string().optional(),
  Title: z.string().optional(),
  VideoModel: z.string().optional(),
});

/** Several JobResult fields are JSON (or comma-separated lists) encoded inside strings. */
export const yikeJobResult = z.looseObject({
  ExceptionStoryboardIds: z.string().optional(),
  FailureShotList: z.string().optional(),
  OutputUrl: z.string().optional(),
  StoryboardInfoList: z.string().optional(),
  SuccessStoryboardIds: z.string().optional(),
  SuccessStoryboardList: z.string().optional(),
});

/** GetMediaProducingJob's job (ICE API reference: GetMediaProducingJob). */
export const mediaProducingJob = z.looseObject({
  JobId: z.string(),
  Status: z.string(),
  ProjectId: z.string().optional(),
  TemplateId: z.string().optional(),
  MediaId: z.string().optional(),
  MediaURL: z.string().optional(),
  VodMediaId: z.string().optional(),
  Duration: z.number().optional(),
  Progress: z.number().optional(),
  Code: z.string().optional(),
  Message: z.string().optional(),
  CreateTime: z.string().optional(),
  CompleteTime: z.string().optional(),
});

/** An MPS pipeline (ICE API reference: CreatePipeline, GetPipeline). */
export const pipeline = z.looseObject({
  PipelineId: z.string(),
  Name: z.string().optional(),
  Priority: z.number().optional(),
  Speed: z.string().optional(),
  Status: z.string().optional(),
  CreateTime: z.string().optional(),
  ModifiedTime: z.string().optional(),
});

/** An editing template as GetTemplate answers it (ICE API reference: GetTemplate): `CoverURL`. */
export const template = z.looseObject({
  TemplateId: z.string(),
  Name: z.string().optional(),
  Type: z.string().optional(),
  Config: z.string().optional(),
  CoverURL: z.string().optional(),
  PreviewMedia: z.string().optional(),
  PreviewMediaStatus: z.string().optional(),
  Status: z.string().optional(),
  CreateSource: z.string().optional(),
  ModifiedSource: z.string().optional(),
  CreationTime: z.string().optional(),
  ModifiedTime: z.string().optional(),
  ClipsParam: z.string().optional(),
});
/** AddTemplate's answer spells the cover `CoverUrl` (ICE API reference: AddTemplate). */
export const addedTemplate = template.extend({ CoverUrl: z.string().optional() });

/** A custom template as GetCustomTemplate answers it: Subtype a number, SubtypeName beside it. */
export const customTemplate = z.looseObject({
  TemplateId: z.string(),
  TemplateName: z.string().optional(),
  Type: z.number().optional(),
  TypeName: z.string().optional(),
  Subtype: z.number().optional(),
  SubtypeName: z.string().optional(),
  TemplateConfig: z.string().optional(),
  Status: z.string().optional(),
  IsDefault: z.boolean().optional(),
  CreateTime: z.string().optional(),
  ModifiedTime: z.string().optional(),
});
/** CreateCustomTemplate answers Subtype as its name (a string) instead. */
export const createdCustomTemplate = customTemplate.extend({ Subtype: z.string().optional() });

export const withRequestId = { RequestId: requestId };
