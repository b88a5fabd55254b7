/**
 * `npm pack` of a fresh clone, where nothing has been built yet, must still ship `dist/`: the
 * `prepack` script builds it. A git dependency is installed the same way (npm packs the clone).
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { npmQuiet, root } from "./support";

// What a clone holds that the build and the packed file list need; dist/ is deliberately absent.
const SOURCES = [
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "README.md",
  "ARCHITECTURE.md",
  "CHANGELOG.md",
  "provider",
  "sdk",
  "emulator",
  "testing",
];

describe("npm pack of an unbuilt tree", () => {
  let clone: string;
  beforeAll(() => {
    clone = mkdtempSync(path.join(os.tmpdir(), "prepack-test-"));
    for (const entry of SOURCES) cpSync(path.join(root, entry), path.join(clone, entry), { recursive: true });
    symlinkSync(path.join(root, "node_modules"), path.join(clone, "node_modules"), "dir");
  });
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it("builds dist/ before packing and ships the entry points", () => {
    const [report] = JSON.parse(npmQuiet(["pack", "--dry-run", "--json"], clone)) as {
      files: { path: string }[];
    }[];
    const files = report!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/sdk/index.js",
        "dist/sdk/index.d.ts",
        "dist/provider/index.js",
        "dist/provider/index.d.ts",
        "dist/emulator/index.js",
        "dist/emulator/index.d.ts",
        "dist/emulator/cli.js",
        "dist/testing/index.js",
        "dist/testing/index.d.ts",
      ]),
    );
  }, 120_000);
});
