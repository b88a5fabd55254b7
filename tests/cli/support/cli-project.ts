/**
 * A user's Pulumi project driven by the real CLI: its own folder with Pulumi.yaml and a JavaScript
 * program, node_modules linked to the packed package's install, a local file state backend and a
 * private PULUMI_HOME, all offline. Programs run through scripts/inline-language-host.js (the Node.js
 * language plugin cannot be built here; see scripts/pulumi-install.sh); the engine, the rendered
 * output and the dynamic-provider plugin are the real ones.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { INLINE_LANGUAGE_HOST } from "../../../scripts/pulumi-cli";
import type { PulumiTools } from "./tools";

const INLINE_HOST = INLINE_LANGUAGE_HOST;
export const PASSPHRASE = "cli-tests";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra environment for this command only. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Called once the CLI process group is running (e.g. to interrupt it). */
  onStart?: (child: ChildProcess) => void;
  /** Called with each chunk of standard output as it arrives. */
  onStdout?: (chunk: string) => void;
}

/** TypeScript source → the CommonJS a Pulumi program compiles to (types are checked by `npm run typecheck`). */
export function compileProgram(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
}

export class CliProject {
  readonly dir: string;
  private readonly stateDir: string;
  private readonly homeDir: string;

  constructor(
    readonly tools: PulumiTools,
    readonly name: string,
    installDir: string,
    parentDir = os.tmpdir(),
  ) {
    this.dir = fs.mkdtempSync(path.join(parentDir, `cli-${name}-`));
    this.stateDir = path.join(this.dir, ".state");
    this.homeDir = path.join(this.dir, ".pulumi-home");
    fs.mkdirSync(this.stateDir);
    fs.mkdirSync(this.homeDir);
    fs.symlinkSync(path.join(installDir, "node_modules"), path.join(this.dir, "node_modules"), "dir");
    fs.writeFileSync(
      path.join(this.dir, "package.json"),
      JSON.stringify({ name, private: true, main: "index.js" }, null, 2),
    );
    fs.writeFileSync(
      path.join(this.dir, "Pulumi.yaml"),
      `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
    );
  }

  /** Points node_modules at another install (an upgrade of the package, as `npm install` would). */
  useInstall(installDir: string): void {
    const link = path.join(this.dir, "node_modules");
    fs.rmSync(link, { force: true });
    fs.symlinkSync(path.join(installDir, "node_modules"), link, "dir");
  }

  /** Writes the program (TypeScript source, compiled to index.js). */
  setProgram(typescriptSource: string): void {
    fs.writeFileSync(path.join(this.dir, "index.js"), compileProgram(typescriptSource));
  }

  /** The environment every command runs with: offline, local state, this project's PULUMI_HOME. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PATH: `${this.tools.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: this.homeDir,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
      NO_COLOR: "1",
      ...extra,
    };
  }

  /**
   * Runs `pulumi <args>` in its own process group (as a terminal runs a foreground job, so a test can
   * send a Ctrl-C to the whole group) and resolves with its exit and output.
   */
  run(args: string[], opts: RunOptions = {}): Promise<CliResult> {
    const pulumi = path.join(this.tools.binDir, "pulumi");
    const child = spawn(process.execPath, [INLINE_HOST, this.dir, "index.js", pulumi, "--", ...args], {
      cwd: this.dir,
      env: this.env(opts.env),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      opts.onStdout?.(chunk);
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timeoutMs = opts.timeoutMs ?? 180_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        killGroup(child, "SIGKILL");
        reject(new Error(`pulumi ${args.join(" ")} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
      }, timeoutMs);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
      opts.onStart?.(child);
    });
  }

  /** Runs a command that must succeed; the error carries its whole output. */
  async ok(args: string[], opts: RunOptions = {}): Promise<CliResult> {
    const result = await this.run(args, opts);
    if (result.code !== 0)
      throw new Error(
        `pulumi ${args.join(" ")} exited with ${result.code}\n${result.stdout}\n${result.stderr}`,
      );
    return result;
  }

  /** `pulumi stack init` plus config: plain values, and secrets set with `--secret` (stored encrypted). */
  async initStack(
    stack: string,
    config: Record<string, string>,
    secrets: Record<string, string> = {},
  ): Promise<void> {
    await this.ok(["stack", "init", stack, "--non-interactive"]);
    for (const [key, value] of Object.entries(config))
      await this.ok(["config", "set", "--stack", stack, "--path=false", key, value]);
    for (const [key, value] of Object.entries(secrets))
      await this.ok(["config", "set", "--stack", stack, "--secret", key, value]);
  }

  /** `pulumi stack export` as JSON. */
  async exportStack(stack: string): Promise<StackExport> {
    const { stdout } = await this.ok(["stack", "export", "--stack", stack]);
    return JSON.parse(stdout) as StackExport;
  }

  /** Stack outputs as JSON. */
  async outputs(stack: string): Promise<Record<string, unknown>> {
    const { stdout } = await this.ok(["stack", "output", "--json", "--stack", stack]);
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  protect?: boolean;
  initErrors?: string[];
}

export interface StackExport {
  version: number;
  deployment: {
    resources?: StateResource[];
    pending_operations?: { resource: StateResource; type: string }[];
  };
}

/** Sends a signal to the CLI's whole process group (the inline host, the CLI and its plugins). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/**
 * SIGKILLs every plugin process the CLI started for this project (Linux: found through /proc by their
 * working directory). The CLI starts plugins in process groups of their own, so a signal to the CLI's
 * group does not reach them; a hard kill of "the CLI and its plugins" needs both.
 */
export function killPlugins(projectDir: string): number[] {
  const killed: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cwd === projectDir && cmdline.includes("dynamic-provider")) {
        process.kill(Number(entry), "SIGKILL");
        killed.push(Number(entry));
      }
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return killed;
}

/** The resources of one of our types in an exported state, e.g. `imm:Project`. */
export function resourcesOfType(state: StackExport, type: string): StateResource[] {
  return (state.deployment.resources ?? []).filter(
    (r) => r.type === `pulumi-nodejs:dynamic/alicloud-media/${type}`,
  );
}
