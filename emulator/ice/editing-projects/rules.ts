/** Parameter rules of CreateEditingProject and UpdateEditingProject beyond one parameter's type. */
import { invalidParameter, missingParameter } from "../../core/errors";
import { isPlainObject, type Params, parseRfc3339 } from "../../core/params";

const OUTPUT_MEDIA_TARGETS = ["vod-media", "oss-object"] as const;
const MAX_IDS_PER_MATERIAL_TYPE = 10;

export function jsonObject(params: Params, name: string): Record<string, unknown> | undefined {
  return params.json<Record<string, unknown>>(name, "object");
}

/** MaterialMaps: `{type: "id1,id2"}`, at most 10 IDs per type (the liveStream value is JSON text). */
export function materialMaps(params: Params): Record<string, unknown> | undefined {
  const maps = jsonObject(params, "MaterialMaps");
  if (maps === undefined) return undefined;
  for (const [type, ids] of Object.entries(maps)) {
    if (typeof ids !== "string") {
      throw invalidParameter(params.style, "MaterialMaps", `the value of "${type}" must be a string`);
    }
    if (type === "liveStream") continue;
    const count = ids.split(",").filter((id) => id.trim() !== "").length;
    if (count > MAX_IDS_PER_MATERIAL_TYPE) {
      throw invalidParameter(
        params.style,
        "MaterialMaps",
        `at most ${MAX_IDS_PER_MATERIAL_TYPE} material IDs per type ("${type}" has ${count})`,
      );
    }
  }
  return maps;
}

/** What CreateEditingProject requires of a live editing project's BusinessConfig (ICE API reference). */
export function checkLiveBusinessConfig(params: Params, config: Record<string, unknown> | undefined): void {
  const fail = (rule: string) => invalidParameter(params.style, "BusinessConfig", rule);
  if (config === undefined) throw missingParameter(params.style, "BusinessConfig");
  const output = config.OutputMediaConfig;
  if (!isPlainObject(output) || typeof output.StorageLocation !== "string" || output.StorageLocation === "") {
    throw fail("OutputMediaConfig.StorageLocation is required for a LiveEditingProject");
  }
  const target = config.OutputMediaTarget;
  if (target !== undefined && !OUTPUT_MEDIA_TARGETS.includes(target as never)) {
    throw fail(
      `OutputMediaTarget must be one of ${OUTPUT_MEDIA_TARGETS.join(", ")} (got ${JSON.stringify(target)})`,
    );
  }
  if (config.ReservationTime !== undefined) {
    if (typeof config.ReservationTime !== "string") throw fail("ReservationTime must be a string");
    parseRfc3339(config.ReservationTime, (rule) => fail(`ReservationTime ${rule}`));
  }
}
