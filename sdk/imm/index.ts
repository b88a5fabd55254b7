export { Batch, type BatchArgs } from "./batch";
export { Binding, type BindingArgs } from "./binding";
export { Dataset, type DatasetArgs } from "./dataset";
export { Project, type ProjectArgs } from "./project";
export { Story, type StoryArgs } from "./story";
