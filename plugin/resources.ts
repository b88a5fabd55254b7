/**
 * The resource RPCs (Check, Diff, Create, Read, Update, Delete) mapped onto the generic lifecycle of
 * the spec the request's type names: the same specs and lifecycle the dynamic resources run, with a
 * log and a context bound to the request's resource.
 */
import {
  DECLARED,
  IDENTITY,
  LOGICAL_NAME,
  SECRET_INPUTS,
  ResourceLifecycle,
  classifyChanges,
} from "../provider/framework/lifecycle";
import type { Plain } from "../provider/framework/plain";
import { lifecycle } from "../provider/registry";
import { contextFor } from "./host";
import { providerProto, type providerPb } from "./proto";
import { specTypeOf } from "./tokens";
import {
  fromStruct,
  nameFromUrn,
  toStruct,
  typeFromUrn,
  unwrapSecrets,
  wrapSecrets,
  type Props,
} from "./values";

const WAIT_FIELD = "waitTimeoutSeconds";
const Kind = providerProto.PropertyDiff.Kind;

interface Target {
  lifecycle: ResourceLifecycle;
  urn: string;
}

/** The lifecycle of the request's type (from the request, else the URN), logging under its URN. */
export function target(request: { getUrn(): string; getType?(): string }): Target {
  const urn = request.getUrn();
  const token = request.getType?.() || typeFromUrn(urn);
  const specType = specTypeOf(token);
  if (!specType) throw new Error(`alicloud-media has no resource type ${token}`);
  const spec = lifecycle(specType).spec;
  return { lifecycle: new ResourceLifecycle(spec, () => contextFor(urn)), urn };
}

function secretList(...lists: string[][]): string[] {
  return [...new Set(lists.flat())].sort();
}

export async function check(request: providerPb.CheckRequest): Promise<providerPb.CheckResponse> {
  const { lifecycle: resource, urn } = target(request);
  const olds = unwrapSecrets(fromStruct(request.getOlds())).plain;
  const { plain: news, secretKeys } = unwrapSecrets(fromStruct(request.getNews()));
  // What the program-side classes send: the logical name (auto-naming's seed) and the identity
  // every derived value is a digest of. A resource moved here from a dynamic resource keeps its own.
  news[LOGICAL_NAME] = request.getName() || nameFromUrn(urn);
  news[IDENTITY] = typeof olds[IDENTITY] === "string" ? olds[IDENTITY] : `::${urn}`;
  if (secretKeys.length > 0) news[SECRET_INPUTS] = secretKeys;
  else delete news[SECRET_INPUTS];
  delete news.__provider;
  const { inputs, failures } = await resource.check(olds, news);
  const response = new providerProto.CheckResponse();
  response.setInputs(toStruct(wrapSecrets(plainProps(inputs), secretKeys)));
  response.setFailuresList(
    failures.map((failure) => {
      const item = new providerProto.CheckFailure();
      item.setProperty(failure.property);
      item.setReason(failure.reason);
      return item;
    }),
  );
  return response;
}

function plainProps(props: Props): Record<string, Plain> {
  return fromStruct(toStruct(props)) as Record<string, Plain>;
}

function propertyDiff(kind: number): providerPb.PropertyDiff {
  const diff = new providerProto.PropertyDiff();
  diff.setKind(kind);
  diff.setInputdiff(true);
  return diff;
}

export async function diff(request: providerPb.DiffRequest): Promise<providerPb.DiffResponse> {
  const { lifecycle: resource } = target(request);
  const state = unwrapSecrets(fromStruct(request.getOlds())).plain;
  const news = unwrapSecrets(fromStruct(request.getNews())).plain;
  const planned = await resource.diff(request.getId(), state, news);
  const { updates } = classifyChanges(resource.spec, state, news);
  const response = new providerProto.DiffResponse();
  const detailed = response.getDetaileddiffMap();
  for (const [keys, replacing] of [
    [planned.replaces, true],
    [updates, false],
  ] as const) {
    for (const key of keys) {
      const before = state[key] === undefined || state[key] === null;
      const after = news[key] === undefined || news[key] === null;
      const kind = before ? Kind.ADD : after ? Kind.DELETE : Kind.UPDATE;
      // ADD_REPLACE, DELETE_REPLACE and UPDATE_REPLACE follow their plain kinds.
      detailed.set(key, propertyDiff(replacing ? kind + 1 : kind));
    }
  }
  response.setHasdetaileddiff(true);
  response.setReplacesList(planned.replaces);
  response.setDiffsList([...planned.replaces, ...updates]);
  response.setDeletebeforereplace(planned.deleteBeforeReplace);
  response.setChanges(
    planned.changes
      ? providerProto.DiffResponse.DiffChanges.DIFF_SOME
      : providerProto.DiffResponse.DiffChanges.DIFF_NONE,
  );
  return response;
}

/**
 * The request's timeout (from `customTimeouts`) is the wait's deadline: it caps the resource's own
 * `waitTimeoutSeconds`, which every wait of its spec reads. The outputs keep what the program declared.
 */
function withDeadline(resource: ResourceLifecycle, inputs: Props, timeoutSeconds: number): Props {
  if (!(timeoutSeconds > 0) || !Object.hasOwn(resource.spec.schema.shape, WAIT_FIELD)) return inputs;
  const declared = typeof inputs[WAIT_FIELD] === "number" ? inputs[WAIT_FIELD] : Infinity;
  return { ...inputs, [WAIT_FIELD]: Math.max(1, Math.min(declared, Math.floor(timeoutSeconds))) };
}

function asDeclared(outs: Record<string, Plain>, inputs: Props): Record<string, Plain> {
  const result = { ...outs };
  if (inputs[WAIT_FIELD] === undefined) {
    delete result[WAIT_FIELD];
    if (Array.isArray(result[DECLARED]))
      result[DECLARED] = result[DECLARED].filter((key) => key !== WAIT_FIELD);
  } else result[WAIT_FIELD] = inputs[WAIT_FIELD] as Plain;
  return result;
}

/** Runs an apply; a partial-state error keeps the declared wait and gets its secrets wrapped later. */
async function apply<T>(inputs: Props, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error !== null && typeof error === "object" && "properties" in error && "id" in error) {
      const partial = error as { properties: Record<string, Plain> };
      partial.properties = asDeclared(plainProps(partial.properties), inputs);
    }
    throw error;
  }
}

export async function create(request: providerPb.CreateRequest): Promise<providerPb.CreateResponse> {
  const { lifecycle: resource } = target(request);
  const { plain: inputs, secretKeys } = unwrapSecrets(fromStruct(request.getProperties()));
  const response = new providerProto.CreateResponse();
  if (request.getPreview()) {
    response.setProperties(request.getProperties());
    return response;
  }
  const { id, outs } = await apply(inputs, () =>
    resource.create(withDeadline(resource, inputs, request.getTimeout())),
  );
  response.setId(id);
  response.setProperties(toStruct(wrapSecrets(asDeclared(outs, inputs), secretKeys)));
  return response;
}

export async function update(request: providerPb.UpdateRequest): Promise<providerPb.UpdateResponse> {
  const { lifecycle: resource } = target(request);
  const state = unwrapSecrets(fromStruct(request.getOlds()));
  const { plain: news, secretKeys } = unwrapSecrets(fromStruct(request.getNews()));
  const response = new providerProto.UpdateResponse();
  if (request.getPreview()) {
    response.setProperties(request.getNews());
    return response;
  }
  const { outs } = await apply(news, () =>
    resource.update(request.getId(), state.plain, withDeadline(resource, news, request.getTimeout())),
  );
  const secrets = secretList(secretKeys, state.secretKeys);
  response.setProperties(toStruct(wrapSecrets(asDeclared(outs, news), secrets)));
  return response;
}

/** A refresh hands the old outputs; `pulumi import` hands only the ID. */
export async function read(request: providerPb.ReadRequest): Promise<providerPb.ReadResponse> {
  const { lifecycle: resource } = target(request);
  const outputs = unwrapSecrets(fromStruct(request.getProperties()));
  const inputs = unwrapSecrets(fromStruct(request.getInputs()));
  const state = Object.keys(outputs.plain).length > 0 ? outputs.plain : inputs.plain;
  const secrets = secretList(outputs.secretKeys, inputs.secretKeys);
  const result = await resource.read(request.getId(), state);
  const response = new providerProto.ReadResponse();
  if (!("id" in result) || !result.id) return response; // gone: the engine drops it from the state
  response.setId(result.id);
  response.setProperties(toStruct(wrapSecrets(result.props, secrets)));
  response.setInputs(toStruct(wrapSecrets(result.inputs, secrets)));
  return response;
}

export async function remove(request: providerPb.DeleteRequest): Promise<void> {
  const { lifecycle: resource } = target(request);
  await resource.delete(request.getId(), unwrapSecrets(fromStruct(request.getProperties())).plain);
}

/** The names of the secret inputs a request carries, for wrapping a partial state's properties. */
export function secretKeysOf(struct: Parameters<typeof fromStruct>[0]): string[] {
  return unwrapSecrets(fromStruct(struct)).secretKeys;
}
