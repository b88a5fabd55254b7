/**
 * The admin endpoints under /__emulator/ (same port, no signature): counters, fault and timing
 * control, reset, and a JSON dump of every resource.
 *   GET  /__emulator/stats       requests per action, errors per code, rejected signatures, faults
 *   GET  /__emulator/faults      current fault settings;  POST merges JSON settings;  DELETE clears
 *   GET  /__emulator/timings     current timings;         POST merges JSON timings
 *   POST /__emulator/reset       forgets every resource and counter
 *   GET  /__emulator/resources   every resource table as JSON
 */
import { ZodError } from "zod";
import type { EmulatorServer } from "./server";

export interface AdminAnswer {
  status: number;
  body: Record<string, unknown>;
}

function parseJson(body: Buffer): unknown {
  return body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
}

export function handleAdmin(
  emulator: EmulatorServer,
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
        emulator.advance();
        return { status: 200, body: emulator.store.snapshot().tables };
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
