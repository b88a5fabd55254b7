/**
 * imm.Dataset (IMM CreateDataset / GetDataset / UpdateDataset / DeleteDataset).
 *
 * A replacement deletes the old dataset first: dataset names are unique within a project.
 * workflowParameters is deprecated by IMM but still updated in place. A change of forceDestroy calls
 * no API: delete reads it from the state, so the state must follow the program.
 * What each field does on change: docs/resources/imm-dataset.md, generated from `fields` below.
 * The ID is `<projectName>/<datasetName>`.
 */
import { z } from "zod";
import { imm, type RequestOf } from "../operations";
import type { Dataset } from "../operations/models";
import { pages, stillThere, unlessNotFound } from "../framework/kit";
import type { ResourceContext, ResourceSpec } from "../framework/spec";
import { sendChangedFields, wire, wireParams } from "../framework/wire";
import {
  DATASET_QUOTAS,
  datasetQuotaSchema,
  datasetQuotaTraits,
  description256,
  immAutoName,
  immName,
  quotaOutputs,
} from "./fields";
import { createOrTakeOver } from "./takeover";

export const datasetSchema = z.object({
  projectName: immName,
  datasetName: immName,
  description: description256.optional(),
  templateId: z.string().optional(),
  ...datasetQuotaSchema,
  workflowParameters: z.array(z.object({ name: z.string().min(1), value: z.string() })).optional(),
  forceDestroy: z.boolean().optional(),
  adopt: z.boolean().optional(),
});
export type DatasetInputs = z.infer<typeof datasetSchema>;
export type DatasetOutputs = ReturnType<typeof observe>["outputs"];

export function datasetId(projectName: string, datasetName: string): string {
  return `${projectName}/${datasetName}`;
}

export function parseDatasetId(id: string): { projectName: string; datasetName: string } {
  const slash = id.indexOf("/");
  if (slash <= 0) throw new Error(`not a dataset ID (expected <project>/<dataset>): ${id}`);
  return { projectName: id.slice(0, slash), datasetName: id.slice(slash + 1) };
}

function observe(dataset: Dataset) {
  return {
    id: datasetId(dataset.ProjectName, dataset.DatasetName),
    outputs: {
      projectName: dataset.ProjectName,
      datasetName: dataset.DatasetName,
      description: dataset.Description ?? "",
      templateId: dataset.TemplateId ?? "",
      ...quotaOutputs(dataset, DATASET_QUOTAS),
      workflowParameters: (dataset.WorkflowParameters ?? []).map((p) => ({
        name: p.Name,
        value: p.Value ?? "",
      })),
      bindCount: dataset.BindCount ?? 0,
      fileCount: dataset.FileCount ?? 0,
      totalFileSize: dataset.TotalFileSize ?? 0,
      createTime: dataset.CreateTime ?? "",
      updateTime: dataset.UpdateTime ?? "",
    },
  };
}

async function get(ctx: ResourceContext, projectName: string, datasetName: string) {
  const response = await unlessNotFound(
    ctx.clients.imm.call(imm.GetDataset, {
      ProjectName: projectName,
      DatasetName: datasetName,
      WithStatistics: true,
    }),
  );
  return response && { observed: observe(response.Dataset), dataset: response.Dataset };
}

/** Deletes every binding of the dataset (forceDestroy), so its OSS sync stops before the delete. */
async function deleteBindings(
  ctx: ResourceContext,
  projectName: string,
  datasetName: string,
): Promise<number> {
  let deleted = 0;
  const listing = pages((NextToken) =>
    ctx.clients.imm.call(imm.ListBindings, { ProjectName: projectName, DatasetName: datasetName, NextToken }),
  );
  for await (const page of listing) {
    for (const binding of page.Bindings ?? []) {
      await ctx.clients.imm.call(imm.DeleteBinding, {
        ProjectName: projectName,
        DatasetName: datasetName,
        URI: binding.URI,
      });
      deleted++;
    }
  }
  return deleted;
}

/** Deletes every indexed file of the dataset (forceDestroy), 100 per call as the API allows. */
async function deleteFileMetas(
  ctx: ResourceContext,
  projectName: string,
  datasetName: string,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    // Always read the first page: what was deleted is gone, so paging tokens would skip files.
    const page = await ctx.clients.imm.call(imm.SimpleQuery, {
      ProjectName: projectName,
      DatasetName: datasetName,
      MaxResults: 100,
      WithFields: ["URI"],
      WithoutTotalHits: true,
    });
    const uris = (page.Files ?? []).map((file) => file.URI).filter((uri): uri is string => Boolean(uri));
    if (uris.length === 0) return deleted;
    await ctx.clients.imm.call(imm.BatchDeleteFileMeta, {
      ProjectName: projectName,
      DatasetName: datasetName,
      URIs: uris,
    });
    deleted += uris.length;
  }
}

export const datasetSpec: ResourceSpec<DatasetInputs> = {
  type: "imm:Dataset",
  schema: datasetSchema,
  deleteBeforeReplace: true,
  autoName: immAutoName("datasetName", "imm:Dataset"),
  fields: {
    projectName: { mode: "replace", wire: wire("ProjectName") },
    datasetName: { mode: "replace", wire: wire("DatasetName") },
    description: { mode: "update", default: "", wire: wire("Description") },
    templateId: { mode: "update", default: "", wire: wire("TemplateId") },
    ...datasetQuotaTraits,
    workflowParameters: {
      mode: "update",
      default: [],
      wire: wire("WorkflowParameters", (list) =>
        (list as { name: string; value: string }[]).map((p) => ({ Name: p.name, Value: p.value })),
      ),
    },
    forceDestroy: { mode: "stateOnly" },
    adopt: { mode: "ignore" },
  },

  // IMM datasets carry no tags: the marker is the name itself when it was derived from this
  // resource's identity (auto-named), which no other resource derives. A declared name is no marker.
  async create(ctx, inputs, meta) {
    return createOrTakeOver(
      ctx,
      datasetSpec,
      inputs,
      async () => {
        const response = await ctx.clients.imm.call(
          imm.CreateDataset,
          wireParams(datasetSpec.fields, inputs) as RequestOf<typeof imm.CreateDataset>,
        );
        return observe(response.Dataset);
      },
      async () => {
        const found = await get(ctx, inputs.projectName, inputs.datasetName);
        return (
          found && {
            observed: found.observed,
            candidate: {
              type: "imm:Dataset",
              object: `dataset ${found.observed.id}`,
              marked: meta.autoNamed,
              createTime: found.dataset.CreateTime,
            },
          }
        );
      },
    );
  },

  async read(ctx, id) {
    const { projectName, datasetName } = parseDatasetId(id);
    return (await get(ctx, projectName, datasetName))?.observed;
  },

  async update(ctx, id, _state, inputs, changed) {
    const { projectName, datasetName } = parseDatasetId(id);
    // Only what changed; a field removed from the program goes back to the service default.
    await sendChangedFields(ctx.clients.imm, imm.UpdateDataset, datasetSpec, changed, inputs, {
      ProjectName: projectName,
      DatasetName: datasetName,
    });
    return stillThere(await get(ctx, projectName, datasetName), `dataset ${id}`).observed;
  },

  async delete(ctx, id, state) {
    const { projectName, datasetName } = parseDatasetId(id);
    const current = await get(ctx, projectName, datasetName);
    if (!current) return;
    const bindCount = current.dataset.BindCount ?? 0;
    const fileCount = current.dataset.FileCount ?? 0;
    if (state.forceDestroy === true) {
      if (bindCount > 0) {
        const removed = await deleteBindings(ctx, projectName, datasetName);
        ctx.log.info(`forceDestroy: deleted ${removed} binding(s) of dataset ${id}`);
      }
      // IMM refuses to delete a dataset that still indexes files, and deleting a binding keeps the
      // metadata it indexed; so list whatever is indexed now and delete it.
      const removedFiles = await deleteFileMetas(ctx, projectName, datasetName);
      if (removedFiles > 0)
        ctx.log.info(`forceDestroy: deleted ${removedFiles} file index(es) of dataset ${id}`);
    } else if (bindCount > 0 || fileCount > 0) {
      throw new Error(
        `dataset ${id} still has ${bindCount} binding(s) and ${fileCount} indexed file(s), and IMM only deletes ` +
          `empty datasets. Delete its imm.Binding resources and file indexes first, or set \`forceDestroy: true\` ` +
          `on the dataset (then \`pulumi up\`) to delete them with it.`,
      );
    }
    await ctx.clients.imm.call(imm.DeleteDataset, { ProjectName: projectName, DatasetName: datasetName });
  },

  async findExisting(ctx, inputs) {
    return (await get(ctx, inputs.projectName, inputs.datasetName))?.observed;
  },
};
