/**
 * bench/RESULTS.md: `npm run bench` and `npm run chaos` each own sections of the file, delimited by
 * HTML comments, and rewrite only their own; each section carries the machine, date and commit it
 * was measured on, so figures from different runs are never mistaken for one another.
 */
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT, type Machine } from "./env";

export const RESULTS_FILE = path.join(REPO_ROOT, "bench", "RESULTS.md");

const HEADER = `# Benchmarks and fault soak

Reproduce with \`npm run bench\` (waiting, scale, state, overhead) and \`npm run chaos\` (fault soak);
each rewrites only its own sections below. Every figure comes from the real dynamic-provider host
(\`@pulumi/pulumi\`'s, over gRPC) driven by the engine simulator (\`tests/harness/engine.ts\`) against the
local emulator, which enforces IMM's 100 requests per second per project. How each figure is
measured is written under its table; the code is in \`bench/\`.
`;

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

export function machineLine(m: Machine): string {
  return `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB memory, Node ${m.node}; date ${m.date}; commit ${m.commit}.`;
}

const marker = (name: string, edge: "begin" | "end") => `<!-- ${edge} ${name} -->`;

/** Replaces (or appends) the section `name`, keeping every other section as it was. */
export function writeSection(name: string, body: string, file = RESULTS_FILE): void {
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `${HEADER}\n`;
  const begin = marker(name, "begin");
  const end = marker(name, "end");
  const block = `${begin}\n${body.trim()}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = `${text.slice(0, from)}${block}${text.slice(to + end.length)}`;
  else text = `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

export const fmt = {
  s: (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : "n/a"),
  ms: (ms: number) => (Number.isFinite(ms) ? `${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms` : "n/a"),
  n: (n: number) => (Number.isFinite(n) ? (Number.isInteger(n) ? String(n) : n.toFixed(1)) : "n/a"),
  bytes: (n: number) => `${n.toLocaleString("en-US")} B`,
};
