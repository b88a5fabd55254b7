/**
 * `pulumi-alicloud-media/testing`: deploy your own Pulumi program against the local emulator from a
 * test runner, with no Alibaba Cloud account and no Pulumi Cloud login.
 *
 * `startTestStack` starts an emulator in the test process and creates a stack for an inline program
 * through the Pulumi Automation API, on a local file state backend in a temporary folder, with the
 * stack's `alicloud-media:*` config pointing at the emulator. The real Pulumi CLI runs the
 * deployment; the dynamic-provider host it starts talks to the emulator over HTTP, signed with the
 * emulator's keys.
 *
 * ```ts
 * import { startTestStack, objectsLeft } from "pulumi-alicloud-media/testing";
 *
 * const test = await startTestStack({ program: async () => ({ name: new imm.Project("p").projectName }) });
 * const up = await test.stack.up();
 * await test.stack.destroy();
 * expect(objectsLeft(test.emulator)).toEqual([]);
 * await test.close();
 * ```
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from "../emulator";
import {
  objectsLeft as leftoversOf,
  RECORDS_WITHOUT_DELETE as EMULATOR_RECORDS,
} from "../emulator/leftovers";

/** The region the test config names; any region works, the endpoints point at the emulator. */
export const TEST_REGION = "cn-shanghai";

/** Passphrase of the temporary state backend: the state holds only the emulator's test key. */
export const TEST_PASSPHRASE = "alicloud-media-testing";

/** How to reach an emulator: its URL, and the keys it was started with when not its defaults. */
export interface EmulatorTarget {
  /** The emulator's `url` (`http://127.0.0.1:<port>`). */
  url: string;
  /** The access key ID the emulator accepts; default the emulator's default key. */
  accessKeyId?: string;
  /** The matching secret; default the emulator's default secret. */
  accessKeySecret?: string;
  /** The `alicloud-media:region` value; default {@link TEST_REGION}. */
  region?: string;
}

/**
 * The `alicloud-media:*` stack config that points a stack at an emulator: both endpoints, the region
 * and the emulator's key pair, the secret marked secret. Pass it to `stack.setAllConfig`.
 */
export function emulatorStackConfig(target: EmulatorTarget): ConfigMap {
  return {
    "alicloud-media:region": { value: target.region ?? TEST_REGION },
    "alicloud-media:immEndpoint": { value: target.url },
    "alicloud-media:iceEndpoint": { value: target.url },
    "alicloud-media:accessKeyId": { value: target.accessKeyId ?? DEFAULT_ACCESS_KEY_ID },
    "alicloud-media:accessKeySecret": {
      value: target.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
      secret: true,
    },
  };
}

/**
 * Environment for a `LocalWorkspace` (its `envVars`) that keeps a test offline: the local file state
 * backend in `stateDir`, its passphrase, no update check, and no probe of the ECS metadata service
 * by the credential chain.
 */
export function testWorkspaceEnv(stateDir: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  };
}

/** Options of {@link startTestStack}. */
export interface TestStackOptions {
  /** The Pulumi program, run inline in the test process (no language plugin involved). */
  program: PulumiFn;
  /** The Pulumi project name; default `alicloud-media-test`. */
  projectName?: string;
  /** The stack name; default `test`. */
  stackName?: string;
  /**
   * The folder whose `node_modules` holds this package and `@pulumi/pulumi`: the CLI starts the
   * dynamic-provider host there. Default `process.cwd()` (your project, when the test runner runs
   * from it).
   */
  projectDir?: string;
  /**
   * The Pulumi CLI, e.g. `await PulumiCommand.get({ root })` for a CLI in `<root>/bin`; default the
   * `pulumi` on PATH. A CLI given by path has its folder put first on PATH, so it finds the
   * dynamic-provider plugin (`pulumi-resource-pulumi-nodejs`) installed next to it.
   */
  pulumiCommand?: PulumiCommand;
  /** Options of the emulator this starts (keys, timings, faults); `port` defaults to a free one. */
  emulator?: EmulatorOptions;
  /** Further environment for the CLI; overrides the offline defaults of {@link testWorkspaceEnv}. */
  envVars?: Record<string, string>;
}

/** A stack for your program, configured for a running emulator. */
export interface TestStack {
  /** The Automation API stack: `up`, `preview`, `refresh`, `destroy`, `outputs`. */
  stack: Stack;
  /** The emulator the stack deploys to: `stats()` counts its requests, `resources()` lists its tables. */
  emulator: RunningEmulator;
  /** The stack config that was set (see {@link emulatorStackConfig}). */
  config: ConfigMap;
  /** The temporary folder holding the state backend and the workspace; removed by `close`. */
  dir: string;
  /** Stops the emulator and removes the temporary folder. Destroy the stack first. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts an emulator and creates (or selects) a stack for `program` on a local file state backend in
 * a new temporary folder, configured by {@link emulatorStackConfig}. Call `close()` when done, after
 * `stack.destroy()`.
 */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const emulator = await startEmulator({ port: 0, ...options.emulator });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-media-test-"));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const stateDir = path.join(dir, "state");
    const workDir = path.join(dir, "workspace");
    fs.mkdirSync(stateDir);
    fs.mkdirSync(workDir);
    const pulumiCommand = options.pulumiCommand ?? (await PulumiCommand.get());
    const projectName = options.projectName ?? "alicloud-media-test";
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName, stackName: options.stackName ?? "test", program: options.program },
      {
        // Pulumi.yaml goes to the temporary workspace; `main` keeps the provider host in the project.
        workDir,
        projectSettings: {
          name: projectName,
          runtime: "nodejs",
          main: path.resolve(options.projectDir ?? process.cwd()),
        },
        pulumiCommand,
        envVars: { ...testWorkspaceEnv(stateDir), ...withCliOnPath(pulumiCommand), ...options.envVars },
      },
    );
    const config = emulatorStackConfig({
      url: emulator.url,
      ...(options.emulator?.accessKeyId ? { accessKeyId: options.emulator.accessKeyId } : {}),
      ...(options.emulator?.accessKeySecret ? { accessKeySecret: options.emulator.accessKeySecret } : {}),
    });
    await stack.setAllConfig(config);
    return { stack, emulator, config, dir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** PATH with the CLI's own folder first, when the CLI was given by path. */
function withCliOnPath(pulumi: PulumiCommand): Record<string, string> {
  if (!path.isAbsolute(pulumi.command)) return {};
  return { PATH: [path.dirname(pulumi.command), process.env.PATH ?? ""].join(path.delimiter) };
}

/** Emulator tables of records the real APIs keep and offer no way to delete (task records, jobs). */
export const RECORDS_WITHOUT_DELETE: readonly string[] = Object.keys(EMULATOR_RECORDS);

/**
 * Every object in the emulator that a destroy should have removed, as `table/key`: empty after a
 * complete `stack.destroy()`. Leaves out {@link RECORDS_WITHOUT_DELETE}.
 */
export function objectsLeft(emulator: Pick<RunningEmulator, "resources">): string[] {
  return leftoversOf(emulator.resources());
}
