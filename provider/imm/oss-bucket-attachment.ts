/**
 * imm.OssBucketAttachment (IMM AttachOSSBucket / GetOSSBucketAttachment / DetachOSSBucket): attaches
 * an OSS bucket to an IMM project, which lets the bucket's `x-oss-process` requests use the project.
 *
 * A bucket is attached to at most one project, so the bucket is the key. The ID is `<ossBucket>`. There is no
 * update API: every field replaces, and the replacement detaches first (the key stays the same).
 * Identity: an attachment has no tags or name of its own, so, as for a binding, it is this stack's
 * when its project carries the stack's marker tag (written by every imm.Project of the stack); a
 * bucket already attached is taken over only then, to the declared project and within the recovery
 * window (an interrupted create); attached elsewhere it is refused with the `adopt: true` hint.
 */
import { z } from "zod";
import { unlessNotFound } from "../framework/kit";
import type { ResourceContext, ResourceSpec } from "../framework/spec";
import { imm } from "../operations";
import { immName, STACK_TAG } from "./fields";
import { projectMarkers } from "./project";
import { createOrTakeOver } from "./takeover";

export const ossBucketAttachmentSchema = z.object({
  projectName: immName,
  ossBucket: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
      "must be an OSS bucket name: 3-63 lowercase letters, digits and -, not starting or ending with -",
    ),
  description: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters").optional(),
  adopt: z.boolean().optional(),
});
export type OssBucketAttachmentInputs = z.infer<typeof ossBucketAttachmentSchema>;
export type OssBucketAttachmentOutputs = ReturnType<typeof observe>["outputs"];

type Attachment = Awaited<ReturnType<typeof get>> & {};

async function get(ctx: ResourceContext, bucket: string) {
  return unlessNotFound(ctx.clients.imm.call(imm.GetOSSBucketAttachment, { OSSBucket: bucket }));
}

function observe(bucket: string, found: NonNullable<Attachment>) {
  return {
    id: bucket,
    outputs: {
      ossBucket: bucket,
      projectName: found.ProjectName,
      description: found.Description ?? "",
      createTime: found.CreateTime ?? "",
      updateTime: found.UpdateTime ?? "",
    },
  };
}

async function mustRead(ctx: ResourceContext, bucket: string) {
  const found = await get(ctx, bucket);
  if (!found) throw new Error(`the attachment of bucket ${bucket} disappeared right after AttachOSSBucket`);
  return observe(bucket, found);
}

export const ossBucketAttachmentSpec: ResourceSpec<OssBucketAttachmentInputs> = {
  type: "imm:OssBucketAttachment",
  schema: ossBucketAttachmentSchema,
  // The bucket is the key: the old attachment must be gone before the new one is made.
  deleteBeforeReplace: true,
  fields: {
    projectName: { mode: "replace" },
    ossBucket: { mode: "replace" },
    description: { mode: "replace", default: "" },
    adopt: { mode: "ignore" },
  },

  async create(ctx, inputs, meta) {
    const bucket = inputs.ossBucket;
    return createOrTakeOver(
      ctx,
      ossBucketAttachmentSpec,
      inputs,
      async () => {
        await ctx.clients.imm.call(imm.AttachOSSBucket, {
          ProjectName: inputs.projectName,
          OSSBucket: bucket,
          ...(inputs.description ? { Description: inputs.description } : {}),
        });
        ctx.log.info(`attached bucket ${bucket} to IMM project ${inputs.projectName}`);
        return mustRead(ctx, bucket);
      },
      async () => {
        const found = await get(ctx, bucket);
        if (!found) return undefined;
        const elsewhere = found.ProjectName !== inputs.projectName;
        const markers = elsewhere ? undefined : await projectMarkers(ctx, found.ProjectName);
        return {
          observed: observe(bucket, found),
          candidate: {
            type: "imm:OssBucketAttachment",
            object: `the attachment of bucket ${bucket} to project ${found.ProjectName}`,
            marked: !elsewhere && markers?.[STACK_TAG] === meta.stackOwner,
            unmarked: elsewhere
              ? `the bucket is attached to another project than ${inputs.projectName}`
              : `project ${found.ProjectName} was not created by this stack (it lacks the stack's marker tag)`,
            createTime: found.CreateTime,
          },
        };
      },
    );
  },

  async read(ctx, id) {
    const found = await get(ctx, id);
    return found && observe(id, found);
  },

  // Nothing updates in place; reached after a takeover or an adoption: the attachment as it is.
  update: (ctx, id) => mustRead(ctx, id),

  async delete(ctx, id) {
    await ctx.clients.imm.call(imm.DetachOSSBucket, { OSSBucket: id });
  },

  async findExisting(ctx, inputs) {
    const found = await get(ctx, inputs.ossBucket);
    return found && observe(inputs.ossBucket, found);
  },
};
