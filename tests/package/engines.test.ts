/**
 * `engines.node` must not promise a Node version that a package a user's install pulls in refuses:
 * our dependencies, the @pulumi/pulumi peer at the version we test with (3.249 and later declare
 * Node >= 22) and everything they depend on (npm's own libraries under @pulumi/pulumi declare
 * `^20.17.0 || >=22.9.0`). Otherwise installs print EBADENGINE. The CI's second Node line must be
 * inside the range too.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { root } from "./support";

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The part of node-semver used here. */
interface Semver {
  subset(sub: string, dom: string): boolean;
  satisfies(version: string, range: string): boolean;
}

const read = (file: string): Manifest => JSON.parse(readFileSync(file, "utf8"));
const ours = read(path.join(root, "package.json"));

/** Finds an installed package the way Node does: node_modules folders up from `from`. */
function installed(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

// node-semver as @pulumi/pulumi itself depends on it, so the range logic is npm's, not ours.
const semver: Semver = createRequire(path.join(installed("@pulumi/pulumi", root)!, "package.json"))("semver");

/** Every package a user's install pulls in at run time: our dependencies, the peer, and theirs. */
function runtimeClosure(): Manifest[] {
  const seen = new Map<string, Manifest>();
  const queue = [...Object.keys(ours.dependencies ?? {}), ...Object.keys(ours.peerDependencies ?? {})].map(
    (name) => ({ name, from: root }),
  );
  for (let next = queue.shift(); next; next = queue.shift()) {
    const dir = installed(next.name, next.from);
    if (!dir || seen.has(dir)) continue;
    const manifest = read(path.join(dir, "package.json"));
    seen.set(dir, manifest);
    for (const name of Object.keys(manifest.dependencies ?? {})) queue.push({ name, from: dir });
  }
  return [...seen.values()];
}

describe("engines.node", () => {
  const claimed = ours.engines?.node ?? "";

  it("is an open lower bound", () => {
    expect(claimed).toMatch(/^>=\d+\.\d+\.\d+$/);
  });

  it("admits only Node versions every runtime package admits", () => {
    const closure = runtimeClosure();
    expect(closure.map((m) => m.name)).toContain("@pulumi/pulumi");
    const refusing = closure
      .filter((m) => typeof m.engines?.node === "string" && !semver.subset(claimed, m.engines.node))
      .map((m) => `${m.name}@${m.version} requires ${m.engines!.node}`);
    expect(refusing).toEqual([]);
  });

  it("includes the Node line CI runs the suite on a second time", () => {
    const script = readFileSync(path.join(root, "scripts/with-node24.sh"), "utf8");
    const major = /node@(\d+)/.exec(script)?.[1];
    expect(major).toBeDefined();
    expect(semver.satisfies(`${major}.0.0`, claimed)).toBe(true);
  });
});
