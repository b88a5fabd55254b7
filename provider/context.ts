/**
 * Process-wide provider state inside the dynamic-provider host: the settings from the last
 * `configure`, the clients built from them, and the log. The host calls `configure` once per
 * distinct serialized provider, before any other method (Pulumi dynamic providers: `configure`).
 */
import type { ResourceContext } from "./framework/spec";
import { clientsFor } from "./runtime/clients";
import { configureRateLimit } from "./runtime/rate-limit";
import { redact } from "./runtime/redact";
import { resolveSettings, type ConfigSource, type ProviderSettings } from "./runtime/settings";

let settings: ProviderSettings | undefined;

export function configure(config: ConfigSource): void {
  settings = resolveSettings(config);
  if (settings.queriesPerSecond !== undefined)
    configureRateLimit({ queriesPerSecond: settings.queriesPerSecond });
}

function pulumiLog(): { info(m: string): void; warn(m: string): void } {
  // Loaded lazily: the provider module must stay cheap to load and usable without the Pulumi runtime.
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  return { info: (m) => void pulumi.log.info(redact(m)), warn: (m) => void pulumi.log.warn(redact(m)) };
}

export function resourceContext(): ResourceContext {
  // Without a configure call (a bare host in a test, an old engine) fall back to the environment.
  settings ??= resolveSettings({ get: () => undefined });
  const log = pulumiLog();
  return {
    clients: clientsFor(settings, {
      onRetry: (action, event) =>
        log.info(
          `${action}: ${event.error.code}; retrying in ${event.delayMs} ms (attempt ${event.attempt + 1})`,
        ),
    }),
    log,
  };
}
