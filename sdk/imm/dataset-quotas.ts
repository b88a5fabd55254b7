/**
 * The five dataset quotas: a dataset declares its own, a project declares the defaults of its
 * datasets. Written once here; int64 quotas accept decimal strings for values above 2^53.
 */
import * as pulumi from "@pulumi/pulumi";
import { MediaResource } from "../define";

export interface DatasetQuotaArgs {
  /** 1–10, default 10. */
  datasetMaxBindCount?: pulumi.Input<number>;
  /** The most entities (faces, labels and other extracted objects) a dataset may hold; at least 1,
   * default 10,000,000,000 (give values above 2^53 as decimal strings). Updates in place. */
  datasetMaxEntityCount?: pulumi.Input<number | string>;
  /** 1–100,000,000, default 100,000,000. */
  datasetMaxFileCount?: pulumi.Input<number | string>;
  /** The most relations between entities a dataset may hold; at least 1, default 100,000,000,000
   * (give values above 2^53 as decimal strings). Updates in place. */
  datasetMaxRelationCount?: pulumi.Input<number | string>;
  /** Bytes, default 9e16 (above 2^53: give large values as decimal strings). */
  datasetMaxTotalFileSize?: pulumi.Input<number | string>;
}

export const DATASET_QUOTA_OUTPUTS = [
  "datasetMaxBindCount",
  "datasetMaxEntityCount",
  "datasetMaxFileCount",
  "datasetMaxRelationCount",
  "datasetMaxTotalFileSize",
] as const;

/** The base of Project and Dataset: the quotas as observed, reported as decimal strings (int64). */
export abstract class WithDatasetQuotas extends MediaResource {
  /** Quotas are reported as decimal strings (int64). */
  declare readonly datasetMaxBindCount: pulumi.Output<string>;
  declare readonly datasetMaxEntityCount: pulumi.Output<string>;
  declare readonly datasetMaxFileCount: pulumi.Output<string>;
  declare readonly datasetMaxRelationCount: pulumi.Output<string>;
  declare readonly datasetMaxTotalFileSize: pulumi.Output<string>;
}
