/**
 * The admin endpoints under /__emulator/ (same port, no signature): counters, fault and timing
 * control, reset, and a JSON dump of every resource.
 *   GET  /__emulator/stats       requests per action, errors per code, rejected signatures, faults
 *   GET  /__emulator/faults      current fault settings;  POST merges JSON settings;  DELETE clears
 *   GET  /__emulator/timings     current timings;         POST merges JSON timings
 *   POST /__emulator/reset       forgets every resource and counter
 *   GET  /__emulator/resources   every resource table as JSON
 *
 * They change what every client of a shared emulator sees, so they are guarded like a local admin
 * API: a request carrying another site's `Origin` is refused (a web page cannot drive them), every
 * request other than GET must be `Content-Type: application/json` (which a cross-site form or
 * `text/plain` fetch cannot send without a preflight the emulator never grants), and when an admin
 * token is configured (required off loopback) it must come as `Authorization: Bearer <token>`.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ZodError } from "zod";
import type { EmulatorControl } from "./core/control";

export interface AdminAnswer {
  status: number;
  body: Record<string, unknown>;
}

function refusal(status: number, code: string, message: string): AdminAnswer {
  return { status, body: { Code: code, Message: message } };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why an admin request is refused before it is looked at, or undefined when it may proceed. */
export function adminRefusal(emulator: EmulatorControl, request: IncomingMessage): AdminAnswer | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    if (originHost !== request.headers.host) {
      return refusal(403, "ForeignOrigin", `admin requests from another origin (${origin}) are refused`);
    }
  }
  const token = emulator.adminToken;
  if (token !== undefined) {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (given === undefined || !sameSecret(given, token)) {
      return refusal(401, "AdminTokenRequired", "admin requests need Authorization: Bearer <admin token>");
    }
  }
  const method = request.method ?? "GET";
  const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (method !== "GET" && method !== "HEAD" && type !== "application/json") {
    return refusal(
      415,
      "UnsupportedMediaType",
      `admin ${method} requests must be sent with Content-Type: application/json (got ${type || "none"})`,
    );
  }
  return undefined;
}

function parseJson(body: Buffer): unknown {
  return body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
}

export function handleAdmin(
  emulator: EmulatorControl,
  method: string,
  path: string,
  body: Buffer,
): AdminAnswer {
  try {
    switch (`${method} ${path}`) {
      case "GET /__emulator/stats":
        return { status: 200, body: { ...emulator.getStats() } };
      case "GET /__emulator/faults":
        return { status: 200, body: emulator.faults.current() };
      case "POST /__emulator/faults":
        return { status: 200, body: emulator.faults.set(parseJson(body) as object) };
      case "DELETE /__emulator/faults":
        emulator.faults.clear();
        return { status: 200, body: emulator.faults.current() };
      case "GET /__emulator/timings":
        return { status: 200, body: emulator.getTimings() };
      case "POST /__emulator/timings":
        return { status: 200, body: emulator.setTimings(parseJson(body) as object) };
      case "POST /__emulator/reset":
        emulator.reset();
        return { status: 200, body: { reset: true } };
      case "GET /__emulator/resources":
        return { status: 200, body: emulator.resources() };
      default:
        return { status: 404, body: { Code: "NotFound", Message: `no admin endpoint ${method} ${path}` } };
    }
  } catch (error) {
    const message =
      error instanceof ZodError
        ? error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ")
        : error instanceof SyntaxError
          ? `the body is not JSON: ${error.message}`
          : String(error);
    return { status: 400, body: { Code: "InvalidAdminRequest", Message: message } };
  }
}
