/**
 * A small resource for testing the generic lifecycle (provider/framework/lifecycle.ts): its "service"
 * is an in-memory shelf standing for the API only; the lifecycle driven over it is the real one.
 */
import { z } from "zod";
import { ResourceLifecycle } from "../../provider/framework/lifecycle";
import type { CreateMeta, Observed, ResourceContext, ResourceSpec } from "../../provider/framework/spec";
import { AlibabaApiError } from "../../provider/runtime/errors";

export interface Item {
  name: string;
  size: number;
  color: string;
  createdBy?: string;
}

export interface Calls {
  create: { inputs: Record<string, unknown>; meta: CreateMeta }[];
  update: { id: string; inputs: Record<string, unknown>; changed: string[] }[];
  delete: string[];
  findExisting: number;
}

export const apiError = (code: string, afterAmbiguousAttempt = false) => {
  const error = new AlibabaApiError({ action: "CreateItem", kind: "api", code, apiMessage: "m" });
  error.afterAmbiguousAttempt = afterAmbiguousAttempt;
  return error;
};

/** A resource over a shelf: `name` replaces, `size` and `color` update (color defaults to "plain"). */
export function shelfResource(options: {
  shelf?: Map<string, Item>;
  createError?: (inputs: Record<string, unknown>) => unknown;
  updateError?: unknown;
  deleteError?: unknown;
  withFindExisting?: boolean;
  /** What findExisting answers instead of looking on the shelf. */
  found?: Observed;
  crossChecks?: ResourceSpec["crossChecks"];
}) {
  const shelf = options.shelf ?? new Map<string, Item>();
  const calls: Calls = { create: [], update: [], delete: [], findExisting: 0 };
  const logs: string[] = [];
  const observe = (item: Item): Observed => ({
    id: item.name,
    outputs: { name: item.name, size: item.size, color: item.color, serial: `s-${item.name}` },
  });
  const spec: ResourceSpec = {
    type: "test:Shelf",
    schema: z.object({
      name: z.string().optional(),
      size: z.number().int(),
      color: z.string().optional(),
      label: z.string().optional(),
      adopt: z.boolean().optional(),
    }),
    fields: {
      name: { mode: "replace" },
      size: { mode: "update" },
      color: { mode: "update", default: "plain" },
      label: { mode: "stateOnly" },
      adopt: { mode: "ignore" },
    },
    deleteBeforeReplace: true,
    autoName: { field: "name", maxLength: 20, sanitize: (logical) => logical.toLowerCase() },
    crossChecks: options.crossChecks,
    async create(_ctx, inputs, meta) {
      calls.create.push({ inputs, meta });
      const thrown = options.createError?.(inputs);
      if (thrown) throw thrown;
      const item = {
        name: String(inputs.name),
        size: Number(inputs.size),
        color: String(inputs.color ?? "plain"),
      };
      shelf.set(item.name, item);
      return observe(item);
    },
    async read(_ctx, id) {
      const item = shelf.get(id);
      return item && observe(item);
    },
    async update(_ctx, id, _state, inputs, changed) {
      calls.update.push({ id, inputs, changed });
      if (options.updateError) throw options.updateError;
      const item = { ...shelf.get(id)!, size: Number(inputs.size), color: String(inputs.color ?? "plain") };
      shelf.set(id, item);
      return observe(item);
    },
    async delete(_ctx, id) {
      calls.delete.push(id);
      if (options.deleteError) throw options.deleteError;
      shelf.delete(id);
    },
  };
  if (options.withFindExisting !== false) {
    spec.findExisting = async (_ctx, inputs) => {
      calls.findExisting++;
      if (options.found) return options.found;
      const item = shelf.get(String(inputs.name));
      return item && observe(item);
    };
  }
  const context = (): ResourceContext =>
    ({ clients: {}, log: { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) } }) as never;
  return { lifecycle: new ResourceLifecycle(spec, context), shelf, calls, logs };
}
