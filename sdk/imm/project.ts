import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

export interface ProjectArgs {
  /** 1–128 characters, letters, digits, `-`, `_`, starting with a letter or `_`. Default: the
   * resource name plus a digest of its identity (the same on every run). Changing it replaces the project. */
  projectName?: pulumi.Input<string>;
  /** At most 256 characters. */
  description?: pulumi.Input<string>;
  /** Default `AliyunIMMDefaultRole`. */
  serviceRole?: pulumi.Input<string>;
  /** Workflow template, e.g. `Official:ImageManagement`. */
  templateId?: pulumi.Input<string>;
  /** 1–10, default 10. */
  datasetMaxBindCount?: pulumi.Input<number>;
  /** The most entities (faces, labels and other extracted objects) a dataset of this project may hold;
   * at least 1, default 10,000,000,000 (give values above 2^53 as decimal strings). Updates in place. */
  datasetMaxEntityCount?: pulumi.Input<number | string>;
  /** 1–100,000,000. */
  datasetMaxFileCount?: pulumi.Input<number | string>;
  /** The most relations between entities a dataset of this project may hold; at least 1, default
   * 100,000,000,000 (give values above 2^53 as decimal strings). Updates in place. */
  datasetMaxRelationCount?: pulumi.Input<number | string>;
  /** Bytes; the default 9e16 is above 2^53, so large values may be given as decimal strings. */
  datasetMaxTotalFileSize?: pulumi.Input<number | string>;
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
    "datasetMaxBindCount",
    "datasetMaxEntityCount",
    "datasetMaxFileCount",
    "datasetMaxRelationCount",
    "datasetMaxTotalFileSize",
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
export class Project extends MediaResource {
  declare readonly projectName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly serviceRole: pulumi.Output<string>;
  declare readonly templateId: pulumi.Output<string>;
  /** Quotas are reported as decimal strings (int64). */
  declare readonly datasetMaxBindCount: pulumi.Output<string>;
  declare readonly datasetMaxEntityCount: pulumi.Output<string>;
  declare readonly datasetMaxFileCount: pulumi.Output<string>;
  declare readonly datasetMaxRelationCount: pulumi.Output<string>;
  declare readonly datasetMaxTotalFileSize: pulumi.Output<string>;
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
