/**
 * Yike storyboard jobs (ICE API reference): SubmitYikeStoryboardJob, GetYikeStoryboardJob,
 * ResumeYikeStoryboardJob.
 *
 * A submitted job is Running with two storyboards in production; after `yikeJobMs` it finishes:
 * - normally: Succeeded, every storyboard Produced, an OutputUrl;
 * - when the injected task failure strikes the submitting (or resuming) action, one shot fails with
 *   `NoMediaData`: with SkipFailureShot (the default, true) the shot is skipped and the job still
 *   Succeeds, listing it in FailureShotList; with SkipFailureShot=false its storyboard fails too and
 *   the job ends Failed, listing the storyboard in ExceptionStoryboardIds. In StoryboardOnly mode
 *   (no shot videos) a failure fails a storyboard and the job.
 * ResumeYikeStoryboardJob retries what failed (failed shots and storyboards) and moves the job back
 * to Running for another `yikeJobMs`. Resuming a Running job, or one with nothing failed, changes
 * nothing (it answers the JobId, so a repeated call is harmless).
 *
 * JobParams echo the submitted parameters (not ExecMode, SkipFailureShot or UserData), with ModelParams
 * re-serialised in the service's own indented formatting (as the GetYikeStoryboardJob example answer
 * shows). JobResult fields are strings, several holding JSON, exactly as GetYikeStoryboardJob documents.
 * Unknown JobId: ResourceNotFound/404 (the real code is not documented: chosen here).
 */
import { uuid, utcSeconds } from "../core/clock";
import { invalidParameter, missingParameter, resourceNotFound } from "../core/errors";
import { jsonLimitViolation, nonFiniteNumberPath } from "../core/limits";
import { isPlainObject } from "../core/params";
import type { Handler, HandlerContext, Transition, WorldContext } from "../core/service";
import type { Table } from "../core/store";

export type YikeJobStatus = "Running" | "Succeeded" | "Failed";

export interface StoryboardRecord {
  storyboardId: string;
  title: string;
  status: string;
  subStatus: string;
  shotIds: string[];
}

export interface FailedShot {
  errorCode: string;
  storyboardId: string;
  shotId: string;
}

export interface YikeJobRecord {
  JobId: string;
  JobParams: Record<string, string>;
  ExecMode: string;
  SkipFailureShot: boolean;
  UserData: string;
  JobStatus: YikeJobStatus;
  storyboards: StoryboardRecord[];
  failedShots: FailedShot[];
  OutputUrl: string;
  /** Incremented by every submit/resume, so a stale completion never finishes a newer run. */
  run: number;
  CreateTime: string;
  ModifiedTime: string;
}

export const EXEC_MODES = ["FullPipeline", "StoryboardOnly"] as const;
const TITLE_MAX_BYTES = 128;
const STORYBOARDS_PER_JOB = 2;
const SHOTS_PER_STORYBOARD = 3;
const FAILED_SHOT_CODE = "NoMediaData";

const PRODUCING = { status: "Producing", subStatus: "Producing" };
const PRODUCED = { status: "Produced", subStatus: "ProduceSucc" };
const PRODUCE_FAILED = { status: "ProduceFailed", subStatus: "ProduceFail" };

export const yikeJobs = (ctx: WorldContext): Table<YikeJobRecord> => ctx.store.table("ice.yikeJobs");

/** Identifier-like values (the documented examples: Novel, firstPersonNarration, wan2.6-r2v-flash). */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const TOKEN_RULE = "must be a non-empty identifier (letters, digits, _ . : -)";

function token(ctx: HandlerContext, name: string): string | undefined {
  const value = ctx.params.string(name, { maxLength: 128, pattern: TOKEN, patternRule: TOKEN_RULE });
  return value === "" ? undefined : value;
}

function fileUrl(ctx: HandlerContext): string {
  const value = ctx.params.requiredString("FileURL", { maxLength: 2048 });
  if (!/^(https?|oss):\/\/[^\s/]+\/\S+$/.test(value)) {
    throw invalidParameter(
      ctx.style,
      "FileURL",
      `must be the http(s) or oss:// URL of a file in OSS (got "${value}")`,
    );
  }
  return value;
}

/** A JSON object carried in a string (ModelParams, UserData); returns the parsed object. */
function jsonObject(ctx: HandlerContext, name: string): Record<string, unknown> | undefined {
  const value = ctx.params.raw(name);
  if (value === undefined || value === "") return undefined;
  const violation = jsonLimitViolation(value);
  if (violation) throw invalidParameter(ctx.style, name, violation);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw invalidParameter(ctx.style, name, `must be a JSON object (${(error as Error).message})`);
  }
  const path = nonFiniteNumberPath(parsed, name);
  if (path) throw invalidParameter(ctx.style, path, "numbers must be finite (JSON has no NaN or Infinity)");
  if (!isPlainObject(parsed)) throw invalidParameter(ctx.style, name, "must be a JSON object");
  return parsed;
}

function userData(ctx: HandlerContext): string {
  const parsed = jsonObject(ctx, "UserData");
  if (parsed && "NotifyAddress" in parsed) {
    const address = parsed.NotifyAddress;
    if (typeof address !== "string" || !/^(https?:\/\/|mns:\/\/|acs:mns:)\S+$/.test(address)) {
      throw invalidParameter(
        ctx.style,
        "UserData",
        `NotifyAddress must be an HTTP(S) callback URL or an MNS address (got ${JSON.stringify(address)})`,
      );
    }
  }
  return ctx.params.raw("UserData") ?? "";
}

function newStoryboards(ctx: WorldContext, title: string): StoryboardRecord[] {
  return Array.from({ length: STORYBOARDS_PER_JOB }, (_, index) => ({
    storyboardId: `st_${1_000_000_000 + Math.floor(ctx.random() * 8_999_999_999)}`,
    title: `${title}_${index + 1}`,
    ...PRODUCING,
    shotIds: Array.from({ length: SHOTS_PER_STORYBOARD }, (_, shot) => String(index * 100 + shot + 1)),
  }));
}

function defaultTitle(now: number): string {
  // "auto-generated from the date when absent" (SubmitYikeStoryboardJob, Title).
  return `storyboard-${utcSeconds(now)
    .replace(/[-:TZ]/g, "")
    .slice(0, 14)}`;
}

function scheduleRun(ctx: HandlerContext, record: YikeJobRecord): void {
  ctx.schedule(ctx.timings.yikeJobMs, "ice.yike.finished", {
    jobId: record.JobId,
    run: record.run,
    fails: ctx.taskFails(ctx.action),
  });
}

const submit: Handler = (ctx) => {
  const params: Record<string, string> = { FileURL: fileUrl(ctx) };
  for (const name of [
    "SourceType",
    "ShotSplitMode",
    "ShotPromptMode",
    "StyleId",
    "NarrationVoiceId",
    "VideoModel",
    "Resolution",
  ]) {
    const value = token(ctx, name);
    if (value !== undefined) params[name] = value;
  }
  const aspectRatio = ctx.params.string("AspectRatio", {
    pattern: /^[1-9]\d{0,3}:[1-9]\d{0,3}$/,
    patternRule: "must be width:height, such as 16:9",
  });
  if (aspectRatio) params.AspectRatio = aspectRatio;
  const modelParams = jsonObject(ctx, "ModelParams");
  // The service hands ModelParams back in its own formatting (GetYikeStoryboardJob's example: indented by two spaces).
  if (modelParams) params.ModelParams = JSON.stringify(modelParams, null, 2);
  const title = ctx.params.string("Title", { maxLength: TITLE_MAX_BYTES, bytes: true });
  params.Title = title || defaultTitle(ctx.now);
  const execMode = ctx.params.string("ExecMode", { oneOf: EXEC_MODES }) || "FullPipeline";
  const skipFailureShot = ctx.params.boolean("SkipFailureShot") ?? true;
  const notify = userData(ctx);

  const now = utcSeconds(ctx.now);
  const record: YikeJobRecord = {
    JobId: uuid(),
    JobParams: params,
    ExecMode: execMode,
    SkipFailureShot: skipFailureShot,
    UserData: notify,
    JobStatus: "Running",
    storyboards: newStoryboards(ctx, params.Title),
    failedShots: [],
    OutputUrl: "",
    run: 1,
    CreateTime: now,
    ModifiedTime: now,
  };
  yikeJobs(ctx).set(record.JobId, record);
  scheduleRun(ctx, record);
  return { JobId: record.JobId };
};

function lookup(ctx: HandlerContext): YikeJobRecord {
  const jobId = ctx.params.raw("JobId");
  if (jobId === undefined || jobId === "") throw missingParameter(ctx.style, "JobId");
  const record = yikeJobs(ctx).get(jobId);
  if (!record) throw resourceNotFound(ctx.style, `storyboard job ${jobId}`);
  return record;
}

/**
 * JobResult as the API returns it: strings, lists JSON-encoded inside them (ICE API reference:
 * GetYikeStoryboardJob).
 */
export function jobResult(record: YikeJobRecord): Record<string, string> {
  const info = record.storyboards.map(({ storyboardId, title, status, subStatus }) => ({
    storyboardId,
    title,
    status,
    subStatus,
  }));
  if (record.JobStatus === "Running") return { StoryboardInfoList: JSON.stringify(info) };
  const succeeded = record.storyboards.filter((s) => s.status === PRODUCED.status).map((s) => s.storyboardId);
  const exceptions = record.storyboards
    .filter((s) => s.status === PRODUCE_FAILED.status)
    .map((s) => s.storyboardId);
  return {
    ...(record.OutputUrl ? { OutputUrl: record.OutputUrl } : {}),
    SuccessStoryboardList: JSON.stringify(succeeded),
    ExceptionStoryboardIds: JSON.stringify(exceptions),
    FailureShotList: JSON.stringify(record.failedShots),
    // Comma-separated with a space, as in GetYikeStoryboardJob's example ("st_2118280473, st_2118280471").
    SuccessStoryboardIds: succeeded.join(", "),
    StoryboardInfoList: JSON.stringify(info),
  };
}

const get: Handler = (ctx) => {
  const record = lookup(ctx);
  return {
    JobId: record.JobId,
    JobParams: record.JobParams,
    JobStatus: record.JobStatus,
    JobResult: jobResult(record),
  };
};

const resume: Handler = (ctx) => {
  const record = lookup(ctx);
  const hasFailures =
    record.JobStatus === "Failed" ||
    record.failedShots.length > 0 ||
    record.storyboards.some((s) => s.status === PRODUCE_FAILED.status);
  if (record.JobStatus === "Running" || !hasFailures) return { JobId: record.JobId };
  const storyboards = record.storyboards.map((s) =>
    s.status === PRODUCED.status && !record.failedShots.some((f) => f.storyboardId === s.storyboardId)
      ? s
      : { ...s, ...PRODUCING },
  );
  const resumed: YikeJobRecord = {
    ...record,
    JobStatus: "Running",
    storyboards,
    run: record.run + 1,
    ModifiedTime: utcSeconds(ctx.now),
  };
  yikeJobs(ctx).set(record.JobId, resumed);
  scheduleRun(ctx, resumed);
  return { JobId: record.JobId };
};

const finished: Transition = (ctx, payload) => {
  const table = yikeJobs(ctx);
  const record = table.get(String(payload.jobId));
  if (!record || record.run !== payload.run || record.JobStatus !== "Running") return;
  const fails = payload.fails === true;
  // The shot that fails: the first pending shot of the first storyboard still in production.
  const victim = record.storyboards.find((s) => s.status === PRODUCING.status) ?? record.storyboards[0]!;
  const fullPipeline = record.ExecMode === "FullPipeline";
  const failedShots: FailedShot[] =
    fails && fullPipeline
      ? [{ errorCode: FAILED_SHOT_CODE, storyboardId: victim.storyboardId, shotId: victim.shotIds[0]! }]
      : [];
  const storyboardFails = fails && (!fullPipeline || !record.SkipFailureShot);
  const storyboards = record.storyboards.map((s) =>
    s.status !== PRODUCING.status
      ? s
      : { ...s, ...(storyboardFails && s.storyboardId === victim.storyboardId ? PRODUCE_FAILED : PRODUCED) },
  );
  const failed = storyboardFails;
  table.set(record.JobId, {
    ...record,
    JobStatus: failed ? "Failed" : "Succeeded",
    storyboards,
    failedShots,
    OutputUrl: failed
      ? ""
      : `https://ice-yike-output.oss-cn-shanghai.aliyuncs.com/storyboard/${record.JobId}/output.zip`,
    ModifiedTime: utcSeconds(ctx.now),
  });
};

export const yikeJobHandlers = {
  SubmitYikeStoryboardJob: submit,
  GetYikeStoryboardJob: get,
  ResumeYikeStoryboardJob: resume,
} satisfies Record<string, Handler>;

export const yikeJobTransitions = {
  "ice.yike.finished": finished,
} satisfies Record<string, Transition>;
