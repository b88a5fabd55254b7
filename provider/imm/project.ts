/**
 * imm.Project (IMM CreateProject / GetProject / UpdateProject / DeleteProject).
 *
 * A replacement deletes the old project first: project names are unique. UpdateProject takes every
 * other field, the tags as its Tag list.
 * What each field does on change: docs/resources/imm-project.md, generated from `fields` below.
 * The ID is the project name (as in terraform-provider-alicloud's import).
 */
import { z } from "zod";
import { imm, type RequestOf } from "../operations";
import type { Project } from "../operations/models";
import { stillThere, unlessNotFound } from "../framework/kit";
import type { Observed, ResourceContext, ResourceSpec } from "../framework/spec";
import { sendChangedFields, wire, wireParams } from "../framework/wire";
import {
  DATASET_QUOTAS,
  datasetQuotaSchema,
  datasetQuotaTraits,
  description256,
  immAutoName,
  immName,
  int64,
  quota,
  quotaOutputs,
  OWNER_TAG,
  splitTags,
  STACK_TAG,
  tagsFromWire,
  tagsToWire,
  tagsTrait,
  tagsWire,
  userTagsSchema,
} from "./fields";
import { createOrTakeOver } from "./takeover";

const QUOTAS = [...DATASET_QUOTAS, "projectMaxDatasetCount"] as const;

export const projectSchema = z.object({
  projectName: immName,
  description: description256.optional(),
  serviceRole: z.string().min(1).optional(),
  templateId: z.string().optional(),
  ...datasetQuotaSchema,
  projectMaxDatasetCount: int64(1).optional(),
  tags: userTagsSchema.optional(),
  adopt: z.boolean().optional(),
});
export type ProjectInputs = z.infer<typeof projectSchema>;
export type ProjectOutputs = ReturnType<typeof observe>["outputs"];

function observe(project: Project) {
  return {
    id: project.ProjectName,
    outputs: {
      projectName: project.ProjectName,
      description: project.Description ?? "",
      serviceRole: project.ServiceRole ?? "",
      templateId: project.TemplateId ?? "",
      ...quotaOutputs(project, QUOTAS),
      tags: splitTags(tagsFromWire(project.Tags)).user,
      datasetCount: project.DatasetCount ?? 0,
      fileCount: project.FileCount ?? 0,
      totalFileSize: project.TotalFileSize ?? 0,
      projectQueriesPerSecond: project.ProjectQueriesPerSecond ?? 0,
      engineConcurrency: project.EngineConcurrency ?? 0,
      createTime: project.CreateTime ?? "",
      updateTime: project.UpdateTime ?? "",
    },
  };
}

async function getProject(ctx: ResourceContext, projectName: string): Promise<Project | undefined> {
  const response = await unlessNotFound(
    ctx.clients.imm.call(imm.GetProject, { ProjectName: projectName, WithStatistics: true }),
  );
  return response?.Project;
}

async function get(ctx: ResourceContext, projectName: string): Promise<Observed | undefined> {
  const project = await getProject(ctx, projectName);
  return project && observe(project);
}

/** The provider's markers on a project: `owner` of the resource, `stack` of every resource of its stack. */
export async function projectMarkers(ctx: ResourceContext, projectName: string) {
  const project = await getProject(ctx, projectName);
  return project && splitTags(tagsFromWire(project.Tags)).reserved;
}

export const projectSpec: ResourceSpec<ProjectInputs> = {
  type: "imm:Project",
  schema: projectSchema,
  deleteBeforeReplace: true,
  autoName: immAutoName("projectName", "imm:Project"),
  fields: {
    projectName: { mode: "replace", wire: wire("ProjectName") },
    description: { mode: "update", default: "", wire: wire("Description") },
    serviceRole: { mode: "update", default: "AliyunIMMDefaultRole", wire: wire("ServiceRole") },
    templateId: { mode: "update", default: "", wire: wire("TemplateId") },
    ...datasetQuotaTraits,
    projectMaxDatasetCount: quota("projectMaxDatasetCount"),
    tags: { ...tagsTrait, wire: tagsWire },
    adopt: { mode: "ignore" },
  },

  // The project carries the resource's marker (OWNER_TAG) and the stack's (STACK_TAG) from its
  // create on: the first lets an interrupted create be taken over, the second vouches for bindings.
  async create(ctx, inputs, meta) {
    const markers = { [OWNER_TAG]: meta.owner, [STACK_TAG]: meta.stackOwner };
    return createOrTakeOver(
      ctx,
      projectSpec,
      inputs,
      async () => {
        const response = await ctx.clients.imm.call(imm.CreateProject, {
          ...(wireParams(projectSpec.fields, inputs) as RequestOf<typeof imm.CreateProject>),
          Tag: tagsToWire({ ...inputs.tags, ...markers }),
        });
        // Nothing follows CreateProject's answer, which is the project itself.
        return observe(response.Project);
      },
      async () => {
        const project = await getProject(ctx, inputs.projectName);
        if (!project) return undefined;
        return {
          observed: observe(project),
          candidate: {
            type: "imm:Project",
            object: `project ${project.ProjectName}`,
            marked: splitTags(tagsFromWire(project.Tags)).reserved[OWNER_TAG] === meta.owner,
            createTime: project.CreateTime,
          },
        };
      },
    );
  },

  async read(ctx, id) {
    return get(ctx, id);
  },

  async update(ctx, id, _state, inputs, changed) {
    // Only what changed; a field removed from the program goes back to the service default.
    // UpdateProject replaces the tag list: the provider's markers on the project are sent along.
    const markers = changed.includes("tags") ? ((await projectMarkers(ctx, id)) ?? {}) : undefined;
    await sendChangedFields(ctx.clients.imm, imm.UpdateProject, projectSpec, changed, inputs, {
      ProjectName: id,
      ...(markers && { Tag: tagsToWire({ ...inputs.tags, ...markers }) }),
    });
    return stillThere(await get(ctx, id), `project ${id}`);
  },

  async delete(ctx, id) {
    await ctx.clients.imm.call(imm.DeleteProject, { ProjectName: id });
  },

  async findExisting(ctx, inputs) {
    return get(ctx, inputs.projectName);
  },
};
