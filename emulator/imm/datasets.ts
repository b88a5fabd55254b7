/**
 * IMM datasets (IMM API reference): CreateDataset, GetDataset, UpdateDataset, DeleteDataset, ListDatasets.
 */
import { immTime } from "../core/clock";
import { invalidParameter, preconditionFailed, resourceAlreadyExists } from "../core/errors";
import type { Params } from "../core/params";
import { keyPager } from "../core/pagination";
import type { Handler, HandlerContext } from "../core/service";
import { DESCRIPTION_RULES, NAME_RULES, datasetQuotas, defaultDatasetQuotas } from "./rules";
import {
  type DatasetRecord,
  bindings,
  datasetFiles,
  datasetKey,
  datasets,
  files,
  requireDataset,
  requireProject,
  requireRoom,
  rowsOfDataset,
} from "./tables";

function workflowParameters(params: Params): DatasetRecord["WorkflowParameters"] | undefined {
  const list = params.json<{ Name?: unknown; Value?: unknown }[]>("WorkflowParameters", "array");
  return list?.map((entry, index) => {
    if (typeof entry !== "object" || entry === null || typeof entry.Name !== "string" || entry.Name === "") {
      throw invalidParameter(
        params.style,
        "WorkflowParameters",
        `element ${index} needs a non-empty string Name`,
      );
    }
    return { Name: entry.Name, Value: typeof entry.Value === "string" ? entry.Value : "" };
  });
}

function datasetSettings(params: Params): Partial<DatasetRecord> {
  const settings: Partial<DatasetRecord> = { ...datasetQuotas(params) };
  const description = params.string("Description", DESCRIPTION_RULES);
  if (description !== undefined) settings.Description = description;
  const templateId = params.string("TemplateId", { maxLength: 128 });
  if (templateId !== undefined) settings.TemplateId = templateId;
  const workflow = workflowParameters(params);
  if (workflow !== undefined) settings.WorkflowParameters = workflow;
  return settings;
}

export function datasetView(ctx: HandlerContext, record: DatasetRecord, withStatistics: boolean) {
  const bindCount = rowsOfDataset(bindings(ctx), record.ProjectName, record.DatasetName).length;
  const indexed = withStatistics ? datasetFiles(ctx, record.ProjectName, record.DatasetName) : [];
  return {
    ...record,
    BindCount: bindCount,
    FileCount: indexed.length,
    TotalFileSize: indexed.reduce((sum, file) => sum + file.Size, 0),
  };
}

const createDataset: Handler = (ctx) => {
  const projectName = ctx.params.requiredString("ProjectName");
  const name = ctx.params.requiredString("DatasetName", NAME_RULES);
  const settings = datasetSettings(ctx.params);
  const project = requireProject(ctx, projectName);
  const table = datasets(ctx);
  if (table.has(datasetKey(projectName, name))) throw resourceAlreadyExists("dataset");
  const used = table.values().filter((d) => d.ProjectName === projectName).length;
  requireRoom(`project ${projectName}`, "ProjectMaxDatasetCount", project.ProjectMaxDatasetCount, used);
  const now = immTime(ctx.now);
  const record: DatasetRecord = {
    ProjectName: projectName,
    DatasetName: name,
    Description: "",
    TemplateId: "",
    WorkflowParameters: [],
    ...defaultDatasetQuotas(),
    ...settings,
    CreateTime: now,
    UpdateTime: now,
  };
  table.set(datasetKey(projectName, name), record);
  return { Dataset: datasetView(ctx, record, false) };
};

const getDataset: Handler = (ctx) => {
  const record = requireDataset(
    ctx,
    ctx.params.requiredString("ProjectName"),
    ctx.params.requiredString("DatasetName"),
  );
  return { Dataset: datasetView(ctx, record, ctx.params.boolean("WithStatistics") ?? false) };
};

const updateDataset: Handler = (ctx) => {
  const projectName = ctx.params.requiredString("ProjectName");
  const name = ctx.params.requiredString("DatasetName");
  const settings = datasetSettings(ctx.params);
  const record = requireDataset(ctx, projectName, name);
  const updated: DatasetRecord = { ...record, ...settings, UpdateTime: immTime(ctx.now) };
  datasets(ctx).set(datasetKey(projectName, name), updated);
  return { Dataset: datasetView(ctx, updated, false) };
};

const deleteDataset: Handler = (ctx) => {
  const projectName = ctx.params.requiredString("ProjectName");
  const name = ctx.params.requiredString("DatasetName");
  requireDataset(ctx, projectName, name);
  const bound = rowsOfDataset(bindings(ctx), projectName, name).length;
  if (bound > 0)
    throw preconditionFailed(`The dataset ${name} still has ${bound} binding(s); delete them first.`);
  const indexed = rowsOfDataset(files(ctx), projectName, name).length;
  if (indexed > 0) {
    throw preconditionFailed(
      `The dataset ${name} still has ${indexed} indexed file(s); delete them first (BatchDeleteFileMeta).`,
    );
  }
  datasets(ctx).delete(datasetKey(projectName, name));
  return {};
};

const listDatasets: Handler = (ctx) => {
  const projectName = ctx.params.requiredString("ProjectName");
  const prefix = ctx.params.string("Prefix") ?? "";
  requireProject(ctx, projectName);
  const rows = datasets(ctx)
    .entries()
    .filter(([, d]) => d.ProjectName === projectName && d.DatasetName.startsWith(prefix));
  const { items, next } = keyPager(ctx.params).page(rows);
  return { Datasets: items.map((d) => datasetView(ctx, d, false)), ...next };
};

export const datasetHandlers = {
  CreateDataset: createDataset,
  GetDataset: getDataset,
  UpdateDataset: updateDataset,
  DeleteDataset: deleteDataset,
  ListDatasets: listDatasets,
} satisfies Record<string, Handler>;
