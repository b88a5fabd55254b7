/**
 * Dataset ↔ OSS bindings (IMM API reference): CreateBinding, GetBinding, ListBindings, DeleteBinding.
 * A new binding is Ready; halfway through `bindingScanMs` it is Running/FullScanning; at the end of
 * the full scan it indexes every object of the synthetic bucket and moves to IncrementalScanning.
 * An injected task failure makes the scan end in Failed with a Reason instead.
 */
import { immTime } from "../core/clock";
import { invalidParameter, resourceAlreadyExists, resourceNotFound } from "../core/errors";
import { keyPager } from "../core/pagination";
import type { Handler, Transition, WorldContext } from "../core/service";
import { indexNow } from "./files";
import { listObjects, parseOssUri } from "./synthetic-bucket";
import { type BindingRecord, bindings, childKey, requireDataset, requireRoom, rowsOfDataset } from "./tables";

function bindingUri(ctx: Parameters<Handler>[0]): string {
  const uri = ctx.params.requiredString("URI");
  const parsed = parseOssUri(uri);
  if (!parsed || parsed.key !== "") {
    throw invalidParameter(
      ctx.params.style,
      "URI",
      `must be oss://<bucket> (a bucket, without a path; got "${uri}")`,
    );
  }
  return uri;
}

function lookup(ctx: Parameters<Handler>[0]): { key: string; record: BindingRecord } {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const uri = ctx.params.requiredString("URI");
  requireDataset(ctx, project, dataset);
  const key = childKey(project, dataset, uri);
  const record = bindings(ctx).get(key);
  if (!record) throw resourceNotFound(ctx.style, "binding");
  return { key, record };
}

const createBinding: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  const uri = bindingUri(ctx);
  const datasetRecord = requireDataset(ctx, project, dataset);
  const table = bindings(ctx);
  const key = childKey(project, dataset, uri);
  if (table.has(key)) throw resourceAlreadyExists("binding");
  const used = rowsOfDataset(table, project, dataset).length;
  requireRoom(`dataset ${dataset}`, "DatasetMaxBindCount", datasetRecord.DatasetMaxBindCount, used);
  const now = immTime(ctx.now);
  const record: BindingRecord = {
    ProjectName: project,
    DatasetName: dataset,
    URI: uri,
    State: "Ready",
    Phase: "FullScanning",
    Reason: "",
    CreateTime: now,
    UpdateTime: now,
  };
  table.set(key, record);
  const fails = ctx.taskFails("CreateBinding");
  ctx.schedule(Math.floor(ctx.timings.bindingScanMs / 2), "imm.binding.running", { key });
  ctx.schedule(ctx.timings.bindingScanMs, "imm.binding.scanned", { key, fails });
  return { Binding: record };
};

const getBinding: Handler = (ctx) => ({ Binding: lookup(ctx).record });

const deleteBinding: Handler = (ctx) => {
  const { key } = lookup(ctx);
  bindings(ctx).delete(key);
  // Indexed files stay: IMM keeps the metadata a binding created (delete it with BatchDeleteFileMeta).
  return {};
};

const listBindings: Handler = (ctx) => {
  const project = ctx.params.requiredString("ProjectName");
  const dataset = ctx.params.requiredString("DatasetName");
  requireDataset(ctx, project, dataset);
  const { items, next } = keyPager(ctx.params).page(rowsOfDataset(bindings(ctx), project, dataset));
  return { Bindings: items, ...next };
};

function update(ctx: WorldContext, key: string, change: Partial<BindingRecord>): BindingRecord | undefined {
  const table = bindings(ctx);
  const record = table.get(key);
  if (!record) return undefined; // deleted meanwhile
  return table.set(key, { ...record, ...change, UpdateTime: immTime(ctx.now) });
}

const running: Transition = (ctx, payload) => {
  const record = bindings(ctx).get(String(payload.key));
  if (record?.State === "Ready") update(ctx, String(payload.key), { State: "Running" });
};

const scanned: Transition = (ctx, payload) => {
  const key = String(payload.key);
  const record = bindings(ctx).get(key);
  if (!record || record.State === "Failed") return;
  if (payload.fails === true) {
    update(ctx, key, {
      State: "Failed",
      Reason: "full scan failed: AccessDenied: the IMM service role cannot list the bucket",
    });
    return;
  }
  const bucket = parseOssUri(record.URI)?.bucket ?? "";
  const inputs = listObjects(bucket).map((object) => ({ URI: `oss://${bucket}/${object.key}` }));
  indexNow(ctx, record.ProjectName, record.DatasetName, inputs, `binding:${record.URI}`);
  update(ctx, key, { State: "Running", Phase: "IncrementalScanning" });
};

export const bindingHandlers = {
  CreateBinding: createBinding,
  GetBinding: getBinding,
  ListBindings: listBindings,
  DeleteBinding: deleteBinding,
} satisfies Record<string, Handler>;

export const bindingTransitions = {
  "imm.binding.running": running,
  "imm.binding.scanned": scanned,
} satisfies Record<string, Transition>;
