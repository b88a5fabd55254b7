/**
 * Turns a typed request into the exact query/body string maps the official SDK would send
 * (as the official generated SDKs do): scalars as strings, complex values JSON-encoded under their own wire name.
 */
import type { Operation, ParamSpec, RequestOf } from "../operations/define";

export interface EncodedRequest {
  query: Record<string, string>;
  body: Record<string, string>;
}

/** A programming or input error in a request, found before anything is sent. */
export class RequestEncodingError extends Error {
  override name = "RequestEncodingError";
}

const DECIMAL_INTEGER = /^-?\d+$/;

function encodeValue(action: string, wireName: string, spec: ParamSpec, value: unknown): string {
  const where = `${action}.${wireName}`;
  switch (spec.encoding) {
    case "string":
      if (typeof value !== "string")
        throw new RequestEncodingError(`${where} must be a string, got ${typeof value}`);
      return value;
    case "integer":
      if (typeof value === "number") {
        if (!Number.isSafeInteger(value)) {
          throw new RequestEncodingError(
            `${where} must be an integer within ±2^53 (pass larger values as a decimal string), got ${value}`,
          );
        }
        return String(value);
      }
      if (typeof value === "string" && DECIMAL_INTEGER.test(value)) return value;
      throw new RequestEncodingError(`${where} must be an integer, got ${JSON.stringify(value)}`);
    case "boolean":
      if (typeof value !== "boolean")
        throw new RequestEncodingError(`${where} must be a boolean, got ${typeof value}`);
      return value ? "true" : "false";
    case "json":
      if (typeof value !== "object" || value === null) {
        throw new RequestEncodingError(`${where} must be an object or array, got ${typeof value}`);
      }
      return JSON.stringify(value);
  }
}

export function encodeRequest<O extends Operation>(op: O, params: RequestOf<O>): EncodedRequest {
  const encoded: EncodedRequest = { query: {}, body: {} };
  const given = params as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in op.params)) throw new RequestEncodingError(`${op.action} has no parameter ${key}`);
  }
  for (const [wireName, spec] of Object.entries(op.params)) {
    const value = given[wireName];
    if (value === undefined || value === null) {
      if (spec.required) throw new RequestEncodingError(`${op.action}.${wireName} is required`);
      continue;
    }
    encoded[spec.in][wireName] = encodeValue(op.action, wireName, spec, value);
  }
  return encoded;
}
