/**
 * What a user reads when the endpoint is wrong or nothing runs there, over the real openapi-client
 * with the default retry policy: a refused loopback endpoint fails at once, and every transport
 * message names the endpoint setting, never the encoded request.
 */
import { imm, ice } from "../../provider/operations";
import { AlibabaApiError, clientsFor, resolveSettings, toApiError } from "../../provider/runtime";
import { ScriptedServer } from "../support/scripted-server";

const KEYS = {
  "alicloud-media:accessKeyId": "endpoint-test-id",
  "alicloud-media:accessKeySecret": "endpoint-test-secret",
};

async function closedPort(): Promise<number> {
  const server = await ScriptedServer.start();
  await server.close();
  return server.port;
}

function clients(config: Record<string, string>, options: Parameters<typeof clientsFor>[1] = {}) {
  const all = { ...KEYS, ...config };
  return clientsFor(resolveSettings({ get: (key) => all[key as keyof typeof all] }, {}), options);
}

describe("a refused loopback endpoint (the emulator is not running)", () => {
  it("fails within a couple of seconds, naming the setting and how to start the emulator", async () => {
    const port = await closedPort();
    const c = clients({ "alicloud-media:immEndpoint": `http://127.0.0.1:${port}` });
    const started = Date.now();
    const error = (await c.imm
      .call(imm.CreateProject, { ProjectName: "p", Description: "hello world" })
      .catch((e: unknown) => e)) as AlibabaApiError;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2_000);
    expect(error).toMatchObject({ kind: "transport", code: "ECONNREFUSED", ambiguous: false });
    expect(error.isRetryable()).toBe(false);
    expect(error.message).toBe(
      `CreateProject failed: network error ECONNREFUSED: connection refused by 127.0.0.1:${port}. ` +
        `Nothing is listening there (alicloud-media:immEndpoint = http://127.0.0.1:${port}). ` +
        `Start the local emulator with \`npx alicloud-media-emulator --port ${port}\`, or point ` +
        `alicloud-media:immEndpoint at the running service.`,
    );
  });

  it("names iceEndpoint for ICE, and prints no query string", async () => {
    const port = await closedPort();
    const c = clients({ "alicloud-media:iceEndpoint": `http://localhost:${port}` });
    const error = (await c.ice
      .call(ice.GetEditingProject, { ProjectId: "secret-looking?query=1" })
      .catch((e: unknown) => e)) as AlibabaApiError;
    expect(error.message).toContain("alicloud-media:iceEndpoint");
    expect(error.message).toContain("npx alicloud-media-emulator");
    expect(error.message).not.toMatch(/\?|POST|http:\/\/\S+\/\?|ProjectId/);
  });
});

describe("transport messages", () => {
  it("a reset connection reads as words, without the request line", async () => {
    const server = await ScriptedServer.start();
    try {
      server.otherwise({ destroy: true });
      const c = clients(
        { "alicloud-media:immEndpoint": `http://127.0.0.1:${server.port}` },
        { retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 1 } },
      );
      const error = (await c.imm
        .call(imm.DeleteProject, { ProjectName: "p" })
        .catch((e: unknown) => e)) as AlibabaApiError;
      expect(error.code).toMatch(/ECONNRESET|UND_ERR_SOCKET|EPIPE/);
      expect(error.message).toMatch(/^DeleteProject failed: network error \w+: the connection was closed/);
      expect(error.message).not.toMatch(/POST|ProjectName|\?/);
    } finally {
      await server.close();
    }
  });

  // A real DNS failure needs a resolver off this machine, so the error is built as Node builds it.
  it("ENOTFOUND of the regional endpoint says the machine cannot reach the service", () => {
    const settings = resolveSettings(
      { get: (key) => ({ ...KEYS, "alicloud-media:region": "cn-hangzhou" })[key as keyof typeof KEYS] },
      {},
    );
    const origin = {
      endpoint: { host: "imm.cn-hangzhou.aliyuncs.com", protocol: "https" as const },
      endpointConfigured: false,
      region: settings.region ?? "cn-hangzhou",
      credentialSource: () => "stack config",
      credentialFix: () => "",
    };
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND imm.cn-hangzhou.aliyuncs.com"), {
      code: "ENOTFOUND",
      syscall: "getaddrinfo",
      hostname: "imm.cn-hangzhou.aliyuncs.com",
    });
    dns.message += "POST https://imm.cn-hangzhou.aliyuncs.com/?ProjectName=p failed.";
    const error = toApiError("GetProject", dns, { product: "imm", origin });
    expect(error.message).toBe(
      "GetProject failed: network error ENOTFOUND: cannot resolve the host name imm.cn-hangzhou.aliyuncs.com. " +
        "This machine cannot reach IMM at imm.cn-hangzhou.aliyuncs.com (no network or DNS, a proxy, or no IMM " +
        "in region cn-hangzhou). To use another endpoint (a VPC endpoint, the local emulator), set " +
        "alicloud-media:immEndpoint and alicloud-media:iceEndpoint.",
    );
    const configured = toApiError("GetProject", dns, {
      product: "imm",
      origin: { ...origin, endpointConfigured: true },
    });
    expect(configured.message).toMatch(/alicloud-media:immEndpoint names a host that does not resolve/);
  });
});
