/**
 * What the dynamic-provider host does when it is told to stop. The Pulumi CLI starts plugins in
 * process groups of their own, so a Ctrl-C in the terminal does not reach the host; the engine
 * sends SIGINT itself when it closes its plugins: at the end of every run (nothing is in flight
 * then, and the host leaves quietly) and when the CLI is terminated mid-run. A CI runner or a
 * supervisor sends SIGTERM. Left alone, Node dies at once and every create still waiting on
 * asynchronous work (a story's task, a batch, a storyboard job) dies with it: the engine never hears
 * the object's ID, so the next `pulumi up` creates (and for a storyboard job, bills) it again.
 * Instead every wait is ended (runtime/waiter.ts `stopAllWaits`), each create answers with the
 * partial-state error carrying the object's ID, and the process exits once those answers are sent.
 * A second signal kills the host at once, as Node's default would. (What the engine does on one
 * Ctrl-C is in tests/cli/interrupted.test.ts: it waits for the calls in flight.)
 *
 * The handlers are installed only in the real host process (its entry is @pulumi/pulumi's
 * `cmd/dynamic-provider`), never in a program or a test that merely imports the provider.
 */
import { stopAllWaits } from "./runtime/waiter";

/** After the last in-flight call has answered: time for the host to write its gRPC answer. */
export const FLUSH_MS = 500;
/** At most this long for in-flight calls that are not waits (a request under retry) to answer. */
export const GRACE_MS = 15_000;

const HOST_ENTRY = /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/;

let inFlight = 0;
let stopping: NodeJS.Signals | undefined;
let installed = false;
let exitScheduled = false;

export function isProviderHost(argv: readonly string[] = process.argv): boolean {
  return HOST_ENTRY.test(argv[1] ?? "");
}

function exitNow(): void {
  // Re-raised with no listener left (`once`), the signal ends the process as it would have at first.
  if (stopping) process.kill(process.pid, stopping);
  setTimeout(() => process.exit(1), 1_000).unref();
}

function exitWhenAnswered(): void {
  if (exitScheduled) return;
  exitScheduled = true;
  setTimeout(exitNow, FLUSH_MS);
}

function onStop(signal: NodeJS.Signals): void {
  stopping = signal;
  if (inFlight > 0)
    process.stderr.write(
      `pulumi-alicloud-media: ${signal} received; ending ${inFlight} in-flight operation(s) with their objects recorded\n`,
    );
  stopAllWaits(signal);
  if (inFlight === 0) exitWhenAnswered();
  setTimeout(exitNow, GRACE_MS).unref();
}

/** Installs the stop handlers once, in the provider host only. */
export function installStopHandlers(): void {
  if (installed || !isProviderHost()) return;
  installed = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, onStop);
}

/** Counts a provider call as in flight until it settles, so a stop waits for its answer. */
export function tracked<T>(call: Promise<T>): Promise<T> {
  inFlight++;
  return call.finally(() => {
    inFlight--;
    if (stopping && inFlight === 0) exitWhenAnswered();
  });
}
