/**
 * Story generation, the StoryCreation task's work: `storyTaskMs` after CreateStory, the story is built
 * under its ObjectId from the dataset's indexed photos and videos that match the criteria.
 */
import { immTime } from "../../core/clock";
import { isPlainObject } from "../../core/params";
import type { Transition } from "../../core/service";
import { childKey, datasetFiles, datasetKey, datasets } from "../tables";
import { finishTask } from "../tasks";
import { type Criteria, type File, OWNER_ID, STORY_FILE_CAP, type StoryRecord, stories } from "./model";

/** The scheduled transition that builds a story. */
export const STORY_GENERATE = "imm.story.generate";

export const timeOf = (file: File): number | undefined =>
  typeof file.ProduceTime === "string"
    ? Date.parse(file.ProduceTime.replace(/(\.\d{3})\d+/, "$1"))
    : undefined;

function firstAddress(file: File): Record<string, unknown> | undefined {
  const list = file.Addresses;
  return Array.isArray(list) && isPlainObject(list[0]) ? list[0] : undefined;
}

function matchesType(file: File, criteria: Criteria): boolean {
  switch (criteria.StoryType) {
    case "TagMemory": {
      const labels = Array.isArray(file.Labels) ? (file.Labels as Record<string, unknown>[]) : [];
      const wanted = criteria.StorySubType.toLowerCase();
      return labels.some((label) =>
        [label.LabelName, label.ParentLabelName, label.LabelAlias].some(
          (name) => typeof name === "string" && (wanted === "" || name.toLowerCase().includes(wanted)),
        ),
      );
    }
    case "PeopleMemory":
      return Array.isArray(file.Figures) && file.Figures.length > 0;
    case "TravelMemory": {
      const place = firstAddress(file);
      if (!place) return false;
      return Object.entries(criteria.address ?? {}).every(
        ([field, value]) => String(place[field] ?? "").toLowerCase() === String(value).toLowerCase(),
      );
    }
    default:
      return true;
  }
}

/** The files a story would hold: matching photos and videos by capture time, within the counts. */
export function storyFiles(indexed: File[], criteria: Criteria): File[] {
  const candidates = indexed
    .filter((file) => file.MediaType === "image" || file.MediaType === "video")
    .filter((file) => {
      if (criteria.start === undefined && criteria.end === undefined) return true;
      const at = timeOf(file);
      return (
        at !== undefined &&
        (criteria.start === undefined || at >= criteria.start) &&
        (criteria.end === undefined || at <= criteria.end)
      );
    })
    .filter((file) => matchesType(file, criteria))
    .sort((a, b) => (timeOf(a) ?? 0) - (timeOf(b) ?? 0) || (a.URI < b.URI ? -1 : 1));
  if (candidates.length < (criteria.minFiles ?? 1)) return [];
  return candidates.slice(0, Math.min(criteria.maxFiles ?? STORY_FILE_CAP, STORY_FILE_CAP));
}

export function summary(chosen: File[]) {
  const addresses = new Map<string, Record<string, unknown>>();
  const clusters = new Set<string>();
  for (const file of chosen) {
    const place = firstAddress(file);
    if (place) addresses.set(JSON.stringify(place), place);
    for (const figure of Array.isArray(file.Figures) ? (file.Figures as Record<string, unknown>[]) : []) {
      if (typeof figure.FigureClusterId === "string") clusters.add(figure.FigureClusterId);
    }
  }
  return { Addresses: [...addresses.values()], FigureClusterIds: [...clusters] };
}

/** A type, not an interface, so that it is a scheduled payload (a record) as it is. */
export type GeneratePayload = {
  project: string;
  dataset: string;
  objectId: string;
  taskId: string;
  fails: boolean;
  criteria: Criteria;
};

export const generated: Transition = (ctx, raw) => {
  const payload = raw as GeneratePayload;
  const { project, dataset, objectId, taskId, criteria } = payload;
  if (payload.fails) {
    finishTask(ctx, project, taskId, {
      status: "Failed",
      code: "InternalError",
      message: "The story generation failed: an internal error occurred in the story algorithm.",
    });
    return;
  }
  if (!datasets(ctx).get(datasetKey(project, dataset))) {
    finishTask(ctx, project, taskId, {
      status: "Failed",
      code: "ResourceNotFound",
      message: "The specified resource dataset is not found.",
    });
    return;
  }
  const chosen = storyFiles(datasetFiles(ctx, project, dataset) as File[], criteria);
  const key = childKey(project, dataset, objectId);
  const previous = stories(ctx).get(key);
  const now = immTime(ctx.now);
  const record: StoryRecord = {
    ProjectName: project,
    DatasetName: dataset,
    ObjectId: objectId,
    ObjectType: "story",
    OwnerId: OWNER_ID,
    StoryName: criteria.StoryName ?? previous?.StoryName ?? "",
    StoryType: criteria.StoryType,
    StorySubType: criteria.StorySubType,
    StoryStartTime: criteria.start !== undefined ? immTime(criteria.start) : "",
    StoryEndTime: criteria.end !== undefined ? immTime(criteria.end) : "",
    CustomId: criteria.CustomId ?? previous?.CustomId ?? "",
    CustomLabels: criteria.CustomLabels ?? previous?.CustomLabels ?? {},
    ...summary(chosen),
    ...(chosen[0] ? { Cover: chosen[0] } : {}),
    Files: chosen,
    CreateTime: previous?.CreateTime ?? now,
    UpdateTime: now,
  };
  stories(ctx).set(key, record);
  finishTask(ctx, project, taskId, { status: "Succeeded" });
};
