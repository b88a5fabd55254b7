/**
 * The documented shape of each answer. JSON parameters are parsed on the way in and re-serialised
 * (sorted keys, indented) on the way out, as the service does.
 */
import { isPlainObject } from "../../core/params";
import { type EditingProjectRecord, STATUS_CODES } from "./model";

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, {
        value: sortKeysDeep(value[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** The service's own rendering of a JSON parameter: equal in meaning, different in text. */
export function serviceJson(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(sortKeysDeep(value), null, 2);
}

/** A JSON-object parameter given as text; "" counts as absent. */
function commonView(record: EditingProjectRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ProjectId: record.ProjectId,
    Title: record.Title,
    Description: record.Description,
    CoverURL: record.CoverURL,
    TemplateId: record.TemplateId,
    TemplateType: record.TemplateType,
    ProjectType: record.ProjectType,
    Duration: record.Duration,
    CreateSource: record.CreateSource,
    ModifiedSource: record.ModifiedSource,
    CreateTime: record.CreateTime,
    ModifiedTime: record.ModifiedTime,
  };
  const timeline = serviceJson(record.Timeline);
  if (timeline !== undefined) view.Timeline = timeline;
  const clips = serviceJson(record.ClipsParam);
  if (clips !== undefined) view.ClipsParam = clips;
  const business = serviceJson(record.BusinessConfig);
  if (business !== undefined) view.BusinessConfig = business;
  if (record.BusinessStatus !== undefined) view.BusinessStatus = record.BusinessStatus;
  return view;
}

/** CreateEditingProject: Status is a number, plus StatusName. */
export const createdView = (record: EditingProjectRecord) => ({
  ...commonView(record),
  Status: STATUS_CODES[record.Status],
  StatusName: record.Status,
});

/** GetEditingProject: Status is a string. */
export const getView = (record: EditingProjectRecord) => ({
  ...commonView(record),
  Status: record.Status,
  TimelineConvertStatus: "Unconverted",
});

/** SearchEditingProject: Status as a string, and a failed production's error. */
export const listView = (record: EditingProjectRecord) => ({
  ...commonView(record),
  Status: record.Status,
  ...(record.ErrorCode ? { ErrorCode: record.ErrorCode, ErrorMessage: record.ErrorMessage ?? "" } : {}),
});
