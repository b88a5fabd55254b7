/**
 * ice.StoryboardJob's declared shape (schema, derived title) and its outputs: the JobResult strings,
 * several holding JSON (ICE API reference: GetYikeStoryboardJob), decoded into typed outputs, and how
 * a job's state is described in progress lines and failures.
 */
import { z } from "zod";
import { jsonValue, parseJsonText } from "../framework/json-value";
import { type AutoNameRule, type Observed } from "../framework/spec";
import { ice, type ResponseOf } from "../operations";

export const DEFAULT_STORYBOARD_WAIT_SECONDS = 3600;
export const TITLE_MAX_BYTES = 128;
export const EXEC_MODES = ["FullPipeline", "StoryboardOnly"] as const;
/** Progress lines at most this often while the state does not change (jobs can run for an hour). */
export const PROGRESS_EVERY_MS = 30_000;

const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** A value from a set the documentation only gives examples of: any trimmed, non-empty string. */
const apiValue = (example: string) =>
  z
    .string()
    .min(1, `must not be empty (e.g. ${example})`)
    .max(128, "must be at most 128 characters")
    .refine((v) => v.trim() === v, "must not start or end with spaces");

const title = z
  .string()
  .min(1, "must not be empty")
  .superRefine((value, ctx) => {
    const bytes = utf8Bytes(value);
    if (bytes > TITLE_MAX_BYTES) {
      ctx.addIssue({
        code: "custom",
        message: `must be at most ${TITLE_MAX_BYTES} bytes in UTF-8 (got ${bytes} bytes in ${[...value].length} characters)`,
      });
    }
  });

const userData = jsonValue("object").superRefine((value, ctx) => {
  const parsed = parseJsonText(value) as Record<string, unknown> | undefined;
  if (parsed === null || typeof parsed !== "object" || !("NotifyAddress" in parsed)) return;
  const address = parsed.NotifyAddress;
  if (typeof address !== "string" || !/^(https?:\/\/|mns:\/\/|acs:mns:)\S+$/.test(address)) {
    ctx.addIssue({
      code: "custom",
      path: ["NotifyAddress"],
      message: "must be an HTTP(S) callback URL or an MNS address",
    });
  }
});

export const storyboardJobSchema = z.object({
  fileUrl: z
    .string()
    .regex(/^(https?|oss):\/\/[^\s/]+\/\S+$/, "must be the http(s) or oss:// URL of a file in OSS"),
  sourceType: apiValue("Novel").optional(),
  shotSplitMode: apiValue("firstPersonNarration").optional(),
  shotPromptMode: apiValue("multi").optional(),
  styleId: apiValue("RealisticPhotography").optional(),
  narrationVoiceId: apiValue("sys_YoungGracefulWoman").optional(),
  videoModel: apiValue("wan2.6-r2v-flash").optional(),
  resolution: apiValue("720P").optional(),
  aspectRatio: z
    .string()
    .regex(/^[1-9]\d{0,3}:[1-9]\d{0,3}$/, "must be width:height, such as 16:9 or 4:3")
    .optional(),
  title: title.optional(),
  modelParams: jsonValue("object").optional(),
  userData: userData.optional(),
  execMode: z.enum(EXEC_MODES).optional(),
  skipFailureShot: z.boolean().optional(),
  triggers: z.json().optional(),
  waitTimeoutSeconds: z.number().int().min(0).max(86_400).optional(),
  resumeOnFailure: z.boolean().optional(),
  adoptJobId: z.string().min(1).optional(),
});
export type StoryboardJobInputs = z.infer<typeof storyboardJobSchema>;

/** The logical name, cut to whole characters so that name, `-` and a 7-character suffix fit 128 bytes. */
export const titleAutoName: AutoNameRule = {
  field: "title",
  maxLength: TITLE_MAX_BYTES,
  sanitize: (logical) => {
    let out = "";
    for (const char of logical) {
      if (utf8Bytes(out + char) > TITLE_MAX_BYTES - 8) break;
      out += char;
    }
    return out;
  },
};

/** Declared job parameters and their names in GetYikeStoryboardJob's JobParams echo. */
export const ECHOED: Record<string, string> = {
  fileUrl: "FileURL",
  sourceType: "SourceType",
  shotSplitMode: "ShotSplitMode",
  shotPromptMode: "ShotPromptMode",
  styleId: "StyleId",
  narrationVoiceId: "NarrationVoiceId",
  videoModel: "VideoModel",
  resolution: "Resolution",
  aspectRatio: "AspectRatio",
  modelParams: "ModelParams",
};

// ---- JobResult: strings, several holding JSON (ICE API reference: GetYikeStoryboardJob) → typed outputs

export interface StoryboardInfo {
  storyboardId: string;
  title: string;
  status: string;
  subStatus: string;
}

export interface FailedShot {
  storyboardId: string;
  shotId: string;
  errorCode: string;
}

export type Job = ResponseOf<typeof ice.GetYikeStoryboardJob>;
type JobResult = NonNullable<Job["JobResult"]>;

/**
 * A JSON list carried in a string. The documentation's own examples show the quotes backslash-escaped
 * (`[\"st_1\"]`), so that form is accepted too.
 */
export function decodeJsonList(field: string, text: string | undefined): unknown[] {
  if (text === undefined || text.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = JSON.parse(text.replace(/\\"/g, '"'));
    } catch {
      throw new Error(
        `GetYikeStoryboardJob returned JobResult.${field} that is not a JSON list: ${text.slice(0, 120)}`,
      );
    }
  }
  if (!Array.isArray(parsed)) {
    throw new Error(`GetYikeStoryboardJob returned JobResult.${field} that is not a JSON list`);
  }
  return parsed;
}

const text = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};

export function decodeJobResult(result: JobResult | undefined) {
  const storyboards: StoryboardInfo[] = decodeJsonList("StoryboardInfoList", result?.StoryboardInfoList)
    .map(record)
    .map((s) => ({
      storyboardId: text(s.storyboardId),
      title: text(s.title),
      status: text(s.status),
      subStatus: text(s.subStatus),
    }));
  const successful = [
    ...decodeJsonList("SuccessStoryboardList", result?.SuccessStoryboardList).map(text),
    ...(result?.SuccessStoryboardIds ?? "").split(",").map((id) => id.trim()),
  ].filter((id) => id !== "");
  const failedShots: FailedShot[] = decodeJsonList("FailureShotList", result?.FailureShotList)
    .map(record)
    .map((s) => ({
      storyboardId: text(s.storyboardId),
      shotId: text(s.shotId),
      errorCode: text(s.errorCode),
    }));
  return {
    outputUrl: result?.OutputUrl ?? "",
    storyboards,
    successfulStoryboardIds: [...new Set(successful)],
    failedStoryboardIds: decodeJsonList("ExceptionStoryboardIds", result?.ExceptionStoryboardIds)
      .map(text)
      .filter((id) => id !== ""),
    failedShots,
  };
}

export type JobOutputs = ReturnType<typeof decodeJobResult> & {
  jobId: string;
  jobStatus: string;
  incomplete: boolean;
};

/**
 * `incomplete`: work is left for the next `pulumi up`: the job is still running, or it failed and
 * will be resumed. It is the one output the diff reads (state with `incomplete: true` is an update),
 * so a pending resume shows in `pulumi preview` and survives a `pulumi refresh`, which clears the
 * engine's record of the failed create.
 */
export function observeJob(job: Job, resumeOnFailure: unknown): Observed & { outputs: JobOutputs } {
  const outputs = { jobId: job.JobId, jobStatus: job.JobStatus, ...decodeJobResult(job.JobResult) };
  const incomplete = job.JobStatus === "Running" || (needsRepair(outputs) && resumeOnFailure !== false);
  return { id: job.JobId, outputs: { ...outputs, incomplete } };
}

/** Before the first answer: the job exists, nothing is known about it yet. */
export function submittedOnly(jobId: string): Observed {
  return {
    id: jobId,
    outputs: {
      jobId,
      jobStatus: "Running",
      ...decodeJobResult(undefined),
      incomplete: true,
    },
  };
}

/** Ended Failed, or with failed shots or storyboards: worth resuming. */
export function needsRepair(
  outputs: Pick<JobOutputs, "jobStatus" | "failedShots" | "failedStoryboardIds">,
): boolean {
  return (
    outputs.jobStatus === "Failed" || outputs.failedShots.length > 0 || outputs.failedStoryboardIds.length > 0
  );
}

export function describeJob(outputs: JobOutputs): string {
  const total = outputs.storyboards.length;
  const produced = outputs.storyboards.filter((s) => s.status === "Produced").length;
  return total > 0 ? `${outputs.jobStatus} (${produced}/${total} storyboards produced)` : outputs.jobStatus;
}

export function describeFailures(outputs: JobOutputs): string {
  const parts: string[] = [];
  if (outputs.failedStoryboardIds.length > 0)
    parts.push(`failed storyboards ${outputs.failedStoryboardIds.join(", ")}`);
  if (outputs.failedShots.length > 0) {
    const shots = outputs.failedShots.map(
      (s) => `${s.storyboardId}/${s.shotId} (${s.errorCode || "no code"})`,
    );
    parts.push(`failed shots ${shots.join(", ")}`);
  }
  return parts.join("; ") || "no failure details given";
}

export function failureMessage(outputs: JobOutputs, inputs: StoryboardJobInputs): string {
  const ended = outputs.jobStatus === "Failed" ? "ended Failed" : `ended ${outputs.jobStatus} with failures`;
  const next =
    inputs.resumeOnFailure === false
      ? "resumeOnFailure is false, so the next `pulumi up` keeps the job as it is without resuming it; " +
        "change `triggers` to submit a new job instead."
      : "The job is recorded in the stack: the next `pulumi up` resumes it with ResumeYikeStoryboardJob " +
        "(only what failed is redone) instead of submitting a new job. Set resumeOnFailure: false to keep it " +
        "as it is, or change `triggers` to submit a new job.";
  return `storyboard job ${outputs.jobId} ${ended}: ${describeFailures(outputs)}. ${next}`;
}
