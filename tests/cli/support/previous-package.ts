/**
 * The package as the previous release shipped it, for upgrade tests: the commit's tree, installed
 * with its own lock file, built and packed, then installed like the current package. Built once
 * per commit and kept in the temporary folder (about a minute the first time).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installedPackage, packRepository } from "./installed-package";
import { REPO_ROOT } from "./tools";

/** 0.1.0 as it landed: the last release before the real-CLI layer. */
export const PREVIOUS_RELEASE = "a08a890390145a1ea7299a2ada18501c02403405";

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
}

/** The previous release's install (node_modules with that package and @pulumi/pulumi), and its tree. */
export function previousPackage(commit = PREVIOUS_RELEASE): { dir: string; source: string } {
  const root = path.join(os.tmpdir(), "pulumi-alicloud-media-cli-tests", `previous-${commit.slice(0, 12)}`);
  const source = path.join(root, "source");
  const tarballDir = path.join(root, "packed");
  const done = path.join(root, ".built");
  if (!fs.existsSync(done)) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(source, { recursive: true });
    const archive = path.join(root, "source.tar");
    run("git", ["archive", "--format=tar", "-o", archive, commit], REPO_ROOT);
    run("tar", ["-xf", archive, "-C", source], root);
    run(
      "npm",
      ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"],
      source,
    );
    run("npm", ["run", "build", "--silent"], source);
    packRepository(tarballDir, source);
    fs.writeFileSync(done, commit);
  }
  const tarball = fs.readdirSync(tarballDir).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`no tarball in ${tarballDir}`);
  return { dir: installedPackage(path.join(tarballDir, tarball)).dir, source };
}
