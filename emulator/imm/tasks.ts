/**
 * IMM asynchronous tasks (IMM API reference: GetTask, ListTasks): GetTask and ListTasks over one
 * `imm.tasks` table, plus `startTask` / `finishTask` for any handler whose work is a task (CreateStory
 * today; the other Create*Task operations would use the same two calls). A task is Running from its start
 * until its owner finishes it Succeeded or Failed; `Progress` is estimated from the expected duration. Task
 * records are kept for 7 days after the start, as IMM documents, and then answer ResourceNotFound.
 */
import { immTime, uuid } from "../core/clock";
import { invalidParameter, resourceNotFound } from "../core/errors";
import { type Params, parseRfc3339 } from "../core/params";
import { offsetPager } from "../core/pagination";
import type { Handler, WorldContext } from "../core/service";
import type { Table } from "../core/store";
import { requireProject } from "./tables";

export const TASK_RETENTION_MS = 7 * 24 * 3600_000;

export type TaskStatus = "Running" | "Succeeded" | "Failed";

/** The TaskInfo model (wire names) plus what the emulator needs to answer about it. */
export interface TaskRecord {
  info: {
    ProjectName: string;
    TaskId: string;
    TaskType: string;
    Status: TaskStatus;
    Code?: string;
    Message?: string;
    StartTime: string;
    EndTime?: string;
    EventId: string;
    Tags?: Record<string, unknown>;
    UserData?: string;
  };
  /** The original request's parameters, returned as JSON text when RequestDefinition=true. */
  requestDefinition: Record<string, unknown>;
  startedAt: number;
  expectedMs: number;
}

export const tasks = (ctx: WorldContext): Table<TaskRecord> => ctx.store.table("imm.tasks");

const taskKey = (project: string, taskId: string) => `${project}/${taskId}`;

export function eventId(): string {
  return `${uuid().slice(0, 3).toUpperCase()}-${uuid().replace(/-/g, "").slice(0, 24)}`;
}

export interface TaskStart {
  project: string;
  taskType: string;
  /** The creating action, used as the TaskId prefix as IMM does (`CreateStory-<uuid>`). */
  action: string;
  requestDefinition: Record<string, unknown>;
  /** How long the work is expected to take, for Progress. */
  expectedMs: number;
  tags?: Record<string, unknown>;
  userData?: string;
}

/** Records a Running task and returns it; its owner schedules the work and calls finishTask. */
export function startTask(ctx: WorldContext, start: TaskStart): TaskRecord {
  const record: TaskRecord = {
    info: {
      ProjectName: start.project,
      TaskId: `${start.action}-${uuid()}`,
      TaskType: start.taskType,
      Status: "Running",
      StartTime: immTime(ctx.now),
      EventId: eventId(),
      ...(start.tags ? { Tags: start.tags } : {}),
      ...(start.userData !== undefined ? { UserData: start.userData } : {}),
    },
    requestDefinition: start.requestDefinition,
    startedAt: ctx.now,
    expectedMs: start.expectedMs,
  };
  return tasks(ctx).set(taskKey(start.project, record.info.TaskId), record);
}

export type TaskOutcome = { status: "Succeeded" } | { status: "Failed"; code: string; message: string };

/** Ends a Running task; returns undefined when the task is unknown or already ended. */
export function finishTask(
  ctx: WorldContext,
  project: string,
  taskId: string,
  outcome: TaskOutcome,
): TaskRecord | undefined {
  const table = tasks(ctx);
  const record = table.get(taskKey(project, taskId));
  if (!record || record.info.Status !== "Running") return undefined;
  const info: TaskRecord["info"] = { ...record.info, Status: outcome.status, EndTime: immTime(ctx.now) };
  if (outcome.status === "Failed") Object.assign(info, { Code: outcome.code, Message: outcome.message });
  return table.set(taskKey(project, taskId), { ...record, info });
}

/** A task's record if it exists and is within its retention. */
export function findTask(ctx: WorldContext, project: string, taskId: string): TaskRecord | undefined {
  const record = tasks(ctx).get(taskKey(project, taskId));
  return record && ctx.now - record.startedAt <= TASK_RETENTION_MS ? record : undefined;
}

/** The TaskInfo as returned: Progress estimated while Running, the request only when asked for. */
function taskView(ctx: WorldContext, record: TaskRecord, withDefinition: boolean): Record<string, unknown> {
  const progress =
    record.info.Status === "Running"
      ? Math.min(99, Math.floor(((ctx.now - record.startedAt) / Math.max(1, record.expectedMs)) * 100))
      : 100;
  return {
    ...record.info,
    Progress: progress,
    ...(withDefinition ? { TaskRequestDefinition: JSON.stringify(record.requestDefinition) } : {}),
  };
}

const getTask: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const taskId = ctx.params.requiredString("TaskId");
  const taskType = ctx.params.requiredString("TaskType");
  const withDefinition = ctx.params.boolean("RequestDefinition") ?? false;
  requireProject(ctx, project);
  const record = findTask(ctx, project, taskId);
  // The type is part of the task's identity: asking for the wrong type does not find it.
  if (!record || record.info.TaskType !== taskType) throw resourceNotFound(ctx.style, "task");
  return taskView(ctx, record, withDefinition);
};

interface TimeRange {
  Start?: string;
  End?: string;
}

function timeRange(params: Params, name: string): { start?: number; end?: number } | undefined {
  const range = params.json<TimeRange>(name, "object");
  if (!range) return undefined;
  const bound = (value: unknown, field: string) =>
    value === undefined
      ? undefined
      : parseRfc3339(String(value), (rule) => invalidParameter(params.style, `${name}.${field}`, rule));
  return { start: bound(range.Start, "Start"), end: bound(range.End, "End") };
}

function within(time: string | undefined, range: { start?: number; end?: number } | undefined): boolean {
  if (!range) return true;
  if (time === undefined) return false;
  const at = Date.parse(time.replace(/(\.\d{3})\d+/, "$1"));
  return (range.start === undefined || at >= range.start) && (range.end === undefined || at <= range.end);
}

const SORT_KEYS = { TaskId: "TaskId", StartTime: "StartTime", EndTime: "EndTime" } as const;

const listTasks: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const sort = ctx.params.string("Sort", { oneOf: Object.keys(SORT_KEYS) }) ?? "TaskId";
  const order = ctx.params.string("Order", { oneOf: ["asc", "desc"] }) ?? "asc";
  const status = ctx.params.string("Status", { oneOf: ["Running", "Succeeded", "Failed"] });
  const taskTypes = ctx.params.json<unknown[]>("TaskTypes", "array");
  if (taskTypes?.some((type) => typeof type !== "string")) {
    throw invalidParameter(ctx.params.style, "TaskTypes", "must be a JSON array of strings");
  }
  const selector = ctx.params.string("TagSelector");
  const [tagKey, tagValue] = selector ? selector.split("=", 2) : [];
  if (selector !== undefined && (!tagKey || tagValue === undefined)) {
    throw invalidParameter(ctx.params.style, "TagSelector", `must be key=value (got "${selector}")`);
  }
  const started = timeRange(ctx.params, "StartTimeRange");
  const ended = timeRange(ctx.params, "EndTimeRange");
  const withDefinition = ctx.params.boolean("RequestDefinition") ?? false;
  const pager = offsetPager(ctx.params, { min: 1, max: 100 });
  requireProject(ctx, project);

  const key = SORT_KEYS[sort as keyof typeof SORT_KEYS];
  const rows = tasks(ctx)
    .values()
    .filter((record) => record.info.ProjectName === project)
    .filter((record) => ctx.now - record.startedAt <= TASK_RETENTION_MS)
    .filter((record) => !status || record.info.Status === status)
    .filter((record) => !taskTypes || taskTypes.includes(record.info.TaskType))
    .filter((record) => !selector || String(record.info.Tags?.[tagKey!] ?? "") === tagValue)
    .filter((record) => within(record.info.StartTime, started) && within(record.info.EndTime, ended))
    .sort((a, b) => {
      const left = a.info[key] ?? "";
      const right = b.info[key] ?? "";
      const byKey = left < right ? -1 : left > right ? 1 : 0;
      return (order === "desc" ? -byKey : byKey) || (a.info.TaskId < b.info.TaskId ? -1 : 1);
    });
  const { items, next } = pager.page(rows);
  return {
    ProjectName: project,
    MaxResults: String(pager.size), // a string on the wire (ListTasks answers it so)
    Tasks: items.map((record) => taskView(ctx, record, withDefinition)),
    ...next,
  };
};

export const taskHandlers = {
  GetTask: getTask,
  ListTasks: listTasks,
} satisfies Record<string, Handler>;
