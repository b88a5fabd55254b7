/**
 * Compile-time checks that each program-side class says what its provider spec says, so the two
 * cannot drift apart unnoticed: `npm run build` fails on a mismatch. For every resource:
 * - its Args declare exactly the schema's fields, and every value the Args accept has a type the
 *   schema accepts (the auto-named field may be left out);
 * - every output `observe` returns is in the definition's output list, every listed output is
 *   observed or an input kept in the state, the class declares each listed output, and an observed
 *   value fits the declared output's type.
 * Type-only: nothing here exists at run time.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { editingProjectSchema, EditingProjectOutputs } from "../provider/ice/editing-project";
import type { JobOutputs, storyboardJobSchema } from "../provider/ice/storyboard-job";
import type { pipelineSchema, PipelineOutputs } from "../provider/ice/pipeline";
import type { templateSchema, TemplateOutputs } from "../provider/ice/template";
import type { customTemplateSchema, CustomTemplateOutputs } from "../provider/ice/custom-template";
import type { mediaProducingJobSchema, MediaProducingJobOutputs } from "../provider/ice/media-producing-job";
import type { batchSchema, BatchOutputs } from "../provider/imm/batch-model";
import type { bindingSchema, BindingOutputs } from "../provider/imm/binding";
import type { datasetSchema, DatasetOutputs } from "../provider/imm/dataset";
import type { projectSchema, ProjectOutputs } from "../provider/imm/project";
import type { storySchema, StoryOutputs } from "../provider/imm/story-model";
import type { triggerSchema, TriggerOutputs } from "../provider/imm/trigger";
import type {
  ossBucketAttachmentSchema,
  OssBucketAttachmentOutputs,
} from "../provider/imm/oss-bucket-attachment";
import type { EditingProject, EditingProjectArgs, EDITING_PROJECT } from "./ice/editing-project";
import type { StoryboardJob, StoryboardJobArgs, STORYBOARD_JOB } from "./ice/storyboard-job";
import type { Pipeline, PipelineArgs, PIPELINE } from "./ice/pipeline";
import type { Template, TemplateArgs, TEMPLATE } from "./ice/template";
import type { CustomTemplate, CustomTemplateArgs, CUSTOM_TEMPLATE } from "./ice/custom-template";
import type {
  MediaProducingJob,
  MediaProducingJobArgs,
  MEDIA_PRODUCING_JOB,
} from "./ice/media-producing-job";
import type { Batch, BatchArgs, BATCH } from "./imm/batch";
import type { Binding, BindingArgs, BINDING } from "./imm/binding";
import type { Dataset, DatasetArgs, DATASET } from "./imm/dataset";
import type { Project, ProjectArgs, PROJECT } from "./imm/project";
import type { Story, StoryArgs, STORY } from "./imm/story";
import type { Trigger, TriggerArgs, TRIGGER } from "./imm/trigger";
import type {
  OssBucketAttachment,
  OssBucketAttachmentArgs,
  OSS_BUCKET_ATTACHMENT,
} from "./imm/oss-bucket-attachment";

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;

/** The program may leave out the auto-named field: check fills it in before the schema runs. */
type Declarable<In, AutoNamed extends keyof In> = Omit<In, AutoNamed> & Partial<Pick<In, AutoNamed>>;

type ArgsMatch<Args, Schema extends z.ZodType, AutoNamed extends keyof z.input<Schema> = never> =
  Same<keyof Args, keyof z.input<Schema>> extends true
    ? pulumi.Unwrap<Args> extends Declarable<z.input<Schema>, AutoNamed>
      ? true
      : false
    : false;

/** Observed values whose type the provider cannot state (JSON kept as declared) are not compared. */
type Fits<Observed, Declared> = unknown extends Observed
  ? true
  : NonNullable<Observed> extends NonNullable<Declared>
    ? true
    : false;

type OutputsMatch<Listed extends string, Observed, Args, Class> = [
  Exclude<keyof Observed, Listed>,
  Exclude<Listed, keyof Observed | keyof Args>,
  Exclude<Listed, keyof Class>,
] extends [never, never, never]
  ? false extends {
      [K in Listed & keyof Observed & keyof Class]: Fits<Observed[K], pulumi.Unwrap<Class[K]>>;
    }[Listed & keyof Observed & keyof Class]
    ? false
    : true
  : false;

type Listed<Definition> = Definition extends { outputs: readonly (infer K extends string)[] } ? K : never;

export type SpecChecks = [
  Holds<ArgsMatch<ProjectArgs, typeof projectSchema, "projectName">>,
  Holds<ArgsMatch<DatasetArgs, typeof datasetSchema, "datasetName">>,
  Holds<ArgsMatch<BindingArgs, typeof bindingSchema>>,
  Holds<ArgsMatch<StoryArgs, typeof storySchema>>,
  Holds<ArgsMatch<BatchArgs, typeof batchSchema>>,
  Holds<ArgsMatch<EditingProjectArgs, typeof editingProjectSchema, "title">>,
  Holds<ArgsMatch<StoryboardJobArgs, typeof storyboardJobSchema>>,
  Holds<OutputsMatch<Listed<typeof PROJECT>, ProjectOutputs, ProjectArgs, Project>>,
  Holds<OutputsMatch<Listed<typeof DATASET>, DatasetOutputs, DatasetArgs, Dataset>>,
  Holds<OutputsMatch<Listed<typeof BINDING>, BindingOutputs, BindingArgs, Binding>>,
  Holds<OutputsMatch<Listed<typeof STORY>, StoryOutputs, StoryArgs, Story>>,
  Holds<OutputsMatch<Listed<typeof BATCH>, BatchOutputs, BatchArgs, Batch>>,
  Holds<ArgsMatch<TriggerArgs, typeof triggerSchema>>,
  Holds<OutputsMatch<Listed<typeof TRIGGER>, TriggerOutputs, TriggerArgs, Trigger>>,
  Holds<ArgsMatch<OssBucketAttachmentArgs, typeof ossBucketAttachmentSchema>>,
  Holds<
    OutputsMatch<
      Listed<typeof OSS_BUCKET_ATTACHMENT>,
      OssBucketAttachmentOutputs,
      OssBucketAttachmentArgs,
      OssBucketAttachment
    >
  >,
  Holds<
    OutputsMatch<Listed<typeof EDITING_PROJECT>, EditingProjectOutputs, EditingProjectArgs, EditingProject>
  >,
  Holds<OutputsMatch<Listed<typeof STORYBOARD_JOB>, JobOutputs, StoryboardJobArgs, StoryboardJob>>,
  Holds<ArgsMatch<MediaProducingJobArgs, typeof mediaProducingJobSchema>>,
  Holds<ArgsMatch<PipelineArgs, typeof pipelineSchema, "name">>,
  Holds<OutputsMatch<Listed<typeof PIPELINE>, PipelineOutputs, PipelineArgs, Pipeline>>,
  Holds<ArgsMatch<TemplateArgs, typeof templateSchema, "name">>,
  Holds<OutputsMatch<Listed<typeof TEMPLATE>, TemplateOutputs, TemplateArgs, Template>>,
  Holds<ArgsMatch<CustomTemplateArgs, typeof customTemplateSchema, "name">>,
  Holds<
    OutputsMatch<Listed<typeof CUSTOM_TEMPLATE>, CustomTemplateOutputs, CustomTemplateArgs, CustomTemplate>
  >,
  Holds<
    OutputsMatch<
      Listed<typeof MEDIA_PRODUCING_JOB>,
      MediaProducingJobOutputs,
      MediaProducingJobArgs,
      MediaProducingJob
    >
  >,
];
