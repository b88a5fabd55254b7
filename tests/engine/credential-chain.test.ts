/**
 * The default credential chain inside the REAL dynamic-provider host, started with a temporary HOME
 * and no keys configured, against the emulator (which verifies signatures). A preloaded recorder
 * writes down every host the host process looks up and every address it connects to.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator } from "../../emulator";
import { ProviderHost, ProviderRpcError } from "../harness/provider-host";
import { captureRegistrations } from "../harness/registrations";
import { createUserProject, type UserProject } from "../harness/user-project";

const root = path.resolve(__dirname, "../..");
const media = require(path.join(root, "dist/sdk")) as typeof import("../../sdk");
const RECORDER = path.join(root, "tests/support/record-connections.cjs");

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let project: UserProject;
let home: string;
let record: string;
const hosts: ProviderHost[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  project = createUserProject();
});
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "credential-home-"));
  record = path.join(home, "connections.log");
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  fs.rmSync(home, { recursive: true, force: true });
});
afterAll(async () => {
  project?.cleanup();
  await emulator?.close();
});

const unset = Object.fromEntries(
  Object.keys(process.env)
    .filter((name) => name.startsWith("ALIBABA_CLOUD_") && name !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED")
    .map((name) => [name, undefined]),
);

/** A host with no keys configured, HOME = the temporary folder, connections recorded. */
async function hostWithoutKeys(): Promise<ProviderHost> {
  const host = await ProviderHost.start({
    cwd: project.dir,
    env: { ...unset, HOME: home, NODE_OPTIONS: `--require ${RECORDER}`, RECORD_CONNECTIONS_FILE: record },
  });
  hosts.push(host);
  await host.configure({ "alicloud-media:immEndpoint": emulator.url });
  return host;
}

async function createProject(host: ProviderHost, name: string) {
  const [reg] = (await captureRegistrations(
    () => {
      new media.imm.Project(name, { projectName: name });
    },
    {
      project: "enginetest",
      stack: "dev",
    },
  )) as { urn: string; inputs: Record<string, unknown> }[];
  const checked = await host.check(reg!.urn, {}, reg!.inputs);
  expect(checked.failures).toEqual([]);
  return host.create(reg!.urn, checked.inputs);
}

function cliProfile(content: string) {
  fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
  fs.writeFileSync(path.join(home, ".aliyun", "config.json"), content);
}

const profileJson = (secret: string) =>
  JSON.stringify({
    current: "default",
    profiles: [
      { name: "default", mode: "AK", access_key_id: DEFAULT_ACCESS_KEY_ID, access_key_secret: secret },
    ],
  });

function recorded(): string[] {
  return fs.existsSync(record) ? fs.readFileSync(record, "utf8").trim().split("\n").filter(Boolean) : [];
}

/** Every recorded lookup and connection that is not on the loopback range. */
function offLoopback(): string[] {
  return recorded().filter(
    (line) =>
      line && !/^(lookup localhost|connect (127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+))$/.test(line),
  );
}

describe("no keys configured", () => {
  it("a malformed ~/.aliyun/config.json: our words, the settings to set, no secret, nothing off loopback", async () => {
    const secrets = ["cli-profile-secret-Zq81", "sts-token-Kp55-in-the-file", "s3"];
    // A trailing comma: @alicloud/credentials then throws with the whole file in its message.
    cliProfile(
      `{"current":"default","profiles":[{"name":"default","mode":"StsToken","access_key_id":"AKID",` +
        `"access_key_secret":"${secrets[0]}","sts_token":"${secrets[1]}"},` +
        `{"name":"other","mode":"AK","access_key_id":"x","access_key_secret":"${secrets[2]}"},]}`,
    );
    const host = await hostWithoutKeys();
    const error = (await createProject(host, "never-created").catch((e: unknown) => e)) as ProviderRpcError;
    expect(error).toBeInstanceOf(ProviderRpcError);
    expect(error.details).toMatch(/CredentialsUnavailable: no Alibaba Cloud credentials/);
    expect(error.details).toMatch(
      /the Aliyun CLI profile ~\/\.aliyun\/config\.json: the file is not valid JSON/,
    );
    expect(error.details).toContain("pulumi config set alicloud-media:accessKeyId");
    expect(error.details).not.toMatch(/parse aliyun cli config|undefined|ENOTFOUND/);
    const everything = `${error.details}\n${host.logs()}`;
    for (const secret of secrets) expect(everything).not.toMatch(new RegExp(`\\b${secret}\\b`));
    expect(offLoopback()).toEqual([]);
  });

  it("a valid CLI profile is used; a wrong secret in it is blamed on it", async () => {
    cliProfile(profileJson(DEFAULT_ACCESS_KEY_SECRET));
    const created = await createProject(await hostWithoutKeys(), "from-cli-profile");
    expect(created.id).toBe("from-cli-profile");

    cliProfile(profileJson("wrong-secret-in-profile"));
    const host = await hostWithoutKeys();
    const error = (await createProject(host, "wrong-key").catch((e: unknown) => e)) as ProviderRpcError;
    expect(error.details).toMatch(/SignatureDoesNotMatch/);
    expect(error.details).toMatch(
      /The key came from the Aliyun CLI profile ~\/\.aliyun\/config\.json: check its access key secret/,
    );
    expect(`${error.details}\n${host.logs()}`).not.toContain("wrong-secret-in-profile");
    // The recorder sees the host's connections to the emulator, and nothing else.
    expect(recorded()).toContain(`connect 127.0.0.1`);
    expect(offLoopback()).toEqual([]);
  });
});
