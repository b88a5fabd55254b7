/**
 * One error type for everything a call to Alibaba Cloud can end in: an API error answer, a transport
 * failure, or a response that is not what the API documents. Its message is written for the person
 * reading `pulumi up` output: action, code, what the service said, and the request id to quote to
 * support. It never carries credentials (see redact.ts).
 */
import { CredentialsUnavailableError } from "./credentials";
import {
  credentialHint,
  describeTransport,
  isLoopback,
  preSendHint,
  sanitizeNetworkText,
  transportHint,
  type CallOrigin,
} from "./explain";
import { redact } from "./redact";

/** api: the service answered with an error; transport: the conversation failed; response: the answer
 * was malformed; client: the call failed on this side (e.g. no credentials). */
export type ApiErrorKind = "api" | "transport" | "response" | "client";

export interface ApiErrorFields {
  action: string;
  kind: ApiErrorKind;
  code: string;
  apiMessage: string;
  requestId?: string;
  httpStatus?: number;
  hostId?: string;
  recommend?: string;
  /** From `x-acs-retry-after`, when the service asked for a pause. */
  retryAfterMs?: number;
  /** True when the request may have reached the service (the outcome is unknown). */
  ambiguous?: boolean;
  /** What to do about it, in our words (which setting, which source); appended to the message. */
  hint?: string;
  /** Another attempt cannot help (a refused loopback endpoint: nothing runs there). */
  final?: boolean;
}

const NOT_FOUND_CODES = new Set([
  "ResourceNotFound",
  "ProjectNotFound",
  "InvalidProject.NotFound",
  "NotFound",
]);
const ALREADY_EXISTS_CODES = new Set(["ResourceAlreadyExists", "AlreadyExists"]);
const THROTTLING_CODES = new Set(["Throttling", "Throttling.User", "Throttling.Api", "RequestsTooFrequent"]);
const TRANSIENT_SERVER_CODES = new Set([
  "ServiceUnavailable",
  "ServiceUnAvailable", // ICE's spelling
  "ServiceBusy",
  "InternalError",
  "InternalServerError",
  "Unknown",
]);

/**
 * Whether an error code names the service's own, passing trouble (throttling, an internal error,
 * unavailability): the one list used both for retrying calls and for redoing failed async work.
 */
export function isTransientServiceCode(code: string): boolean {
  return THROTTLING_CODES.has(code) || code.startsWith("Throttling") || TRANSIENT_SERVER_CODES.has(code);
}

/** Transport error codes that mean the request never left this machine: always safe to retry. */
const NOT_SENT_CODES = new Set([
  "ConnectTimeout",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
/** Transport error codes after which the service may or may not have acted. */
const AMBIGUOUS_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ReadTimeout",
  "UND_ERR_SOCKET",
]);

export class AlibabaApiError extends Error {
  override name = "AlibabaApiError";
  readonly action: string;
  readonly kind: ApiErrorKind;
  readonly code: string;
  readonly apiMessage: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly hostId?: string;
  readonly recommend?: string;
  readonly retryAfterMs?: number;
  readonly ambiguous: boolean;
  readonly hint?: string;
  private readonly final: boolean;
  /**
   * Set by the client when this error answered a repeat of a call whose earlier attempt may have been
   * executed (its answer was lost). ResourceAlreadyExists then most likely means "the lost attempt
   * created it", which the resource layer resolves by reading the object back.
   */
  afterAmbiguousAttempt = false;

  constructor(fields: ApiErrorFields) {
    super(redact(AlibabaApiError.describe(fields)));
    this.action = fields.action;
    this.kind = fields.kind;
    this.code = fields.code;
    this.apiMessage = redact(fields.apiMessage);
    this.requestId = fields.requestId;
    this.httpStatus = fields.httpStatus;
    this.hostId = fields.hostId;
    this.recommend = fields.recommend;
    this.retryAfterMs = fields.retryAfterMs;
    this.ambiguous = fields.ambiguous ?? false;
    this.hint = fields.hint === undefined ? undefined : redact(fields.hint);
    this.final = fields.final ?? false;
  }

  private static describe(f: ApiErrorFields): string {
    const where = f.requestId
      ? ` (request id ${f.requestId})`
      : f.httpStatus
        ? ` (HTTP ${f.httpStatus})`
        : "";
    const what = f.kind === "transport" ? `network error ${f.code}` : f.code;
    const hint = f.hint ? `. ${f.hint}.` : "";
    return `${f.action} failed: ${what}: ${f.apiMessage}${where}${hint}`;
  }

  isNotFound(): boolean {
    return this.kind === "api" && NOT_FOUND_CODES.has(this.code);
  }

  isAlreadyExists(): boolean {
    return this.kind === "api" && ALREADY_EXISTS_CODES.has(this.code);
  }

  isThrottled(): boolean {
    return this.kind === "api" && (THROTTLING_CODES.has(this.code) || this.code.startsWith("Throttling."));
  }

  /** The service reported a transient failure of its own. */
  isServerError(): boolean {
    if (this.kind !== "api") return false;
    return TRANSIENT_SERVER_CODES.has(this.code) || (this.httpStatus !== undefined && this.httpStatus >= 500);
  }

  /** Worth another attempt at all (whether it is *safe* to retry also depends on the operation). */
  isRetryable(): boolean {
    if (this.final) return false;
    if (this.kind === "transport") return NOT_SENT_CODES.has(this.code) || this.ambiguous;
    return this.isThrottled() || this.isServerError();
  }

  /** The service certainly did not act on the request (so even a non-idempotent call may be repeated). */
  provablyNotExecuted(): boolean {
    if (this.kind === "transport") return NOT_SENT_CODES.has(this.code);
    // Raised on this side before a request existed (credentials, a header Node refused to send).
    if (this.kind === "client") return true;
    // Throttling is decided at the gateway, before the operation runs. A 503 means "not served".
    return this.isThrottled() || this.code === "ServiceUnavailable" || this.code === "ServiceUnAvailable";
  }
}

interface TeaErrorShape {
  code?: unknown;
  message?: unknown;
  statusCode?: unknown;
  data?: Record<string, unknown>;
}

/** httpx (openapi-client's HTTP layer) reports timeouts as RequestTimeoutError with the kind in the message. */
function timeoutCode(err: Error): string | undefined {
  if (err.name !== "RequestTimeoutError") return undefined;
  return String(err.message).startsWith("ConnectTimeout") ? "ConnectTimeout" : "ReadTimeout";
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Maps whatever openapi-client threw into an AlibabaApiError:
 * - API errors: tea's ResponseError with `code`, `statusCode` and `data` = the JSON error body;
 * - non-JSON error bodies (an HTML 502 from a proxy): a SyntaxError from JSON.parse;
 * - transport errors: Node errors with `code` (ECONNRESET, ...), or tea's timeout errors.
 */
export interface ErrorContext {
  retryAfterMs?: number;
  httpStatus?: number;
  /** The product called, for naming its endpoint setting. */
  product?: "imm" | "ice";
  /** Where the endpoint and key came from, for advice. */
  origin?: CallOrigin;
}

/** Node's own argument checks (`ERR_INVALID_CHAR` for a header with a line break, …): nothing was sent. */
const NODE_PRE_SEND = /^ERR_(?!STREAM|SOCKET|HTTP2_STREAM)[A-Z_]+$/;

export function toApiError(action: string, thrown: unknown, extra: ErrorContext = {}) {
  if (thrown instanceof AlibabaApiError) return thrown;
  const err = (thrown ?? {}) as TeaErrorShape & Error;
  const data = err.data;
  if (data && typeof data === "object" && (data.Code !== undefined || data.code !== undefined)) {
    const code = String(data.Code ?? data.code);
    return new AlibabaApiError({
      action,
      kind: "api",
      code,
      apiMessage: str(data.Message) ?? str(data.message) ?? "no message",
      requestId: str(data.RequestId) ?? str(data.requestId),
      httpStatus: typeof data.statusCode === "number" ? data.statusCode : extra.httpStatus,
      hostId: str(data.HostId),
      recommend: str(data.Recommend),
      retryAfterMs: extra.retryAfterMs,
      hint: credentialHint(code, extra.origin),
    });
  }
  if (err instanceof SyntaxError) {
    const status = extra.httpStatus;
    return new AlibabaApiError({
      action,
      // A non-JSON 5xx page (a proxy's 502) is a transient server failure; anything else is a bad answer.
      kind: status !== undefined && status >= 500 ? "api" : "response",
      code: status !== undefined && status >= 500 ? `HTTP${status}` : "InvalidResponse",
      apiMessage: `the service answered with a body that is not JSON (${err.message})`,
      httpStatus: status,
    });
  }
  if (thrown instanceof CredentialsUnavailableError) {
    return new AlibabaApiError({
      action,
      kind: "client",
      code: "CredentialsUnavailable",
      apiMessage: thrown.message,
    });
  }
  const product = extra.product ?? "imm";
  const code = timeoutCode(err) ?? str(err.code);
  if (code && NODE_PRE_SEND.test(code)) {
    return new AlibabaApiError({
      action,
      kind: "client",
      code,
      apiMessage: "Node refused to send the request",
      hint: preSendHint(product, str(err.message) ?? "", extra.origin),
    });
  }
  // Any other Node error code (E…, or ERR_… raised mid-conversation, HTTP2 ones included) is transport.
  if (code && (NOT_SENT_CODES.has(code) || AMBIGUOUS_CODES.has(code) || /^E[A-Z0-9_]+$/.test(code))) {
    return new AlibabaApiError({
      action,
      kind: "transport",
      code,
      apiMessage: describeTransport(code, err),
      ambiguous: !NOT_SENT_CODES.has(code),
      hint: transportHint(product, code, err, extra.origin),
      // Nothing runs at a refused loopback address (the emulator is not started): fail at once.
      final: code === "ECONNREFUSED" && isLoopback(str((err as { address?: unknown }).address)),
    });
  }
  // Anything else was raised on this side before or without a conversation with the service:
  // not worth repeating.
  return new AlibabaApiError({
    action,
    kind: "client",
    code: code ?? "ClientError",
    apiMessage: sanitizeNetworkText(str(err.message) ?? String(thrown)),
  });
}

/** A response that does not match the documented model, e.g. a required field missing. */
export function invalidResponse(action: string, detail: string, requestId?: string): AlibabaApiError {
  return new AlibabaApiError({
    action,
    kind: "response",
    code: "UnexpectedResponse",
    apiMessage: `the response does not match the documented shape: ${detail}`,
    requestId,
  });
}
