/**
 * The HTTP front of the emulator: one port for IMM and ICE and the admin endpoints. A request goes
 * through the same stages as at the real gateway, one method each: receive (the body within its cap),
 * parse (query + form body), check the method, authenticate, route by action and version, injected
 * faults, then invoke (per-project rate limit, the product handler, saving the state). Every stage
 * answers a failure by throwing ApiError; `handle` catches once and writes the error body. Due async
 * transitions are applied before every handler, so state always reflects the current time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { adminRefusal, handleAdmin } from "./admin";
import { requestId } from "./core/clock";
import type { EmulatorControl, EmulatorStats } from "./core/control";
import {
  ApiError,
  type ErrorStyle,
  internalError,
  persistFailed,
  type Product,
  serviceUnavailable,
  throttlingUser,
} from "./core/errors";
import { type Faults, FaultInjector } from "./core/faults";
import { type ApiCall, parseCall, readBody, splitUrl } from "./core/http";
import { MAX_REQUEST_BYTES } from "./core/limits";
import { Params } from "./core/params";
import { ProjectRateLimiter } from "./core/qps";
import { send, sendError } from "./core/respond";
import {
  type Handler,
  type HandlerContext,
  type Route,
  route,
  type ServiceDefinition,
  type WorldContext,
} from "./core/service";
import { Authenticator, type Credential } from "./core/signature";
import { Store } from "./core/store";
import { type Timings, timingsSchema } from "./core/timings";

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

/** Who a request is answered as: its id, the Host it reached, and its product once known. */
interface Exchange {
  id: string;
  hostId: string;
  product?: Product;
}

/** How long the rest of a too-large body is drained before the connection is cut. */
const DRAIN_MS = 2_000;

// An injected latency must not keep the process alive once the server is closed (the listening
// socket does while it is open): a test process would otherwise wait out every held request.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

export class EmulatorServer implements EmulatorControl {
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
      // `handle` answers every failure itself; this only reports an answer that could not be written.
      this.handle(request, response).catch((error: unknown) => {
        console.error("alicloud-media-emulator: cannot answer a request", error);
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
    return {
      store: this.store,
      now,
      timings: this.timings,
      style: this.style(product),
      schedule: (delayMs, kind, payload) => this.store.schedule(now + delayMs, kind, payload),
      taskFails: (taskAction) => this.faults.strikes("taskFailure", taskAction || action),
      random: Math.random,
    };
  }

  private style(product: Product): ErrorStyle {
    return { product, notFoundStatus: this.config.notFoundStatus };
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

  /** The pipeline: each stage throws ApiError, caught here once. */
  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const exchange: Exchange = { id: requestId(), hostId: request.headers.host ?? "localhost" };
    try {
      const body = await this.receive(request);
      const { path } = splitUrl(request.url);
      if (path.startsWith("/__emulator/")) {
        const answer = adminRefusal(this, request) ?? handleAdmin(this, request.method ?? "GET", path, body);
        send(response, answer.status, answer.body);
        return;
      }
      const call = parseCall(request, body);
      const found = this.routes.find((r) => r.service.version === call.version);
      if (found) exchange.product = found.service.product;
      this.checkMethod(call);
      this.authenticate(call);
      const { action, handler, service } = this.resolve(call, found);
      await this.injectFaults(action, service.product);
      const result = this.invoke(service, handler, action, call.params);
      if (this.faults.strikes("lostResponse", action)) {
        // The write is committed; the client never learns whether it happened.
        request.socket.destroy();
        return;
      }
      send(response, 200, { RequestId: exchange.id, ...result });
    } catch (error) {
      this.fail(response, error, exchange);
    }
  }

  /** Every failure, in the documented error shape; a bug in the emulator answers InternalError. */
  private fail(response: ServerResponse, error: unknown, exchange: Exchange): void {
    if (!(error instanceof ApiError)) console.error("alicloud-media-emulator: request failed", error);
    const answer = error instanceof ApiError ? error : internalError();
    if (response.headersSent) return;
    count(this.stats.errors, answer.code);
    sendError(response, answer, exchange);
  }

  /**
   * The body, or 413 without buffering the rest of it. The rest is read and discarded (Node drains
   * an unread body before the next request on the connection) for up to DRAIN_MS, so that a client
   * still sending reads the answer instead of a reset connection; then the connection is cut.
   */
  private async receive(request: IncomingMessage): Promise<Buffer> {
    const body = await readBody(request);
    if (body !== "too large") return body;
    const cut = setTimeout(() => request.socket.destroy(), DRAIN_MS);
    cut.unref();
    request.once("end", () => clearTimeout(cut));
    request.socket.once("close", () => clearTimeout(cut));
    throw new ApiError(
      413,
      "RequestEntityTooLarge",
      `The request body exceeds the emulator's limit of ${MAX_REQUEST_BYTES} bytes.`,
    );
  }

  private checkMethod(call: ApiCall): void {
    if (call.method !== "POST" && call.method !== "GET") {
      throw new ApiError(400, "UnsupportedHTTPMethod", `HTTP method ${call.method} is not supported.`);
    }
  }

  private authenticate(call: ApiCall): void {
    try {
      this.authenticator.verify(call, Date.now());
    } catch (error) {
      if (error instanceof ApiError) this.stats.rejectedSignatures++;
      throw error;
    }
  }

  /** The handler the action and version name; an authenticated request counts from here. */
  private resolve(call: ApiCall, found: Route | undefined) {
    const action = call.action;
    if (!action) throw new ApiError(400, "MissingAction", "Action is mandatory for this request.");
    count(this.stats.requests, action);
    if (!found) {
      throw new ApiError(
        400,
        "InvalidVersion",
        `Specified parameter Version is not valid: ${call.version ?? "(missing)"}.`,
      );
    }
    const handler = found.handlers.get(action);
    if (!handler) {
      throw new ApiError(
        404,
        "InvalidApi.NotFound",
        "Specified api is not found, please check your url and method.",
      );
    }
    return { action, handler, service: found.service };
  }

  private async injectFaults(action: string, product: Product): Promise<void> {
    const latency = this.faults.latencyFor(action);
    if (latency > 0) await sleep(latency);
    if (this.faults.strikes("throttle", action)) throw throttlingUser(100);
    if (this.faults.strikes("serverError", action)) throw serviceUnavailable(product);
  }

  /**
   * Rate limit, handler, save. What a failing handler changed before it threw is saved like any
   * other change; a change the state file cannot take is undone and answered as not applied.
   */
  private invoke(
    service: ServiceDefinition,
    handler: Handler,
    action: string,
    params: Readonly<Record<string, string>>,
  ): Record<string, unknown> {
    // Taken after the injected latency: the request "arrives" at the handler now.
    const now = Date.now();
    this.advance(now);
    const ctx: HandlerContext = {
      ...this.world(service.product, now, action),
      action,
      params: new Params(params, this.style(service.product)),
    };
    let result: Record<string, unknown>;
    try {
      this.admit(service, ctx, now);
      result = handler(ctx);
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(`alicloud-media-emulator: ${action} crashed`, error);
      if (!this.commit()) throw persistFailed(service.product);
      throw error instanceof ApiError ? error : internalError();
    }
    if (!this.commit()) throw persistFailed(service.product);
    return result;
  }

  private admit(service: ServiceDefinition, ctx: HandlerContext, now: number): void {
    const rate = service.rateLimit?.(ctx);
    if (!rate || (rate.perProject && this.config.projectQps === false)) return;
    const override = rate.perProject ? this.config.projectQps : undefined;
    const limit = typeof override === "number" ? override : rate.limit;
    const wait = this.limiter.admit(rate.bucket, limit, now);
    if (wait > 0) throw throttlingUser(wait);
  }
}
