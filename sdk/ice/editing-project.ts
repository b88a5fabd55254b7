import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

/**
 * A timeline (ICE timeline JSON, PascalCase keys as the service documents them). Only the common
 * top-level tracks are spelled out; any other key is passed through unchanged.
 */
export interface Timeline {
  /** Video tracks, each with its `VideoTrackClips` (media, in/out points, effects). */
  VideoTracks?: { VideoTrackClips?: Record<string, unknown>[]; [key: string]: unknown }[];
  /** Audio tracks, each with its `AudioTrackClips`. */
  AudioTracks?: { AudioTrackClips?: Record<string, unknown>[]; [key: string]: unknown }[];
  /** Image tracks, each with its `ImageTrackClips`. */
  ImageTracks?: { ImageTrackClips?: Record<string, unknown>[]; [key: string]: unknown }[];
  /** Subtitle tracks, each with its `SubtitleTrackClips`. */
  SubtitleTracks?: { SubtitleTrackClips?: Record<string, unknown>[]; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** Business configuration of a live editing project (ICE API reference: CreateEditingProject). */
export interface BusinessConfig {
  /** Where a live editing project writes its output. */
  OutputMediaConfig?: {
    /** Required for a LiveEditingProject, e.g. `test-bucket.oss-cn-shanghai.aliyuncs.com`. */
    StorageLocation: string;
    /** Default: the bucket root. Ignored when OutputMediaTarget is `vod-media`. */
    Path?: string;
    [key: string]: unknown;
  };
  /** Default `oss-object`. */
  OutputMediaTarget?: "vod-media" | "oss-object";
  /** UTC, e.g. `2021-06-21T08:05:00Z`. */
  ReservationTime?: string;
  [key: string]: unknown;
}

/** A JSON parameter: a typed object, or the same thing as JSON text. Compared by meaning. */
type Json<T> = T | string;

export interface EditingProjectArgs {
  /**
   * Default: the resource name plus a short hash of the Pulumi project, stack and resource name (the
   * same on every run, so an interrupted `pulumi up` finds the project it created). Updates in place.
   */
  title?: pulumi.Input<string>;
  /** Free text describing the project. Updates in place; left out, the description is empty. */
  description?: pulumi.Input<string>;
  /** Mutually exclusive with templateId. Updates in place. */
  timeline?: pulumi.Input<Json<Timeline>>;
  /** http(s) URL of the thumbnail. */
  coverUrl?: pulumi.Input<string>;
  /** Builds the timeline from a template; requires clipsParam; exclusive with timeline. */
  templateId?: pulumi.Input<string>;
  /** The template's material parameters (required with templateId). */
  clipsParam?: pulumi.Input<Json<Record<string, unknown>>>;
  /** `Timeline` (default) or `VETemplate`. Changing it replaces the project. */
  templateType?: pulumi.Input<"Timeline" | "VETemplate">;
  /** Material type → comma-separated IDs, at most 10 per type (e.g. `{ video: "id1,id2" }`).
   * Not readable or updatable through the API: a change replaces the project. */
  materialMaps?: pulumi.Input<Json<Record<string, string>>>;
  /** Required (with OutputMediaConfig.StorageLocation) for a LiveEditingProject. Changing it replaces. */
  businessConfig?: pulumi.Input<Json<BusinessConfig>>;
  /** `EditingProject` (default) or `LiveEditingProject`. Changing it replaces the project. */
  projectType?: pulumi.Input<"EditingProject" | "LiveEditingProject">;
  /** Take over an existing project with this title (must be the only one) instead of creating one. */
  adopt?: pulumi.Input<boolean>;
}

export const EDITING_PROJECT = defineResource({
  module: "ice",
  type: "EditingProject",
  outputs: [
    "projectId",
    "title",
    "description",
    "timeline",
    "coverUrl",
    "templateId",
    "clipsParam",
    "templateType",
    "materialMaps",
    "businessConfig",
    "projectType",
    "status",
    "statusName",
    "businessStatus",
    "duration",
    "createTime",
    "modifiedTime",
    "createSource",
    "modifiedSource",
    "errorCode",
    "errorMessage",
  ],
});

/** An ICE cloud editing project (API 2020-11-09). See README "ice.EditingProject". */
export class EditingProject extends MediaResource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly title: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  /** As declared while the service's copy means the same; null for none (or a template project). */
  declare readonly timeline: pulumi.Output<Json<Timeline> | null>;
  declare readonly coverUrl: pulumi.Output<string>;
  declare readonly templateId: pulumi.Output<string>;
  declare readonly clipsParam: pulumi.Output<Json<Record<string, unknown>> | null>;
  declare readonly templateType: pulumi.Output<string>;
  declare readonly materialMaps: pulumi.Output<Json<Record<string, string>> | undefined>;
  declare readonly businessConfig: pulumi.Output<Json<BusinessConfig> | null>;
  declare readonly projectType: pulumi.Output<string>;
  /** 1 Draft, 2 Editing, 3 Producing, 4 Produced, 5 ProduceFailed, 7 Deleted (0: unknown). */
  declare readonly status: pulumi.Output<number>;
  /** Draft, Editing, Producing, Produced, ProduceFailed or Deleted. */
  declare readonly statusName: pulumi.Output<string>;
  /** Live editing projects only (Reserving, BroadCasting, …). */
  declare readonly businessStatus: pulumi.Output<string>;
  /** Seconds. */
  declare readonly duration: pulumi.Output<number>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly modifiedTime: pulumi.Output<string>;
  declare readonly createSource: pulumi.Output<string>;
  declare readonly modifiedSource: pulumi.Output<string>;
  /** Set when the last production failed (statusName ProduceFailed). */
  declare readonly errorCode: pulumi.Output<string>;
  declare readonly errorMessage: pulumi.Output<string>;

  constructor(name: string, args: EditingProjectArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // The identity (organization, URN) keeps the derived default apart from every other resource's.
    super(EDITING_PROJECT, name, args, opts);
  }
}
