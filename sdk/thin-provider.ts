/**
 * The serialized provider stored in every resource's state (`__provider`). It is deliberately
 * thin: each method only `require`s this package's `./provider` subpath by package name (resolved in
 * the provider host from the user's project) and delegates. It captures nothing but the type string:
 * no client, no schema, no credentials. So it stays small, contains no secrets, and is byte-identical
 * across releases, meaning an upgrade causes no `~__provider` diffs and `destroy`/`refresh` of old
 * state run the installed code.
 *
 * Do not edit the method bodies lightly: their text is part of every existing stack's state.
 */
import type * as pulumi from "@pulumi/pulumi";

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/** `t` is the resource type (e.g. `imm:Project`); the short name is deliberate, see below. */
export function thinProvider(t: string): pulumi.dynamic.ResourceProvider {
  const cached = providers.get(t);
  if (cached) return cached;
  // One forwarding closure shared by every method, with short names: every character here is
  // repeated in each resource's state. Pulumi wraps each serialized function in ~190 bytes of
  // scaffolding, so seven methods put the floor near 2 KB (2,048 bytes for imm:Project).
  const f = (m: string, a: unknown[]) => require("pulumi-alicloud-media/provider").dispatch(t, m, a);
  const p: pulumi.dynamic.ResourceProvider = {
    configure: (...a) => f("configure", a),
    check: (...a) => f("check", a),
    diff: (...a) => f("diff", a),
    create: (...a) => f("create", a),
    read: (...a) => f("read", a),
    update: (...a) => f("update", a),
    delete: (...a) => f("delete", a),
  };
  providers.set(t, p);
  return p;
}

/** `pulumi-nodejs:dynamic/alicloud-media/<module>:<Type>`: part of every URN, frozen once released. */
export function typeModule(module: "imm" | "ice"): string {
  return `alicloud-media/${module}`;
}
