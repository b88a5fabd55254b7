import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

/**
 * AddTemplate's parameters in lowerCamelCase. `type` replaces the template; the others are updated in
 * place.
 */
export interface TemplateArgs {
  /** The template's name; default: the logical name plus a digest of the resource's identity. */
  name?: pulumi.Input<string>;
  /** `Timeline` (usable at once), `VETemplate` (analysed by ICE first) or `BatchEditing`. */
  type: pulumi.Input<"Timeline" | "VETemplate" | "BatchEditing">;
  /** The template's configuration: an object or a JSON string (the API's JSON form), compared by meaning. */
  config: pulumi.Input<Record<string, unknown> | string>;
  /** The http(s) URL of the cover image. */
  coverUrl?: pulumi.Input<string>;
  /** The media ID or URL of the preview video. */
  previewMedia?: pulumi.Input<string>;
  /** How long create and update wait for ICE to analyse a VETemplate; default 1800. Never a diff. */
  waitTimeoutSeconds?: pulumi.Input<number>;
}

export const TEMPLATE = defineResource({
  module: "ice",
  type: "Template",
  outputs: [
    "templateId",
    "name",
    "type",
    "config",
    "coverUrl",
    "previewMedia",
    "previewMediaStatus",
    "status",
    "createSource",
    "modifiedSource",
    "creationTime",
    "modifiedTime",
    "clipsParam",
    "incomplete",
  ],
});

/**
 * An ICE editing template (ICE 2020-11-09) that editing projects and media producing jobs fill with
 * `clipsParam`. A VETemplate is usable once ICE has analysed it; create waits. ID: the TemplateId.
 */
export class Template extends MediaResource {
  declare readonly templateId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly config: pulumi.Output<Record<string, unknown> | string>;
  declare readonly coverUrl: pulumi.Output<string>;
  declare readonly previewMedia: pulumi.Output<string>;
  /** The preview media's state, when there is one. */
  declare readonly previewMediaStatus: pulumi.Output<string>;
  /** Available, Processing, ProcessFailed, … */
  declare readonly status: pulumi.Output<string>;
  /** Where it was created: OpenAPI, AliyunConsole or WebSDK. */
  declare readonly createSource: pulumi.Output<string>;
  /** Where it was last changed: OpenAPI, AliyunConsole or WebSDK. */
  declare readonly modifiedSource: pulumi.Output<string>;
  declare readonly creationTime: pulumi.Output<string>;
  declare readonly modifiedTime: pulumi.Output<string>;
  /** The placeholders a job fills (JSON text), as ICE lists them. */
  declare readonly clipsParam: pulumi.Output<string>;
  /** True until the template is Available: the next `pulumi up` keeps waiting or reports the failure. */
  declare readonly incomplete: pulumi.Output<boolean>;

  constructor(name: string, args: TemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super(TEMPLATE, name, args, opts);
  }
}
