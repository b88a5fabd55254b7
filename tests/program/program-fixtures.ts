/**
 * What the program-level tests over the examples share: an emulator, a provider host started from a
 * throwaway user project, a Deployment configured from a stack file, write-call accounting and an
 * out-of-band console client (a user changing things by hand).
 */
import path from "node:path";
import { startEmulator } from "../../emulator";
import { ApiClient, createOpenApi } from "../../provider/runtime";
import { objectsLeft as leftovers } from "../../scripts/emulator-leftovers";
import { readStackConfig, withEndpoints, type StackConfig } from "../../scripts/stack-config";
import { Deployment } from "../harness/engine";
import { ProviderHost } from "../harness/provider-host";
import { createUserProject, REPO_ROOT } from "../harness/user-project";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export const EMULATOR_KEY = {
  accessKeyId: "emulator-access-key-id",
  accessKeySecret: "emulator-access-key-secret",
};

/** Actions that change something; none may be sent by a no-change `up`. */
const WRITE_ACTIONS =
  /^(Create|Update|Delete|Suspend|Resume|Submit|Index|BatchIndex|Add|Remove|Attach|Detach)/;

/** Write actions whose count grew since `before` (a snapshot of `emulator.stats().requests`). */
export function writesSince(emulator: Emulator, before: Record<string, number>): string[] {
  const after = emulator.stats().requests;
  return Object.keys(after).filter(
    (action) => WRITE_ACTIONS.test(action) && (after[action] ?? 0) > (before[action] ?? 0),
  );
}

/**
 * Every object the emulator still holds that a destroy should have removed, as `table/key` (records the
 * real APIs cannot delete, such as task records, are left out: scripts/emulator-leftovers.ts).
 */
export function objectsLeft(emulator: Emulator): string[] {
  return leftovers(emulator.resources());
}

/**
 * A stack's config as the tests deploy it: the file's values, with both endpoints on the emulator, and
 * the emulator's key where the file expects credentials from the environment (staging, prod: CI).
 */
export function stackConfigFor(file: string, emulator: Emulator): StackConfig {
  const config = withEndpoints(readStackConfig(path.join(REPO_ROOT, file)), emulator.url);
  return {
    ...config,
    "alicloud-media:accessKeyId": config["alicloud-media:accessKeyId"] ?? EMULATOR_KEY.accessKeyId,
    "alicloud-media:accessKeySecret":
      config["alicloud-media:accessKeySecret"] ?? EMULATOR_KEY.accessKeySecret,
  };
}

export interface StackFixture {
  host: ProviderHost;
  deployment: Deployment;
  close(): Promise<void>;
}

/** A provider host for one stack (the engine runs one per stack) and its Deployment. */
export async function openStack(project: string, stack: string, config: StackConfig): Promise<StackFixture> {
  const user = createUserProject({ project });
  try {
    const host = await ProviderHost.start({ cwd: user.dir, project, stack });
    return {
      host,
      deployment: new Deployment(host, { config }),
      async close() {
        await host.close();
        user.cleanup();
      },
    };
  } catch (error) {
    user.cleanup();
    throw error;
  }
}

/** An API client for the emulator outside any stack, standing for the console or another tool. */
export function consoleClient(emulator: Emulator, product: "imm" | "ice"): ApiClient {
  const url = new URL(emulator.url);
  return new ApiClient(createOpenApi({ host: url.host, protocol: "http" }, EMULATOR_KEY), product);
}
