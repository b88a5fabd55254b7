/** The media producing job record (wire names; JSON parameters kept parsed), its tables and lookups. */
import { missingParameter, resourceNotFound } from "../../core/errors";
import type { HandlerContext, WorldContext } from "../../core/service";
import type { Table } from "../../core/store";

/** The documented statuses, in the order a job goes through them (GetMediaProducingJob, Status). */
export const JOB_STATUSES = ["Init", "Queuing", "Processing", "Success", "Failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const OUTPUT_TARGETS = ["oss-object", "vod-media", "S3"] as const;

export interface MediaProducingJobRecord {
  JobId: string;
  ProjectId: string;
  MediaId: string;
  /** Set when the output goes to VOD (OutputMediaTarget vod-media). */
  VodMediaId?: string;
  TemplateId: string;
  Timeline?: unknown;
  ClipsParam?: unknown;
  OutputMediaTarget: string;
  OutputMediaConfig: Record<string, unknown>;
  EditingProduceConfig?: unknown;
  MediaMetadata?: unknown;
  UserData: string;
  ClientToken?: string;
  Status: JobStatus;
  Progress: number;
  MediaURL: string;
  /** Seconds of output, known once the job succeeds. */
  Duration?: number;
  Code?: string;
  Message?: string;
  CreateTime: string;
  ModifiedTime: string;
  CompleteTime?: string;
  /** The editing project this job produces (ProjectId given), whose status follows the job. */
  producesProject: boolean;
  /** Decided at submit: how the job ends (a failure code and message), or undefined for success. */
  outcome?: { Code: string; Message: string };
}

export const mediaProducingJobs = (ctx: WorldContext): Table<MediaProducingJobRecord> =>
  ctx.store.table("ice.mediaProducingJobs");

/** ClientToken → JobId: a repeated submit with the same token answers the same job. */
export const jobClientTokens = (ctx: WorldContext): Table<{ JobId: string }> =>
  ctx.store.table("ice.mediaProducingJobTokens");

export function requireJob(ctx: HandlerContext): MediaProducingJobRecord {
  const jobId = ctx.params.raw("JobId");
  if (jobId === undefined || jobId === "") throw missingParameter(ctx.style, "JobId");
  const record = mediaProducingJobs(ctx).get(jobId);
  if (!record) throw resourceNotFound(ctx.style, `media producing job ${jobId}`);
  return record;
}
