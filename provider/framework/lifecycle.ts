/**
 * The generic lifecycle: turns a ResourceSpec into the dynamic-provider methods the host calls.
 * Engine facts it is built on (Pulumi dynamic providers, as the engine and its provider host behave):
 * - check gets old and new *inputs*; diff and update get old *outputs* (state) and new inputs;
 * - unknown values arrive as a sentinel string during preview;
 * - create must be all-or-nothing: when the object exists but a later step failed, throw
 *   `{ message, id, properties: { ...outs, __provider } }` so the engine records it;
 * - update must return complete outputs; read returns {} when the object is gone and `inputs`
 *   (normalised from remote state) so a refresh leaves no perpetual diff;
 * - everything returned must survive protobuf Struct conversion.
 */
import { randomBytes } from "node:crypto";
import { AlibabaApiError } from "../runtime/errors";
import { checkReason, maskSecretValues } from "./check-reason";
import { IDENTITY, STACK_IDENTITY, ownershipMarker, stackMarker } from "./identity";
import { canonicalJson, toPlainObject, type Plain } from "./plain";
import {
  PartialCreateError,
  type CreateMeta,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "./spec";
import { containsUnknown } from "./unknowns";

/** Set by the program-side class: the resource's logical name, the seed for auto-naming. */
export const LOGICAL_NAME = "__logicalName";
/** Set by check when it generated the physical name, so later checks keep it. */
export const AUTO_NAMED = "__autoNamed";
const ENGINE_KEYS = new Set(["__provider"]);
/**
 * Kept in the outputs: the fields the program declared. The dynamic-provider host hands `read` only
 * the old outputs, where the service's defaults stand beside declared values; without this list a
 * refresh turned every reported field into an input, and `pulumi preview --diff` then showed each
 * undeclared one as removed (seen under the real engine, tests/cli/drift.test.ts).
 */
export const DECLARED = "__declared";
/** Identity keys set by the program-side classes: see identity.ts. */
export { IDENTITY, STACK_IDENTITY } from "./identity";
/**
 * Set by the program-side classes: the names of the inputs the program marked secret. The
 * dynamic-provider host receives secrets as plain values, so only this list keeps check from quoting them.
 */
export const SECRET_INPUTS = "__secretInputs";
const INTERNAL_KEYS = new Set([LOGICAL_NAME, AUTO_NAMED, IDENTITY, STACK_IDENTITY, SECRET_INPUTS]);

type Inputs = Record<string, unknown>;

export interface CheckFailure {
  property: string;
  reason: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? String(segment) : `.${String(segment)}`,
    )
    .join("");
}

/** What the API functions see: no engine or bookkeeping keys. */
export function apiInputs(inputs: Inputs): Inputs {
  return Object.fromEntries(Object.entries(inputs).filter(([key]) => !key.startsWith("__")));
}

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function randomSuffix(length = 7): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join("");
}

export function equalAfterNormalising<I extends Inputs>(
  spec: ResourceSpec<I>,
  key: string,
  a: unknown,
  b: unknown,
): boolean {
  const trait = spec.fields[key];
  const norm = (value: unknown) => {
    const filled = value === undefined || value === null ? trait?.default : value;
    return trait?.normalize && filled !== undefined ? trait.normalize(filled) : filled;
  };
  return canonicalJson(norm(a)) === canonicalJson(norm(b));
}

/** The fields whose declared value differs from the state, split by what a change means. */
export function classifyChanges<I extends Inputs>(
  spec: ResourceSpec<I>,
  state: Inputs,
  news: Inputs,
  /** Planning (diff) consults `inPlaceWhen`; applying does not, so no changed field is ever dropped. */
  planning = true,
) {
  const replaces: string[] = [];
  const updates: string[] = [];
  for (const [key, trait] of Object.entries(spec.fields)) {
    if (trait.mode === "ignore") continue;
    const next = news[key];
    // Left out of the program, a computed field is whatever the service chose: never a change.
    if (trait.computed && (next === undefined || next === null)) continue;
    // An unknown value may or may not change: it counts as a change, and as a replacement only when
    // the field itself forces one.
    const changed = containsUnknown(next) || !equalAfterNormalising(spec, key, state[key], next);
    if (!changed) continue;
    const replacing =
      trait.mode === "replace" || (planning && trait.inPlaceWhen !== undefined && !trait.inPlaceWhen(state));
    (replacing ? replaces : updates).push(key);
  }
  return { replaces, updates };
}

/** State-only fields reach the outputs from the inputs; the API never hears of them. */
function forTheApi<I extends Inputs>(spec: ResourceSpec<I>, updates: readonly string[]): string[] {
  return updates.filter((key) => spec.fields[key]?.mode !== "stateOnly");
}

/**
 * The in-place changes an update applies through the API. It sees every changed in-place field, even
 * one a plan would have replaced given a state that has since moved: it applies it or refuses with a
 * reason, never drops it.
 */
export function changesToApply<I extends Inputs>(
  spec: ResourceSpec<I>,
  state: Inputs,
  news: Inputs,
): string[] {
  return forTheApi(spec, classifyChanges(spec, state, news, false).updates);
}

export class ResourceLifecycle {
  constructor(
    readonly spec: ResourceSpec,
    private readonly context: () => ResourceContext,
  ) {}

  async check(olds: Inputs, news: Inputs): Promise<{ inputs: Inputs; failures: CheckFailure[] }> {
    const inputs: Inputs = { ...news };
    const failures: CheckFailure[] = [];
    this.applyAutoName(olds, inputs, failures);

    const shape = this.spec.schema.shape as Record<
      string,
      {
        safeParse(v: unknown): {
          success: boolean;
          error?: { issues: { path: PropertyKey[]; message: string; code?: string }[] };
        };
      }
    >;
    for (const key of Object.keys(inputs)) {
      if (ENGINE_KEYS.has(key) || INTERNAL_KEYS.has(key)) continue;
      // Own keys only: `toString` or `constructor` are "in" every object.
      if (!Object.hasOwn(shape, key)) {
        failures.push({ property: key, reason: `not a property of ${this.spec.type}` });
      }
    }
    const secret = new Set(Array.isArray(inputs[SECRET_INPUTS]) ? inputs[SECRET_INPUTS] : []);
    let anyUnknown = false;
    for (const [key, schema] of Object.entries(shape)) {
      const value = inputs[key];
      if (containsUnknown(value)) {
        anyUnknown = true;
        continue; // checked again with the real value before anything is created
      }
      const result = schema.safeParse(value);
      if (!result.success) {
        for (const issue of result.error!.issues) {
          const property = formatPath([key, ...issue.path]);
          failures.push({ property, reason: checkReason(schema, issue, value, secret.has(key)) });
        }
      }
    }
    if (failures.length === 0 && !anyUnknown && this.spec.crossChecks) {
      // A spec may start a reason with its property; the engine prints the property already.
      const secretValues = [...secret].map((key) => inputs[String(key)]).filter((v) => v !== undefined);
      for (const { property, reason } of this.spec.crossChecks(apiInputs(inputs)))
        failures.push({
          property,
          reason: maskSecretValues(
            reason.startsWith(`${property}: `) ? reason.slice(property.length + 2) : reason,
            secretValues,
          ),
        });
    }
    return { inputs, failures };
  }

  private applyAutoName(olds: Inputs, inputs: Inputs, failures: CheckFailure[]): void {
    const rule = this.spec.autoName;
    if (!rule || inputs[rule.field] !== undefined) {
      if (rule) delete inputs[AUTO_NAMED];
      return;
    }
    const logical = inputs[LOGICAL_NAME];
    if (olds[AUTO_NAMED] === true && typeof olds[rule.field] === "string" && olds[LOGICAL_NAME] === logical) {
      inputs[rule.field] = olds[rule.field];
      inputs[AUTO_NAMED] = true;
      return;
    }
    if (typeof logical !== "string" || logical.length === 0) {
      failures.push({
        property: rule.field,
        reason: `${rule.field} is required (no logical name to derive it from)`,
      });
      return;
    }
    const suffix = rule.suffix ? rule.suffix(logical, inputs) : randomSuffix();
    const base = rule.sanitize(logical).slice(0, rule.maxLength - suffix.length - 1);
    inputs[rule.field] = `${base}-${suffix}`;
    inputs[AUTO_NAMED] = true;
  }

  async diff(_id: string, state: Inputs, news: Inputs) {
    const { replaces, updates } = classifyChanges(this.spec, state, news);
    return {
      changes: replaces.length + updates.length > 0,
      replaces,
      deleteBeforeReplace: replaces.length > 0 && this.spec.deleteBeforeReplace,
    };
  }

  async create(inputs: Inputs): Promise<{ id: string; outs: Record<string, Plain> }> {
    const ctx = this.context();
    const declared = apiInputs(inputs);
    const meta: CreateMeta = {
      autoNamed: inputs[AUTO_NAMED] === true,
      owner: ownershipMarker(inputs),
      stackOwner: stackMarker(inputs),
    };
    let observed: Observed;
    try {
      observed = await this.createOrRecover(ctx, declared, meta);
    } catch (error) {
      throw this.asPartialState(error, inputs) ?? this.explainCreateFailure(error, declared);
    }
    return { id: observed.id, outs: this.outputs(inputs, observed) };
  }

  private async createOrRecover(ctx: ResourceContext, declared: Inputs, meta: CreateMeta): Promise<Observed> {
    try {
      return declared.adopt === true
        ? await this.adoptOrCreate(ctx, declared, meta)
        : await this.spec.create(ctx, declared, meta);
    } catch (error) {
      return (await this.recoverLostCreate(ctx, error, declared)) ?? Promise.reject(error);
    }
  }

  /**
   * A name-keyed create whose answer was lost and whose repeat found the name taken: the object is the
   * one the lost attempt created. Take it over and finish the job as the update after a partial
   * create would (read back, or finish a wait), instead of failing and leaving it orphaned.
   */
  private async recoverLostCreate(
    ctx: ResourceContext,
    error: unknown,
    declared: Inputs,
  ): Promise<Observed | undefined> {
    if (!(error instanceof AlibabaApiError) || !error.isAlreadyExists() || !error.afterAmbiguousAttempt)
      return undefined;
    const existing = await this.spec.findExisting?.(ctx, declared);
    if (!existing) return undefined;
    const { replaces, updates } = classifyChanges(this.spec, existing.outputs, declared);
    if (replaces.length > 0) return undefined;
    ctx.log.info(
      `${this.spec.type} ${existing.id}: the answer to its create was lost and the repeat found it created; taking it over`,
    );
    return this.spec.update(ctx, existing.id, existing.outputs, declared, forTheApi(this.spec, updates));
  }

  private async adoptOrCreate(ctx: ResourceContext, declared: Inputs, meta: CreateMeta): Promise<Observed> {
    const existing = await this.spec.findExisting?.(ctx, declared);
    if (!existing) return this.spec.create(ctx, declared, meta);
    const { replaces, updates } = classifyChanges(this.spec, existing.outputs, declared);
    if (replaces.length > 0) {
      throw new Error(
        `cannot adopt the existing ${this.spec.type} ${existing.id}: ${replaces.join(", ")} differ from the ` +
          `declaration and cannot be changed in place`,
      );
    }
    ctx.log.info(
      `adopting existing ${this.spec.type} ${existing.id}${updates.length ? `; updating ${updates.join(", ")}` : ""}`,
    );
    return updates.length
      ? this.spec.update(ctx, existing.id, existing.outputs, declared, forTheApi(this.spec, updates))
      : existing;
  }

  private explainCreateFailure(error: unknown, declared: Inputs): unknown {
    if (error instanceof AlibabaApiError && error.isAlreadyExists() && this.spec.findExisting) {
      const name = this.spec.autoName ? String(declared[this.spec.autoName.field]) : "the object";
      return new Error(
        `${error.message}. ${name} already exists outside this stack: set \`adopt: true\` to manage the ` +
          `existing object, or choose another name.`,
      );
    }
    return error;
  }

  /** The engine's partial-state error: records the object that exists despite the failure. */
  private asPartialState(error: unknown, inputs: Inputs) {
    if (!(error instanceof PartialCreateError)) return undefined;
    return {
      message: error.message,
      id: error.observed.id,
      properties: { ...this.outputs(inputs, error.observed), __provider: inputs.__provider },
      reasons: [error.message],
    };
  }

  /** State = the declared inputs (and bookkeeping) overlaid with what the service reports. */
  private outputs(inputs: Inputs, observed: Observed): Record<string, Plain> {
    const kept = Object.fromEntries(Object.entries(inputs).filter(([key]) => !ENGINE_KEYS.has(key)));
    return toPlainObject({ ...kept, ...observed.outputs, [DECLARED]: this.declaredFields(inputs) });
  }

  /** The recorded list when there is one; otherwise (new inputs, or state written before the list
   * existed) the spec's fields present in `inputs`. */
  private declaredFields(inputs: Inputs): string[] {
    const recorded = inputs[DECLARED];
    if (Array.isArray(recorded)) return recorded.filter((key): key is string => typeof key === "string");
    return Object.keys(inputs)
      .filter((key) => Object.hasOwn(this.spec.fields, key))
      .sort();
  }

  async read(id: string, state: Inputs) {
    const ctx = this.context();
    const observed = await this.spec.read(ctx, id, state);
    if (!observed) return {};
    const props = this.outputs(state, observed);
    const declaredFields = new Set(this.declaredFields(state));
    const inputs: Record<string, Plain> = {};
    for (const key of [...Object.keys(this.spec.fields), ...INTERNAL_KEYS]) {
      const trait = this.spec.fields[key];
      const value = props[key];
      if (value === undefined) continue;
      // Keep a field in the inputs when the user had it, or when the service holds a non-default
      // value for it (drift the next `pulumi up` should show).
      const declared = declaredFields.has(key);
      const nonDefault = trait !== undefined && !equalAfterNormalising(this.spec, key, value, undefined);
      if (declared || nonDefault || INTERNAL_KEYS.has(key)) inputs[key] = value;
    }
    return { id: observed.id, props, inputs };
  }

  async update(id: string, state: Inputs, news: Inputs) {
    const ctx = this.context();
    try {
      const changed = changesToApply(this.spec, state, news);
      const observed = await this.spec.update(ctx, id, state, apiInputs(news), changed);
      return { outs: this.outputs(news, observed) };
    } catch (error) {
      throw this.asPartialState(error, news) ?? error;
    }
  }

  async delete(id: string, state: Inputs): Promise<void> {
    try {
      await this.spec.delete(this.context(), id, state);
    } catch (error) {
      if (error instanceof AlibabaApiError && error.isNotFound()) return;
      throw error;
    }
  }
}
