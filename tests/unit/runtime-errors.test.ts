/**
 * How a failed call is classified (provider/runtime/errors.ts): the classification decides whether a
 * call is repeated, whether a non-idempotent create may be repeated, and what `pulumi up` prints.
 * Each case gives openapi-client's or Node's raw failure and checks what the provider will do with it.
 */
import {
  AlibabaApiError,
  invalidResponse,
  isTransientServiceCode,
  toApiError,
  type ApiErrorFields,
} from "../../provider/runtime/errors";
import { CredentialsUnavailableError } from "../../provider/runtime/credentials";
import { redact, registerSecret } from "../../provider/runtime/redact";

const apiError = (code: string, extra: Partial<ApiErrorFields> = {}) =>
  new AlibabaApiError({ action: "GetProject", kind: "api", code, apiMessage: "m", ...extra });

/** tea's ResponseError: the JSON error body in `data`. */
const teaError = (data: Record<string, unknown>) => Object.assign(new Error("tea"), { data });
const nodeError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${code} boom`), { code, ...extra });

describe("what an API error code means", () => {
  it.each([
    ["ResourceNotFound", true],
    ["ProjectNotFound", true],
    ["InvalidProject.NotFound", true],
    ["NotFound", true],
    ["ResourceNotFoundX", false],
    ["Forbidden", false],
  ])("%s is not-found: %s", (code, expected) => {
    expect(apiError(code).isNotFound()).toBe(expected);
    // Only an answer of the service says not-found; a transport code of that name does not.
    expect(apiError(code, { kind: "transport" }).isNotFound()).toBe(false);
  });

  it.each([
    ["ResourceAlreadyExists", true],
    ["AlreadyExists", true],
    ["Resource.AlreadyExists", false],
  ])("%s is already-exists: %s", (code, expected) => {
    expect(apiError(code).isAlreadyExists()).toBe(expected);
    expect(apiError(code, { kind: "response" }).isAlreadyExists()).toBe(false);
  });

  it.each([
    ["Throttling", true],
    ["Throttling.User", true],
    ["Throttling.Api", true],
    ["Throttling.Anything", true],
    ["RequestsTooFrequent", true],
    ["ThrottlingX", false],
    ["User.Throttling", false],
    ["Forbidden.Throttling", false],
  ])("%s is throttling: %s", (code, expected) => {
    const error = apiError(code);
    expect(error.isThrottled()).toBe(expected);
    expect(error.isRetryable()).toBe(expected);
    // Throttling is decided before the operation runs: a throttled create may be sent again.
    expect(error.provablyNotExecuted()).toBe(expected);
    expect(apiError(code, { kind: "client" }).isThrottled()).toBe(false);
  });

  it.each([
    "ServiceUnavailable",
    "ServiceUnAvailable",
    "ServiceBusy",
    "InternalError",
    "InternalServerError",
    "Unknown",
  ])("%s is the service's own passing failure: retried", (code) => {
    const error = apiError(code);
    expect(error.isServerError()).toBe(true);
    expect(error.isRetryable()).toBe(true);
  });

  it("only unavailability (not an internal error) proves the operation did not run", () => {
    expect(apiError("ServiceUnavailable").provablyNotExecuted()).toBe(true);
    expect(apiError("ServiceUnAvailable").provablyNotExecuted()).toBe(true);
    expect(apiError("InternalError").provablyNotExecuted()).toBe(false);
    expect(apiError("ServiceBusy").provablyNotExecuted()).toBe(false);
    expect(apiError("InvalidParameter").provablyNotExecuted()).toBe(false);
  });

  it.each([
    [500, true],
    [502, true],
    [503, true],
    [499, false],
    [400, false],
    [undefined, false],
  ])("an unknown code with HTTP %s is a server error: %s", (httpStatus, expected) => {
    const error = apiError("SomethingOdd", { httpStatus });
    expect(error.isServerError()).toBe(expected);
    expect(error.isRetryable()).toBe(expected);
    expect(apiError("SomethingOdd", { httpStatus, kind: "response" }).isServerError()).toBe(false);
  });

  it("bad input and permission errors are never retried", () => {
    for (const code of ["InvalidParameter", "Forbidden.NoPermission", "InvalidAccessKeyId.NotFound"]) {
      expect(apiError(code, { httpStatus: 400 }).isRetryable()).toBe(false);
    }
  });
});

describe("openapi-client's failures, mapped", () => {
  it("an API error body: code, message, request id, host, recommendation and status", () => {
    const error = toApiError(
      "CreateProject",
      teaError({
        Code: "InvalidParameter",
        Message: "bad name",
        RequestId: "REQ-1",
        HostId: "imm.example",
        Recommend: "https://help",
        statusCode: 400,
      }),
      { retryAfterMs: 1500, httpStatus: 418 },
    );
    expect(error).toMatchObject({
      action: "CreateProject",
      kind: "api",
      code: "InvalidParameter",
      apiMessage: "bad name",
      requestId: "REQ-1",
      hostId: "imm.example",
      recommend: "https://help",
      httpStatus: 400,
      retryAfterMs: 1500,
      ambiguous: false,
    });
    expect(error.message).toBe("CreateProject failed: InvalidParameter: bad name (request id REQ-1)");
  });

  it("lower-case keys (ICE's spelling) and a missing message; the status falls back to the HTTP answer's", () => {
    const error = toApiError("GetTemplate", teaError({ code: "NotFound", requestId: "r2" }), {
      httpStatus: 404,
    });
    expect(error).toMatchObject({ kind: "api", code: "NotFound", apiMessage: "no message", requestId: "r2" });
    expect(error.httpStatus).toBe(404);
    expect(error.isNotFound()).toBe(true);
  });

  it("a body without a code is not an API error", () => {
    const error = toApiError("GetProject", teaError({ Message: "odd" }));
    expect(error.kind).toBe("client");
  });

  it("without a request id the message names the HTTP status, and without either nothing", () => {
    expect(apiError("X", { httpStatus: 502 }).message).toBe("GetProject failed: X: m (HTTP 502)");
    expect(apiError("X").message).toBe("GetProject failed: X: m");
  });

  it("a hint is appended as a sentence", () => {
    expect(apiError("X", { hint: "set alicloud-media:region" }).message).toBe(
      "GetProject failed: X: m. set alicloud-media:region.",
    );
  });

  it("a non-JSON 5xx page is a transient server failure; a non-JSON 2xx or 4xx is a bad answer", () => {
    const page = toApiError("GetProject", new SyntaxError("Unexpected token <"), { httpStatus: 502 });
    expect(page).toMatchObject({ kind: "api", code: "HTTP502", httpStatus: 502 });
    expect(page.isRetryable()).toBe(true);
    expect(page.apiMessage).toContain("not JSON (Unexpected token <)");
    const at500 = toApiError("GetProject", new SyntaxError("x"), { httpStatus: 500 });
    expect(at500).toMatchObject({ kind: "api", code: "HTTP500" });
    for (const httpStatus of [200, 499, undefined]) {
      const bad = toApiError("GetProject", new SyntaxError("x"), { httpStatus });
      expect(bad).toMatchObject({ kind: "response", code: "InvalidResponse" });
      expect(bad.isRetryable()).toBe(false);
    }
  });

  it("missing credentials are a client error that certainly sent nothing", () => {
    const error = toApiError("GetProject", new CredentialsUnavailableError("no key anywhere"));
    expect(error).toMatchObject({
      kind: "client",
      code: "CredentialsUnavailable",
      apiMessage: "no key anywhere",
    });
    expect(error.provablyNotExecuted()).toBe(true);
    expect(error.isRetryable()).toBe(false);
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])(
    "%s: the request never left, so it is retried and proves nothing ran",
    (code) => {
      const error = toApiError("CreateBatch", nodeError(code, { address: "203.0.113.5" }));
      expect(error).toMatchObject({ kind: "transport", code, ambiguous: false });
      expect(error.isRetryable()).toBe(true);
      expect(error.provablyNotExecuted()).toBe(true);
      expect(error.message).toContain(`network error ${code}`);
    },
  );

  it.each(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ESOCKETTIMEDOUT", "UND_ERR_SOCKET", "EUNKNOWNTHING"])(
    "%s: the service may have acted (ambiguous), so only idempotent calls repeat it",
    (code) => {
      const error = toApiError("CreateBatch", nodeError(code));
      expect(error).toMatchObject({ kind: "transport", code, ambiguous: true });
      expect(error.isRetryable()).toBe(true);
      expect(error.provablyNotExecuted()).toBe(false);
    },
  );

  it("a refused loopback endpoint (the emulator is not running) fails at once", () => {
    for (const address of ["127.0.0.1", "::1", "localhost"]) {
      const error = toApiError("GetProject", nodeError("ECONNREFUSED", { address }));
      expect(error.isRetryable()).toBe(false);
      expect(error.provablyNotExecuted()).toBe(true);
    }
    expect(toApiError("GetProject", nodeError("ECONNRESET", { address: "127.0.0.1" })).isRetryable()).toBe(
      true,
    );
  });

  it("httpx time-outs: a connect time-out sent nothing, a read time-out is ambiguous", () => {
    const timeout = (message: string) => Object.assign(new Error(message), { name: "RequestTimeoutError" });
    const connect = toApiError("GetProject", timeout("ConnectTimeout(3000ms)"));
    expect(connect).toMatchObject({ kind: "transport", code: "ConnectTimeout", ambiguous: false });
    const read = toApiError("GetProject", timeout("ReadTimeout(10000ms)"));
    expect(read).toMatchObject({ kind: "transport", code: "ReadTimeout", ambiguous: true });
    // The same text from another error type is not a time-out.
    expect(toApiError("GetProject", new Error("ConnectTimeout")).kind).toBe("client");
  });

  it("Node refusing to send (a header with a line break) is a client error that sent nothing", () => {
    const error = toApiError("GetProject", nodeError("ERR_INVALID_CHAR"), { product: "ice" });
    expect(error).toMatchObject({ kind: "client", code: "ERR_INVALID_CHAR" });
    expect(error.apiMessage).toBe("Node refused to send the request");
    expect(error.hint).toBeDefined();
    expect(error.provablyNotExecuted()).toBe(true);
    expect(error.isRetryable()).toBe(false);
    // Stream and socket errors happen during the conversation: not pre-send.
    for (const code of ["ERR_STREAM_PREMATURE_CLOSE", "ERR_SOCKET_CLOSED", "ERR_HTTP2_STREAM_ERROR"]) {
      expect(toApiError("GetProject", nodeError(code)).kind).not.toBe("client");
    }
  });

  it("anything else is a client error, named by its code or ClientError, never retried", () => {
    const coded = toApiError("GetProject", nodeError("weird_code"));
    expect(coded).toMatchObject({ kind: "client", code: "weird_code" });
    const plain = toApiError("GetProject", new TypeError("x is not a function"));
    expect(plain).toMatchObject({ kind: "client", code: "ClientError", apiMessage: "x is not a function" });
    expect(plain.isRetryable()).toBe(false);
    expect(toApiError("GetProject", undefined)).toMatchObject({ kind: "client", code: "ClientError" });
  });

  it("an AlibabaApiError passes through unchanged", () => {
    const original = apiError("Throttling");
    expect(toApiError("Other", original)).toBe(original);
  });

  it("an unexpected response names the action and what did not match", () => {
    const error = invalidResponse("GetBatch", "Batch.Id missing", "r9");
    expect(error).toMatchObject({ kind: "response", code: "UnexpectedResponse", requestId: "r9" });
    expect(error.message).toBe(
      "GetBatch failed: UnexpectedResponse: the response does not match the documented shape: Batch.Id missing (request id r9)",
    );
    expect(error.isRetryable()).toBe(false);
  });
});

describe("what an error carries", () => {
  it("is named AlibabaApiError, has no hint unless given, and scrubs credentials from the hint", () => {
    const plain = apiError("X");
    expect(plain.name).toBe("AlibabaApiError");
    expect(plain.hint).toBeUndefined();
    const credential = "LTAIerrorsHintSecret0001";
    registerSecret(credential);
    const hinted = apiError("X", { hint: `key ${credential} was refused` });
    expect(hinted.hint).toBe(redact(`key ${credential} was refused`));
    expect(hinted.hint).not.toContain(credential);
    expect(hinted.message).not.toContain(credential);
  });

  it("empty texts in an error body count as absent", () => {
    const error = toApiError("GetProject", teaError({ Code: "X", Message: "", message: "", RequestId: "" }));
    expect(error.apiMessage).toBe("no message");
    expect(error.requestId).toBeUndefined();
    expect(error.message).toBe("GetProject failed: X: no message");
  });

  it("a body that is not an object, or a status that is not a number, is not trusted", () => {
    expect(toApiError("GetProject", Object.assign(new Error("m"), { data: "Code" })).kind).toBe("client");
    const error = toApiError("GetProject", teaError({ Code: "X", statusCode: "503" }), { httpStatus: 404 });
    expect(error.httpStatus).toBe(404);
    expect(error.isServerError()).toBe(false);
  });
});

describe("edges of the classification", () => {
  it("any Throttling.* code is the service's passing trouble, even one not listed", () => {
    expect(isTransientServiceCode("Throttling.Custom")).toBe(true);
    expect(isTransientServiceCode("Throttling")).toBe(true);
    expect(isTransientServiceCode("User.Throttling")).toBe(false);
    expect(isTransientServiceCode("InternalError")).toBe(true);
    expect(isTransientServiceCode("InvalidParameter")).toBe(false);
  });

  it("only a whole Node error code is a transport error", () => {
    expect(toApiError("GetProject", nodeError("xEFOO")).kind).toBe("client");
    expect(toApiError("GetProject", nodeError("EFOO-bar")).kind).toBe("client");
    expect(toApiError("GetProject", nodeError("EFOO")).kind).toBe("transport");
  });
});
