import { endpointFor, parseEndpoint, resolveSettings, SettingsError } from "../../provider/runtime";
import { redact } from "../../provider/runtime/redact";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("resolveSettings", () => {
  it("prefers alicloud-media config, then alicloud config, then the environment", () => {
    const env = {
      ALIBABA_CLOUD_REGION_ID: "env-region",
      ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret-1",
    };
    const own = resolveSettings(
      config({
        "alicloud-media:region": "cn-shanghai",
        "alicloud:region": "cn-beijing",
        "alicloud-media:accessKeyId": "own-id",
        "alicloud-media:accessKeySecret": "own-secret-1",
        "alicloud-media:securityToken": "own-token-1",
        "alicloud:accessKey": "ali-id",
        "alicloud:secretKey": "ali-secret-1",
      }),
      env,
    );
    expect(own.region).toBe("cn-shanghai");
    expect(own.credentials).toMatchObject({
      source: "static",
      accessKeyId: "own-id",
      securityToken: "own-token-1",
    });

    const alicloud = resolveSettings(
      config({
        "alicloud:region": "cn-beijing",
        "alicloud:accessKey": "ali-id",
        "alicloud:secretKey": "ali-secret-1",
      }),
      env,
    );
    expect(alicloud.region).toBe("cn-beijing");
    expect(alicloud.credentials).toMatchObject({
      accessKeyId: "ali-id",
      origin: "the alicloud:* fallback alicloud:accessKey/alicloud:secretKey",
    });

    const fromEnv = resolveSettings(config({}), env);
    expect(fromEnv.region).toBe("env-region");
    expect(fromEnv.credentials).toMatchObject({ accessKeyId: "env-id" });

    expect(resolveSettings(config({}), {}).credentials).toEqual({ source: "default-chain" });
  });

  it("refuses half a key pair, saying which half is missing, without echoing the half given", () => {
    const attempt = () =>
      resolveSettings(config({ "alicloud-media:accessKeySecret": "lonely-secret-value" }), {});
    expect(attempt).toThrow(SettingsError);
    expect(attempt).toThrow(
      /^alicloud-media:accessKeySecret is set but alicloud-media:accessKeyId is not: an access key needs both/,
    );
    expect(() => attempt()).not.toThrow(/lonely-secret-value/);
    expect(() => resolveSettings(config({ "alicloud:accessKey": "an-id" }), {})).toThrow(
      /^alicloud:accessKey is set but alicloud:secretKey is not: .* Set alicloud:secretKey \(as a secret: --secret\)/,
    );
    expect(() => resolveSettings(config({}), { ALIBABA_CLOUD_ACCESS_KEY_ID: "an-id" })).toThrow(
      /^ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not/,
    );
  });

  it("registers every source's secrets, overridden ones and short ones too", () => {
    resolveSettings(
      config({
        "alicloud-media:accessKeyId": "own-id",
        "alicloud-media:accessKeySecret": "own-secret-used",
        "alicloud:accessKey": "ali-id",
        "alicloud:secretKey": "ali-secret-overridden",
        "alicloud:securityToken": "tk1",
      }),
      { ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret-overridden" },
    );
    expect(redact("own-secret-used ali-secret-overridden env-secret-overridden")).toBe(
      "[redacted] [redacted] [redacted]",
    );
    // A short secret is scrubbed where it stands alone, not inside other words.
    expect(redact('token "tk1" in tk12 and atk1')).toBe('token "[redacted]" in tk12 and atk1');
  });

  it("registers secrets so that any message mentioning them is scrubbed", () => {
    resolveSettings(config({ "alicloud:accessKey": "id", "alicloud:secretKey": "scrub-me-please" }), {});
    expect(redact("error: scrub-me-please leaked")).toBe("error: [redacted] leaked");
  });

  it("parses endpoint overrides, including a plain http URL for the local emulator", () => {
    const s = resolveSettings(
      config({
        "alicloud-media:immEndpoint": "http://127.0.0.1:8080",
        "alicloud-media:iceEndpoint": "ice-vpc.cn-shanghai.aliyuncs.com",
      }),
      {},
    );
    expect(endpointFor("imm", s)).toEqual({ host: "127.0.0.1:8080", protocol: "http" });
    expect(endpointFor("ice", s)).toEqual({ host: "ice-vpc.cn-shanghai.aliyuncs.com", protocol: "https" });
    expect(() => parseEndpoint("alicloud-media:immEndpoint", "http://host/path")).toThrow(/without a path/);
  });

  it("derives regional endpoints, and explains a missing region", () => {
    expect(
      endpointFor("imm", resolveSettings(config({ "alicloud-media:region": "cn-hangzhou" }), {})),
    ).toEqual({
      host: "imm.cn-hangzhou.aliyuncs.com",
      protocol: "https",
    });
    expect(
      endpointFor("ice", resolveSettings(config({ "alicloud-media:region": "cn-shanghai" }), {})).host,
    ).toBe("ice.cn-shanghai.aliyuncs.com");
    expect(() => endpointFor("imm", resolveSettings(config({}), {}))).toThrow(
      /pulumi config set alicloud-media:region/,
    );
  });

  it("validates the rate setting", () => {
    expect(() => resolveSettings(config({ "alicloud-media:queriesPerSecond": "fast" }), {})).toThrow(
      'alicloud-media:queriesPerSecond must be a positive number, got "fast"',
    );
  });
});
