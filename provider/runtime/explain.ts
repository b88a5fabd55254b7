/**
 * What a failed call means for the person running `pulumi up`, in our words: which setting points at
 * the endpoint that refused or could not be resolved, which source supplied a key the service
 * rejected, which setting holds a value Node refused to send. The raw texts of Node and the HTTP layer
 * are never passed on: they glue the request line (with its query string) to the reason.
 */
import { CONFIG_NAMESPACE, type Endpoint, type KeySettingNames } from "./settings";

/** What the client knows about where its endpoint and key came from. */
export interface CallOrigin {
  endpoint: Endpoint;
  /** True when the endpoint setting was given; false when it was derived from the region. */
  endpointConfigured: boolean;
  region?: string;
  /** Who supplied the key: "stack config alicloud-media:accessKeyId/…", "the Aliyun CLI profile …". */
  credentialSource(): string;
  /** What to change to use another key. */
  credentialFix(): string;
  /** The settings of a static key pair (undefined for the default chain). */
  keyNames?: KeySettingNames;
}

export function endpointSetting(product: "imm" | "ice"): string {
  return `${CONFIG_NAMESPACE}:${product}Endpoint`;
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and localhost. */
export function isLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const bare = host
    .replace(/^\[|\]$/g, "")
    .replace(/^::ffff:/i, "")
    .toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

export interface NodeErrorShape {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
}

const str = (value: unknown) => (typeof value === "string" && value ? value : undefined);

/** The transport failure in a few words, from the error's fields rather than its message. */
export function describeTransport(code: string, err: NodeErrorShape): string {
  const address = str(err.address);
  const where = address ? `${address}${typeof err.port === "number" ? `:${err.port}` : ""}` : undefined;
  switch (code) {
    case "ECONNREFUSED":
      return `connection refused${where ? ` by ${where}` : ""}`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the host name${str(err.hostname) ? ` ${str(err.hostname)}` : ""}`;
    case "ConnectTimeout":
    case "ETIMEDOUT":
      return `no connection within the connect timeout${where ? ` to ${where}` : ""}`;
    case "ReadTimeout":
    case "ESOCKETTIMEDOUT":
      return "no answer within the read timeout";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "the connection was closed before the answer arrived";
    case "EPIPE":
      return "the connection was closed while the request was being sent";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `no route to ${where ?? "the endpoint"}`;
    default:
      return sanitizeNetworkText(str(err.message) ?? "the connection failed");
  }
}

/**
 * The HTTP layer appends `<METHOD> <url> failed.` to Node's message without a separator, and the URL
 * carries the encoded request. Keep only Node's part, and drop any query string left.
 */
export function sanitizeNetworkText(text: string): string {
  return text
    .replace(/\s*(GET|POST|PUT|DELETE|HEAD|PATCH)\s*https?:\/\/\S*\s*failed\.?\s*$/, "")
    .replace(/(https?:\/\/[^\s?]*)\?\S*/g, "$1")
    .trim();
}

function endpointUrl(endpoint: Endpoint): string {
  return `${endpoint.protocol}://${endpoint.host}`;
}

/** Advice for a transport failure, naming the endpoint setting. */
export function transportHint(
  product: "imm" | "ice",
  code: string,
  err: NodeErrorShape,
  origin?: CallOrigin,
): string | undefined {
  const setting = endpointSetting(product);
  const hostOnly = (origin?.endpoint.host ?? "").replace(/:\d+$/, "");
  if (code === "ECONNREFUSED") {
    const address = str(err.address) ?? hostOnly;
    if (isLoopback(address)) {
      const port = typeof err.port === "number" ? err.port : /:(\d+)$/.exec(origin?.endpoint.host ?? "")?.[1];
      return (
        `Nothing is listening there${origin ? ` (${setting} = ${endpointUrl(origin.endpoint)})` : ` (${setting})`}. ` +
        `Start the local emulator with \`npx alicloud-media-emulator${port ? ` --port ${port}` : ""}\`, ` +
        `or point ${setting} at the running service`
      );
    }
    return `${setting}${origin?.endpointConfigured === false ? " (derived from the region)" : ""} points at an address that refuses connections: check the setting and the network`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    if (origin && !origin.endpointConfigured)
      return (
        `This machine cannot reach ${product.toUpperCase()} at ${origin.endpoint.host}` +
        ` (no network or DNS, a proxy, or no ${product.toUpperCase()} in region ${origin.region ?? "?"}). ` +
        `To use another endpoint (a VPC endpoint, the local emulator), set ${endpointSetting("imm")} and ${endpointSetting("ice")}`
      );
    return `${setting} names a host that does not resolve: correct ${setting}, or remove it to use the regional endpoint`;
  }
  return undefined;
}

const KEY_CODES =
  /^(InvalidAccessKeyId|SignatureDoesNotMatch|InvalidSecurityToken|IncompleteSignature|InvalidAccessKeySecret)/;

/** Advice for a rejected key, naming the source that supplied it. */
export function credentialHint(code: string, origin?: CallOrigin): string | undefined {
  if (!origin || !KEY_CODES.test(code)) return undefined;
  const part = code.startsWith("SignatureDoesNotMatch")
    ? `access key secret${origin.keyNames ? ` (${origin.keyNames.secret})` : ""}`
    : code.startsWith("InvalidSecurityToken")
      ? `security token${origin.keyNames ? ` (${origin.keyNames.token})` : ""}`
      : `access key id${origin.keyNames ? ` (${origin.keyNames.id})` : ""}`;
  return `The key came from ${origin.credentialSource()}: check its ${part}. To use another key: ${origin.credentialFix()}`;
}

/** Node refuses to send a header holding a line break or another control character. */
export function preSendHint(product: "imm" | "ice", message: string, origin?: CallOrigin): string {
  const header = /\["?([A-Za-z0-9-]+)"?\]/.exec(message)?.[1]?.toLowerCase();
  const names = origin?.keyNames;
  const source = origin ? ` (from ${origin.credentialSource()})` : "";
  const what =
    header === "x-acs-security-token"
      ? `the security token${names ? ` ${names.token}` : ""}${source}`
      : header === "authorization"
        ? `the access key id${names ? ` ${names.id}` : ""}${source}`
        : header === "host"
          ? `the endpoint ${endpointSetting(product)}`
          : `a credential or endpoint setting${source}`;
  return (
    `No request was sent: ${what} contains a character that cannot be sent in an HTTP header ` +
    `(a line break or other control character, often from copying the value). Set it again without it`
  );
}
