// ICE resources (EditingProject, StoryboardJob) land with their issue.
export {};
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
