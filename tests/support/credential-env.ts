/**
 * A credential environment with nothing in it, per test: every ALIBABA_CLOUD_* variable cleared
 * (metadata stays disabled), the Aliyun CLI profile switched off, and the credentials file pointed
 * into a fresh temporary folder; restored afterwards. os.homedir() cannot be redirected from here, so
 * the CLI profile is off rather than empty. Call at the top of a describe block (or file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function isolatedCredentialEnv(prefix: string): { credentialsFile: () => string } {
  const savedEnv = { ...process.env };
  let home = "";
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), `${prefix}-`));
    for (const name of Object.keys(process.env))
      if (name.startsWith("ALIBABA_CLOUD_") && name !== "ALIBABA_CLOUD_ECS_METADATA_DISABLED")
        delete process.env[name];
    process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = "true";
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = join(home, "credentials");
  });
  afterEach(() => {
    process.env = { ...savedEnv };
    rmSync(home, { recursive: true, force: true });
  });
  return { credentialsFile: () => join(home, "credentials") };
}
