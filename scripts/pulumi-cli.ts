/**
 * Finds the real Pulumi CLI without ever downloading it: the build of `npm run pulumi:install` (in
 * `$PULUMI_ALICLOUD_MEDIA_TOOLS`, default `~/.cache/pulumi-alicloud-media`, under
 * `pulumi-<pinned version>/bin`), else a `pulumi` on PATH. Runs its commands through
 * scripts/inline-language-host.js, which serves the program itself, so no Node.js language plugin is
 * needed (it cannot be built here; see scripts/pulumi-install.sh).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "scripts"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

/** The CLI version `npm run pulumi:install` builds (package.json "config.pulumiCliVersion"). */
export const PINNED_PULUMI_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    config: { pulumiCliVersion: string };
  }
).config.pulumiCliVersion;

export interface PulumiTools {
  /** The folder holding `pulumi` (and `pulumi-resource-pulumi-nodejs` when built here). */
  binDir: string;
  /** `pulumi version`, e.g. "v3.274.1". */
  version: string;
}

function versionOf(pulumi: string): string | undefined {
  const probe = spawnSync(pulumi, ["version"], {
    encoding: "utf8",
    timeout: 15_000,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  const version = probe.stdout?.trim() ?? "";
  return probe.status === 0 && /^v\d+\.\d+/.test(version) ? version : undefined;
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, command))) return path.join(dir, command);
  }
  return undefined;
}

export function findPulumiTools(): PulumiTools | undefined {
  const root =
    process.env.PULUMI_ALICLOUD_MEDIA_TOOLS ?? path.join(os.homedir(), ".cache/pulumi-alicloud-media");
  const built = path.join(root, `pulumi-${PINNED_PULUMI_VERSION}`, "bin", "pulumi");
  for (const pulumi of [built, onPath("pulumi")]) {
    if (!pulumi || !fs.existsSync(pulumi)) continue;
    const version = versionOf(pulumi);
    if (version) return { binDir: path.dirname(pulumi), version };
  }
  return undefined;
}

export const INLINE_LANGUAGE_HOST = path.join(REPO_ROOT, "scripts/inline-language-host.js");

/**
 * Runs `pulumi <args>` for the program `index.js` of `projectDir`, output inherited; rejects with the
 * command line when it fails. Asynchronous on purpose: the caller may be serving the emulator.
 */
export function runPulumi(
  tools: PulumiTools,
  args: string[],
  opts: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    log: (line: string) => void;
    /** Where the CLI's own output goes; default inherited. */
    output?: "inherit" | "ignore";
  },
): Promise<void> {
  opts.log(`\n$ pulumi ${args.join(" ")}`);
  const pulumi = path.join(tools.binDir, "pulumi");
  const child = spawn(process.execPath, [INLINE_LANGUAGE_HOST, opts.cwd, "index.js", pulumi, "--", ...args], {
    cwd: opts.cwd,
    env: { ...opts.env, PATH: `${tools.binDir}${path.delimiter}${opts.env.PATH ?? ""}` },
    stdio: opts.output ?? "inherit",
  });
  return new Promise((resolve, reject) => {
    child.on("error", (error) => reject(new Error(`pulumi ${args.join(" ")}: ${error.message}`)));
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`pulumi ${args.join(" ")} exited with ${code ?? signal}`)),
    );
  });
}
