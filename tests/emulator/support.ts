/**
 * Shared by the emulator tests: the project's own ApiClient pointed at an emulator, and a minimal request
 * signer written from the documented recipes (Alibaba Cloud OpenAPI: V3 request signature ACS3-HMAC-SHA256,
 * and the legacy RPC HMAC-SHA1 signature) so that tests can forge exactly the requests a real client could
 * not send: a stale date, a tampered byte, a replayed nonce. Each test first shows that an untouched signed
 * request is accepted, so a rejection can only come from the one thing the test changed.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { stringify } from "node:querystring";
import type { RunningEmulator } from "../../emulator";
import {
  AlibabaApiError,
  ApiClient,
  createOpenApi,
  type RetryEvent,
  type RetrySettings,
} from "../../provider/runtime";

export const KEY_ID = "emulator-access-key-id";
export const KEY_SECRET = "emulator-access-key-secret";
export const IMM_VERSION = "2020-09-30";

/** Fast backoff so retry tests take milliseconds; the policy (what is retried) is the real one. */
export const FAST_RETRY: RetrySettings = {
  maxAttempts: 5,
  initialDelayMs: 5,
  maxDelayMs: 50,
  maxElapsedMs: 20_000,
};
export const NO_RETRY: RetrySettings = {
  maxAttempts: 1,
  initialDelayMs: 1,
  maxDelayMs: 1,
  maxElapsedMs: 1_000,
};

export interface ClientOptions {
  retry?: RetrySettings;
  onRetry?: (action: string, event: RetryEvent) => void;
  readTimeoutMs?: number;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
}

export function immClient(emulator: Pick<RunningEmulator, "url">, options: ClientOptions = {}): ApiClient {
  return emulatorClient(emulator, "imm", options);
}

export function iceClient(emulator: Pick<RunningEmulator, "url">, options: ClientOptions = {}): ApiClient {
  return emulatorClient(emulator, "ice", options);
}

/** The project's own client of one product, pointed at the emulator with its default keys. */
export function emulatorClient(
  emulator: Pick<RunningEmulator, "url">,
  product: "imm" | "ice",
  options: ClientOptions = {},
): ApiClient {
  const url = new URL(emulator.url);
  const openapi = createOpenApi(
    { host: url.host, protocol: "http" },
    {
      accessKeyId: options.accessKeyId ?? KEY_ID,
      accessKeySecret: options.accessKeySecret ?? KEY_SECRET,
      ...(options.securityToken === undefined ? {} : { securityToken: options.securityToken }),
    },
  );
  return new ApiClient(openapi, product, {
    retry: options.retry ?? FAST_RETRY,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.readTimeoutMs === undefined ? {} : { readTimeoutMs: options.readTimeoutMs }),
  });
}

/** A raw HTTP request, exactly as it goes on the wire. */
export interface RawRequest {
  method: string;
  /** Path and query, e.g. `/?ProjectName=p`. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

export function send(emulator: Pick<RunningEmulator, "port">, raw: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: emulator.port, method: raw.method, path: raw.path, headers: raw.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) });
          } catch {
            reject(new Error(`not JSON (HTTP ${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on("error", reject);
    req.end(raw.body);
  });
}

/** encodeURIComponent plus `!'()*`, the percent-encoding both algorithms use. */
export function popEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `YYYY-MM-DDTHH:mm:ssZ`, as both algorithms send dates. */
export function wireDate(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

export interface SignInput {
  host: string;
  action: string;
  version?: string;
  query?: Record<string, string>;
  body?: Record<string, string>;
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** Epoch ms the client believes it is (default: now). */
  at?: number;
  /** The date text exactly as sent, overriding `at` (to test malformed dates). */
  dateText?: string;
  nonce?: string;
  method?: "GET" | "POST";
}

/**
 * ACS3-HMAC-SHA256 as @alicloud/openapi-client signs it by default (Alibaba Cloud OpenAPI: V3 request
 * signature).
 */
export function signAcs3(input: SignInput): RawRequest {
  const method = input.method ?? "POST";
  const query = input.query ?? {};
  const body = input.body ? stringify(input.body) : "";
  const headers: Record<string, string> = {
    host: input.host,
    "x-acs-action": input.action,
    "x-acs-version": input.version ?? IMM_VERSION,
    "x-acs-date": input.dateText ?? wireDate(input.at ?? Date.now()),
    "x-acs-signature-nonce": input.nonce ?? randomUUID(),
    "x-acs-content-sha256": createHash("sha256").update(body).digest("hex"),
    ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    ...(input.securityToken ? { "x-acs-security-token": input.securityToken } : {}),
  };
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((key) => `${key}=${popEncode(query[key] ?? "")}`)
    .join("&");
  const signed = Object.keys(headers).sort();
  const canonicalHeaders = signed.map((name) => `${name}:${(headers[name] ?? "").trim()}\n`).join("");
  const canonicalRequest = [
    method,
    "/",
    canonicalQuery,
    canonicalHeaders,
    signed.join(";"),
    headers["x-acs-content-sha256"],
  ].join("\n");
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
  const signature = createHmac("sha256", input.accessKeySecret ?? KEY_SECRET)
    .update(stringToSign)
    .digest("hex");
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${input.accessKeyId ?? KEY_ID},SignedHeaders=${signed.join(";")},Signature=${signature}`;
  if (body) headers["content-length"] = String(Buffer.byteLength(body));
  const qs = stringify(query);
  return { method, path: qs ? `/?${qs}` : "/", headers, body };
}

/** The legacy RPC HMAC-SHA1 signature: `Signature` over every query and body parameter. */
export function signRpc(input: SignInput & { signatureIn?: "query" | "body" }): RawRequest {
  const method = input.method ?? "POST";
  const common: Record<string, string> = {
    Action: input.action,
    Version: input.version ?? IMM_VERSION,
    Format: "JSON",
    Timestamp: input.dateText ?? wireDate(input.at ?? Date.now()),
    SignatureNonce: input.nonce ?? randomUUID(),
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    AccessKeyId: input.accessKeyId ?? KEY_ID,
    ...(input.securityToken ? { SecurityToken: input.securityToken } : {}),
  };
  const query = { ...common, ...input.query };
  const body = input.body ?? {};
  const all: Record<string, string> = { ...query, ...body };
  const canonicalized = Object.keys(all)
    .sort()
    .map((key) => `${popEncode(key)}=${popEncode(all[key] ?? "")}`)
    .join("&");
  const stringToSign = `${method}&${popEncode("/")}&${popEncode(canonicalized)}`;
  const signature = createHmac("sha1", `${input.accessKeySecret ?? KEY_SECRET}&`)
    .update(stringToSign)
    .digest("base64");
  const inBody = input.signatureIn === "body";
  const finalQuery = inBody ? query : { ...query, Signature: signature };
  const finalBody = inBody ? { ...body, Signature: signature } : body;
  const bodyText = Object.keys(finalBody).length > 0 ? stringify(finalBody) : "";
  return {
    method,
    path: `/?${stringify(finalQuery)}`,
    headers: {
      host: input.host,
      ...(bodyText
        ? {
            "content-type": "application/x-www-form-urlencoded",
            "content-length": String(Buffer.byteLength(bodyText)),
          }
        : {}),
    },
    body: bodyText,
  };
}

/** The documented POP error body: RequestId, HostId, Code, Message, Recommend. */
export function expectErrorBody(response: RawResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.json.Code }).toEqual({ status, code });
  expect(response.json).toEqual({
    RequestId: expect.stringMatching(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/),
    HostId: expect.any(String),
    Code: code,
    Message: expect.any(String),
    Recommend: expect.stringContaining(encodeURIComponent(code)),
  });
}

/** Captures an ApiClient rejection for assertions on its fields. */
/** The API error a call failed with; fails the test if it succeeded or failed otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<AlibabaApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) throw new Error("expected the call to fail, but it succeeded");
  expect(error).toBeInstanceOf(AlibabaApiError);
  return error as AlibabaApiError;
}
