/**
 * The API reference (`npm run docs`) generates from the code without a single TypeDoc warning: every
 * type a user meets in a resource's Args or outputs is exported and documented, and every doc link
 * resolves. One conversion writes TypeDoc's JSON model (and the site, both to a temporary folder), from which every public field of
 * the SDK's interfaces (the resources' Args and the types inside them) must carry a doc comment.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../harness/user-project";

/** The parts of TypeDoc's JSON model (`--json`) this test reads. */
interface Reflection {
  name: string;
  kind: number;
  flags?: { isPrivate?: boolean; isProtected?: boolean };
  comment?: { summary?: { text: string }[]; blockTags?: { content: { text: string }[] }[] };
  children?: Reflection[];
  signatures?: Reflection[];
}
// TypeDoc's ReflectionKind values.
const INTERFACE = 256;
const PROPERTY = 1024;

let run: SpawnSyncReturns<string>;
let model: Reflection;
let workdir: string;

beforeAll(() => {
  workdir = mkdtempSync(path.join(os.tmpdir(), "api-docs-"));
  const json = path.join(workdir, "api.json");
  const typedoc = path.join(REPO_ROOT, "node_modules", "typedoc", "bin", "typedoc");
  run = spawnSync(
    process.execPath,
    [typedoc, "--json", json, "--out", path.join(workdir, "site"), "--logLevel", "Warn"],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 170_000,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    },
  );
  if (run.status === 0) model = JSON.parse(readFileSync(json, "utf8"));
}, 180_000);
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

it("TypeDoc converts the public entry points with no warning", () => {
  const output = `${run.stdout}${run.stderr}`;
  expect(output).not.toMatch(/\[warning\]|\[error\]/);
  expect(run.status).toBe(0);
});

function documented(reflection: Reflection): boolean {
  const parts = [
    ...(reflection.comment?.summary ?? []),
    ...(reflection.comment?.blockTags ?? []).flatMap((t) => t.content),
  ];
  return parts.some((part) => part.text.trim() !== "");
}

function interfaces(reflection: Reflection, at: string[]): { path: string; reflection: Reflection }[] {
  const here = reflection.kind === INTERFACE ? [{ path: at.join("."), reflection }] : [];
  return [...here, ...(reflection.children ?? []).flatMap((child) => interfaces(child, [...at, child.name]))];
}

it("documents every public field of every SDK interface (the Args and the types inside them)", () => {
  const sdk = model.children?.find((module) => module.name === "sdk");
  expect(sdk).toBeDefined();
  const found = interfaces(sdk!, []);
  expect(found.map((i) => i.path)).toEqual(
    expect.arrayContaining(["imm.ProjectArgs", "ice.EditingProjectArgs"]),
  );
  const undocumented = found.flatMap(({ path: name, reflection }) =>
    (reflection.children ?? [])
      .filter((field) => field.kind === PROPERTY && !field.flags?.isPrivate && !field.flags?.isProtected)
      .filter((field) => !documented(field))
      .map((field) => `${name}.${field.name}`),
  );
  expect(undocumented).toEqual([]);
});

it("documents every field of the testing helper's interfaces (pulumi-alicloud-media/testing)", () => {
  const testing = model.children?.find((module) => module.name === "testing");
  expect(testing).toBeDefined();
  const found = interfaces(testing!, []);
  expect(found.map((i) => i.path)).toEqual(
    expect.arrayContaining(["TestStackOptions", "TestStack", "EmulatorTarget"]),
  );
  // A method's comment sits on its signature.
  const described = (field: Reflection) => documented(field) || (field.signatures ?? []).some(documented);
  const undocumented = found.flatMap(({ path: name, reflection }) =>
    (reflection.children ?? []).filter((field) => !described(field)).map((field) => `${name}.${field.name}`),
  );
  expect(undocumented).toEqual([]);
});
