/**
 * imm.Project (IMM CreateProject / GetProject / UpdateProject / DeleteProject).
 *
 * | field                                     | on change                               |
 * |-------------------------------------------|-----------------------------------------|
 * | projectName                               | replace (delete first: names are unique) |
 * | description, serviceRole, templateId      | update in place (UpdateProject)         |
 * | dataset quotas, projectMaxDatasetCount    | update in place (UpdateProject)         |
 * | tags                                      | update in place (UpdateProject Tag)     |
 * | adopt                                     | never a diff                            |
 * The ID is the project name (as in terraform-provider-alicloud's import).
 */
import { z } from "zod";
import { imm, type RequestOf } from "../operations";
import type { Project } from "../operations/models";
import type { Observed, ResourceContext, ResourceSpec } from "../framework/spec";
import { AlibabaApiError } from "../runtime/errors";
import {
  datasetQuotaSchema,
  datasetQuotaTraits,
  description256,
  IMM_DEFAULTS,
  immAutoName,
  immName,
  int64,
  quota,
  quotaOutputs,
  quotaParams,
  tagsFromWire,
  tagsSchema,
  tagsToWire,
  tagsTrait,
} from "./fields";

const QUOTAS = [...Object.keys(datasetQuotaSchema), "projectMaxDatasetCount"] as const;

export const projectSchema = z.object({
  projectName: immName,
  description: description256.optional(),
  serviceRole: z.string().min(1).optional(),
  templateId: z.string().optional(),
  ...datasetQuotaSchema,
  projectMaxDatasetCount: int64(1).optional(),
  tags: tagsSchema.optional(),
  adopt: z.boolean().optional(),
});
export type ProjectInputs = z.infer<typeof projectSchema>;

function observe(project: Project): Observed {
  return {
    id: project.ProjectName,
    outputs: {
      projectName: project.ProjectName,
      description: project.Description ?? "",
      serviceRole: project.ServiceRole ?? "",
      templateId: project.TemplateId ?? "",
      ...quotaOutputs(project, QUOTAS),
      tags: tagsFromWire(project.Tags),
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

function writableParams(inputs: ProjectInputs) {
  return {
    ProjectName: inputs.projectName,
    Description: inputs.description,
    ServiceRole: inputs.serviceRole,
    TemplateId: inputs.templateId,
    ...quotaParams(inputs, QUOTAS),
    Tag: tagsToWire(inputs.tags),
  };
}

async function get(ctx: ResourceContext, projectName: string): Promise<Observed | undefined> {
  try {
    const response = await ctx.clients.imm.call(imm.GetProject, {
      ProjectName: projectName,
      WithStatistics: true,
    });
    return observe(response.Project);
  } catch (error) {
    if (error instanceof AlibabaApiError && error.isNotFound()) return undefined;
    throw error;
  }
}

export const projectSpec: ResourceSpec<ProjectInputs> = {
  type: "imm:Project",
  schema: projectSchema,
  deleteBeforeReplace: true,
  autoName: immAutoName("projectName"),
  fields: {
    projectName: { mode: "replace" },
    description: { mode: "update", default: "" },
    serviceRole: { mode: "update", default: "AliyunIMMDefaultRole" },
    templateId: { mode: "update", default: "" },
    ...datasetQuotaTraits,
    projectMaxDatasetCount: quota(IMM_DEFAULTS.projectMaxDatasetCount),
    tags: tagsTrait,
    adopt: { mode: "ignore" },
  },

  async create(ctx, inputs) {
    const response = await ctx.clients.imm.call(imm.CreateProject, writableParams(inputs));
    return observe(response.Project);
  },

  async read(ctx, id) {
    return get(ctx, id);
  },

  async update(ctx, id, _state, inputs, changed) {
    if (changed.length > 0) {
      const all = writableParams(inputs);
      // Send only what changed; a field removed from the program goes back to the service default.
      const params: Record<string, unknown> = { ProjectName: id };
      for (const key of changed) {
        const wire = key === "tags" ? "Tag" : key.charAt(0).toUpperCase() + key.slice(1);
        const value = (all as Record<string, unknown>)[wire];
        params[wire] = value ?? resetValue(key);
      }
      await ctx.clients.imm.call(imm.UpdateProject, params as RequestOf<typeof imm.UpdateProject>);
    }
    const current = await get(ctx, id);
    if (!current) throw new Error(`project ${id} disappeared during the update`);
    return current;
  },

  async delete(ctx, id) {
    await ctx.clients.imm.call(imm.DeleteProject, { ProjectName: id });
  },

  async findExisting(ctx, inputs) {
    return get(ctx, inputs.projectName);
  },
};

/** The wire value that restores a field's service default when the user removes it. */
function resetValue(key: string): unknown {
  const trait = projectSpec.fields[key];
  if (key === "tags") return [];
  return trait?.default;
}
