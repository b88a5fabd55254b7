/**
 * Request authentication exactly as the Alibaba gateway checks it (Alibaba Cloud OpenAPI: V3 request
 * signature, and the RPC signature): ACS3-HMAC-SHA256 in the Authorization header, or the legacy RPC
 * HMAC-SHA1 `Signature` parameter. Both recompute the signature from what actually arrived, so a tampered
 * query, body or signed header fails. Replay protection: each nonce once, and a timestamp within 15 minutes
 * of the server clock.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { ApiError } from "./errors";

export interface Credential {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, requests with this key must carry this STS token. */
  securityToken?: string;
}

export interface SignedRequest {
  method: string;
  /** The raw path (before `?`), undecoded; the ACS3 canonical URI. Defaults to `/`. */
  path?: string;
  /** The raw query string (after `?`), undecoded. */
  rawQuery: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
  /** Query and body parameters, decoded and merged (body wins). */
  params: Readonly<Record<string, string>>;
  /** Parameters from the body only (the v1 signature covers them too). */
  bodyParams: Readonly<Record<string, string>>;
}

const MAX_SKEW_MS = 15 * 60_000;

/** The percent-encoding both algorithms use: encodeURIComponent plus `!'()*`. */
export function popEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function incompleteSignature(detail: string): ApiError {
  return new ApiError(
    400,
    "IncompleteSignature",
    `The request signature does not conform to Aliyun standards: ${detail}.`,
  );
}

function signatureMismatch(): ApiError {
  return new ApiError(
    400,
    "SignatureDoesNotMatch",
    "Specified signature is not matched with our calculation.",
  );
}

/** A malformed escape (`%zz`) cannot have been produced by a signing client. */
function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw incompleteSignature(`the query string is not valid percent-encoding near "${text.slice(0, 40)}"`);
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Remembers nonces for the skew window so a captured request cannot be sent twice. */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** Returns false when the nonce was already used. */
  claim(nonce: string, now: number): boolean {
    if (this.seen.size > 10_000) {
      for (const [key, at] of this.seen) if (now - at > MAX_SKEW_MS) this.seen.delete(key);
    }
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now);
    return true;
  }
}

export class Authenticator {
  private readonly nonces = new NonceCache();

  constructor(private readonly credentials: readonly Credential[]) {}

  /** Verifies the request and returns the access key it was signed with; throws ApiError otherwise. */
  verify(request: SignedRequest, now: number): string {
    const authorization = header(request, "authorization");
    if (authorization?.startsWith("ACS3-")) return this.verifyAcs3(request, authorization, now);
    if (request.params.Signature !== undefined) return this.verifyRpc(request, now);
    throw incompleteSignature("no Authorization header and no Signature parameter");
  }

  private credential(accessKeyId: string): Credential {
    const found = this.credentials.find((c) => c.accessKeyId === accessKeyId);
    if (!found) throw new ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    return found;
  }

  private checkToken(credential: Credential, token: string | undefined): void {
    if (credential.securityToken !== undefined && token !== credential.securityToken) {
      throw new ApiError(
        400,
        "InvalidSecurityToken.Mismatch",
        "Specified SecurityToken is not valid for this access key.",
      );
    }
  }

  private checkFreshness(date: string | undefined, nonce: string | undefined, now: number): void {
    if (!date) throw incompleteSignature("missing timestamp");
    if (!nonce) throw incompleteSignature("missing signature nonce");
    const at = Date.parse(date);
    if (Number.isNaN(at))
      throw new ApiError(
        400,
        "InvalidTimeStamp.Format",
        `Specified time stamp or date value is not well formatted: ${date}.`,
      );
    if (Math.abs(now - at) > MAX_SKEW_MS) {
      throw new ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
    }
    if (!this.nonces.claim(nonce, now)) {
      throw new ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    }
  }

  private verifyAcs3(request: SignedRequest, authorization: string, now: number): string {
    const match = /^(ACS3-HMAC-SHA256) Credential=([^,]+),SignedHeaders=([^,]*),Signature=([0-9a-f]+)$/.exec(
      authorization,
    );
    if (!match) throw incompleteSignature("unsupported or malformed Authorization header");
    // Every group of the pattern takes part in a match, so the defaults are never used.
    const [, algorithm = "", accessKeyId = "", signedHeaderList = "", signature = ""] = match;
    const credential = this.credential(accessKeyId);

    const payloadHash = header(request, "x-acs-content-sha256");
    if (!payloadHash) throw incompleteSignature("missing x-acs-content-sha256");
    const actualHash = createHash("sha256").update(request.body).digest("hex");
    if (!safeEqual(payloadHash, actualHash)) throw signatureMismatch();

    const signedHeaders = signedHeaderList.split(";").filter(Boolean);
    for (const required of ["host", "x-acs-date", "x-acs-signature-nonce", "x-acs-action", "x-acs-version"]) {
      if (!signedHeaders.includes(required)) throw incompleteSignature(`header ${required} is not signed`);
    }
    const canonicalHeaders = [...signedHeaders]
      .sort()
      .map((name) => `${name}:${(header(request, name) ?? "").trim()}\n`)
      .join("");
    const canonicalQuery = request.rawQuery
      .split("&")
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.indexOf("=");
        const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
        const value = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1));
        return [key, value] as const;
      })
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => `${key}=${popEncode(value)}`)
      .join("&");
    const canonicalRequest = [
      request.method,
      request.path ?? "/",
      canonicalQuery,
      canonicalHeaders,
      signedHeaders.sort().join(";"),
      payloadHash,
    ].join("\n");
    const stringToSign = `${algorithm}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
    const expected = createHmac("sha256", credential.accessKeySecret).update(stringToSign).digest("hex");
    if (!safeEqual(signature, expected)) throw signatureMismatch();

    this.checkToken(credential, header(request, "x-acs-security-token"));
    this.checkFreshness(header(request, "x-acs-date"), header(request, "x-acs-signature-nonce"), now);
    return accessKeyId;
  }

  private verifyRpc(request: SignedRequest, now: number): string {
    const params = request.params;
    const accessKeyId = params.AccessKeyId;
    if (!accessKeyId) throw incompleteSignature("missing AccessKeyId");
    if (params.SignatureMethod !== "HMAC-SHA1")
      throw incompleteSignature("SignatureMethod must be HMAC-SHA1");
    const credential = this.credential(accessKeyId);
    const canonicalized = Object.keys(params)
      .filter((key) => key !== "Signature")
      .sort()
      .map((key) => `${popEncode(key)}=${popEncode(params[key] ?? "")}`)
      .join("&");
    const stringToSign = `${request.method}&${popEncode("/")}&${popEncode(canonicalized)}`;
    const expected = createHmac("sha1", `${credential.accessKeySecret}&`)
      .update(stringToSign)
      .digest("base64");
    if (!safeEqual(params.Signature ?? "", expected)) throw signatureMismatch();

    this.checkToken(credential, params.SecurityToken);
    this.checkFreshness(params.Timestamp, params.SignatureNonce, now);
    return accessKeyId;
  }
}
