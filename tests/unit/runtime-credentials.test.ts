/**
 * The default credential chain (provider/runtime/credentials.ts), source by source, in a temporary
 * home: what is skipped and why, what each broken source is reported as (never in the library's
 * words), which secrets get registered, and which source is kept once one has answered.
 * The chain decides from the env object it is given; the library's own providers read process.env
 * and os.homedir(), so those are pointed at the same temporary values and restored after each test.
 * Nothing reaches beyond the loopback address (ECS metadata stays disabled).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import {
  CredentialsUnavailableError,
  MediaCredentialChain,
  whyItFailed,
} from "../../provider/runtime/credentials";
import { isRegisteredSecret, redact } from "../../provider/runtime/redact";
import { HOW_TO_SET_KEYS } from "../../provider/runtime/settings";
import { ScriptedServer } from "../support/scripted-server";

const OIDC =
  "the OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)";
const OIDC_FIX = "check those three environment variables and the token file";
const CLI = "the Aliyun CLI profile ~/.aliyun/config.json";
const CLI_FIX =
  "repair the file (`aliyun configure`), choose a profile with ALIBABA_CLOUD_PROFILE, or set keys";
const FILE = "the credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE, else ~/.alibabacloud/credentials)";
const FILE_FIX = "repair the file or choose a profile with ALIBABA_CLOUD_PROFILE";
const ECS = "the ECS instance RAM role (metadata service)";
const URI = "the credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI)";
const WITHHELD = "it failed (the library's message is withheld: it may contain secrets)";

const savedEnv = { ...process.env };
let home: string;

beforeEach(() => {
  home = mkdtempSync(join(os.tmpdir(), "runtime-credentials-"));
  jest.spyOn(os, "homedir").mockReturnValue(home);
  for (const name of Object.keys(process.env))
    if (name.startsWith("ALIBABA_CLOUD_") && name !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED")
      delete process.env[name];
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...savedEnv };
  rmSync(home, { recursive: true, force: true });
});

/** A chain over an explicit env (metadata always off); `mirror` also shows it to the library. */
function chain(env: Record<string, string> = {}, mirror = false) {
  const all: NodeJS.ProcessEnv = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ...env };
  if (mirror) Object.assign(process.env, all);
  return new MediaCredentialChain(all);
}

async function failure(c: MediaCredentialChain): Promise<string> {
  const error = await c.getCredentials().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CredentialsUnavailableError);
  expect((error as Error).name).toBe("CredentialsUnavailableError");
  return (error as Error).message;
}

function cliConfig(content: unknown): string {
  mkdirSync(join(home, ".aliyun"), { recursive: true });
  const path = join(home, ".aliyun", "config.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const akProfile = (name: string, secret: string) => ({
  name,
  mode: "AK",
  access_key_id: `id-${name}`,
  access_key_secret: secret,
});

function iniFile(path: string, body: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, body);
  return path;
}

describe("nothing set up", () => {
  it("skips every source without a network call and says what to set", async () => {
    const c = chain();
    expect(c.getProviderName()).toBe("alicloud-media-chain");
    expect(c.describeSource()).toBe("the default credential chain");
    expect(c.describeFix()).toBe(HOW_TO_SET_KEYS);
    expect(await failure(c)).toBe(
      "no Alibaba Cloud credentials: no access key is configured and the default credential chain found none. " +
        `Tried ${OIDC}: not set up; ${CLI}: no such file; ${FILE}: no such file; ` +
        `${ECS}: disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED; ${URI}: not set. To fix: ${HOW_TO_SET_KEYS}.`,
    );
  });

  it.each([
    ["TRUE", true],
    ["true", true],
    ["false", false],
    ["1", false],
  ])("ALIBABA_CLOUD_CLI_PROFILE_DISABLED=%s: skipped %s", async (value, disabled) => {
    cliConfig({ current: "default", profiles: [akProfile("default", "cli-disabled-secret-1")] });
    const c = chain({ ALIBABA_CLOUD_CLI_PROFILE_DISABLED: value });
    if (disabled)
      expect(await failure(c)).toContain(`: not set up; ${CLI}: disabled; ${FILE}: no such file;`);
    else expect(await c.getCredentials()).toMatchObject({ accessKeyId: "id-default" });
  });
});

describe("the OIDC role needs all three variables", () => {
  const vars = ["ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"];

  it("one of three set: names the two missing", async () => {
    expect(await failure(chain({ ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/r" }))).toContain(
      `Tried ${OIDC}: OIDC role: ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE not set ` +
        `(all three are needed) (${OIDC_FIX}); ${CLI}: no such file;`,
    );
  });

  it("two of three set: names the one missing", async () => {
    expect(
      await failure(chain({ ALIBABA_CLOUD_ROLE_ARN: "r", ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/t" })),
    ).toContain(
      `Tried ${OIDC}: OIDC role: ALIBABA_CLOUD_OIDC_PROVIDER_ARN not set (all three are needed) (${OIDC_FIX});`,
    );
  });

  it("all three set: hands over to the library (here it refuses: it reads process.env, left empty)", async () => {
    const env = Object.fromEntries(vars.map((name) => [name, `value-of-${name}`]));
    expect(await failure(chain(env))).toContain(
      `Tried ${OIDC}: ${WITHHELD} (${OIDC_FIX}); ${CLI}: no such file;`,
    );
  });
});

describe("the Aliyun CLI profile in ~/.aliyun/config.json", () => {
  it("a working profile is used, kept, and named as the source", async () => {
    cliConfig({ current: "work", profiles: [akProfile("work", "cli-secret-Qw3")] });
    const env: NodeJS.ProcessEnv = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
    const c = new MediaCredentialChain(env);
    expect(await c.getCredentials()).toMatchObject({
      accessKeyId: "id-work",
      accessKeySecret: "cli-secret-Qw3",
    });
    expect(c.describeSource()).toBe(CLI);
    expect(c.describeFix()).toBe(`${CLI_FIX}, or ${HOW_TO_SET_KEYS}`);
    // Later calls ask the kept source again, without walking the chain (which would now skip it).
    env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";
    expect(await c.getCredentials()).toMatchObject({ accessKeyId: "id-work" });
  });

  it("a file the library cannot parse still has its secrets registered, and is not quoted", async () => {
    cliConfig(
      `{"current":"a","profiles":[{"name":"a","mode":"AK","access_key_secret": "cli-unparsed-Zx8",}]}`,
    );
    const message = await failure(chain());
    expect(message).toContain(`${CLI}: the file is not valid JSON (${CLI_FIX}); ${FILE}: no such file;`);
    expect(isRegisteredSecret("cli-unparsed-Zx8")).toBe(true);
    expect(message).not.toContain("cli-unparsed");
  });

  it.each<[string, unknown, string]>([
    ["no profiles", { current: "a", profiles: [] }, "the file lists no profiles"],
    [
      "an unknown current profile",
      { current: "gone", profiles: [akProfile("a", "cli-secret-unknown-1")] },
      "the selected profile (ALIBABA_CLOUD_PROFILE, else the file's current one) is not in the file",
    ],
    [
      "an unsupported mode",
      { current: "a", profiles: [{ name: "a", mode: "Weird" }] },
      "the selected profile's mode is missing or not supported",
    ],
  ])("%s", async (_, content, why) => {
    cliConfig(content);
    expect(await failure(chain())).toContain(`${CLI}: ${why} (${CLI_FIX}); ${FILE}: no such file;`);
  });

  it("a config path that cannot be read (a folder) is said to be unreadable", async () => {
    mkdirSync(join(home, ".aliyun", "config.json"), { recursive: true });
    expect(await failure(chain())).toContain(`${CLI}: the file cannot be read (${CLI_FIX});`);
  });

  it("registers what a source hands out, and reports a kept source that fails later", async () => {
    const out = join(home, "out.json");
    const handOut = {
      mode: "StsToken",
      access_key_id: "ext-id",
      access_key_secret: "ext-secret-Lp4",
      sts_token: "ext-token-Mn5",
    };
    writeFileSync(out, JSON.stringify(handOut));
    cliConfig({ current: "x", profiles: [{ name: "x", mode: "External", process_command: `cat ${out}` }] });
    const c = chain();
    expect(await c.getCredentials()).toMatchObject({ accessKeyId: "ext-id", securityToken: "ext-token-Mn5" });
    expect(isRegisteredSecret("ext-secret-Lp4")).toBe(true);
    expect(isRegisteredSecret("ext-token-Mn5")).toBe(true);
    writeFileSync(out, "not json ext-secret-later-Rt6");
    const error = await c.getCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsUnavailableError);
    expect((error as Error).message).toBe(
      `${CLI} supplied credentials earlier but now fails: ${WITHHELD}. To fix: ${CLI_FIX}.`,
    );
  });
});

describe("the credentials file", () => {
  const body = (secret: string) =>
    `[default]\ntype = access_key\naccess_key_id = file-id\naccess_key_secret = ${secret}\n`;

  it("ALIBABA_CLOUD_CREDENTIALS_FILE names it", async () => {
    const path = iniFile(join(home, "elsewhere", "creds"), body("file-secret-Env1"));
    const c = chain({ ALIBABA_CLOUD_CREDENTIALS_FILE: path }, true);
    expect(await c.getCredentials()).toMatchObject({
      accessKeyId: "file-id",
      accessKeySecret: "file-secret-Env1",
    });
    expect(c.describeSource()).toBe(FILE);
    expect(c.describeFix()).toBe(`${FILE_FIX}, or ${HOW_TO_SET_KEYS}`);
  });

  it("else ~/.alibabacloud/credentials", async () => {
    iniFile(join(home, ".alibabacloud", "credentials"), body("file-secret-Home1"));
    const c = chain({ ALIBABA_CLOUD_CREDENTIALS_FILE: "" }, true);
    expect(await c.getCredentials()).toMatchObject({ accessKeySecret: "file-secret-Home1" });
  });

  it("a file the library rejects still has its secrets registered, and is not quoted", async () => {
    const path = iniFile(
      join(home, "bad"),
      "[default]\naccess_key_secret = ini-secret-Kk9\nsts_token = ini-token-Jj8  \nsecurity_token=ini-token-Hh7\n",
    );
    const message = await failure(chain({ ALIBABA_CLOUD_CREDENTIALS_FILE: path }, true));
    expect(message).toContain(
      `${FILE}: the selected profile's mode is missing or not supported (${FILE_FIX}); ${ECS}`,
    );
    for (const secret of ["ini-secret-Kk9", "ini-token-Jj8", "ini-token-Hh7"])
      expect(isRegisteredSecret(secret)).toBe(true);
    expect(redact(message)).toBe(message);
  });
});

describe("the credentials URI", () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await ScriptedServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it("registers what it hands out and is asked once while the token is fresh", async () => {
    server.otherwise({
      status: 200,
      body: {
        AccessKeyId: "uri-id",
        AccessKeySecret: "uri-secret-Gg6",
        SecurityToken: "uri-token-Ff5",
        Expiration: "2099-01-01T00:00:00Z",
      },
    });
    const c = chain({ ALIBABA_CLOUD_CREDENTIALS_URI: `http://127.0.0.1:${server.port}/creds` });
    expect(await c.getCredentials()).toMatchObject({ accessKeyId: "uri-id", securityToken: "uri-token-Ff5" });
    expect(isRegisteredSecret("uri-secret-Gg6")).toBe(true);
    expect(isRegisteredSecret("uri-token-Ff5")).toBe(true);
    expect(c.describeSource()).toBe(URI);
    expect(await c.getCredentials()).toMatchObject({ accessKeyId: "uri-id" });
    expect(server.requests).toHaveLength(1);
  });

  it("a refusing URI is the last thing tried", async () => {
    server.otherwise({ status: 503, body: { AccessKeySecret: "uri-body-secret-Dd4" } });
    const message = await failure(
      chain({ ALIBABA_CLOUD_CREDENTIALS_URI: `http://127.0.0.1:${server.port}/c` }),
    );
    expect(message).toContain(
      `; ${URI}: the service answered HTTP 503 (check that the URI answers with credentials). To fix: `,
    );
    expect(message).not.toContain("uri-body-secret");
  });
});

describe("whyItFailed", () => {
  const err = (message: string, code?: unknown) =>
    Object.assign(new Error(message), code === undefined ? {} : { code });

  it.each<[string, unknown, string]>([
    [
      "our own error, verbatim",
      new CredentialsUnavailableError("parse aliyun cli config x"),
      "parse aliyun cli config x",
    ],
    [
      "unparsable CLI config",
      err("parse aliyun cli config from '/h' failed: {secret"),
      "the file is not valid JSON",
    ],
    ["not at the start", err("x parse aliyun cli config"), WITHHELD],
    ["unreadable CLI config", err("reading aliyun cli config from '/h' failed."), "the file cannot be read"],
    ["reading, not at the start", err("while reading aliyun cli config"), WITHHELD],
    ["ENOENT", err("open /x: ENOENT"), "the file cannot be read"],
    ["EACCES", err("open /x: EACCES"), "the file cannot be read"],
    ["no profiles", err("no any configured profiles in '/h'"), "the file lists no profiles"],
    [
      "unknown profile",
      err("unable to get profile with 'p'"),
      "the selected profile (ALIBABA_CLOUD_PROFILE, else the file's current one) is not in the file",
    ],
    [
      "unsupported mode",
      err("unsupported profile mode 'M'"),
      "the selected profile's mode is missing or not supported",
    ],
    [
      "invalid type",
      err("Invalid type option, support: access_key"),
      "the selected profile's mode is missing or not supported",
    ],
    [
      "no type",
      err('Can not find credential type for "default"'),
      "the selected profile's mode is missing or not supported",
    ],
    [
      "accessKeyId",
      err("accessKeyId must not be empty"),
      "the selected profile lacks an access key id or secret",
    ],
    [
      "access key secret",
      err("the access key secret is required"),
      "the selected profile lacks an access key id or secret",
    ],
    ["access key id, no complaint", err("access key id abc"), WITHHELD],
    [
      "HTTP status",
      err("get sts token failed, httpStatus: 503, message = body."),
      "the service answered HTTP 503",
    ],
    ["json", err("get sts token failed, json parse failed: x"), "the service's answer is not valid JSON"],
    ["unmarshal", err("unmarshal failed"), "the service's answer is not valid JSON"],
    ["network code only", err("socket hang up", "ECONNRESET"), "its service could not be reached"],
    ["network code only (refused)", err("boom", "ECONNREFUSED"), "its service could not be reached"],
    ["other code", err("boom", "EPERM"), WITHHELD],
    ["code not at the start", err("boom", "XECONNRESET"), WITHHELD],
    ["numeric code", err("boom", 110), WITHHELD],
    ["timeout text", err("connect timeout after 5000ms"), "its service could not be reached"],
    ["ENOTFOUND text", err("getaddrinfo ENOTFOUND sts.aliyuncs.com"), "its service could not be reached"],
    [
      "metadata token",
      err("get metadata token failed: x"),
      "the metadata service did not answer as expected (not an ECS instance, or no RAM role attached)",
    ],
    [
      "role name",
      err("get role name failed: x"),
      "the metadata service did not answer as expected (not an ECS instance, or no RAM role attached)",
    ],
    ["anything else", err("secret-laden library text"), WITHHELD],
    ["a string", "parse aliyun cli config", "the file is not valid JSON"],
    ["undefined", undefined, WITHHELD],
    ["null", null, WITHHELD],
  ])("%s", (_, error, expected) => expect(whyItFailed(error)).toBe(expected));
});
