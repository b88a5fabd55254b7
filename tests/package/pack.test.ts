/**
 * What `npm pack` ships must install into an empty project and expose the public entry points:
 * `pulumi-alicloud-media`, `pulumi-alicloud-media/provider` (required by serialized providers in
 * state) and `pulumi-alicloud-media/emulator`, plus the emulator bin.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("npm pack", () => {
  let workdir: string;
  beforeAll(() => {
    workdir = mkdtempSync(path.join(os.tmpdir(), "pack-test-"));
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  it("ships the compiled entry points and the docs, not the sources or tests", () => {
    const [report] = JSON.parse(
      execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }),
    ) as { files: { path: string }[] }[];
    const files = report!.files.map((f) => f.path);
    for (const needed of [
      "dist/sdk/index.js",
      "dist/sdk/index.d.ts",
      "dist/provider/index.js",
      "dist/emulator/index.js",
      "dist/emulator/cli.js",
      "README.md",
      "ARCHITECTURE.md",
      "CHANGELOG.md",
      "package.json",
    ]) {
      expect(files).toContain(needed);
    }
    expect(
      files.some(
        (f) =>
          f.startsWith("tests/") ||
          f.startsWith("dist/tests/") ||
          (f.endsWith(".ts") && !f.endsWith(".d.ts")),
      ),
    ).toBe(false);
  });

  it("installs into an empty project and exposes the package, ./provider and ./emulator", () => {
    const tarball = execFileSync(npm, ["pack", "--ignore-scripts", "--pack-destination", workdir], {
      cwd: root,
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .pop()!;
    const project = path.join(workdir, "user-project");
    execFileSync("mkdir", ["-p", project]);
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "user-project", private: true }),
    );
    const peer = JSON.parse(
      readFileSync(path.join(root, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
    ).version;
    execFileSync(
      npm,
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        path.join(workdir, tarball),
        `@pulumi/pulumi@${peer}`,
      ],
      { cwd: project, stdio: "pipe" },
    );
    const probe = `
      const media = require("pulumi-alicloud-media");
      const provider = require("pulumi-alicloud-media/provider");
      const emulator = require("pulumi-alicloud-media/emulator");
      console.log(JSON.stringify({
        imm: Object.keys(media.imm).sort(),
        lifecycle: typeof provider.lifecycle,
        configure: typeof provider.configure,
        startEmulator: typeof emulator.startEmulator,
      }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", probe], { cwd: project, encoding: "utf8" }));
    expect(out).toEqual({
      imm: expect.arrayContaining(["Binding", "Dataset", "Project"]),
      lifecycle: "function",
      configure: "function",
      startEmulator: "function",
    });
    const bin = path.join(project, "node_modules/.bin/alicloud-media-emulator");
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
  }, 180_000);
});
