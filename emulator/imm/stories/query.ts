/** QueryStories: filters, sort order and offset pages over a dataset's stories. */
import { invalidParameter } from "../../core/errors";
import { type Params, parseRfc3339 } from "../../core/params";
import { offsetPager } from "../../core/pagination";
import type { Handler } from "../../core/service";
import { requireDataset, rowsOfDataset } from "../tables";
import { stories } from "./model";
import { storyType } from "./rules";

/** A user-named key's value, never one inherited from Object.prototype (`constructor`, `toString`). */
function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function timeRangeFilter(params: Params, name: string): ((time: string) => boolean) | undefined {
  const range = params.json<{ Start?: unknown; End?: unknown }>(name, "object");
  if (!range) return undefined;
  const bound = (value: unknown, field: string) =>
    value === undefined || value === ""
      ? undefined
      : parseRfc3339(String(value), (rule) => invalidParameter(params.style, `${name}.${field}`, rule));
  const start = bound(range.Start, "Start");
  const end = bound(range.End, "End");
  return (time) => {
    if (time === "") return false;
    const at = Date.parse(time.replace(/(\.\d{3})\d+/, "$1"));
    return (start === undefined || at >= start) && (end === undefined || at <= end);
  };
}

const SORTS = ["CreateTime", "StoryName", "StoryStartTime", "StoryEndTime"] as const;

export const queryStories: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const objectId = ctx.params.string("ObjectId");
  const type = storyType(ctx.params, false);
  const subType = ctx.params.string("StorySubType");
  const name = ctx.params.string("StoryName");
  const label = ctx.params.string("CustomLabels");
  const [labelKey, labelValue] = label ? label.split("=", 2) : [];
  if (label !== undefined && (!labelKey || labelValue === undefined)) {
    throw invalidParameter(ctx.params.style, "CustomLabels", `must be key=value (got "${label}")`);
  }
  const clusters = ctx.params.json<unknown[]>("FigureClusterIds", "array");
  const byStart = timeRangeFilter(ctx.params, "StoryStartTimeRange");
  const byEnd = timeRangeFilter(ctx.params, "StoryEndTimeRange");
  const byCreate = timeRangeFilter(ctx.params, "CreateTimeRange");
  const withEmpty = ctx.params.boolean("WithEmptyStories") ?? true;
  const sort = ctx.params.string("Sort", { oneOf: SORTS }) ?? "CreateTime";
  const order = ctx.params.string("Order", { oneOf: ["asc", "desc"] }) ?? "asc";
  const pager = offsetPager(ctx.params, { min: 1, max: 100 });
  requireDataset(ctx, project, dataset);
  const key = sort as (typeof SORTS)[number];
  const rows = rowsOfDataset(stories(ctx), project, dataset)
    .map(([, story]) => story)
    .filter((s) => objectId === undefined || s.ObjectId === objectId)
    .filter((s) => type === undefined || s.StoryType === type)
    .filter((s) => subType === undefined || s.StorySubType === subType)
    .filter((s) => name === undefined || s.StoryName === name)
    .filter((s) => label === undefined || String(ownValue(s.CustomLabels, labelKey!) ?? "") === labelValue)
    .filter((s) => !clusters || s.FigureClusterIds.some((id) => clusters.includes(id)))
    .filter((s) => (!byStart || byStart(s.StoryStartTime)) && (!byEnd || byEnd(s.StoryEndTime)))
    .filter((s) => !byCreate || byCreate(s.CreateTime))
    .filter((s) => withEmpty || s.Files.length > 0)
    .sort((a, b) => {
      const byKey = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
      return (order === "desc" ? -byKey : byKey) || (a.ObjectId < b.ObjectId ? -1 : 1);
    });
  const { items, next } = pager.page(rows);
  return { Stories: items, ...next };
};
