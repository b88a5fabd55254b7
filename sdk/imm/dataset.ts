import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

export interface DatasetArgs {
  /** The project the dataset belongs to. Changing it replaces the dataset. */
  projectName: pulumi.Input<string>;
  /** 1–128 characters, letters, digits, `-`, `_`, starting with a letter or `_`; unique in the
   * project. Default: the resource name plus a digest of its identity (the same on every run). Changing
   * it replaces the dataset. */
  datasetName?: pulumi.Input<string>;
  /** At most 256 characters. */
  description?: pulumi.Input<string>;
  /** Workflow template, e.g. `Official:ImageManagement`. */
  templateId?: pulumi.Input<string>;
  /** 1–10, default 10. */
  datasetMaxBindCount?: pulumi.Input<number>;
  /** The most entities (faces, labels and other extracted objects) the dataset may hold; at least 1,
   * default 10,000,000,000 (give values above 2^53 as decimal strings). Updates in place. */
  datasetMaxEntityCount?: pulumi.Input<number | string>;
  /** 1–100,000,000, default 100,000,000. */
  datasetMaxFileCount?: pulumi.Input<number | string>;
  /** The most relations between entities the dataset may hold; at least 1, default 100,000,000,000
   * (give values above 2^53 as decimal strings). Updates in place. */
  datasetMaxRelationCount?: pulumi.Input<number | string>;
  /** Bytes, default 9e16 (above 2^53: give large values as decimal strings). */
  datasetMaxTotalFileSize?: pulumi.Input<number | string>;
  /** Deprecated and ignored by IMM; kept so nothing declared is dropped. */
  workflowParameters?: pulumi.Input<
    pulumi.Input<{ name: pulumi.Input<string>; value: pulumi.Input<string> }>[]
  >;
  /** Delete the dataset's bindings along with it on destroy. Without it, a dataset that still has
   * bindings refuses to be deleted, with a message saying what to do. */
  forceDestroy?: pulumi.Input<boolean>;
  /** Take over an existing dataset of the same name instead of failing with ResourceAlreadyExists. */
  adopt?: pulumi.Input<boolean>;
}

export const DATASET = defineResource({
  module: "imm",
  type: "Dataset",
  outputs: [
    "projectName",
    "datasetName",
    "description",
    "templateId",
    "datasetMaxBindCount",
    "datasetMaxEntityCount",
    "datasetMaxFileCount",
    "datasetMaxRelationCount",
    "datasetMaxTotalFileSize",
    "workflowParameters",
    "bindCount",
    "fileCount",
    "totalFileSize",
    "createTime",
    "updateTime",
  ],
});

/** An IMM dataset (API 2020-09-30). ID: `<projectName>/<datasetName>`. */
export class Dataset extends MediaResource {
  declare readonly projectName: pulumi.Output<string>;
  declare readonly datasetName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly templateId: pulumi.Output<string>;
  /** Quotas are reported as decimal strings (int64). */
  declare readonly datasetMaxBindCount: pulumi.Output<string>;
  declare readonly datasetMaxEntityCount: pulumi.Output<string>;
  declare readonly datasetMaxFileCount: pulumi.Output<string>;
  declare readonly datasetMaxRelationCount: pulumi.Output<string>;
  declare readonly datasetMaxTotalFileSize: pulumi.Output<string>;
  declare readonly workflowParameters: pulumi.Output<{ name: string; value: string }[]>;
  declare readonly bindCount: pulumi.Output<number>;
  declare readonly fileCount: pulumi.Output<number>;
  declare readonly totalFileSize: pulumi.Output<number>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly updateTime: pulumi.Output<string>;

  constructor(name: string, args: DatasetArgs, opts?: pulumi.CustomResourceOptions) {
    super(DATASET, name, args, opts);
  }
}
