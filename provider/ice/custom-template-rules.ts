/**
 * ice.CustomTemplate's check-time rules (ICE API reference: CreateCustomTemplate, and the template
 * parameters page): the type numbers and their subtypes, and what a transcoding, snapshot or
 * watermark template's `templateConfig` must hold, so a plan that ICE would refuse fails at `check`
 * with the path of the offending setting (`templateConfig.Video.Bitrate`).
 */
import { parseJsonText } from "../framework/json-value";

/** Type number → the service's type name. */
export const CUSTOM_TEMPLATE_TYPES: Readonly<Record<number, string>> = {
  1: "TranscodeTemplate",
  2: "SnapshotTemplate",
  3: "AnimationTemplate",
  4: "ImageWatermarkTemplate",
  5: "TextWatermarkTemplate",
  6: "SubtitleTemplate",
  7: "AIMediaAuditTemplate",
  8: "AIImageCoverTemplate",
  9: "AIMediaEraseTemplate",
  10: "AIMediaDNATemplate",
  11: "AIMediaLabelTemplate",
};

/** The types that have subtypes, and their names (subtype N at index N-1). */
export const CUSTOM_TEMPLATE_SUBTYPES: Readonly<Record<number, readonly string[]>> = {
  1: ["Normal", "AudioTranscode", "Remux", "NarrowBandV1", "NarrowBandV2"],
  2: ["Normal", "Sprite", "WebVtt"],
  7: ["Video", "Audio", "Image"],
  9: ["VideoDelogo", "VideoDetext"],
};

const WATERMARK_POSITIONS = ["TopLeft", "TopRight", "BottomLeft", "BottomRight"];

export interface Failure {
  property: string;
  reason: string;
}
type Config = Record<string, unknown>;

const isObject = (value: unknown): value is Config =>
  typeof value === "object" && value !== null && !Array.isArray(value);

class Rules {
  readonly failures: Failure[] = [];

  fail(path: string, reason: string): void {
    const property = path ? `templateConfig.${path}` : "templateConfig";
    this.failures.push({ property, reason: `${property} ${reason}` });
  }

  /** A number, or a decimal string as the console writes them, of at least `min`. */
  numeric(config: Config | undefined, path: string, name: string, min: number): void {
    const value = config?.[name];
    if (value === undefined) return;
    const number = typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isFinite(number) || number < min)
      this.fail(`${path}${name}`, `must be a number of at least ${min} (got ${JSON.stringify(value)})`);
  }

  section(config: Config, name: string): Config | undefined {
    const value = config[name];
    if (value === undefined) return undefined;
    if (isObject(value)) return value;
    this.fail(name, "must be an object");
    return undefined;
  }
}

function transcode(rules: Rules, subtype: number, config: Config): void {
  const container = rules.section(config, "Container");
  const video = rules.section(config, "Video");
  const audio = rules.section(config, "Audio");
  if (config.Container === undefined && config.Video === undefined && config.Audio === undefined)
    rules.fail("", "of a transcoding template needs Container, Video or Audio");
  if (subtype === 3 && config.Container === undefined)
    rules.fail("Container", "is required for a Remux template (subtype 3)");
  if (container && (typeof container.Format !== "string" || container.Format === ""))
    rules.fail("Container.Format", "must be a container format such as mp4, flv or m3u8");
  for (const name of ["Bitrate", "Width", "Height", "Fps", "Crf"]) rules.numeric(video, "Video.", name, 0);
  for (const name of ["Bitrate", "Samplerate", "Channels"]) rules.numeric(audio, "Audio.", name, 0);
}

function snapshot(rules: Rules, subtype: number, config: Config): void {
  const expected = CUSTOM_TEMPLATE_SUBTYPES[2]![subtype - 1];
  if (config.Type !== undefined && config.Type !== expected)
    rules.fail("Type", `must be ${expected} for subtype ${subtype} (got ${JSON.stringify(config.Type)})`);
  rules.numeric(config, "", "Time", 0);
  rules.numeric(config, "", "Count", 1);
  rules.numeric(config, "", "Interval", 0);
  rules.numeric(config, "", "Width", 1);
  rules.numeric(config, "", "Height", 1);
}

function watermark(rules: Rules, type: number, config: Config): void {
  if (config.ReferPos !== undefined && !WATERMARK_POSITIONS.includes(config.ReferPos as string)) {
    rules.fail(
      "ReferPos",
      `must be one of ${WATERMARK_POSITIONS.join(", ")} (got ${JSON.stringify(config.ReferPos)})`,
    );
  }
  for (const name of ["Dx", "Dy", "Width", "Height"]) rules.numeric(config, "", name, 0);
  if (type !== 5) return;
  if (config.Content === undefined || config.Content === "")
    rules.fail("Content", "is required for a text watermark");
  else if (typeof config.Content !== "string") rules.fail("Content", "must be a string");
  rules.numeric(config, "", "FontSize", 1);
}

/** The subtype a type takes when none is given: 1 for the types that have subtypes. */
export function effectiveSubtype(type: number, subtype: number | undefined): number | undefined {
  return subtype ?? (CUSTOM_TEMPLATE_SUBTYPES[type] ? 1 : undefined);
}

/** Rules across `type`, `subtype` and `templateConfig`; each failure names its property. */
export function customTemplateFailures(inputs: {
  type: number;
  subtype?: number | undefined;
  templateConfig: unknown;
}): Failure[] {
  const names = CUSTOM_TEMPLATE_SUBTYPES[inputs.type];
  const typeName = `type ${inputs.type} (${CUSTOM_TEMPLATE_TYPES[inputs.type]})`;
  if (inputs.subtype !== undefined && !names)
    return [{ property: "subtype", reason: `subtype must be left out: ${typeName} has no subtypes` }];
  if (inputs.subtype !== undefined && names && inputs.subtype > names.length) {
    const listed = names.map((name, index) => `${index + 1} (${name})`).join(", ");
    return [
      {
        property: "subtype",
        reason: `subtype must be one of ${listed} for ${typeName} (got ${inputs.subtype})`,
      },
    ];
  }
  const config = parseJsonText(inputs.templateConfig);
  if (!isObject(config)) return [];
  const rules = new Rules();
  const subtype = effectiveSubtype(inputs.type, inputs.subtype) ?? 0;
  if (inputs.type === 1) transcode(rules, subtype, config);
  else if (inputs.type === 2) snapshot(rules, subtype, config);
  else if (inputs.type === 4 || inputs.type === 5) watermark(rules, inputs.type, config);
  return rules.failures;
}
