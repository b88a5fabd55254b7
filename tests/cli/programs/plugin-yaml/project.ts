/**
 * A Pulumi YAML project on the provider plugin, driven by the real CLI: the YAML language host runs
 * the program (no inline host), and the engine starts `pulumi-resource-alicloud-media` from the
 * installed package through `plugins.providers[].path`. Config, state and PULUMI_HOME are the
 * project's own, as for every CLI scenario.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CliProject, killGroup, type CliResult, type RunOptions } from "../../support/cli-project";
import type { PulumiTools } from "../../support/tools";

export const PLUGIN_DIR_IN_PACKAGE = path.join("node_modules", "pulumi-alicloud-media", "plugin", "bin");

export class YamlProject extends CliProject {
  private runtime: "yaml" | "nodejs" = "yaml";
  /**
   * Instead of `plugins.providers[].path`: node_modules/.bin (where npm links the package's bin) on
   * PATH, where the engine also looks for plugins.
   */
  pluginOnPath = false;

  constructor(tools: PulumiTools, name: string, installDir: string, program: string) {
    super(tools, name, installDir);
    this.setYaml(program);
  }

  /** Writes Pulumi.yaml: the program text with the plugin's folder filled in. */
  setYaml(program: string): void {
    const pluginDir = path.join(this.dir, PLUGIN_DIR_IN_PACKAGE);
    fs.writeFileSync(path.join(this.dir, "Pulumi.yaml"), program.replaceAll("{{PLUGIN_PATH}}", pluginDir));
    this.runtime = "yaml";
  }

  /** The same project as a TypeScript program on the dynamic resources (run through the inline host). */
  setTypeScript(source: string): void {
    fs.writeFileSync(
      path.join(this.dir, "Pulumi.yaml"),
      `name: ${this.name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`,
    );
    this.setProgram(source);
    this.runtime = "nodejs";
  }

  override env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env = super.env(extra);
    if (this.pluginOnPath)
      env.PATH = `${path.join(this.dir, PLUGIN_DIR_IN_PACKAGE)}${path.delimiter}${env.PATH}`;
    return env;
  }

  override run(args: string[], opts: RunOptions = {}): Promise<CliResult> {
    if (this.runtime === "nodejs") return super.run(args, opts);
    const child = spawn(path.join(this.tools.binDir, "pulumi"), args, {
      cwd: this.dir,
      env: this.env(opts.env),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      opts.onStdout?.(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
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
}

export function yamlProgram(name = "Pulumi.yaml"): string {
  return fs.readFileSync(path.join(__dirname, name), "utf8");
}
