/** The batch record: IMM's `DataIngestion` model as answered, plus the emulator's bookkeeping of the work. */
import type { WorldContext } from "../../core/service";
import type { Table } from "../../core/store";

export const BATCH_STATES = ["Ready", "Running", "Failed", "Suspended", "Succeeded"] as const;
export type BatchState = (typeof BATCH_STATES)[number];

export interface BatchAction {
  Name: string;
  Parameters?: string[];
  FastFailPolicy?: { Action: string };
}

export interface BatchInput {
  OSS: { Bucket: string; Prefix?: string; MatchExpressions?: string[] };
}

/** What the API returns (the DataIngestion model) … */
export interface BatchView {
  Id: string;
  State: BatchState;
  Phase: string;
  Error?: string;
  Actions: BatchAction[];
  Input: BatchInput;
  Notification?: { MNS?: { TopicName: string } };
  ServiceRole: string;
  Tags: Record<string, unknown>;
  CreateTime: string;
  UpdateTime: string;
}

/** … plus the emulator's bookkeeping of the work, never returned. */
export interface BatchRecord {
  projectName: string;
  view: BatchView;
  /** Milliseconds of work a full run takes, and how much of it is left. */
  workMs: number;
  remainingMs: number;
  /** When the current run started (State Running), epoch ms. */
  runningSince?: number;
  /** Bumped on every suspend/resume/delete: a completion scheduled for an older run is stale. */
  run: number;
}

export const batches = (ctx: WorldContext): Table<BatchRecord> => ctx.store.table("imm.batches");
export const batchKey = (project: string, id: string) => `${project}/${id}`;
