/**
 * What `npm pack` ships must install into an empty project and expose the public entry points:
 * `pulumi-alicloud-media`, `pulumi-alicloud-media/provider` (required by serialized providers in
 * state), `pulumi-alicloud-media/emulator` and `pulumi-alicloud-media/testing`, plus the emulator bin; and their types must resolve in
 * a consumer compiled with the settings of Pulumi's TypeScript template (`"moduleResolution": "node"`,
 * which ignores `exports`, no `skipLibCheck`) as well as with `node16`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { npmQuiet, root } from "./support";

describe("npm pack", () => {
  let workdir: string;
  let project: string;
  beforeAll(() => {
    workdir = mkdtempSync(path.join(os.tmpdir(), "pack-test-"));
    const tarball = npmQuiet(["pack", "--ignore-scripts", "--pack-destination", workdir], root)
      .trim()
      .split("\n")
      .pop()!;
    project = path.join(workdir, "user-project");
    mkdirSync(project);
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "user-project", private: true }),
    );
    const versionOf = (name: string): string =>
      JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version;
    npmQuiet(
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        path.join(workdir, tarball),
        `@pulumi/pulumi@${versionOf("@pulumi/pulumi")}`,
        `@types/node@${versionOf("@types/node")}`,
      ],
      project,
    );
  }, 180_000);
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  it("ships the compiled entry points and the docs, not the sources or tests", () => {
    const [report] = JSON.parse(npmQuiet(["pack", "--dry-run", "--json", "--ignore-scripts"], root)) as {
      files: { path: string }[];
    }[];
    const files = report!.files.map((f) => f.path);
    for (const needed of [
      "dist/sdk/index.js",
      "dist/sdk/index.d.ts",
      "dist/provider/index.js",
      "dist/emulator/index.js",
      "dist/emulator/cli.js",
      "dist/testing/index.js",
      "dist/testing/index.d.ts",
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

  it("installs into an empty project and exposes the package, ./provider, ./emulator and ./testing", () => {
    const probe = `
      const media = require("pulumi-alicloud-media");
      const provider = require("pulumi-alicloud-media/provider");
      const emulator = require("pulumi-alicloud-media/emulator");
      const testing = require("pulumi-alicloud-media/testing");
      const config = testing.emulatorStackConfig({ url: "http://127.0.0.1:1" });
      console.log(JSON.stringify({
        imm: Object.keys(media.imm).sort(),
        lifecycle: typeof provider.lifecycle,
        configure: typeof provider.configure,
        startEmulator: typeof emulator.startEmulator,
        startTestStack: typeof testing.startTestStack,
        secret: config["alicloud-media:accessKeySecret"].secret,
      }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", probe], { cwd: project, encoding: "utf8" }));
    expect(out).toEqual({
      imm: expect.arrayContaining(["Binding", "Dataset", "Project"]),
      lifecycle: "function",
      configure: "function",
      startEmulator: "function",
      startTestStack: "function",
      secret: true,
    });
    const bin = path.join(project, "node_modules/.bin/alicloud-media-emulator");
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
  });

  // The compiler options of `pulumi new typescript`: moduleResolution "node" ignores `exports`, so the
  // subpaths resolve only through `typesVersions`.
  const TEMPLATE_OPTIONS = {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: false,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  };
  const MAIN = `
    import * as media from "pulumi-alicloud-media";
    const project = new media.imm.Project("p", { description: "typed" });
    export const name = project.projectName;
  `;
  const SUBPATHS = `
    import { dispatch } from "pulumi-alicloud-media/provider";
    import { startEmulator } from "pulumi-alicloud-media/emulator";
    import { startTestStack, type TestStack } from "pulumi-alicloud-media/testing";
    export const starter: typeof startEmulator = startEmulator;
    export const testStack: () => Promise<TestStack> = () => startTestStack({ program: async () => ({}) });
    export const forward: typeof dispatch = dispatch;
  `;

  function typeCheck(name: string, source: string, options: Record<string, unknown>): string {
    const dir = path.join(project, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "index.ts"), source);
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { ...TEMPLATE_OPTIONS, ...options }, files: ["index.ts"] }),
    );
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    try {
      execFileSync(process.execPath, [tsc, "-p", dir, "--noEmit"], {
        cwd: dir,
        encoding: "utf8",
        stdio: "pipe",
      });
      return "";
    } catch (error) {
      return String((error as { stdout?: string }).stdout || error);
    }
  }

  it("type-checks the main entry under the exact options of Pulumi's TypeScript template", () => {
    expect(typeCheck("consumer-template", MAIN, {})).toBe("");
  }, 60_000);

  // zod's declaration files (reached through the emulator's and provider's exported types) default-
  // import `export =` modules, which needs esModuleInterop (or skipLibCheck) in the consumer.
  it.each([
    ["node", "commonjs"],
    ["node16", "node16"],
  ])(
    "type-checks ./provider, ./emulator and ./testing with moduleResolution %s",
    (moduleResolution, module) => {
      const options = { moduleResolution, module, esModuleInterop: true };
      expect(typeCheck(`consumer-${moduleResolution}`, MAIN + SUBPATHS, options)).toBe("");
    },
    60_000,
  );
});
