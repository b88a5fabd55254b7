/**
 * The credential chain used when no static key pair is configured: the sources of @alicloud/credentials'
 * default chain (OIDC role, Aliyun CLI profile, credentials file, ECS RAM role, credentials URI), tried
 * in the library's order through the library's own providers, but one by one, so that:
 * - every value a source hands out is registered for redaction before openapi-client uses it;
 * - a source that is not set up is skipped without a network call (the library's chain asks
 *   `https://undefined/` when ALIBABA_CLOUD_CREDENTIALS_URI is unset);
 * - a failure is told in our words (which source, why, what to set), never with the library's text,
 *   which quotes whole profile files and response bodies, secrets included.
 * Environment keys are not part of it: settings.ts reads them before falling back to this chain.
 */
import Credential, {
  CLIProfileCredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  ProfileCredentialsProvider,
  URICredentialsProvider,
  type CredentialsProvider,
} from "@alicloud/credentials";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { registerSecret } from "./redact";
import { HOW_TO_SET_KEYS } from "./settings";

/** Thrown when no source yields credentials; its message never contains library text. */
export class CredentialsUnavailableError extends Error {
  override name = "CredentialsUnavailableError";
}

interface ChainSource {
  /** For messages: "the Aliyun CLI profile ~/.aliyun/config.json". */
  label: string;
  /** What to change when this source is the one at fault. */
  fix: string;
  /** The provider, or why the source is not set up (then it is skipped). */
  build(env: NodeJS.ProcessEnv): CredentialsProvider | { skipped: string };
}

const truthy = (value: string | undefined) => value?.toLowerCase() === "true";

function cliConfigPath(): string {
  return join(homedir(), ".aliyun", "config.json");
}

function credentialsFilePath(env: NodeJS.ProcessEnv): string {
  return env.ALIBABA_CLOUD_CREDENTIALS_FILE || join(homedir(), ".alibabacloud", "credentials");
}

/** Secret fields of the Aliyun CLI's JSON profiles and of the credentials file's ini sections. */
const SECRET_IN_JSON =
  /"(?:access_key_secret|sts_token|access_token|oauth_access_token|oauth_refresh_token)"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
const SECRET_IN_INI = /^\s*(?:access_key_secret|sts_token|security_token)\s*=\s*(.+?)\s*$/gm;

/**
 * Registers the secrets a credential file holds, read leniently so that a file the library cannot
 * parse (a trailing comma) still has its secrets registered before anything may print it.
 */
function registerSecretsIn(path: string, pattern: RegExp): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return; // unreadable: the library fails on it too, and we say so in our words
  }
  for (const match of text.matchAll(pattern)) registerSecret(match[1]);
}

const OIDC_VARS = [
  "ALIBABA_CLOUD_ROLE_ARN",
  "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
  "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
];

const SOURCES: ChainSource[] = [
  {
    label:
      "the OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)",
    fix: "check those three environment variables and the token file",
    build: (env) => {
      const set = OIDC_VARS.filter((name) => env[name]);
      if (set.length === 0) return { skipped: "not set up" };
      if (set.length < OIDC_VARS.length)
        throw new CredentialsUnavailableError(
          `OIDC role: ${OIDC_VARS.filter((n) => !env[n]).join(", ")} not set (all three are needed)`,
        );
      return OIDCRoleArnCredentialsProvider.builder().build();
    },
  },
  {
    label: "the Aliyun CLI profile ~/.aliyun/config.json",
    fix: "repair the file (`aliyun configure`), choose a profile with ALIBABA_CLOUD_PROFILE, or set keys",
    build: (env) => {
      if (truthy(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED)) return { skipped: "disabled" };
      if (!existsSync(cliConfigPath())) return { skipped: "no such file" };
      registerSecretsIn(cliConfigPath(), SECRET_IN_JSON);
      return CLIProfileCredentialsProvider.builder().build();
    },
  },
  {
    label: "the credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE, else ~/.alibabacloud/credentials)",
    fix: "repair the file or choose a profile with ALIBABA_CLOUD_PROFILE",
    build: (env) => {
      if (!existsSync(credentialsFilePath(env))) return { skipped: "no such file" };
      registerSecretsIn(credentialsFilePath(env), SECRET_IN_INI);
      return ProfileCredentialsProvider.builder().build();
    },
  },
  {
    label: "the ECS instance RAM role (metadata service)",
    fix: "attach a RAM role to the instance, or set ALIBABA_CLOUD_ECS_METADATA_DISABLED=true off ECS",
    build: (env) =>
      truthy(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED)
        ? { skipped: "disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED" }
        : ECSRAMRoleCredentialsProvider.builder().build(),
  },
  {
    label: "the credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI)",
    fix: "check that the URI answers with credentials",
    build: (env) =>
      env.ALIBABA_CLOUD_CREDENTIALS_URI
        ? URICredentialsProvider.builder().withCredentialsURI(env.ALIBABA_CLOUD_CREDENTIALS_URI).build()
        : { skipped: "not set" },
  },
];

const NETWORK_CODES = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)$/;

/**
 * Why a source failed, from the shape of the library's error, in our words. The library's text is
 * only matched, never repeated: it may hold a whole profile file or a response body.
 */
export function whyItFailed(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof CredentialsUnavailableError) return message;
  if (/^parse aliyun cli config/.test(message)) return "the file is not valid JSON";
  if (/^reading aliyun cli config|ENOENT|EACCES/.test(message)) return "the file cannot be read";
  if (/no any configured profiles/.test(message)) return "the file lists no profiles";
  if (/unable to get profile with/.test(message))
    return "the selected profile (ALIBABA_CLOUD_PROFILE, else the file's current one) is not in the file";
  if (/unsupported profile mode|Invalid type option|Can not find credential type/.test(message))
    return "the selected profile's mode is missing or not supported";
  if (/access ?key ?(id|secret)/i.test(message) && /empty|must|null|required/i.test(message))
    return "the selected profile lacks an access key id or secret";
  if (/httpStatus: (\d+)/.test(message))
    return `the service answered HTTP ${/httpStatus: (\d+)/.exec(message)![1]}`;
  if (/json parse failed|unmarshal/.test(message)) return "the service's answer is not valid JSON";
  if (
    (typeof code === "string" && NETWORK_CODES.test(code)) ||
    /timeout|ENOTFOUND|ECONNREFUSED/i.test(message)
  )
    return "its service could not be reached";
  if (/metadata token failed|get role name failed/.test(message))
    return "the metadata service did not answer as expected (not an ECS instance, or no RAM role attached)";
  return "it failed (the library's message is withheld: it may contain secrets)";
}

/**
 * A CredentialsProvider over SOURCES. The first source that yields credentials is kept, as the
 * library's chain does, and asked again on later calls (it refreshes STS tokens itself).
 */
export class MediaCredentialChain implements CredentialsProvider {
  private chosen?: { source: ChainSource; provider: CredentialsProvider };

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  getProviderName(): string {
    return "alicloud-media-chain";
  }

  /** For messages: the source that supplied the key, once one has. */
  describeSource(): string {
    return this.chosen ? this.chosen.source.label : "the default credential chain";
  }

  /** The settings that change the key this chain supplies. */
  describeFix(): string {
    return this.chosen ? `${this.chosen.source.fix}, or ${HOW_TO_SET_KEYS}` : HOW_TO_SET_KEYS;
  }

  async getCredentials() {
    if (this.chosen) return this.use(this.chosen.source, this.chosen.provider);
    const tried: string[] = [];
    for (const source of SOURCES) {
      let provider: CredentialsProvider | { skipped: string };
      try {
        provider = source.build(this.env);
      } catch (error) {
        tried.push(`${source.label}: ${whyItFailed(error)} (${source.fix})`);
        continue;
      }
      if ("skipped" in provider) {
        tried.push(`${source.label}: ${provider.skipped}`);
        continue;
      }
      try {
        const credentials = await this.use(source, provider);
        this.chosen = { source, provider };
        return credentials;
      } catch (error) {
        tried.push(`${source.label}: ${whyItFailed(error)} (${source.fix})`);
      }
    }
    throw new CredentialsUnavailableError(
      `no Alibaba Cloud credentials: no access key is configured and the default credential chain found ` +
        `none. Tried ${tried.join("; ")}. To fix: ${HOW_TO_SET_KEYS}.`,
    );
  }

  private async use(source: ChainSource, provider: CredentialsProvider) {
    let credentials;
    try {
      credentials = await provider.getCredentials();
    } catch (error) {
      if (!this.chosen) throw error;
      throw new CredentialsUnavailableError(
        `${source.label} supplied credentials earlier but now fails: ${whyItFailed(error)}. To fix: ${source.fix}.`,
      );
    }
    registerSecret(credentials.accessKeySecret);
    registerSecret(credentials.securityToken);
    return credentials;
  }
}

/** An openapi-client credential over our chain (Credential wraps any CredentialsProvider). */
export function chainCredential(chain: MediaCredentialChain): Credential {
  return new Credential(null, chain);
}
