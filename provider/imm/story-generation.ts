/**
 * An imm.Story's generation: the StoryCreation task CreateStory starts, found again after an
 * interrupted apply (ListTasks with the request definition), awaited within one wait budget per
 * apply, and started again on the same ObjectId when it fails with a transient cause.
 */
import { deadlineIn, pages, unlessNotFound, type Deadline } from "../framework/kit";
import { PartialCreateError, type ResourceContext } from "../framework/spec";
import { imm, type RequestOf, type ResponseOf } from "../operations";
import type { Story } from "../operations/models";
import { isTransientCode, retryTransientFailures } from "../runtime/async-retry";
import { encodeRequest } from "../runtime/encode";
import { waitFor, WaitTimeoutError, remainingFromProgress } from "../runtime/waiter";
import {
  DEFAULT_STORY_WAIT_SECONDS,
  STORY_TASK_TYPE,
  createStoryParams,
  observeStory,
  pendingStory,
  type StoryInputs,
  type StoryKey,
} from "./story-model";

// ---- API calls -------------------------------------------------------------------------------

export async function getStory(ctx: ResourceContext, key: StoryKey): Promise<Story | undefined> {
  const response = await unlessNotFound(
    ctx.clients.imm.call(imm.GetStory, {
      ProjectName: key.projectName,
      DatasetName: key.datasetName,
      ObjectId: key.objectId,
    }),
  );
  return response?.Story;
}

export type Task = ResponseOf<typeof imm.GetTask>;

export function getTask(
  ctx: ResourceContext,
  projectName: string,
  taskId: string,
): Promise<Task | undefined> {
  return unlessNotFound(
    ctx.clients.imm.call(imm.GetTask, {
      ProjectName: projectName,
      TaskId: taskId,
      TaskType: STORY_TASK_TYPE,
    }),
  );
}

/** A StoryCreation task for this story still running (the latest one), started by an earlier apply. */
export async function findRunningGeneration(
  ctx: ResourceContext,
  key: StoryKey,
): Promise<{ TaskId: string; StartTime?: string; request: Record<string, unknown> } | undefined> {
  let latest: { TaskId: string; StartTime?: string; request: Record<string, unknown> } | undefined;
  const listing = pages((NextToken) =>
    ctx.clients.imm.call(imm.ListTasks, {
      ProjectName: key.projectName,
      TaskTypes: [STORY_TASK_TYPE],
      Status: "Running",
      RequestDefinition: true,
      MaxResults: 100,
      NextToken,
    }),
  );
  for await (const page of listing) {
    for (const task of page.Tasks ?? []) {
      let request: Record<string, unknown> = {};
      try {
        request = JSON.parse(task.TaskRequestDefinition ?? "{}") as Record<string, unknown>;
      } catch {
        continue; // not a definition we can read: not ours to wait on
      }
      if (request.ObjectId !== key.objectId || request.DatasetName !== key.datasetName) continue;
      if (!latest || (task.StartTime ?? "") > (latest.StartTime ?? "")) {
        latest = { TaskId: task.TaskId, StartTime: task.StartTime, request };
      }
    }
  }
  return latest;
}

/** Whether a task's request definition is exactly the CreateStory this declaration would send. */
export function sameGeneration(request: Record<string, unknown>, params: RequestOf<typeof imm.CreateStory>) {
  const { query, body } = encodeRequest(imm.CreateStory, params);
  const wanted: Record<string, string> = { ...query, ...body };
  const keys = new Set([...Object.keys(wanted), ...Object.keys(request)]);
  return [...keys].every((key) => String(request[key] ?? "") === (wanted[key] ?? ""));
}

/** Thrown when a StoryCreation task ends Failed: carries what the user needs to act on it. */
export class StoryGenerationFailed extends Error {
  override name = "StoryGenerationFailed";
  constructor(
    readonly key: StoryKey,
    readonly task: Task,
    readonly createRequestId?: string,
  ) {
    const ids = [
      createRequestId && `CreateStory request id ${createRequestId}`,
      `GetTask request id ${task.RequestId}`,
    ].filter(Boolean);
    super(
      `story ${key.objectId} in ${key.projectName}/${key.datasetName}: generation task ${task.TaskId} ` +
        `(${STORY_TASK_TYPE}) failed with ${task.Code ?? "UnknownError"}: ${task.Message ?? "no message"} ` +
        `(${ids.join("; ")})`,
    );
  }
}

/** One wait budget per apply, shared by every wait the apply does. */
export const budget = (seconds: number | undefined): Deadline =>
  deadlineIn((seconds ?? DEFAULT_STORY_WAIT_SECONDS) * 1000);

/**
 * Waits until the task ends. Succeeded → the task; Failed → StoryGenerationFailed; out of time →
 * PartialCreateError, because the story will exist once the task finishes: it must be recorded.
 */
export async function awaitGeneration(
  ctx: ResourceContext,
  key: StoryKey,
  taskId: string,
  deadline: Deadline,
  createRequestId?: string,
): Promise<Task> {
  const what = `story ${key.objectId} in ${key.projectName}/${key.datasetName} (generation task ${taskId})`;
  let task: Task;
  try {
    task = await waitFor({
      what,
      poll: async () => {
        const current = await getTask(ctx, key.projectName, taskId);
        if (!current)
          throw new Error(`${what}: the task is no longer known to IMM (task records last 7 days)`);
        return current;
      },
      describe: (t) => `${t.Status}${t.Progress !== undefined ? ` ${t.Progress}%` : ""}`,
      isDone: (t) => t.Status !== "Running",
      hint: (t) => {
        const age = Date.now() - Date.parse(t.StartTime ?? "");
        return Number.isFinite(age)
          ? { remainingMs: remainingFromProgress(t.Progress, age), ageMs: age }
          : undefined;
      },
      timeoutMs: deadline.remainingMs(),
      onProgress: (t, elapsed) =>
        ctx.log.info(
          `${what}: ${t.Status}${t.Progress !== undefined ? ` ${t.Progress}%` : ""} after ${Math.round(elapsed / 1000)}s`,
        ),
    });
  } catch (error) {
    // The generation was accepted: the story will exist, so whatever ends the wait (its time, a
    // stopping host, GetTask failing after its retries) records it under its ObjectId and task.
    const ids = `TaskId ${taskId}${createRequestId ? `, CreateStory request id ${createRequestId}` : ""}`;
    const reason =
      error instanceof WaitTimeoutError
        ? error.message
        : `${what}: following the generation failed: ${(error as Error).message}; the next \`pulumi up\` ` +
          "waits for it again.";
    const story = await getStory(ctx, key).catch(() => undefined);
    throw new PartialCreateError(
      `${reason} ${ids}.`,
      story ? observeStory(story, key, taskId, true) : pendingStory(key, taskId),
    );
  }
  if (task.Status === "Succeeded") return task;
  throw new StoryGenerationFailed(key, task, createRequestId);
}

/**
 * The task's Code says the failure was the service's own and passing (e.g. InternalError): then a
 * new generation may well succeed. ResourceNotFound (the dataset went away), bad input or a denied
 * permission would only fail again.
 */
function transientGenerationFailure(error: unknown): string | undefined {
  if (!(error instanceof StoryGenerationFailed)) return undefined;
  return isTransientCode(error.task.Code) ? error.task.Code : undefined;
}

/**
 * CreateStory on the story's ObjectId (new or existing), then waits for its task; a generation that
 * fails with a transient cause is started again on the same ObjectId (ASYNC_RETRIES times at most,
 * within the apply's wait budget) before the failure is reported.
 */
export async function generate(
  ctx: ResourceContext,
  inputs: StoryInputs,
  key: StoryKey,
  deadline: Deadline,
): Promise<Task> {
  try {
    return await retryTransientFailures({
      what: `story ${key.objectId} in ${key.projectName}/${key.datasetName}: generation`,
      redo: "generating it again (CreateStory on the same ObjectId)",
      run: async () => {
        const response = await ctx.clients.imm.call(imm.CreateStory, createStoryParams(inputs, key.objectId));
        ctx.log.info(
          `story ${key.objectId}: generation task ${response.TaskId} started (CreateStory request id ${response.RequestId})`,
        );
        return awaitGeneration(ctx, key, response.TaskId, deadline, response.RequestId);
      },
      transientCode: transientGenerationFailure,
      remainingMs: () => deadline.remainingMs(),
      log: (message) => ctx.log.info(message),
    });
  } catch (error) {
    if (!(error instanceof StoryGenerationFailed)) throw error;
    // The story object may exist anyway (an earlier generation): record it rather than orphan it.
    const story = await getStory(ctx, key);
    if (story) throw new PartialCreateError(error.message, observeStory(story, key, error.task.TaskId, true));
    throw error;
  }
}
