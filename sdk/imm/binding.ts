import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

export interface BindingArgs {
  /** The IMM project of the dataset. Changing it replaces the binding. */
  projectName: pulumi.Input<string>;
  /** The dataset that indexes the bucket's files. Changing it replaces the binding. */
  datasetName: pulumi.Input<string>;
  /** `oss://<bucket>` (a bucket in the project's region, no object path). Changing it replaces the binding. */
  uri: pulumi.Input<string>;
  /** How long create waits for the binding to start scanning; default 300. Never causes a diff. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /** Take over an existing binding of the same dataset and bucket. */
  adopt?: pulumi.Input<boolean>;
}

export const BINDING = defineResource({
  module: "imm",
  type: "Binding",
  outputs: ["projectName", "datasetName", "uri", "state", "phase", "reason", "createTime", "updateTime"],
});

/** Binds an OSS bucket to an IMM dataset so its files are indexed. ID: `<project>/<dataset>/<uri>`. */
export class Binding extends MediaResource {
  declare readonly projectName: pulumi.Output<string>;
  declare readonly datasetName: pulumi.Output<string>;
  declare readonly uri: pulumi.Output<string>;
  /** Ready / Running / Retrying / Stopped / Failed. */
  declare readonly state: pulumi.Output<string>;
  /** FullScanning / IncrementalScanning. */
  declare readonly phase: pulumi.Output<string>;
  declare readonly reason: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly updateTime: pulumi.Output<string>;

  constructor(name: string, args: BindingArgs, opts?: pulumi.CustomResourceOptions) {
    super(BINDING, name, args, opts);
  }
}
