import * as pulumi from "@pulumi/pulumi";
import { defineResource } from "../define";
import { IngestionResource, INGESTION_OUTPUTS, type IngestionArgs } from "./ingestion";

export interface TriggerArgs extends IngestionArgs {
  /** Take over an existing trigger carrying this client token. */
  adopt?: pulumi.Input<boolean>;
}

export const TRIGGER = defineResource({
  module: "imm",
  type: "Trigger",
  outputs: ["triggerId", "triggerState", ...INGESTION_OUTPUTS],
});

/**
 * An IMM trigger: actions run on new OSS objects as they arrive. ID: `<project>/<triggerId>`.
 * Left out, the client token is derived from the identity by the provider.
 */
export class Trigger extends IngestionResource {
  declare readonly triggerId: pulumi.Output<string>;
  /** IMM's own State: Ready / Running / Suspended / Failed. */
  declare readonly triggerState: pulumi.Output<string>;

  constructor(name: string, args: TriggerArgs, opts?: pulumi.CustomResourceOptions) {
    super(TRIGGER, name, args, opts);
  }
}
