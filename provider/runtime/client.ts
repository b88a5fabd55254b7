/**
 * ApiClient: one product's typed client on top of the generic @alicloud/openapi-client (the runtime
 * the official product SDKs are generated on; the product SDKs themselves are not installable here).
 * Each call: encode per the operation table → wait for the process-wide limiter → signed HTTP call
 * (ACS3-HMAC-SHA256) → map errors → retry per policy → validate the response with the operation's
 * zod model.
 */
import OpenApi, * as $OpenApi from "@alicloud/openapi-client";
import * as $Util from "@alicloud/tea-util";
import type { Operation, RequestOf, ResponseOf } from "../operations/define";
import { encodeRequest } from "./encode";
import { invalidResponse, toApiError } from "./errors";
import type { CallOrigin } from "./explain";
import { limited } from "./rate-limit";
import { retryAfterMs, withResponseMeta, type ResponseMeta } from "./response-meta";
import { DEFAULT_RETRY_SETTINGS, withRetry, type RetryEvent, type RetrySettings } from "./retry";
import type { Endpoint } from "./settings";

export interface ApiClientOptions {
  retry?: RetrySettings;
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
  onRetry?: (action: string, event: RetryEvent) => void;
}

function formatIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join(".") || "(body)"}: ${issue.message}`)
    .join("; ");
}

export class ApiClient {
  constructor(
    private readonly openapi: OpenApi,
    readonly product: "imm" | "ice",
    private readonly options: ApiClientOptions = {},
    /** Where the endpoint and key came from, so that errors can name the setting to change. */
    private readonly origin?: CallOrigin,
  ) {}

  async call<O extends Operation>(op: O, params: RequestOf<O>): Promise<ResponseOf<O>> {
    if (op.product !== this.product)
      throw new Error(`${op.action} is an ${op.product} operation, not ${this.product}`);
    const encoded = encodeRequest(op, params);
    const projectKey = (params as { ProjectName?: unknown }).ProjectName;
    const limiterKey = `${this.product}:${typeof projectKey === "string" ? projectKey : ""}`;
    const apiParams = new $OpenApi.Params({
      action: op.action,
      version: op.version,
      protocol: "HTTPS", // overridden by config.protocol for plain-HTTP endpoints such as the emulator
      pathname: "/",
      method: op.method ?? "POST",
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    });
    const readTimeout = this.options.readTimeoutMs ?? 30_000;
    const connectTimeout = this.options.connectTimeoutMs ?? 10_000;
    // httpx's read timer spans the whole exchange; ours fires a little later, only when it failed.
    const deadlineMs = readTimeout + DEADLINE_GRACE_MS;
    const runtime = new $Util.RuntimeOptions({
      autoretry: false, // retries are ours (retry.ts)
      readTimeout,
      connectTimeout,
    });

    // Whether an earlier attempt of this call may have been executed although it failed.
    let earlierAmbiguous = false;
    const attempt = async (): Promise<unknown> => {
      const meta: ResponseMeta = {};
      try {
        const request = new $OpenApi.OpenApiRequest({
          query: encoded.query,
          body: Object.keys(encoded.body).length > 0 ? encoded.body : undefined,
        });
        const response = await withResponseMeta(
          () => withDeadline(this.openapi.callApi(apiParams, request, runtime), deadlineMs, op.action),
          meta,
        );
        return (response as { body?: unknown }).body;
      } catch (thrown) {
        const error = toApiError(op.action, thrown, {
          retryAfterMs: retryAfterMs(meta),
          httpStatus: meta.statusCode,
          product: this.product,
          origin: this.origin,
        });
        if (earlierAmbiguous && error.isAlreadyExists()) error.afterAmbiguousAttempt = true;
        if (error.isRetryable() && !error.provablyNotExecuted()) earlierAmbiguous = true;
        throw error;
      }
    };

    const body = await withRetry(
      op.idempotency,
      () => limited(limiterKey, attempt, `${op.product}:${op.action}`),
      this.options.retry ?? DEFAULT_RETRY_SETTINGS,
      this.options.onRetry && ((event) => this.options.onRetry?.(op.action, event)),
    );
    const parsed = op.response.safeParse(body);
    if (!parsed.success) {
      const requestId = (body as { RequestId?: unknown } | undefined)?.RequestId;
      throw invalidResponse(
        op.action,
        formatIssues(parsed.error.issues),
        typeof requestId === "string" ? requestId : undefined,
      );
    }
    return parsed.data as ResponseOf<O>;
  }
}

/**
 * Our own bound on a call, on top of the HTTP layer's read timeout: httpx arms a read timer per
 * request, but openapi-client reads bodies through tea-util, which never clears it, so the leftover
 * timer of one call cancels the timer of the next call on the same keep-alive connection, leaving
 * that call bounded only by the socket's idle timeout (connectTimeout), which a slow, trickling answer
 * never trips. Reported as httpx reports its own (a RequestTimeoutError),
 * so the retry policy treats it the same: ambiguous, repeated only where the operation allows.
 */
const DEADLINE_GRACE_MS = 1_000;

function withDeadline<T>(call: Promise<T>, ms: number, action: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`ReadTimeout(${ms}). ${action} got no answer in time.`);
      error.name = "RequestTimeoutError";
      reject(error);
    }, ms);
  });
  return Promise.race([call, expired]).finally(() => clearTimeout(timer));
}

export interface OpenApiCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * Builds the openapi-client for an endpoint. `credential` is either a static key pair or an
 * @alicloud/credentials Credential (the default chain).
 */
export function createOpenApi(
  endpoint: Endpoint,
  credential: OpenApiCredentials | { credential: unknown },
  regionId?: string,
): OpenApi {
  const config = new $OpenApi.Config({
    endpoint: endpoint.host,
    protocol: endpoint.protocol,
    regionId,
    ...("credential" in credential ? { credential: credential.credential } : credential),
  });
  return new OpenApi(config);
}
