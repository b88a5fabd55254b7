/**
 * ice.MediaProducingJob (ICE SubmitMediaProducingJob / GetMediaProducingJob): renders an editing
 * project, a timeline, or a template filled by clipsParam to an OSS object or a VOD media asset.
 *
 * A render is immutable (there is no update API), so every input replaces it; `triggers` (any JSON)
 * exists only to force a new render. JSON inputs are compared by meaning.
 * What each field does on change: docs/resources/ice-media-producing-job.md, generated from `fields` below.
 * The ID is the JobId. There is no delete API: delete only removes the job from the stack's state,
 * with a log line.
 *
 * Create submits with a ClientToken derived from the resource's identity and what it renders, then
 * waits (Init → Queuing → Processing → Success / Failed) with progress in the log, within
 * waitTimeoutSeconds. ICE answers a repeated token with the first job, so a submit retried after a
 * lost answer, or repeated by the next `pulumi up` after a killed host, never renders twice. A wait
 * that ends early (time-out, a stopped host) or a job that fails is partial state carrying the JobId:
 * the `incomplete` output plans an update, which keeps waiting or reports the failure again.
 */
import { jsonTrait, toJsonText } from "../framework/json-value";
import { afterIdKnown, unlessNotFound, waitBudget } from "../framework/kit";
import { PartialCreateError, type ResourceContext, type ResourceSpec } from "../framework/spec";
import { ice } from "../operations";
import { waitFor, WaitTimeoutError } from "../runtime/waiter";
import {
  DEFAULT_RENDER_WAIT_SECONDS,
  describeJob,
  failureMessage,
  mediaProducingJobCrossChecks,
  mediaProducingJobSchema,
  observeJob,
  outputMediaConfigWire,
  renderClientToken,
  submittedOnly,
  type Job,
  type MediaProducingJobInputs,
} from "./media-producing-job-model";

export * from "./media-producing-job-model";

/** Progress lines at most this often while the status and progress do not change. */
const PROGRESS_EVERY_MS = 30_000;

async function getJob(ctx: ResourceContext, jobId: string): Promise<Job | undefined> {
  const response = await unlessNotFound(ctx.clients.ice.call(ice.GetMediaProducingJob, { JobId: jobId }));
  return response?.MediaProducingJob;
}

async function submit(ctx: ResourceContext, inputs: MediaProducingJobInputs, clientToken: string) {
  const response = await ctx.clients.ice.call(ice.SubmitMediaProducingJob, {
    ClientToken: clientToken,
    ProjectId: inputs.projectId,
    Timeline: toJsonText(inputs.timeline),
    TemplateId: inputs.templateId,
    ClipsParam: toJsonText(inputs.clipsParam),
    OutputMediaTarget: inputs.outputMediaTarget,
    OutputMediaConfig: outputMediaConfigWire(inputs.outputMediaConfig),
    EditingProduceConfig: toJsonText(inputs.editingProduceConfig),
    MediaMetadata: toJsonText(inputs.mediaMetadata),
    UserData: toJsonText(inputs.userData),
  });
  ctx.log.info(`submitted media producing job ${response.JobId} (client token ${clientToken.slice(0, 12)}…)`);
  return response;
}

/** Waits until the job is Success or Failed; anything else is partial state carrying the job. */
// No `hint` from Progress: it moves in steps (10 % through most of the render in the emulator), and an
// estimate from a step sleeps far past the end (bench/RESULTS.md "Waiting": 11 s late on a 60 s render).
async function awaitOutcome(ctx: ResourceContext, inputs: MediaProducingJobInputs, jobId: string) {
  const what = `media producing job ${jobId}`;
  let last: ReturnType<typeof observeJob> = submittedOnly(jobId);
  let logged = { at: -Infinity, state: "" };
  let job: Job;
  try {
    job = await waitFor({
      what,
      poll: async () => {
        const current = await getJob(ctx, jobId);
        if (!current) throw new Error(`${what} disappeared while waiting for it`);
        last = observeJob(current);
        return current;
      },
      describe: describeJob,
      isDone: (current) => current.Status === "Success" || current.Status === "Failed",
      timeoutMs: waitBudget(inputs.waitTimeoutSeconds, DEFAULT_RENDER_WAIT_SECONDS).remainingMs(),
      onProgress: (current, elapsed) => {
        const state = describeJob(current);
        if (state === logged.state && elapsed - logged.at < PROGRESS_EVERY_MS) return;
        logged = { at: elapsed, state };
        ctx.log.info(`${what}: ${state} after ${Math.round(elapsed / 1000)}s`);
      },
    });
  } catch (error) {
    if (error instanceof WaitTimeoutError) throw new PartialCreateError(error.message, last);
    throw afterIdKnown(error, last, what);
  }
  const observed = observeJob(job);
  if (job.Status === "Failed") throw new PartialCreateError(failureMessage(job), observed);
  ctx.log.info(`${what} succeeded: ${observed.outputs.duration}s rendered to ${observed.outputs.mediaUrl}`);
  return observed;
}

export const mediaProducingJobSpec: ResourceSpec<MediaProducingJobInputs> = {
  type: "ice:MediaProducingJob",
  schema: mediaProducingJobSchema,
  crossChecks: mediaProducingJobCrossChecks,
  // Nothing names the job: the new render is submitted before the old one leaves the state.
  deleteBeforeReplace: false,
  fields: {
    projectId: { mode: "replace" },
    timeline: jsonTrait("replace"),
    templateId: { mode: "replace" },
    clipsParam: jsonTrait("replace"),
    outputMediaTarget: { mode: "replace", default: "oss-object" },
    outputMediaConfig: jsonTrait("replace"),
    editingProduceConfig: jsonTrait("replace"),
    mediaMetadata: jsonTrait("replace"),
    userData: jsonTrait("replace"),
    triggers: jsonTrait("replace"),
    waitTimeoutSeconds: { mode: "ignore" },
    // An output, never an input: true until the job succeeded (see observeJob).
    incomplete: { mode: "update", default: false },
  },

  async create(ctx, inputs, meta) {
    const submitted = await submit(ctx, inputs, renderClientToken(meta.owner, inputs));
    return awaitOutcome(ctx, inputs, submitted.JobId);
  },

  async read(ctx, id) {
    const job = await getJob(ctx, id);
    return job && observeJob(job);
  },

  // Every declared field replaces, so update runs only for a job left incomplete: keep waiting on a
  // job still running; a failed one fails again, saying how to render anew.
  async update(ctx, id, _state, inputs) {
    const job = await getJob(ctx, id);
    if (!job) {
      throw new Error(
        `media producing job ${id} no longer exists in ICE; run \`pulumi refresh\` to drop it, then \`pulumi up\` submits a new one`,
      );
    }
    if (job.Status === "Failed") throw new PartialCreateError(failureMessage(job), observeJob(job));
    if (job.Status === "Success") return observeJob(job);
    ctx.log.info(`media producing job ${id} is ${describeJob(job)}; waiting for it`);
    return awaitOutcome(ctx, inputs, id);
  },

  async delete(ctx, id, state) {
    const media =
      typeof state.mediaUrl === "string" && state.mediaUrl ? ` and its output ${state.mediaUrl}` : "";
    ctx.log.info(
      `ICE has no API to delete media producing jobs: job ${id} is only removed from the stack's state (the job${media} remain in ICE)`,
    );
  },
};
