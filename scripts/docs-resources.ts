/**
 * `npm run docs:resources` writes docs/resources/: one page per registered resource and an index;
 * `--check` (part of `npm run docs:check`) regenerates them in memory and fails, naming the files,
 * when a page is missing, stale or no longer generated. The specs are read through the provider's
 * registry, so registering a resource is what gives it a page. Output is deterministic: registry
 * and schema order, no dates.
 */
import fs from "node:fs";
import path from "node:path";
import { lifecycle, resourceTypes } from "../provider/registry";
import { exampleArgs, exampleSource, exampleYaml, withFieldsAskedFor } from "./resource-docs/example";
import { providerNotes } from "./resource-docs/provider-notes";
import { logicalName, pageFileName, renderIndex, renderPage } from "./resource-docs/render";
import { schemaRows } from "./resource-docs/schema-rows";
import { SdkDocs } from "./resource-docs/sdk-docs";

/** The repository root: the nearest folder above this file with this package's package.json. */
export function repositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      fs.existsSync(manifest) &&
      fs.readFileSync(manifest, "utf8").includes('"name": "pulumi-alicloud-media"')
    )
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no pulumi-alicloud-media package.json above ${from}`);
  }
}

export const RESOURCE_DOCS_DIR = path.join("docs", "resources");

/** File name (inside docs/resources) → content, for every registered resource and the index. */
export async function generateResourceDocs(root: string = repositoryRoot()): Promise<Map<string, string>> {
  const sdk = new SdkDocs(root);
  const pages = new Map<string, string>();
  const indexed: Parameters<typeof renderIndex>[0][number][] = [];
  for (const type of resourceTypes()) {
    const resourceLifecycle = lifecycle(type);
    const spec = resourceLifecycle.spec;
    const rows = schemaRows(spec.schema);
    const resource = sdk.resource(type);
    const notes = providerNotes(root, type);
    const name = logicalName(type);
    let args = exampleArgs(rows, resource?.argDocs ?? new Map(), spec.autoName?.field);
    // The example must pass the provider's own check (the auto-named field as the provider derives it);
    // what a cross-field rule asks for is added once.
    const check = async () => {
      const named = spec.autoName ? { ...args, [spec.autoName.field]: spec.autoName.sanitize(name) } : args;
      return (await resourceLifecycle.check({}, named)).failures;
    };
    let failures = await check();
    if (failures.length > 0) {
      const asked = failures.map((f) => f.property);
      args = withFieldsAskedFor(rows, resource?.argDocs ?? new Map(), args, asked);
      failures = await check();
    }
    if (failures.length > 0)
      throw new Error(`${type}: the generated example fails check: ${JSON.stringify(failures)}`);
    const example = exampleSource(resource?.className ?? `media.${type.replace(":", ".")}`, name, args);
    const yamlExample = exampleYaml(type, name, args);
    pages.set(pageFileName(type), renderPage({ spec, rows, sdk: resource, notes, example, yamlExample }));
    indexed.push({ spec, notes });
  }
  pages.set("README.md", renderIndex(indexed));
  return pages;
}

/** The files of `dir` that differ from `pages`: missing, different, or not generated any more. */
export function stalePages(dir: string, pages: ReadonlyMap<string, string>): string[] {
  const stale: string[] = [];
  for (const [file, content] of pages) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) stale.push(`${file} (missing)`);
    else if (fs.readFileSync(full, "utf8") !== content) stale.push(`${file} (out of date)`);
  }
  const present = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".md")) : [];
  for (const file of present.sort()) if (!pages.has(file)) stale.push(`${file} (no such resource)`);
  return stale;
}

export function writePages(dir: string, pages: ReadonlyMap<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(dir))
    if (file.endsWith(".md") && !pages.has(file)) fs.rmSync(path.join(dir, file));
  for (const [file, content] of pages) fs.writeFileSync(path.join(dir, file), content);
}

async function main(argv: readonly string[]): Promise<number> {
  const root = repositoryRoot();
  const dir = path.join(root, RESOURCE_DOCS_DIR);
  const pages = await generateResourceDocs(root);
  if (argv.includes("--check")) {
    const stale = stalePages(dir, pages);
    if (stale.length === 0) return 0;
    console.error(
      `docs/resources is stale; run \`npm run docs:resources\` and commit the result:\n  ${stale.join("\n  ")}`,
    );
    return 1;
  }
  writePages(dir, pages);
  console.log(`wrote ${pages.size} files to ${RESOURCE_DOCS_DIR}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
