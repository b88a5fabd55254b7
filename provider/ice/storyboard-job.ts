/**
 * ice.StoryboardJob (ICE SubmitYikeStoryboardJob / GetYikeStoryboardJob / ResumeYikeStoryboardJob,
 * ICE API reference: SubmitYikeStoryboardJob): a Yike AI job that turns a source file (a novel, …) into storyboards and, with
 * execMode FullPipeline, shot videos.
 *
 * A job is immutable (there is no update API), so every input of the API replaces it; `triggers`
 * (any JSON) exists only to force a new job. The `incomplete` output (running, or failed and to be
 * resumed) plans an update that waits or resumes.
 * What each field does on change: docs/resources/ice-storyboard-job.md, generated from `fields` below.
 * modelParams and userData are compared by meaning (object or JSON text, any formatting).
 * The ID is the JobId. There is no delete API: delete only removes the job from the stack's state.
 *
 * Create submits the job and waits until it is Succeeded or Failed. A job that ends Failed, or with
 * failed shots or storyboards, is resumed with ResumeYikeStoryboardJob within the same apply, at most
 * twice, inside waitTimeoutSeconds (runtime/async-retry.ts), unless resumeOnFailure is false or a
 * failed shot's code names bad input, a missing resource or a permission. A job still failed after
 * that, or that outlives waitTimeoutSeconds, is recorded as partial state: the next `pulumi up` runs
 * an update, which resumes it with ResumeYikeStoryboardJob (only what failed is
 * redone; unless resumeOnFailure is false, then the job is kept as it is) or keeps waiting. The
 * `incomplete` output makes such a state show as an update in the diff too, so a preview announces
 * the resume and a `pulumi refresh` in between (which clears the engine's init errors) loses nothing.
 *
 * SubmitYikeStoryboardJob mints the JobId on the server and takes no client token, and no API finds
 * a job by anything else, so a submit whose answer is lost cannot be checked or safely repeated: it is
 * never retried after an ambiguous failure (operations table: not-idempotent), and the error tells
 * the user how to look for the job (by its title) and take it over with `adoptJobId`.
 */
import { z } from "zod";
import { jsonTrait, jsonValue, parseJsonText, toJsonText } from "../framework/json-value";
import { canonicalJson } from "../framework/plain";
import {
  PartialCreateError,
  type AutoNameRule,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "../framework/spec";
import { ice, type ResponseOf } from "../operations";
import { isTransientCode, retryTransientFailures } from "../runtime/async-retry";
import type { AlibabaApiError } from "../runtime/errors";
import { outcomeUnknown, unlessNotFound, waitBudget, type Deadline } from "../framework/kit";
import { waitFor, WaitTimeoutError } from "../runtime/waiter";

export const DEFAULT_STORYBOARD_WAIT_SECONDS = 3600;
export const TITLE_MAX_BYTES = 128;
export const EXEC_MODES = ["FullPipeline", "StoryboardOnly"] as const;
/** Progress lines at most this often while the state does not change (jobs can run for an hour). */
const PROGRESS_EVERY_MS = 30_000;

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
const ECHOED: Record<string, string> = {
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

type Job = ResponseOf<typeof ice.GetYikeStoryboardJob>;
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
function submittedOnly(jobId: string): Observed {
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

function describeJob(outputs: JobOutputs): string {
  const total = outputs.storyboards.length;
  const produced = outputs.storyboards.filter((s) => s.status === "Produced").length;
  return total > 0 ? `${outputs.jobStatus} (${produced}/${total} storyboards produced)` : outputs.jobStatus;
}

function describeFailures(outputs: JobOutputs): string {
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

function failureMessage(outputs: JobOutputs, inputs: StoryboardJobInputs): string {
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

// ---- API calls

function getJob(ctx: ResourceContext, jobId: string): Promise<Job | undefined> {
  return unlessNotFound(ctx.clients.ice.call(ice.GetYikeStoryboardJob, { JobId: jobId }));
}

function lostSubmitMessage(error: AlibabaApiError, inputs: StoryboardJobInputs, at: Date): string {
  return (
    `SubmitYikeStoryboardJob may have created a storyboard job, but its answer was lost (${error.message}). ` +
    "ICE takes no client token and finds jobs only by their JobId, so the provider cannot check, and it does " +
    "not submit again on its own (a second job would be billed too). Look in the ICE console for a Yike " +
    `storyboard job titled ${JSON.stringify(inputs.title ?? "")} submitted at ${at.toISOString()}: if it is ` +
    'there, set `adoptJobId: "<its JobId>"` on this resource and run `pulumi up` to take it over; if it is ' +
    "not, run `pulumi up` again to submit."
  );
}

async function submit(ctx: ResourceContext, inputs: StoryboardJobInputs): Promise<string> {
  const at = new Date();
  try {
    const response = await ctx.clients.ice.call(ice.SubmitYikeStoryboardJob, {
      FileURL: inputs.fileUrl,
      SourceType: inputs.sourceType,
      ShotSplitMode: inputs.shotSplitMode,
      ShotPromptMode: inputs.shotPromptMode,
      StyleId: inputs.styleId,
      NarrationVoiceId: inputs.narrationVoiceId,
      VideoModel: inputs.videoModel,
      Resolution: inputs.resolution,
      AspectRatio: inputs.aspectRatio,
      Title: inputs.title,
      ModelParams: toJsonText(inputs.modelParams),
      UserData: toJsonText(inputs.userData),
      ExecMode: inputs.execMode,
      SkipFailureShot: inputs.skipFailureShot,
    });
    ctx.log.info(`submitted storyboard job ${response.JobId} (${JSON.stringify(inputs.title ?? "")})`);
    return response.JobId;
  } catch (error) {
    if (outcomeUnknown(error)) throw new Error(lostSubmitMessage(error, inputs, at));
    throw error;
  }
}

/** One wait budget (waitTimeoutSeconds) for everything an apply waits for, retries included. */
const deadlineOf = (inputs: StoryboardJobInputs): Deadline =>
  waitBudget(inputs.waitTimeoutSeconds, DEFAULT_STORYBOARD_WAIT_SECONDS);

/** The job ended Failed or with failures: partial state, carrying the job as last seen. */
class JobEndedWithFailures extends PartialCreateError {
  override name = "JobEndedWithFailures";
  constructor(
    message: string,
    readonly job: Observed & { outputs: JobOutputs },
  ) {
    super(message, job);
  }
}

/**
 * The failure codes when another run may fix the failure; undefined when a failed shot's code names
 * bad input, a missing resource or a permission. Yike reports generation failures per shot (e.g.
 * NoMediaData) and per storyboard (without a code), with codes the documentation does not list, and
 * ResumeYikeStoryboardJob exists to redo exactly those: so unlisted codes count as transient here.
 */
export function transientJobFailure(outputs: JobOutputs): string | undefined {
  if (!needsRepair(outputs)) return undefined;
  const codes = [...new Set(outputs.failedShots.map((shot) => shot.errorCode).filter((code) => code !== ""))];
  if (codes.some((code) => !isTransientCode(code, "transient"))) return undefined;
  return codes.length > 0 ? codes.join(", ") : `${outputs.jobStatus} (no error code)`;
}

/**
 * Waits until the job leaves Running. Whatever goes wrong from here on, the job exists, so every
 * failure is partial state (recorded, picked up by the next `pulumi up`), never an orphan.
 */
async function awaitOutcome(
  ctx: ResourceContext,
  inputs: StoryboardJobInputs,
  jobId: string,
  deadline: Deadline,
): Promise<Observed> {
  const what = `storyboard job ${jobId}`;
  let last = submittedOnly(jobId);
  let lastLogged = { at: -Infinity, state: "" };
  try {
    const job = await waitFor({
      what,
      poll: async () => {
        const current = await getJob(ctx, jobId);
        if (!current) throw new Error(`${what} disappeared while waiting for it`);
        last = observeJob(current, inputs.resumeOnFailure);
        return current;
      },
      describe: (job) => describeJob(observeJob(job, inputs.resumeOnFailure).outputs),
      isDone: (job) => job.JobStatus !== "Running",
      timeoutMs: deadline.remainingMs(),
      onProgress: (job, elapsed) => {
        const state = describeJob(observeJob(job, inputs.resumeOnFailure).outputs);
        if (state === lastLogged.state && elapsed - lastLogged.at < PROGRESS_EVERY_MS) return;
        lastLogged = { at: elapsed, state };
        ctx.log.info(`${what}: ${state} after ${Math.round(elapsed / 1000)}s`);
      },
    });
    const observed = observeJob(job, inputs.resumeOnFailure);
    if (needsRepair(observed.outputs))
      throw new JobEndedWithFailures(failureMessage(observed.outputs, inputs), observed);
    ctx.log.info(
      `${what} succeeded: ${describeJob(observed.outputs)}, output ${observed.outputs.outputUrl || "(none)"}`,
    );
    return observed;
  } catch (error) {
    if (error instanceof PartialCreateError) throw error;
    if (error instanceof WaitTimeoutError) throw new PartialCreateError(error.message, last);
    throw new PartialCreateError(
      `${what} exists, but following it failed: ${(error as Error).message}. It is recorded in the stack; ` +
        "the next `pulumi up` picks it up where it is.",
      last,
    );
  }
}

/**
 * Waits for the job; when it ends with failures of a transient cause, resumes it and waits again
 * (ASYNC_RETRIES times at most, within the deadline; never with resumeOnFailure false).
 */
async function followToEnd(
  ctx: ResourceContext,
  inputs: StoryboardJobInputs,
  jobId: string,
  deadline: Deadline,
): Promise<Observed> {
  const what = `storyboard job ${jobId}`;
  let last: Observed | undefined;
  return retryTransientFailures({
    what,
    redo: "resuming it (ResumeYikeStoryboardJob: only what failed is redone)",
    run: async (attempt) => {
      if (attempt > 1) {
        try {
          await ctx.clients.ice.call(ice.ResumeYikeStoryboardJob, { JobId: jobId });
        } catch (error) {
          throw new PartialCreateError(
            `${what} failed and resuming it failed: ${(error as Error).message}. It is recorded in the stack; ` +
              "the next `pulumi up` resumes it.",
            last ?? submittedOnly(jobId),
          );
        }
      }
      return awaitOutcome(ctx, inputs, jobId, deadline);
    },
    transientCode: (error) => {
      if (!(error instanceof JobEndedWithFailures) || inputs.resumeOnFailure === false) return undefined;
      last = error.job;
      return transientJobFailure(error.job.outputs);
    },
    remainingMs: () => deadline.remainingMs(),
    log: (message) => ctx.log.info(message),
  });
}

/** Brings an existing job to a finished state: keep waiting, resume what failed, or keep it as it is. */
async function converge(ctx: ResourceContext, inputs: StoryboardJobInputs, job: Job): Promise<Observed> {
  const observed = observeJob(job, inputs.resumeOnFailure);
  const deadline = deadlineOf(inputs);
  if (job.JobStatus === "Running") {
    ctx.log.info(`storyboard job ${job.JobId} is still running; waiting for it`);
    return followToEnd(ctx, inputs, job.JobId, deadline);
  }
  if (!needsRepair(observed.outputs)) return observed;
  if (inputs.resumeOnFailure === false) {
    ctx.log.warn(
      `storyboard job ${job.JobId} ${job.JobStatus === "Failed" ? "failed" : "has failures"} ` +
        `(${describeFailures(observed.outputs)}); resumeOnFailure is false, so it is kept as it is`,
    );
    return observed;
  }
  ctx.log.info(`resuming storyboard job ${job.JobId} (${describeFailures(observed.outputs)})`);
  await ctx.clients.ice.call(ice.ResumeYikeStoryboardJob, { JobId: job.JobId });
  return followToEnd(ctx, inputs, job.JobId, deadline);
}

/** adoptJobId: take over an existing job after checking it was submitted with the declared parameters. */
async function adopt(ctx: ResourceContext, inputs: StoryboardJobInputs, jobId: string): Promise<Observed> {
  const job = await getJob(ctx, jobId);
  if (!job) throw new Error(`adoptJobId: ICE has no storyboard job ${jobId}`);
  const echoed = (job.JobParams ?? {}) as Record<string, string | undefined>;
  const differing = Object.entries(ECHOED).filter(([field, wire]) => {
    const declared = inputs[field as keyof StoryboardJobInputs];
    if (declared === undefined) return false;
    const actual = echoed[wire];
    const norm = (v: unknown) => canonicalJson(field === "modelParams" ? parseJsonText(v) : v);
    return actual === undefined || norm(actual) !== norm(declared);
  });
  if (differing.length > 0) {
    const details = differing.map(
      ([field, wire]) => `${field} (job: ${JSON.stringify(echoed[wire] ?? null)})`,
    );
    throw new Error(
      `cannot adopt storyboard job ${jobId}: it was submitted with other parameters: ${details.join(", ")}`,
    );
  }
  ctx.log.info(
    `adopting storyboard job ${jobId} (titled ${JSON.stringify(echoed.Title ?? "")}) instead of submitting one; ` +
      "remove adoptJobId from the program now, or a later replacement would take over this job again",
  );
  return converge(ctx, inputs, job);
}

export const storyboardJobSpec: ResourceSpec<StoryboardJobInputs> = {
  type: "ice:StoryboardJob",
  schema: storyboardJobSchema,
  // Nothing names the job: the replacement is submitted before the old one leaves the state.
  deleteBeforeReplace: false,
  autoName: titleAutoName,
  fields: {
    fileUrl: { mode: "replace" },
    sourceType: { mode: "replace" },
    shotSplitMode: { mode: "replace" },
    shotPromptMode: { mode: "replace" },
    styleId: { mode: "replace" },
    narrationVoiceId: { mode: "replace" },
    videoModel: { mode: "replace" },
    resolution: { mode: "replace" },
    aspectRatio: { mode: "replace" },
    title: { mode: "replace" },
    modelParams: jsonTrait("replace"),
    userData: jsonTrait("replace"),
    execMode: { mode: "replace" },
    skipFailureShot: { mode: "replace", default: true },
    triggers: { mode: "replace" },
    waitTimeoutSeconds: { mode: "ignore" },
    resumeOnFailure: { mode: "ignore" },
    adoptJobId: { mode: "ignore" },
    // An output, never an input: true while the next `pulumi up` has work to do (see observeJob).
    incomplete: { mode: "update", default: false },
  },

  async create(ctx, inputs) {
    if (inputs.adoptJobId !== undefined) return adopt(ctx, inputs, inputs.adoptJobId);
    const deadline = deadlineOf(inputs);
    return followToEnd(ctx, inputs, await submit(ctx, inputs), deadline);
  },

  async read(ctx, id, state) {
    const job = await getJob(ctx, id);
    return job && observeJob(job, state.resumeOnFailure);
  },

  // Every declared field replaces, so update runs only for a job left incomplete (a partial create or
  // update, or the `incomplete` output after a refresh): keep waiting, or resume what failed.
  async update(ctx, id, _state, inputs) {
    const job = await getJob(ctx, id);
    if (!job) {
      throw new Error(
        `storyboard job ${id} no longer exists in ICE; run \`pulumi refresh\` to drop it, then \`pulumi up\` submits a new one`,
      );
    }
    return converge(ctx, inputs, job);
  },

  async delete(ctx, id, state) {
    const output =
      typeof state.outputUrl === "string" && state.outputUrl ? ` and its output ${state.outputUrl}` : "";
    ctx.log.info(
      `ICE has no API to delete storyboard jobs: job ${id} is only removed from the stack's state (the job${output} remain in ICE)`,
    );
  },
};
