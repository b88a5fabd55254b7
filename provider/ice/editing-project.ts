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
import { z } from "zod";
import { ice, type RequestOf } from "../operations";
import { assertOwnInterruptedCreate } from "../framework/identity";
import { afterIdKnown, identitySuffix, outcomeUnknown, stillThere, unlessNotFound } from "../framework/kit";
import { classifyChanges } from "../framework/lifecycle";
import { jsonTrait, jsonValue, parseJsonText, sameJson } from "../framework/json-value";
import type { Observed, ResourceContext, ResourceSpec } from "../framework/spec";
import { changedWireParams, wire, wireParams } from "../framework/wire";
import { AlibabaApiError } from "../runtime/errors";
import { waitFor, WaitInterruptedError, WaitTimeoutError } from "../runtime/waiter";

export const TEMPLATE_TYPES = ["Timeline", "VETemplate"] as const;
export const PROJECT_TYPES = ["EditingProject", "LiveEditingProject"] as const;
export const OUTPUT_MEDIA_TARGETS = ["vod-media", "oss-object"] as const;
/** At most 10 material IDs per type (ICE API reference: CreateEditingProject, MaterialMaps). */
export const MAX_MATERIAL_IDS_PER_TYPE = 10;

/** Status codes of the CreateEditingProject answer (1 Draft … 7 Deleted); Get answers the names. */
export const STATUS_NAMES: Readonly<Record<number, string>> = {
  1: "Draft",
  2: "Editing",
  3: "Producing",
  4: "Produced",
  5: "ProduceFailed",
  7: "Deleted",
};
const STATUS_CODES = new Map(Object.entries(STATUS_NAMES).map(([code, name]) => [name, Number(code)]));

export const editingProjectSchema = z.object({
  title: z.string().min(1, "must not be empty"),
  description: z.string().optional(),
  timeline: jsonValue("object").optional(),
  coverUrl: z
    .string()
    .regex(/^https?:\/\/\S+$/, "must be an http(s) URL")
    .optional(),
  templateId: z.string().min(1, "must not be empty (leave it out for a timeline project)").optional(),
  clipsParam: jsonValue("object").optional(),
  templateType: z.enum(TEMPLATE_TYPES).optional(),
  materialMaps: jsonValue("object").optional(),
  businessConfig: jsonValue("object").optional(),
  projectType: z.enum(PROJECT_TYPES).optional(),
  adopt: z.boolean().optional(),
});
export type EditingProjectInputs = z.infer<typeof editingProjectSchema>;
export type EditingProjectOutputs = ReturnType<typeof observe>["outputs"];

type Failure = { property: string; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** What CreateEditingProject requires of a live editing project's business configuration (ICE API reference). */
function liveBusinessConfigFailures(config: unknown): Failure[] {
  if (config === undefined) {
    return [
      {
        property: "businessConfig",
        reason:
          'businessConfig is required when projectType is "LiveEditingProject" ' +
          "(at least OutputMediaConfig.StorageLocation)",
      },
    ];
  }
  const parsed = parseJsonText(config);
  const failures: Failure[] = [];
  const output = isObject(parsed) ? parsed.OutputMediaConfig : undefined;
  const location = isObject(output) ? output.StorageLocation : undefined;
  if (typeof location !== "string" || location === "") {
    failures.push({
      property: "businessConfig.OutputMediaConfig.StorageLocation",
      reason:
        "businessConfig.OutputMediaConfig.StorageLocation is required for a LiveEditingProject " +
        `(got ${JSON.stringify(location) ?? "nothing"})`,
    });
  }
  const target = isObject(parsed) ? parsed.OutputMediaTarget : undefined;
  if (target !== undefined && !OUTPUT_MEDIA_TARGETS.includes(target as never)) {
    failures.push({
      property: "businessConfig.OutputMediaTarget",
      reason: `businessConfig.OutputMediaTarget must be one of ${OUTPUT_MEDIA_TARGETS.join(", ")} (got ${JSON.stringify(target)})`,
    });
  }
  const reservation = isObject(parsed) ? parsed.ReservationTime : undefined;
  if (reservation !== undefined && (typeof reservation !== "string" || !RFC3339.test(reservation))) {
    failures.push({
      property: "businessConfig.ReservationTime",
      reason: `businessConfig.ReservationTime must be a UTC time such as 2021-06-21T08:05:00Z (got ${JSON.stringify(reservation)})`,
    });
  }
  return failures;
}

/** MaterialMaps: `{ type: "id1,id2" }`, at most 10 IDs per type (`liveStream` holds JSON text). */
function materialMapsFailures(maps: unknown): Failure[] {
  const parsed = parseJsonText(maps);
  if (!isObject(parsed)) return [];
  const failures: Failure[] = [];
  for (const [type, ids] of Object.entries(parsed)) {
    const property = `materialMaps.${type}`;
    if (typeof ids !== "string") {
      failures.push({
        property,
        reason: `${property} must be a string of comma-separated material IDs (got ${JSON.stringify(ids)})`,
      });
      continue;
    }
    if (type === "liveStream") continue;
    const count = ids.split(",").filter((id) => id.trim() !== "").length;
    if (count > MAX_MATERIAL_IDS_PER_TYPE) {
      failures.push({
        property,
        reason: `${property} lists ${count} material IDs; at most ${MAX_MATERIAL_IDS_PER_TYPE} per type`,
      });
    }
  }
  return failures;
}

/** Rules across fields (ICE API reference: CreateEditingProject); each failure names the field it is about. */
export function editingProjectCrossChecks(inputs: EditingProjectInputs): Failure[] {
  const failures: Failure[] = [];
  if (inputs.timeline !== undefined && inputs.templateId !== undefined) {
    failures.push({
      property: "templateId",
      reason: `templateId (${JSON.stringify(inputs.templateId)}) and timeline are mutually exclusive: give one of them`,
    });
  }
  if (inputs.templateId !== undefined && inputs.clipsParam === undefined) {
    failures.push({
      property: "clipsParam",
      reason: `clipsParam is required when templateId is set (templateId ${JSON.stringify(inputs.templateId)})`,
    });
  }
  if (inputs.clipsParam !== undefined && inputs.templateId === undefined) {
    failures.push({
      property: "clipsParam",
      reason: "clipsParam fills a template's slots and is only used with templateId, which is not set",
    });
  }
  if (inputs.projectType === "LiveEditingProject") {
    failures.push(...liveBusinessConfigFailures(inputs.businessConfig));
  }
  if (inputs.materialMaps !== undefined) failures.push(...materialMapsFailures(inputs.materialMaps));
  return failures;
}

// ---- Remote state → outputs

interface WireProject {
  ProjectId: string;
  Title?: string;
  Description?: string;
  Timeline?: string;
  CoverURL?: string;
  TemplateId?: string;
  TemplateType?: string;
  ClipsParam?: string;
  BusinessConfig?: string;
  BusinessStatus?: string;
  ProjectType?: string;
  Duration?: number;
  CreateSource?: string;
  ModifiedSource?: string;
  CreateTime?: string;
  ModifiedTime?: string;
  Status?: number | string;
  StatusName?: string;
}

/**
 * CreateEditingProject answers `Status: 2, StatusName: "Editing"`, GetEditingProject `Status:
 * "Editing"`, and a search example even shows `PRODUCE_FAILED`: one shape for all of them.
 */
export function normaliseStatus(
  status: unknown,
  statusName?: unknown,
): { status: number; statusName: string } {
  if (typeof status === "number" || (typeof status === "string" && /^\d+$/.test(status))) {
    const code = Number(status);
    const name = STATUS_NAMES[code] ?? (typeof statusName === "string" ? statusName : `Unknown(${code})`);
    return { status: code, statusName: name };
  }
  const text =
    typeof status === "string" && status !== "" ? status : typeof statusName === "string" ? statusName : "";
  const key = text.replace(/[_\s-]/g, "").toLowerCase();
  for (const [name, code] of STATUS_CODES) {
    if (name.toLowerCase() === key) return { status: code, statusName: name };
  }
  return { status: 0, statusName: text };
}

/** A JSON field as the service reports it, kept in the declared form while it means the same. */
function observedJson(serverText: string | undefined, declared: unknown): unknown {
  if (serverText === undefined || serverText === "") return null;
  if (declared !== undefined && declared !== null && sameJson(serverText, declared)) return declared;
  return parseJsonText(serverText);
}

function observe(project: WireProject, declared: Record<string, unknown>) {
  const templateId = project.TemplateId ?? "";
  return {
    id: project.ProjectId,
    outputs: {
      projectId: project.ProjectId,
      title: project.Title ?? "",
      description: project.Description ?? "",
      coverUrl: project.CoverURL ?? "",
      // A template project's timeline is built by the service from the template: not the user's input.
      timeline: templateId === "" ? observedJson(project.Timeline, declared.timeline) : null,
      templateId,
      clipsParam: observedJson(project.ClipsParam, declared.clipsParam),
      templateType: project.TemplateType || "Timeline",
      businessConfig: observedJson(project.BusinessConfig, declared.businessConfig),
      projectType: project.ProjectType || "EditingProject",
      ...normaliseStatus(project.Status, project.StatusName),
      businessStatus: project.BusinessStatus ?? "",
      duration: project.Duration ?? 0,
      createTime: project.CreateTime ?? "",
      modifiedTime: project.ModifiedTime ?? "",
      createSource: project.CreateSource ?? "",
      modifiedSource: project.ModifiedSource ?? "",
      // Filled by reportProductionFailure when the last production failed.
      errorCode: "",
      errorMessage: "",
    },
  };
}

// ---- API calls

async function get(ctx: ResourceContext, id: string): Promise<WireProject | undefined> {
  const response = await unlessNotFound(ctx.clients.ice.call(ice.GetEditingProject, { ProjectId: id }));
  // A soft-deleted project is gone for every purpose of this resource.
  if (!response || normaliseStatus(response.Project.Status).statusName === "Deleted") return undefined;
  return response.Project;
}

interface SearchFilter {
  projectType: string;
  startTime?: string;
  endTime?: string;
  status?: string;
}

const SEARCH_PAGE_SIZE = 100;
/** Bounds a scan: 100 pages of 100 projects. */
const SEARCH_MAX_PAGES = 100;

type ListedProject = WireProject & { ErrorCode?: string; ErrorMessage?: string };

/** Every project matching a SearchEditingProject filter that `keep` accepts. */
async function search(
  ctx: ResourceContext,
  filter: SearchFilter,
  keep: (project: ListedProject) => boolean,
): Promise<ListedProject[]> {
  const found: ListedProject[] = [];
  for (let page = 1; page <= SEARCH_MAX_PAGES; page++) {
    const response = await ctx.clients.ice.call(ice.SearchEditingProject, {
      ProjectType: filter.projectType,
      StartTime: filter.startTime,
      EndTime: filter.endTime,
      Status: filter.status,
      SortBy: "CreationTime:Desc",
      PageNo: page,
      PageSize: SEARCH_PAGE_SIZE,
    });
    const list = (response.ProjectList ?? []) as ListedProject[];
    found.push(...list.filter(keep));
    const total = response.TotalCount;
    if (list.length < SEARCH_PAGE_SIZE || (total !== undefined && page * SEARCH_PAGE_SIZE >= total)) break;
  }
  return found;
}

const utc = (epochMs: number) => `${new Date(epochMs).toISOString().slice(0, 19)}Z`;

/** Whether a listed project is what these inputs would have created. */
function matchesDeclaration(project: ListedProject, inputs: EditingProjectInputs): boolean {
  const same = (remote: string | undefined, declared: string | undefined) =>
    (remote ?? "") === (declared ?? "");
  const sameJsonField = (remote: string | undefined, declared: unknown) =>
    declared === undefined
      ? remote === undefined || remote === ""
      : remote !== undefined && sameJson(remote, declared);
  return (
    project.Title === inputs.title &&
    same(project.Description, inputs.description) &&
    same(project.CoverURL, inputs.coverUrl) &&
    same(project.TemplateId, inputs.templateId) &&
    (inputs.templateId !== undefined || sameJsonField(project.Timeline, inputs.timeline)) &&
    (project.TemplateType || "Timeline") === (inputs.templateType ?? "Timeline") &&
    sameJsonField(project.BusinessConfig, inputs.businessConfig)
  );
}

/** Clocks differ between this machine and the service: search a generous window around the call. */
const RECOVERY_WINDOW_MS = 10 * 60_000;

/**
 * After a CreateEditingProject whose outcome is unknown: the project that call created, if any.
 * Several candidates (the same explicit title and content created in the same minutes) cannot be told
 * apart: that is an error naming them, never a guess and never a second create.
 */
async function findCreated(
  ctx: ResourceContext,
  inputs: EditingProjectInputs,
  startedAt: number,
): Promise<Observed | undefined> {
  const candidates = await search(
    ctx,
    {
      projectType: inputs.projectType ?? "EditingProject",
      startTime: utc(startedAt - RECOVERY_WINDOW_MS),
      endTime: utc(Date.now() + RECOVERY_WINDOW_MS),
    },
    (project) => matchesDeclaration(project, inputs),
  );
  if (candidates.length > 1) {
    throw new Error(
      `CreateEditingProject's answer was lost and ${candidates.length} projects titled ${JSON.stringify(inputs.title)} ` +
        `match this declaration (${candidates.map((c) => c.ProjectId).join(", ")}); refusing to guess. Delete the ` +
        "extra ones, then import the one to keep with `adopt: true` or the `import` resource option.",
    );
  }
  const [match] = candidates;
  if (!match) return undefined;
  const project = await get(ctx, match.ProjectId);
  return project && observe(project, inputs);
}

/**
 * How long a create that timed out may still be running on the service: the search is repeated over
 * this window before concluding that nothing was created (a read timeout leaves the request in flight).
 */
export const CREATE_SETTLE_MS = 5_000;

/** findCreated, repeated (runtime waiter) until the project shows up or the settle window ends. */
async function awaitCreated(
  ctx: ResourceContext,
  inputs: EditingProjectInputs,
  startedAt: number,
): Promise<Observed | undefined> {
  try {
    return await waitFor({
      what: `the project CreateEditingProject may have created (title ${JSON.stringify(inputs.title)})`,
      poll: () => findCreated(ctx, inputs, startedAt),
      describe: (found) => (found ? `found ${found.id}` : "not found"),
      isDone: (found) => found !== undefined,
      timeoutMs: CREATE_SETTLE_MS,
      initialIntervalMs: 250,
      maxIntervalMs: 1_000,
    });
  } catch (error) {
    // A stopping host has not looked long enough to know: never create again on that basis.
    if (error instanceof WaitTimeoutError && !(error instanceof WaitInterruptedError)) return undefined;
    throw error;
  }
}

/** For a project whose last production failed: the error SearchEditingProject reports with it. */
async function productionError(
  ctx: ResourceContext,
  id: string,
  projectType: string,
): Promise<{ code: string; message: string } | undefined> {
  try {
    const [listed] = await search(ctx, { projectType, status: "ProduceFailed" }, (p) => p.ProjectId === id);
    return listed?.ErrorCode ? { code: listed.ErrorCode, message: listed.ErrorMessage ?? "" } : undefined;
  } catch {
    return undefined; // the warning is still given, without the detail
  }
}

async function reportProductionFailure(ctx: ResourceContext, observed: Observed): Promise<Observed> {
  if (observed.outputs.statusName !== "ProduceFailed") return observed;
  const error = await productionError(ctx, observed.id, String(observed.outputs.projectType));
  ctx.log.warn(
    `ice.EditingProject ${observed.id} (${JSON.stringify(observed.outputs.title)}): its last production ` +
      `FAILED (status ProduceFailed${error ? `, ${error.code}: ${error.message}` : ""}). The project and its ` +
      "timeline are intact; fix the timeline and submit a new production job.",
  );
  return {
    ...observed,
    outputs: { ...observed.outputs, errorCode: error?.code ?? "", errorMessage: error?.message ?? "" },
  };
}

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
  const observed = observe(project, inputs);
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
      return observe(response.Project, inputs);
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
      return observe(response.Project, inputs);
    }
  },

  async read(ctx, id, state) {
    const project = await get(ctx, id);
    return project && reportProductionFailure(ctx, observe(project, state));
  },

  async update(ctx, id, _state, inputs, changed) {
    if (changed.length > 0) {
      const params = {
        ProjectId: id,
        ...changedWireParams(editingProjectSpec.type, editingProjectSpec.fields, changed, inputs),
      };
      await ctx.clients.ice.call(
        ice.UpdateEditingProject,
        params as RequestOf<typeof ice.UpdateEditingProject>,
      );
    }
    const project = stillThere(await get(ctx, id), `editing project ${id}`);
    return reportProductionFailure(ctx, observe(project, inputs));
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
