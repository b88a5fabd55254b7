/**
 * The resource pages under docs/resources are generated from the specs (npm run docs:resources):
 * this runs the same comparison as `npm run docs:check`, so a spec, schema or SDK doc comment changed
 * without regenerating the pages fails the suite, and checks that the pages state what each resource
 * really does on change.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  generateResourceDocs,
  RESOURCE_DOCS_DIR,
  repositoryRoot,
  stalePages,
  writePages,
} from "../../scripts/docs-resources";
import { pageFileName } from "../../scripts/resource-docs/render";
import { resourceTypes } from "../../provider/registry";

const root = repositoryRoot();
let pages: Map<string, string>;

beforeAll(async () => {
  pages = await generateResourceDocs(root);
}, 120_000);

/** The table row of a top-level input field on a page. */
function row(type: string, field: string): string {
  const page = pages.get(pageFileName(type)) ?? "";
  const found = page.split("\n").find((line) => line.startsWith(`| \`${field}\` |`));
  if (!found) throw new Error(`${type}: no row for ${field}`);
  return found;
}

test("docs/resources matches what npm run docs:resources generates (npm run docs:check)", () => {
  expect(stalePages(path.join(root, RESOURCE_DOCS_DIR), pages)).toEqual([]);
});

test("every registered resource has a page, linked from the index with its type token", () => {
  const index = pages.get("README.md") ?? "";
  for (const type of resourceTypes()) {
    const file = pageFileName(type);
    expect(pages.get(file)).toContain(`\`pulumi-nodejs:dynamic/alicloud-media/${type}\``);
    expect(index).toContain(`](${file})`);
  }
  expect([...pages.keys()].sort()).toEqual(
    [
      "README.md",
      "ice-editing-project.md",
      "ice-media-producing-job.md",
      "ice-pipeline.md",
      "ice-storyboard-job.md",
      "ice-template.md",
      "ice-custom-template.md",
      "imm-batch.md",
      "imm-binding.md",
      "imm-dataset.md",
      "imm-project.md",
      "imm-story.md",
      "imm-trigger.md",
      "imm-oss-bucket-attachment.md",
    ].sort(),
  );
});

test("the check names a changed, a missing and an extra page", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "resource-docs-"));
  try {
    writePages(dir, pages);
    expect(stalePages(dir, pages)).toEqual([]);
    fs.appendFileSync(path.join(dir, "imm-project.md"), "hand edit\n");
    fs.rmSync(path.join(dir, "imm-story.md"));
    fs.writeFileSync(path.join(dir, "imm-unknown.md"), "gone\n");
    expect(stalePages(dir, pages)).toEqual([
      "imm-project.md (out of date)",
      "imm-story.md (missing)",
      "imm-unknown.md (no such resource)",
    ]);
    writePages(dir, pages);
    expect(stalePages(dir, pages)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("pages state what a change does, from the field traits", () => {
  expect(row("imm:Project", "projectName")).toContain("**replace** (old one deleted first)");
  expect(row("imm:Project", "description")).toContain("update in place");
  expect(row("imm:Project", "serviceRole")).toContain('`"AliyunIMMDefaultRole"`');
  expect(row("imm:Dataset", "forceDestroy")).toContain("no API call");
  expect(row("imm:Binding", "waitTimeoutSeconds")).toContain("never a diff");
  expect(row("imm:Binding", "waitTimeoutSeconds")).toContain("0–86,400");
  expect(row("imm:Story", "projectName")).toContain("**replace** (new one created first)");
  expect(row("imm:Story", "storyType")).toContain("update in place (`regenerate`)");
  expect(row("imm:Story", "storyName")).toContain("the service's value is kept");
  expect(row("imm:Story", "customLabels")).toContain("must hold at most 100 labels");
  expect(row("imm:Batch", "input")).toContain("else **replace**");
  expect(row("imm:Batch", "notification")).toContain("**replace**");
  expect(row("ice:StoryboardJob", "fileUrl")).toContain("**replace** (new one created first)");
  expect(row("ice:EditingProject", "templateType")).toContain("**replace** (old one deleted first)");
});

test("pages state the ID, the outputs and an example that passes check", () => {
  const dataset = pages.get("imm-dataset.md") ?? "";
  expect(dataset).toContain("| ID | `<projectName>/<datasetName>` |");
  expect(dataset).toMatch(/\| `bindCount` \| `number` \|/);
  // datasetName is auto-named, so the minimal example leaves it out.
  expect(dataset).toContain('new media.imm.Dataset("dataset", {\n  projectName: "my-project",\n});');
  const batch = pages.get("imm-batch.md") ?? "";
  expect(batch).toContain('actions: [{ name: "doc/convert" }]');
  expect(batch).toContain("| `batchState` | `string` |");
  // Nested fields carry their own rules and the SDK's doc comment.
  expect(batch).toMatch(/`input\.oss\.bucket` \| string \| +\| required; matches/);
  expect(pages.get("ice-storyboard-job.md")).toContain("| ID | the JobId |");
});
