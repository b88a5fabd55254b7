import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

/** `OutputMediaConfig`: where the render goes and its size. */
export interface OutputMediaConfig {
  /** For `oss-object`: the http(s) URL of the output object, e.g. `https://bucket.oss-cn-shanghai.aliyuncs.com/out.mp4`. */
  mediaUrl?: string;
  /** For `vod-media`: the VOD storage address. */
  storageLocation?: string;
  /** For `vod-media`: the output file name. */
  fileName?: string;
  /** Output width in pixels. */
  width?: number;
  /** Output height in pixels. */
  height?: number;
  /** Output bitrate in Kbit/s. */
  bitrate?: number;
}

/**
 * SubmitMediaProducingJob's parameters in lowerCamelCase. A render is immutable: changing any of them
 * (or `triggers`) submits a new render. Give exactly one of `projectId`, `timeline` and `templateId`.
 */
export interface MediaProducingJobArgs {
  /** The editing project to render (e.g. an `ice.EditingProject`'s `projectId`). */
  projectId?: pulumi.Input<string>;
  /** A timeline to render: an object or a JSON string (the API's JSON form), compared by meaning. */
  timeline?: pulumi.Input<Record<string, unknown> | string>;
  /** A template to render, filled by `clipsParam`. */
  templateId?: pulumi.Input<string>;
  /** With `templateId`: the template's clips, an object or a JSON string. */
  clipsParam?: pulumi.Input<Record<string, unknown> | string>;
  /** `oss-object` (default) or `vod-media`. */
  outputMediaTarget?: pulumi.Input<"oss-object" | "vod-media">;
  /** For `oss-object` a `mediaUrl`; for `vod-media` `storageLocation` and `fileName`; size and bitrate. */
  outputMediaConfig: pulumi.Input<OutputMediaConfig>;
  /** Production settings in the API's JSON form (an object or a JSON string). */
  editingProduceConfig?: pulumi.Input<Record<string, unknown> | string>;
  /** Metadata of the produced media in the API's JSON form (an object or a JSON string). */
  mediaMetadata?: pulumi.Input<Record<string, unknown> | string>;
  /** Custom data (a JSON object of at most 512 bytes); `NotifyAddress` is the completion callback. */
  userData?: pulumi.Input<Record<string, unknown> | string>;
  /** Any value; when it changes, a new render is submitted (like pulumi-command's `triggers`). */
  triggers?: pulumi.Input<unknown>;
  /** How long create waits for the render to finish; default 3600. Never a diff. */
  waitTimeoutSeconds?: pulumi.Input<number>;
}

export const MEDIA_PRODUCING_JOB = defineResource({
  module: "ice",
  type: "MediaProducingJob",
  outputs: [
    "jobId",
    "status",
    "progress",
    "mediaId",
    "mediaUrl",
    "vodMediaId",
    "duration",
    "errorCode",
    "errorMessage",
    "createTime",
    "completeTime",
    "incomplete",
  ],
});

/**
 * A render of an editing project, a timeline or a template (ICE 2020-11-09). Create submits it and
 * waits until it succeeds; a repeated or interrupted submit never renders twice. ID: the JobId.
 */
export class MediaProducingJob extends MediaResource {
  declare readonly jobId: pulumi.Output<string>;
  /** Init / Queuing / Processing / Success / Failed. */
  declare readonly status: pulumi.Output<string>;
  /** Percent done. */
  declare readonly progress: pulumi.Output<number>;
  declare readonly mediaId: pulumi.Output<string>;
  /** The rendered media's URL. */
  declare readonly mediaUrl: pulumi.Output<string>;
  /** The VOD media ID, for `vod-media`. */
  declare readonly vodMediaId: pulumi.Output<string>;
  /** Seconds of output. */
  declare readonly duration: pulumi.Output<number>;
  /** On failure: ICE's code. */
  declare readonly errorCode: pulumi.Output<string>;
  /** On failure: ICE's message. */
  declare readonly errorMessage: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly completeTime: pulumi.Output<string>;
  /** True until the render succeeded: the next `pulumi up` keeps waiting or reports the failure. */
  declare readonly incomplete: pulumi.Output<boolean>;

  constructor(name: string, args: MediaProducingJobArgs, opts?: pulumi.CustomResourceOptions) {
    super(MEDIA_PRODUCING_JOB, name, args, opts);
  }
}
