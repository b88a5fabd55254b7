/**
 * The parameter rules of SubmitMediaProducingJob (ICE API reference: SubmitMediaProducingJob): one
 * source of three, the output target and its configuration, the size of UserData, the client token.
 * Every failure names the parameter (or the path inside a JSON parameter) and the rule.
 */
import { invalidParameter, missingParameter } from "../../core/errors";
import { isPlainObject, type Params } from "../../core/params";
import { OUTPUT_TARGETS } from "./model";

/** "Custom settings, in JSON format, with a maximum length of 512 bytes." */
export const USER_DATA_MAX_BYTES = 512;
/** "ASCII characters … cannot exceed 64 characters in length." */
const CLIENT_TOKEN = /^[\x21-\x7e]{1,64}$/;
const HTTP_URL = /^https?:\/\/[^\s/]+\/\S+$/;
/** Output sizes the emulator accepts (the service caps width and height; the cap is not on the page). */
const MAX_DIMENSION = 7680;

export type JobSource =
  | { kind: "project"; projectId: string }
  | { kind: "timeline"; timeline: Record<string, unknown> }
  | { kind: "template"; templateId: string; clipsParam: Record<string, unknown> };

const object = (params: Params, name: string) => params.json<Record<string, unknown>>(name, "object");

/** "You must specify one of the following three parameters: ProjectId, Timeline, or TemplateId." */
export function jobSource(params: Params): JobSource {
  const projectId = params.string("ProjectId") || undefined;
  const timeline = object(params, "Timeline");
  const templateId = params.string("TemplateId") || undefined;
  const given = [projectId && "ProjectId", timeline && "Timeline", templateId && "TemplateId"].filter(
    (name): name is string => typeof name === "string",
  );
  if (given.length === 0) throw missingParameter(params.style, "ProjectId");
  if (given.length > 1) {
    throw invalidParameter(
      params.style,
      given[1]!,
      `give exactly one of ProjectId, Timeline and TemplateId (got ${given.join(" and ")})`,
    );
  }
  if (projectId) return { kind: "project", projectId };
  if (timeline) return { kind: "timeline", timeline };
  // "When TemplateId is not empty, ClipsParam cannot be empty."
  const clipsParam = object(params, "ClipsParam");
  if (clipsParam === undefined) throw missingParameter(params.style, "ClipsParam");
  return { kind: "template", templateId: templateId!, clipsParam };
}

function positiveInteger(params: Params, path: string, value: unknown, max?: number): void {
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number <= 0) {
    throw invalidParameter(params.style, path, `must be a positive integer (got ${JSON.stringify(value)})`);
  }
  if (max !== undefined && number > max) {
    throw invalidParameter(params.style, path, `must be at most ${max} (got ${number})`);
  }
}

function requiredText(params: Params, config: Record<string, unknown>, name: string, target: string): string {
  const value = config[name];
  if (value === undefined || value === "") {
    throw missingParameter(params.style, `OutputMediaConfig.${name}`);
  }
  if (typeof value !== "string") {
    throw invalidParameter(params.style, `OutputMediaConfig.${name}`, `must be a string for ${target}`);
  }
  return value;
}

/**
 * OutputMediaTarget (default oss-object) and OutputMediaConfig: "When outputting to OSS, the
 * MediaURL of the output target is required. When outputting to VOD, the StorageLocation and
 * FileName parameters are required."
 */
export function outputMedia(params: Params): { target: string; config: Record<string, unknown> } {
  const target = params.string("OutputMediaTarget", { oneOf: OUTPUT_TARGETS }) || "oss-object";
  const config = object(params, "OutputMediaConfig");
  if (config === undefined) throw missingParameter(params.style, "OutputMediaConfig");
  if (target === "vod-media") {
    requiredText(params, config, "StorageLocation", target);
    requiredText(params, config, "FileName", target);
  } else {
    const url = requiredText(params, config, "MediaURL", target);
    if (!HTTP_URL.test(url)) {
      throw invalidParameter(
        params.style,
        "OutputMediaConfig.MediaURL",
        `must be the http(s) URL of an object, such as https://bucket.oss-cn-shanghai.aliyuncs.com/out.mp4 (got "${url}")`,
      );
    }
  }
  for (const name of ["Width", "Height"]) {
    if (config[name] !== undefined)
      positiveInteger(params, `OutputMediaConfig.${name}`, config[name], MAX_DIMENSION);
  }
  if (config.Bitrate !== undefined) positiveInteger(params, "OutputMediaConfig.Bitrate", config.Bitrate);
  return { target, config };
}

/** UserData: a JSON object of at most 512 bytes; NotifyAddress, when present, a callback address. */
export function userData(params: Params): string {
  const text = params.raw("UserData") ?? "";
  if (text === "") return "";
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > USER_DATA_MAX_BYTES) {
    throw invalidParameter(
      params.style,
      "UserData",
      `must be at most ${USER_DATA_MAX_BYTES} bytes (got ${bytes})`,
    );
  }
  const parsed = object(params, "UserData")!;
  const address = parsed.NotifyAddress;
  if (
    address !== undefined &&
    (typeof address !== "string" || !/^(https?:\/\/|mns:\/\/|acs:mns:)\S+$/.test(address))
  ) {
    throw invalidParameter(
      params.style,
      "UserData.NotifyAddress",
      `must be an HTTP(S) callback URL or an MNS address (got ${JSON.stringify(address)})`,
    );
  }
  return text;
}

export function clientToken(params: Params): string | undefined {
  const token = params.string("ClientToken", {
    pattern: CLIENT_TOKEN,
    patternRule: "must be 1 to 64 printable ASCII characters",
  });
  return token || undefined;
}

/** The JSON parameters that are only stored (and checked to be JSON objects). */
export function optionalObjects(params: Params): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of ["EditingProduceConfig", "MediaMetadata", "ProjectMetadata"]) {
    const value = object(params, name);
    if (value !== undefined && isPlainObject(value)) out[name] = value;
  }
  return out;
}
