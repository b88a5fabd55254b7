/**
 * The gRPC and protobuf modules the harness talks to the host with, loaded from the SAME tree as the
 * `@pulumi/pulumi` that runs the host (reference §5 B.5 #8): a second copy of google-protobuf would
 * build `Struct`/`Any` messages the host's generated code does not recognise, and a second grpc-js
 * would not accept the generated client's credentials.
 */
import path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as providerGrpcPb from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import { REPO_ROOT } from "./user-project";

/** Directory of the @pulumi/pulumi package installed in this repo. */
export const PULUMI_DIR = path.dirname(
  require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }),
);

/** The dynamic-provider host entry point, the file the CLI's `pulumi-resource-pulumi-nodejs` shim runs (§2). */
export const HOST_SCRIPT = path.join(PULUMI_DIR, "cmd", "dynamic-provider", "index.js");

function fromPulumi<T>(request: string): T {
  return require(require.resolve(request, { paths: [PULUMI_DIR] })) as T;
}

export const grpc = fromPulumi<typeof grpcTypes>("@grpc/grpc-js");
export const providerProto = fromPulumi<typeof providerPb>(path.join(PULUMI_DIR, "proto", "provider_pb.js"));
export const providerRpc = fromPulumi<typeof providerGrpcPb>(
  path.join(PULUMI_DIR, "proto", "provider_grpc_pb.js"),
);
export const statusProto = fromPulumi<typeof statusPb>(path.join(PULUMI_DIR, "proto", "status_pb.js"));
export const { Struct } = fromPulumi<typeof structPb>("google-protobuf/google/protobuf/struct_pb");
export const { Empty } = fromPulumi<typeof emptyPb>("google-protobuf/google/protobuf/empty_pb");

export type Struct = structPb.Struct;
export type ServiceError = grpcTypes.ServiceError;
export type Metadata = grpcTypes.Metadata;
