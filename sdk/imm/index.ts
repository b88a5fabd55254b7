export { Batch, type BatchArgs } from "./batch";
export { Binding, type BindingArgs } from "./binding";
export { Dataset, type DatasetArgs } from "./dataset";
export { OssBucketAttachment, type OssBucketAttachmentArgs } from "./oss-bucket-attachment";
export { Project, type ProjectArgs } from "./project";
export { Story, type StoryArgs } from "./story";
export { Trigger, type TriggerArgs } from "./trigger";
// Types used inside the Args above, exported so programs can name them.
export type { BatchAction, BatchInputOss } from "./batch";
export type { StoryAddress, StoryNotification } from "./story";
