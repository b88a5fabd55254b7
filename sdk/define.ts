/**
 * What every program-side class shares, written once: the type token (module and type, from which
 * both the serialized provider's type string and the URN's type are made), the bookkeeping inputs
 * the provider reads (`__logicalName`, `__identity`, `__secretInputs`) and the seeding of output
 * properties. A class states only its definition, its documented Args and its declared outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { identityInputs } from "./identity";
import { secretInputs } from "./secrets";
import { thinProvider, typeModule } from "./thin-provider";

export interface ResourceDefinition<Outputs extends string = string> {
  module: "imm" | "ice";
  /** e.g. `Project`: the provider's type is `imm:Project`, the URN's `alicloud-media/imm:Project`. */
  type: string;
  /** Every output the class declares; seeded so they exist on the resource object (pulumi/pulumi#2931). */
  outputs: readonly Outputs[];
}

export function defineResource<const Outputs extends string>(
  definition: ResourceDefinition<Outputs>,
): ResourceDefinition<Outputs> {
  return definition;
}

/** The inputs registered for a resource: outputs seeded, the declared args, the bookkeeping keys. */
export function registeredInputs(
  definition: ResourceDefinition,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
): Record<string, unknown> {
  return {
    ...Object.fromEntries(definition.outputs.map((key) => [key, undefined])),
    ...args,
    ...identityInputs(definition.module, definition.type, name, opts),
    ...secretInputs(args),
  };
}

/** The base of every class: registers the resource with the thin serialized provider. */
export abstract class MediaResource extends pulumi.dynamic.Resource {
  constructor(
    definition: ResourceDefinition,
    name: string,
    args: object,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    super(
      thinProvider(`${definition.module}:${definition.type}`),
      name,
      registeredInputs(definition, name, args, opts),
      opts,
      typeModule(definition.module),
      definition.type,
    );
  }
}
