/**
 * A small Pulumi engine: applies the engine's step rules to resource registrations against a
 * ProviderHost and keeps state between runs, so tests read like `pulumi up / preview / refresh /
 * destroy`. Rules reproduced (pkg/resource/deploy/step_generator.go and step.go; reference §1, §5 B.3):
 *
 * - Check(olds = previous inputs or {}, news); failures stop the run before any other call.
 * - No prior state: Create. Preview never calls Create/Update/Delete (the host answers
 *   supportsPreview=false), it shows the checked inputs as outputs.
 * - Prior state: Diff(id, olds = previous OUTPUTS, news = checked inputs, oldInputs). DIFF_UNKNOWN
 *   falls back to comparing old and new inputs, `__provider` included (diffResource).
 * - changes=some with replaces: Check again with no olds (defaults are recomputed for the new object),
 *   then deleteBeforeReplace ? Delete old, Create new : Create new and mark the old one pending
 *   delete, deleted after all other steps (GenerateDeletes).
 * - changes=some: Update(id, olds = old outputs, news). changes=none: same step (new inputs, old
 *   outputs) — unless the old state has init errors, then an Update is issued anyway
 *   ("continue awaiting initialization"; only when the error carried non-empty `reasons`).
 * - Create/Update failing with ErrorResourceInitFailed: the object is recorded with the error's id and
 *   properties, InitErrors = reasons, and the run fails. Any other failure records nothing.
 * - Resources no longer registered are deleted at the end, in reverse order.
 * - Refresh: Read(id, outputs, inputs); empty id = gone (dropped); returned inputs replace stored ones;
 *   a successful read clears init errors. Destroy: Delete in reverse order.
 * - Secrets: the host takes no secrets, so plain values go over the wire; the state re-marks outputs
 *   whose key was a secret input (annotateSecrets) or is listed in additionalSecretOutputs.
 * - Protect: the flag is stored from each registration (a same step updates it without a provider
 *   call). Replacing or deleting a protected resource fails the step generation before any provider
 *   call for it; `destroy` fails before deleting anything.
 */
import { createHash } from "node:crypto";
import type { CheckFailure, DiffResult, ProviderHost } from "./provider-host";
import { ProviderRpcError, type PartialState, type Props } from "./rpc-error";
import type { Registration } from "./registrations";

export type { Registration } from "./registrations";

/** What a Deployment needs from a host (a fake can stand in for unit tests of the engine itself). */
export type ProviderClient = Pick<
  ProviderHost,
  "configure" | "check" | "diff" | "create" | "read" | "update" | "delete"
>;

export interface ResourceState {
  urn: string;
  type: string;
  id: string;
  inputs: Props;
  outputs: Props;
  /** Input keys that held secrets in the program. */
  secretInputs: string[];
  /** Output keys stored as secrets: secret input keys (annotateSecrets) + additionalSecretOutputs. */
  secretOutputs: string[];
  /** Non-empty after a create/update reported ErrorResourceInitFailed with reasons. */
  initErrors: string[];
  /** The old object of a create-before-delete replacement, not deleted yet (Pulumi's `delete: true`). */
  pendingDelete: boolean;
  /** The `protect` resource option as last registered. */
  protect?: boolean;
}

export type StepOp =
  "same" | "create" | "update" | "replace" | "create-replacement" | "delete-replaced" | "delete" | "read";

export interface Step {
  urn: string;
  op: StepOp;
  id?: string;
  /** Planned only: preview makes no mutating calls. */
  preview?: boolean;
  /** The provider's diff, for steps decided by one. */
  diff?: DiffResult;
  /** An update issued only because the old state had init errors. */
  initErrorRetry?: boolean;
  /** Refresh found the object gone. */
  gone?: boolean;
  /** The step's call failed; the run stopped here. */
  failed?: boolean;
  /** Outputs after the step (preview: the checked inputs). */
  outputs?: Props;
}

export type RpcMethod = "Configure" | "Check" | "Diff" | "Create" | "Read" | "Update" | "Delete";

export interface RunResult {
  kind: "up" | "preview" | "refresh" | "destroy";
  steps: Step[];
  /** Every provider call made, in order. */
  rpcs: { method: RpcMethod; urn?: string }[];
  /** Step counts by op, e.g. `{ same: 2, update: 1 }`. */
  changes: Partial<Record<StepOp, number>>;
}

export class DeploymentError extends Error {
  constructor(
    message: string,
    readonly result: RunResult,
    override readonly cause?: unknown,
    /** Set when Check reported failures. */
    readonly failures?: CheckFailure[],
  ) {
    super(message);
    this.name = "DeploymentError";
  }

  /** The init-failure payload when a create/update reported a partial success. */
  get partial(): PartialState | undefined {
    return this.cause instanceof ProviderRpcError ? this.cause.partial : undefined;
  }
}

export interface DeploymentOptions {
  /** Configure args; sent at the start of every run, as the engine configures each provider first. */
  config?: Record<string, string>;
  /** Check's randomSeed per resource; default 32 random bytes, as the engine sends. */
  randomSeed?: (urn: string) => Uint8Array | undefined;
  /**
   * Resource steps of `up` run at most this many at a time (`pulumi up --parallel N`); default 1,
   * one after the other. Registrations are taken in arrival order, which is a dependency order: a
   * program registers a resource only once the outputs it depends on are known.
   */
  parallel?: number;
}

/** What `up` reads from its registrations: any iterable, consumed one item at a time. */
async function* inOrder<T>(source: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  for await (const item of source) yield item;
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Structural equality of JSON values, key order ignored (PropertyMap.DeepEquals on plain data). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as Props);
  const kb = Object.keys(b as Props);
  return (
    ka.length === kb.length &&
    ka.every((k) => k in (b as Props) && deepEqual((a as Props)[k], (b as Props)[k]))
  );
}

function union(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

function count(steps: Step[]): RunResult["changes"] {
  const out: RunResult["changes"] = {};
  for (const s of steps) out[s.op] = (out[s.op] ?? 0) + 1;
  return out;
}

/** How a secret looks in a checkpoint: the marker plus ciphertext, never the plaintext. */
function sealed(value: unknown): Props {
  const digest = createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);
  return { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: `v1:${digest}` };
}

function sealKeys(props: Props, keys: string[]): Props {
  const out: Props = { ...props };
  for (const k of keys) if (k in out) out[k] = sealed(out[k]);
  return out;
}

/** The engine's refusal to replace or delete a protected resource (step_generator.go). */
function refuseProtected(run: Run, r: ResourceState, action: "replace" | "delete"): void {
  if (!r.protect) return;
  throw new DeploymentError(
    `unable to ${action} resource "${r.urn}"\nas it is currently marked for protection. To unprotect the resource, ` +
      `remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
    run.result,
  );
}

class Run {
  readonly result: RunResult;
  constructor(kind: RunResult["kind"]) {
    this.result = { kind, steps: [], rpcs: [], changes: {} };
  }
  step(step: Step): Step {
    this.result.steps.push(step);
    this.result.changes = count(this.result.steps);
    return step;
  }
}

export class Deployment {
  private resources: ResourceState[] = [];
  /** Every run's result, oldest first. */
  readonly history: RunResult[] = [];

  constructor(
    readonly host: ProviderClient,
    private readonly opts: DeploymentOptions = {},
  ) {}

  /** The current state, in dependency order (pending deletes included). */
  get state(): readonly ResourceState[] {
    return this.resources;
  }

  /** The live state of a resource, by URN or by name. */
  resource(urnOrName: string): ResourceState | undefined {
    return this.resources.find(
      (r) => !r.pendingDelete && (r.urn === urnOrName || r.urn.endsWith(`::${urnOrName}`)),
    );
  }

  /** The checkpoint as Pulumi would write it, with secret values sealed. */
  exportState(): { resources: Props[] } {
    return {
      resources: this.resources.map((r) => ({
        urn: r.urn,
        custom: true,
        type: r.type,
        id: r.id,
        inputs: sealKeys(r.inputs, r.secretInputs),
        outputs: sealKeys(r.outputs, r.secretOutputs),
        ...(r.initErrors.length > 0 ? { initErrors: r.initErrors } : {}),
        ...(r.pendingDelete ? { delete: true } : {}),
        ...(r.protect ? { protect: true } : {}),
      })),
    };
  }

  /** `exportState()` as JSON text, for "no credential in state" assertions. */
  stateJson(): string {
    return JSON.stringify(this.exportState(), null, 2);
  }

  /** `pulumi preview`: Check and Diff only; state is not changed. */
  preview(registrations: Registration[]): Promise<RunResult> {
    return this.up(registrations, { preview: true });
  }

  /**
   * `pulumi up` for the given registrations (in dependency order). Rejects with DeploymentError.
   * Registrations may arrive as a stream (a program under mocks registers them one by one, and later
   * ones wait for earlier outputs); `onApplied` hands each resource's resulting state back.
   */
  async up(
    registrations: Iterable<Registration> | AsyncIterable<Registration>,
    opts: {
      preview?: boolean;
      onApplied?: (reg: Registration, state: ResourceState) => void;
      /** Overrides DeploymentOptions.parallel for this run. */
      parallel?: number;
    } = {},
  ): Promise<RunResult> {
    const preview = opts.preview ?? false;
    const parallel = Math.max(1, Math.floor(opts.parallel ?? this.opts.parallel ?? 1));
    const run = new Run(preview ? "preview" : "up");
    const prev = this.resources;
    const live = new Map(prev.filter((r) => !r.pendingDelete).map((r) => [r.urn, r]));
    const done: ResourceState[] = [];
    const registered = new Set<string>();
    const seen = new Set<string>(); // URNs whose previous entry has been superseded in the checkpoint
    const deleted = new Set<ResourceState>();
    const condemned = new Map<ResourceState, ResourceState>();

    // Like the engine's snapshot manager: after every completed step the checkpoint is what has been
    // done, then previous entries not yet superseded. A failed run leaves exactly that behind.
    const commit = () => {
      if (preview) return;
      const rest = prev
        .filter((r) => !deleted.has(r) && (r.pendingDelete || condemned.has(r) || !seen.has(r.urn)))
        .map((r) => condemned.get(r) ?? r);
      this.resources = [...done, ...rest];
    };
    const settleFor = (reg: Registration) => (state: ResourceState) => {
      done.push(state);
      seen.add(state.urn);
      commit();
      opts.onApplied?.(reg, state);
    };

    const apply = async (reg: Registration): Promise<void> => {
      const settle = settleFor(reg);
      const old = live.get(reg.urn);
      const checked = await this.checkOrFail(run, reg, old?.inputs ?? {});
      const secretInputs = reg.secretKeys ?? [];
      const fresh = {
        urn: reg.urn,
        type: reg.type,
        secretInputs,
        secretOutputs: union(secretInputs, reg.additionalSecretOutputs ?? []),
        initErrors: [],
        pendingDelete: false,
        ...(reg.protect ? { protect: true } : {}),
      };

      if (!old) {
        await this.create(run, "create", fresh, checked, preview, settle);
        return;
      }

      const diff = await this.rpc(run, "Diff", reg.urn, () =>
        this.host.diff(old.id, reg.urn, old.outputs, checked, old.inputs),
      );
      const changes =
        diff.changes === "unknown" ? (deepEqual(old.inputs, checked) ? "none" : "some") : diff.changes;

      if (changes === "some" && diff.replaces.length > 0) {
        refuseProtected(run, old, "replace");
        const inputs = await this.checkOrFail(run, reg, {});
        if (diff.deleteBeforeReplace) {
          await this.remove(run, "delete-replaced", old, preview, () => {
            deleted.add(old);
            commit();
          });
          run.step({ urn: reg.urn, op: "replace", diff, ...(preview ? { preview } : {}) });
          await this.create(run, "create-replacement", fresh, inputs, preview, settle);
        } else {
          await this.create(run, "create-replacement", fresh, inputs, preview, (state) => {
            condemned.set(old, { ...old, pendingDelete: true });
            settle(state);
          });
          run.step({ urn: reg.urn, op: "replace", diff, ...(preview ? { preview } : {}) });
        }
      } else if (changes === "some" || old.initErrors.length > 0) {
        const initErrorRetry = changes !== "some";
        await this.update(run, old, { ...fresh, id: old.id }, checked, preview, diff, initErrorRetry, settle);
      } else {
        run.step({ urn: reg.urn, op: "same", id: old.id, diff, ...(preview ? { preview } : {}) });
        settle({ ...fresh, id: old.id, inputs: checked, outputs: old.outputs, initErrors: old.initErrors });
      }
    };

    return this.execute(run, async () => {
      // Like the engine: at most `parallel` steps at once; after a failure no new step starts, the
      // steps under way finish, then the run fails with the first error.
      const inFlight = new Set<Promise<void>>();
      let failure: { error: unknown } | undefined;
      let stop!: () => void;
      const stopped = new Promise<"stop">((resolve) => (stop = () => resolve("stop")));
      const source = inOrder(registrations);
      for (;;) {
        const next = await Promise.race([source.next(), stopped]);
        if (next === "stop" || next.done) break;
        const reg = next.value;
        registered.add(reg.urn);
        const task: Promise<void> = apply(reg).then(
          () => void inFlight.delete(task),
          (error: unknown) => {
            inFlight.delete(task);
            failure ??= { error };
            stop();
          },
        );
        inFlight.add(task);
        while (inFlight.size >= parallel && !failure) await Promise.race([...inFlight, stopped]);
        if (failure) break;
      }
      await Promise.all(inFlight);
      if (failure) throw failure.error;

      // GenerateDeletes: pending deletes and resources the program no longer registers, reverse order.
      const doomed = prev
        .filter((r) => r.pendingDelete || condemned.has(r) || !registered.has(r.urn))
        .reverse();
      for (const r of doomed) if (!r.pendingDelete && !condemned.has(r)) refuseProtected(run, r, "delete");
      for (const r of doomed) {
        const op = r.pendingDelete || condemned.has(r) ? "delete-replaced" : "delete";
        await this.remove(run, op, r, preview, () => {
          deleted.add(r);
          commit();
        });
      }
    });
  }

  /** `pulumi refresh`. */
  async refresh(): Promise<RunResult> {
    const run = new Run("refresh");
    return this.execute(run, async () => {
      for (const r of [...this.resources]) {
        const read = await this.rpc(run, "Read", r.urn, () =>
          this.host.read(r.id, r.urn, r.outputs, r.inputs),
        );
        const index = this.resources.indexOf(r);
        if (!read.id) {
          run.step({ urn: r.urn, op: "read", id: r.id, gone: true });
          this.resources = this.resources.filter((_, i) => i !== index);
          continue;
        }
        const next: ResourceState = {
          ...r,
          id: read.id,
          outputs: read.properties,
          inputs: read.inputs ?? r.inputs,
          initErrors: [],
        };
        run.step({ urn: r.urn, op: "read", id: read.id, outputs: read.properties });
        this.resources = this.resources.map((x, i) => (i === index ? next : x));
      }
    });
  }

  /**
   * `pulumi destroy`: Delete everything in reverse order, with the stored outputs (and `__provider`).
   * A protected resource fails it before any delete.
   */
  async destroy(): Promise<RunResult> {
    const run = new Run("destroy");
    return this.execute(run, async () => {
      const targets = [...this.resources].reverse();
      for (const r of targets) if (!r.pendingDelete) refuseProtected(run, r, "delete");
      for (const r of targets) {
        await this.remove(run, r.pendingDelete ? "delete-replaced" : "delete", r, false, () => {
          this.resources = this.resources.filter((x) => x !== r);
        });
      }
    });
  }

  private async execute(run: Run, body: () => Promise<void>): Promise<RunResult> {
    this.history.push(run.result);
    if (this.opts.config) {
      const config = this.opts.config;
      await this.rpc(run, "Configure", undefined, () => this.host.configure(config));
    }
    await body();
    return run.result;
  }

  private async rpc<T>(
    run: Run,
    method: RpcMethod,
    urn: string | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    run.result.rpcs.push({ method, ...(urn ? { urn } : {}) });
    try {
      return await call();
    } catch (err) {
      if (err instanceof DeploymentError) throw err;
      const what = urn ? `${method} of ${urn}` : method;
      throw new DeploymentError(
        `${what} failed: ${err instanceof Error ? err.message : String(err)}`,
        run.result,
        err,
      );
    }
  }

  private async checkOrFail(run: Run, reg: Registration, olds: Props): Promise<Props> {
    const seed = this.opts.randomSeed?.(reg.urn);
    const { inputs, failures } = await this.rpc(run, "Check", reg.urn, () =>
      this.host.check(reg.urn, olds, reg.inputs, ...(seed ? [seed] : [])),
    );
    if (failures.length > 0) {
      const lines = failures.map((f) => `  - ${f.property ? `property ${f.property}: ` : ""}${f.reason}`);
      throw new DeploymentError(
        `resource ${reg.urn} has check errors:\n${lines.join("\n")}`,
        run.result,
        undefined,
        failures,
      );
    }
    return inputs;
  }

  private async create(
    run: Run,
    op: "create" | "create-replacement",
    fresh: Omit<ResourceState, "id" | "inputs" | "outputs">,
    inputs: Props,
    preview: boolean,
    settle: (state: ResourceState) => void,
  ): Promise<void> {
    if (preview) {
      run.step({ urn: fresh.urn, op, preview, outputs: inputs });
      // Preview state is never committed; settling only hands the planned outputs to a streaming program.
      settle({ ...fresh, id: "", inputs, outputs: inputs });
      return;
    }
    try {
      const created = await this.rpc(run, "Create", fresh.urn, () => this.host.create(fresh.urn, inputs));
      if (!created.id)
        throw new DeploymentError(`provider did not return an ID from Create (${fresh.urn})`, run.result);
      run.step({ urn: fresh.urn, op, id: created.id, outputs: created.properties });
      settle({ ...fresh, id: created.id, inputs, outputs: created.properties });
    } catch (err) {
      this.recordFailure(run, err, op, fresh, inputs, settle);
      throw err;
    }
  }

  private async update(
    run: Run,
    old: ResourceState,
    next: Omit<ResourceState, "inputs" | "outputs">,
    inputs: Props,
    preview: boolean,
    diff: DiffResult,
    initErrorRetry: boolean,
    settle: (state: ResourceState) => void,
  ): Promise<void> {
    const flags = { diff, ...(initErrorRetry ? { initErrorRetry } : {}) };
    if (preview) {
      run.step({ urn: old.urn, op: "update", id: old.id, preview, outputs: inputs, ...flags });
      settle({ ...next, inputs, outputs: { ...old.outputs, ...inputs } });
      return;
    }
    try {
      const updated = await this.rpc(run, "Update", old.urn, () =>
        this.host.update(old.id, old.urn, old.outputs, inputs, old.inputs),
      );
      run.step({ urn: old.urn, op: "update", id: old.id, outputs: updated.properties, ...flags });
      settle({ ...next, inputs, outputs: updated.properties });
    } catch (err) {
      this.recordFailure(run, err, "update", next, inputs, settle);
      throw err;
    }
  }

  /** ErrorResourceInitFailed: the object exists, so it is recorded with init errors (step.go). */
  private recordFailure(
    run: Run,
    err: unknown,
    op: StepOp,
    base: Omit<ResourceState, "id" | "inputs" | "outputs">,
    inputs: Props,
    settle: (state: ResourceState) => void,
  ): void {
    const partial = err instanceof DeploymentError ? err.partial : undefined;
    run.step({
      urn: base.urn,
      op,
      failed: true,
      ...(partial ? { id: partial.id, outputs: partial.properties } : {}),
    });
    if (partial)
      settle({ ...base, id: partial.id, inputs, outputs: partial.properties, initErrors: partial.reasons });
  }

  private async remove(
    run: Run,
    op: "delete" | "delete-replaced",
    r: ResourceState,
    preview: boolean,
    onDeleted: () => void,
  ): Promise<void> {
    if (preview) {
      run.step({ urn: r.urn, op, id: r.id, preview });
      return;
    }
    try {
      await this.rpc(run, "Delete", r.urn, () => this.host.delete(r.id, r.urn, r.outputs, r.inputs));
    } catch (err) {
      run.step({ urn: r.urn, op, id: r.id, failed: true });
      throw err;
    }
    run.step({ urn: r.urn, op, id: r.id });
    onDeleted();
  }
}
