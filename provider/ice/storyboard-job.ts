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
import { jsonTrait, parseJsonText, toJsonText } from "../framework/json-value";
import { canonicalJson } from "../framework/plain";
import {
  PartialCreateError,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "../framework/spec";
import { ice } from "../operations";
import { isTransientCode, retryTransientFailures } from "../runtime/async-retry";
import type { AlibabaApiError } from "../runtime/errors";
import { outcomeUnknown, unlessNotFound, waitBudget, type Deadline } from "../framework/kit";
import { waitFor, WaitTimeoutError } from "../runtime/waiter";
import {
  DEFAULT_STORYBOARD_WAIT_SECONDS,
  ECHOED,
  PROGRESS_EVERY_MS,
  describeFailures,
  describeJob,
  failureMessage,
  needsRepair,
  observeJob,
  storyboardJobSchema,
  submittedOnly,
  titleAutoName,
  type Job,
  type JobOutputs,
  type StoryboardJobInputs,
} from "./storyboard-job-model";

export * from "./storyboard-job-model";

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
  { jobId, what }: { jobId: string; what: string },
  deadline: Deadline,
): Promise<Observed> {
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
      return awaitOutcome(ctx, inputs, { jobId, what }, deadline);
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
