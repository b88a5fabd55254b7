/** Production: only what moves an editing project's status; the produced media is not modelled. */
import { utcSeconds } from "../../core/clock";
import { invalidParameter, missingParameter } from "../../core/errors";
import type { Handler, Transition } from "../../core/service";
import { editingProjects, newProjectId, requireEditingProject } from "./model";
import { jsonObject } from "./rules";
import { clipsOf } from "./timeline";

/** How long a production job runs before the project is Produced or ProduceFailed. */
export const PRODUCE_MS = 100;
export const PRODUCE_DONE = "ice.editingProjectProduced";

export const submitMediaProducingJob: Handler = (ctx) => {
  const p = ctx.params;
  const projectId = p.string("ProjectId");
  if (!projectId) {
    throw invalidParameter(
      p.style,
      "ProjectId",
      "the emulator produces editing projects only: give ProjectId",
    );
  }
  const output = jsonObject(p, "OutputMediaConfig");
  if (output === undefined) throw missingParameter(p.style, "OutputMediaConfig");
  const record = requireEditingProject(ctx, projectId);
  if (record.Status === "Producing") {
    throw invalidParameter(p.style, "ProjectId", "the project is already being produced");
  }
  const jobId = newProjectId();
  const failure = clipsOf(record.Timeline).every((clips) => clips.length === 0)
    ? { ErrorCode: "InvalidParameter", ErrorMessage: "The timeline has no clips to produce." }
    : ctx.taskFails("SubmitMediaProducingJob")
      ? { ErrorCode: "InternalError", ErrorMessage: "The media producing job failed." }
      : undefined;
  const { ErrorCode: _code, ErrorMessage: _message, ...rest } = record;
  editingProjects(ctx).set(projectId, { ...rest, Status: "Producing" });
  ctx.schedule(PRODUCE_MS, PRODUCE_DONE, { projectId, jobId, ...(failure ?? {}) });
  return { JobId: jobId, ProjectId: projectId, MediaId: newProjectId() };
};

export const editingProjectProduced: Transition = (ctx, payload) => {
  const table = editingProjects(ctx);
  const record = table.get(String(payload.projectId));
  if (!record) return;
  const failed = typeof payload.ErrorCode === "string";
  const eventTime = utcSeconds(ctx.now);
  table.set(record.ProjectId, {
    ...record,
    Status: failed ? "ProduceFailed" : "Produced",
    ...(failed
      ? {
          ErrorCode: String(payload.ErrorCode),
          ErrorMessage: JSON.stringify({
            EventTime: eventTime,
            ErrorCode: payload.ErrorCode,
            ErrorMessage: payload.ErrorMessage,
            JobId: payload.jobId,
          }),
        }
      : {}),
  });
};
