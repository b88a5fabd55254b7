/**
 * ICE media producing jobs (ICE API reference: SubmitMediaProducingJob, GetMediaProducingJob): render
 * an editing project, a timeline, or a template filled by ClipsParam, to an OSS object or a VOD media
 * asset. There is no API to delete or list a job.
 *
 * - A job goes Init → Queuing → Processing → Success / Failed on `mediaProducingJobMs`. A timeline
 *   without a clip ends Failed (InvalidParameter, "no clips"), as does a job struck by the injected
 *   task failure (InternalError). A rendered project is Producing meanwhile, then Produced or
 *   ProduceFailed; a project already Producing cannot be submitted again.
 * - ClientToken: a submit repeating an earlier token answers that job (same JobId, ProjectId and
 *   MediaId) and renders nothing new.
 * - ICE limits SubmitMediaProducingJob to 30 requests per second (the page's Limits): more answer
 *   Throttling.User with x-acs-retry-after (see the product's rateLimit).
 * - A template job needs an Available template of this emulator (AddTemplate).
 *
 * Not documented, so chosen here: an unknown JobId answers ResourceNotFound/404; a timeline or template
 * job answers a fresh ProjectId without creating a visible editing project; a clip without timings
 * lasts 5 seconds; the VOD MediaURL is a synthetic address known once the job succeeds.
 */
import type { Handler, Transition } from "../../core/service";
import { getMediaProducingJob, submitMediaProducingJob } from "./handlers";
import { JOB_STEP, step } from "./progress";

/** SubmitMediaProducingJob's documented throttling threshold, per account. */
export const SUBMIT_QPS = 30;

export const mediaProducingJobHandlers = {
  SubmitMediaProducingJob: submitMediaProducingJob,
  GetMediaProducingJob: getMediaProducingJob,
} satisfies Record<string, Handler>;

export const mediaProducingJobTransitions = {
  [JOB_STEP]: step,
} satisfies Record<string, Transition>;
