/**
 * Prints a run of the offline runner the way `pulumi preview` / `pulumi up` show one: a line per
 * resource that changes (+ create, ~ update, +- replace, - delete) with the changed fields, the stack
 * outputs, and a summary. Unchanged resources are counted, not listed (Pulumi hides them by default).
 */
import { deepEqual, type RunResult, type Step } from "../tests/harness/engine";

type Props = Record<string, unknown>;

const VERBS: Record<string, { symbol: string; plan: string; done: string }> = {
  create: { symbol: "+", plan: "create", done: "created" },
  update: { symbol: "~", plan: "update", done: "updated" },
  replace: { symbol: "+-", plan: "replace", done: "replaced" },
  delete: { symbol: "-", plan: "delete", done: "deleted" },
  "delete-replaced": { symbol: "-", plan: "delete original", done: "deleted original" },
};

/** The fields whose value differs between the previous inputs and the new ones (`__provider` aside). */
export function changedKeys(before: Props | undefined, after: Props | undefined): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete("__provider");
  return [...keys].filter((k) => !deepEqual(before[k], after[k])).sort();
}

function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  return { type: parts[2] ?? "?", name: parts[3] ?? "?" };
}

export interface ReportContext {
  /** Inputs of each resource before the run, by URN (for the changed fields of an update). */
  inputsBefore: Map<string, Props>;
  /** Inputs of each resource after the run (state for an up; the checked inputs for a preview). */
  inputsAfter: (step: Step) => Props | undefined;
}

/** The report's lines; `title` e.g. "Previewing update (dev)"; stack outputs go before the summary. */
export function formatRun(
  title: string,
  run: RunResult,
  context: ReportContext,
  outputs: Props = {},
): string[] {
  const preview = run.kind === "preview";
  const replaced = new Set(run.steps.filter((s) => s.op === "replace").map((s) => s.urn));
  const lines = [title, ""];
  const rows: string[][] = [];
  for (const step of run.steps) {
    // A replacement is shown once, as Pulumi's default view does, not as its create and delete halves.
    if ((step.op === "create-replacement" || step.op === "delete-replaced") && replaced.has(step.urn))
      continue;
    const verb = VERBS[step.op === "create-replacement" ? "create" : step.op];
    if (!verb) continue;
    const { type, name } = urnParts(step.urn);
    let info = "";
    if (step.op === "replace") info = `[diff: ~${(step.diff?.replaces ?? []).join(",")}]`;
    if (step.op === "update") {
      const keys = changedKeys(context.inputsBefore.get(step.urn), context.inputsAfter(step));
      info = keys.length > 0 ? `[diff: ~${keys.join(",")}]` : step.initErrorRetry ? "[retry]" : "";
    }
    const plan = step.failed ? `**${verb.plan} failed**` : preview ? verb.plan : verb.done;
    rows.push([` ${verb.symbol.padEnd(2)}`, type, name, plan, info]);
  }
  if (rows.length === 0) lines.push("    (no changes)");
  else {
    const header = ["   ", "Type", "Name", preview ? "Plan" : "Status", "Info"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    for (const row of [header, ...rows])
      lines.push(
        row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join("  ")
          .trimEnd(),
      );
  }
  const shownOutputs = formatOutputs(outputs);
  if (shownOutputs.length > 0) lines.push("", ...shownOutputs);
  lines.push("", "Resources:");
  const count = (op: string) => run.steps.filter((s) => s.op === op && !s.failed).length;
  const summary: [number, string][] = [
    [count("create"), preview ? "to create" : "created"],
    [count("update"), preview ? "to update" : "updated"],
    [count("replace"), preview ? "to replace" : "replaced"],
    [count("delete"), preview ? "to delete" : "deleted"],
    [count("same"), "unchanged"],
  ];
  for (const [n, what] of summary) if (n > 0) lines.push(`    ${n} ${what}`);
  if (summary.every(([n]) => n === 0)) lines.push("    no resources");
  return lines;
}

/** Stack outputs as `pulumi up` prints them. */
export function formatOutputs(outputs: Props): string[] {
  const keys = Object.keys(outputs);
  if (keys.length === 0) return [];
  const width = Math.max(...keys.map((k) => k.length));
  return ["Outputs:", ...keys.map((k) => `    ${(k + ":").padEnd(width + 1)} ${JSON.stringify(outputs[k])}`)];
}
