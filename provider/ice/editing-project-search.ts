/**
 * Finding ice.EditingProjects: by ID (a soft-deleted project counts as gone), by SearchEditingProject
 * filters, the project a create whose answer was lost may have made (matched by title and content
 * within a window around the call), and the error of a failed production.
 */
import { ice } from "../operations";
import { unlessNotFound } from "../framework/kit";
import { sameJson } from "../framework/json-value";
import type { Observed, ResourceContext } from "../framework/spec";
import { waitFor, WaitInterruptedError, WaitTimeoutError } from "../runtime/waiter";

import {
  observeProject,
  normaliseStatus,
  type EditingProjectInputs,
  type WireProject,
} from "./editing-project-model";

// ---- API calls

export async function get(ctx: ResourceContext, id: string): Promise<WireProject | undefined> {
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

export type ListedProject = WireProject & { ErrorCode?: string; ErrorMessage?: string };

/** Every project matching a SearchEditingProject filter that `keep` accepts. */
export async function search(
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
  return project && observeProject(project, inputs);
}

/**
 * How long a create that timed out may still be running on the service: the search is repeated over
 * this window before concluding that nothing was created (a read timeout leaves the request in flight).
 */
export const CREATE_SETTLE_MS = 5_000;

/** findCreated, repeated (runtime waiter) until the project shows up or the settle window ends. */
export async function awaitCreated(
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

export async function reportProductionFailure(ctx: ResourceContext, observed: Observed): Promise<Observed> {
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
