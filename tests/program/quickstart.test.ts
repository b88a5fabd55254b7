/**
 * The quickstart program (examples/quickstart, the Pulumi.yaml at the repository root) end to end with
 * its dev stack config: the program under Pulumi's mocks, each registration handed to the real
 * dynamic-provider host over gRPC with the engine's rules, against the emulator. Then the
 * `npm run quickstart` script itself, offline, in both its success and its failure path.
 */
import path from "node:path";
import { startEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { runQuickstart } from "../../scripts/quickstart";
import { formatRun } from "../../scripts/run-report";
import { readProjectName } from "../../scripts/stack-config";
import type { RunResult } from "../harness/engine";
import { runProgram } from "../harness/program";
import { REPO_ROOT } from "../harness/user-project";
import quickstart = require("../../examples/quickstart");
import {
  consoleClient,
  objectsLeft,
  openStack,
  stackConfigFor,
  writesSince,
  type Emulator,
  type StackFixture,
} from "./program-fixtures";

const PROJECT = readProjectName(path.join(REPO_ROOT, "Pulumi.yaml"));
const STACK = "dev";
/** Every resource the quickstart declares, by logical name. */
const RESOURCES = [
  "media",
  "photos",
  "photos-bucket",
  "highlights",
  "documents",
  "highlights-edit",
  "highlights-storyboard",
  "render-queue",
  "highlights-video",
  "delivery-preset",
  "new-documents",
  "bucket-processing",
];
const N = RESOURCES.length;

const OWNER = { "alicloud-media-quickstart:owner": "media-team" };
const BUCKET = { "alicloud-media-quickstart:bucket": "other-photos" };

let emulator: Emulator;
let stack: StackFixture;
let config: Record<string, string>;

/** What a run did to each resource that changed, by logical name (replacements counted once). */
function plan(run: RunResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const step of run.steps)
    if (["create", "update", "replace", "delete"].includes(step.op))
      out[step.urn.split("::").pop()!] = step.op;
  return out;
}

function up(overrides: Record<string, string> = {}, preview = false) {
  return runProgram(quickstart, stack.deployment, {
    project: PROJECT,
    stack: STACK,
    preview,
    config: { ...config, ...overrides },
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { bindingScanMs: 100 } });
  config = stackConfigFor("Pulumi.dev.yaml", emulator);
  stack = await openStack(PROJECT, STACK, config);
});

afterAll(async () => {
  await stack?.close();
  await emulator?.close();
});

describe("the quickstart program on its dev stack", () => {
  let projectName: string;

  it("previews every resource as a create, without a single write call", async () => {
    const before = { ...emulator.stats().requests };
    const preview = await up({}, true);
    expect(preview.result.changes).toEqual({ create: N });
    expect(preview.result.steps.map((s) => s.urn.split("::").pop()).sort()).toEqual([...RESOURCES].sort());
    expect(writesSince(emulator, before)).toEqual([]);
    expect(objectsLeft(emulator)).toEqual([]);
  });

  it("ups from empty, each resource wired to the previous one through outputs", async () => {
    const run = await up();
    expect(run.result.changes).toEqual({ create: N });
    projectName = run.outputs.projectName as string;
    expect(projectName).toMatch(/^media-[0-9a-f]{8}$/);
    expect(run.outputs.datasetName).toMatch(/^photos-[0-9a-f]{8}$/);
    expect(run.outputs.bindingState).toBe("Running");
    expect(run.outputs.videoUrl).toMatch(
      /^https:\/\/quickstart-photos\.oss-cn-shanghai\.aliyuncs\.com\/renders\/highlights\.mp4/,
    );
    expect(stack.deployment.resource("photos")?.inputs.projectName).toBe(projectName);
    expect(stack.deployment.resource("photos-bucket")?.inputs.datasetName).toBe(run.outputs.datasetName);
    expect(stack.deployment.stateJson()).not.toContain(config["alicloud-media:accessKeySecret"]);
  });

  it("a second up changes nothing and sends no write call", async () => {
    const before = { ...emulator.stats().requests };
    const run = await up();
    expect(run.result.changes).toEqual({ same: N });
    expect(run.result.rpcs.filter((r) => /Create|Update|Delete/.test(r.method))).toEqual([]);
    expect(writesSince(emulator, before)).toEqual([]);
  });

  it("a changed owner tag updates the project and replaces the finished batch, nothing else", async () => {
    const before = new Map(stack.deployment.state.map((r) => [r.urn, r.inputs]));
    const preview = await up(OWNER, true);
    // The report the offline quickstart prints, with the fields that change.
    const report = formatRun("Previewing update (dev)", preview.result, {
      inputsBefore: before,
      inputsAfter: (step) => step.outputs,
    }).join("\n");
    expect(report).toMatch(/~ +\S+imm:Project +media +update +\[diff: ~tags\]/);
    expect(report).toMatch(/\+- +\S+imm:Batch +documents +replace +\[diff: ~tags\]/);
    expect(report).toContain(`${N - 2} unchanged`);
    const run = await up(OWNER);
    // The batch waited for completion, and IMM cannot update a finished batch: the preview says replace.
    expect(plan(run.result)).toEqual({ media: "update", documents: "replace" });
    expect(run.result.changes.same).toBe(N - 2);
    expect(stack.deployment.resource("media")?.outputs.tags).toEqual({ owner: "media-team" });
    expect(stack.deployment.resource("documents")?.outputs.tags).toEqual({ owner: "media-team" });
  });

  it("a changed bucket changes exactly what reads it: binding, batch, trigger, attachment, edit, storyboard, video", async () => {
    const run = await up({ ...OWNER, ...BUCKET });
    expect(plan(run.result)).toEqual({
      "photos-bucket": "replace", // uri forces a new binding
      documents: "replace", // a finished batch's input cannot change in place
      "highlights-edit": "update", // the timeline's clip URL, updated in place
      "highlights-storyboard": "replace", // a storyboard job is immutable: a new job
      "highlights-video": "replace", // a new output file in the other bucket: a new render
      "new-documents": "replace", // IMM updates a trigger's input only while it is not Running
      "bucket-processing": "replace", // the attachment's key is the bucket
    });
    expect(run.result.changes.same).toBe(N - 7);
    expect(stack.deployment.resource("photos-bucket")?.outputs.uri).toBe("oss://other-photos");
    // The old binding is gone (files it indexed stay in the dataset, as in IMM).
    const bindings = Object.keys(emulator.resources()["imm.bindings"] ?? {});
    expect(bindings).toEqual([expect.stringMatching(/\/oss:\/\/other-photos$/)]);
  });

  it("refresh sees a change made in the console, and the next up puts the declaration back", async () => {
    await consoleClient(emulator, "imm").call(imm.UpdateProject, {
      ProjectName: projectName,
      Description: "changed in the console",
    });
    const refresh = await stack.deployment.refresh();
    expect(refresh.steps.filter((s) => s.gone)).toEqual([]);
    expect(stack.deployment.resource("media")?.outputs.description).toBe("changed in the console");
    const run = await up({ ...OWNER, ...BUCKET });
    expect(plan(run.result)).toEqual({ media: "update" });
    expect(stack.deployment.resource("media")?.outputs.description).toBe("quickstart media project");
  });

  it("destroy leaves the emulator empty", async () => {
    const destroyed = await stack.deployment.destroy();
    expect(destroyed.changes).toEqual({ delete: N });
    expect(stack.deployment.state).toHaveLength(0);
    expect(objectsLeft(emulator)).toEqual([]);
  });
});

describe("npm run quickstart (offline)", () => {
  it("previews, deploys, proves a second up is a no-op, destroys, and says OK", async () => {
    const lines: string[] = [];
    await runQuickstart({ offline: true, port: 0, log: (line) => lines.push(line) });
    const text = lines.join("\n");
    expect(text).toContain("Previewing update (dev)");
    expect(text).toContain(`${N} to create`);
    expect(text).toContain(`${N} created`);
    expect(text).toMatch(/projectName: +"media-[0-9a-f]{8}"/);
    expect(text).toContain(`${N} unchanged`);
    expect(text).toContain(`${N} deleted`);
    expect(text).toContain("quickstart: OK");
  });

  it("fails when a step fails, and stops the emulator it started", async () => {
    const lines: string[] = [];
    await expect(
      runQuickstart({
        offline: true,
        port: 0,
        log: (line) => lines.push(line),
        configOverrides: { "alicloud-media:accessKeySecret": "not-the-emulator-secret" },
      }),
    ).rejects.toThrow(/Create of .* failed: .*SignatureDoesNotMatch/);
    const url = /emulator: (\S+)/.exec(lines.join("\n"))?.[1];
    expect(url).toBeDefined();
    await expect(fetch(`${url}/__emulator/stats`)).rejects.toThrow();
    expect(lines.join("\n")).not.toContain("not-the-emulator-secret");
  });
});
