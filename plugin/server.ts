/**
 * The plugin's gRPC ResourceProvider service. Our own server rather than `@pulumi/pulumi/provider`'s,
 * which never configures the provider, returns no detailed diff and hides the request's timeout,
 * preview flag and secrets: here each RPC maps onto the lifecycle (resources.ts) with all of them.
 */
import type { handleUnaryCall, ServerWritableStream } from "@grpc/grpc-js";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { resourceTypes, lifecycle } from "../provider/registry";
import { grpcError } from "./errors";
import { configure, connectEngine, packageVersion, stopWaits, tracked } from "./host";
import { Empty, grpc, pluginProto, providerProto, providerRpc, type providerPb } from "./proto";
import * as resources from "./resources";
import { packageSchema } from "./schema";
import { PACKAGE } from "./tokens";
import { fromStruct, unwrapSecrets } from "./values";

/** A unary handler from an async function; a failure becomes the engine's error (partial state kept). */
function unary<Req, Res>(
  run: (request: Req) => Promise<Res>,
  secretKeys: (request: Req) => string[] = () => [],
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    tracked(() => run(call.request)).then(
      (response) => callback(null, response),
      (error: unknown) => {
        const failure = grpcError(
          error,
          safely(() => secretKeys(call.request)),
        );
        callback(failure, null, failure.metadata);
      },
    );
  };
}

function safely(keys: () => string[]): string[] {
  try {
    return keys();
  } catch {
    return [];
  }
}

function unimplemented<Req, Res>(name: string): handleUnaryCall<Req, Res> {
  return (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by ${PACKAGE}` });
}

/** Config keys arrive as `alicloud-media:config:region` (older engines) or `alicloud-media:region`. */
function configSource(variables: Map<string, string>) {
  return {
    get(key: string): string | undefined {
      const [namespace, name] = key.split(":");
      return variables.get(`${namespace}:config:${name}`) ?? variables.get(key);
    },
  };
}

let schemaText: string | undefined;
function schema(): string {
  schemaText ??= JSON.stringify(
    packageSchema(
      resourceTypes().map((type) => lifecycle(type).spec),
      packageVersion(),
    ),
  );
  return schemaText;
}

function diffConfig(request: providerPb.DiffRequest): providerPb.DiffResponse {
  const strip = (props: Record<string, unknown>) => {
    const { version: _version, ...rest } = unwrapSecrets(props).plain;
    return JSON.stringify(Object.entries(rest).sort());
  };
  const response = new providerProto.DiffResponse();
  const same = strip(fromStruct(request.getOlds())) === strip(fromStruct(request.getNews()));
  response.setChanges(
    same
      ? providerProto.DiffResponse.DiffChanges.DIFF_NONE
      : providerProto.DiffResponse.DiffChanges.DIFF_SOME,
  );
  return response;
}

export function providerService(): IResourceProviderServer {
  return {
    handshake: unary(async (request: providerPb.ProviderHandshakeRequest) => {
      connectEngine(request.getEngineAddress());
      const response = new providerProto.ProviderHandshakeResponse();
      response.setAcceptSecrets(true);
      return response;
    }),
    getPluginInfo: unary(async () => new pluginProto.PluginInfo().setVersion(packageVersion())),
    getSchema: unary(async (request: providerPb.GetSchemaRequest) => {
      if (request.getSubpackageName())
        throw new Error(`${PACKAGE} has no sub-package ${request.getSubpackageName()}`);
      return new providerProto.GetSchemaResponse().setSchema(schema());
    }),
    checkConfig: unary(async (request: providerPb.CheckRequest) =>
      new providerProto.CheckResponse().setInputs(request.getNews()),
    ),
    diffConfig: unary(async (request: providerPb.DiffRequest) => diffConfig(request)),
    configure: unary(async (request: providerPb.ConfigureRequest) => {
      const variables = new Map(request.getVariablesMap().getEntryList());
      configure(configSource(variables));
      const response = new providerProto.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setSupportspreview(true);
      return response;
    }),
    check: unary(resources.check),
    diff: unary(resources.diff),
    create: unary(resources.create, (request) => resources.secretKeysOf(request.getProperties())),
    read: unary(resources.read),
    update: unary(resources.update, (request) => resources.secretKeysOf(request.getNews())),
    delete: unary(async (request: providerPb.DeleteRequest) => {
      await resources.remove(request);
      return new Empty();
    }),
    cancel: unary(async () => {
      stopWaits("Cancel");
      return new Empty();
    }),
    getMapping: unary(async () => new providerProto.GetMappingResponse()),
    getMappings: unary(async () => new providerProto.GetMappingsResponse()),
    parameterize: unimplemented("Parameterize"),
    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    attach: unimplemented("Attach"),
    list: (call: ServerWritableStream<providerPb.ListRequest, providerPb.ListResponse>) =>
      call.emit("error", {
        code: grpc.status.UNIMPLEMENTED,
        details: `List is not implemented by ${PACKAGE}`,
      }),
  };
}

/** Serves on a loopback port and resolves with it. */
export function serve(): Promise<number> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(providerRpc.ResourceProviderService, providerService());
  return new Promise((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
}
