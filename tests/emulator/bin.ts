/**
 * The `alicloud-media-emulator` bin as users run it (node dist/emulator/cli.js, so run `npm run build`
 * first): start it and wait for its first stdout line, stop it, or run it to completion. Children
 * still running when a test file ends are killed by `killChildren` (call it from afterAll).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

export const BIN = resolve(__dirname, "../../dist/emulator/cli.js");
export const FIRST_LINE = /^alicloud-media-emulator listening on http:\/\/127\.0\.0\.1:(\d+)$/;

export interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  port: number;
  firstLine: string;
  /** Spawn → first stdout line. */
  startupMs: number;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
}

const children: ChildProcessWithoutNullStreams[] = [];

export function killChildren(): void {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
}

/** Extra environment on top of this process's (which tests/setup-env.ts prepared). */
export type Env = Record<string, string>;

export function start(args: string[] = [], env: Env = {}): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, "--port", "0", ...args], { env: { ...process.env, ...env } });
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).once("line", (line) => {
      const match = FIRST_LINE.exec(line);
      if (!match) return reject(new Error(`unexpected first line: ${line}`));
      const port = Number(match[1]);
      resolvePromise({
        child,
        url: `http://127.0.0.1:${port}`,
        port,
        firstLine: line,
        startupMs: performance.now() - started,
        stderr: () => stderr,
      });
    });
  });
}

export function stop(running: Running, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  return new Promise((resolvePromise) => {
    if (running.child.exitCode !== null) return resolvePromise(running.child.exitCode);
    running.child.once("exit", (code) => resolvePromise(code));
    running.child.kill(signal);
  });
}

/** Runs the bin to completion (for flags that make it exit). */
export function run(
  args: string[],
  env: Env = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Resident memory of a process in bytes (Linux /proc), as `ps` would report it. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}
