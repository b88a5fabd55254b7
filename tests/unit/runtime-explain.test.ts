/**
 * The words a user reads for a failed call (provider/runtime/explain.ts): which setting points at the
 * endpoint that refused or does not resolve, which source supplied a rejected key, which setting holds
 * a value Node refused to send, and Node's network texts with the request line and query cut off.
 */
import {
  type CallOrigin,
  credentialHint,
  describeTransport,
  endpointSetting,
  isLoopback,
  preSendHint,
  sanitizeNetworkText,
  transportHint,
} from "../../provider/runtime/explain";
import { STACK_KEYS } from "../../provider/runtime/settings";

function origin(over: Partial<CallOrigin> = {}): CallOrigin {
  return {
    endpoint: { host: "127.0.0.1:8080", protocol: "http" },
    endpointConfigured: true,
    credentialSource: () => "SRC",
    credentialFix: () => "FIX",
    ...over,
  };
}

describe("endpointSetting", () => {
  it("names the per-product stack setting", () => {
    expect(endpointSetting("imm")).toBe("alicloud-media:immEndpoint");
    expect(endpointSetting("ice")).toBe("alicloud-media:iceEndpoint");
  });
});

describe("isLoopback", () => {
  it.each([
    "localhost",
    "LocalHost",
    "::1",
    "[::1]",
    "127.0.0.1",
    "127.255.10.3",
    "127.10.200.1",
    "127.0.0.10",
    "::ffff:127.0.0.1",
    "::FFFF:127.0.0.2",
    "[::ffff:127.0.0.1]",
  ])("%s is loopback", (host) => expect(isLoopback(host)).toBe(true));

  it.each([
    undefined,
    "",
    "example.com",
    "10.0.0.1",
    "128.0.0.1",
    "x127.0.0.1",
    "127.0.0.1.example.com",
    "127.0.0.[1",
    "127.0.0.]1",
    "local::ffff:host",
    "::2",
  ])("%s is not", (host) => expect(isLoopback(host)).toBe(false));
});

describe("describeTransport", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["ECONNREFUSED", { address: "127.0.0.1", port: 9 }, "connection refused by 127.0.0.1:9"],
    ["ECONNREFUSED", { address: "10.0.0.1", port: "9" }, "connection refused by 10.0.0.1"],
    ["ECONNREFUSED", { port: 9 }, "connection refused"],
    ["ECONNREFUSED", { address: "", port: 9 }, "connection refused"],
    ["ECONNREFUSED", { address: 123, port: 9 }, "connection refused"],
    [
      "ENOTFOUND",
      { hostname: "imm.cn-x.aliyuncs.com" },
      "cannot resolve the host name imm.cn-x.aliyuncs.com",
    ],
    ["EAI_AGAIN", { hostname: "h.example" }, "cannot resolve the host name h.example"],
    ["ENOTFOUND", { hostname: "" }, "cannot resolve the host name"],
    ["ENOTFOUND", { hostname: 7 }, "cannot resolve the host name"],
    [
      "ConnectTimeout",
      { address: "10.1.2.3", port: 443 },
      "no connection within the connect timeout to 10.1.2.3:443",
    ],
    ["ETIMEDOUT", { address: "10.1.2.3" }, "no connection within the connect timeout to 10.1.2.3"],
    ["ETIMEDOUT", {}, "no connection within the connect timeout"],
    ["ReadTimeout", {}, "no answer within the read timeout"],
    ["ESOCKETTIMEDOUT", {}, "no answer within the read timeout"],
    ["ECONNRESET", {}, "the connection was closed before the answer arrived"],
    ["UND_ERR_SOCKET", {}, "the connection was closed before the answer arrived"],
    ["EPIPE", {}, "the connection was closed while the request was being sent"],
    ["EHOSTUNREACH", { address: "10.9.9.9", port: 80 }, "no route to 10.9.9.9:80"],
    ["ENETUNREACH", { address: "10.9.9.9" }, "no route to 10.9.9.9"],
    ["ENETUNREACH", {}, "no route to the endpoint"],
    ["EPROTO", { message: "write EPROTO 80POST http://h:1/?Signature=s3cr failed." }, "write EPROTO 80"],
    ["EPROTO", {}, "the connection failed"],
    ["EPROTO", { message: "" }, "the connection failed"],
    ["EPROTO", { message: 42 }, "the connection failed"],
  ])("%s %j -> %s", (code, err, expected) => expect(describeTransport(code, err)).toBe(expected));
});

describe("sanitizeNetworkText", () => {
  it.each([
    // The HTTP layer glues "<METHOD> <url> failed." to Node's text.
    [
      "connect ECONNREFUSED 127.0.0.1:80POST http://127.0.0.1/?Signature=abc failed.",
      "connect ECONNREFUSED 127.0.0.1:80",
    ],
    ["socket hang up GET https://h.example:8443/a/b failed.", "socket hang up"],
    ["errPOST http://h/ failed.", "err"],
    ["x GET http://h/ failed", "x"],
    ["xGEThttp://h/failed", "x"],
    ["a PUT http://127.0.0.1:8080/ failed.  ", "a"],
    ["a DELETE http://h/p?q=1 failed. \n", "a"],
    // Not at the end: the request line is kept, only its query string goes.
    ["GET http://a/ failed. then more", "GET http://a/ failed. then more"],
    ["a POST http://h/ failed.xyz", "a POST http://h/ failed.xyz"],
    ["see http://h/p?x=1 refused", "see http://h/p refused"],
    ["see https://host.example/path?ab cd", "see https://host.example/path cd"],
    ["u http://h/p?ab and http://g/q?c=d&e=f end", "u http://h/p and http://g/q end"],
    ["plain text", "plain text"],
  ])("%j -> %j", (text, expected) => expect(sanitizeNetworkText(text)).toBe(expected));
});

describe("transportHint", () => {
  const emulatorAdvice = (where: string, setting: string, port: string) =>
    `Nothing is listening there ${where}. Start the local emulator with \`npx alicloud-media-emulator${port}\`, ` +
    `or point ${setting} at the running service`;

  it("a refused loopback address: start the emulator on the port that was asked", () => {
    expect(transportHint("imm", "ECONNREFUSED", { address: "127.0.0.1", port: 8080 }, origin())).toBe(
      emulatorAdvice(
        "(alicloud-media:immEndpoint = http://127.0.0.1:8080)",
        "alicloud-media:immEndpoint",
        " --port 8080",
      ),
    );
    // The error's port wins over the endpoint's.
    expect(
      transportHint(
        "ice",
        "ECONNREFUSED",
        { address: "::1", port: 9000 },
        origin({ endpoint: { host: "localhost:1234", protocol: "http" } }),
      ),
    ).toBe(
      emulatorAdvice(
        "(alicloud-media:iceEndpoint = http://localhost:1234)",
        "alicloud-media:iceEndpoint",
        " --port 9000",
      ),
    );
  });

  it("without an address or port in the error, takes both from the endpoint", () => {
    expect(
      transportHint(
        "imm",
        "ECONNREFUSED",
        {},
        origin({ endpoint: { host: "localhost:7001", protocol: "https" } }),
      ),
    ).toBe(
      emulatorAdvice(
        "(alicloud-media:immEndpoint = https://localhost:7001)",
        "alicloud-media:immEndpoint",
        " --port 7001",
      ),
    );
    expect(
      transportHint(
        "imm",
        "ECONNREFUSED",
        { port: "1" },
        origin({ endpoint: { host: "[::1]:8080", protocol: "http" } }),
      ),
    ).toBe(
      emulatorAdvice(
        "(alicloud-media:immEndpoint = http://[::1]:8080)",
        "alicloud-media:immEndpoint",
        " --port 8080",
      ),
    );
    expect(
      transportHint("imm", "ECONNREFUSED", {}, origin({ endpoint: { host: "localhost", protocol: "http" } })),
    ).toBe(
      emulatorAdvice("(alicloud-media:immEndpoint = http://localhost)", "alicloud-media:immEndpoint", ""),
    );
  });

  it("without an origin, names the setting only", () => {
    expect(transportHint("ice", "ECONNREFUSED", { address: "127.0.0.1" })).toBe(
      emulatorAdvice("(alicloud-media:iceEndpoint)", "alicloud-media:iceEndpoint", ""),
    );
    expect(transportHint("imm", "ECONNREFUSED", {})).toBe(
      "alicloud-media:immEndpoint points at an address that refuses connections: check the setting and the network",
    );
  });

  it("a refused remote address: check the setting (and says when it was derived)", () => {
    const tail = " points at an address that refuses connections: check the setting and the network";
    // The error's address wins over a loopback endpoint.
    expect(transportHint("imm", "ECONNREFUSED", { address: "10.0.0.1", port: 80 }, origin())).toBe(
      `alicloud-media:immEndpoint${tail}`,
    );
    expect(
      transportHint(
        "ice",
        "ECONNREFUSED",
        {},
        origin({ endpoint: { host: "ice.cn-x.aliyuncs.com", protocol: "https" }, endpointConfigured: false }),
      ),
    ).toBe(`alicloud-media:iceEndpoint (derived from the region)${tail}`);
  });

  it("an unresolvable derived endpoint names the product, host and region", () => {
    const derived = origin({
      endpoint: { host: "imm.cn-x.aliyuncs.com", protocol: "https" },
      endpointConfigured: false,
      region: "cn-x",
    });
    const expected =
      "This machine cannot reach IMM at imm.cn-x.aliyuncs.com (no network or DNS, a proxy, or no IMM in region cn-x). " +
      "To use another endpoint (a VPC endpoint, the local emulator), set alicloud-media:immEndpoint and alicloud-media:iceEndpoint";
    expect(transportHint("imm", "ENOTFOUND", {}, derived)).toBe(expected);
    expect(transportHint("imm", "EAI_AGAIN", {}, derived)).toBe(expected);
    expect(transportHint("ice", "ENOTFOUND", {}, { ...derived, region: undefined })).toBe(
      "This machine cannot reach ICE at imm.cn-x.aliyuncs.com (no network or DNS, a proxy, or no ICE in region ?). " +
        "To use another endpoint (a VPC endpoint, the local emulator), set alicloud-media:immEndpoint and alicloud-media:iceEndpoint",
    );
  });

  it("an unresolvable configured endpoint names the setting", () => {
    const expected =
      "alicloud-media:iceEndpoint names a host that does not resolve: correct alicloud-media:iceEndpoint, or remove it to use the regional endpoint";
    expect(transportHint("ice", "ENOTFOUND", {}, origin())).toBe(expected);
    expect(transportHint("ice", "EAI_AGAIN", {})).toBe(expected);
  });

  it("has no advice for other codes", () => {
    expect(transportHint("imm", "ETIMEDOUT", { address: "127.0.0.1" }, origin())).toBeUndefined();
    expect(transportHint("imm", "", {}, origin())).toBeUndefined();
  });
});

describe("credentialHint", () => {
  const withNames = origin({ keyNames: STACK_KEYS });
  const hint = (part: string) => `The key came from SRC: check its ${part}. To use another key: FIX`;

  it.each([
    ["SignatureDoesNotMatch", "access key secret (alicloud-media:accessKeySecret)", "access key secret"],
    ["SignatureDoesNotMatch.Foo", "access key secret (alicloud-media:accessKeySecret)", "access key secret"],
    ["InvalidSecurityToken", "security token (alicloud-media:securityToken)", "security token"],
    ["InvalidSecurityToken.Expired", "security token (alicloud-media:securityToken)", "security token"],
    ["InvalidAccessKeyId.NotFound", "access key id (alicloud-media:accessKeyId)", "access key id"],
    ["IncompleteSignature", "access key id (alicloud-media:accessKeyId)", "access key id"],
    ["InvalidAccessKeySecret", "access key id (alicloud-media:accessKeyId)", "access key id"],
  ])("%s", (code, named, unnamed) => {
    expect(credentialHint(code, withNames)).toBe(hint(named));
    expect(credentialHint(code, origin())).toBe(hint(unnamed));
  });

  it("says nothing without an origin or for other codes", () => {
    expect(credentialHint("SignatureDoesNotMatch")).toBeUndefined();
    expect(credentialHint("Throttling", withNames)).toBeUndefined();
    expect(credentialHint("X.SignatureDoesNotMatch", withNames)).toBeUndefined();
  });
});

describe("preSendHint", () => {
  const hint = (what: string) =>
    `No request was sent: ${what} contains a character that cannot be sent in an HTTP header ` +
    `(a line break or other control character, often from copying the value). Set it again without it`;
  const named = origin({ keyNames: STACK_KEYS });
  const msg = (header: string) => `Invalid character in header content [${header}]`;

  it("names the setting of the header Node refused", () => {
    expect(preSendHint("imm", msg('"x-acs-security-token"'), named)).toBe(
      hint("the security token alicloud-media:securityToken (from SRC)"),
    );
    expect(preSendHint("imm", msg('"Authorization"'), named)).toBe(
      hint("the access key id alicloud-media:accessKeyId (from SRC)"),
    );
    expect(preSendHint("ice", msg('"host"'), named)).toBe(hint("the endpoint alicloud-media:iceEndpoint"));
    expect(preSendHint("imm", msg('"x-acs-other"'), named)).toBe(
      hint("a credential or endpoint setting (from SRC)"),
    );
  });

  it("accepts the header name with or without quotes", () => {
    expect(preSendHint("imm", msg("authorization"), named)).toBe(
      hint("the access key id alicloud-media:accessKeyId (from SRC)"),
    );
    expect(preSendHint("imm", msg('"X-Acs-Security-Token'), named)).toBe(
      hint("the security token alicloud-media:securityToken (from SRC)"),
    );
    expect(preSendHint("imm", msg('Host"'), named)).toBe(hint("the endpoint alicloud-media:immEndpoint"));
  });

  it("without setting names, names the source; without an origin, neither", () => {
    expect(preSendHint("imm", msg('"x-acs-security-token"'), origin())).toBe(
      hint("the security token (from SRC)"),
    );
    expect(preSendHint("imm", msg('"authorization"'), origin())).toBe(hint("the access key id (from SRC)"));
    expect(preSendHint("imm", msg('"authorization"'))).toBe(hint("the access key id"));
    expect(preSendHint("imm", msg('"x-acs-security-token"'))).toBe(hint("the security token"));
    expect(preSendHint("imm", "no header named here")).toBe(hint("a credential or endpoint setting"));
    expect(preSendHint("imm", "no header named here", origin())).toBe(
      hint("a credential or endpoint setting (from SRC)"),
    );
  });
});
