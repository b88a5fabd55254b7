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
  host: ProviderHost;
  /** The stack config the host was configured with (endpoints and keys), e.g. for a Deployment. */
  config: Record<string, string>;
  /** The user project the host runs in (another host for the same stack starts there too). */
  projectDir: string;
  /** A signed client of the product that does not go through the provider host. */
  outOfBand(product: "imm" | "ice"): ApiClient;
  /** Every request the emulator has answered so far, all actions together. */
  requestCount(): number;
  close(): Promise<void>;
}

export async function startEngineFixture(options: {
  accessKeyId: string;
  accessKeySecret: string;
  timings?: EmulatorOptions["timings"];
}): Promise<EngineFixture> {
  const { accessKeyId, accessKeySecret } = options;
  const emulator = await startEmulator({ port: 0, accessKeyId, accessKeySecret, timings: options.timings });
  const userProject = createUserProject();
  const host = await ProviderHost.start({ cwd: userProject.dir, project: "enginetest", stack: "dev" });
  const config = {
    "alicloud-media:immEndpoint": emulator.url,
    "alicloud-media:iceEndpoint": emulator.url,
    "alicloud-media:accessKeyId": accessKeyId,
    "alicloud-media:accessKeySecret": accessKeySecret,
  };
  await host.configure(config);
  const url = new URL(emulator.url);
  return {
    emulator,
    host,
    config,
    projectDir: userProject.dir,
    outOfBand: (product) =>
      new ApiClient(
        createOpenApi({ host: url.host, protocol: "http" }, { accessKeyId, accessKeySecret }),
        product,
      ),
    requestCount: () => Object.values(emulator.stats().requests).reduce((a, b) => a + b, 0),
    close: async () => {
      await host.close();
      await emulator.close();
      userProject.cleanup();
    },
  };
}
