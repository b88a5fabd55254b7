/**
 * Custom template types, subtypes and the TemplateConfig rules the emulator checks (ICE API reference:
 * CreateCustomTemplate; template parameters page): the transcoding, snapshot and watermark types are
 * checked field by field, naming the path; the other types only need a JSON object.
 */
import { invalidParameter, missingParameter } from "../core/errors";
import { isPlainObject, type Params } from "../core/params";

/** Type → name. 1 and 2 are the documented examples; the others are the emulator's choice. */
export const TYPE_NAMES: Readonly<Record<number, string>> = {
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

/** Type → its subtypes' names, subtype N at index N-1 (the documented lists). */
export const SUBTYPES: Readonly<Record<number, readonly string[]>> = {
  1: ["Normal", "AudioTranscode", "Remux", "NarrowBandV1", "NarrowBandV2"],
  2: ["Normal", "Sprite", "WebVtt"],
  7: ["Video", "Audio", "Image"],
  9: ["VideoDelogo", "VideoDetext"],
};

const WATERMARK_POSITIONS = ["TopLeft", "TopRight", "BottomLeft", "BottomRight"];

type Config = Record<string, unknown>;
const at = (path: string) => `TemplateConfig.${path}`;

/** A number, or a decimal string as the console writes them, within bounds. */
function numeric(params: Params, path: string, value: unknown, min: number): void {
  if (value === undefined) return;
  const number = typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number) || number < min) {
    throw invalidParameter(
      params.style,
      at(path),
      `must be a number of at least ${min} (got ${JSON.stringify(value)})`,
    );
  }
}

function section(params: Params, config: Config, name: string): Config | undefined {
  const value = config[name];
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw invalidParameter(params.style, at(name), "must be an object");
  return value;
}

function transcode(params: Params, subtype: number, config: Config): void {
  const container = section(params, config, "Container");
  const video = section(params, config, "Video");
  const audio = section(params, config, "Audio");
  if (!container && !video && !audio) {
    throw invalidParameter(
      params.style,
      "TemplateConfig",
      "a transcoding template needs Container, Video or Audio",
    );
  }
  if (subtype === 3 && !container) throw missingParameter(params.style, at("Container"));
  if (container && (typeof container.Format !== "string" || container.Format === "")) {
    throw invalidParameter(
      params.style,
      at("Container.Format"),
      "must be a container format such as mp4, flv or m3u8",
    );
  }
  for (const name of ["Bitrate", "Width", "Height", "Fps", "Crf"])
    numeric(params, `Video.${name}`, video?.[name], 0);
  for (const name of ["Bitrate", "Samplerate", "Channels"])
    numeric(params, `Audio.${name}`, audio?.[name], 0);
}

function snapshot(params: Params, subtype: number, config: Config): void {
  const type = config.Type;
  const expected = SUBTYPES[2]![subtype - 1];
  if (type !== undefined && type !== expected) {
    throw invalidParameter(
      params.style,
      at("Type"),
      `must be ${expected} for subtype ${subtype} (got ${JSON.stringify(type)})`,
    );
  }
  numeric(params, "Time", config.Time, 0);
  numeric(params, "Count", config.Count, 1);
  numeric(params, "Interval", config.Interval, 0);
  numeric(params, "Width", config.Width, 1);
  numeric(params, "Height", config.Height, 1);
}

function watermark(params: Params, type: number, config: Config): void {
  if (config.ReferPos !== undefined && !WATERMARK_POSITIONS.includes(config.ReferPos as string)) {
    throw invalidParameter(
      params.style,
      at("ReferPos"),
      `must be one of ${WATERMARK_POSITIONS.join(", ")} (got ${JSON.stringify(config.ReferPos)})`,
    );
  }
  numeric(params, "Dx", config.Dx, 0);
  numeric(params, "Dy", config.Dy, 0);
  numeric(params, "Width", config.Width, 0);
  numeric(params, "Height", config.Height, 0);
  if (type === 5) {
    if (config.Content === undefined || config.Content === "")
      throw missingParameter(params.style, at("Content"));
    if (typeof config.Content !== "string")
      throw invalidParameter(params.style, at("Content"), "must be a string");
    numeric(params, "FontSize", config.FontSize, 1);
  }
}

export function checkTemplateConfig(params: Params, type: number, subtype: number, config: Config): void {
  if (type === 1) transcode(params, subtype, config);
  else if (type === 2) snapshot(params, subtype, config);
  else if (type === 4 || type === 5) watermark(params, type, config);
}
