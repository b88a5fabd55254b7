/**
 * ice.MediaProducingJob's declared shape (schema, cross-field rules), its wire form (the
 * SubmitMediaProducingJob request and its ClientToken) and its outputs (GetMediaProducingJob's job).
 * ICE API reference: SubmitMediaProducingJob, GetMediaProducingJob.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJsonText, jsonValue, parseJsonText } from "../framework/json-value";
import type { Observed } from "../framework/spec";
import type { ice, ResponseOf } from "../operations";

export const DEFAULT_RENDER_WAIT_SECONDS = 3600;
export const OUTPUT_TARGETS = ["oss-object", "vod-media"] as const;
/** "Custom settings, in JSON format, with a maximum length of 512 bytes." */
export const USER_DATA_MAX_BYTES = 512;
export const FINAL_STATUSES = ["Success", "Failed"] as const;

const dimension = z.number().int().positive("must be a positive integer").max(7680, "must be at most 7680");

export const outputMediaConfigSchema = z.strictObject({
  /** OSS: the http(s) URL of the output object. */
  mediaUrl: z
    .string()
    .regex(
      /^https?:\/\/[^\s/]+\/\S+$/,
      "must be the http(s) URL of an OSS object, such as https://bucket.oss-cn-shanghai.aliyuncs.com/out.mp4",
    )
    .optional(),
  /** VOD: the storage address and the file name. */
  storageLocation: z.string().min(1, "must not be empty").optional(),
  fileName: z.string().min(1, "must not be empty").optional(),
  width: dimension.optional(),
  height: dimension.optional(),
  bitrate: z.number().int().positive("must be a positive integer (Kbit/s)").optional(),
});
export type OutputMediaConfig = z.infer<typeof outputMediaConfigSchema>;

const userData = jsonValue("object").superRefine((value, ctx) => {
  const parsed = parseJsonText(value);
  // Text that is not a JSON object is already refused by jsonValue.
  if (parsed === null || typeof parsed !== "object") return;
  const bytes = Buffer.byteLength(JSON.stringify(parsed), "utf8");
  if (bytes > USER_DATA_MAX_BYTES) {
    ctx.addIssue({
      code: "custom",
      message: `must be at most ${USER_DATA_MAX_BYTES} bytes as compact JSON (got ${bytes})`,
    });
  }
});

export const mediaProducingJobSchema = z.object({
  projectId: z.string().min(1, "must not be empty").optional(),
  timeline: jsonValue("object").optional(),
  templateId: z.string().min(1, "must not be empty").optional(),
  clipsParam: jsonValue("object").optional(),
  outputMediaTarget: z.enum(OUTPUT_TARGETS).optional(),
  outputMediaConfig: outputMediaConfigSchema,
  editingProduceConfig: jsonValue("object").optional(),
  mediaMetadata: jsonValue("object").optional(),
  userData: userData.optional(),
  triggers: z.json().optional(),
  waitTimeoutSeconds: z.number().int().min(0).max(86_400).optional(),
});
export type MediaProducingJobInputs = z.infer<typeof mediaProducingJobSchema>;

/** Rules across fields: one source of three, ClipsParam with a template only, the target's settings. */
export function mediaProducingJobCrossChecks(inputs: MediaProducingJobInputs) {
  const failures: { property: string; reason: string }[] = [];
  const sources = (["projectId", "timeline", "templateId"] as const).filter((k) => inputs[k] !== undefined);
  if (sources.length !== 1) {
    failures.push({
      property: sources[1] ?? "projectId",
      reason:
        "give exactly one of projectId, timeline and templateId" +
        (sources.length ? ` (got ${sources.join(" and ")})` : ""),
    });
  }
  if (inputs.templateId !== undefined && inputs.clipsParam === undefined)
    failures.push({ property: "clipsParam", reason: "is required with templateId (the template's clips)" });
  if (inputs.templateId === undefined && inputs.clipsParam !== undefined)
    failures.push({ property: "clipsParam", reason: "is only used with templateId" });
  const config = inputs.outputMediaConfig;
  if ((inputs.outputMediaTarget ?? "oss-object") === "vod-media") {
    for (const key of ["storageLocation", "fileName"] as const) {
      if (config[key] === undefined)
        failures.push({ property: `outputMediaConfig.${key}`, reason: "is required for vod-media" });
    }
  } else if (config.mediaUrl === undefined) {
    failures.push({ property: "outputMediaConfig.mediaUrl", reason: "is required for oss-object" });
  }
  return failures;
}

/** OutputMediaConfig on the wire: the API's PascalCase keys. */
export function outputMediaConfigWire(config: OutputMediaConfig): string {
  const wire = {
    MediaURL: config.mediaUrl,
    StorageLocation: config.storageLocation,
    FileName: config.fileName,
    Width: config.width,
    Height: config.height,
    Bitrate: config.bitrate,
  };
  return JSON.stringify(wire);
}

/** What the job renders and how: everything but the wait (which no render depends on). */
function renderInputs(inputs: MediaProducingJobInputs): Record<string, unknown> {
  const { waitTimeoutSeconds: _wait, ...rest } = inputs;
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, parseJsonText(value)]));
}

/**
 * The ClientToken: this resource's ownership marker (a digest of its identity) and what it renders.
 * A retried or interrupted submit of the same render sends the same token, and ICE answers it with the
 * first job; a replacement (any input changed) or another resource sends another one.
 */
export function renderClientToken(owner: string, inputs: MediaProducingJobInputs): string {
  return createHash("sha256")
    .update(`${owner}\n${canonicalJsonText(renderInputs(inputs))}`, "utf8")
    .digest("hex")
    .slice(0, 64);
}

export type Job = ResponseOf<typeof ice.GetMediaProducingJob>["MediaProducingJob"];

/** `incomplete`: the job has not succeeded, so the next `pulumi up` has something to do or say. */
export function observeJob(job: Job) {
  return {
    id: job.JobId,
    outputs: {
      jobId: job.JobId,
      status: job.Status,
      progress: job.Progress ?? 0,
      mediaId: job.MediaId ?? "",
      mediaUrl: job.MediaURL ?? "",
      vodMediaId: job.VodMediaId ?? "",
      duration: job.Duration ?? 0,
      errorCode: job.Code ?? "",
      errorMessage: job.Message ?? "",
      createTime: job.CreateTime ?? "",
      completeTime: job.CompleteTime ?? "",
      incomplete: job.Status !== "Success",
    },
  } satisfies Observed;
}
export type MediaProducingJobOutputs = ReturnType<typeof observeJob>["outputs"];

/** Before the first answer: the job exists, nothing else is known. */
export function submittedOnly(jobId: string, mediaId = ""): ReturnType<typeof observeJob> {
  return observeJob({ JobId: jobId, Status: "Init", MediaId: mediaId });
}

export function describeJob(job: Job): string {
  return job.Status === "Processing" ? `Processing (${job.Progress ?? 0}%)` : job.Status;
}

export function failureMessage(job: Job): string {
  return (
    `media producing job ${job.JobId} failed: ${job.Code || "(no code)"}: ${job.Message || "(no message)"}. ` +
    "It is recorded in the stack with its code and message; a render is never retried with the same inputs " +
    "(ICE answers the same ClientToken with this job): fix the cause, then change an input or `triggers` " +
    "to submit a new render."
  );
}
