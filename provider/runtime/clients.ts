/**
 * The per-process clients for IMM and ICE, built from the provider settings. Clients are cached by
 * a fingerprint of the settings (a hash, so no secret is kept as a map key in clear), because the
 * host calls every resource method many times and building a client per call would waste work.
 */
import { createHash } from "node:crypto";
import { ApiClient, createOpenApi, type ApiClientOptions } from "./client";
import { chainCredential, MediaCredentialChain } from "./credentials";
import type { CallOrigin } from "./explain";
import { HOW_TO_SET_KEYS, endpointFor, type ProviderSettings } from "./settings";

export interface MediaClients {
  imm: ApiClient;
  ice: ApiClient;
}

const cache = new Map<string, MediaClients>();

/**
 * Settings and the client options that change behaviour (timeouts, retry budget). `onRetry` is left
 * out: it only reports, and callers pass a fresh closure on every call.
 */
function fingerprint(settings: ProviderSettings, options: ApiClientOptions): string {
  const { onRetry: _reportOnly, ...behaviour } = options;
  return createHash("sha256")
    .update(JSON.stringify([settings, behaviour]))
    .digest("hex");
}

function credentialFor(settings: ProviderSettings, chain: MediaCredentialChain | undefined) {
  const creds = settings.credentials;
  if (creds.source === "static") {
    return {
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      securityToken: creds.securityToken,
    };
  }
  // No explicit keys: the default chain's sources, one by one (credentials.ts).
  return { credential: chainCredential(chain ?? new MediaCredentialChain()) };
}

function originFor(
  product: "imm" | "ice",
  settings: ProviderSettings,
  chain: MediaCredentialChain | undefined,
): CallOrigin {
  const creds = settings.credentials;
  return {
    endpoint: endpointFor(product, settings),
    endpointConfigured: (product === "imm" ? settings.immEndpoint : settings.iceEndpoint) !== undefined,
    region: settings.region,
    credentialSource: () =>
      creds.source === "static" ? creds.origin : (chain?.describeSource() ?? "the default credential chain"),
    credentialFix: () =>
      creds.source === "static"
        ? `set ${creds.names.id} and ${creds.names.secret} again, or ${HOW_TO_SET_KEYS}`
        : (chain?.describeFix() ?? HOW_TO_SET_KEYS),
    keyNames: creds.source === "static" ? creds.names : undefined,
  };
}

/** Clients are built lazily: a missing region only matters once an API of that product is called. */
export function clientsFor(settings: ProviderSettings, options: ApiClientOptions = {}): MediaClients {
  const key = fingerprint(settings, options);
  const cached = cache.get(key);
  if (cached) return cached;
  let imm: ApiClient | undefined;
  let ice: ApiClient | undefined;
  // One chain for both products: the source it settles on is asked once.
  const chain = settings.credentials.source === "default-chain" ? new MediaCredentialChain() : undefined;
  const build = (product: "imm" | "ice") =>
    new ApiClient(
      createOpenApi(endpointFor(product, settings), credentialFor(settings, chain), settings.region),
      product,
      options,
      originFor(product, settings, chain),
    );
  const clients: MediaClients = {
    get imm() {
      imm ??= build("imm");
      return imm;
    },
    get ice() {
      ice ??= build("ice");
      return ice;
    },
  };
  cache.set(key, clients);
  return clients;
}
