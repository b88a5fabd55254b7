/** SubmitMediaProducingJob and GetMediaProducingJob; the job's progression is in `progress.ts`. */
import { randomUUID } from "node:crypto";
import { utcSeconds } from "../../core/clock";
import { invalidParameter } from "../../core/errors";
import type { Handler, HandlerContext } from "../../core/service";
import { startProducing } from "../editing-projects/production";
import { clipsOf, timelineFromTemplate } from "../editing-projects/timeline";
import { serviceJson } from "../editing-projects/views";
import { requireTemplate } from "../templates";
import { type MediaProducingJobRecord, jobClientTokens, mediaProducingJobs, requireJob } from "./model";
import { scheduleNextStep } from "./progress";
import { clientToken, type JobSource, jobSource, optionalObjects, outputMedia, userData } from "./rules";

const newId = () => randomUUID().replace(/-/g, "");

const NO_CLIPS = { Code: "InvalidParameter", Message: "The timeline has no clips to produce." };
const INJECTED = { Code: "InternalError", Message: "The media producing job failed." };

/** The timeline a source renders (and, for a project, marks the project Producing). */
function timelineOf(ctx: HandlerContext, source: JobSource): unknown {
  if (source.kind === "timeline") return source.timeline;
  if (source.kind === "project") return startProducing(ctx, source.projectId).Timeline;
  const template = requireTemplate(ctx, source.templateId);
  if (template.Status !== "Available") {
    throw invalidParameter(
      ctx.style,
      "TemplateId",
      `the template ${template.TemplateId} is ${template.Status}; only an Available template can be produced`,
    );
  }
  return timelineFromTemplate(source.templateId, source.clipsParam);
}

const answer = (record: MediaProducingJobRecord) => ({
  JobId: record.JobId,
  ProjectId: record.ProjectId,
  MediaId: record.MediaId,
  ...(record.VodMediaId ? { VodMediaId: record.VodMediaId } : {}),
});

const submit: Handler = (ctx) => {
  const p = ctx.params;
  const token = clientToken(p);
  if (token !== undefined) {
    // The same ClientToken is the same request: its job, not a second render.
    const known = jobClientTokens(ctx).get(token);
    const earlier = known && mediaProducingJobs(ctx).get(known.JobId);
    if (earlier) return answer(earlier);
  }
  const source = jobSource(p);
  const output = outputMedia(p);
  const notify = userData(p);
  const stored = optionalObjects(p);
  const timeline = timelineOf(ctx, source);
  const outcome = clipsOf(timeline).every((clips) => clips.length === 0)
    ? NO_CLIPS
    : ctx.taskFails(ctx.action)
      ? INJECTED
      : undefined;
  const now = utcSeconds(ctx.now);
  const record: MediaProducingJobRecord = {
    JobId: newId(),
    ProjectId: source.kind === "project" ? source.projectId : newId(),
    MediaId: newId(),
    ...(output.target === "vod-media" ? { VodMediaId: newId() } : {}),
    TemplateId: source.kind === "template" ? source.templateId : "",
    ...(timeline !== undefined ? { Timeline: timeline } : {}),
    ...(source.kind === "template" ? { ClipsParam: source.clipsParam } : {}),
    OutputMediaTarget: output.target,
    OutputMediaConfig: output.config,
    ...stored,
    UserData: notify,
    ...(token !== undefined ? { ClientToken: token } : {}),
    Status: "Init",
    Progress: 0,
    MediaURL: typeof output.config.MediaURL === "string" ? output.config.MediaURL : "",
    CreateTime: now,
    ModifiedTime: now,
    producesProject: source.kind === "project",
    ...(outcome ? { outcome } : {}),
  };
  mediaProducingJobs(ctx).set(record.JobId, record);
  if (token !== undefined) jobClientTokens(ctx).set(token, { JobId: record.JobId });
  scheduleNextStep(ctx, record);
  return answer(record);
};

const get: Handler = (ctx) => {
  const record = requireJob(ctx);
  const done = record.Status === "Success" || record.Status === "Failed";
  return {
    MediaProducingJob: {
      JobId: record.JobId,
      ProjectId: record.ProjectId,
      TemplateId: record.TemplateId,
      ...(record.Timeline !== undefined ? { Timeline: serviceJson(record.Timeline) } : {}),
      ...(record.ClipsParam !== undefined ? { ClipsParam: serviceJson(record.ClipsParam) } : {}),
      Status: record.Status,
      Progress: record.Progress,
      MediaId: record.MediaId,
      MediaURL: record.MediaURL,
      ...(record.VodMediaId ? { VodMediaId: record.VodMediaId } : {}),
      ...(record.Duration !== undefined ? { Duration: record.Duration } : {}),
      ...(record.Status === "Failed" && record.Code
        ? { Code: record.Code, Message: record.Message ?? "" }
        : {}),
      ...(record.UserData ? { UserData: record.UserData } : {}),
      CreateTime: record.CreateTime,
      ModifiedTime: record.ModifiedTime,
      ...(done && record.CompleteTime ? { CompleteTime: record.CompleteTime } : {}),
    },
  };
};

export const submitMediaProducingJob = submit;
export const getMediaProducingJob = get;
