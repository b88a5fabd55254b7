/**
 * The gRPC and protobuf modules the plugin serves with, loaded from the same tree as the
 * `@pulumi/pulumi` whose generated protocol code it uses: a second copy of google-protobuf builds
 * `Struct` messages that generated code does not recognise.
 */
import path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as providerGrpcPb from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as engineGrpcPb from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as anyPb from "google-protobuf/google/protobuf/any_pb";

const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function fromPulumi<T>(request: string): T {
  return require(require.resolve(request, { paths: [PULUMI_DIR] })) as T;
}
const proto = <T>(name: string): T => fromPulumi<T>(path.join(PULUMI_DIR, "proto", `${name}.js`));

export const grpc = fromPulumi<typeof grpcTypes>("@grpc/grpc-js");
export const providerProto = proto<typeof providerPb>("provider_pb");
export const providerRpc = proto<typeof providerGrpcPb>("provider_grpc_pb");
export const pluginProto = proto<typeof pluginPb>("plugin_pb");
export const engineProto = proto<typeof enginePb>("engine_pb");
export const engineRpc = proto<typeof engineGrpcPb>("engine_grpc_pb");
export const statusProto = proto<typeof statusPb>("status_pb");
export const { Struct } = fromPulumi<typeof structPb>("google-protobuf/google/protobuf/struct_pb");
export const { Empty } = fromPulumi<typeof emptyPb>("google-protobuf/google/protobuf/empty_pb");
export const { Any } = fromPulumi<typeof anyPb>("google-protobuf/google/protobuf/any_pb");

export type Struct = structPb.Struct;
export type { providerPb };
