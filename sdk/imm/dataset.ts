import * as pulumi from "@pulumi/pulumi";
import { defineResource } from "../define";
import { DATASET_QUOTA_OUTPUTS, WithDatasetQuotas, type DatasetQuotaArgs } from "./dataset-quotas";

export interface DatasetArgs extends DatasetQuotaArgs {
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
    ...DATASET_QUOTA_OUTPUTS,
    "workflowParameters",
    "bindCount",
    "fileCount",
    "totalFileSize",
    "createTime",
    "updateTime",
  ],
});

/** An IMM dataset (API 2020-09-30). ID: `<projectName>/<datasetName>`. */
export class Dataset extends WithDatasetQuotas {
  declare readonly projectName: pulumi.Output<string>;
  declare readonly datasetName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly templateId: pulumi.Output<string>;
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
