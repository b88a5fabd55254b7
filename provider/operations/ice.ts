/**
 * ICE 2020-11-09 operations (ICE API reference). The JSON-bearing ICE parameters (Timeline, ClipsParam,
 * MaterialMaps, BusinessConfig, ModelParams, UserData) are plain strings in the SDK, not shrunk
 * structures: the caller serialises them, the table sends them verbatim.
 */
import { z } from "zod";
import { body, defineOperation, query } from "./define";
import * as m from "./models";

const rid = m.withRequestId;
/** The answer of ICE's writes that return nothing but a success flag. */
const successResponse = z.looseObject({ ...rid, Success: z.boolean().optional() });

// ---- Editing projects
export const CreateEditingProject = defineOperation(
  "ice",
  "CreateEditingProject",
  "not-idempotent",
  {
    BusinessConfig: query.string.optional(),
    ClipsParam: query.string.optional(),
    CoverURL: query.string.optional(),
    Description: query.string.optional(),
    MaterialMaps: query.string.optional(),
    ProjectType: query.string.optional(),
    TemplateId: query.string.optional(),
    TemplateType: query.string.optional(),
    // The only body parameter: timelines can be large.
    Timeline: body.string.optional(),
    Title: query.string.required(),
  },
  z.looseObject({ ...rid, Project: m.createdEditingProject }),
);
export const GetEditingProject = defineOperation(
  "ice",
  "GetEditingProject",
  "idempotent",
  { ProjectId: query.string.required(), RequestSource: query.string.optional() },
  z.looseObject({ ...rid, Project: m.editingProject }),
);
export const UpdateEditingProject = defineOperation(
  "ice",
  "UpdateEditingProject",
  "idempotent",
  {
    BusinessStatus: query.string.optional(),
    ClipsParam: query.string.optional(),
    CoverURL: query.string.optional(),
    Description: query.string.optional(),
    ProjectId: query.string.required(),
    TemplateId: query.string.optional(),
    Timeline: body.string.optional(),
    Title: query.string.optional(),
  },
  z.looseObject({ ...rid }),
);
export const DeleteEditingProjects = defineOperation(
  "ice",
  "DeleteEditingProjects",
  "idempotent",
  // One comma-separated string, not an array (the SDK types it as a string).
  { ProjectIds: query.string.optional() },
  z.looseObject({ ...rid }),
);
export const SearchEditingProject = defineOperation(
  "ice",
  "SearchEditingProject",
  "idempotent",
  {
    CreateSource: query.string.optional(),
    EndTime: query.string.optional(),
    PageNo: query.integer.optional(),
    PageSize: query.integer.optional(),
    ProjectType: query.string.optional(),
    SortBy: query.string.optional(),
    StartTime: query.string.optional(),
    Status: query.string.optional(),
    TemplateType: query.string.optional(),
  },
  z.looseObject({
    ...rid,
    ProjectList: z.array(m.editingProjectListItem).optional(),
    MaxResults: z.number().optional(),
    NextToken: z.string().nullable().optional(),
    TotalCount: z.number().optional(),
  }),
);

// ---- Yike storyboard jobs
export const SubmitYikeStoryboardJob = defineOperation(
  "ice",
  "SubmitYikeStoryboardJob",
  "not-idempotent",
  {
    AspectRatio: query.string.optional(),
    ExecMode: query.string.optional(),
    FileURL: body.string.optional(),
    ModelParams: query.string.optional(),
    NarrationVoiceId: query.string.optional(),
    Resolution: query.string.optional(),
    ShotPromptMode: query.string.optional(),
    ShotSplitMode: body.string.optional(),
    SkipFailureShot: query.boolean.optional(),
    SourceType: body.string.optional(),
    StyleId: body.string.optional(),
    Title: query.string.optional(),
    UserData: query.string.optional(),
    VideoModel: query.string.optional(),
  },
  z.looseObject({ ...rid, JobId: z.string() }),
);
export const GetYikeStoryboardJob = defineOperation(
  "ice",
  "GetYikeStoryboardJob",
  "idempotent",
  { JobId: query.string.required() },
  z.looseObject({
    ...rid,
    JobId: z.string(),
    JobStatus: z.string(),
    JobParams: m.yikeJobParams.optional(),
    JobResult: m.yikeJobResult.optional(),
  }),
);
export const ResumeYikeStoryboardJob = defineOperation(
  "ice",
  "ResumeYikeStoryboardJob",
  // Resuming a job that is already running again is harmless.
  "idempotent",
  { JobId: query.string.required() },
  z.looseObject({ ...rid, JobId: z.string().optional() }),
);

// ---- Media producing jobs (renders)
export const SubmitMediaProducingJob = defineOperation(
  "ice",
  "SubmitMediaProducingJob",
  // The provider always sends a ClientToken, with which ICE answers a repeated submit with the
  // job of the first one: repeating it after a lost answer cannot render twice.
  "idempotent",
  {
    ClientToken: query.string.optional(),
    ClipsParam: query.string.optional(),
    EditingProduceConfig: query.string.optional(),
    MediaMetadata: query.string.optional(),
    OutputMediaConfig: query.string.required(),
    OutputMediaTarget: query.string.optional(),
    ProjectId: query.string.optional(),
    ProjectMetadata: query.string.optional(),
    Source: query.string.optional(),
    TemplateId: query.string.optional(),
    // Timelines can be large: the SDK sends this one in the body.
    Timeline: body.string.optional(),
    UserData: query.string.optional(),
  },
  z.looseObject({
    ...rid,
    JobId: z.string(),
    MediaId: z.string().optional(),
    ProjectId: z.string().optional(),
    VodMediaId: z.string().optional(),
  }),
);
export const GetMediaProducingJob = defineOperation(
  "ice",
  "GetMediaProducingJob",
  "idempotent",
  { JobId: query.string.optional() },
  z.looseObject({ ...rid, MediaProducingJob: m.mediaProducingJob }),
);

// ---- MPS pipelines
export const CreatePipeline = defineOperation(
  "ice",
  "CreatePipeline",
  // A pipeline has no client-chosen key: a blind repeat would make a second one.
  "not-idempotent",
  { Name: query.string.required(), Priority: query.integer.optional(), Speed: query.string.required() },
  z.looseObject({ ...rid, Pipeline: m.pipeline }),
);
export const GetPipeline = defineOperation(
  "ice",
  "GetPipeline",
  "idempotent",
  { PipelineId: query.string.required() },
  z.looseObject({ ...rid, Pipeline: m.pipeline }),
);
export const UpdatePipeline = defineOperation(
  "ice",
  "UpdatePipeline",
  "idempotent",
  {
    Name: query.string.optional(),
    PipelineId: query.string.required(),
    Priority: query.integer.optional(),
    Status: query.string.optional(),
  },
  successResponse,
);
export const DeletePipeline = defineOperation(
  "ice",
  "DeletePipeline",
  "idempotent",
  { PipelineId: query.string.required() },
  successResponse,
);

// ---- Editing templates
export const AddTemplate = defineOperation(
  "ice",
  "AddTemplate",
  // The ID is minted by the service and there is no client token: a blind repeat adds a second one.
  "not-idempotent",
  {
    // Configs can be large: the SDK sends this one in the body.
    Config: body.string.optional(),
    CoverUrl: query.string.optional(),
    Name: query.string.optional(),
    PreviewMedia: query.string.optional(),
    RelatedMediaids: query.string.optional(),
    Source: query.string.optional(),
    Status: query.string.optional(),
    Type: query.string.optional(),
  },
  z.looseObject({ ...rid, Template: m.addedTemplate }),
);
export const GetTemplate = defineOperation(
  "ice",
  "GetTemplate",
  "idempotent",
  { RelatedMediaidFlag: query.string.optional(), TemplateId: query.string.optional() },
  z.looseObject({ ...rid, Template: m.template }),
);
export const UpdateTemplate = defineOperation(
  "ice",
  "UpdateTemplate",
  "idempotent",
  {
    Config: body.string.optional(),
    CoverUrl: query.string.optional(),
    Name: query.string.optional(),
    PreviewMedia: query.string.optional(),
    RelatedMediaids: query.string.optional(),
    Source: query.string.optional(),
    Status: query.string.optional(),
    TemplateId: query.string.optional(),
  },
  z.looseObject({ ...rid }),
);
export const DeleteTemplate = defineOperation(
  "ice",
  "DeleteTemplate",
  "idempotent",
  // One comma-separated string of IDs.
  { TemplateIds: query.string.optional() },
  z.looseObject({ ...rid }),
  // The SDK sends this one operation as a GET.
  "GET",
);

// ---- Custom media processing templates
export const CreateCustomTemplate = defineOperation(
  "ice",
  "CreateCustomTemplate",
  "not-idempotent",
  {
    Name: query.string.required(),
    Subtype: query.integer.optional(),
    TemplateConfig: query.string.required(),
    Type: query.integer.required(),
  },
  z.looseObject({ ...rid, CustomTemplate: m.createdCustomTemplate }),
);
export const GetCustomTemplate = defineOperation(
  "ice",
  "GetCustomTemplate",
  "idempotent",
  { Subtype: query.integer.optional(), TemplateId: query.string.optional(), Type: query.integer.optional() },
  z.looseObject({ ...rid, CustomTemplate: m.customTemplate }),
);
export const UpdateCustomTemplate = defineOperation(
  "ice",
  "UpdateCustomTemplate",
  "idempotent",
  {
    Name: query.string.optional(),
    TemplateConfig: query.string.optional(),
    TemplateId: query.string.required(),
  },
  successResponse,
);
export const DeleteCustomTemplate = defineOperation(
  "ice",
  "DeleteCustomTemplate",
  "idempotent",
  { TemplateId: query.string.required() },
  successResponse,
);
export const SetDefaultCustomTemplate = defineOperation(
  "ice",
  "SetDefaultCustomTemplate",
  "idempotent",
  { TemplateId: query.string.required() },
  successResponse,
);
