/**
 * A throwaway "user Pulumi project" directory, the cwd the engine gives the dynamic-provider host.
 *
 * Why it exists: the host runs `requireFromString(__provider)` without a filename, so every
 * `require("<package>")` in serialized provider code resolves from the host's working directory
 * (reference §5 B.5 #1; the engine starts plugins in the project directory, §2). Running the host from
 * the repo root would hide a provider that requires something a user's install does not have. So the
 * project's `node_modules/` holds only what a user who ran `npm install pulumi-alicloud-media
 * @pulumi/pulumi` is guaranteed to have at the top level: our package (a symlink to this repo, so its
 * `exports` map decides which subpaths resolve) and `@pulumi` (the peer dependency).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The repository root (holds package.json and node_modules): the nearest directory above this file
 * with a package.json, so it is right both from the sources and from a compiled copy under build/.
 */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export interface UserProjectOptions {
  /** Pulumi project name written to Pulumi.yaml (cosmetic; the host reads PULUMI_NODEJS_PROJECT). */
  project?: string;
  /**
   * Extra top-level packages to link from the repo's node_modules, e.g. a hoisted transitive
   * dependency. Default none: serialized providers must require only our package (design.md §4.1).
   */
  extraPackages?: string[];
  /** Parent directory for the temporary project; default os.tmpdir(). */
  parentDir?: string;
}

export interface UserProject {
  dir: string;
  cleanup(): void;
}

function packageName(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { name: string };
  return pkg.name;
}

function link(target: string, at: string): void {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  // "junction" only matters on Windows, where plain directory symlinks need privileges.
  fs.symlinkSync(target, at, process.platform === "win32" ? "junction" : "dir");
}

export function createUserProject(opts: UserProjectOptions = {}): UserProject {
  const project = opts.project ?? "userproject";
  const dir = fs.mkdtempSync(path.join(opts.parentDir ?? os.tmpdir(), "pulumi-user-project-"));
  const name = packageName();
  const repoModules = path.join(REPO_ROOT, "node_modules");

  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      { name: project, private: true, dependencies: { [name]: "*", "@pulumi/pulumi": "*" } },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);

  const modules = path.join(dir, "node_modules");
  link(REPO_ROOT, path.join(modules, ...name.split("/")));
  link(path.join(repoModules, "@pulumi"), path.join(modules, "@pulumi"));
  for (const extra of opts.extraPackages ?? []) {
    const target = path.join(repoModules, ...extra.split("/"));
    if (!fs.existsSync(target))
      throw new Error(`createUserProject: ${extra} is not installed in ${repoModules}`);
    link(target, path.join(modules, ...extra.split("/")));
  }

  let removed = false;
  return {
    dir,
    cleanup() {
      if (removed) return;
      removed = true;
      // rmSync removes the symlinks themselves, never what they point to.
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
