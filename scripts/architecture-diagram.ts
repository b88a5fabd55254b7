/**
 * `npm run docs:diagram`: writes docs/architecture.svg, the picture of how the pieces fit that the
 * README shows, from the description below (boxes on a grid, arrows between them). The picture is
 * generated so it changes with the code review, never by hand; tests/unit/architecture-diagram.test.ts
 * fails when the committed file is stale.
 */
import fs from "node:fs";
import path from "node:path";

interface Box {
  id: string;
  /** Grid column and row (0-based). */
  col: number;
  row: number;
  /** Columns spanned. */
  span?: number;
  title: string;
  lines: string[];
  tone: "user" | "pulumi" | "ours" | "cloud";
}

interface Arrow {
  from: string;
  to: string;
  label: string;
}

const BOXES: Box[] = [
  {
    id: "program",
    col: 0,
    row: 0,
    title: "Your Pulumi program",
    lines: ["index.ts: new media.imm.Dataset(…)", "sdk/ (pulumi-alicloud-media)"],
    tone: "user",
  },
  {
    id: "cli",
    col: 1,
    row: 0,
    title: "Pulumi CLI and engine",
    lines: ["preview --diff, up, refresh, destroy", "state: thin __provider, no secret"],
    tone: "pulumi",
  },
  {
    id: "host",
    col: 1,
    row: 1,
    title: "Dynamic-provider host",
    lines: ["@pulumi/pulumi, one per stack", 'require("…/provider").dispatch'],
    tone: "pulumi",
  },
  {
    id: "provider",
    col: 0,
    row: 1,
    title: "provider/",
    lines: ["framework: one lifecycle + specs", "runtime: limiter, retry, waiter"],
    tone: "ours",
  },
  {
    id: "cloud",
    col: 0,
    row: 2,
    title: "Alibaba Cloud",
    lines: ["IMM 2020-09-30, ICE 2020-11-09", "imm.<region>.aliyuncs.com"],
    tone: "cloud",
  },
  {
    id: "emulator",
    col: 1,
    row: 2,
    title: "emulator/ (local)",
    lines: ["both APIs on one port, signatures", "async work, faults, state file"],
    tone: "ours",
  },
];

const ARROWS: Arrow[] = [
  { from: "program", to: "cli", label: "registrations" },
  { from: "cli", to: "host", label: "gRPC: Check, Diff, Create…" },
  { from: "host", to: "provider", label: "dispatch(type, method)" },
  { from: "provider", to: "cloud", label: "HTTPS, ACS3 signed" },
  { from: "provider", to: "emulator", label: "HTTP (endpoint config)" },
];

const COL_W = 440;
const ROW_H = 150;
const BOX_W = 280;
const BOX_H = 86;
const MARGIN = 30;
const FILL = { user: "#e8f1fb", pulumi: "#f3eefc", ours: "#e9f7ef", cloud: "#fdf2e6" } as const;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function frame(box: Box) {
  const x = MARGIN + box.col * COL_W;
  const y = MARGIN + box.row * ROW_H;
  return { x, y, w: BOX_W + ((box.span ?? 1) - 1) * COL_W, h: BOX_H };
}

/** The point where the line from the centre of `a` towards the centre of `b` leaves `a`. */
function edgePoint(a: ReturnType<typeof frame>, b: ReturnType<typeof frame>) {
  const ax = a.x + a.w / 2;
  const ay = a.y + a.h / 2;
  const dx = b.x + b.w / 2 - ax;
  const dy = b.y + b.h / 2 - ay;
  const scale = Math.min(Math.abs(a.w / 2 / (dx || 1e-9)), Math.abs(a.h / 2 / (dy || 1e-9)));
  return { x: Math.round(ax + dx * scale), y: Math.round(ay + dy * scale) };
}

export function architectureSvg(): string {
  const frames = new Map(BOXES.map((box) => [box.id, frame(box)]));
  const width = MARGIN * 2 + COL_W + BOX_W;
  const height = MARGIN * 2 + 2 * ROW_H + BOX_H;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const box of BOXES) {
    const f = frames.get(box.id)!;
    out.push(
      `<rect x="${f.x}" y="${f.y}" width="${f.w}" height="${f.h}" rx="8" fill="${FILL[box.tone]}" stroke="#888"/>`,
    );
    out.push(
      `<text x="${f.x + 12}" y="${f.y + 24}" font-size="15" font-weight="bold" fill="#222">${escape(box.title)}</text>`,
    );
    box.lines.forEach((line, i) =>
      out.push(
        `<text x="${f.x + 12}" y="${f.y + 48 + i * 18}" font-size="12" fill="#333">${escape(line)}</text>`,
      ),
    );
  }
  for (const arrow of ARROWS) {
    const a = frames.get(arrow.from)!;
    const b = frames.get(arrow.to)!;
    const start = edgePoint(a, b);
    const end = edgePoint(b, a);
    out.push(
      `<line x1="${start.x}" y1="${start.y}" x2="${end.x}" y2="${end.y}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`,
    );
    const mx = Math.round((start.x + end.x) / 2);
    const my = Math.round((start.y + end.y) / 2);
    // Beside a vertical arrow, above any other.
    const vertical = start.x === end.x;
    const [tx, ty, anchor] = vertical ? [mx + 8, my + 4, "start"] : [mx, my - 6, "middle"];
    out.push(
      `<text x="${tx}" y="${ty}" font-size="11" fill="#555" text-anchor="${anchor}">${escape(arrow.label)}</text>`,
    );
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

/** docs/architecture.svg of the repository, from the sources or from the compiled copy under build/. */
export const DIAGRAM_FILE = (() => {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir))
    if (fs.existsSync(path.join(dir, "package.json"))) return path.join(dir, "docs", "architecture.svg");
  throw new Error(`no package.json above ${__dirname}`);
})();

if (require.main === module) {
  const file = process.argv[2] ?? DIAGRAM_FILE;
  fs.writeFileSync(file, architectureSvg());
  console.log(`wrote ${file}`);
}
