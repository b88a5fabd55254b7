/**
 * The prose of a resource's page comes from the header comment of the provider file that declares
 * its spec (the file whose object literal has `type: "<module>:<Type>"`): why the resource behaves
 * as it does, which a spec cannot say. The header states the ID format in one sentence, "The ID is
 * …", which the page lifts into its own section. Table lines (`|`) and a line pointing at the page
 * (`docs/resources/…`) are left out: the page builds its table from the field traits.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export interface ProviderNotes {
  /** Relative to the repository root, with `/`. */
  file: string;
  /** Paragraphs of the header comment, table lines removed. */
  paragraphs: string[];
  /** `` `<projectName>/<datasetName>` ``, `the JobId`. */
  idFormat: string;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(full);
  }
  return files;
}

/** Whether the file has an object literal property `type: "<type>"`. */
function declaresType(source: ts.SourceFile, type: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === "type" &&
      ts.isStringLiteral(node.initializer) &&
      node.initializer.text === type
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function headerComment(text: string): string {
  const range = ts.getLeadingCommentRanges(text, 0)?.find((r) => text.startsWith("/**", r.pos));
  if (!range) return "";
  return text
    .slice(range.pos + 3, range.end - 2)
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .join("\n");
}

/** Paragraphs (blank-line separated), each on one line; list items (`- `) start a new line. */
function paragraphs(comment: string): string[] {
  const out: string[] = [];
  for (const block of comment.split(/\n\s*\n/)) {
    // Table lines and the pointer to the generated page itself are not prose for the page.
    const lines = block
      .split("\n")
      .filter((line) => !line.trimStart().startsWith("|") && !line.includes("docs/resources/"));
    const joined = lines
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .reduce(
        (acc, line) => (acc === "" ? line : line.startsWith("- ") ? `${acc}\n${line}` : `${acc} ${line}`),
        "",
      );
    if (joined !== "") out.push(joined);
  }
  return out;
}

export function providerNotes(root: string, type: string): ProviderNotes {
  const providerDir = path.join(root, "provider");
  for (const file of sourceFiles(providerDir)) {
    const text = fs.readFileSync(file, "utf8");
    if (!text.includes(type)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    if (!declaresType(source, type)) continue;
    const relative = path.relative(root, file).split(path.sep).join("/");
    const prose = paragraphs(headerComment(text));
    const idMatch = /\bThe ID is (.+?)\.(?:\s|$)/.exec(prose.join(" "));
    if (!idMatch)
      throw new Error(`${relative}: the header comment must state the ID format ("The ID is …").`);
    return { file: relative, paragraphs: prose, idFormat: idMatch[1]! };
  }
  throw new Error(`no file under provider/ declares the spec of ${type} (type: "${type}")`);
}
