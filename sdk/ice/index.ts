/** ICE 2020-11-09 resources: online editing projects and Yike storyboard jobs. */
export { EditingProject, type EditingProjectArgs } from "./editing-project";
// Types used inside the Args, exported so programs can name them.
export type { BusinessConfig, Timeline } from "./editing-project";
export type { StoryboardModelParams, StoryboardUserData } from "./storyboard-job";
export {
  StoryboardJob,
  type StoryboardFailedShot,
  type StoryboardInfo,
  type StoryboardJobArgs,
} from "./storyboard-job";
export { MediaProducingJob, type MediaProducingJobArgs, type OutputMediaConfig } from "./media-producing-job";
export { Pipeline, type PipelineArgs } from "./pipeline";
export { Template, type TemplateArgs } from "./template";
export { CustomTemplate, type CustomTemplateArgs } from "./custom-template";
