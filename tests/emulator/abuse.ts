/**
 * The harness of the robustness suite: one real emulator bin (child process) with a state file and an
 * admin token, signed requests that fail on any 5xx, and the invariants checked after every request
 * (alive, health probe within 1 s, state file loads), with the request count and RSS recorded.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStateFile } from "../../emulator/core/store";
import { killChildren, rssBytes, start, stop, type Running } from "./bin";
import { send, signAcs3, type RawResponse } from "./support";

export const TOKEN = "robustness-admin-token";
export const ICE = "2020-11-09";
export const MB = 1024 * 1024;
const MAX_REQUESTS = 1_500;
export const PROTO_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty"] as const;

/** Params with possibly-special keys, built so that `__proto__` stays an own key. */
export const params = (entries: [string, string][]): Record<string, string> => Object.fromEntries(entries);

/** `{"a":{"a":…}}` nested `levels` deep, as text. */
export const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;

export class AbuseHarness {
  emulator!: Running;
  stateFile = "";
  baselineRss = 0;
  peakRss = 0;
  requests = 0;
  private dir = "";

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), "emulator-robustness-"));
    this.stateFile = join(this.dir, "state.json");
    this.emulator = await start(["--state-file", this.stateFile, "--project-qps", "off"], {
      ALICLOUD_MEDIA_EMULATOR_ADMIN_TOKEN: TOKEN,
    });
    // Warm up (JIT, first allocations) before the baseline, so growth measures what abuse leaves.
    for (let i = 0; i < 20; i++) await this.call("ListProjects");
    this.baselineRss = this.rss();
  }

  async stop(): Promise<void> {
    if (this.emulator) await stop(this.emulator);
    killChildren();
    rmSync(this.dir, { recursive: true, force: true });
  }

  rss(): number {
    return rssBytes(this.emulator.child.pid!);
  }

  /** GET /__emulator/stats must answer 200 within 1 s. */
  async healthy(): Promise<void> {
    const started = performance.now();
    const response = await fetch(`${this.emulator.url}/__emulator/stats`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: AbortSignal.timeout(1_000),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(performance.now() - started).toBeLessThan(1_000);
  }

  /** What must hold after every request. */
  async invariants(): Promise<void> {
    expect(this.emulator.child.exitCode).toBeNull();
    await this.healthy();
    expect(() => loadStateFile(this.stateFile)).not.toThrow();
    this.peakRss = Math.max(this.peakRss, this.rss());
    expect(++this.requests).toBeLessThan(MAX_REQUESTS);
  }

  /** A signed request from a client making a mistake (or not): never a 5xx. */
  async call(action: string, body: Record<string, string> = {}, version?: string): Promise<RawResponse> {
    const host = `127.0.0.1:${this.emulator.port}`;
    const response = await send(
      this.emulator,
      signAcs3({ host, action, ...(version ? { version } : {}), body }),
    );
    if (response.status >= 500)
      throw new Error(`${action} answered ${response.status}: ${JSON.stringify(response.json)}`);
    if (this.baselineRss > 0) await this.invariants();
    return response;
  }

  /**
   * Streams up to `limit` bytes of body (declared or chunked) and reports the status the server
   * gave, or none when it closed the connection first. Never holds more than one chunk in memory.
   */
  streamBody(declaredLength: number | undefined, limit: number): Promise<{ status?: number; sent: number }> {
    return new Promise((resolvePromise) => {
      const chunk = Buffer.alloc(MB, 0x61);
      let sent = 0;
      let done = false;
      const finish = (status?: number) => {
        if (done) return;
        done = true;
        req.destroy();
        resolvePromise({ ...(status === undefined ? {} : { status }), sent });
      };
      const req = httpRequest({
        host: "127.0.0.1",
        port: this.emulator.port,
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(declaredLength === undefined ? {} : { "content-length": String(declaredLength) }),
        },
      });
      req.on("response", (res) => {
        res.resume();
        finish(res.statusCode);
      });
      req.on("error", () => finish());
      const pump = () => {
        while (!done && sent < limit) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!done && declaredLength === undefined) req.end();
      };
      pump();
    });
  }
}
