/**
 * Errors as the engine reads them. A failure after the object exists (the lifecycle's partial-state
 * error: `{ message, id, properties, reasons }`) travels as `ErrorResourceInitFailed` in the gRPC
 * status details, so the engine records the object with its ID instead of forgetting it.
 */
import type { StatusObject } from "@grpc/grpc-js";
import type { Plain } from "../provider/framework/plain";
import { redact } from "../provider/runtime/redact";
import { Any, grpc, providerProto, statusProto } from "./proto";
import { toStruct, wrapSecrets } from "./values";

export interface PartialState {
  message: string;
  id: string;
  properties: Record<string, Plain>;
  reasons?: string[];
}

export function isPartialState(error: unknown): error is PartialState {
  if (error === null || typeof error !== "object") return false;
  const candidate = error as Record<string, unknown>;
  return typeof candidate.id === "string" && candidate.id !== "" && typeof candidate.properties === "object";
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (
    error !== null &&
    typeof error === "object" &&
    typeof (error as { message?: unknown }).message === "string"
  )
    return (error as { message: string }).message;
  return String(error);
}

export type GrpcError = Partial<StatusObject>;

/** The gRPC error for a failed call; secrets that reached a message are scrubbed. */
export function grpcError(error: unknown, secretKeys: readonly string[] = []): GrpcError {
  const message = redact(messageOf(error));
  if (!isPartialState(error)) return { code: grpc.status.UNKNOWN, details: message };
  const detail = new providerProto.ErrorResourceInitFailed();
  detail.setId(error.id);
  detail.setProperties(toStruct(wrapSecrets(error.properties, secretKeys)));
  detail.setReasonsList((error.reasons ?? [message]).map(redact));
  const any = new Any();
  any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
  const status = new statusProto.Status();
  status.setCode(grpc.status.UNKNOWN);
  status.setMessage(message);
  status.addDetails(any);
  const metadata = new grpc.Metadata();
  metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}
