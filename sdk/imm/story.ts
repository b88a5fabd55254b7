import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

/** Where a TravelMemory story's photos were taken (IMM `AddressForStory`). At least one field. */
export interface StoryAddress {
  /** City, e.g. `Hangzhou`. */
  city?: pulumi.Input<string>;
  /** Country, e.g. `China`. */
  country?: pulumi.Input<string>;
  /** District within the city. */
  district?: pulumi.Input<string>;
  /** Province or state. */
  province?: pulumi.Input<string>;
  /** Township or street within the district. */
  township?: pulumi.Input<string>;
}

/** Where IMM sends the generation task's completion message (IMM `Notification`). */
export interface StoryNotification {
  /** `oss://<bucket>/<key>`: where long messages are written. */
  extendedMessageUri?: pulumi.Input<string>;
  /** An MNS topic to publish the message to (`topicName` must not be empty). */
  mns?: pulumi.Input<{ topicName: pulumi.Input<string> }>;
  /** A RocketMQ instance and topic to publish the message to. */
  rocketMq?: pulumi.Input<{ instanceId?: pulumi.Input<string>; topicName?: pulumi.Input<string> }>;
}

export interface StoryArgs {
  /** The IMM project of the dataset. Changing it replaces the story. */
  projectName: pulumi.Input<string>;
  /** The dataset whose indexed photos the story is generated from. Changing it replaces the story. */
  datasetName: pulumi.Input<string>;
  /** TimeMemory, PeopleMemory, TagMemory or TravelMemory. Changing it regenerates the story. */
  storyType: pulumi.Input<"TimeMemory" | "PeopleMemory" | "TagMemory" | "TravelMemory">;
  /** PeopleMemory: Solo. TagMemory: Food, Pet, PetDog, PetCat, Scenery. Others: none. Regenerates. */
  storySubType?: pulumi.Input<string>;
  /** Updates in place. Left out, the service's name is kept without a diff. */
  storyName?: pulumi.Input<string>;
  /** RFC 3339, e.g. `2016-12-30T16:00:00Z`; before storyEndTime. Regenerates. */
  storyStartTime?: pulumi.Input<string>;
  /** RFC 3339, after storyStartTime. Regenerates. */
  storyEndTime?: pulumi.Input<string>;
  /** 2–1,499. Fewer matching photos give an empty story. Regenerates. */
  minFileCount?: pulumi.Input<number>;
  /** Greater than minFileCount, at most 1,500 (IMM's cap). Regenerates. */
  maxFileCount?: pulumi.Input<number>;
  /** TravelMemory only: the place the photos were taken. Regenerates. */
  address?: pulumi.Input<StoryAddress>;
  /** Your own identifier for the story. Updates in place. */
  customId?: pulumi.Input<string>;
  /** At most 100 labels. Updates in place. */
  customLabels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The cover, one of the dataset's indexed files. Updates in place; left out, IMM picks it. */
  cover?: pulumi.Input<{ uri: pulumi.Input<string> }>;
  /** Tags of the generation task (in its messages, and to find it). Used by the next generation. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** At most 2,048 bytes, echoed in the task's messages. Used by the next generation. */
  userData?: pulumi.Input<string>;
  /** Where IMM sends the generation task's completion message. Used by the next generation. */
  notification?: pulumi.Input<StoryNotification>;
  /** Legacy MNS topic for the task's message (prefer notification). */
  notifyTopicName?: pulumi.Input<string>;
  /**
   * The story's ID in the dataset. Default: derived from the resource name, its identity (organization, stack, URN) and the dataset (the
   * same on every run, so an interrupted `pulumi up` finds its own story). Changing it replaces.
   */
  objectId?: pulumi.Input<string>;
  /** How long an apply waits for the generation task; default 600. Never causes a diff. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Take over an existing story with this ObjectId. Without it, create takes over only a story under the
   * ObjectId derived for this resource that an interrupted apply created within the recovery window.
   */
  adopt?: pulumi.Input<boolean>;
}

export const STORY = defineResource({
  module: "imm",
  type: "Story",
  outputs: [
    "projectName",
    "datasetName",
    "objectId",
    "storyType",
    "storySubType",
    "storyName",
    "storyStartTime",
    "storyEndTime",
    "customId",
    "customLabels",
    "cover",
    "fileCount",
    "taskId",
    "incomplete",
    "createTime",
    "updateTime",
  ],
});

/**
 * An IMM story generated from a dataset's indexed photos (CreateStory, an asynchronous task that
 * `pulumi up` waits for). ID: `<project>/<dataset>/<objectId>`. See README "imm.Story".
 */
export class Story extends MediaResource {
  declare readonly projectName: pulumi.Output<string>;
  declare readonly datasetName: pulumi.Output<string>;
  declare readonly objectId: pulumi.Output<string>;
  declare readonly storyType: pulumi.Output<string>;
  declare readonly storySubType: pulumi.Output<string>;
  declare readonly storyName: pulumi.Output<string>;
  /** As the service reports it (its own RFC 3339 form); "" when not set. */
  declare readonly storyStartTime: pulumi.Output<string>;
  declare readonly storyEndTime: pulumi.Output<string>;
  declare readonly customId: pulumi.Output<string>;
  declare readonly customLabels: pulumi.Output<Record<string, string>>;
  /** null for an empty story. */
  declare readonly cover: pulumi.Output<{ uri: string } | null>;
  declare readonly fileCount: pulumi.Output<number>;
  /** The StoryCreation task of the last generation ("" for a story taken over as it was). */
  declare readonly taskId: pulumi.Output<string>;
  /** The last generation is still running or failed: the next `pulumi up` finishes or redoes it. */
  declare readonly incomplete: pulumi.Output<boolean>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly updateTime: pulumi.Output<string>;

  constructor(name: string, args: StoryArgs, opts?: pulumi.CustomResourceOptions) {
    // The identity (organization, URN) keeps the derived default apart from every other resource's.
    super(STORY, name, args, opts);
  }
}
