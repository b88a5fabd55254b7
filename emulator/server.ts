/**
 * The HTTP front of the emulator: one port for IMM and ICE and the admin endpoints. A request goes
 * through the same stages as at the real gateway: parse (query + form body), authenticate, route by
 * action and version, injected faults, per-project rate limit, then the product handler. Due async
 * transitions are applied before every request, so state always reflects the current time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";
import { requestId } from "./core/clock";
import {
  ApiError,
  type ErrorStyle,
  type Product,
  internalError,
  persistFailed,
  serviceUnavailable,
  throttlingUser,
} from "./core/errors";
import { type Faults, FaultInjector } from "./core/faults";
import { flatten, merge, readBody } from "./core/http";
import { MAX_REQUEST_BYTES } from "./core/limits";
import { Params } from "./core/params";
import { ProjectRateLimiter } from "./core/qps";
import {
  type HandlerContext,
  type Route,
  route,
  type ServiceDefinition,
  type WorldContext,
} from "./core/service";
import { Authenticator, type Credential } from "./core/signature";
import { Store } from "./core/store";
import { type Timings, timingsSchema } from "./core/timings";
import { adminRefusal, handleAdmin } from "./admin";

export interface EmulatorConfig {
  host: string;
  port: number;
  credentials: Credential[];
  timings: Timings;
  faults: Faults;
  notFoundStatus: number;
  /** Overrides every project's ProjectQueriesPerSecond; `false` turns the per-project limit off. */
  projectQps?: number | false;
  stateFile?: string;
  /** Required on every admin request when set (`Authorization: Bearer <token>`). */
  adminToken?: string;
  services: ServiceDefinition[];
}

export interface EmulatorStats {
  requests: Record<string, number>;
  errors: Record<string, number>;
  rejectedSignatures: number;
  injectedFaults: Record<string, number> & { total: number };
}

/** How long the rest of a too-large body is drained before the connection is cut. */
const DRAIN_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

export class EmulatorServer {
  readonly store: Store;
  readonly faults: FaultInjector;
  private timings: Timings;
  private readonly authenticator: Authenticator;
  private readonly limiter = new ProjectRateLimiter();
  private readonly server: Server;
  private stats = EmulatorServer.emptyStats();
  private readonly routes: Route[];

  constructor(private readonly config: EmulatorConfig) {
    this.store = new Store(config.stateFile);
    this.store.probe();
    this.routes = config.services.map(route);
    this.faults = new FaultInjector();
    this.faults.set(config.faults);
    this.timings = { ...config.timings, ...timingsSchema.parse(config.timings) };
    this.authenticator = new Authenticator(config.credentials);
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        // A bug in the emulator still answers in the documented error shape, never an HTML page.
        console.error("alicloud-media-emulator: request failed", error);
        if (!response.headersSent) {
          this.sendError(
            response,
            internalError(),
            undefined,
            request.headers.host ?? "localhost",
            requestId(),
          );
        }
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  private static emptyStats() {
    return { requests: new Map<string, number>(), errors: new Map<string, number>(), rejectedSignatures: 0 };
  }

  get adminToken(): string | undefined {
    return this.config.adminToken;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.config.port, this.config.host, () => {
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops serving and saves the state; never rejects (see Store.saveOnExit for where state goes). */
  close(): Promise<{ file?: string; error?: string }> {
    const saved = this.store.saveOnExit();
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve(saved));
    });
  }

  getStats(): EmulatorStats {
    return {
      requests: Object.fromEntries(this.stats.requests),
      errors: Object.fromEntries(this.stats.errors),
      rejectedSignatures: this.stats.rejectedSignatures,
      injectedFaults: { ...this.faults.counts, total: this.faults.total() },
    };
  }

  setTimings(update: Partial<Timings>): Timings {
    this.timings = { ...this.timings, ...timingsSchema.parse(update) };
    return { ...this.timings };
  }

  getTimings(): Timings {
    return { ...this.timings };
  }

  reset(): void {
    this.store.reset();
    this.store.commit();
    this.stats = EmulatorServer.emptyStats();
    this.faults.clear();
    this.faults.resetCounts();
    this.limiter.reset();
  }

  /** Every resource table as JSON, at the current time. */
  resources(): Record<string, Record<string, unknown>> {
    this.advance();
    this.commit();
    return this.store.snapshot().tables;
  }

  /** Applies every async transition that is due. */
  advance(now = Date.now()): void {
    let due = this.store.takeDue(now);
    while (due.length > 0) {
      for (const event of due) {
        const [product] = event.kind.split(".");
        const found = this.routes.find((r) => r.service.product === product);
        const transition = found?.transitions.get(event.kind);
        if (!found || !transition) continue;
        transition(this.world(found.service.product, event.dueAt, event.kind), event.payload);
      }
      // A transition may schedule follow-ups that are already due (zero timings).
      due = this.store.takeDue(now);
    }
  }

  private world(product: Product, now: number, action: string): WorldContext {
    const style: ErrorStyle = { product, notFoundStatus: this.config.notFoundStatus };
    return {
      store: this.store,
      now,
      timings: this.timings,
      style,
      schedule: (delayMs, kind, payload) => this.store.schedule(now + delayMs, kind, payload),
      taskFails: (taskAction) => this.faults.strikes("taskFailure", taskAction || action),
      random: Math.random,
    };
  }

  private send(
    response: ServerResponse,
    status: number,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/json;charset=utf-8",
      "content-length": Buffer.byteLength(text),
      ...(typeof body.RequestId === "string" ? { "x-acs-request-id": body.RequestId } : {}),
      ...headers,
    });
    response.end(text);
  }

  private sendError(
    response: ServerResponse,
    error: ApiError,
    product: Product | undefined,
    hostId: string,
    id: string,
  ) {
    count(this.stats.errors, error.code);
    this.send(
      response,
      error.status,
      {
        RequestId: id,
        HostId: hostId,
        Code: error.code,
        Message: error.message,
        Recommend: `https://next.api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${(product ?? "imm").toUpperCase()}`,
      },
      error.headers,
    );
  }

  /** Saves the request's changes; false when they could not be saved and were undone. */
  private commit(): boolean {
    try {
      this.store.commit();
      return true;
    } catch (error) {
      console.error(`alicloud-media-emulator: cannot save the state file: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * 413 without buffering the rest of the body. The rest is read and discarded (Node drains an
   * unread body before the next request on the connection) for up to DRAIN_MS, so that a client
   * still sending reads the answer instead of a reset connection; then the connection is cut.
   */
  private refuseTooLarge(request: IncomingMessage, response: ServerResponse): void {
    const error = new ApiError(
      413,
      "RequestEntityTooLarge",
      `The request body exceeds the emulator's limit of ${MAX_REQUEST_BYTES} bytes.`,
    );
    this.sendError(response, error, undefined, request.headers.host ?? "localhost", requestId());
    const cut = setTimeout(() => request.socket.destroy(), DRAIN_MS);
    cut.unref();
    request.once("end", () => clearTimeout(cut));
    request.socket.once("close", () => clearTimeout(cut));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawUrl = request.url ?? "/";
    const questionMark = rawUrl.indexOf("?");
    const path = questionMark < 0 ? rawUrl : rawUrl.slice(0, questionMark);
    const rawQuery = questionMark < 0 ? "" : rawUrl.slice(questionMark + 1);
    const body = await readBody(request);
    if (body === "too large") {
      this.refuseTooLarge(request, response);
      return;
    }

    if (path.startsWith("/__emulator/")) {
      const answer = adminRefusal(this, request) ?? handleAdmin(this, request.method ?? "GET", path, body);
      this.send(response, answer.status, answer.body);
      return;
    }

    const id = requestId();
    const hostId = request.headers.host ?? "localhost";
    const queryParams = flatten(parseQuery(rawQuery));
    const contentType = request.headers["content-type"] ?? "";
    const bodyParams =
      body.length > 0 && contentType.startsWith("application/x-www-form-urlencoded")
        ? flatten(parseQuery(body.toString("utf8")))
        : flatten({});
    const params = merge(queryParams, bodyParams);
    const action = (request.headers["x-acs-action"] as string | undefined) ?? params.Action;
    const version = (request.headers["x-acs-version"] as string | undefined) ?? params.Version;
    const found = this.routes.find((r) => r.service.version === version);
    const service = found?.service;

    if (request.method !== "POST" && request.method !== "GET") {
      this.sendError(
        response,
        new ApiError(400, "UnsupportedHTTPMethod", `HTTP method ${request.method} is not supported.`),
        service?.product,
        hostId,
        id,
      );
      return;
    }
    try {
      this.authenticator.verify(
        { method: request.method, path, rawQuery, headers: request.headers, body, params, bodyParams },
        Date.now(),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.stats.rejectedSignatures++;
      this.sendError(response, error, service?.product, hostId, id);
      return;
    }
    if (!action) {
      this.sendError(
        response,
        new ApiError(400, "MissingAction", "Action is mandatory for this request."),
        service?.product,
        hostId,
        id,
      );
      return;
    }
    count(this.stats.requests, action);
    if (!found || !service) {
      this.sendError(
        response,
        new ApiError(
          400,
          "InvalidVersion",
          `Specified parameter Version is not valid: ${version ?? "(missing)"}.`,
        ),
        undefined,
        hostId,
        id,
      );
      return;
    }
    const handler = found.handlers.get(action);
    if (!handler) {
      this.sendError(
        response,
        new ApiError(
          404,
          "InvalidApi.NotFound",
          "Specified api is not found, please check your url and method.",
        ),
        service.product,
        hostId,
        id,
      );
      return;
    }

    const latency = this.faults.latencyFor(action);
    if (latency > 0) await sleep(latency);
    if (this.faults.strikes("throttle", action)) {
      this.sendError(response, throttlingUser(100), service.product, hostId, id);
      return;
    }
    if (this.faults.strikes("serverError", action)) {
      this.sendError(response, serviceUnavailable(service.product), service.product, hostId, id);
      return;
    }

    // Taken after the injected latency: the request "arrives" at the handler now.
    const now = Date.now();
    this.advance(now);
    const style: ErrorStyle = { product: service.product, notFoundStatus: this.config.notFoundStatus };
    const ctx: HandlerContext = {
      ...this.world(service.product, now, action),
      action,
      params: new Params(params, style),
    };
    let result: Record<string, unknown>;
    try {
      const rate = this.config.projectQps === false ? undefined : service.rateLimit?.(ctx);
      if (rate) {
        const limit = typeof this.config.projectQps === "number" ? this.config.projectQps : rate.limit;
        const wait = this.limiter.admit(rate.bucket, limit, now);
        if (wait > 0) throw throttlingUser(wait);
      }
      result = handler(ctx);
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(`alicloud-media-emulator: ${action} crashed`, error);
      const answer = this.commit() ? error : persistFailed(service.product);
      this.sendError(
        response,
        answer instanceof ApiError ? answer : internalError(),
        service.product,
        hostId,
        id,
      );
      return;
    }
    if (!this.commit()) {
      this.sendError(response, persistFailed(service.product), service.product, hostId, id);
      return;
    }
    if (this.faults.strikes("lostResponse", action)) {
      // The write is committed; the client never learns whether it happened.
      request.socket.destroy();
      return;
    }
    this.send(response, 200, { RequestId: id, ...result });
  }
}
