/**
 * IMM OSS bucket attachments (IMM API reference: AttachOSSBucket, GetOSSBucketAttachment,
 * DetachOSSBucket): a bucket attached to one project, which lets the bucket's `x-oss-process`
 * requests use that project. A bucket is attached to at most one project at a time, so the bucket
 * name is the key: GetOSSBucketAttachment and DetachOSSBucket take only the bucket.
 *
 * Not documented, so chosen here: attaching a bucket that is already attached (to any project)
 * answers ResourceAlreadyExists; an unattached bucket answers ResourceNotFound; DeleteProject
 * detaches the project's buckets.
 */
import { immTime } from "../core/clock";
import { invalidParameter, resourceAlreadyExists, resourceNotFound } from "../core/errors";
import type { Params } from "../core/params";
import type { Handler, WorldContext } from "../core/service";
import type { Table } from "../core/store";
import { BUCKET } from "./batches/rules";
import { requireProject } from "./tables";

export interface AttachmentRecord {
  ProjectName: string;
  OSSBucket: string;
  Description: string;
  CreateTime: string;
  UpdateTime: string;
}

export const attachments = (ctx: WorldContext): Table<AttachmentRecord> =>
  ctx.store.table("imm.ossBucketAttachments");

/** Forgets the attachments of a project being deleted. */
export function detachProject(ctx: WorldContext, project: string): void {
  const table = attachments(ctx);
  for (const [bucket, record] of table.entries()) if (record.ProjectName === project) table.delete(bucket);
}

function bucketName(params: Params): string {
  const bucket = params.requiredString("OSSBucket");
  if (!BUCKET.test(bucket)) {
    throw invalidParameter(
      params.style,
      "OSSBucket",
      `must be an OSS bucket name: 3-63 lowercase letters, digits and -, not starting or ending with - (got "${bucket}")`,
    );
  }
  return bucket;
}

function lookup(ctx: WorldContext & { params: Params }): AttachmentRecord {
  const record = attachments(ctx).get(bucketName(ctx.params));
  if (!record) throw resourceNotFound(ctx.style, "OSS bucket attachment");
  return record;
}

const attach: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const bucket = bucketName(ctx.params);
  // "The description must be 1 to 128 characters in length."
  const description = ctx.params.string("Description", { minLength: 1, maxLength: 128 }) ?? "";
  requireProject(ctx, project);
  if (attachments(ctx).has(bucket)) throw resourceAlreadyExists("OSS bucket attachment");
  const now = immTime(ctx.now);
  attachments(ctx).set(bucket, {
    ProjectName: project,
    OSSBucket: bucket,
    Description: description,
    CreateTime: now,
    UpdateTime: now,
  });
  return {};
};

const get: Handler = (ctx) => {
  const { ProjectName, Description, CreateTime, UpdateTime } = lookup(ctx);
  return { ProjectName, Description, CreateTime, UpdateTime };
};

const detach: Handler = (ctx) => {
  attachments(ctx).delete(lookup(ctx).OSSBucket);
  return {};
};

export const attachmentHandlers = {
  AttachOSSBucket: attach,
  GetOSSBucketAttachment: get,
  DetachOSSBucket: detach,
} satisfies Record<string, Handler>;
