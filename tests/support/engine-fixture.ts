/**
 * What engine tests share: an emulator with its own keys, the real provider host started from a
 * throwaway user project and configured to use that emulator, and a client "from outside the
 * stack" (someone in the console) for out-of-band changes and for looking at the service directly.
 */
import { startEmulator, type EmulatorOptions } from "../../emulator";
import { ApiClient, createOpenApi } from "../../provider/runtime";
import { ProviderHost } from "../harness/provider-host";
import { createUserProject } from "../harness/user-project";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export interface EngineFixture {
  emulator: Emulator;
  /** The first host; tests that kill it take another from `startHost`. */
  host: ProviderHost;
  /** The stack config the hosts are configured with (endpoints and keys), e.g. for a Deployment. */
  config: Record<string, string>;
  /** The user project the hosts run in. */
  projectDir: string;
  /** Another configured host for the same stack (the engine's next run after a host died). */
  startHost(): Promise<ProviderHost>;
  /** A signed client of the product that does not go through the provider host. */
  outOfBand(product: "imm" | "ice"): ApiClient;
  /** Every request the emulator has answered so far, all actions together. */
  requestCount(): number;
  /** Closes every host started, the emulator and the user project. */
  close(): Promise<void>;
}

export async function startEngineFixture(options: {
  accessKeyId: string;
  accessKeySecret: string;
  timings?: EmulatorOptions["timings"];
  /** The Pulumi project and stack the hosts serve; default enginetest/dev. */
  project?: string;
  stack?: string;
}): Promise<EngineFixture> {
  const { accessKeyId, accessKeySecret } = options;
  const emulator = await startEmulator({ port: 0, accessKeyId, accessKeySecret, timings: options.timings });
  const userProject = createUserProject();
  const config = {
    "alicloud-media:immEndpoint": emulator.url,
    "alicloud-media:iceEndpoint": emulator.url,
    "alicloud-media:accessKeyId": accessKeyId,
    "alicloud-media:accessKeySecret": accessKeySecret,
  };
  const hosts: ProviderHost[] = [];
  const startHost = async () => {
    const host = await ProviderHost.start({
      cwd: userProject.dir,
      project: options.project ?? "enginetest",
      stack: options.stack ?? "dev",
    });
    hosts.push(host);
    await host.configure(config);
    return host;
  };
  const host = await startHost();
  const url = new URL(emulator.url);
  return {
    emulator,
    host,
    config,
    projectDir: userProject.dir,
    startHost,
    outOfBand: (product) =>
      new ApiClient(
        createOpenApi({ host: url.host, protocol: "http" }, { accessKeyId, accessKeySecret }),
        product,
      ),
    requestCount: () => Object.values(emulator.stats().requests).reduce((a, b) => a + b, 0),
    close: async () => {
      await Promise.all(hosts.map((h) => h.close()));
      await emulator.close();
      userProject.cleanup();
    },
  };
}
