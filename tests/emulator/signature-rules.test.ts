/**
 * The signature rules of emulator/core/signature.ts, called in process with hand-built requests and a
 * fixed server clock: how the ACS3-HMAC-SHA256 canonical request is formed from what arrived (path,
 * query order and encoding, signed header list and values), the exact rejections (code, status,
 * message) of each malformed or missing piece in both algorithms, the edges of the 15-minute skew
 * window, security tokens, and how long the nonce cache remembers. The signers below follow the
 * documented recipes (Alibaba Cloud OpenAPI: V3 request signature, RPC signature), not the verifier's
 * code.
 */
import { createHash, createHmac } from "node:crypto";
import { ApiError } from "../../emulator/core/errors";
import { Authenticator, NonceCache, type SignedRequest } from "../../emulator/core/signature";

const KEY = "rules-key-id";
const SECRET = "rules-key-secret";
const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);
const MINUTE = 60_000;
const SKEW = 15 * MINUTE;
const REQUIRED = ["host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];

const authenticator = () =>
  new Authenticator([
    { accessKeyId: KEY, accessKeySecret: SECRET },
    { accessKeyId: "sts-key", accessKeySecret: "sts-secret", securityToken: "sts-token" },
  ]);

let nonceCounter = 0;
const nextNonce = () => `nonce-${++nonceCounter}`;
const wireDate = (epochMs: number) => `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const percent = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

type Headers = Record<string, string | string[] | undefined>;

interface Acs3Input {
  method?: string;
  /** The path as sent; left out of the request when undefined. */
  path?: string;
  /** The canonical URI the client signed (default: the path sent, or `/`). */
  signedPath?: string;
  rawQuery?: string;
  /** The canonical query the client signed (default: the raw query sent). */
  canonicalQuery?: string;
  body?: string;
  /** Changes to the headers sent; undefined removes one. */
  headers?: Headers;
  /** SignedHeaders exactly as written in Authorization (default: every header sent, sorted). */
  signedHeaderList?: string;
  secret?: string;
  accessKeyId?: string;
  /** Rewrites the finished Authorization header. */
  authorization?: (valid: string) => string;
}

/**
 * A request signed as an ACS3 client does: canonical headers are the listed names, lower case and
 * sorted, each `name:value` with the value trimmed (repeated values joined by commas); the signed
 * list in the canonical request is the same sorted names.
 */
function acs3(input: Acs3Input = {}): SignedRequest {
  const body = Buffer.from(input.body ?? "");
  const headers: Headers = {
    host: "127.0.0.1:9",
    "x-acs-action": "GetProject",
    "x-acs-version": "2020-09-30",
    "x-acs-date": wireDate(NOW),
    "x-acs-signature-nonce": nextNonce(),
    "x-acs-content-sha256": sha256(body),
  };
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const list = input.signedHeaderList ?? Object.keys(headers).sort().join(";");
  const names = list
    .split(";")
    .filter((name) => name !== "")
    .sort();
  const canonicalHeaders = names
    .map((name) => {
      const value = headers[name];
      return `${name}:${(Array.isArray(value) ? value.join(",") : (value ?? "")).trim()}\n`;
    })
    .join("");
  const canonicalRequest = [
    input.method ?? "POST",
    input.signedPath ?? input.path ?? "/",
    input.canonicalQuery ?? input.rawQuery ?? "",
    canonicalHeaders,
    names.join(";"),
    headers["x-acs-content-sha256"] ?? "",
  ].join("\n");
  const signature = createHmac("sha256", input.secret ?? SECRET)
    .update(`ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`)
    .digest("hex");
  const valid = `ACS3-HMAC-SHA256 Credential=${input.accessKeyId ?? KEY},SignedHeaders=${list},Signature=${signature}`;
  headers.authorization = input.authorization ? input.authorization(valid) : valid;
  return {
    method: input.method ?? "POST",
    ...(input.path === undefined ? {} : { path: input.path }),
    rawQuery: input.rawQuery ?? "",
    headers,
    body,
    params: {},
    bodyParams: {},
  };
}

/** A legacy RPC request: `Signature` is HMAC-SHA1 over every parameter but itself. */
function rpc(
  changes: Record<string, string | undefined> = {},
  options: { secret?: string; signature?: string; headers?: Headers } = {},
): SignedRequest {
  const params: Record<string, string> = {};
  const all = {
    Action: "GetProject",
    Version: "2020-09-30",
    Format: "JSON",
    AccessKeyId: KEY,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    Timestamp: wireDate(NOW),
    SignatureNonce: nextNonce(),
    ProjectName: "p",
    ...changes,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) params[key] = value;
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${percent(key)}=${percent(params[key] ?? "")}`)
    .join("&");
  params.Signature =
    options.signature ??
    createHmac("sha1", `${options.secret ?? SECRET}&`)
      .update(`POST&${percent("/")}&${percent(canonical)}`)
      .digest("base64");
  return {
    method: "POST",
    rawQuery: "",
    headers: { host: "127.0.0.1:9", ...options.headers },
    body: Buffer.alloc(0),
    params,
    bodyParams: {},
  };
}

/** The rejection a client receives: status, code, message. */
function rejection(request: SignedRequest, now = NOW, verifier = authenticator()) {
  let thrown: unknown;
  try {
    verifier.verify(request, now);
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error("expected the request to be rejected, but it was accepted");
  expect(thrown).toBeInstanceOf(ApiError);
  const { status, code, message } = thrown as ApiError;
  return { status, code, message };
}

const accepted = (request: SignedRequest, now = NOW) => authenticator().verify(request, now);

const incomplete = (detail: string) => ({
  status: 400,
  code: "IncompleteSignature",
  message: `The request signature does not conform to Aliyun standards: ${detail}.`,
});
const mismatch = {
  status: 400,
  code: "SignatureDoesNotMatch",
  message: "Specified signature is not matched with our calculation.",
};

describe("ACS3: the canonical request is built from what arrived", () => {
  it("accepts an untouched request; the canonical URI of a request without a path is /", () => {
    expect(accepted(acs3())).toBe(KEY);
    expect(accepted(acs3({ body: "Description=a%20b" }))).toBe(KEY);
  });

  it("signs the path as sent", () => {
    expect(accepted(acs3({ path: "/v1/projects" }))).toBe(KEY);
    expect(rejection(acs3({ path: "/v1/projects", signedPath: "/" }))).toEqual(mismatch);
    expect(rejection(acs3({ signedPath: "" }))).toEqual(mismatch);
  });

  it("sorts the query by name, keeps a bare name as name=, and a name-less pair as =value", () => {
    const rawQuery = "b=2&flag&=v&a=1";
    expect(accepted(acs3({ rawQuery, canonicalQuery: "=v&a=1&b=2&flag=" }))).toBe(KEY);
    expect(rejection(acs3({ rawQuery, canonicalQuery: rawQuery }))).toEqual(mismatch);
  });

  it("keeps a repeated name's values in the order they arrived", () => {
    expect(accepted(acs3({ rawQuery: "A=1&A=2" }))).toBe(KEY);
    expect(rejection(acs3({ rawQuery: "A=1&A=2", canonicalQuery: "A=2&A=1" }))).toEqual(mismatch);
  });

  it("decodes each value and re-encodes it with the POP encoding (space %20, * %2A)", () => {
    const rawQuery = "Name=a+b%20c*%2A&Empty=";
    expect(accepted(acs3({ rawQuery, canonicalQuery: "Empty=&Name=a%2Bb%20c%2A%2A" }))).toBe(KEY);
  });

  it("accepts SignedHeaders in any order and with empty entries, signing the sorted names", () => {
    const names = ["x-acs-version", "x-acs-signature-nonce", "host", "x-acs-date", "x-acs-action"];
    expect(accepted(acs3({ signedHeaderList: [...names, "x-acs-content-sha256"].join(";") }))).toBe(KEY);
    expect(accepted(acs3({ signedHeaderList: `;${names.join(";;")};` }))).toBe(KEY);
  });

  it("trims signed header values and joins a repeated header with commas", () => {
    const headers = { "x-acs-action": "  GetProject ", "x-acs-meta": ["one", "two"] };
    expect(accepted(acs3({ headers }))).toBe(KEY);
  });

  it("signs a listed header that did not arrive as empty, and ignores headers not listed", () => {
    const signedHeaderList = "content-type;host;x-acs-action;x-acs-date;x-acs-signature-nonce;x-acs-version";
    expect(accepted(acs3({ signedHeaderList }))).toBe(KEY);
    const unlisted = acs3({ signedHeaderList: signedHeaderList.replace("content-type;", "") });
    expect(accepted({ ...unlisted, headers: { ...unlisted.headers, "user-agent": "changed" } })).toBe(KEY);
  });
});

describe("ACS3: exact rejections", () => {
  it.each(REQUIRED)("requires %s to be signed", (name) => {
    const signedHeaderList = REQUIRED.filter((n) => n !== name).join(";");
    expect(rejection(acs3({ signedHeaderList }))).toEqual(incomplete(`header ${name} is not signed`));
  });

  it("requires x-acs-content-sha256, and compares it with the body, whatever its length", () => {
    expect(rejection(acs3({ headers: { "x-acs-content-sha256": undefined } }))).toEqual(
      incomplete("missing x-acs-content-sha256"),
    );
    expect(rejection(acs3({ headers: { "x-acs-content-sha256": "abc" } }))).toEqual(mismatch);
    expect(rejection(acs3({ headers: { "x-acs-content-sha256": sha256("other") } }))).toEqual(mismatch);
  });

  it("answers a signature of the wrong length as a mismatch", () => {
    expect(
      rejection(acs3({ authorization: (valid) => valid.replace(/Signature=\w+$/, "Signature=abc") })),
    ).toEqual(mismatch);
    expect(rejection(acs3({ secret: "not-the-secret" }))).toEqual(mismatch);
  });

  it.each([
    ["another algorithm", (valid: string) => valid.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")],
    ["text before it", (valid: string) => `ACS3-HMAC-SHA256 ${valid}`],
    ["text after it", (valid: string) => `${valid}Z`],
    ["a trailing field", (valid: string) => `${valid},Extra=1`],
    ["upper-case hex", (valid: string) => valid.replace(/[0-9a-f]+$/, (hex) => hex.toUpperCase())],
  ])("refuses an Authorization header with %s as malformed", (_what, rewrite) => {
    expect(rejection(acs3({ authorization: rewrite }))).toEqual(
      incomplete("unsupported or malformed Authorization header"),
    );
  });

  it("answers an unknown access key with 404", () => {
    expect(rejection(acs3({ accessKeyId: "no-such-key" }))).toEqual({
      status: 404,
      code: "InvalidAccessKeyId.NotFound",
      message: "Specified access key is not found.",
    });
  });

  it("refuses malformed percent-encoding, quoting the first 40 characters of the bad part", () => {
    const tail = "abcdefghij".repeat(5);
    expect(rejection(acs3({ rawQuery: `A=1&Bad=%zz${tail}` }))).toEqual(
      incomplete(`the query string is not valid percent-encoding near "${`%zz${tail}`.slice(0, 40)}"`),
    );
    expect(rejection(acs3({ rawQuery: "%E0%A4%A=1" }))).toEqual(
      incomplete('the query string is not valid percent-encoding near "%E0%A4%A"'),
    );
  });
});

describe("choosing the algorithm", () => {
  it("answers a request with neither signature exactly", () => {
    const { Signature: _dropped, ...unsigned } = rpc().params;
    expect(rejection({ ...rpc(), params: unsigned })).toEqual(
      incomplete("no Authorization header and no Signature parameter"),
    );
  });

  it("verifies the RPC Signature when the Authorization header is not ACS3", () => {
    expect(accepted(rpc({}, { headers: { authorization: "Bearer something-else" } }))).toBe(KEY);
  });
});

describe("legacy RPC: exact rejections", () => {
  it("requires AccessKeyId, then HMAC-SHA1", () => {
    expect(rejection(rpc({ AccessKeyId: undefined }))).toEqual(incomplete("missing AccessKeyId"));
    expect(rejection(rpc({ AccessKeyId: "" }))).toEqual(incomplete("missing AccessKeyId"));
    expect(rejection(rpc({ SignatureMethod: "HMAC-SHA256" }))).toEqual(
      incomplete("SignatureMethod must be HMAC-SHA1"),
    );
  });

  it("answers a signature of the wrong length or secret as a mismatch", () => {
    expect(rejection(rpc({}, { signature: "short" }))).toEqual(mismatch);
    expect(rejection(rpc({}, { secret: "not-the-secret" }))).toEqual(mismatch);
  });

  it("requires a timestamp and a nonce", () => {
    expect(rejection(rpc({ Timestamp: undefined }))).toEqual(incomplete("missing timestamp"));
    expect(rejection(rpc({ SignatureNonce: undefined }))).toEqual(incomplete("missing signature nonce"));
  });
});

describe("security tokens", () => {
  const answer = {
    status: 400,
    code: "InvalidSecurityToken.Mismatch",
    message: "Specified SecurityToken is not valid for this access key.",
  };

  it("requires the STS token of a key issued with one, in the RPC parameter", () => {
    const sts = { AccessKeyId: "sts-key" };
    expect(rejection(rpc(sts, { secret: "sts-secret" }))).toEqual(answer);
    expect(rejection(rpc({ ...sts, SecurityToken: "other" }, { secret: "sts-secret" }))).toEqual(answer);
    expect(accepted(rpc({ ...sts, SecurityToken: "sts-token" }, { secret: "sts-secret" }))).toBe("sts-key");
  });

  it("requires it in x-acs-security-token for ACS3", () => {
    const sts = { accessKeyId: "sts-key", secret: "sts-secret" };
    expect(rejection(acs3(sts))).toEqual(answer);
    expect(accepted(acs3({ ...sts, headers: { "x-acs-security-token": "sts-token" } }))).toBe("sts-key");
  });

  it("lets a plain key pair carry any token or none", () => {
    expect(accepted(rpc({ SecurityToken: "any" }))).toBe(KEY);
    expect(accepted(acs3({ headers: { "x-acs-security-token": "any" } }))).toBe(KEY);
  });
});

describe("freshness", () => {
  const expired = {
    status: 400,
    code: "InvalidTimeStamp.Expired",
    message: "Specified time stamp or date value is expired.",
  };

  it("accepts a date exactly 15 minutes off either way, and refuses one millisecond more", () => {
    expect(accepted(acs3(), NOW + SKEW)).toBe(KEY);
    expect(accepted(acs3(), NOW - SKEW)).toBe(KEY);
    expect(accepted(rpc(), NOW + SKEW)).toBe(KEY);
    expect(rejection(acs3(), NOW + SKEW + 1)).toEqual(expired);
    expect(rejection(acs3(), NOW - SKEW - 1)).toEqual(expired);
    expect(rejection(rpc(), NOW + SKEW + 1)).toEqual(expired);
  });

  it("refuses a malformed date, quoting it", () => {
    expect(rejection(acs3({ headers: { "x-acs-date": "yesterday" } }))).toEqual({
      status: 400,
      code: "InvalidTimeStamp.Format",
      message: "Specified time stamp or date value is not well formatted: yesterday.",
    });
  });

  it("accepts a nonce once", () => {
    const verifier = authenticator();
    const request = acs3();
    expect(verifier.verify(request, NOW)).toBe(KEY);
    expect(rejection(request, NOW, verifier)).toEqual({
      status: 400,
      code: "SignatureNonceUsed",
      message: "Specified signature nonce was used already.",
    });
  });
});

describe("NonceCache", () => {
  /** `count` nonces claimed at `at`. A small cache forgets nothing, however old: checked first, so a
   * cache that pruned on every claim fails at once instead of taking quadratic time to fill. */
  const fill = (cache: NonceCache, count: number, at: number) => {
    expect(cache.claim("old-0", at)).toBe(true);
    expect(cache.claim("old-0", at + 2 * SKEW)).toBe(false);
    for (let i = 1; i < count; i++) expect(cache.claim(`old-${i}`, at)).toBe(true);
  };

  it("remembers every nonce while it holds at most 10 000, however old", () => {
    const small = new NonceCache();
    expect(small.claim("a", NOW)).toBe(true);
    expect(small.claim("a", NOW + 60 * MINUTE)).toBe(false);

    const full = new NonceCache();
    fill(full, 10_000, NOW);
    expect(full.claim("old-0", NOW + 60 * MINUTE)).toBe(false);
  });

  it("above 10 000, forgets nonces older than the skew window and keeps the recent ones", () => {
    const cache = new NonceCache();
    fill(cache, 10_000, NOW);
    const later = NOW + SKEW + 1;
    expect(cache.claim("recent", later)).toBe(true); // now 10 001 entries
    expect(cache.claim("old-1", later)).toBe(true); // pruned, so usable again
    expect(cache.claim("recent", later)).toBe(false);
    expect(cache.claim("old-1", later)).toBe(false);
  });

  it("keeps a nonce exactly as old as the skew window", () => {
    const cache = new NonceCache();
    fill(cache, 10_001, NOW);
    expect(cache.claim("old-0", NOW + SKEW)).toBe(false);
    expect(cache.claim("old-0", NOW + SKEW + 1)).toBe(true);
  });
});
