/**
 * `pulumi-alicloud-media/emulator`: a local IMM (2020-09-30) + ICE (2020-11-09) API server that real
 * Alibaba Cloud clients talk to unchanged. Never used unless an endpoint is pointed at it.
 */
import type { Faults } from "./core/faults";
import type { Credential } from "./core/signature";
import { DEFAULT_TIMINGS, type Timings } from "./core/timings";
import { iceService } from "./ice";
import { immService } from "./imm";
import type { EmulatorStats } from "./core/control";
import { EmulatorServer } from "./server";

export type { Faults } from "./core/faults";
export type { Credential } from "./core/signature";
export type { Timings } from "./core/timings";
export type { EmulatorStats } from "./core/control";
export { DEFAULT_TIMINGS } from "./core/timings";

export const DEFAULT_ACCESS_KEY_ID = "emulator-access-key-id";
export const DEFAULT_ACCESS_KEY_SECRET = "emulator-access-key-secret";

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  /** When set, requests must carry this STS token (x-acs-security-token / SecurityToken). */
  securityToken?: string;
  /** Further accepted keys, e.g. to test switching credentials. */
  extraCredentials?: Credential[];
  timings?: Partial<Timings>;
  faults?: Faults;
  /** HTTP status of IMM ResourceNotFound (default 404; the IMM error page says 400). */
  notFoundStatus?: 400 | 404;
  /** Overrides every project's ProjectQueriesPerSecond; `false` turns the per-project limit off. */
  projectQps?: number | false;
  /**
   * Persist state to this JSON file (written atomically after every change) and reload it on start.
   * The file is validated and written once at start: an invalid file or unwritable path throws.
   */
  stateFile?: string;
  /**
   * Required on every `/__emulator/*` request as `Authorization: Bearer <token>`. Mandatory when
   * `host` is not a loopback address: the admin API can reset or slow down every client's emulator.
   */
  adminToken?: string;
}

/** Whether only this machine can reach the address (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    bare === "localhost" ||
    bare === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(bare) ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(bare)
  );
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: use as the immEndpoint / iceEndpoint. */
  url: string;
  port: number;
  close(): Promise<void>;
  setFaults(faults: Faults): Faults;
  clearFaults(): void;
  setTimings(timings: Partial<Timings>): Timings;
  timings(): Timings;
  faults(): Faults;
  stats(): EmulatorStats;
  /** Forgets every resource and counter. */
  reset(): void;
  /** A JSON snapshot of every resource table. */
  resources(): Record<string, Record<string, unknown>>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host) && !options.adminToken) {
    throw new Error(
      `an admin token is required to listen on ${host}, which other machines can reach: ` +
        "set --admin-token or ALICLOUD_MEDIA_EMULATOR_ADMIN_TOKEN (adminToken in startEmulator)",
    );
  }
  const server = new EmulatorServer({
    host,
    port: options.port ?? 0,
    credentials: [
      {
        accessKeyId: options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
        accessKeySecret: options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
        ...(options.securityToken === undefined ? {} : { securityToken: options.securityToken }),
      },
      ...(options.extraCredentials ?? []),
    ],
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    faults: options.faults ?? {},
    notFoundStatus: options.notFoundStatus ?? 404,
    ...(options.projectQps === undefined ? {} : { projectQps: options.projectQps }),
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
    services: [immService, iceService],
  });
  const port = await server.listen();
  // A wildcard bind address is not something a client can connect to: advertise loopback instead.
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  const urlHost = reachable.includes(":") ? `[${reachable}]` : reachable;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: async () => {
      const saved = await server.close();
      if (saved.error) {
        const where = saved.file ? `; the state was saved to ${saved.file} instead` : "; the state is lost";
        process.stderr.write(
          `alicloud-media-emulator: cannot write the state file (${saved.error})${where}\n`,
        );
      }
    },
    setFaults: (faults) => server.faults.set(faults),
    clearFaults: () => server.faults.clear(),
    setTimings: (timings) => server.setTimings(timings),
    timings: () => server.getTimings(),
    faults: () => server.faults.current(),
    stats: () => server.getStats(),
    reset: () => server.reset(),
    resources: () => server.resources(),
  };
}
