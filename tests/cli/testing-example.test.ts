/**
 * examples/testing as a user runs it: the program and its Jest test in a project whose node_modules
 * holds the packed package and @pulumi/pulumi, run by Jest with the real Pulumi CLI on PATH. The
 * example's test deploys the program through the Automation API and `pulumi-alicloud-media/testing`
 * to an emulator in its own process, asserts the outputs and the emulator's request counts, deploys
 * again with no change and destroys it down to an empty emulator; this test checks that all three
 * of its tests passed and that it left no process or temporary folder behind.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installedPackage } from "./support/installed-package";
import { compileProgram, describeWithCli, REPO_ROOT } from "./support/scenario";

jest.setTimeout(400_000);

const EXAMPLE = path.join(REPO_ROOT, "examples/testing");
const JEST = path.join(REPO_ROOT, "node_modules/jest/bin/jest.js");

/** The parts of Jest's `--json` report read here. */
interface JestReport {
  success: boolean;
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

/** Dynamic-provider hosts still running in `dir` (Linux: their working directory, through /proc). */
function hostsIn(dir: string): number[] {
  return fs.readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      return fs.readlinkSync(`/proc/${entry}/cwd`) === dir && cmdline.includes("dynamic-provider")
        ? [Number(entry)]
        : [];
    } catch {
      return []; // ended meanwhile, or not ours to read
    }
  });
}

function run(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} did not finish in ${opts.timeoutMs} ms\n${output}`));
    }, opts.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describeWithCli("examples/testing: a user's Jest test deploying a program to the emulator", (tools) => {
  let dir: string;
  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "testing-example-")));
    const { dir: installDir } = installedPackage();
    fs.symlinkSync(path.join(installDir, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "tested", private: true }));
    // The example's TypeScript, compiled as ts-jest would (its types are checked by `npm run typecheck`).
    for (const file of ["index", "index.test"]) {
      const source = fs.readFileSync(path.join(EXAMPLE, `${file}.ts`), "utf8");
      fs.writeFileSync(path.join(dir, `${file}.js`), compileProgram(source));
    }
    fs.mkdirSync(path.join(dir, "tmp"));
    fs.mkdirSync(path.join(dir, ".pulumi-home"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("passes: deploys, asserts outputs and request counts, changes nothing, destroys to empty", async () => {
    const report = path.join(dir, "report.json");
    const config = { testEnvironment: "node", transform: {}, testMatch: ["<rootDir>/*.test.js"] };
    const { code, output } = await run(
      process.execPath,
      [JEST, "--rootDir", dir, "--config", JSON.stringify(config), "--ci", "--json", "--outputFile", report],
      {
        cwd: dir,
        env: {
          ...process.env,
          // What a user has after installing Pulumi: `pulumi` and its plugins on PATH.
          PATH: `${tools.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
          PULUMI_HOME: path.join(dir, ".pulumi-home"),
          TMPDIR: path.join(dir, "tmp"),
          // The example's own environment, not this suite's.
          ALIBABA_CLOUD_ECS_METADATA_DISABLED: undefined,
          JEST_WORKER_ID: undefined,
        },
        timeoutMs: 360_000,
      },
    );
    const results = fs.existsSync(report)
      ? (JSON.parse(fs.readFileSync(report, "utf8")) as JestReport)
      : undefined;
    if (code !== 0 || !results?.success)
      throw new Error(`the example's Jest run failed (${code}):\n${output}`);
    const tests = results.testResults.flatMap((file) => file.assertionResults);
    expect(tests.map((t) => [t.title, t.status])).toEqual([
      ["deploys the project and the dataset to the emulator", "passed"],
      ["changes nothing when deployed again", "passed"],
      ["destroys everything it created", "passed"],
    ]);
    // Jest exited by itself: nothing of the stack's kept it alive.
    expect(output).not.toMatch(/did not exit|open handle/i);
    expect(hostsIn(dir)).toEqual([]);
    // `close()` removed the state backend and the workspace.
    expect(fs.readdirSync(path.join(dir, "tmp")).filter((f) => f.startsWith("alicloud-media-test-"))).toEqual(
      [],
    );
  });
});
