/**
 * ice.Template (ICE AddTemplate / GetTemplate / UpdateTemplate / DeleteTemplate): an editing template
 * that editing projects and media producing jobs fill with `clipsParam`.
 *
 * `type` replaces (UpdateTemplate cannot change it); `name`, `config`, `coverUrl` and `previewMedia`
 * are updated in place. `config` is JSON (an object or JSON text) compared by meaning: the service
 * hands it back re-serialised. The ID is the server-minted TemplateId.
 * What each field does on change: docs/resources/ice-template.md, generated from `fields` below.
 *
 * A `Timeline` (or `BatchEditing`) template is usable at once. A `VETemplate` is analysed by the
 * service first (Processing → Available or ProcessFailed), and again after each config change: create
 * and update wait for it within waitTimeoutSeconds. A wait cut short, or a failed analysis, is partial
 * state carrying the TemplateId: the `incomplete` output plans an update, which keeps waiting or
 * reports the failure again until the config changes.
 *
 * AddTemplate takes no client token and ICE offers no lookup by name, so a repeat after a lost answer
 * could add a second template: it is never repeated blindly (the operation is not idempotent), the
 * TemplateId is logged the moment AddTemplate answers, and any failure after that is partial state.
 * The default name is derived from the resource's identity, so it tells whose template it is.
 */
import { z } from "zod";
import { jsonTrait, jsonValue, parseJsonText, sameJson } from "../framework/json-value";
import { afterIdKnown, freeTextAutoName, stillThere, unlessNotFound, waitBudget } from "../framework/kit";
import { PartialCreateError, type ResourceContext, type ResourceSpec } from "../framework/spec";
import { sendChangedFields, wire, wireParams } from "../framework/wire";
import { ice, type RequestOf, type ResponseOf } from "../operations";
import { waitFor, WaitTimeoutError } from "../runtime/waiter";

export const TEMPLATE_TYPES = ["Timeline", "VETemplate", "BatchEditing"] as const;
/** The service documents no name limit; a derived name keeps within 128 characters. */
export const TEMPLATE_NAME_MAX_LENGTH = 128;
export const DEFAULT_TEMPLATE_WAIT_SECONDS = 1800;

const httpUrl = z
  .string()
  .regex(/^https?:\/\/\S+$/, "must be an http(s) URL")
  .max(1024, "must be at most 1024 characters");

export const templateSchema = z.object({
  name: z
    .string()
    .min(1, "must not be empty")
    .max(TEMPLATE_NAME_MAX_LENGTH, `must be at most ${TEMPLATE_NAME_MAX_LENGTH} characters`),
  type: z.enum(TEMPLATE_TYPES),
  config: jsonValue("object"),
  coverUrl: httpUrl.optional(),
  previewMedia: z
    .string()
    .min(1, "must not be empty (leave it out for none)")
    .max(1024, "must be at most 1024 characters")
    .optional(),
  waitTimeoutSeconds: z.number().int().min(0).max(86_400).optional(),
});
export type TemplateInputs = z.infer<typeof templateSchema>;

type WireTemplate = ResponseOf<typeof ice.GetTemplate>["Template"];

/** Outputs from GetTemplate's answer; `config` stays in the declared form while it means the same. */
export function observeTemplate(template: WireTemplate, declared: Record<string, unknown>) {
  const text = template.Config ?? "";
  const config =
    text === ""
      ? null
      : declared.config !== undefined && sameJson(text, declared.config)
        ? declared.config
        : parseJsonText(text);
  const status = template.Status ?? "";
  return {
    id: template.TemplateId,
    outputs: {
      templateId: template.TemplateId,
      name: template.Name ?? "",
      type: template.Type ?? "",
      config,
      coverUrl: template.CoverURL ?? "",
      previewMedia: template.PreviewMedia ?? "",
      previewMediaStatus: template.PreviewMediaStatus ?? "",
      status,
      createSource: template.CreateSource ?? "",
      modifiedSource: template.ModifiedSource ?? "",
      creationTime: template.CreationTime ?? "",
      modifiedTime: template.ModifiedTime ?? "",
      /** The placeholders a job fills, as the service lists them (JSON text). */
      clipsParam: template.ClipsParam ?? "",
      // True while the template is not usable yet (analysis running or failed): plans an update.
      incomplete: status !== "Available",
    },
  };
}
export type TemplateOutputs = ReturnType<typeof observeTemplate>["outputs"];
type Observed = ReturnType<typeof observeTemplate>;

async function getTemplate(ctx: ResourceContext, id: string): Promise<WireTemplate | undefined> {
  const answer = await unlessNotFound(
    ctx.clients.ice.call(ice.GetTemplate, { TemplateId: id, RelatedMediaidFlag: "0" }),
  );
  return answer?.Template;
}

const failureOf = (id: string, status: string) =>
  `template ${id} is ${status}: ICE could not ${status === "ProcessFailed" ? "analyse" : "upload"} its config. ` +
  "Fix `config` (an update sends it again and ICE analyses it anew), or delete the template.";

/** Reads the template and, while ICE analyses it, waits until it is Available; else partial state. */
async function settle(ctx: ResourceContext, id: string, inputs: TemplateInputs): Promise<Observed> {
  const what = `template ${id}`;
  let last: Observed | undefined;
  let template: WireTemplate;
  try {
    template = await waitFor({
      what,
      poll: async () => {
        const current = stillThere(await getTemplate(ctx, id), what);
        last = observeTemplate(current, inputs);
        return current;
      },
      describe: (current) => current.Status ?? "unknown",
      isDone: (current) => !["Processing", "Uploading", "Created"].includes(current.Status ?? ""),
      timeoutMs: waitBudget(inputs.waitTimeoutSeconds, DEFAULT_TEMPLATE_WAIT_SECONDS).remainingMs(),
      onProgress: (current, elapsed) =>
        ctx.log.info(`${what}: ${current.Status ?? "unknown"} after ${Math.round(elapsed / 1000)}s`),
    });
  } catch (error) {
    const observed = last ?? { id, outputs: { templateId: id, incomplete: true } as TemplateOutputs };
    if (error instanceof WaitTimeoutError) throw new PartialCreateError(error.message, observed);
    throw afterIdKnown(error, observed, what);
  }
  const observed = observeTemplate(template, inputs);
  if (observed.outputs.status.endsWith("Failed"))
    throw new PartialCreateError(failureOf(id, observed.outputs.status), observed);
  return observed;
}

export const templateSpec: ResourceSpec<TemplateInputs> = {
  type: "ice:Template",
  schema: templateSchema,
  // The ID is minted by the service and names need not be unique: the new template can come first.
  deleteBeforeReplace: false,
  autoName: freeTextAutoName("ice:Template", TEMPLATE_NAME_MAX_LENGTH),
  // UpdateTemplate leaves a parameter that is not sent as it was; "" clears a cover or preview.
  fields: {
    name: { mode: "update", wire: wire("Name") },
    type: { mode: "replace", wire: wire("Type") },
    config: { ...jsonTrait("update"), wire: wire("Config", "json") },
    coverUrl: { mode: "update", default: "", wire: wire("CoverUrl") },
    previewMedia: { mode: "update", default: "", wire: wire("PreviewMedia") },
    waitTimeoutSeconds: { mode: "ignore" },
    // An output, never an input: true until the template is Available (see observeTemplate).
    incomplete: { mode: "update", default: false, applyWith: "settle" },
  },

  async create(ctx, inputs) {
    const params = wireParams(templateSpec.fields, inputs) as RequestOf<typeof ice.AddTemplate>;
    const added = await ctx.clients.ice.call(ice.AddTemplate, params);
    const id = added.Template.TemplateId;
    ctx.log.info(`added template ${id} (${JSON.stringify(inputs.name)}, ${inputs.type})`);
    if (inputs.type === "VETemplate") ctx.log.info(`template ${id}: ICE is analysing it`);
    return settle(ctx, id, inputs);
  },

  async read(ctx, id, state) {
    const template = await getTemplate(ctx, id);
    return template && observeTemplate(template, state);
  },

  async update(ctx, id, _state, inputs, changed) {
    await sendChangedFields(ctx.clients.ice, ice.UpdateTemplate, templateSpec, changed, inputs, {
      TemplateId: id,
    });
    return settle(ctx, id, inputs);
  },

  async delete(ctx, id) {
    await ctx.clients.ice.call(ice.DeleteTemplate, { TemplateIds: id });
  },
};
