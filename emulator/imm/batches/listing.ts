/**
 * The listing shared by ListBatches and ListTriggers (both list IMM's `DataIngestion` model): filter by
 * State and by one `key=value` TagSelector, sort by CreateTime or UpdateTime, ASC or DESC, and page by
 * offset, within one project.
 */
import { invalidParameter } from "../../core/errors";
import { offsetPager, type Page } from "../../core/pagination";
import type { Params } from "../../core/params";
import type { HandlerContext } from "../../core/service";
import type { Table } from "../../core/store";
import { requireProject } from "../tables";

const SORTS = ["CreateTime", "UpdateTime"] as const;

/** What a listed record offers: its DataIngestion view. */
export interface Listed {
  view: { State: string; Tags: Record<string, unknown>; CreateTime: string; UpdateTime: string };
}

function tagSelector(params: Params): [string, string] | undefined {
  const selector = params.string("TagSelector");
  if (selector === undefined || selector === "") return undefined;
  const equals = selector.indexOf("=");
  if (equals <= 0)
    throw invalidParameter(params.style, "TagSelector", `must be key=value (got "${selector}")`);
  return [selector.slice(0, equals), selector.slice(equals + 1)];
}

/** The parameters are read (and validated) when the lister is made. */
function ingestionLister(
  params: Params,
  states: readonly string[],
): <T extends Listed>(rows: T[]) => Page<T> {
  const state = params.string("State", { oneOf: states });
  const sort = (params.string("Sort", { oneOf: SORTS }) ?? "CreateTime") as (typeof SORTS)[number];
  const order = params.string("Order", { oneOf: ["ASC", "DES", "DESC"] }) ?? "ASC";
  const selector = tagSelector(params);
  const pager = offsetPager(params, { max: 100 });
  return (rows) => {
    const kept = rows
      .filter((record) => state === undefined || record.view.State === state)
      .filter((record) => !selector || String(record.view.Tags[selector[0]] ?? "") === selector[1]);
    // Ties (same second) keep the table's key order, so paging is stable.
    const key = (record: Listed) => record.view[sort];
    kept.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    if (order !== "ASC") kept.reverse();
    return pager.page(kept);
  };
}

/** ListBatches / ListTriggers: the records of the ProjectName parameter's project in `table`, as asked. */
export function listProjectIngestions<T extends Listed & { projectName: string }>(
  ctx: HandlerContext,
  table: Table<T>,
  states: readonly string[],
): Page<T> {
  const project = ctx.params.requiredString("ProjectName");
  const list = ingestionLister(ctx.params, states);
  requireProject(ctx, project);
  return list(table.values().filter((record) => record.projectName === project));
}
