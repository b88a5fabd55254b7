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
      origin: "alicloud:accessKey/secretKey",
    });

    const fromEnv = resolveSettings(config({}), env);
    expect(fromEnv.region).toBe("env-region");
    expect(fromEnv.credentials).toMatchObject({ accessKeyId: "env-id" });

    expect(resolveSettings(config({}), {}).credentials).toEqual({ source: "default-chain" });
  });

  it("refuses half a key pair without echoing the half that was given", () => {
    const attempt = () =>
      resolveSettings(config({ "alicloud-media:accessKeySecret": "lonely-secret-value" }), {});
    expect(attempt).toThrow(SettingsError);
    expect(attempt).toThrow(/alicloud-media:accessKeyId\/accessKeySecret: both .* must be set/);
    expect(() => attempt()).not.toThrow(/lonely-secret-value/);
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
