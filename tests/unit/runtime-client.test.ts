/**
 * The runtime's request path at unit level: encoding (encode.ts), the response headers captured for
 * the retry policy (response-meta.ts), ApiClient.call over real HTTP against a loopback server that
 * answers what each test scripts (client.ts), and the clients built from settings (clients.ts).
 */
import { writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Credential from "@alicloud/credentials";
import type OpenApi from "@alicloud/openapi-client";
import { ice, imm } from "../../provider/operations";
import type { Operation } from "../../provider/operations/define";
import {
  AlibabaApiError,
  ApiClient,
  clientsFor,
  configureRateLimit,
  createOpenApi,
  DEFAULT_RATE_LIMIT,
  encodeRequest,
  HOW_TO_SET_KEYS,
  RequestEncodingError,
  resolveSettings,
  type ApiClientOptions,
} from "../../provider/runtime";
import type { CallOrigin } from "../../provider/runtime/explain";
import { isolatedCredentialEnv } from "../support/credential-env";
import { retryAfterMs, withResponseMeta } from "../../provider/runtime/response-meta";

const KEYS = { accessKeyId: "unit-key-id", accessKeySecret: "unit-key-secret" };
const ONCE = { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 5_000 };
const FAST = { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 5_000 };

interface Seen {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}
type Answer = (req: Seen, res: http.ServerResponse) => void;
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const apiError = (status: number, code: string, headers?: Record<string, string>) =>
  json(status, { RequestId: `REQ-${code}`, Code: code, Message: `${code} message` }, headers);

/** Answers in order; the last answer repeats. */
let script: Answer[] = [];
const seen: Seen[] = [];
let httpServer: http.Server;
let endpoint: { host: string; protocol: "http" };

beforeAll(async () => {
  httpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const entry: Seen = {
        method: req.method ?? "",
        url: new URL(req.url ?? "/", "http://127.0.0.1"),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      seen.push(entry);
      const answer = script.length > 1 ? script.shift()! : script[0]!;
      answer(entry, res);
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  endpoint = { host: `127.0.0.1:${(httpServer.address() as AddressInfo).port}`, protocol: "http" };
});
afterAll(async () => {
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  script = [json(200, { RequestId: "R", Project: { ProjectName: "p" } })];
});

const client = (product: "imm" | "ice", options: ApiClientOptions = {}) =>
  new ApiClient(createOpenApi(endpoint, KEYS), product, { retry: ONCE, ...options });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error as AlibabaApiError,
  );

describe("encodeRequest", () => {
  it("writes scalars as strings in their place and leaves out absent optional values", () => {
    expect(encodeRequest(imm.GetProject, { ProjectName: "p", WithStatistics: true })).toEqual({
      query: { ProjectName: "p", WithStatistics: "true" },
      body: {},
    });
    expect(encodeRequest(imm.GetProject, { ProjectName: "p", WithStatistics: false }).query).toEqual({
      ProjectName: "p",
      WithStatistics: "false",
    });
    expect(encodeRequest(imm.GetProject, { ProjectName: "p", WithStatistics: null } as never)).toEqual({
      query: { ProjectName: "p" },
      body: {},
    });
    expect(encodeRequest(ice.CreateEditingProject, { Title: "t", Timeline: "{}" })).toEqual({
      query: { Title: "t" },
      body: { Timeline: "{}" },
    });
  });

  it("accepts integers as safe numbers or decimal strings, JSON for objects and arrays", () => {
    const encoded = encodeRequest(imm.CreateProject, {
      ProjectName: "p",
      DatasetMaxBindCount: 3,
      DatasetMaxFileCount: "-12",
      DatasetMaxTotalFileSize: "90000000000000001",
      Tag: [{ Key: "k", Value: "v" }],
    });
    expect(encoded.query).toMatchObject({
      DatasetMaxBindCount: "3",
      DatasetMaxFileCount: "-12",
      DatasetMaxTotalFileSize: "90000000000000001",
      Tag: '[{"Key":"k","Value":"v"}]',
    });
  });

  const refused = (op: Operation, params: Record<string, unknown>) => {
    try {
      encodeRequest(op, params as never);
    } catch (error) {
      expect(error).toBeInstanceOf(RequestEncodingError);
      expect((error as Error).name).toBe("RequestEncodingError");
      return (error as Error).message;
    }
    throw new Error("expected a RequestEncodingError");
  };

  it("refuses values of the wrong type with the parameter named", () => {
    expect(refused(imm.GetProject, { ProjectName: 5 })).toBe(
      "GetProject.ProjectName must be a string, got number",
    );
    expect(refused(imm.GetProject, { ProjectName: "p", WithStatistics: "true" })).toBe(
      "GetProject.WithStatistics must be a boolean, got string",
    );
    const int = (value: unknown) =>
      refused(imm.CreateProject, { ProjectName: "p", DatasetMaxBindCount: value });
    expect(int("abc")).toBe('CreateProject.DatasetMaxBindCount must be an integer, got "abc"');
    expect(int("1.5")).toBe('CreateProject.DatasetMaxBindCount must be an integer, got "1.5"');
    expect(int([5])).toBe("CreateProject.DatasetMaxBindCount must be an integer, got [5]");
    expect(int(true)).toBe("CreateProject.DatasetMaxBindCount must be an integer, got true");
    expect(refused(imm.CreateProject, { ProjectName: "p", Tag: "k=v" })).toBe(
      "CreateProject.Tag must be an object or array, got string",
    );
    expect(refused(imm.CreateProject, { ProjectName: "p", Tag: 7 })).toBe(
      "CreateProject.Tag must be an object or array, got number",
    );
  });

  it("refuses unknown parameters and missing required ones", () => {
    expect(refused(imm.GetProject, { ProjectName: "p", Projectname: "q" })).toBe(
      "GetProject has no parameter Projectname",
    );
    expect(refused(imm.GetProject, { ProjectName: null })).toBe("GetProject.ProjectName is required");
  });
});

describe("response meta", () => {
  it("reads x-acs-retry-after as a positive whole number of milliseconds only", () => {
    const ms = (value?: string | string[]) => retryAfterMs({ headers: { "x-acs-retry-after": value } });
    expect(retryAfterMs({})).toBeUndefined();
    expect(ms(undefined)).toBeUndefined();
    expect(ms("300")).toBe(300);
    expect(ms("1")).toBe(1);
    expect(ms("0")).toBeUndefined();
    expect(ms(["250", "900"])).toBe(250);
    for (const odd of ["1e3", "+12", " 12", "12abc", "abc12", "0x10", "-5", "1.5", ""])
      expect(ms(odd)).toBeUndefined();
  });

  it("records the status and headers of the response a call received, and only of its own", async () => {
    script = [json(429, { ok: false }, { "x-acs-retry-after": "42" })];
    const get = () =>
      new Promise<number>((resolve, reject) =>
        http
          .get(`http://${endpoint.host}/`, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          })
          .on("error", reject),
      );
    const meta = {};
    await expect(withResponseMeta(get, meta)).resolves.toBe(429);
    expect(meta).toMatchObject({ statusCode: 429, headers: { "x-acs-retry-after": "42" } });
    const other = {};
    await withResponseMeta(async () => undefined, other);
    await get(); // outside any slot: recorded nowhere
    expect(other).toEqual({});
  });
});

describe("ApiClient.call on the wire", () => {
  it("sends POST with a form body only when a parameter travels in the body", async () => {
    await client("imm").call(imm.GetProject, { ProjectName: "p" });
    expect(seen[0]).toMatchObject({ method: "POST", body: "" });
    expect(seen[0]!.headers["content-type"]).toBeUndefined();
    script = [json(200, { RequestId: "R", Project: { ProjectId: "e1" } })];
    await client("ice").call(ice.CreateEditingProject, { Title: "t", Timeline: "{}" });
    expect(seen[1]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("uses the operation's method, and POST for an operation that names none", async () => {
    script = [json(200, { RequestId: "R" })];
    await client("ice").call(ice.DeleteTemplate, { TemplateIds: "a,b" });
    const unnamed = { ...imm.GetProject, method: undefined };
    script = [json(200, { RequestId: "R", Project: { ProjectName: "p" } })];
    await client("imm").call(unnamed, { ProjectName: "p" });
    expect(seen.map((r) => r.method)).toEqual(["GET", "POST"]);
  });

  it("signs a bearer-token credential the RPC way (SignatureType in the query)", async () => {
    const bearer = new Credential({ type: "bearer", bearerToken: "tok" } as never);
    const api = new ApiClient(createOpenApi(endpoint, { credential: bearer }), "imm", { retry: ONCE });
    await api.call(imm.GetProject, { ProjectName: "p" });
    expect(seen[0]!.url.searchParams.get("SignatureType")).toBe("BEARERTOKEN");
    expect(seen[0]!.headers["x-acs-bearer-token"]).toBe("tok");
  });

  it("refuses an operation of the other product before sending anything", async () => {
    await expect(client("ice").call(imm.GetProject, { ProjectName: "p" })).rejects.toThrow(
      "GetProject is an imm operation, not ice",
    );
    expect(seen).toHaveLength(0);
  });

  it("bounds a silent connection by connectTimeoutMs, even with a longer read timeout", async () => {
    script = [
      (_req, res) =>
        setTimeout(() => json(200, { RequestId: "R", Project: { ProjectName: "p" } })(_req, res), 800),
    ];
    const error = await failure(
      client("imm", { connectTimeoutMs: 150, readTimeoutMs: 3_000 }).call(imm.GetProject, {
        ProjectName: "p",
      }),
    );
    expect(error).toMatchObject({ kind: "transport", code: "ConnectTimeout" });
  });

  it("leaves no timer running after a call has answered", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const api = client("imm", { readTimeoutMs: 60_000 });
    await api.call(imm.GetProject, { ProjectName: "p" });
    const before = timers();
    for (let i = 0; i < 3; i++) await api.call(imm.GetProject, { ProjectName: "p" });
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe("ApiClient.call answers", () => {
  it("lists at most five mismatches of a malformed answer, joined by '; ', with the request id", async () => {
    script = [json(200, { RequestId: "R7", Projects: [{}, {}, {}, {}, {}, {}, {}] })];
    const error = await failure(client("imm").call(imm.ListProjects, {}));
    expect(error).toMatchObject({ kind: "response", code: "UnexpectedResponse", requestId: "R7" });
    const paths = [...error.message.matchAll(/Projects\.(\d)\.ProjectName: /g)].map((m) => m[1]);
    expect(paths).toEqual(["0", "1", "2", "3", "4"]);
    expect(error.message).toContain("; Projects.1.ProjectName: ");
  });

  it("names no request id that is not a string", async () => {
    script = [json(200, { RequestId: 42 })];
    const error = await failure(client("imm").call(imm.GetProject, { ProjectName: "p" }));
    expect(error.requestId).toBeUndefined();
    expect(error.message).not.toContain("request id");
    expect(error.message).toContain("RequestId: ");
  });

  it("reports an answer without a body as a mismatch of the whole body", async () => {
    const empty = { callApi: () => Promise.resolve({}) } as unknown as OpenApi;
    const error = await failure(
      new ApiClient(empty, "imm", { retry: ONCE }).call(imm.GetProject, { ProjectName: "p" }),
    );
    expect(error).toBeInstanceOf(AlibabaApiError);
    expect(error.message).toMatch(/^GetProject failed: UnexpectedResponse: .*\(body\): /);
    expect(error.requestId).toBeUndefined();
  });

  it("keeps the status and x-acs-retry-after of an error answer", async () => {
    script = [apiError(400, "Throttling.User", { "x-acs-retry-after": "250" })];
    expect(await failure(client("imm").call(imm.GetProject, { ProjectName: "p" }))).toMatchObject({
      code: "Throttling.User",
      retryAfterMs: 250,
    });
    script = [
      (_req, res) => (res.writeHead(502, { "content-type": "text/html" }), res.end("<html>bad</html>")),
    ];
    expect(await failure(client("imm").call(imm.GetProject, { ProjectName: "p" }))).toMatchObject({
      kind: "api",
      code: "HTTP502",
      httpStatus: 502,
    });
  });
});

describe("ApiClient.call retries", () => {
  const createDataset = (api: ApiClient) =>
    failure(api.call(imm.CreateDataset, { ProjectName: "p", DatasetName: "d" }));

  it("marks ResourceAlreadyExists that answers a repeat of a possibly executed attempt", async () => {
    script = [apiError(500, "InternalError"), apiError(409, "ResourceAlreadyExists")];
    const error = await createDataset(client("imm", { retry: FAST }));
    expect(seen).toHaveLength(2);
    expect(error).toMatchObject({ code: "ResourceAlreadyExists", afterAmbiguousAttempt: true });
  });

  it("does not mark it after a throttled attempt, nor on a first attempt", async () => {
    script = [apiError(400, "Throttling.User"), apiError(409, "ResourceAlreadyExists")];
    const afterThrottle = await createDataset(client("imm", { retry: FAST }));
    expect(seen).toHaveLength(2);
    expect(afterThrottle).toMatchObject({ code: "ResourceAlreadyExists", afterAmbiguousAttempt: false });
    script = [apiError(409, "ResourceAlreadyExists")];
    expect(await createDataset(client("imm", { retry: FAST }))).toMatchObject({
      afterAmbiguousAttempt: false,
    });
  });

  it("reports each retry with the action's name", async () => {
    const events: unknown[] = [];
    script = [apiError(400, "Throttling"), json(200, { RequestId: "R", Project: { ProjectName: "p" } })];
    const api = client("imm", {
      retry: FAST,
      onRetry: (action, event) => events.push([action, event.attempt, event.error.code]),
    });
    await api.call(imm.GetProject, { ProjectName: "p" });
    expect(events).toEqual([["GetProject", 1, "Throttling"]]);
  });
});

describe("ApiClient.call rate limiting", () => {
  afterEach(() => configureRateLimit(DEFAULT_RATE_LIMIT));

  /** Holds each answer until a second request is in flight (or 300 ms pass); returns the peak. */
  async function peakInFlight(calls: (api: ApiClient) => Promise<unknown>[]): Promise<number> {
    let inFlight = 0;
    let peak = 0;
    const waiting: (() => void)[] = [];
    script = [
      (req, res) => {
        peak = Math.max(peak, ++inFlight);
        const answer = () => {
          inFlight--;
          json(200, { RequestId: "R", Project: { ProjectName: "p" } })(req, res);
        };
        waiting.push(answer);
        if (inFlight >= 2) waiting.splice(0).forEach((f) => f());
        else
          setTimeout(() => waiting.includes(answer) && waiting.splice(waiting.indexOf(answer), 1)[0]!(), 300);
      },
    ];
    await Promise.all(calls(client("imm")));
    return peak;
  }

  it("limits per (product, project): one project waits, two projects run side by side", async () => {
    configureRateLimit({ queriesPerSecond: 1000, maxConcurrent: 1 });
    const get = (api: ApiClient, name: string) => api.call(imm.GetProject, { ProjectName: name });
    expect(await peakInFlight((api) => [get(api, "a"), get(api, "b")])).toBe(2);
    expect(await peakInFlight((api) => [get(api, "a"), get(api, "a")])).toBe(1);
    // A project named "undefined" is not the key of calls that name no project.
    const list = (api: ApiClient) => api.call(imm.ListProjects, {});
    expect(await peakInFlight((api) => [get(api, "undefined"), list(api)])).toBe(2);
  });

  it("spaces SubmitMediaProducingJob by its own documented limit (30/s) on top of the per-key one", async () => {
    configureRateLimit({ queriesPerSecond: 1000, maxConcurrent: 16 });
    script = [json(200, { RequestId: "R", JobId: "j" })];
    const api = client("ice");
    const submit = () => api.call(ice.SubmitMediaProducingJob, { OutputMediaConfig: "{}" });
    await Promise.all([submit(), submit(), submit()]);
    expect(seen[2]!.at - seen[0]!.at).toBeGreaterThanOrEqual(55);
  });
});

describe("clientsFor", () => {
  const { credentialsFile } = isolatedCredentialEnv("runtime-client");
  const settings = (config: Record<string, string>) => resolveSettings({ get: (key) => config[key] }, {});
  const rejectedKey = async (config: Record<string, string>) => {
    script = [apiError(400, "InvalidAccessKeyId.NotFound")];
    const clients = clientsFor(
      settings({ "alicloud-media:immEndpoint": `http://${endpoint.host}`, ...config }),
      {
        retry: ONCE,
      },
    );
    return failure(clients.imm.call(imm.GetProject, { ProjectName: "p" }));
  };

  it("names the stack-config key pair and its settings when the service rejects the key", async () => {
    const error = await rejectedKey({
      "alicloud-media:accessKeyId": "stack-id",
      "alicloud-media:accessKeySecret": "stack-secret",
    });
    expect(error.hint).toBe(
      "The key came from stack config alicloud-media:accessKeyId/alicloud-media:accessKeySecret: " +
        "check its access key id (alicloud-media:accessKeyId). To use another key: " +
        `set alicloud-media:accessKeyId and alicloud-media:accessKeySecret again, or ${HOW_TO_SET_KEYS}`,
    );
  });

  it("names the chain's source that supplied the rejected key, and how to change it", async () => {
    writeFileSync(
      credentialsFile(),
      "[default]\ntype = access_key\naccess_key_id = chain-id\naccess_key_secret = chain-secret\n",
    );
    const error = await rejectedKey({});
    expect(seen[0]!.headers.authorization).toContain("Credential=chain-id,");
    expect(error.hint).toBe(
      "The key came from the credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE, else ~/.alibabacloud/credentials): " +
        "check its access key id. To use another key: " +
        `repair the file or choose a profile with ALIBABA_CLOUD_PROFILE, or ${HOW_TO_SET_KEYS}`,
    );
  });

  it("knows which product's endpoint was configured and which was derived from the region", async () => {
    const origin = (api: ApiClient) => (api as unknown as { origin: CallOrigin }).origin;
    const keys = {
      "alicloud-media:accessKeyId": "i",
      "alicloud-media:accessKeySecret": "s",
      "alicloud-media:region": "cn-x",
    };
    const refused = async (product: "imm" | "ice") => {
      // 0.0.0.0 refuses like any closed local port but is not a loopback name: the hint names the setting.
      const clients = clientsFor(
        settings({ ...keys, [`alicloud-media:${product}Endpoint`]: "http://0.0.0.0:9" }),
        {
          retry: ONCE,
        },
      );
      const other = product === "imm" ? clients.ice : clients.imm;
      expect(origin(other).endpointConfigured).toBe(false);
      return failure(
        product === "imm"
          ? clients.imm.call(imm.GetProject, { ProjectName: "p" })
          : clients.ice.call(ice.GetEditingProject, { ProjectId: "e" }),
      );
    };
    for (const product of ["imm", "ice"] as const)
      expect((await refused(product)).hint).toBe(
        `alicloud-media:${product}Endpoint points at an address that refuses connections: check the setting and the network`,
      );
  });
});
