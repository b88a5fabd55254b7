/**
 * What every benchmark shares: the machine description for RESULTS.md, and a "stack" = the local
 * emulator + the real dynamic-provider host (started from a throwaway user project, as the engine
 * does) + the engine simulator (tests/harness/engine.ts) configured to point at the emulator.
 *
 * Sources are imported relatively (not through the package name) so the same modules run under jest
 * (tests/chaos) and compiled under build/tools (npm run bench); the program-side SDK is always the
 * built one in dist/, which is what the host's serialized providers require.
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../emulator";
import { Deployment } from "../tests/harness/engine";
import { ProviderHost } from "../tests/harness/provider-host";
import { createUserProject, REPO_ROOT, type UserProject } from "../tests/harness/user-project";

export { REPO_ROOT };

export const ACCESS_KEY_ID = "emulator-access-key-id";
export const ACCESS_KEY_SECRET = "emulator-access-key-secret";

/** The built program-side SDK (dist/sdk), typed from the sources. */
export function loadSdk(): typeof import("../sdk") {
  return require(path.join(REPO_ROOT, "dist/sdk")) as typeof import("../sdk");
}

/** The built engine side (dist/provider), the code the host runs. */
export function loadProvider(): typeof import("../provider") {
  return require(path.join(REPO_ROOT, "dist/provider")) as typeof import("../provider");
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  date: string;
  commit: string;
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

export function machine(): Machine {
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]);
  return {
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: `${git(["rev-parse", "HEAD"])}${dirty && dirty !== "unknown" ? " (with uncommitted changes)" : ""}`,
  };
}

export interface Stack {
  emulator: RunningEmulator;
  host: ProviderHost;
  deployment: Deployment;
  /** Provider config as the engine would send it (endpoints, keys, any extra settings). */
  config: Record<string, string>;
  close(): Promise<void>;
}

export interface StackOptions {
  emulator?: EmulatorOptions;
  /** Steps of `up` run at once (pulumi up --parallel). */
  parallel?: number;
  /** Extra provider settings, e.g. `{ "alicloud-media:queriesPerSecond": "100" }`. */
  config?: Record<string, string>;
  project?: string;
  /** Deadline of each host RPC; creates that wait for minutes need more than the default 60 s. */
  callTimeoutMs?: number;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const project = opts.project ?? "bench";
  const emulator = await startEmulator({ port: 0, ...opts.emulator });
  let user: UserProject | undefined;
  let host: ProviderHost | undefined;
  try {
    user = createUserProject({ project });
    host = await ProviderHost.start({
      cwd: user.dir,
      project,
      stack: "bench",
      callTimeoutMs: opts.callTimeoutMs ?? 600_000,
    });
    const config = {
      "alicloud-media:immEndpoint": emulator.url,
      "alicloud-media:iceEndpoint": emulator.url,
      "alicloud-media:accessKeyId": ACCESS_KEY_ID,
      "alicloud-media:accessKeySecret": ACCESS_KEY_SECRET,
      ...opts.config,
    };
    const deployment = new Deployment(host, { config, parallel: opts.parallel ?? 1 });
    const started = { host, user };
    return {
      emulator,
      host,
      deployment,
      config,
      async close() {
        await started.host.close();
        await emulator.close();
        started.user.cleanup();
      },
    };
  } catch (error) {
    await host?.close();
    user?.cleanup();
    await emulator.close();
    throw error;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Parses the emulator's IMM timestamps (`2021-06-29T14:50:13.011000000+08:00`) and ICE/batch ones. */
export function parseServiceTime(text: unknown): number {
  if (typeof text !== "string") return NaN;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return Date.parse(text);
  const fraction = (m[2] ?? ".0").slice(0, 4);
  return Date.parse(`${m[1]}${fraction}${m[3]}`);
}
