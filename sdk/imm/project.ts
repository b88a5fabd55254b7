import * as pulumi from "@pulumi/pulumi";
import { defineResource } from "../define";
import { DATASET_QUOTA_OUTPUTS, WithDatasetQuotas, type DatasetQuotaArgs } from "./dataset-quotas";

/** The dataset quotas of a project are the defaults of its datasets. */
export interface ProjectArgs extends DatasetQuotaArgs {
  /** 1–128 characters, letters, digits, `-`, `_`, starting with a letter or `_`. Default: the
   * resource name plus a digest of its identity (the same on every run). Changing it replaces the project. */
  projectName?: pulumi.Input<string>;
  /** At most 256 characters. */
  description?: pulumi.Input<string>;
  /** Default `AliyunIMMDefaultRole`. */
  serviceRole?: pulumi.Input<string>;
  /** Workflow template, e.g. `Official:ImageManagement`. */
  templateId?: pulumi.Input<string>;
  /** The most datasets the project may hold; at least 1, default 1,000,000,000. Updates in place. */
  projectMaxDatasetCount?: pulumi.Input<number | string>;
  /** Tags of the project (key → value; keys must not be empty). Update in place; removing them all
   * clears the project's tags. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Take over an existing project of the same name instead of failing with ResourceAlreadyExists. */
  adopt?: pulumi.Input<boolean>;
}

export const PROJECT = defineResource({
  module: "imm",
  type: "Project",
  outputs: [
    "projectName",
    "description",
    "serviceRole",
    "templateId",
    ...DATASET_QUOTA_OUTPUTS,
    "projectMaxDatasetCount",
    "tags",
    "datasetCount",
    "fileCount",
    "totalFileSize",
    "projectQueriesPerSecond",
    "engineConcurrency",
    "createTime",
    "updateTime",
  ],
});

/** An IMM project (API 2020-09-30). See README "imm.Project" for what updates in place. */
export class Project extends WithDatasetQuotas {
  declare readonly projectName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly serviceRole: pulumi.Output<string>;
  declare readonly templateId: pulumi.Output<string>;
  declare readonly projectMaxDatasetCount: pulumi.Output<string>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  declare readonly datasetCount: pulumi.Output<number>;
  declare readonly fileCount: pulumi.Output<number>;
  declare readonly totalFileSize: pulumi.Output<number>;
  declare readonly projectQueriesPerSecond: pulumi.Output<number>;
  declare readonly engineConcurrency: pulumi.Output<number>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly updateTime: pulumi.Output<string>;

  constructor(name: string, args: ProjectArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(PROJECT, name, args, opts);
  }
}
