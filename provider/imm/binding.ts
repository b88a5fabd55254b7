/**
 * imm.Binding (IMM CreateBinding / GetBinding / DeleteBinding): binds an OSS bucket to a dataset so
 * its files get indexed. Create waits until the binding is scanning (State Running), reporting
 * progress; a binding that fails or does not start in time is recorded as partial state, so the next
 * `pulumi up` waits again instead of creating a second one.
 *
 * There is no UpdateBinding, so every input of the API replaces the binding.
 * What each field does on change: docs/resources/imm-binding.md, generated from `fields` below.
 * The ID is `<projectName>/<datasetName>/<uri>`.
 */
import { z } from "zod";
import { imm } from "../operations";
import type { Binding } from "../operations/models";
import {
  PartialCreateError,
  type Observed,
  type ResourceContext,
  type ResourceSpec,
} from "../framework/spec";
import { afterIdKnown, unlessNotFound } from "../framework/kit";
import { waitFor, WaitFailedError, WaitTimeoutError } from "../runtime/waiter";
import { immName, STACK_TAG } from "./fields";
import { projectMarkers } from "./project";
import { createOrTakeOver } from "./takeover";

export const DEFAULT_BINDING_WAIT_SECONDS = 300;

/** States a binding does not leave by itself: the next `pulumi up` binds again. */
const BROKEN_STATES = new Set(["Failed", "Stopped"]);

export const bindingSchema = z.object({
  projectName: immName,
  datasetName: immName,
  uri: z
    .string()
    .regex(
      /^oss:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\/?$/,
      "must be oss://<bucket> (a bucket, no object path)",
    ),
  waitTimeoutSeconds: z.number().int().min(0).max(86_400).optional(),
  adopt: z.boolean().optional(),
});
export type BindingInputs = z.infer<typeof bindingSchema>;
export type BindingOutputs = ReturnType<typeof observe>["outputs"];

const bucketUri = (uri: string) => uri.replace(/\/$/, "");

export function bindingId(projectName: string, datasetName: string, uri: string): string {
  return `${projectName}/${datasetName}/${bucketUri(uri)}`;
}

export function parseBindingId(id: string) {
  const match = /^([^/]+)\/([^/]+)\/(oss:\/\/.+)$/.exec(id);
  if (!match) throw new Error(`not a binding ID (expected <project>/<dataset>/oss://<bucket>): ${id}`);
  return { projectName: match[1]!, datasetName: match[2]!, uri: match[3]! };
}

function observe(binding: Binding) {
  return {
    id: bindingId(binding.ProjectName, binding.DatasetName, binding.URI),
    outputs: {
      projectName: binding.ProjectName,
      datasetName: binding.DatasetName,
      uri: bucketUri(binding.URI),
      state: binding.State,
      phase: binding.Phase ?? "",
      reason: binding.Reason ?? "",
      createTime: binding.CreateTime ?? "",
      updateTime: binding.UpdateTime ?? "",
    },
  };
}

async function get(ctx: ResourceContext, projectName: string, datasetName: string, uri: string) {
  const key = { ProjectName: projectName, DatasetName: datasetName, URI: uri };
  return (await unlessNotFound(ctx.clients.imm.call(imm.GetBinding, key)))?.Binding;
}

/** Waits until the binding scans; failures and time-outs leave the (existing) binding recorded. */
async function awaitScanning(
  ctx: ResourceContext,
  inputs: BindingInputs,
  initial: Binding,
): Promise<Observed> {
  const { projectName, datasetName } = inputs;
  const uri = bucketUri(inputs.uri);
  const what = `binding of ${uri} to dataset ${projectName}/${datasetName}`;
  let last = initial;
  try {
    const binding = await waitFor({
      what,
      poll: async () => {
        const current = await get(ctx, projectName, datasetName, uri);
        if (!current) throw new Error(`${what} disappeared while waiting for it to start scanning`);
        last = current;
        return current;
      },
      describe: (b) => `${b.State}${b.Phase ? `/${b.Phase}` : ""}${b.Reason ? ` (${b.Reason})` : ""}`,
      isDone: (b) => b.State === "Running",
      failure: (b) =>
        BROKEN_STATES.has(b.State) ? `state ${b.State}: ${b.Reason || "no reason given"}` : undefined,
      timeoutMs: (inputs.waitTimeoutSeconds ?? DEFAULT_BINDING_WAIT_SECONDS) * 1000,
      onProgress: (b, elapsed) => ctx.log.info(`${what}: ${b.State} after ${Math.round(elapsed / 1000)}s`),
    });
    return observe(binding);
  } catch (error) {
    // The binding exists (CreateBinding answered): whatever ends the wait, its key reaches the state.
    if (error instanceof WaitFailedError || error instanceof WaitTimeoutError) {
      throw new PartialCreateError(error.message, observe(last));
    }
    throw afterIdKnown(error, observe(last), what);
  }
}

export const bindingSpec: ResourceSpec<BindingInputs> = {
  type: "imm:Binding",
  schema: bindingSchema,
  // The binding's identity is its key; a replacement with the same key must go after the old one.
  deleteBeforeReplace: true,
  fields: {
    projectName: { mode: "replace" },
    datasetName: { mode: "replace" },
    uri: { mode: "replace", normalize: (v) => (typeof v === "string" ? bucketUri(v) : v) },
    waitTimeoutSeconds: { mode: "ignore" },
    adopt: { mode: "ignore" },
  },

  // A binding has no tags or name of its own: it is the stack's when its dataset's project carries
  // the stack's marker (STACK_TAG, written by every imm.Project of the stack). Taken over only then,
  // and only when created within the recovery window (an interrupted create of this stack).
  async create(ctx, inputs, meta) {
    const uri = bucketUri(inputs.uri);
    return createOrTakeOver(
      ctx,
      bindingSpec,
      inputs,
      async () => {
        const response = await ctx.clients.imm.call(imm.CreateBinding, {
          ProjectName: inputs.projectName,
          DatasetName: inputs.datasetName,
          URI: uri,
        });
        return awaitScanning(ctx, inputs, response.Binding);
      },
      async () => {
        const binding = await get(ctx, inputs.projectName, inputs.datasetName, uri);
        if (!binding) return undefined;
        const markers = await projectMarkers(ctx, inputs.projectName);
        return {
          observed: observe(binding),
          candidate: {
            type: "imm:Binding",
            object: `binding ${bindingId(inputs.projectName, inputs.datasetName, uri)}`,
            marked: markers?.[STACK_TAG] === meta.stackOwner,
            unmarked: `project ${inputs.projectName} was not created by this stack (it lacks the stack's marker tag)`,
            createTime: binding.CreateTime,
          },
        };
      },
    );
  },

  async read(ctx, id) {
    const { projectName, datasetName, uri } = parseBindingId(id);
    const binding = await get(ctx, projectName, datasetName, uri);
    return binding && observe(binding);
  },

  // Nothing updates in place; the engine calls update after a partial create. Finish the wait, or,
  // when the recorded binding failed, stopped or vanished, bind again under the same key: the
  // declaration says it should scan, and its identity (the key) does not change.
  async update(ctx, id, _state, inputs) {
    const { projectName, datasetName, uri } = parseBindingId(id);
    const binding = await get(ctx, projectName, datasetName, uri);
    if (binding && !BROKEN_STATES.has(binding.State)) {
      return binding.State === "Running" ? observe(binding) : awaitScanning(ctx, inputs, binding);
    }
    ctx.log.info(
      `binding ${id} is ${binding ? binding.State : "gone"}${binding?.Reason ? ` (${binding.Reason})` : ""}; binding again`,
    );
    const key = { ProjectName: projectName, DatasetName: datasetName, URI: uri };
    if (binding) await ctx.clients.imm.call(imm.DeleteBinding, key);
    const response = await ctx.clients.imm.call(imm.CreateBinding, key);
    return awaitScanning(ctx, inputs, response.Binding);
  },

  async delete(ctx, id) {
    const { projectName, datasetName, uri } = parseBindingId(id);
    await ctx.clients.imm.call(imm.DeleteBinding, {
      ProjectName: projectName,
      DatasetName: datasetName,
      URI: uri,
    });
  },

  async findExisting(ctx, inputs) {
    const binding = await get(ctx, inputs.projectName, inputs.datasetName, bucketUri(inputs.uri));
    return binding && observe(binding);
  },
};
