/** The trigger record: IMM's `DataIngestion` model as answered (shared with batches), plus its run. */
import type { WorldContext } from "../../core/service";
import type { Table } from "../../core/store";
import type { BatchView } from "../batches/model";

/** ListTriggers' documented State values; a trigger never finishes, so Succeeded is never reached. */
export const TRIGGER_STATES = ["Ready", "Running", "Failed", "Suspended", "Succeeded"] as const;
export type TriggerState = (typeof TRIGGER_STATES)[number];

export type TriggerView = Omit<BatchView, "State"> & { State: TriggerState };

export interface TriggerRecord {
  projectName: string;
  view: TriggerView;
  /** Bumped by every suspend/resume: a start or failure scheduled for an older run is stale. */
  run: number;
}

export const triggers = (ctx: WorldContext): Table<TriggerRecord> => ctx.store.table("imm.triggers");
export const triggerKey = (project: string, id: string) => `${project}/${id}`;

/** How many triggers a project still has (DeleteProject refuses while there are any). */
export const triggersOf = (ctx: WorldContext, project: string): number =>
  triggers(ctx)
    .values()
    .filter((record) => record.projectName === project).length;
