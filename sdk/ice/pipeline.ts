import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

/** CreatePipeline's parameters in lowerCamelCase, and the status UpdatePipeline sets. */
export interface PipelineArgs {
  /** 1 to 128 characters. Default: the resource name plus a suffix derived from its identity. Updated in place. */
  name?: pulumi.Input<string>;
  /** 1 (lowest) to 10; the API's default is 6. Updated in place. */
  priority?: pulumi.Input<number>;
  /** `Standard` (default), `Boost` or `NarrowBandHDV2`; fixed at creation, so a change replaces the pipeline. */
  speed?: pulumi.Input<"Standard" | "Boost" | "NarrowBandHDV2">;
  /** `Active` (default) or `Paused`. Updated in place. */
  status?: pulumi.Input<"Active" | "Paused">;
}

export const PIPELINE = defineResource({
  module: "ice",
  type: "Pipeline",
  outputs: ["pipelineId", "name", "priority", "speed", "status", "createTime", "modifiedTime"],
});

/** An MPS pipeline (queue) of ICE 2020-11-09. ID: the PipelineId. */
export class Pipeline extends MediaResource {
  declare readonly pipelineId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly priority: pulumi.Output<number>;
  declare readonly speed: pulumi.Output<string>;
  /** Active / Paused. */
  declare readonly status: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly modifiedTime: pulumi.Output<string>;

  constructor(name: string, args: PipelineArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(PIPELINE, name, args, opts);
  }
}
