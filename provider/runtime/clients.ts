/**
 * The per-process clients for IMM and ICE, built from the provider settings. Clients are cached by
 * a fingerprint of the settings (a hash, so no secret is kept as a map key in clear), because the
 * host calls every resource method many times and building a client per call would waste work.
 */
import Credential from "@alicloud/credentials";
import { createHash } from "node:crypto";
import { ApiClient, createOpenApi, type ApiClientOptions } from "./client";
import { endpointFor, type ProviderSettings } from "./settings";

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

function credentialFor(settings: ProviderSettings) {
  const creds = settings.credentials;
  if (creds.source === "static") {
    return {
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      securityToken: creds.securityToken,
    };
  }
  // No explicit keys: the SDK's default chain (profile file, ECS RAM role, OIDC, …).
  return { credential: new Credential() };
}

/** Clients are built lazily: a missing region only matters once an API of that product is called. */
export function clientsFor(settings: ProviderSettings, options: ApiClientOptions = {}): MediaClients {
  const key = fingerprint(settings, options);
  const cached = cache.get(key);
  if (cached) return cached;
  let imm: ApiClient | undefined;
  let ice: ApiClient | undefined;
  const clients: MediaClients = {
    get imm() {
      imm ??= new ApiClient(
        createOpenApi(endpointFor("imm", settings), credentialFor(settings), settings.region),
        "imm",
        options,
      );
      return imm;
    },
    get ice() {
      ice ??= new ApiClient(
        createOpenApi(endpointFor("ice", settings), credentialFor(settings), settings.region),
        "ice",
        options,
      );
      return ice;
    },
  };
  cache.set(key, clients);
  return clients;
}
