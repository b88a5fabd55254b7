/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and returns what it registered, with the
 * inputs the engine would receive: `__provider` as the fully resolved serialized provider text
 * (reference §C, §1 "pulumi.dynamic.Resource"). Provider code does not run here; the registrations are
 * meant to be fed to a ProviderHost / Deployment.
 *
 * Two engine-side translations are applied to the mock's inputs:
 * - secrets arrive wrapped (`{4dabf…: "1b47…", value}`); the engine strips the marker before calling a
 *   provider that answers acceptSecrets=false (§1 "Secrets"). The value is unwrapped and the top-level
 *   key recorded in `secretKeys`, which is what the engine's annotateSecrets works from.
 * - unknowns (an output not known during a preview) arrive as `{__pulumiUnknown: true}`; the engine
 *   sends them to providers as the UNKNOWN sentinel string (§1, B.5 #6).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Props } from "./rpc-error";
import { UNKNOWN } from "./provider-host";

export interface Registration {
  type: string;
  name: string;
  urn: string;
  inputs: Props;
  /** Top-level input keys whose value contained a secret. */
  secretKeys?: string[];
  /** The `additionalSecretOutputs` resource option is not visible to mocks; set it by hand if needed. */
  additionalSecretOutputs?: string[];
  /** The `protect` resource option (runProgram reads it from the constructor call; mocks do not see it). */
  protect?: boolean;
}

export interface CaptureOptions {
  project: string;
  stack: string;
  /**
   * Run as a preview (`pulumi.runtime.isDryRun()` true). Outputs the mock does not supply (ids, unless
   * `mockId` gives them) are then unknown and reach dependent inputs as UNKNOWN, as in `pulumi preview`.
   * Outputs present in the mock's state (= the inputs) are known.
   */
  preview?: boolean;
  /** The id the mock gives each resource; default none (`r.id` then resolves to undefined). */
  mockId?: (args: pulumi.runtime.MockResourceArgs) => string | undefined;
  /** The Pulumi organization (`pulumi.getOrganization()`); default `organization`, a DIY backend's. */
  organization?: string;
}

const SECRET_SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;

function isSecretWrapper(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Props)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Returns the value with secret markers removed and unknowns as the sentinel, and whether a secret was seen. */
export function toEngineValue(value: unknown): { value: unknown; secret: boolean } {
  if (isSecretWrapper(value)) return { value: toEngineValue(value.value).value, secret: true };
  if (pulumi.isUnknown(value)) return { value: UNKNOWN, secret: false };
  if (Array.isArray(value)) {
    let secret = false;
    const items = value.map((v) => {
      const r = toEngineValue(v);
      secret ||= r.secret;
      return r.value === undefined ? null : r.value; // as the SDK serializes it
    });
    return { value: items, secret };
  }
  if (typeof value === "object" && value !== null) {
    let secret = false;
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) {
      const r = toEngineValue(v);
      secret ||= r.secret;
      if (r.value !== undefined) out[k] = r.value;
    }
    return { value: out, secret };
  }
  return { value, secret: false };
}

interface MockMonitorView {
  getRegisteredResources(): Map<string, unknown>;
}

/** The last `$`-separated part of a URN's qualified type: the resource's own type token. */
function urnType(urn: string): string | undefined {
  return urn.split("::")[2]?.split("$").pop();
}

// setMocks is process-global (settings + store in @pulumi/pulumi/runtime). Captures are serialised so
// two concurrent calls cannot interleave their registrations; each call installs fresh mocks.
let queue: Promise<unknown> = Promise.resolve();

export function captureRegistrations(
  program: () => void | Promise<void>,
  opts: CaptureOptions,
): Promise<Registration[]> {
  const run = queue.then(() => capture(program, opts));
  queue = run.catch(() => undefined);
  return run;
}

// The SDK module whose `registerResource` every Resource constructor calls synchronously.
const resourceRuntime = require("@pulumi/pulumi/runtime/resource") as {
  registerResource: (...args: unknown[]) => unknown;
};

/**
 * Mocks see registrations when each resource's inputs have resolved (serializing `__provider` takes
 * time), so their order varies. The engine would see that arrival order too, which is always a valid
 * dependency order; tests want the program's order, which is one as well and is deterministic. So the
 * constructor calls are recorded (args 2 and 3 are type and name) and registrations sorted by them.
 */
function recordConstructionOrder(): { order: string[]; restore(): void } {
  const order: string[] = [];
  const original = resourceRuntime.registerResource;
  resourceRuntime.registerResource = function (this: unknown, ...args: unknown[]) {
    order.push(`${String(args[2])}::${String(args[3])}`);
    return original.apply(this, args);
  };
  return { order, restore: () => (resourceRuntime.registerResource = original) };
}

/**
 * The real `process`. Under jest, `process` (and `require("process")`) is a per-test copy whose
 * listeners never fire, while jest's own unhandled-rejection handler on the real one would fail the
 * test instead of letting this harness report the program error. `vm.runInThisContext` evaluates in
 * Node's main context, whose global is the real process (outside jest it is the same object).
 */
const realProcess = (require("node:vm") as typeof import("node:vm")).runInThisContext(
  "process",
) as NodeJS.Process;

/**
 * A resource whose inputs cannot be prepared (typically a provider that cannot be serialized) fails
 * inside the SDK's registration promise chain, which it rethrows with nothing attached: an unhandled
 * rejection, and the resource is never registered. For the duration of a capture those rejections are
 * collected here (other listeners are detached and restored afterwards) and reported as the capture's
 * error.
 */
export function collectUnhandledRejections(): { errors: unknown[]; restore(): void } {
  const errors: unknown[] = [];
  const previous = realProcess.listeners("unhandledRejection");
  realProcess.removeAllListeners("unhandledRejection");
  const collect = (reason: unknown) => errors.push(reason);
  realProcess.on("unhandledRejection", collect);
  return {
    errors,
    restore() {
      realProcess.off("unhandledRejection", collect);
      for (const listener of previous) realProcess.on("unhandledRejection", listener);
    },
  };
}

async function capture(program: () => void | Promise<void>, opts: CaptureOptions): Promise<Registration[]> {
  const registrations: Registration[] = [];
  const construction = recordConstructionOrder();
  const rejections = collectUnhandledRejections();
  try {
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          // Component resources never reach a provider; the engine only sends custom ones.
          if (args.custom !== false) registrations.push(toRegistration(args));
          // State = inputs so the program completes and outputs resolve like after a create.
          return { id: opts.mockId?.(args), state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      opts.project,
      opts.stack,
      opts.preview ?? false,
      opts.organization ?? "organization",
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorView;
    await program();
    // Waits for every outstanding registration RPC (failed ones included), then drops the mock monitor.
    await pulumi.runtime.disconnect();
    // Unhandled rejections are reported after the microtask queue drains.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    const urns = [...monitor.getRegisteredResources().keys()];
    for (const reg of registrations) {
      reg.urn =
        urns.find((urn) => urn.endsWith(`::${reg.name}`) && urnType(urn) === reg.type) ??
        `urn:pulumi:${opts.stack}::${opts.project}::${reg.type}::${reg.name}`;
    }
  } finally {
    rejections.restore();
    construction.restore();
  }
  const missing = construction.order.filter(
    (key) =>
      !registrations.some((r) => `${r.type}::${r.name}` === key) && !key.startsWith("pulumi:pulumi:Stack"),
  );
  if (rejections.errors.length > 0) {
    const first = rejections.errors[0];
    const message = first instanceof Error ? first.message : String(first);
    throw new Error(
      `program failed under mocks (${rejections.errors.length} error(s); not registered: ${missing.join(", ") || "none"}); first: ${message}`,
    );
  }
  const rank = (r: Registration) => {
    const i = construction.order.indexOf(`${r.type}::${r.name}`);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return registrations.sort((a, b) => rank(a) - rank(b));
}

function toRegistration(args: pulumi.runtime.MockResourceArgs): Registration {
  const inputs: Props = {};
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries(args.inputs as Props)) {
    const { value, secret } = toEngineValue(raw);
    if (value === undefined) continue;
    inputs[key] = value;
    if (secret) secretKeys.push(key);
  }
  return {
    type: args.type,
    name: args.name,
    urn: "", // filled from the mock monitor afterwards (it accounts for parents)
    inputs,
    ...(secretKeys.length > 0 ? { secretKeys } : {}),
  };
}
