/**
 * ice.EditingProject's declared shape (schema, rules across fields; ICE API reference:
 * CreateEditingProject) and its outputs read from the service's project (GetEditingProject), with
 * the status in one form whatever the operation answered.
 */
import { z } from "zod";
import { jsonValue, parseJsonText, sameJson } from "../framework/json-value";

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
export type EditingProjectOutputs = ReturnType<typeof observeProject>["outputs"];

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

export interface WireProject {
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
export function observedJson(serverText: string | undefined, declared: unknown): unknown {
  if (serverText === undefined || serverText === "") return null;
  if (declared !== undefined && declared !== null && sameJson(serverText, declared)) return declared;
  return parseJsonText(serverText);
}

export function observeProject(project: WireProject, declared: Record<string, unknown>) {
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
