/**
 * State: what the provider costs in every stack's checkpoint. `__provider` bytes per resource type,
 * the checkpoint of the 500-resource scale stack (as `pulumi stack export` writes it, indented), and
 * proof that a build of another package version serializes the same `__provider` (so upgrading the
 * package causes no `~__provider` diff): dist/ is copied next to a package.json with another version
 * and a changed provider module, and both SDKs register one resource of every type under mocks.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { captureRegistrations, type Registration } from "../tests/harness/registrations";
import { loadSdk, REPO_ROOT } from "./env";
import { RESOURCE_KINDS, sdkClass } from "./mix";

type Sdk = ReturnType<typeof loadSdk>;

export interface StateResult {
  perType: { type: string; count: number; providerBytes: number; avgResourceBytes: number }[];
  resources: number;
  checkpointBytes: number;
  providerShare: number;
  versions: { current: string; other: string };
  identical: { type: string; same: boolean; sha256: string }[];
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

/** One resource of every type the SDK has, with minimal valid arguments (never applied). */
function oneOfEach(sdk: Sdk): () => void {
  const args: Record<string, Record<string, unknown>> = {
    "imm:Project": {},
    "imm:Dataset": { projectName: "p" },
    "imm:Binding": { projectName: "p", datasetName: "d", uri: "oss://state-bucket" },
    "imm:Story": { projectName: "p", datasetName: "d", storyType: "TimeMemory" },
    "imm:Batch": { projectName: "p", input: { oss: { bucket: "b" } }, actions: [{ name: "doc/convert" }] },
    "ice:EditingProject": {},
    "ice:StoryboardJob": { fileUrl: "https://b.oss-cn-shanghai.aliyuncs.com/n.txt" },
  };
  return () => {
    for (const kind of RESOURCE_KINDS) {
      const Class = sdkClass(sdk, kind.module, kind.className);
      if (Class && args[kind.type]) new Class(`state-${kind.className}`, args[kind.type]!);
    }
  };
}

const register = (program: () => void): Promise<Registration[]> =>
  captureRegistrations(program, { project: "bench", stack: "bench" });

export async function runState(checkpoint: { resources: Record<string, unknown>[] }): Promise<StateResult> {
  // Sizes in the 500-resource checkpoint.
  const text = JSON.stringify(checkpoint, null, 4);
  const perType = new Map<string, { count: number; providerBytes: number; resourceBytes: number }>();
  let providerTotal = 0;
  for (const r of checkpoint.resources) {
    const type = String(r.type)
      .split("/")
      .slice(-2)
      .join("/")
      .replace(/^alicloud-media\//, "");
    const outputs = r.outputs as Record<string, unknown>;
    const inputs = r.inputs as Record<string, unknown>;
    const provider = String(outputs.__provider ?? inputs.__provider ?? "");
    // Stored twice: in the inputs and in the outputs.
    providerTotal += bytes(String(inputs.__provider ?? "")) + bytes(String(outputs.__provider ?? ""));
    const entry = perType.get(type) ?? { count: 0, providerBytes: bytes(provider), resourceBytes: 0 };
    entry.count++;
    entry.resourceBytes += bytes(JSON.stringify(r, null, 4));
    perType.set(type, entry);
  }

  // Two package versions, one `__provider`.
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    version: string;
  };
  const otherVersion = `${Number(pkg.version.split(".")[0]) + 1}.0.0`;
  const next = fs.mkdtempSync(path.join(os.tmpdir(), "bench-next-release-"));
  let identical: StateResult["identical"];
  try {
    fs.cpSync(path.join(REPO_ROOT, "dist"), path.join(next, "dist"), { recursive: true });
    fs.writeFileSync(path.join(next, "package.json"), JSON.stringify({ ...pkg, version: otherVersion }));
    fs.appendFileSync(path.join(next, "dist/provider/index.js"), "\n// a change in the next release\n");
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(next, "node_modules"), "dir");
    const nextSdk = require(path.join(next, "dist/sdk")) as Sdk;
    const current = await register(oneOfEach(loadSdk()));
    const upgraded = await register(oneOfEach(nextSdk));
    identical = current.map((reg) => {
      const other = upgraded.find((u) => u.type === reg.type);
      const text = String(reg.inputs.__provider);
      return {
        type: reg.type.split("/").slice(-1)[0]!,
        same: other !== undefined && String(other.inputs.__provider) === text,
        sha256: createHash("sha256").update(text).digest("hex").slice(0, 16),
      };
    });
  } finally {
    fs.rmSync(next, { recursive: true, force: true });
  }

  return {
    perType: [...perType].map(([type, e]) => ({
      type,
      count: e.count,
      providerBytes: e.providerBytes,
      avgResourceBytes: Math.round(e.resourceBytes / e.count),
    })),
    resources: checkpoint.resources.length,
    checkpointBytes: bytes(text),
    providerShare: providerTotal / bytes(text),
    versions: { current: pkg.version, other: otherVersion },
    identical,
  };
}
