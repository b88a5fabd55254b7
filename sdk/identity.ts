/**
 * The one identity every program-side class sends to the provider (`__identity`): the Pulumi
 * organization, then the resource's URN, which holds the project, the stack, the type token and the
 * parent chain. The provider derives from it everything that must be the same on every run of this
 * resource and differ for any other (default names, ObjectIds, client tokens, ownership tags), so two
 * stacks of one program in different organizations or backends, or two resources of one name under
 * different parents, never take each other's objects for their own.
 *
 * Why the URN is computed here: the resource's own `urn` output resolves only after registration, so
 * it cannot be an input of that same registration. `pulumi.createUrn(name, type, parent)` is the
 * function the SDK itself uses to name aliases: it builds the URN from the parent's URN (which the
 * SDK awaits anyway before registering a child) exactly as the engine does, leaving out the root
 * stack resource. Its output carries the parent as a dependency, though: a dependency on a component
 * expands to every other child of that component, so siblings built this way would wait for each
 * other. The value is therefore passed through a plain promise, which keeps it and drops the
 * dependency.
 */
import * as pulumi from "@pulumi/pulumi";
import { typeModule } from "./thin-provider";

/** The input key; the provider reads it (provider/framework/identity.ts). */
export const IDENTITY_KEY = "__identity";

export function resourceIdentity(
  typeToken: string,
  name: string,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Output<string> {
  const urn = pulumi.createUrn(name, typeToken, opts?.parent);
  const organization = organizationOrNone();
  const value = new Promise<string>((resolve) => {
    urn.apply((text) => {
      resolve(`${organization}::${text}`);
      return text;
    });
  });
  return pulumi.output(value);
}

/**
 * `pulumi.getOrganization()` throws when the engine did not say (CLIs before organizations were passed
 * to programs): the identity then holds none, and the URN still tells stacks and parents apart.
 */
function organizationOrNone(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "";
  }
}

/** The bookkeeping inputs every class adds to its arguments: logical name and identity. */
export function identityInputs(
  module: "imm" | "ice",
  type: string,
  name: string,
  opts: pulumi.CustomResourceOptions | undefined,
): Record<string, unknown> {
  refuseImportOption(`${module}:${type}`, name, opts);
  const typeToken = `pulumi-nodejs:dynamic/${typeModule(module)}:${type}`;
  return { __logicalName: name, [IDENTITY_KEY]: resourceIdentity(typeToken, name, opts) };
}

/**
 * The `import` resource option cannot work with dynamic providers: the engine reads the object
 * without the serialized provider, and the host fails with "code must be a string, not undefined"
 * (pulumi/pulumi#16175; seen under the real CLI, tests/cli/import.test.ts). Said here, in words that
 * lead to what works, before anything is registered.
 */
function refuseImportOption(
  type: string,
  name: string,
  opts: pulumi.CustomResourceOptions | undefined,
): void {
  if (opts?.import === undefined) return;
  throw new Error(
    `${type} "${name}": the \`import\` resource option cannot be used with pulumi-alicloud-media ` +
      `(Pulumi dynamic providers cannot import: pulumi/pulumi#16175). Remove \`import: ` +
      `${JSON.stringify(opts.import)}\` and set \`adopt: true\` in the arguments instead: the next ` +
      "`pulumi up` takes the existing object over by its name and converges it to the declared arguments.",
  );
}
