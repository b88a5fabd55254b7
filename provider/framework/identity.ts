/**
 * Who a resource is, and which existing objects it may take for its own.
 *
 * Identity: the SDK sends `__identity` (sdk/identity.ts): the Pulumi organization and the resource's
 * URN (project, stack, type, parent chain, name). Everything a resource derives before the service
 * gives it an ID (a default name's suffix, a story's ObjectId, a batch's client token, an ownership
 * tag) is a digest of it, so two stacks of one program in different organizations or backends, and
 * two resources of one name under different parents, derive different values. Programs that predate
 * the SDK's identity fall back to `__stack` and then to the host's environment, as before.
 *
 * Takeover: an object found under a derived key is taken over without `adopt: true` only when it
 * carries this resource's ownership marker (the derived key itself, or a tag holding the digest) and
 * looks like this resource's own interrupted create: created within the recovery window. An old
 * object with the marker (state lost, a second backend with the same organization, project and stack
 * names) is refused with a message naming it and `adopt: true`.
 */
import { createHash } from "node:crypto";

export const IDENTITY = "__identity";
/** The identity of programs from before `__identity` (`<project>/<stack>`). */
export const STACK_IDENTITY = "__stack";
const LOGICAL_NAME = "__logicalName";

/** Default recovery window: an interrupted create is picked up by a `pulumi up` within a day. */
export const DEFAULT_RECOVERY_WINDOW_SECONDS = 24 * 3600;
/** Overrides the recovery window (seconds), e.g. to widen it after a long outage. */
export const RECOVERY_WINDOW_ENV = "ALICLOUD_MEDIA_RECOVERY_WINDOW_SECONDS";

/** The resource's identity as declared by the program (see the header for the fallbacks). */
export function declaredIdentity(inputs: Record<string, unknown>): string {
  if (typeof inputs[IDENTITY] === "string" && inputs[IDENTITY] !== "") return inputs[IDENTITY];
  const env = process.env;
  const stack =
    typeof inputs[STACK_IDENTITY] === "string"
      ? inputs[STACK_IDENTITY]
      : `${env.PULUMI_NODEJS_PROJECT ?? env.PULUMI_PROJECT ?? ""}\n${env.PULUMI_NODEJS_STACK ?? env.PULUMI_STACK ?? ""}`;
  return `${stack}\n${String(inputs[LOGICAL_NAME] ?? "")}`;
}

/** A hex digest of the identity and the given scope (e.g. the IMM project a name lives in). */
export function identityDigest(inputs: Record<string, unknown>, ...scope: unknown[]): string {
  return createHash("sha256")
    .update([declaredIdentity(inputs), ...scope.map((part) => String(part ?? ""))].join("\n"))
    .digest("hex");
}

/** The ownership marker written as a tag where the service has tags: 32 hex characters. */
export function ownershipMarker(inputs: Record<string, unknown>): string {
  return identityDigest(inputs, "owner").slice(0, 32);
}

/**
 * The stack part of the identity: organization, stack and project (the URN's first three parts), so
 * that any resource of one stack derives the same value and no resource of another stack does.
 */
export function stackIdentity(inputs: Record<string, unknown>): string {
  const identity = declaredIdentity(inputs);
  if (typeof inputs[IDENTITY] === "string" && inputs[IDENTITY] !== "") {
    // `<organization>::urn:pulumi:<stack>::<project>::<type chain>::<name>`
    return identity.split("::").slice(0, 3).join("::");
  }
  return identity.slice(0, identity.lastIndexOf("\n"));
}

/** The stack's marker, written as a tag on the objects that contain others (an IMM project). */
export function stackMarker(inputs: Record<string, unknown>): string {
  return createHash("sha256")
    .update(`${stackIdentity(inputs)}\nstack-owner`)
    .digest("hex")
    .slice(0, 32);
}

export function recoveryWindowMs(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env[RECOVERY_WINDOW_ENV]);
  const seconds =
    env[RECOVERY_WINDOW_ENV] !== undefined && Number.isFinite(configured) && configured >= 0
      ? configured
      : DEFAULT_RECOVERY_WINDOW_SECONDS;
  return seconds * 1000;
}

/** Epoch ms of a service time (RFC 3339, or epoch ms as a number or digits); NaN when unreadable. */
function instant(time: unknown): number {
  if (typeof time === "number") return time;
  if (typeof time !== "string" || time === "") return Number.NaN;
  return /^\d+$/.test(time) ? Number(time) : Date.parse(time.replace(/(\.\d{3})\d+/, "$1"));
}

export interface Candidate {
  /** e.g. `imm:Project` */
  type: string;
  /** How the object is named in messages, e.g. `project media-1a2b3c4` */
  object: string;
  /** The object carries this resource's marker (derived key, or owner tag). */
  marked: boolean;
  /** Why an unmarked object is not this resource's, when the marker is not the object's own. */
  unmarked?: string;
  createTime: unknown;
}

/** Refused takeover: the object exists, but nothing says it is this resource's own. */
export class TakeoverRefused extends Error {
  override name = "TakeoverRefused";
  constructor(candidate: Candidate, why: string) {
    super(
      `${candidate.type}: ${candidate.object} already exists and is not taken over: ${why}. If it is this ` +
        "resource's object, set `adopt: true` on the resource and run `pulumi up` again to manage it; " +
        "otherwise give the resource another name (or delete that object).",
    );
  }
}

/** Whether to take over an existing object implicitly; throws TakeoverRefused when not. */
export function assertOwnInterruptedCreate(candidate: Candidate, now = Date.now()): void {
  if (!candidate.marked) {
    throw new TakeoverRefused(
      candidate,
      candidate.unmarked ?? "it does not carry this resource's ownership marker",
    );
  }
  const created = instant(candidate.createTime);
  const window = recoveryWindowMs();
  if (!Number.isFinite(created) || now - created > window) {
    const when = Number.isFinite(created) ? new Date(created).toISOString() : "at an unknown time";
    throw new TakeoverRefused(
      candidate,
      `it carries this resource's ownership marker but was created ${when}, outside the ` +
        `${Math.round(window / 3_600_000)}-hour recovery window of an interrupted create ` +
        `(${RECOVERY_WINDOW_ENV} sets the window in seconds)`,
    );
  }
}
