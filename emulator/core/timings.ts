/** How long the emulator's asynchronous work takes. Short defaults keep tests fast. */
import { z } from "zod";

const duration = z
  .number()
  .int()
  .min(0)
  .max(24 * 3600_000);

export const timingsSchema = z.strictObject({
  /** CreateBinding: full scan until the binding is Running / IncrementalScanning and files are indexed. */
  bindingScanMs: duration.optional(),
  /** IndexFileMeta / BatchIndexFileMeta: until the file is Indexed. */
  indexMs: duration.optional(),
  /** CreateStory: the StoryCreation task's run time. */
  storyTaskMs: duration.optional(),
  /** CreateBatch: time a batch spends Running (Ready → Running takes a tenth of it). */
  batchMs: duration.optional(),
  /** SubmitYikeStoryboardJob / ResumeYikeStoryboardJob: time until the job finishes. */
  yikeJobMs: duration.optional(),
  /** SubmitMediaProducingJob: Init → Queuing → Processing (a tenth each) → Success / Failed. */
  mediaProducingJobMs: duration.optional(),
  /** AddTemplate / UpdateTemplate of a VETemplate: Processing until Available or ProcessFailed. */
  templateProcessMs: duration.optional(),
  /** CreateTrigger / ResumeTrigger: until a trigger is Running (or Failed). */
  triggerStartMs: duration.optional(),
});
export type Timings = Required<z.infer<typeof timingsSchema>>;

export const DEFAULT_TIMINGS: Timings = {
  bindingScanMs: 500,
  indexMs: 100,
  storyTaskMs: 500,
  batchMs: 1000,
  yikeJobMs: 1000,
  mediaProducingJobMs: 500,
  templateProcessMs: 300,
  triggerStartMs: 100,
};
