import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";
import type { BatchAction, BatchInputOss } from "./batch";

export interface TriggerArgs {
  /** The IMM project. Changing it replaces the trigger. */
  projectName: pulumi.Input<string>;
  /** The OSS source watched for new objects. Updates in place only while the trigger is Ready or Failed. */
  input: pulumi.Input<{ oss: pulumi.Input<BatchInputOss> }>;
  /** At least one action. Updates in place only while the trigger is Ready or Failed. */
  actions: pulumi.Input<pulumi.Input<BatchAction>[]>;
  /** MNS topic notified of the trigger's work. Changing it replaces the trigger. */
  notification?: pulumi.Input<{ mns: pulumi.Input<{ topicName: pulumi.Input<string> }> }>;
  /** Default `AliyunIMMBatchTriggerRole`. Changing it replaces the trigger. */
  serviceRole?: pulumi.Input<string>;
  /** Updates in place only while the trigger is Ready or Failed. Keys `alicloud-media:*` are reserved. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `Running` (default) or `Suspended`; changes are applied with Resume/SuspendTrigger and awaited. */
  state?: pulumi.Input<"Running" | "Suspended">;
  /** Limit for every wait of one operation; default 600. Never causes a diff. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Identifies the trigger across lost responses and interrupted applies (stored as a reserved tag).
   * Default: the resource name plus a digest of its identity (organization, stack, URN). Never causes a diff.
   */
  clientToken?: pulumi.Input<string>;
  /** Take over an existing trigger carrying this client token. */
  adopt?: pulumi.Input<boolean>;
}

export const TRIGGER = defineResource({
  module: "imm",
  type: "Trigger",
  outputs: [
    "triggerId",
    "projectName",
    "input",
    "actions",
    "notification",
    "serviceRole",
    "tags",
    "state",
    "triggerState",
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

/** An IMM trigger: actions run on new OSS objects as they arrive. ID: `<project>/<triggerId>`. */
export class Trigger extends MediaResource {
  declare readonly triggerId: pulumi.Output<string>;
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
  /** IMM's own State: Ready / Running / Suspended / Failed. */
  declare readonly triggerState: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<string>;
  /** IMM's error text of a Failed trigger. */
  declare readonly error: pulumi.Output<string>;
  /** IMM's Statistic: files submitted, failed, skipped. */
  declare readonly submitSuccess: pulumi.Output<number>;
  declare readonly submitFailure: pulumi.Output<number>;
  declare readonly skipFiles: pulumi.Output<number>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly updateTime: pulumi.Output<string>;
  declare readonly clientToken: pulumi.Output<string>;

  constructor(name: string, args: TriggerArgs, opts?: pulumi.CustomResourceOptions) {
    // Left out, the client token is derived from the identity by the provider.
    super(TRIGGER, name, args, opts);
  }
}
