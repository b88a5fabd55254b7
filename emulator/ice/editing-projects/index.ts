/**
 * ICE editing projects (ICE API reference: CreateEditingProject and the operations below):
 * CreateEditingProject, GetEditingProject, UpdateEditingProject, DeleteEditingProjects,
 * SearchEditingProject. A media producing job (emulator/ice/media-producing-jobs) moves the project it
 * renders through Producing → Produced / ProduceFailed (`production.ts`).
 *
 * Behaviour worth knowing (the documented quirks, reproduced on purpose):
 * - CreateEditingProject answers `Status` as a NUMBER (1 Draft … 7 Deleted) with `StatusName`;
 *   GetEditingProject and SearchEditingProject answer `Status` as a STRING.
 * - JSON parameters (Timeline, ClipsParam, MaterialMaps, BusinessConfig) are stored parsed and handed
 *   back re-serialised by the service (keys sorted, indented), never as the text that was sent: a
 *   client that compares them as text sees a change that is not one.
 * - MaterialMaps is accepted by CreateEditingProject but not returned by Get (the response model has
 *   no such field) and cannot be updated.
 * - A template project (TemplateId + ClipsParam) gets a timeline built by the service.
 * - Production: a project whose timeline has no clip cannot be produced and ends ProduceFailed (with
 *   ErrorCode/ErrorMessage in search results); so does any job struck by the injected taskFailureRate.
 *
 * Not documented by the service, so chosen here: an unknown ProjectId answers
 * 404 ProjectNotFound "Project not found."; DeleteEditingProjects ignores unknown IDs among known
 * ones but answers ProjectNotFound when none of the IDs exists; a new project is Draft without a
 * timeline and Editing with one; the empty string clears an optional field in UpdateEditingProject.
 */
import type { Handler, Transition } from "../../core/service";
import {
  createEditingProject,
  deleteEditingProjects,
  getEditingProject,
  searchEditingProject,
  updateEditingProject,
} from "./handlers";
import { PRODUCE_DONE, editingProjectProduced } from "./production";

export const editingProjectHandlers = {
  CreateEditingProject: createEditingProject,
  GetEditingProject: getEditingProject,
  UpdateEditingProject: updateEditingProject,
  DeleteEditingProjects: deleteEditingProjects,
  SearchEditingProject: searchEditingProject,
} satisfies Record<string, Handler>;

export const editingProjectTransitions = {
  [PRODUCE_DONE]: editingProjectProduced,
} satisfies Record<string, Transition>;
