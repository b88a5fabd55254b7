/**
 * A resource is described once, declaratively, by a ResourceSpec: its input schema, what each field
 * does on change, how remote state maps back to inputs, and four small API functions. The generic
 * lifecycle (lifecycle.ts) turns a spec into check / diff / create / read / update / delete, so
 * unknown-value handling, normalisation, naming, adoption, partial failures and Struct-safety are
 * written (and tested) once.
 */
import type { z } from "zod";
import type { MediaClients } from "../runtime/clients";
import type { WireTrait } from "./wire";

/**
 * - `replace`: a change replaces the object (a name, a parent, an identity).
 * - `update`: a change is applied in place.
 * - `stateOnly`: provider behaviour that a later operation reads from the stored state (forceDestroy is
 *   read by delete): a change is an in-place update that calls no API, so the state follows the
 *   program. Left out of the diff, the old value would stay in the outputs delete receives.
 * - `ignore`: provider behaviour read only from the current inputs (wait timeouts, adopt): never a diff.
 */
export type FieldMode = "replace" | "update" | "stateOnly" | "ignore";

export interface FieldTrait {
  mode: FieldMode;
  /** The value the service uses when the field is not given; an absent input compares equal to it. */
  default?: unknown;
  /** Maps a value to the form in which equal values are identical (e.g. JSON text → object). */
  normalize?: (value: unknown) => unknown;
  /**
   * Optional-and-computed: when the program leaves the field out, the service chooses the value (a
   * story's cover and name) and that is never a diff; when the program declares it, it is compared.
   */
  computed?: boolean;
  /**
   * For `update` fields of a resource that applies in-place changes in more than one way: names the
   * way (e.g. a story's `UpdateStory` vs `regenerate`), so the update/replace table stays declarative
   * and the spec's update picks fields with `fieldsApplyingWith`. The lifecycle itself ignores it.
   */
  applyWith?: string;
  /**
   * For `update` fields the API changes in place only while the object is in some states (IMM updates
   * a batch only while it is Ready or Failed): given the current state (outputs), whether an in-place
   * change is possible now. When it is not, the change is planned as a replacement, so the preview
   * says what the apply will do instead of an update that the service would refuse.
   */
  inPlaceWhen?: (state: Record<string, unknown>) => boolean;
  /**
   * The field's API parameter: its wire name, encoding and the value that restores the service's
   * default when the program removes the field. With it, create and update requests are built from
   * the traits (wire.ts `wireParams`, `changedWireParams`) instead of by hand.
   */
  wire?: WireTrait;
}

/** The changed fields whose trait says they are applied the given way. */
export function fieldsApplyingWith(
  fields: Record<string, FieldTrait>,
  changed: readonly string[],
  way: string,
): string[] {
  return changed.filter((key) => fields[key]?.applyWith === way);
}

export interface ProviderLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ResourceContext {
  clients: MediaClients;
  log: ProviderLog;
}

/** Remote state read back: the outputs to store and the inputs it corresponds to. */
export interface Observed {
  id: string;
  outputs: Record<string, unknown>;
}

export interface AutoNameRule {
  /** The input that holds the physical name. */
  field: string;
  maxLength: number;
  /** Makes a logical name valid for the API (charset, first character). */
  sanitize: (logicalName: string) => string;
  /**
   * A deterministic suffix instead of a random one (e.g. a hash of the stack and the parent's
   * names), for objects whose create must find its own earlier attempt after an interrupted apply:
   * a fresh check then derives the same name again.
   */
  suffix?: (logicalName: string, inputs: Record<string, unknown>) => string;
}

/** What create is told besides the API inputs (which carry no bookkeeping keys). */
export interface CreateMeta {
  /** The physical name was generated at check (auto-naming), not declared by the user. */
  autoNamed: boolean;
  /** This resource's ownership marker (a digest of its identity), for services with tags. */
  owner: string;
  /** The stack's marker (a digest of organization, project and stack), see identity.ts. */
  stackOwner: string;
}

export interface ResourceSpec<Inputs extends Record<string, unknown> = Record<string, unknown>> {
  /** e.g. `imm:Project`; the type token is `pulumi-nodejs:dynamic/alicloud-media/imm:Project`. */
  type: string;
  /** Per-field validation; every failure is reported against its property path. */
  schema: z.ZodObject;
  /** Rules across fields, run only when the fields they read are known. */
  crossChecks?(inputs: Inputs): { property: string; reason: string }[];
  fields: Record<string, FieldTrait>;
  /** Name-keyed objects cannot coexist with their replacement. */
  deleteBeforeReplace: boolean;
  autoName?: AutoNameRule;
  create(ctx: ResourceContext, inputs: Inputs, meta: CreateMeta): Promise<Observed>;
  /** Undefined when the object no longer exists. */
  read(ctx: ResourceContext, id: string, state: Record<string, unknown>): Promise<Observed | undefined>;
  update(
    ctx: ResourceContext,
    id: string,
    state: Record<string, unknown>,
    inputs: Inputs,
    changed: string[],
  ): Promise<Observed>;
  delete(ctx: ResourceContext, id: string, state: Record<string, unknown>): Promise<void>;
  /** For `adopt: true`: find an existing object by its natural key. */
  findExisting?(ctx: ResourceContext, inputs: Inputs): Promise<Observed | undefined>;
}

/**
 * Thrown by a spec's create when the object exists but a later step failed (a task failed or timed
 * out). The lifecycle turns it into the engine's partial-state error so the object is recorded, not
 * orphaned, and the next `pulumi up` runs an update that can finish the job.
 */
export class PartialCreateError extends Error {
  override name = "PartialCreateError";
  constructor(
    message: string,
    readonly observed: Observed,
  ) {
    super(message);
  }
}
