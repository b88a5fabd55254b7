/** Running npm from package tests without its notices reaching the test output. */
import { execFileSync } from "node:child_process";
import path from "node:path";

export const root = path.resolve(__dirname, "../..");
export const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * Runs npm with notices and progress off (`npm pack` prints one `npm notice` line per packed file) and
 * returns its stdout; on failure the error carries npm's stderr.
 */
export function npmQuiet(args: string[], cwd: string): string {
  return execFileSync(npm, [...args, "--loglevel=error", "--no-progress"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}
