/**
 * Process-wide state of the plugin: the settings from Configure, the clients built from them, the
 * engine's log service, and what happens when the engine stops the plugin.
 *
 * Stopping: the engine sends SIGINT to every plugin when it closes them (at the end of each run) and
 * calls Cancel on one Ctrl-C, then waits for the calls in flight. In both cases every wait in progress
 * ends at once (runtime/waiter.ts `stopAllWaits`), so each create answers with the partial-state error
 * carrying its object's ID and the next `pulumi up` resumes the wait instead of creating it again.
 */
import fs from "node:fs";
import path from "node:path";
import type { ProviderLog, ResourceContext } from "../provider/framework/spec";
import { clientsFor, type MediaClients } from "../provider/runtime/clients";
import { configureRateLimit } from "../provider/runtime/rate-limit";
import { redact } from "../provider/runtime/redact";
import { resolveSettings, type ConfigSource, type ProviderSettings } from "../provider/runtime/settings";
import { stopAllWaits } from "../provider/runtime/waiter";
import { engineProto, engineRpc, grpc } from "./proto";

/** The package's version, which is the plugin's. */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (manifest.name === "pulumi-alicloud-media" && manifest.version) return manifest.version;
  }
  return "0.0.0";
}

type EngineClient = InstanceType<typeof engineRpc.EngineClient>;
let engine: EngineClient | undefined;

export function connectEngine(address: string | undefined): void {
  if (!address || engine) return;
  engine = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
}

/** Sends a log line to the engine (shown under the resource), or to stderr without an engine. */
function log(severity: number, message: string, urn = ""): void {
  const text = redact(message);
  if (!engine) {
    process.stderr.write(`${text}\n`);
    return;
  }
  const request = new engineProto.LogRequest();
  request.setSeverity(severity);
  request.setMessage(text);
  request.setUrn(urn);
  engine.log(request, () => undefined);
}

export function logFor(urn: string): ProviderLog {
  return {
    info: (message) => log(engineProto.LogSeverity.INFO, message, urn),
    warn: (message) => log(engineProto.LogSeverity.WARNING, message, urn),
  };
}

let settings: ProviderSettings | undefined;
let clients: MediaClients | undefined;

/** Configure: the stack's `alicloud-media:*` values (secrets already plain), with the usual fallbacks. */
export function configure(source: ConfigSource): void {
  settings = resolveSettings(source);
  clients = undefined;
  if (settings.queriesPerSecond !== undefined)
    configureRateLimit({ queriesPerSecond: settings.queriesPerSecond });
}

export function contextFor(urn: string): ResourceContext {
  settings ??= resolveSettings({ get: () => undefined });
  const resourceLog = logFor(urn);
  clients ??= clientsFor(settings, {
    onRetry: (action, event) =>
      log(
        engineProto.LogSeverity.INFO,
        `${action}: ${event.error.code}; retrying in ${event.delayMs} ms (attempt ${event.attempt + 1})`,
      ),
  });
  return { clients, log: resourceLog };
}

let inFlight = 0;
let stopping = false;

/** Counts a call as in flight until it settles, so a stop waits for its answer. */
export function tracked<T>(call: () => Promise<T>): Promise<T> {
  inFlight++;
  return call().finally(() => {
    inFlight--;
    if (stopping && inFlight === 0) setTimeout(() => process.exit(0), 200).unref();
  });
}

/** Cancel, or the engine closing the plugin: every wait ends with its object recorded. */
export function stopWaits(reason: string): void {
  stopAllWaits(reason);
}

export function installStopHandlers(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      stopping = true;
      stopWaits(signal);
      if (inFlight === 0) process.exit(0);
      // A call that is not a wait (a request under retry) gets a grace period, then the process ends.
      setTimeout(() => process.exit(1), 15_000).unref();
      process.once(signal, () => process.exit(1));
    });
}
