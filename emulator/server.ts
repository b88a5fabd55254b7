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
  serviceUnavailable,
  throttlingUser,
} from "./core/errors";
import { type Faults, FaultInjector } from "./core/faults";
import { Params } from "./core/params";
import { ProjectRateLimiter } from "./core/qps";
import type { HandlerContext, ServiceDefinition, WorldContext } from "./core/service";
import { Authenticator, type Credential } from "./core/signature";
import { Store } from "./core/store";
import { type Timings, timingsSchema } from "./core/timings";
import { handleAdmin } from "./admin";

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
  services: ServiceDefinition[];
}

export interface EmulatorStats {
  requests: Record<string, number>;
  errors: Record<string, number>;
  rejectedSignatures: number;
  injectedFaults: Record<string, number> & { total: number };
}

type Flat = Record<string, string>;

function flatten(parsed: ReturnType<typeof parseQuery>): Flat {
  const out: Flat = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? (value[value.length - 1] ?? "") : value;
  }
  return out;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class EmulatorServer {
  readonly store: Store;
  readonly faults: FaultInjector;
  private timings: Timings;
  private readonly authenticator: Authenticator;
  private readonly limiter = new ProjectRateLimiter();
  private readonly server: Server;
  private stats = EmulatorServer.emptyStats();

  constructor(private readonly config: EmulatorConfig) {
    this.store = new Store(config.stateFile);
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

  private static emptyStats(): Omit<EmulatorStats, "injectedFaults"> {
    return { requests: {}, errors: {}, rejectedSignatures: 0 };
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.config.port, this.config.host, () => {
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    this.store.persist();
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  getStats(): EmulatorStats {
    return {
      ...structuredClone(this.stats),
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
    this.store.persist();
    this.stats = EmulatorServer.emptyStats();
    this.faults.clear();
    this.faults.resetCounts();
    this.limiter.reset();
  }

  /** Applies every async transition that is due; also used by the admin resource dump. */
  advance(now = Date.now()): void {
    let due = this.store.takeDue(now);
    while (due.length > 0) {
      for (const event of due) {
        const [product] = event.kind.split(".");
        const service = this.config.services.find((s) => s.product === product);
        const transition = service?.transitions?.[event.kind];
        if (!transition) continue;
        transition(this.world(service!.product, event.dueAt, event.kind), event.payload);
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
    this.stats.errors[error.code] = (this.stats.errors[error.code] ?? 0) + 1;
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

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawUrl = request.url ?? "/";
    const questionMark = rawUrl.indexOf("?");
    const path = questionMark < 0 ? rawUrl : rawUrl.slice(0, questionMark);
    const rawQuery = questionMark < 0 ? "" : rawUrl.slice(questionMark + 1);
    const body = await readBody(request);

    if (path.startsWith("/__emulator/")) {
      const answer = handleAdmin(this, request.method ?? "GET", path, body);
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
        : {};
    const params = { ...queryParams, ...bodyParams };
    const action = (request.headers["x-acs-action"] as string | undefined) ?? params.Action;
    const version = (request.headers["x-acs-version"] as string | undefined) ?? params.Version;
    const service = this.config.services.find((s) => s.version === version);

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
    this.stats.requests[action] = (this.stats.requests[action] ?? 0) + 1;
    if (!service) {
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
    const handler = service.handlers[action];
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
      this.store.persist();
      this.sendError(
        response,
        error instanceof ApiError ? error : internalError(),
        service.product,
        hostId,
        id,
      );
      if (!(error instanceof ApiError)) console.error(`alicloud-media-emulator: ${action} crashed`, error);
      return;
    }
    this.store.persist();
    if (this.faults.strikes("lostResponse", action)) {
      // The write is committed; the client never learns whether it happened.
      request.socket.destroy();
      return;
    }
    this.send(response, 200, { RequestId: id, ...result });
  }
}
