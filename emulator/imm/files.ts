/**
 * File metadata in a dataset (IMM API reference): IndexFileMeta, BatchIndexFileMeta, GetFileMeta, and
 * the calls users need to clean a dataset up: DeleteFileMeta, BatchDeleteFileMeta, SimpleQuery.
 * Indexing is asynchronous (only an EventId comes back); files appear `indexMs` later.
 */
import { createHash } from "node:crypto";
import { immTime, uuid } from "../core/clock";
import { invalidParameter, resourceNotFound } from "../core/errors";
import { type Params, isPlainObject, parseRfc3339 } from "../core/params";
import { keyPager } from "../core/pagination";
import type { Handler, Transition, WorldContext } from "../core/service";
import { findObject, parseOssUri, type SyntheticObject } from "./synthetic-bucket";
import {
  type FileRecord,
  childKey,
  datasets,
  datasetKey,
  files,
  requireDataset,
  requireRoom,
  rowsOfDataset,
} from "./tables";

const MEDIA_TYPES = ["image", "other", "document", "archive", "video", "audio"] as const;
const MAX_BATCH = 100;
const EXTENSION_MEDIA: Record<string, string> = {
  jpg: "image",
  jpeg: "image",
  png: "image",
  heic: "image",
  gif: "image",
  webp: "image",
  mp4: "video",
  mov: "video",
  mkv: "video",
  mp3: "audio",
  wav: "audio",
  m4a: "audio",
  pdf: "document",
  doc: "document",
  docx: "document",
  ppt: "document",
  pptx: "document",
  xls: "document",
  xlsx: "document",
  txt: "document",
  zip: "archive",
  rar: "archive",
  "7z": "archive",
  gz: "archive",
};

export type InputFile = Record<string, unknown> & { URI: string };

/** Validates one InputFile (`File`, `Files[i]`); `name` is the parameter path used in errors. */
function validateInputFile(params: Params, value: unknown, name: string): InputFile {
  if (!isPlainObject(value)) throw invalidParameter(params.style, name, "must be a JSON object");
  const uri = value.URI;
  if (typeof uri !== "string" || uri === "")
    throw invalidParameter(params.style, `${name}.URI`, "is required");
  const oss = parseOssUri(uri);
  if (!(oss && oss.key !== "") && !/^pds:\/\/.+/.test(uri)) {
    throw invalidParameter(
      params.style,
      `${name}.URI`,
      `must be oss://<bucket>/<key> or pds://... (got "${uri}")`,
    );
  }
  if (
    value.MediaType !== undefined &&
    !MEDIA_TYPES.includes(value.MediaType as (typeof MEDIA_TYPES)[number])
  ) {
    throw invalidParameter(params.style, `${name}.MediaType`, `must be one of ${MEDIA_TYPES.join(", ")}`);
  }
  if (value.ProduceTime !== undefined) {
    parseRfc3339(String(value.ProduceTime), (rule) =>
      invalidParameter(params.style, `${name}.ProduceTime`, rule),
    );
  }
  if (value.CustomLabels !== undefined && !isPlainObject(value.CustomLabels)) {
    throw invalidParameter(params.style, `${name}.CustomLabels`, "must be a JSON object");
  }
  return value as InputFile;
}

function syntheticMeta(object: SyntheticObject): Record<string, unknown> {
  const dimensions =
    object.mediaType === "video"
      ? { VideoWidth: object.width, VideoHeight: object.height, Duration: object.duration ?? 0 }
      : { ImageWidth: object.width, ImageHeight: object.height };
  return {
    Size: object.size,
    ETag: `"${object.etag}"`,
    ContentType: object.contentType,
    MediaType: object.mediaType,
    ProduceTime: immTime(object.produceTime),
    LatLong: object.place.LatLong,
    Addresses: [{ ...object.place, Language: "en" }],
    ...dimensions,
  };
}

/** Builds the File model for an indexed object: synthetic OSS metadata, then what the caller declared. */
export function fileModel(
  ctx: WorldContext,
  project: string,
  dataset: string,
  input: InputFile,
): FileRecord["file"] {
  const object = findObject(input.URI);
  const hash = createHash("md5").update(input.URI).digest("hex");
  const extension = /\.([A-Za-z0-9]+)$/.exec(input.URI)?.[1]?.toLowerCase() ?? "";
  const base = object
    ? syntheticMeta(object)
    : {
        Size: 1024 + (parseInt(hash.slice(0, 6), 16) % 1_000_000),
        ETag: `"${hash.toUpperCase()}"`,
        ContentType: "application/octet-stream",
        MediaType: EXTENSION_MEDIA[extension] ?? "other",
      };
  const now = immTime(ctx.now);
  return {
    ...base,
    ...input,
    URI: input.URI,
    OSSURI: input.URI.startsWith("oss://") ? input.URI : "",
    ProjectName: project,
    DatasetName: dataset,
    ObjectId: createHash("sha256").update(`${project}/${dataset}/${input.URI}`).digest("hex").slice(0, 32),
    ObjectType: "file",
    ObjectStatus: "Indexed",
    Filename: input.URI.slice(input.URI.lastIndexOf("/") + 1),
    FileHash: typeof input.FileHash === "string" ? input.FileHash : `"${hash}"`,
    CreateTime: now,
    UpdateTime: now,
    FileModifiedTime: now,
    Size: typeof input.Size === "number" ? input.Size : (base.Size as number),
  };
}

/** Indexes files now (used by the async transition and by binding scans). Skips what is over quota. */
export function indexNow(
  ctx: WorldContext,
  project: string,
  dataset: string,
  inputs: InputFile[],
  source: string,
): number {
  const record = datasets(ctx).get(datasetKey(project, dataset));
  if (!record) return 0;
  const table = files(ctx);
  let count = rowsOfDataset(table, project, dataset).length;
  let indexed = 0;
  for (const input of inputs) {
    const key = childKey(project, dataset, input.URI);
    if (!table.has(key)) {
      if (count >= record.DatasetMaxFileCount) continue;
      count++;
    }
    table.set(key, { file: fileModel(ctx, project, dataset, input), source });
    indexed++;
  }
  return indexed;
}

function checkFileQuota(ctx: WorldContext, project: string, dataset: string, uris: string[]): void {
  const record = requireDataset(ctx, project, dataset);
  const table = files(ctx);
  const fresh = new Set(uris.filter((uri) => !table.has(childKey(project, dataset, uri)))).size;
  const used = rowsOfDataset(table, project, dataset).length;
  requireRoom(`dataset ${dataset}`, "DatasetMaxFileCount", record.DatasetMaxFileCount, used, fresh);
}

function scheduleIndex(ctx: Parameters<Handler>[0], project: string, dataset: string, inputs: InputFile[]) {
  checkFileQuota(
    ctx,
    project,
    dataset,
    inputs.map((f) => f.URI),
  );
  // Notification and UserData are accepted and validated; there is no MNS here to deliver to.
  ctx.params.json("Notification", "object");
  ctx.params.string("UserData", { maxLength: 2048 });
  ctx.schedule(ctx.timings.indexMs, "imm.files.index", { project, dataset, files: inputs });
  return { EventId: `${uuid().slice(0, 3).toUpperCase()}-${uuid().replace(/-/g, "").slice(0, 24)}` };
}

const indexFileMeta: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const file = validateInputFile(ctx.params, ctx.params.requiredJson("File", "object"), "File");
  return scheduleIndex(ctx, project, dataset, [file]);
};

const batchIndexFileMeta: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const list = ctx.params.requiredJson<unknown[]>("Files", "array");
  if (list.length === 0 || list.length > MAX_BATCH) {
    throw invalidParameter(
      ctx.params.style,
      "Files",
      `must hold 1 to ${MAX_BATCH} files (got ${list.length})`,
    );
  }
  const inputs = list.map((value, index) => validateInputFile(ctx.params, value, `Files[${index}]`));
  return scheduleIndex(ctx, project, dataset, inputs);
};

function projectFields(file: FileRecord["file"], params: Params): Record<string, unknown> {
  const fields = params.json<string[]>("WithFields", "array");
  if (!fields) return file;
  return Object.fromEntries(Object.entries(file).filter(([key]) => fields.includes(key) || key === "URI"));
}

const getFileMeta: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const uri = ctx.params.requiredString("URI");
  requireDataset(ctx, project, dataset);
  const record = files(ctx).get(childKey(project, dataset, uri));
  if (!record) throw resourceNotFound(ctx.style, "file");
  return { Files: [projectFields(record.file, ctx.params)] };
};

const deleteFileMeta: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const uri = ctx.params.requiredString("URI");
  requireDataset(ctx, project, dataset);
  if (!files(ctx).delete(childKey(project, dataset, uri))) throw resourceNotFound(ctx.style, "file");
  return {};
};

const batchDeleteFileMeta: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const uris = ctx.params.requiredJson<unknown[]>("URIs", "array");
  if (uris.length === 0 || uris.length > MAX_BATCH) {
    throw invalidParameter(ctx.params.style, "URIs", `must hold 1 to ${MAX_BATCH} URIs (got ${uris.length})`);
  }
  requireDataset(ctx, project, dataset);
  for (const uri of uris) {
    if (typeof uri !== "string")
      throw invalidParameter(ctx.params.style, "URIs", "must be an array of strings");
    files(ctx).delete(childKey(project, dataset, uri)); // unknown URIs are ignored, as a batch delete should
  }
  return {};
};

interface SimpleQueryNode {
  Field?: string;
  Value?: string;
  Operation?: string;
  SubQueries?: SimpleQueryNode[];
}

function compare(actual: unknown, expected: string): number {
  if (typeof actual === "number") return actual - Number(expected);
  const text = String(actual ?? "");
  return text < expected ? -1 : text > expected ? 1 : 0;
}

function matches(file: Record<string, unknown>, node: SimpleQueryNode, params: Params): boolean {
  const operation = node.Operation ?? "eq";
  const subQueries = node.SubQueries ?? [];
  switch (operation) {
    case "and":
      return subQueries.every((sub) => matches(file, sub, params));
    case "or":
      return subQueries.some((sub) => matches(file, sub, params));
    case "not":
      return !subQueries.some((sub) => matches(file, sub, params));
  }
  if (!node.Field || node.Value === undefined) {
    throw invalidParameter(params.style, "Query", `operation ${operation} needs Field and Value`);
  }
  const actual = file[node.Field];
  const value = String(node.Value);
  switch (operation) {
    case "eq":
      return compare(actual, value) === 0;
    case "prefix":
      return String(actual ?? "").startsWith(value);
    case "match":
      return String(actual ?? "").includes(value);
    case "gt":
      return actual !== undefined && compare(actual, value) > 0;
    case "gte":
      return actual !== undefined && compare(actual, value) >= 0;
    case "lt":
      return actual !== undefined && compare(actual, value) < 0;
    case "lte":
      return actual !== undefined && compare(actual, value) <= 0;
    default:
      throw invalidParameter(params.style, "Query", `unsupported Operation "${operation}"`);
  }
}

const LOGICAL_OPERATIONS = ["and", "or", "not"];
const FIELD_OPERATIONS = ["eq", "prefix", "match", "gt", "gte", "lt", "lte"];

/** Checks the whole query tree up front, so a bad query fails even when no file would reach it. */
function validateQuery(params: Params, node: unknown, path: string): void {
  if (!isPlainObject(node)) throw invalidParameter(params.style, path, "must be a JSON object");
  const operation = node.Operation ?? "eq";
  if (typeof operation !== "string" || ![...LOGICAL_OPERATIONS, ...FIELD_OPERATIONS].includes(operation)) {
    throw invalidParameter(params.style, `${path}.Operation`, `unsupported Operation "${String(operation)}"`);
  }
  if (LOGICAL_OPERATIONS.includes(operation)) {
    const subQueries = node.SubQueries;
    if (!Array.isArray(subQueries) || subQueries.length === 0) {
      throw invalidParameter(params.style, `${path}.SubQueries`, `operation ${operation} needs SubQueries`);
    }
    subQueries.forEach((sub, index) => validateQuery(params, sub, `${path}.SubQueries[${index}]`));
    return;
  }
  if (typeof node.Field !== "string" || node.Field === "" || node.Value === undefined) {
    throw invalidParameter(params.style, path, `operation ${operation} needs Field and Value`);
  }
}

const simpleQuery: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const query = ctx.params.json<SimpleQueryNode>("Query", "object");
  if (query !== undefined) validateQuery(ctx.params, query, "Query");
  requireDataset(ctx, project, dataset);
  const rows = rowsOfDataset(files(ctx), project, dataset).filter(
    ([, record]) => !query || matches(record.file, query, ctx.params),
  );
  const { items, next } = keyPager(ctx.params, { max: 100 }).page(rows);
  return {
    Files: items.map((record) => projectFields(record.file, ctx.params)),
    ...(ctx.params.boolean("WithoutTotalHits") ? {} : { TotalHits: rows.length }),
    ...next,
  };
};

const indexTransition: Transition = (ctx, payload) => {
  indexNow(ctx, String(payload.project), String(payload.dataset), payload.files as InputFile[], "index");
};

export const fileHandlers = {
  IndexFileMeta: indexFileMeta,
  BatchIndexFileMeta: batchIndexFileMeta,
  GetFileMeta: getFileMeta,
  DeleteFileMeta: deleteFileMeta,
  BatchDeleteFileMeta: batchDeleteFileMeta,
  SimpleQuery: simpleQuery,
} satisfies Record<string, Handler>;

export const fileTransitions = { "imm.files.index": indexTransition } satisfies Record<string, Transition>;
