/**
 * Runs a real Pulumi program end to end without the CLI: the program runs under
 * `pulumi.runtime.setMocks`, and each resource registration is handed, as it arrives, to a Deployment
 * (the engine simulator driving the real provider host). The mock answers with the real outputs, so
 * values flow between resources exactly as in `pulumi up` (design.md §6 "program").
 */
import * as pulumi from "@pulumi/pulumi";
import { Deployment, DeploymentError, type ResourceState, type RunResult } from "./engine";
import { collectUnhandledRejections, toEngineValue, type Registration } from "./registrations";
import type { Props } from "./rpc-error";

/** An async queue: the program pushes registrations, the deployment consumes them in order. */
class RegistrationStream implements AsyncIterable<Registration> {
  private items: Registration[] = [];
  private waiting: ((r: IteratorResult<Registration>) => void) | undefined;
  private closed = false;

  push(item: Registration): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  close(): void {
    this.closed = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<Registration> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item) return Promise.resolve({ value: item, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}

export interface ProgramRun {
  result: RunResult;
  /** The program's stack outputs (the program function's resolved return value). */
  outputs: Props;
}

// The SDK module whose `registerResource` every Resource constructor calls synchronously; its options
// argument (index 8) carries `protect`, which the mock's arguments do not.
const resourceRuntime = require("@pulumi/pulumi/runtime/resource") as {
  registerResource: (...args: unknown[]) => unknown;
};

/** Records the `protect` option of each constructor call, keyed `type::name`, until restored. */
function recordProtect(): { protected: Set<string>; restore(): void } {
  const marked = new Set<string>();
  const original = resourceRuntime.registerResource;
  resourceRuntime.registerResource = function (this: unknown, ...args: unknown[]) {
    const options = args[8] as { protect?: boolean } | undefined;
    if (options?.protect) marked.add(`${String(args[2])}::${String(args[3])}`);
    return original.apply(this, args);
  };
  return { protected: marked, restore: () => (resourceRuntime.registerResource = original) };
}

function toRegistration(args: pulumi.runtime.MockResourceArgs, project: string, stack: string): Registration {
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
    urn: `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`,
    inputs,
    ...(secretKeys.length > 0 ? { secretKeys } : {}),
  };
}

/** The unknown-value sentinel, as a stack output shows during preview. */
export const UNKNOWN_OUTPUT = "<unknown>";

/**
 * Resolves the program's exports. `apply` never runs its callback on an unknown value (preview), so
 * each Output is awaited through its promise with unknowns allowed, as the engine's stack outputs do.
 */
async function resolveOutputs(returned: Record<string, unknown>): Promise<Props> {
  const out: Props = {};
  for (const [key, value] of Object.entries(returned)) {
    if (!pulumi.Output.isInstance(value)) {
      out[key] = value;
      continue;
    }
    const output = value as unknown as {
      promise(withUnknowns: boolean): Promise<unknown>;
      isKnown: Promise<boolean>;
    };
    const resolved = await output.promise(true);
    out[key] = (await output.isKnown) ? resolved : UNKNOWN_OUTPUT;
  }
  return out;
}

let queue: Promise<unknown> = Promise.resolve();

export interface ProgramRunOptions {
  project: string;
  stack: string;
  preview?: boolean;
  /**
   * The stack's program-side config (`pulumi.Config` reads it), e.g. `{ "multi-env:namePrefix": "dev" }`;
   * provider settings (`alicloud-media:*`) go to the Deployment's `config`, as the engine configures the
   * provider. When omitted, the previous run's config stays.
   */
  config?: Record<string, string>;
}

/** `pulumi up` (or `preview`) of a program function; runs are serialised (setMocks is global). */
export function runProgram<T extends Record<string, unknown> | void>(
  program: () => T | Promise<T>,
  deployment: Deployment,
  opts: ProgramRunOptions,
): Promise<ProgramRun> {
  const run = queue.then(() => execute(program, deployment, opts));
  queue = run.catch(() => undefined);
  return run;
}

async function execute<T extends Record<string, unknown> | void>(
  program: () => T | Promise<T>,
  deployment: Deployment,
  opts: ProgramRunOptions,
): Promise<ProgramRun> {
  const stream = new RegistrationStream();
  const protect = recordProtect();
  // When a step fails, every registration still waiting rejects inside the SDK, and the SDK rethrows
  // those with nothing attached (unhandled rejections). They are consequences of the step's failure,
  // which is what the run reports; without a failed step, the first of them is the program's error.
  const rejections = collectUnhandledRejections();
  const pending = new Map<string, { resolve(state: ResourceState): void; reject(e: unknown): void }>();
  const applied = deployment.up(stream, {
    preview: opts.preview ?? false,
    onApplied: (reg, state) => pending.get(reg.urn)?.resolve(state),
  });
  // If the deployment stops (a failed step), registrations still waiting must not hang the program.
  const failure = applied.then(
    () => undefined,
    (error: unknown) => {
      for (const waiter of pending.values()) waiter.reject(error);
      return error;
    },
  );

  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        if (args.custom === false) return { id: undefined, state: args.inputs };
        const reg = toRegistration(args, opts.project, opts.stack);
        if (protect.protected.has(`${args.type}::${args.name}`)) reg.protect = true;
        const state = await new Promise<ResourceState>((resolve, reject) => {
          pending.set(reg.urn, { resolve, reject });
          stream.push(reg);
        });
        return { id: state.id || undefined, state: state.outputs };
      },
      call: (args) => args.inputs,
    },
    opts.project,
    opts.stack,
    opts.preview ?? false,
  );
  if (opts.config) pulumi.runtime.setAllConfig(opts.config);

  let exported: Props = {};
  let programError: unknown;
  try {
    const returned = await program();
    if (returned) exported = await resolveOutputs(returned as Record<string, unknown>);
    await pulumi.runtime.disconnect();
  } catch (error) {
    programError = error;
  } finally {
    stream.close();
    protect.restore();
  }
  const deploymentError = await failure;
  // Unhandled rejections are reported after the microtask queue drains.
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  rejections.restore();
  if (deploymentError) throw deploymentError;
  if (programError) throw programError;
  if (rejections.errors.length > 0) throw rejections.errors[0];
  return { result: await applied, outputs: exported };
}

export { DeploymentError };
