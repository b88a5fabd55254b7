/**
 * examples/multi-env: one program, three stacks. Each stack's own Pulumi.<stack>.yaml is deployed
 * (endpoints moved to the emulator, and the emulator's key where the file leaves credentials to CI),
 * through the real dynamic-provider host with the engine's rules: up from empty, a no-change second up
 * with zero write calls, an edited quota, drift repaired after a refresh, and destroy. On prod, the
 * `protect` option on the project and the dataset blocks a destroy and a replacement until it is
 * turned off in config; then, without forceDestroy, IMM still keeps a dataset that indexes files, until
 * forceDestroy is turned on (an update with no call to the dataset) for the final destroy.
 */
import path from "node:path";
import { startEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { readProjectName, readStackConfig } from "../../scripts/stack-config";
import { DeploymentError } from "../harness/engine";
import { runProgram } from "../harness/program";
import { REPO_ROOT } from "../harness/user-project";
import multiEnv = require("../../examples/multi-env");
import {
  consoleClient,
  objectsLeft,
  openStack,
  stackConfigFor,
  writesSince,
  type Emulator,
  type StackFixture,
} from "./program-fixtures";

const DIR = "examples/multi-env";
const PROJECT = readProjectName(path.join(REPO_ROOT, DIR, "Pulumi.yaml"));
const RESOURCES = ["media", "assets", "uploads"];

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, timings: { bindingScanMs: 100 } });
});

afterAll(async () => {
  await emulator?.close();
});

describe("the three stacks' config files", () => {
  it("differ in region, endpoints, naming prefix and quotas, and only prod protects its data", () => {
    const stacks = ["dev", "staging", "prod"].map((s) =>
      readStackConfig(path.join(REPO_ROOT, DIR, `Pulumi.${s}.yaml`)),
    );
    const values = (key: string) => stacks.map((c) => c[key]);
    expect(new Set(values("alicloud-media:region")).size).toBe(3);
    expect(new Set(values("media-pipeline:namePrefix")).size).toBe(3);
    expect(new Set(values("media-pipeline:datasetMaxFileCount")).size).toBe(3);
    expect(values("alicloud-media:immEndpoint")).toEqual([
      "http://127.0.0.1:18080",
      "imm.cn-hangzhou.aliyuncs.com",
      undefined,
    ]);
    expect(values("media-pipeline:protectData")).toEqual([undefined, undefined, "true"]);
    // Real stacks take their keys from CI secrets, never from the file.
    expect(values("alicloud-media:accessKeySecret").slice(1)).toEqual([undefined, undefined]);
  });
});

describe.each(["dev", "staging", "prod"])("the %s stack", (stackName) => {
  let stack: StackFixture;
  let config: Record<string, string>;
  let prefix: string;
  const isProd = stackName === "prod";

  const up = (overrides: Record<string, string> = {}) =>
    runProgram(multiEnv, stack.deployment, {
      project: PROJECT,
      stack: stackName,
      config: { ...config, ...overrides },
    });
  const project = () => emulator.resources()["imm.projects"]?.[`${prefix}-media`] as Record<string, unknown>;
  const dataset = () =>
    emulator.resources()["imm.datasets"]?.[`${prefix}-media/${prefix}-assets`] as Record<string, unknown>;

  beforeAll(async () => {
    config = stackConfigFor(`${DIR}/Pulumi.${stackName}.yaml`, emulator);
    prefix = config["media-pipeline:namePrefix"] as string;
    stack = await openStack(PROJECT, stackName, config);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("ups from empty with the stack's names, quotas and protection", async () => {
    const run = await up();
    expect(run.result.changes).toEqual({ create: 3 });
    expect(stack.deployment.state.map((r) => r.urn.split("::").pop())).toEqual(RESOURCES);
    expect(run.outputs).toMatchObject({
      region: config["alicloud-media:region"],
      projectName: `${prefix}-media`,
      datasetName: `${prefix}-assets`,
      bindingState: "Running",
      protected: isProd,
    });
    expect(project()?.DatasetMaxBindCount).toBe(Number(config["media-pipeline:datasetMaxBindCount"]));
    expect(project()?.ProjectMaxDatasetCount).toBe(Number(config["media-pipeline:projectMaxDatasetCount"]));
    expect(dataset()?.DatasetMaxFileCount).toBe(Number(config["media-pipeline:datasetMaxFileCount"]));
    expect(project()?.Tags).toEqual(expect.arrayContaining([{ TagKey: "env", TagValue: prefix }]));
    const protectedNames = stack.deployment.state
      .filter((r) => r.protect)
      .map((r) => r.urn.split("::").pop());
    expect(protectedNames).toEqual(isProd ? ["media", "assets"] : []);
    expect(stack.deployment.stateJson()).not.toContain(config["alicloud-media:accessKeySecret"]);
  });

  it("a second up changes nothing and sends no write call", async () => {
    const before = { ...emulator.stats().requests };
    const run = await up();
    expect(run.result.changes).toEqual({ same: 3 });
    expect(writesSince(emulator, before)).toEqual([]);
  });

  it("a changed file quota updates the project and the dataset in place", async () => {
    // Halved: prod already sits at IMM's maximum (1e8), which check would refuse to exceed.
    const changed = String(Number(config["media-pipeline:datasetMaxFileCount"]) / 2);
    config = { ...config, "media-pipeline:datasetMaxFileCount": changed };
    const run = await up();
    expect(run.result.changes).toEqual({ update: 2, same: 1 });
    expect(run.result.steps.filter((s) => s.op === "update").map((s) => s.urn.split("::").pop())).toEqual([
      "media",
      "assets",
    ]);
    expect(dataset()?.DatasetMaxFileCount).toBe(Number(changed));
    expect(project()?.DatasetMaxFileCount).toBe(Number(changed));
  });

  it("refresh sees a dataset changed in the console, and the next up puts the declaration back", async () => {
    await consoleClient(emulator, "imm").call(imm.UpdateDataset, {
      ProjectName: `${prefix}-media`,
      DatasetName: `${prefix}-assets`,
      Description: "edited by hand",
    });
    await stack.deployment.refresh();
    expect(stack.deployment.resource("assets")?.outputs.description).toBe("edited by hand");
    const run = await up();
    expect(run.result.changes).toEqual({ update: 1, same: 2 });
    expect(dataset()?.Description).toBe(`uploaded assets (${prefix})`);
  });

  if (isProd) {
    it("refuses to destroy protected data, before deleting anything", async () => {
      const before = { ...emulator.stats().requests };
      const error = await stack.deployment.destroy().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeploymentError);
      expect((error as Error).message).toMatch(
        /unable to delete resource ".*::uploads"|unable to delete resource ".*::(assets|media)"/,
      );
      expect((error as Error).message).toContain("marked for protection");
      expect(writesSince(emulator, before)).toEqual([]);
      expect(stack.deployment.state).toHaveLength(3);
    });

    it("refuses a renaming that would replace protected data, before any write", async () => {
      const before = { ...emulator.stats().requests };
      await expect(up({ "media-pipeline:namePrefix": "prod2" })).rejects.toThrow(
        /unable to replace resource ".*::media"[\s\S]*marked for protection/,
      );
      expect(writesSince(emulator, before)).toEqual([]);
      expect(project()).toBeDefined();
    });

    it("once protectData is turned off, an up only clears the flag (no write call)", async () => {
      config = { ...config, "media-pipeline:protectData": "false" };
      const before = { ...emulator.stats().requests };
      const run = await up();
      expect(run.result.changes).toEqual({ same: 3 });
      expect(stack.deployment.state.filter((r) => r.protect)).toEqual([]);
      expect(writesSince(emulator, before)).toEqual([]);
    });

    it("without forceDestroy, destroy still keeps a dataset that indexes files, and says what to do", async () => {
      const error = await stack.deployment.destroy().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeploymentError);
      expect((error as Error).message).toMatch(
        /Delete of .*::assets failed: .*indexed file\(s\).*forceDestroy/,
      );
      // Reverse dependency order: the binding went first; the dataset and its project are still there.
      expect(stack.deployment.state.map((r) => r.urn.split("::").pop())).toEqual(["media", "assets"]);
      expect(dataset()).toBeDefined();
    });

    it("decommissioning: forceDestroy turned on is recorded without a call to the dataset", async () => {
      config = { ...config, "media-pipeline:forceDestroy": "true" };
      const before = { ...emulator.stats().requests };
      const run = await up();
      // The binding the failed destroy removed is bound again; the dataset only records forceDestroy.
      expect(
        run.result.steps.filter((s) => s.op !== "same").map((s) => [s.urn.split("::").pop(), s.op]),
      ).toEqual([
        ["assets", "update"],
        ["uploads", "create"],
      ]);
      expect(writesSince(emulator, before)).toEqual(["CreateBinding"]);
      expect(stack.deployment.resource("assets")?.outputs.forceDestroy).toBe(true);
    });
  }

  it("destroy removes every object of the stack", async () => {
    const destroyed = await stack.deployment.destroy();
    expect(destroyed.changes).toEqual({ delete: 3 });
    expect(stack.deployment.state).toEqual([]);
    expect(objectsLeft(emulator).filter((key) => key.includes(`${prefix}-`))).toEqual([]);
  });
});

describe("after every stack is destroyed", () => {
  it("the emulator is empty", () => {
    expect(objectsLeft(emulator)).toEqual([]);
  });
});
