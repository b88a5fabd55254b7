/**
 * The package as a user installs it: `npm pack` of this repository (its built dist/), installed with
 * the same @pulumi/pulumi version into a node_modules that every CLI scenario links to.
 *
 * Packing and installing take seconds, so the install is kept in the temporary folder, keyed by the
 * tarball's content hash, and shared by test files running in parallel (a directory lock).
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./tools";

const CACHE_ROOT = path.join(os.tmpdir(), "pulumi-alicloud-media-cli-tests");

export const PULUMI_SDK_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  }
).version;

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
}

/** Packs a tree, this repository by default (dist/ must be built: `npm test` and `npm run test:cli` build first). */
export function packRepository(destination: string, tree = REPO_ROOT): string {
  fs.mkdirSync(destination, { recursive: true });
  const name = npm(["pack", "--ignore-scripts", "--silent", "--pack-destination", destination], tree)
    .trim()
    .split("\n")
    .pop();
  if (!name) throw new Error("npm pack printed no tarball name");
  return path.join(destination, name);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `work` under a directory lock; a lock older than five minutes is taken as abandoned. */
function withLock<T>(lockDir: string, work: () => T): T {
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs;
      if (age > 5 * 60_000) fs.rmSync(lockDir, { recursive: true, force: true });
      else sleep(250);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * A folder whose node_modules holds the packed package and @pulumi/pulumi, installed from the npm
 * registry (the local npm cache first) as `npm install <tarball> @pulumi/pulumi` would for a user.
 */
export function installedPackage(tarball?: string): { dir: string; tarball: string } {
  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  return withLock(path.join(CACHE_ROOT, ".lock"), () => {
    const packed = tarball ?? packRepository(path.join(CACHE_ROOT, "packs", String(process.pid)));
    const hash = crypto.createHash("sha256").update(fs.readFileSync(packed)).digest("hex").slice(0, 16);
    const dir = path.join(CACHE_ROOT, `install-${hash}-${PULUMI_SDK_VERSION}`);
    const done = path.join(dir, ".installed");
    if (!fs.existsSync(done)) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const kept = path.join(dir, path.basename(packed));
      fs.copyFileSync(packed, kept);
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "installed", private: true }));
      npm(
        ["install", "--prefer-offline", "--ignore-scripts", kept, `@pulumi/pulumi@${PULUMI_SDK_VERSION}`],
        dir,
      );
      fs.writeFileSync(done, new Date().toISOString());
    }
    if (!tarball) fs.rmSync(path.dirname(packed), { recursive: true, force: true });
    return { dir, tarball: path.join(dir, path.basename(packed)) };
  });
}
