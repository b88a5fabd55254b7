/**
 * The API reference (`npm run docs`) generates from the code without a single TypeDoc warning: every
 * type a user meets in a resource's Args or outputs is exported and documented, and every doc link
 * resolves. `--emit none` runs the whole conversion and validation without writing the site.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../harness/user-project";

it("TypeDoc converts the public entry points with no warning", () => {
  const typedoc = path.join(REPO_ROOT, "node_modules", "typedoc", "bin", "typedoc");
  const run = spawnSync(process.execPath, [typedoc, "--emit", "none", "--logLevel", "Warn"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 170_000,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const output = `${run.stdout}${run.stderr}`;
  expect(output).not.toMatch(/\[warning\]|\[error\]/);
  expect(run.status).toBe(0);
}, 180_000);
