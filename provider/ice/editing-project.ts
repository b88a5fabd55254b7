/**
 * ice.EditingProject (ICE CreateEditingProject / GetEditingProject / UpdateEditingProject /
 * DeleteEditingProjects, SearchEditingProject for recovery and adoption; ICE API reference: CreateEditingProject).
 *
 * templateType, projectType, materialMaps and businessConfig replace: UpdateEditingProject cannot
 * change them.
 * What each field does on change: docs/resources/ice-editing-project.md, generated from `fields` below.
 * `timeline`, `clipsParam`, `materialMaps` and `businessConfig` are JSON: an object or JSON text,
 * compared by meaning (the service hands them back re-serialised). Removing an optional field sends
 * the empty string, which clears it. The ID is the server-minted ProjectId.
 *
 * CreateEditingProject mints the ID on the server and takes no client token, so the title is the only
 * identity known before the create. Left out, it is derived, not random: the logical name plus a short
 * digest of the resource's identity (organization, stack and URN, sent by the SDK: see
 * framework/identity.ts). Two ways a create can be repeated without a duplicate follow from that:
 * - An apply interrupted after the create was sent (provider host killed: no state, a pending create)
 *   is followed by a fresh check, which derives the same title, and a create that first looks for a
 *   project with that title (SearchEditingProject) and takes it over, converging its fields as an
 *   update would, if it was created within the recovery window (older: refused, `adopt: true` hint). Only a derived title is looked for (a user's title may legitimately repeat), and
 *   replacements delete the old project first: re-derived, the same title would otherwise find the
 *   old project and take it over just before the engine deletes it.
 * - A create whose answer is lost (connection reset, 5xx after the write) cannot be blindly repeated:
 *   the provider searches over a window around the call for a project matching the title and every
 *   declared field. One match is taken over; several is an error naming them, never a guess. None,
 *   after searching again for CREATE_SETTLE_MS (a request that timed out may still be running on the
 *   service), means the create did not happen, and it is sent once more.
 */
import { ice, type RequestOf } from "../operations";
import { assertOwnInterruptedCreate } from "../framework/identity";
import { afterIdKnown, identitySuffix, outcomeUnknown, stillThere } from "../framework/kit";
import { classifyChanges } from "../framework/lifecycle";
import { jsonTrait } from "../framework/json-value";
import type { Observed, ResourceContext, ResourceSpec } from "../framework/spec";
import { sendChangedFields, wire, wireParams } from "../framework/wire";
import { AlibabaApiError } from "../runtime/errors";
import {
  editingProjectCrossChecks,
  editingProjectSchema,
  observeProject,
  type EditingProjectInputs,
} from "./editing-project-model";
import {
  awaitCreated,
  get,
  reportProductionFailure,
  search,
  type ListedProject,
} from "./editing-project-search";

export * from "./editing-project-model";
export { CREATE_SETTLE_MS } from "./editing-project-search";

// ---- Derived titles, and the project an interrupted apply left behind

/** CreateEditingProject documents no title limit; a derived title keeps within 128 characters. */
export const TITLE_MAX_LENGTH = 128;
/** Hex characters of the title's hash: 40 bits, behind a logical name that already tells most apart. */
const TITLE_HASH_LENGTH = 10;

/**
 * The default title's suffix: a digest of the resource's identity (organization, stack, URN:
 * framework/identity.ts), so a fresh check (no olds: the apply that created the project was
 * interrupted before the state was written) derives the same title again, and no other resource
 * derives it. The derived title is this resource's ownership marker.
 */
export const derivedTitleSuffix = identitySuffix(TITLE_HASH_LENGTH, () => ["ice:EditingProject"]);

/** The live projects of the declared type titled as declared (SearchEditingProject lists no deleted one). */
function projectsTitled(ctx: ResourceContext, inputs: EditingProjectInputs): Promise<ListedProject[]> {
  return search(
    ctx,
    { projectType: inputs.projectType ?? "EditingProject" },
    (project) => project.Title === inputs.title,
  );
}

/** A project about to be taken over, read back with the declared inputs. */
async function observeForTakeover(
  ctx: ResourceContext,
  id: string,
  inputs: EditingProjectInputs,
): Promise<Observed | undefined> {
  const project = await get(ctx, id);
  if (!project) return undefined;
  const observed = observeProject(project, inputs);
  // MaterialMaps cannot be read back: take the declared value as what the project holds.
  return { ...observed, outputs: { ...observed.outputs, materialMaps: inputs.materialMaps ?? null } };
}

/**
 * Before creating under a title check just derived: the project an earlier, interrupted apply of this
 * same resource created under it, taken over and converged as an update would (the program may have
 * changed since). A field that only a replacement could change is an error naming the project: it is
 * this resource's, and neither a second project nor a silent deletion is the right answer.
 */
async function takeOverEarlierAttempt(
  ctx: ResourceContext,
  inputs: EditingProjectInputs,
): Promise<Observed | undefined> {
  const matches = await projectsTitled(ctx, inputs);
  if (matches.length > 1) {
    throw new Error(
      `${matches.length} editing projects are titled ${JSON.stringify(inputs.title)}, the title derived for ` +
        `this resource (${matches.map((m) => m.ProjectId).join(", ")}); refusing to guess which one it ` +
        "created. Delete the extra ones, then run `pulumi up` again.",
    );
  }
  const [match] = matches;
  const existing = match && (await observeForTakeover(ctx, match.ProjectId, inputs));
  if (!existing) return undefined;
  // The derived title is the marker; an old project under it is not an interrupted create of ours.
  assertOwnInterruptedCreate({
    type: "ice:EditingProject",
    object: `editing project ${existing.id} (${JSON.stringify(inputs.title)})`,
    marked: true,
    createTime: existing.outputs.createTime,
  });
  const { replaces, updates } = classifyChanges(editingProjectSpec, existing.outputs, inputs);
  if (replaces.length > 0) {
    throw new Error(
      `editing project ${existing.id} (${JSON.stringify(inputs.title)}) was created by an earlier, interrupted ` +
        `apply of this resource, but its ${replaces.join(", ")} differ from the declaration and cannot be ` +
        "changed in place. Delete it (or declare those fields as they were), then run `pulumi up` again.",
    );
  }
  ctx.log.info(
    `editing project ${existing.id} (${JSON.stringify(inputs.title)}) was created by an earlier, interrupted ` +
      `apply of this resource; taking it over${updates.length ? ` and updating ${updates.join(", ")}` : ""}`,
  );
  // Taken over, the project is this resource's: a failure from here on records it (partial state).
  return (
    updates.length
      ? editingProjectSpec.update(ctx, existing.id, existing.outputs, inputs, updates)
      : reportProductionFailure(ctx, existing)
  ).catch((error: unknown) =>
    Promise.reject(afterIdKnown(error, existing, `editing project ${existing.id}`)),
  );
}

export const editingProjectSpec: ResourceSpec<EditingProjectInputs> = {
  type: "ice:EditingProject",
  schema: editingProjectSchema,
  crossChecks: editingProjectCrossChecks,
  // The ID is minted by the service, but an auto-named title is derived from the resource's identity
  // and looked for before a create: a replacement re-derives the same title, so the old project must
  // be gone first, or the new create would find it and take it over just before it is deleted.
  deleteBeforeReplace: true,
  autoName: {
    field: "title",
    maxLength: TITLE_MAX_LENGTH,
    sanitize: (logical) => logical,
    suffix: derivedTitleSuffix,
  },
  // UpdateEditingProject clears a field sent as "": that is how a removed field is reset.
  fields: {
    title: { mode: "update", wire: wire("Title", undefined, "") },
    description: { mode: "update", default: "", wire: wire("Description") },
    coverUrl: { mode: "update", default: "", wire: wire("CoverURL") },
    timeline: { ...jsonTrait("update"), wire: wire("Timeline", "json", "") },
    templateId: { mode: "update", default: "", wire: wire("TemplateId") },
    clipsParam: { ...jsonTrait("update"), wire: wire("ClipsParam", "json", "") },
    templateType: { mode: "replace", default: "Timeline", wire: wire("TemplateType") },
    materialMaps: { ...jsonTrait("replace"), wire: wire("MaterialMaps", "json") },
    businessConfig: { ...jsonTrait("replace"), wire: wire("BusinessConfig", "json") },
    projectType: { mode: "replace", default: "EditingProject", wire: wire("ProjectType") },
    adopt: { mode: "ignore" },
  },

  async create(ctx, inputs, meta) {
    // Only a title check derived is ours to look for: a user's title may legitimately repeat.
    if (meta.autoNamed) {
      const earlier = await takeOverEarlierAttempt(ctx, inputs);
      if (earlier) return earlier;
    }
    const params = wireParams(editingProjectSpec.fields, inputs) as RequestOf<
      typeof ice.CreateEditingProject
    >;
    const startedAt = Date.now();
    try {
      const response = await ctx.clients.ice.call(ice.CreateEditingProject, params);
      return observeProject(response.Project, inputs);
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      ctx.log.warn(`${error.message}: the project may have been created; looking for it before trying again`);
      const found = await awaitCreated(ctx, inputs, startedAt).catch((lookup: unknown) => {
        if (!(lookup instanceof AlibabaApiError)) throw lookup;
        throw new Error(
          `${error.message}, and looking for the project it may have created failed too (${lookup.message}). ` +
            `A project titled ${JSON.stringify(inputs.title)} may exist: to take it over instead of creating ` +
            `another, declare \`title: ${JSON.stringify(inputs.title)}\` and \`adopt: true\` before the next \`pulumi up\`.`,
        );
      });
      if (found) {
        ctx.log.info(`CreateEditingProject had created ${found.id}; it is now managed by this resource`);
        return found;
      }
      ctx.log.info("CreateEditingProject had not created a project; sending it again");
      const response = await ctx.clients.ice.call(ice.CreateEditingProject, params);
      return observeProject(response.Project, inputs);
    }
  },

  async read(ctx, id, state) {
    const project = await get(ctx, id);
    return project && reportProductionFailure(ctx, observeProject(project, state));
  },

  async update(ctx, id, _state, inputs, changed) {
    await sendChangedFields(ctx.clients.ice, ice.UpdateEditingProject, editingProjectSpec, changed, inputs, {
      ProjectId: id,
    });
    const project = stillThere(await get(ctx, id), `editing project ${id}`);
    return reportProductionFailure(ctx, observeProject(project, inputs));
  },

  async delete(ctx, id) {
    await ctx.clients.ice.call(ice.DeleteEditingProjects, { ProjectIds: id });
  },

  /**
   * `adopt: true`: editing projects have no unique name, so the natural key is the title within the
   * project type, and it must be unambiguous. Several projects with that title is an error naming
   * them (import the right one by ID with the `import` resource option instead).
   */
  async findExisting(ctx, inputs) {
    const matches = await projectsTitled(ctx, inputs);
    if (matches.length > 1) {
      throw new Error(
        `cannot adopt: ${matches.length} editing projects are titled ${JSON.stringify(inputs.title)} ` +
          `(${matches.map((m) => m.ProjectId).join(", ")}); import the right one by ID with the \`import\` ` +
          "resource option",
      );
    }
    const [match] = matches;
    return match && observeForTakeover(ctx, match.ProjectId, inputs);
  },
};
