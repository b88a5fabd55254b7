// ICE resources (EditingProject, StoryboardJob) land with their issue.
export {};
export { EditingProject, type EditingProjectArgs } from "./editing-project";
export {
  StoryboardJob,
  type StoryboardFailedShot,
  type StoryboardInfo,
  type StoryboardJobArgs,
} from "./storyboard-job";
