import * as pulumi from "@pulumi/pulumi";
import { defineResource } from "../define";
import { IngestionResource, INGESTION_OUTPUTS, type IngestionArgs } from "./ingestion";

export type { BatchAction, BatchInputOss } from "./ingestion";

export interface BatchArgs extends IngestionArgs {
  /** Wait until the batch has Succeeded (a Failed batch fails the apply). Never causes a diff. */
  waitForCompletion?: pulumi.Input<boolean>;
  /** Take over an existing batch with this client token, or else with the same input and actions. */
  adopt?: pulumi.Input<boolean>;
}

export const BATCH = defineResource({
  module: "imm",
  type: "Batch",
  outputs: ["batchId", "batchState", ...INGESTION_OUTPUTS],
});

/**
 * An IMM batch: actions run over OSS objects. ID: `<project>/<batchId>`. Left out, the client token
 * is derived from the identity by the provider.
 */
export class Batch extends IngestionResource {
  declare readonly batchId: pulumi.Output<string>;
  /** IMM's own State: Ready / Running / Suspended / Succeeded / Failed. */
  declare readonly batchState: pulumi.Output<string>;

  constructor(name: string, args: BatchArgs, opts?: pulumi.CustomResourceOptions) {
    super(BATCH, name, args, opts);
  }
}
