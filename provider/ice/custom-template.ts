/**
 * ice.CustomTemplate (ICE CreateCustomTemplate / GetCustomTemplate / UpdateCustomTemplate /
 * DeleteCustomTemplate, SetDefaultCustomTemplate): a media processing preset (transcoding, snapshot,
 * watermark, subtitle, AI review…) that jobs name by TemplateId.
 *
 * `type` and `subtype` replace (UpdateCustomTemplate changes only the name and the config); `name`
 * and `templateConfig` are updated in place; `isDefault: true` is applied with
 * SetDefaultCustomTemplate, which makes the template its type's default (the earlier default stops
 * being one; a refresh then shows it). ICE has no call that only unsets a default: making another
 * template the default does. `templateConfig` is JSON compared by meaning, and checked at `check`
 * for the transcoding, snapshot and watermark types. The ID is the server-minted TemplateId.
 * What each field does on change: docs/resources/ice-custom-template.md, generated from `fields` below.
 *
 * The answers disagree on the subtype: CreateCustomTemplate gives its name, GetCustomTemplate the
 * number with SubtypeName beside it; outputs are always read with GetCustomTemplate.
 *
 * CreateCustomTemplate takes no client token and ICE offers no lookup by name, so it is never
 * repeated blindly after a lost answer (not idempotent); the TemplateId is logged the moment it
 * answers, and any failure after that (the read, SetDefault) is partial state with the ID. The default
 * name is derived from the resource's identity.
 */
import { z } from "zod";
import { jsonTrait, jsonValue, parseJsonText, sameJson } from "../framework/json-value";
import { afterIdKnown, freeTextAutoName, stillThere, unlessNotFound } from "../framework/kit";
import type { Observed, ResourceContext, ResourceSpec } from "../framework/spec";
import { sendChangedFields, wire, wireParams } from "../framework/wire";
import { ice, type RequestOf, type ResponseOf } from "../operations";
import { CUSTOM_TEMPLATE_TYPES, customTemplateFailures } from "./custom-template-rules";

export * from "./custom-template-rules";

export const CUSTOM_TEMPLATE_NAME_MAX_LENGTH = 128;

export const customTemplateSchema = z.object({
  name: z
    .string()
    .min(1, "must not be empty")
    .max(CUSTOM_TEMPLATE_NAME_MAX_LENGTH, `must be at most ${CUSTOM_TEMPLATE_NAME_MAX_LENGTH} characters`),
  type: z
    .number()
    .int("must be an integer")
    .min(1, "must be a template type from 1 to 11")
    .max(11, "must be a template type from 1 to 11"),
  subtype: z
    .number()
    .int("must be an integer")
    .min(1, "must be at least 1")
    .max(5, "must be at most 5")
    .optional(),
  templateConfig: jsonValue("object"),
  isDefault: z.boolean().optional(),
});
export type CustomTemplateInputs = z.infer<typeof customTemplateSchema>;

type WireCustomTemplate = ResponseOf<typeof ice.GetCustomTemplate>["CustomTemplate"];

export function observeCustomTemplate(template: WireCustomTemplate, declared: Record<string, unknown>) {
  const text = template.TemplateConfig ?? "";
  const declaredConfig = declared.templateConfig;
  const templateConfig =
    text === ""
      ? null
      : declaredConfig !== undefined && declaredConfig !== null && sameJson(text, declaredConfig)
        ? declaredConfig
        : parseJsonText(text);
  const type = template.Type ?? 0;
  return {
    id: template.TemplateId,
    outputs: {
      templateId: template.TemplateId,
      name: template.TemplateName ?? "",
      type,
      typeName: template.TypeName ?? CUSTOM_TEMPLATE_TYPES[type] ?? "",
      // Types without subtypes have none: null, never a diff (the field is computed).
      subtype: template.Subtype ?? null,
      subtypeName: template.SubtypeName ?? "",
      templateConfig,
      isDefault: template.IsDefault ?? false,
      status: template.Status ?? "",
      createTime: template.CreateTime ?? "",
      modifiedTime: template.ModifiedTime ?? "",
    },
  };
}
export type CustomTemplateOutputs = ReturnType<typeof observeCustomTemplate>["outputs"];

async function getCustomTemplate(ctx: ResourceContext, id: string) {
  const answer = await unlessNotFound(ctx.clients.ice.call(ice.GetCustomTemplate, { TemplateId: id }));
  return answer?.CustomTemplate;
}

async function readBack(ctx: ResourceContext, id: string, inputs: CustomTemplateInputs): Promise<Observed> {
  const template = stillThere(await getCustomTemplate(ctx, id), `custom template ${id}`);
  return observeCustomTemplate(template, inputs);
}

async function makeDefault(ctx: ResourceContext, id: string): Promise<void> {
  await ctx.clients.ice.call(ice.SetDefaultCustomTemplate, { TemplateId: id });
  ctx.log.info(`custom template ${id} is now the default of its type`);
}

export const customTemplateSpec: ResourceSpec<CustomTemplateInputs> = {
  type: "ice:CustomTemplate",
  schema: customTemplateSchema,
  crossChecks: (inputs) => customTemplateFailures(inputs),
  // The ID is minted by the service and names need not be unique: the new template can come first.
  deleteBeforeReplace: false,
  autoName: freeTextAutoName("ice:CustomTemplate", CUSTOM_TEMPLATE_NAME_MAX_LENGTH),
  fields: {
    name: { mode: "update", wire: wire("Name") },
    type: { mode: "replace", wire: wire("Type") },
    // Left out, the service picks subtype 1 for the types that have subtypes: never a diff.
    subtype: { mode: "replace", computed: true, wire: wire("Subtype") },
    templateConfig: { ...jsonTrait("update"), wire: wire("TemplateConfig", "json") },
    // Left out, whichever template the service holds as the default is never a diff.
    isDefault: { mode: "update", default: false, computed: true, applyWith: "SetDefaultCustomTemplate" },
  },

  async create(ctx, inputs) {
    const params = wireParams(customTemplateSpec.fields, inputs) as RequestOf<
      typeof ice.CreateCustomTemplate
    >;
    const created = await ctx.clients.ice.call(ice.CreateCustomTemplate, params);
    const id = created.CustomTemplate.TemplateId;
    ctx.log.info(`created custom template ${id} (${JSON.stringify(inputs.name)}, type ${inputs.type})`);
    try {
      if (inputs.isDefault === true) await makeDefault(ctx, id);
      return await readBack(ctx, id, inputs);
    } catch (error) {
      const known = observeCustomTemplate({ ...created.CustomTemplate, Subtype: undefined }, inputs);
      throw afterIdKnown(error, known, `custom template ${id}`);
    }
  },

  async read(ctx, id, state) {
    const template = await getCustomTemplate(ctx, id);
    return template && observeCustomTemplate(template, state);
  },

  async update(ctx, id, state, inputs, changed) {
    await sendChangedFields(ctx.clients.ice, ice.UpdateCustomTemplate, customTemplateSpec, changed, inputs, {
      TemplateId: id,
    });
    if (changed.includes("isDefault")) {
      if (inputs.isDefault === true) await makeDefault(ctx, id);
      else if (state.isDefault === true) {
        throw new Error(
          `custom template ${id} is the default of its type, and ICE has no call that only unsets a default: ` +
            "make another template of this type the default (`isDefault: true` on it), or leave `isDefault` out",
        );
      }
    }
    return readBack(ctx, id, inputs);
  },

  async delete(ctx, id) {
    await ctx.clients.ice.call(ice.DeleteCustomTemplate, { TemplateId: id });
  },
};
