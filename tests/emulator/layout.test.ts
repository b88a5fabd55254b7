/**
 * The emulator's layout stays as ARCHITECTURE.md describes it: small modules (none above 400
 * lines), no import cycle (the admin endpoints drive the server through an interface), and one
 * pagination module: no list handler reads or writes NextToken itself.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../emulator");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const files = sources(ROOT);
const text = new Map(files.map((file) => [file, readFileSync(file, "utf8")]));
const name = (file: string) => relative(ROOT, file);

/** The emulator modules a file imports (type imports too: they make a cycle for a reader as well). */
function imports(file: string): string[] {
  const found: string[] = [];
  for (const match of (text.get(file) ?? "").matchAll(/from "(\.[^"]+)"/g)) {
    const target = resolve(dirname(file), match[1]!);
    const module = [`${target}.ts`, join(target, "index.ts")].find((candidate) => text.has(candidate));
    if (module) found.push(module);
  }
  return found;
}

it("has no source file above 400 lines", () => {
  const long = files
    .map((file) => ({ file: name(file), lines: (text.get(file) ?? "").split("\n").length - 1 }))
    .filter(({ lines }) => lines > 400);
  expect(long).toEqual([]);
});

it("has no import cycle", () => {
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    if (path.includes(file)) {
      cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(" → "));
      return;
    }
    if (done.has(file)) return;
    for (const next of imports(file)) visit(next, [...path, file]);
    done.add(file);
  };
  files.forEach((file) => visit(file, []));
  expect(cycles).toEqual([]);
});

it("pages every list operation through core/pagination.ts", () => {
  const own = files.filter((file) => name(file) !== join("core", "pagination.ts"));
  expect(own.filter((file) => /NextToken|PageNo/.test(text.get(file) ?? "")).map(name)).toEqual([]);
});
