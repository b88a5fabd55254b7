/**
 * A job's way through the documented statuses on the clock: Init, then Queuing and Processing a tenth
 * of `mediaProducingJobMs` each, then Success or Failed when the whole time has passed. How it ends
 * was decided at submit (no clips to render, or the injected task failure).
 */
import { utcSeconds } from "../../core/clock";
import type { Transition, WorldContext } from "../../core/service";
import { finishProducing } from "../editing-projects/production";
import { clipsOf, durationOf } from "../editing-projects/timeline";
import { type JobStatus, type MediaProducingJobRecord, mediaProducingJobs } from "./model";

export const JOB_STEP = "ice.mediaProducingJob.step";

/** A clip without timings counts as its whole media, which the emulator takes to last this long. */
const UNTIMED_CLIP_SECONDS = 5;

const NEXT: Partial<Record<JobStatus, { status: JobStatus; share: number; progress: number }>> = {
  Init: { status: "Queuing", share: 0.1, progress: 0 },
  Queuing: { status: "Processing", share: 0.1, progress: 10 },
  Processing: { status: "Success", share: 0.8, progress: 100 },
};

export function scheduleNextStep(ctx: WorldContext, record: MediaProducingJobRecord): void {
  const next = NEXT[record.Status];
  if (!next) return;
  ctx.schedule(Math.floor(ctx.timings.mediaProducingJobMs * next.share), JOB_STEP, { jobId: record.JobId });
}

function outputSeconds(timeline: unknown): number {
  const timed = durationOf(timeline);
  if (timed > 0) return timed;
  return Math.max(0, ...clipsOf(timeline).map((clips) => clips.length)) * UNTIMED_CLIP_SECONDS;
}

function vodUrl(record: MediaProducingJobRecord): string {
  const file =
    typeof record.OutputMediaConfig.FileName === "string" ? record.OutputMediaConfig.FileName : "output.mp4";
  return `https://outin-emulator.oss-cn-shanghai.aliyuncs.com/sv/${record.VodMediaId}/${encodeURIComponent(file)}`;
}

export const step: Transition = (ctx, payload) => {
  const table = mediaProducingJobs(ctx);
  const record = table.get(String(payload.jobId));
  const next = record && NEXT[record.Status];
  if (!record || !next) return;
  const now = utcSeconds(ctx.now);
  const updated: MediaProducingJobRecord = {
    ...record,
    Status: next.status,
    Progress: next.progress,
    ModifiedTime: now,
  };
  if (next.status === "Success") {
    updated.CompleteTime = now;
    if (record.outcome) {
      Object.assign(updated, { Status: "Failed", Progress: record.Progress, ...record.outcome });
    } else {
      updated.Duration = outputSeconds(record.Timeline);
      if (record.OutputMediaTarget === "vod-media") updated.MediaURL = vodUrl(record);
    }
    if (record.producesProject) finishProducing(ctx, record.ProjectId, record.JobId, record.outcome);
  }
  table.set(record.JobId, updated);
  scheduleNextStep(ctx, updated);
};
