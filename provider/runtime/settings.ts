/**
 * Provider settings from stack config, with the fallbacks users of Alibaba Cloud already have:
 *   region:      alicloud-media:region → alicloud:region → ALIBABA_CLOUD_REGION_ID
 *   credentials: alicloud-media:accessKeyId/accessKeySecret/securityToken
 *                → alicloud:accessKey/secretKey(/securityToken)
 *                → ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET/ALIBABA_CLOUD_SECURITY_TOKEN
 *                → the @alicloud/credentials default chain (profile file, ECS RAM role, OIDC)
 *   endpoints:   alicloud-media:immEndpoint / iceEndpoint, else derived from the region.
 * Settings are read inside the provider host (configure), never captured in serialized code.
 */
import { registerSecret } from "./redact";

export const CONFIG_NAMESPACE = "alicloud-media";

/** The subset of the dynamic provider's `Config` the provider needs. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Where a static key pair was found, and the three settings of that place (named in errors). */
export interface KeySettingNames {
  id: string;
  secret: string;
  token: string;
}

export type CredentialSettings =
  | {
      source: "static";
      /** Who supplied the key, for messages: "stack config alicloud-media:accessKeyId/…". */
      origin: string;
      names: KeySettingNames;
      accessKeyId: string;
      accessKeySecret: string;
      securityToken?: string;
    }
  | { source: "default-chain" };

export const STACK_KEYS: KeySettingNames = {
  id: `${CONFIG_NAMESPACE}:accessKeyId`,
  secret: `${CONFIG_NAMESPACE}:accessKeySecret`,
  token: `${CONFIG_NAMESPACE}:securityToken`,
};
export const ALICLOUD_KEYS: KeySettingNames = {
  id: "alicloud:accessKey",
  secret: "alicloud:secretKey",
  token: "alicloud:securityToken",
};
export const ENV_KEYS: KeySettingNames = {
  id: "ALIBABA_CLOUD_ACCESS_KEY_ID",
  secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  token: "ALIBABA_CLOUD_SECURITY_TOKEN",
};

/** The advice every "no usable credentials" message ends with. */
export const HOW_TO_SET_KEYS =
  `set \`pulumi config set ${STACK_KEYS.id} <id>\` and \`pulumi config set --secret ${STACK_KEYS.secret} <secret>\`` +
  ` (or ${ALICLOUD_KEYS.id}/${ALICLOUD_KEYS.secret}, or the environment variables ${ENV_KEYS.id}/${ENV_KEYS.secret})`;

export interface Endpoint {
  /** host[:port], as openapi-client wants it. */
  host: string;
  protocol: "http" | "https";
}

export interface ProviderSettings {
  region?: string;
  immEndpoint?: Endpoint;
  iceEndpoint?: Endpoint;
  credentials: CredentialSettings;
  /** Requests per second per project (the process-wide limiter). */
  queriesPerSecond?: number;
}

export class SettingsError extends Error {
  override name = "SettingsError";
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Accepts `host`, `host:port`, `https://host` or `http://host:port` (the local emulator). */
export function parseEndpoint(key: string, value: string): Endpoint {
  const match = /^(?:(https?):\/\/)?([^/\s]+?)\/?$/i.exec(value.trim());
  if (!match || !match[2]) {
    throw new SettingsError(
      `${key} must be a host name or an http(s) URL without a path, got ${JSON.stringify(value)}`,
    );
  }
  const protocol = (match[1]?.toLowerCase() ?? "https") as "http" | "https";
  return { host: match[2], protocol };
}

export function resolveSettings(
  config: ConfigSource,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const own = (key: string) => nonEmpty(config.get(`${CONFIG_NAMESPACE}:${key}`));
  const alicloud = (key: string) => nonEmpty(config.get(`alicloud:${key}`));

  const region = own("region") ?? alicloud("region") ?? nonEmpty(env.ALIBABA_CLOUD_REGION_ID);
  const immRaw = own("immEndpoint");
  const iceRaw = own("iceEndpoint");
  const qpsRaw = own("queriesPerSecond");
  let queriesPerSecond: number | undefined;
  if (qpsRaw !== undefined) {
    queriesPerSecond = Number(qpsRaw);
    if (!Number.isFinite(queriesPerSecond) || queriesPerSecond <= 0) {
      throw new SettingsError(
        `${CONFIG_NAMESPACE}:queriesPerSecond must be a positive number, got ${JSON.stringify(qpsRaw)}`,
      );
    }
  }

  return {
    region,
    immEndpoint: immRaw ? parseEndpoint(`${CONFIG_NAMESPACE}:immEndpoint`, immRaw) : undefined,
    iceEndpoint: iceRaw ? parseEndpoint(`${CONFIG_NAMESPACE}:iceEndpoint`, iceRaw) : undefined,
    credentials: resolveCredentials(own, alicloud, env),
    queriesPerSecond,
  };
}

function staticPair(
  origin: string,
  names: KeySettingNames,
  id: string | undefined,
  secret: string | undefined,
  token: string | undefined,
): CredentialSettings | undefined {
  if (!id && !secret) return undefined;
  if (!id || !secret) {
    // Say which half is missing, never the value of the half that is present.
    const [given, missing] = id ? [names.id, names.secret] : [names.secret, names.id];
    throw new SettingsError(
      `${given} is set but ${missing} is not: an access key needs both. Set ${missing}` +
        (missing === names.secret && !names.secret.startsWith("ALIBABA_") ? " (as a secret: --secret)" : "") +
        `, or remove ${given} to use the next credential source.`,
    );
  }
  return { source: "static", origin, names, accessKeyId: id, accessKeySecret: secret, securityToken: token };
}

function resolveCredentials(
  own: (key: string) => string | undefined,
  alicloud: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv,
): CredentialSettings {
  // Every secret any source holds is registered, even those of sources a higher one overrides.
  for (const value of [
    own("accessKeySecret"),
    own("securityToken"),
    alicloud("secretKey"),
    alicloud("securityToken"),
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    env.ALIBABA_CLOUD_SECURITY_TOKEN,
  ])
    registerSecret(nonEmpty(value));
  return (
    staticPair(
      `stack config ${STACK_KEYS.id}/${STACK_KEYS.secret}`,
      STACK_KEYS,
      own("accessKeyId"),
      own("accessKeySecret"),
      own("securityToken"),
    ) ??
    staticPair(
      `the alicloud:* fallback ${ALICLOUD_KEYS.id}/${ALICLOUD_KEYS.secret}`,
      ALICLOUD_KEYS,
      alicloud("accessKey"),
      alicloud("secretKey"),
      alicloud("securityToken"),
    ) ??
    staticPair(
      `the environment ${ENV_KEYS.id}/${ENV_KEYS.secret}`,
      ENV_KEYS,
      nonEmpty(env.ALIBABA_CLOUD_ACCESS_KEY_ID),
      nonEmpty(env.ALIBABA_CLOUD_ACCESS_KEY_SECRET),
      nonEmpty(env.ALIBABA_CLOUD_SECURITY_TOKEN),
    ) ?? { source: "default-chain" }
  );
}

/** The endpoint for a product: the configured override, else the public regional endpoint. */
export function endpointFor(product: "imm" | "ice", settings: ProviderSettings): Endpoint {
  const override = product === "imm" ? settings.immEndpoint : settings.iceEndpoint;
  if (override) return override;
  if (!settings.region) {
    throw new SettingsError(
      `no region configured for ${product.toUpperCase()}: set \`pulumi config set ${CONFIG_NAMESPACE}:region <region>\` ` +
        `(or alicloud:region, or ALIBABA_CLOUD_REGION_ID), or set ${CONFIG_NAMESPACE}:${product}Endpoint`,
    );
  }
  // ICE's documentation lists regional endpoints (ice.<region>.aliyuncs.com); the generated SDK's map
  // sends most regions to ice.aliyuncs.com instead. Regional endpoints keep traffic in-region.
  return { host: `${product}.${settings.region}.aliyuncs.com`, protocol: "https" };
}
