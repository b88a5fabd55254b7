/**
 * Credentials from every source, over the real openapi-client and @alicloud/credentials, against the
 * emulator (which verifies signatures): what a user reads when a source is missing, broken or holds a
 * wrong key. Every message names the source and the settings that fix it, and never holds a secret.
 * Every connection any of it opens stays on the loopback range.
 */
import diagnostics from "node:diagnostics_channel";
import type { Socket } from "node:net";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator } from "../../emulator";
import { imm } from "../../provider/operations";
import { AlibabaApiError, clientsFor, resolveSettings } from "../../provider/runtime";
import { isolatedCredentialEnv } from "../support/credential-env";
import { ScriptedServer } from "../support/scripted-server";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;

/** Every host looked up and every address connected to, by any socket of this process. */
const lookedUp: string[] = [];
const connected: string[] = [];
const onSocket = (message: unknown) => {
  const { socket } = message as { socket: Socket };
  socket.on("lookup", (_err, _address, _family, host) => lookedUp.push(String(host)));
  socket.on("connect", () => connected.push(String(socket.remoteAddress)));
};

// os.homedir() cannot be redirected inside jest: the CLI profile is covered by the engine test
// (tests/engine/credential-chain.test.ts); here it is switched off.
isolatedCredentialEnv("credential-errors");

beforeAll(async () => {
  diagnostics.subscribe("net.client.socket", onSocket);
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  diagnostics.unsubscribe("net.client.socket", onSocket);
  await emulator?.close();
});

let distinct = 0;
/** Settings for the emulator; a distinct rate per test keeps the client cache from sharing a chain. */
function clients(config: Record<string, string> = {}) {
  const all: Record<string, string> = {
    "alicloud-media:immEndpoint": emulator.url,
    "alicloud-media:queriesPerSecond": String(1000 + ++distinct),
    ...config,
  };
  return clientsFor(resolveSettings({ get: (key) => all[key] }), {
    retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 1 },
  });
}

async function failure(config: Record<string, string> = {}): Promise<AlibabaApiError> {
  const error = await clients(config)
    .imm.call(imm.GetProject, { ProjectName: "nope" })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AlibabaApiError);
  return error as AlibabaApiError;
}

describe("no keys configured: the default chain", () => {
  it("with no source at all, lists what it tried and what to set, and connects nowhere", async () => {
    lookedUp.length = 0;
    connected.length = 0;
    const error = await failure();
    expect(error).toMatchObject({ kind: "client", code: "CredentialsUnavailable" });
    expect(error.provablyNotExecuted()).toBe(true);
    // The library's chain would have looked up `undefined` (an unset credentials URI).
    expect(lookedUp).toEqual([]);
    expect(connected).toEqual([]);
    expect(error.message).toMatch(/no Alibaba Cloud credentials/);
    expect(error.message).toMatch(/the Aliyun CLI profile ~\/\.aliyun\/config\.json: disabled/);
    expect(error.message).toMatch(/the credentials file .*: no such file/);
    expect(error.message).toMatch(/ECS instance RAM role .*: disabled/);
    expect(error.message).toContain("alicloud:accessKey/alicloud:secretKey");
  });

  it("says what a credentials URI answered without repeating its body", async () => {
    const uri = await ScriptedServer.start();
    try {
      uri.otherwise({ status: 500, body: { error: "boom", AccessKeySecret: "uri-body-secret-Hh7" } });
      process.env.ALIBABA_CLOUD_CREDENTIALS_URI = `http://127.0.0.1:${uri.port}/creds`;
      const error = await failure();
      expect(error.message).toMatch(
        /the credentials URI \(ALIBABA_CLOUD_CREDENTIALS_URI\): the service answered HTTP 500/,
      );
      expect(error.message).not.toMatch(/uri-body-secret|boom/);
    } finally {
      await uri.close();
    }
  });
});

describe("a rejected static key names the source that supplied it", () => {
  it.each([
    [
      {
        "alicloud-media:accessKeyId": DEFAULT_ACCESS_KEY_ID,
        "alicloud-media:accessKeySecret": "wrong-stack-secret-1",
      },
      {},
      /stack config alicloud-media:accessKeyId\/alicloud-media:accessKeySecret: check its access key secret \(alicloud-media:accessKeySecret\)/,
    ],
    [
      { "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID, "alicloud:secretKey": "wrong-fallback-secret-1" },
      {},
      /the alicloud:\* fallback .*: check its access key secret \(alicloud:secretKey\)/,
    ],
    [
      {},
      {
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: "wrong-env-secret-1",
      },
      /the environment .*: check its access key secret \(ALIBABA_CLOUD_ACCESS_KEY_SECRET\)/,
    ],
  ])("SignatureDoesNotMatch (%#)", async (config, env, expected) => {
    Object.assign(process.env, env);
    const error = await failure(config);
    expect(error.code).toBe("SignatureDoesNotMatch");
    expect(error.message).toMatch(expected);
    expect(error.message).not.toMatch(/wrong-\w+-secret-1/);
  });

  it("InvalidAccessKeyId.NotFound names the id setting", async () => {
    const error = await failure({
      "alicloud-media:accessKeyId": "no-such-id",
      "alicloud-media:accessKeySecret": "whatever-1",
    });
    expect(error.code).toBe("InvalidAccessKeyId.NotFound");
    expect(error.message).toMatch(
      /The key came from stack config .*: check its access key id \(alicloud-media:accessKeyId\)/,
    );
  });
});

describe("a value Node refuses to put in a header", () => {
  it("is reported as not sent, is not retried, and names the setting", async () => {
    const total = () => Object.values(emulator.stats().requests).reduce((a, b) => a + b, 0);
    const before = total();
    const c = clientsFor(
      resolveSettings({
        get: (key) =>
          ({
            "alicloud-media:immEndpoint": emulator.url,
            "alicloud-media:accessKeyId": DEFAULT_ACCESS_KEY_ID,
            "alicloud-media:accessKeySecret": DEFAULT_ACCESS_KEY_SECRET,
            "alicloud-media:securityToken": "token-line-one\ntoken-line-two",
          })[key],
      }),
    );
    const started = Date.now();
    const error = (await c.imm
      .call(imm.GetProject, { ProjectName: "p" })
      .catch((e: unknown) => e)) as AlibabaApiError;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ kind: "client", code: "ERR_INVALID_CHAR", ambiguous: false });
    expect(error.isRetryable()).toBe(false);
    expect(error.provablyNotExecuted()).toBe(true);
    expect(error.message).toMatch(/No request was sent: the security token alicloud-media:securityToken/);
    expect(error.message).not.toMatch(/token-line/);
    expect(total()).toBe(before);
  });
});
