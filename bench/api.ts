/**
 * Direct API access for the benchmarks (prerequisites, the reference fixed poller, duplicate counts),
 * with the provider's own typed client, and the exact arrival time of requests at an in-process
 * emulator (Node's `http.server.request.start` diagnostics channel), from which the benchmarks derive
 * when emulated work is due to finish: arrival + the duration the emulator was told to take.
 */
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningEmulator } from "../emulator";
import { ApiClient, createOpenApi } from "../provider/runtime";
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET } from "./env";

export interface Apis {
  imm: ApiClient;
  ice: ApiClient;
}

export function apisFor(emulator: RunningEmulator): Apis {
  const url = new URL(emulator.url);
  const openapi = () =>
    createOpenApi(
      { host: url.host, protocol: "http" },
      { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
    );
  return { imm: new ApiClient(openapi(), "imm"), ice: new ApiClient(openapi(), "ice") };
}

type Arrival = { port: number; action: string; at: number };

/** Records when requests reach in-process emulators, by port and action. */
export class ArrivalLog {
  private readonly arrivals: Arrival[] = [];
  private readonly listener = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    const action = request.headers["x-acs-action"];
    const port = (server.address() as AddressInfo | null)?.port;
    if (typeof action === "string" && port) this.arrivals.push({ port, action, at: Date.now() });
  };

  constructor() {
    diagnostics.subscribe("http.server.request.start", this.listener);
  }

  count(emulator: RunningEmulator, action: string): number {
    return this.arrivals.filter((a) => a.port === emulator.port && a.action === action).length;
  }

  /** Waits until the emulator has seen `count` requests of `action`; returns the last arrival time. */
  async waitFor(
    emulator: RunningEmulator,
    action: string,
    count: number,
    timeoutMs = 30_000,
  ): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.arrivals.filter((a) => a.port === emulator.port && a.action === action);
      if (seen.length >= count) return seen[count - 1]!.at;
      if (Date.now() > deadline) throw new Error(`no ${action} request #${count} reached the emulator`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  close(): void {
    diagnostics.unsubscribe("http.server.request.start", this.listener);
  }
}
