import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

/** `ModelParams`: model switches, e.g. `{ AudioEnable: false }`. */
export type StoryboardModelParams = Record<string, unknown>;

/** `UserData`: `NotifyAddress` is the completion callback (an HTTP(S) URL or an MNS address). */
export interface StoryboardUserData {
  /** The completion callback: an HTTP(S) URL or an MNS address. */
  NotifyAddress?: string;
  [key: string]: unknown;
}

/**
 * SubmitYikeStoryboardJob's parameters in lowerCamelCase. A job is immutable: changing any of them
 * (or `triggers`) submits a new job. Value sets the API documents only by example are accepted as
 * given (the examples are quoted below).
 */
export interface StoryboardJobArgs {
  /** The source file in OSS, e.g. `https://bucket.oss-cn-shanghai.aliyuncs.com/novel.txt`. */
  fileUrl: pulumi.Input<string>;
  /** e.g. `Novel`. */
  sourceType?: pulumi.Input<string>;
  /** e.g. `firstPersonNarration`. */
  shotSplitMode?: pulumi.Input<string>;
  /** e.g. `multi`. */
  shotPromptMode?: pulumi.Input<string>;
  /** e.g. `RealisticPhotography`. */
  styleId?: pulumi.Input<string>;
  /** e.g. `sys_YoungGracefulWoman`. */
  narrationVoiceId?: pulumi.Input<string>;
  /** e.g. `wan2.6-r2v-flash`. */
  videoModel?: pulumi.Input<string>;
  /** e.g. `720P`, `1K`. */
  resolution?: pulumi.Input<string>;
  /** width:height, e.g. `16:9`. */
  aspectRatio?: pulumi.Input<string>;
  /** At most 128 bytes in UTF-8 (a CJK character takes 3). Default: the resource name plus a random suffix. */
  title?: pulumi.Input<string>;
  /** An object or a JSON string; compared by meaning, so formatting is never a change. */
  modelParams?: pulumi.Input<StoryboardModelParams | string>;
  /** An object or a JSON string. */
  userData?: pulumi.Input<StoryboardUserData | string>;
  /** `FullPipeline` (storyboards and shot videos) or `StoryboardOnly`. */
  execMode?: pulumi.Input<"FullPipeline" | "StoryboardOnly">;
  /** Skip shots that fail instead of failing their storyboard; the API's default is true. */
  skipFailureShot?: pulumi.Input<boolean>;
  /** Any value; when it changes, a new job is submitted (like pulumi-command's `triggers`). */
  triggers?: pulumi.Input<unknown>;
  /** How long create (and a later resume) waits for the job to finish; default 3600. Never a diff. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Default true: a job that ended Failed or with failed shots is resumed by the next `pulumi up`
   * (ResumeYikeStoryboardJob, only what failed is redone). false: it is kept as it is. Never a diff.
   */
  resumeOnFailure?: pulumi.Input<boolean>;
  /** Take over an existing job (e.g. one whose submit answer was lost) instead of submitting. Never a diff. */
  adoptJobId?: pulumi.Input<string>;
}

export interface StoryboardInfo {
  /** The storyboard's ID within the job. */
  storyboardId: string;
  /** The storyboard's title, as the job generated it. */
  title: string;
  /** e.g. `Produced`. */
  status: string;
  /** e.g. `ProduceSucc`. */
  subStatus: string;
}

export interface StoryboardFailedShot {
  /** The storyboard the shot belongs to. */
  storyboardId: string;
  /** The shot that failed within that storyboard. */
  shotId: string;
  /** e.g. `NoMediaData`. */
  errorCode: string;
}

export const STORYBOARD_JOB = defineResource({
  module: "ice",
  type: "StoryboardJob",
  outputs: [
    "fileUrl",
    "title",
    "jobId",
    "jobStatus",
    "outputUrl",
    "storyboards",
    "successfulStoryboardIds",
    "failedStoryboardIds",
    "failedShots",
    "incomplete",
  ],
});

/**
 * A Yike AI storyboard job (ICE 2020-11-09). Create submits it and waits until it finishes; a job
 * that fails is kept and resumed by the next `pulumi up`. ID: the JobId. See README "ice.StoryboardJob".
 */
export class StoryboardJob extends MediaResource {
  declare readonly fileUrl: pulumi.Output<string>;
  declare readonly title: pulumi.Output<string>;
  declare readonly jobId: pulumi.Output<string>;
  /** Running / Succeeded / Failed. */
  declare readonly jobStatus: pulumi.Output<string>;
  /** The downloadable OSS URL of the result; empty until the job succeeds. */
  declare readonly outputUrl: pulumi.Output<string>;
  declare readonly storyboards: pulumi.Output<StoryboardInfo[]>;
  declare readonly successfulStoryboardIds: pulumi.Output<string[]>;
  declare readonly failedStoryboardIds: pulumi.Output<string[]>;
  declare readonly failedShots: pulumi.Output<StoryboardFailedShot[]>;
  /** True while the next `pulumi up` has work to do: the job is still running, or failed and will be resumed. */
  declare readonly incomplete: pulumi.Output<boolean>;

  constructor(name: string, args: StoryboardJobArgs, opts?: pulumi.CustomResourceOptions) {
    super(STORYBOARD_JOB, name, args, opts);
  }
}
