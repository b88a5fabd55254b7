import * as pulumi from "@pulumi/pulumi";
import { defineResource, MediaResource } from "../define";

export interface OssBucketAttachmentArgs {
  /** The IMM project the bucket's `x-oss-process` requests use. Changing it replaces the attachment. */
  projectName: pulumi.Input<string>;
  /** The OSS bucket (attached to one project at most). Changing it replaces the attachment. */
  ossBucket: pulumi.Input<string>;
  /** 1-128 characters. Changing it replaces the attachment (IMM has no update). */
  description?: pulumi.Input<string>;
  /** Take over the bucket's existing attachment (made outside this stack) instead of refusing it. */
  adopt?: pulumi.Input<boolean>;
}

export const OSS_BUCKET_ATTACHMENT = defineResource({
  module: "imm",
  type: "OssBucketAttachment",
  outputs: ["ossBucket", "projectName", "description", "createTime", "updateTime"],
});

/** An OSS bucket attached to an IMM project, so its `x-oss-process` can use it. ID: the bucket. */
export class OssBucketAttachment extends MediaResource {
  declare readonly ossBucket: pulumi.Output<string>;
  declare readonly projectName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string>;
  declare readonly updateTime: pulumi.Output<string>;

  constructor(name: string, args: OssBucketAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(OSS_BUCKET_ATTACHMENT, name, args, opts);
  }
}
