import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

/**
 * CreateCustomTemplate's parameters in lowerCamelCase. `type` and `subtype` replace the template;
 * `name`, `templateConfig` and `isDefault` are updated in place.
 */
export interface CustomTemplateArgs {
  /** The template's name; default: the logical name plus a digest of the resource's identity. */
  name?: pulumi.Input<string>;
  /**
   * 1 transcoding, 2 snapshot, 3 animation, 4 image watermark, 5 text watermark, 6 subtitle, 7 AI
   * review, 8 AI cover, 9 AI erasure, 10 AI media fingerprint, 11 AI labels.
   */
  type: pulumi.Input<number>;
  /**
   * For types 1 (1 Normal, 2 AudioTranscode, 3 Remux, 4 NarrowBandV1, 5 NarrowBandV2), 2 (1 Normal,
   * 2 Sprite, 3 WebVtt), 7 (1 Video, 2 Audio, 3 Image) and 9 (1 VideoDelogo, 2 VideoDetext); default 1.
   */
  subtype?: pulumi.Input<number>;
  /**
   * The template's parameters: an object or a JSON string, compared by meaning; checked for types 1,
   * 2, 4 and 5, e.g. `{"Container":{"Format":"mp4"}}` for a transcoding template.
   */
  templateConfig: pulumi.Input<Record<string, unknown> | string>;
  /** Make this template the default of its type (SetDefaultCustomTemplate). Left out: never a diff. */
  isDefault?: pulumi.Input<boolean>;
}

export const CUSTOM_TEMPLATE = defineResource({
  module: "ice",
  type: "CustomTemplate",
  outputs: [
    "templateId",
    "name",
    "type",
    "typeName",
    "subtype",
    "subtypeName",
    "templateConfig",
    "isDefault",
    "status",
    "createTime",
    "modifiedTime",
  ],
});

/**
 * An ICE custom media processing template (ICE 2020-11-09): a transcoding, snapshot, watermark or AI
 * preset that jobs name by ID. ID: the TemplateId.
 */
export class CustomTemplate extends MediaResource {
  declare readonly templateId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<number>;
  /** e.g. TranscodeTemplate. */
  declare readonly typeName: pulumi.Output<string>;
  /** The subtype number; null for a type without subtypes. */
  declare readonly subtype: pulumi.Output<number | null>;
  /** e.g. Normal, Remux, Sprite; empty for a type without subtypes. */
  declare readonly subtypeName: pulumi.Output<string>;
  declare readonly templateConfig: pulumi.Output<Record<string, unknown> | string>;
  /** Whether ICE holds it as its type's default. */
  declare readonly isDefault: pulumi.Output<boolean>;
  declare readonly status: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly modifiedTime: pulumi.Output<string>;

  constructor(name: string, args: CustomTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(CUSTOM_TEMPLATE, name, args, opts);
  }
}
