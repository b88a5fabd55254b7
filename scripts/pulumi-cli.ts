/**
 * Finds the Pulumi CLI without ever downloading it: `pulumi` on PATH, else a locally installed one
 * through `npx --no-install pulumi`. Each probe has a short timeout, so a machine without the CLI (or
 * without internet) gets an answer in seconds instead of a hang.
 */
import { spawnSync } from "node:child_process";

export interface PulumiCli {
  /** The command and leading arguments to run it, e.g. ["pulumi"] or ["npx", "--no-install", "pulumi"]. */
  command: string[];
  version: string;
}

const CANDIDATES: string[][] = [["pulumi"], ["npx", "--no-install", "pulumi"]];

export function findPulumiCli(timeoutMs = 15_000): PulumiCli | undefined {
  for (const command of CANDIDATES) {
    const [file, ...args] = command as [string, ...string[]];
    const probe = spawnSync(file, [...args, "version"], {
      encoding: "utf8",
      timeout: timeoutMs,
      // npx must neither install nor even look anything up (offline: cache only); the update check
      // would take `pulumi version` to the network.
      env: {
        ...process.env,
        npm_config_yes: "false",
        npm_config_offline: "true",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const version = probe.stdout?.trim() ?? "";
    if (probe.status === 0 && /^v?\d+\.\d+/.test(version)) return { command, version };
  }
  return undefined;
}

/** Runs a CLI command with inherited output; throws with the command line when it fails. */
export function runPulumi(
  cli: PulumiCli,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): void {
  const [file, ...lead] = cli.command as [string, ...string[]];
  console.log(`\n$ pulumi ${args.join(" ")}`);
  const result = spawnSync(file, [...lead, ...args], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: "inherit",
    timeout: opts.timeoutMs,
  });
  if (result.error) throw new Error(`pulumi ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`pulumi ${args.join(" ")} exited with ${result.status ?? result.signal ?? "?"}`);
}
