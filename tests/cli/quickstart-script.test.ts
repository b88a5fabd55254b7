/**
 * `npm run quickstart` itself (scripts/quickstart.ts, compiled as `npm run build:tools` does), with the
 * real CLI: it runs to "quickstart: OK", and when its output is cut (`npm run quickstart | head -3`)
 * it fails without leaving a provider host, a Pulumi process or a scratch folder behind.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeWithCli, REPO_ROOT } from "./support/scenario";

jest.setTimeout(600_000);

const SCRIPT = path.join(REPO_ROOT, "build/tools/scripts/quickstart.js");

/** Processes (other than this one) running in a folder below `dir` (Linux /proc). */
function processesIn(dir: string): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((entry) => {
      try {
        return fs.readlinkSync(`/proc/${entry}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describeWithCli("npm run quickstart with the real CLI", () => {
  let tmp: string;
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.tools.json"], { cwd: REPO_ROOT, stdio: "pipe" });
  });
  beforeEach(() => {
    // The script's scratch folders land here, so what it leaves behind can be seen.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "quickstart-script-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const start = () =>
    spawn(process.execPath, [SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
    });

  it("runs to OK", async () => {
    const child = start();
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(output).toContain("Pulumi CLI v");
    expect(output).toContain("the second up changed nothing and sent no write call");
    expect(output).toContain("quickstart: OK");
    expect(code).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it("cleans up when its output is cut after three lines", async () => {
    const child = start();
    let lines = 0;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      lines += chunk.split("\n").length - 1;
      if (lines >= 3) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(processesIn(tmp)).toEqual([]);
  });
});
