/**
 * What production does to an editing project: Producing while a media producing job renders it, then
 * Produced or ProduceFailed (with the job's error). The jobs themselves are the media-producing-jobs
 * family; this is the part of them an editing project sees.
 */
import { utcSeconds } from "../../core/clock";
import { invalidParameter } from "../../core/errors";
import type { HandlerContext, Transition, WorldContext } from "../../core/service";
import { type EditingProjectRecord, editingProjects, requireEditingProject } from "./model";

/** Kept registered so a state file saved before jobs had their own records still finishes. */
export const PRODUCE_DONE = "ice.editingProjectProduced";

/** Marks the project Producing for a new job; answers the project, whose timeline the job renders. */
export function startProducing(ctx: HandlerContext, projectId: string): EditingProjectRecord {
  const record = requireEditingProject(ctx, projectId);
  if (record.Status === "Producing") {
    throw invalidParameter(ctx.style, "ProjectId", "the project is already being produced");
  }
  const { ErrorCode: _code, ErrorMessage: _message, ...rest } = record;
  editingProjects(ctx).set(projectId, { ...rest, Status: "Producing" });
  return record;
}

/** The job ended: Produced, or ProduceFailed carrying the job's error as the search results show it. */
export function finishProducing(
  ctx: WorldContext,
  projectId: string,
  jobId: string,
  failure?: { Code: string; Message: string },
): void {
  const table = editingProjects(ctx);
  const record = table.get(projectId);
  if (!record) return;
  const eventTime = utcSeconds(ctx.now);
  table.set(record.ProjectId, {
    ...record,
    Status: failure ? "ProduceFailed" : "Produced",
    ...(failure
      ? {
          ErrorCode: failure.Code,
          ErrorMessage: JSON.stringify({
            EventTime: eventTime,
            ErrorCode: failure.Code,
            ErrorMessage: failure.Message,
            JobId: jobId,
          }),
        }
      : {}),
  });
}

export const editingProjectProduced: Transition = (ctx, payload) => {
  const failed = typeof payload.ErrorCode === "string";
  finishProducing(
    ctx,
    String(payload.projectId),
    String(payload.jobId),
    failed ? { Code: String(payload.ErrorCode), Message: String(payload.ErrorMessage) } : undefined,
  );
};
