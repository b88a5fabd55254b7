/**
 * ice.Pipeline (ICE CreatePipeline / GetPipeline / UpdatePipeline / DeletePipeline): an MPS queue with
 * a name, a priority (1–10) and a speed, Active or Paused.
 *
 * UpdatePipeline changes the name, the priority and the status in place; the speed is fixed at
 * creation, so a new speed replaces the pipeline (create-first: nothing else names it). CreatePipeline
 * takes no status, so a pipeline declared Paused is paused right after its create.
 * What each field does on change: docs/resources/ice-pipeline.md, generated from `fields` below.
 * The ID is the PipelineId.
 *
 * The name defaults to the logical name and 8 hex characters of the resource's identity digest.
 * CreatePipeline mints the ID server-side and takes no client token, and no API of this table finds a
 * pipeline by name, so a create whose answer is lost is never repeated (not-idempotent): the error
 * names the pipeline to look for. Any failure once the ID is known is partial state carrying it.
 */
import { z } from "zod";
import { afterIdKnown, freeTextAutoName, outcomeUnknown, stillThere, unlessNotFound } from "../framework/kit";
import type { ResourceContext, ResourceSpec } from "../framework/spec";
import { sendChangedFields, wire } from "../framework/wire";
import { ice } from "../operations";
import type { pipeline } from "../operations/models";

export const PIPELINE_SPEEDS = ["Standard", "Boost", "NarrowBandHDV2"] as const;
export const PIPELINE_STATUSES = ["Active", "Paused"] as const;
const NAME_MAX = 128;

export const pipelineSchema = z.object({
  name: z
    .string()
    .min(1, "must not be empty")
    .max(NAME_MAX, `must be at most ${NAME_MAX} characters`)
    .refine((v) => v.trim() === v, "must not start or end with spaces"),
  priority: z
    .number()
    .int("must be an integer")
    .min(1, "must be 1 to 10")
    .max(10, "must be 1 to 10")
    .optional(),
  speed: z.enum(PIPELINE_SPEEDS).optional(),
  status: z.enum(PIPELINE_STATUSES).optional(),
});
export type PipelineInputs = z.infer<typeof pipelineSchema>;
type Pipeline = z.infer<typeof pipeline>;

function observe(found: Pipeline) {
  return {
    id: found.PipelineId,
    outputs: {
      pipelineId: found.PipelineId,
      name: found.Name ?? "",
      priority: found.Priority ?? 6,
      speed: found.Speed ?? "",
      status: found.Status ?? "",
      createTime: found.CreateTime ?? "",
      modifiedTime: found.ModifiedTime ?? "",
    },
  };
}
export type PipelineOutputs = ReturnType<typeof observe>["outputs"];

const autoName = freeTextAutoName("ice:Pipeline", NAME_MAX, (logical) => logical.trim() || "pipeline");

async function get(ctx: ResourceContext, id: string) {
  const response = await unlessNotFound(ctx.clients.ice.call(ice.GetPipeline, { PipelineId: id }));
  return response && observe(response.Pipeline);
}

function lostCreateMessage(reason: string, name: string): string {
  return (
    `CreatePipeline may have created pipeline ${JSON.stringify(name)}, but its answer was lost (${reason}). ` +
    "ICE takes no client token for pipelines, so the provider does not create it again on its own. Look in " +
    "the ICE console for a pipeline of that name: delete it (or keep it and give this resource another name), " +
    "then run `pulumi up` again."
  );
}

export const pipelineSpec: ResourceSpec<PipelineInputs> = {
  type: "ice:Pipeline",
  schema: pipelineSchema,
  deleteBeforeReplace: false,
  autoName,
  fields: {
    name: { mode: "update", wire: wire("Name") },
    priority: { mode: "update", default: 6, wire: wire("Priority") },
    speed: { mode: "replace", default: "Standard" },
    status: { mode: "update", default: "Active", wire: wire("Status") },
  },

  async create(ctx, inputs) {
    let created: ReturnType<typeof observe>;
    try {
      const response = await ctx.clients.ice.call(ice.CreatePipeline, {
        Name: inputs.name,
        Priority: inputs.priority,
        Speed: inputs.speed ?? "Standard",
      });
      created = observe(response.Pipeline);
    } catch (error) {
      if (outcomeUnknown(error)) throw new Error(lostCreateMessage(error.message, inputs.name));
      throw error;
    }
    if ((inputs.status ?? "Active") === created.outputs.status) return created;
    try {
      await ctx.clients.ice.call(ice.UpdatePipeline, { PipelineId: created.id, Status: inputs.status });
      return stillThere(await get(ctx, created.id), `pipeline ${created.id}`);
    } catch (error) {
      throw afterIdKnown(error, created, `pipeline ${created.id}`);
    }
  },

  read: (ctx, id) => get(ctx, id),

  async update(ctx, id, _state, inputs, changed) {
    await sendChangedFields(ctx.clients.ice, ice.UpdatePipeline, pipelineSpec, changed, inputs, {
      PipelineId: id,
    });
    return stillThere(await get(ctx, id), `pipeline ${id}`);
  },

  async delete(ctx, id) {
    await ctx.clients.ice.call(ice.DeletePipeline, { PipelineId: id });
  },
};
