/**
 * The README fits on a page, and every relative link in the README and docs/ resolves: the file
 * exists and, for `#anchor` links into Markdown, a heading with that slug does (GitHub's rule:
 * lower case, punctuation dropped, spaces to hyphens).
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const README_MAX_LINES = 260;

function markdownFiles(): string[] {
  const docs = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "api" ? [] : docs(relative);
      return entry.name.endsWith(".md") ? [relative] : [];
    });
  return ["README.md", "ARCHITECTURE.md", ...docs("docs")];
}

function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set(
    [...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      slug(m[1]!.replace(/`/g, "").replace(/\[(.*?)\]\(.*?\)/g, "$1")),
    ),
  );
}

function links(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target));
}

it(`the README has at most ${README_MAX_LINES} lines`, () => {
  expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n").length).toBeLessThanOrEqual(
    README_MAX_LINES,
  );
});

it.each(markdownFiles())("every relative link in %s resolves", (file) => {
  const broken = links(file).filter((target) => {
    const [pathPart, anchor] = target.split("#") as [string, string | undefined];
    const resolved = pathPart ? path.resolve(ROOT, path.dirname(file), pathPart) : path.join(ROOT, file);
    if (!fs.existsSync(resolved)) return true;
    if (!anchor || !resolved.endsWith(".md")) return false;
    return !anchors(resolved).has(anchor);
  });
  expect(broken).toEqual([]);
});
