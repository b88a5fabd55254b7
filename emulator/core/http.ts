/**
 * Reading a request off the wire within the emulator's limits: the body is counted as it arrives
 * and never buffered past MAX_REQUEST_BYTES, and parameters land in null-prototype objects so that a
 * parameter named `__proto__` or `constructor` is an ordinary key.
 */
import type { IncomingMessage } from "node:http";
import { type ParsedUrlQuery, parse as parseQuery } from "node:querystring";
import { MAX_REQUEST_BYTES } from "./limits";
import type { SignedRequest } from "./signature";

export type Flat = Record<string, string>;

/** The last value of each repeated key, in an object without a prototype. */
export function flatten(parsed: ParsedUrlQuery): Flat {
  const out: Flat = Object.create(null) as Flat;
  for (const [key, value] of Object.entries(parsed)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? (value[value.length - 1] ?? "") : value;
  }
  return out;
}

/** Merges parameter sets (later wins) without a prototype, as `flatten` does. */
export function merge(...sets: Flat[]): Flat {
  return Object.assign(Object.create(null) as Flat, ...sets);
}

/** The body, or "too large" as soon as the declared length or the bytes received pass the cap. */
export function readBody(request: IncomingMessage): Promise<Buffer | "too large"> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > MAX_REQUEST_BYTES) return Promise.resolve("too large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_REQUEST_BYTES) {
        request.off("data", onData);
        chunks.length = 0;
        resolve("too large");
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** The raw path (before `?`) and query (after it), both undecoded: what signatures are computed on. */
export function splitUrl(rawUrl = "/"): { path: string; rawQuery: string } {
  const questionMark = rawUrl.indexOf("?");
  return questionMark < 0
    ? { path: rawUrl, rawQuery: "" }
    : { path: rawUrl.slice(0, questionMark), rawQuery: rawUrl.slice(questionMark + 1) };
}

/** An API request as read off the wire: what its signature covers, and the action and version it names. */
export interface ApiCall extends SignedRequest {
  path: string;
  action: string | undefined;
  version: string | undefined;
}

/** Query and form body merged (body wins); action and version from the ACS3 headers, else the parameters. */
export function parseCall(request: IncomingMessage, body: Buffer): ApiCall {
  const { path, rawQuery } = splitUrl(request.url);
  const contentType = request.headers["content-type"] ?? "";
  const bodyParams =
    body.length > 0 && contentType.startsWith("application/x-www-form-urlencoded")
      ? flatten(parseQuery(body.toString("utf8")))
      : flatten({});
  const params = merge(flatten(parseQuery(rawQuery)), bodyParams);
  const header = (name: string) => request.headers[name] as string | undefined;
  return {
    method: request.method ?? "GET",
    path,
    rawQuery,
    headers: request.headers,
    body,
    params,
    bodyParams,
    action: header("x-acs-action") ?? params.Action,
    version: header("x-acs-version") ?? params.Version,
  };
}
