/**
 * What imm.Batch and imm.Trigger share on the program side: both are IMM data ingestions (the same
 * input, actions, notification, tags and run state), so their Args and outputs are written once here
 * and each class adds its own (the batch's wait for completion, the IDs and IMM's State).
 */
import * as pulumi from "@pulumi/pulumi";
import { MediaResource } from "../define";

export interface BatchInputOss {
  /** The OSS bucket whose objects are processed (bind it to a dataset first). */
  bucket: pulumi.Input<string>;
  /** Only objects under this key prefix. */
  prefix?: pulumi.Input<string>;
  /** Regular expressions on object keys; an object is processed when any matches. */
  matchExpressions?: pulumi.Input<pulumi.Input<string>[]>;
}

export interface BatchAction {
  /** A workflow template, e.g. `doc/convert`. */
  name: pulumi.Input<string>;
  /** Template parameters, e.g. `pages=3`. */
  parameters?: pulumi.Input<pulumi.Input<string>[]>;
  /** `abort` stops at the first failed file; `ignore` carries on. Cannot change in place. */
  fastFailPolicy?: pulumi.Input<{ action: pulumi.Input<"abort" | "ignore"> }>;
}

/** The Args of a batch or trigger ("it" below). */
export interface IngestionArgs {
  /** The IMM project; changing it means a replacement. */
  projectName: pulumi.Input<string>;
  /** The OSS source. Updates in place only while IMM's state is Ready or Failed. */
  input: pulumi.Input<{ oss: pulumi.Input<BatchInputOss> }>;
  /** At least one action. Updates in place only while IMM's state is Ready or Failed. */
  actions: pulumi.Input<pulumi.Input<BatchAction>[]>;
  /** MNS topic notified of the progress; changing it means a replacement. */
  notification?: pulumi.Input<{ mns: pulumi.Input<{ topicName: pulumi.Input<string> }> }>;
  /** Default `AliyunIMMBatchTriggerRole`; changing it means a replacement. */
  serviceRole?: pulumi.Input<string>;
  /** Updates in place only while IMM's state is Ready or Failed. Keys `alicloud-media:*` are reserved. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `Running` (default) or `Suspended`; changes are applied with IMM's Resume/Suspend call and awaited. */
  state?: pulumi.Input<"Running" | "Suspended">;
  /** Limit for every wait of one operation; default 600. Never causes a diff. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Identifies the batch or trigger across lost responses and interrupted applies (stored as a reserved tag). Default:
   * the resource name plus a digest of its identity (organization, stack, URN): the same on every
   * run, and for no other resource. Never causes a diff.
   */
  clientToken?: pulumi.Input<string>;
}

/** The outputs both declare; each definition adds its ID and IMM's State. */
export const INGESTION_OUTPUTS = [
  "projectName",
  "input",
  "actions",
  "notification",
  "serviceRole",
  "tags",
  "state",
  "phase",
  "error",
  "submitSuccess",
  "submitFailure",
  "skipFiles",
  "createTime",
  "updateTime",
  "clientToken",
] as const;

export abstract class IngestionResource extends MediaResource {
  declare readonly projectName: pulumi.Output<string>;
  declare readonly input: pulumi.Output<{
    oss: { bucket: string; prefix?: string; matchExpressions?: string[] };
  }>;
  declare readonly actions: pulumi.Output<
    { name: string; parameters?: string[]; fastFailPolicy?: { action: string } }[]
  >;
  declare readonly notification: pulumi.Output<{ mns: { topicName: string } } | undefined>;
  declare readonly serviceRole: pulumi.Output<string>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** The declared run state as reconciled: Running, Suspended, or Failed (Running was declared). */
  declare readonly state: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<string>;
  /** IMM's error text when it Failed. */
  declare readonly error: pulumi.Output<string>;
  /** Progress (IMM's Statistic): files submitted, failed, skipped. */
  declare readonly submitSuccess: pulumi.Output<number>;
  declare readonly submitFailure: pulumi.Output<number>;
  declare readonly skipFiles: pulumi.Output<number>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly updateTime: pulumi.Output<string>;
  declare readonly clientToken: pulumi.Output<string>;
}
