/**
 * Errors the emulator answers with. Every error body has the documented POP shape `{RequestId, HostId,
 * Code, Message, Recommend}` (the gateway's error body); handlers throw `ApiError` and the server turns it
 * into that body with the right HTTP status.
 */
export type Product = "imm" | "ice";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers (e.g. `x-acs-retry-after` on throttling). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Knobs the error helpers need from the running emulator. */
export interface ErrorStyle {
  product: Product;
  /** HTTP status of IMM ResourceNotFound: 404 by default, 400 as the error page documents. */
  notFoundStatus: number;
}

/** IMM's documented generic validation error (IMM error codes: InvalidArgument with a %s message). */
export function invalidArgument(message: string): ApiError {
  return new ApiError(400, "InvalidArgument", message);
}

export function missingParameter(style: ErrorStyle, name: string): ApiError {
  if (style.product === "ice") {
    return new ApiError(
      400,
      "MissingParameter",
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  }
  return invalidArgument(`The parameter ${name} is required but not provided.`);
}

/**
 * `name` may be a path inside a JSON parameter (`Files[2].URI`): the message names the full path, the
 * IMM code (`Invalid{ParameterName}`) only the wire parameter, so codes stay a small fixed set.
 */
export function invalidParameter(style: ErrorStyle, name: string, rule: string): ApiError {
  if (style.product === "ice") {
    return new ApiError(400, "InvalidParameter", `The specified parameter ${name} is not valid: ${rule}`);
  }
  const parameter = /^[^.[]+/.exec(name)?.[0] ?? name;
  return new ApiError(400, `Invalid${parameter}`, `Specified parameter ${name} is not valid: ${rule}`);
}

export function invalidJson(style: ErrorStyle, name: string, detail: string): ApiError {
  if (style.product === "ice") return invalidParameter(style, name, `not valid JSON (${detail})`);
  return new ApiError(400, "InvalidJSON", `Array parsing error, ${name}: ${detail}`);
}

export function resourceNotFound(style: ErrorStyle, resourceType: string): ApiError {
  if (style.product === "ice")
    return new ApiError(404, "ResourceNotFound", `Resource not found: ${resourceType}`);
  return new ApiError(
    style.notFoundStatus,
    "ResourceNotFound",
    `The specified resource ${resourceType} is not found.`,
  );
}

export function resourceAlreadyExists(resourceType: string): ApiError {
  return new ApiError(400, "ResourceAlreadyExists", `The specified resource ${resourceType} already exists.`);
}

export function limitExceeded(detail: string): ApiError {
  return new ApiError(400, "LimitExceededError", `Message: resource count exceeds the limit (${detail})`);
}

export function throttlingUser(retryAfterMs?: number): ApiError {
  return new ApiError(
    400,
    "Throttling.User",
    "Request was denied due to user flow control.",
    retryAfterMs === undefined ? {} : { "x-acs-retry-after": String(retryAfterMs) },
  );
}

export function serviceUnavailable(product: Product): ApiError {
  return new ApiError(
    503,
    product === "ice" ? "ServiceUnAvailable" : "ServiceUnavailable",
    "The request has failed due to a temporary failure of the server.",
  );
}

export function internalError(): ApiError {
  return new ApiError(
    500,
    "InternalError",
    "The request processing has failed due to some unknown error, exception or failure.",
  );
}

/** Precondition failures (delete a non-empty project, suspend a finished batch). The code is
 * not documented by IMM; InvalidArgument/400 stands in for it. */
export function preconditionFailed(message: string): ApiError {
  return invalidArgument(message);
}

/** A write the state file could not take: not applied, and safe to retry. */
export function persistFailed(product: Product): ApiError {
  return new ApiError(
    503,
    product === "ice" ? "ServiceUnAvailable" : "ServiceUnavailable",
    "The emulator could not save its state file; the request was not applied.",
  );
}
