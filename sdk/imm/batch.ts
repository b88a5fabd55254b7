import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

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
  /** `abort` stops the batch at the first failed file; `ignore` carries on. Cannot change in place. */
  fastFailPolicy?: pulumi.Input<{ action: pulumi.Input<"abort" | "ignore"> }>;
}

export interface BatchArgs {
  /** The IMM project. Changing it replaces the batch. */
  projectName: pulumi.Input<string>;
  /** The OSS source. Updates in place only while the batch is Ready or Failed. */
  input: pulumi.Input<{ oss: pulumi.Input<BatchInputOss> }>;
  /** At least one action. Updates in place only while the batch is Ready or Failed. */
  actions: pulumi.Input<pulumi.Input<BatchAction>[]>;
  /** MNS topic notified of the batch's progress. Changing it replaces the batch. */
  notification?: pulumi.Input<{ mns: pulumi.Input<{ topicName: pulumi.Input<string> }> }>;
  /** Default `AliyunIMMBatchTriggerRole`. Changing it replaces the batch. */
  serviceRole?: pulumi.Input<string>;
  /** Updates in place only while the batch is Ready or Failed. Keys `alicloud-media:*` are reserved. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `Running` (default) or `Suspended`; changes are applied with Resume/SuspendBatch and awaited. */
  state?: pulumi.Input<"Running" | "Suspended">;
  /** Wait until the batch has Succeeded (a Failed batch fails the apply). Never causes a diff. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Limit for every wait of one operation; default 600. Never causes a diff. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Identifies the batch across lost responses and interrupted applies (stored as a reserved tag).
   * Default: the resource name plus a digest of its identity (organization, stack, URN): the same on every
   * run, and for no other resource. Never causes a diff.
   */
  clientToken?: pulumi.Input<string>;
  /** Take over an existing batch with this client token, or else with the same input and actions. */
  adopt?: pulumi.Input<boolean>;
}

export const BATCH = defineResource({
  module: "imm",
  type: "Batch",
  outputs: [
    "batchId",
    "projectName",
    "input",
    "actions",
    "notification",
    "serviceRole",
    "tags",
    "state",
    "batchState",
    "phase",
    "error",
    "submitSuccess",
    "submitFailure",
    "skipFiles",
    "createTime",
    "updateTime",
    "clientToken",
  ],
});

/** An IMM batch: actions run over OSS objects. ID: `<project>/<batchId>`. See README "imm.Batch". */
export class Batch extends MediaResource {
  declare readonly batchId: pulumi.Output<string>;
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
  /** IMM's own State: Ready / Running / Suspended / Succeeded / Failed. */
  declare readonly batchState: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<string>;
  /** IMM's error text of a Failed batch. */
  declare readonly error: pulumi.Output<string>;
  /** Progress (IMM's Statistic): files submitted, failed, skipped. */
  declare readonly submitSuccess: pulumi.Output<number>;
  declare readonly submitFailure: pulumi.Output<number>;
  declare readonly skipFiles: pulumi.Output<number>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly updateTime: pulumi.Output<string>;
  declare readonly clientToken: pulumi.Output<string>;

  constructor(name: string, args: BatchArgs, opts?: pulumi.CustomResourceOptions) {
    // Left out, the client token is derived from the identity by the provider.
    super(BATCH, name, args, opts);
  }
}
