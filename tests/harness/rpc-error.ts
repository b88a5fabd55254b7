/**
 * Errors coming back from the host, decoded the way the engine decodes them.
 *
 * The host turns every exception into gRPC status UNKNOWN with the message as details (reference §1
 * "Errors and partial state", §5 B.3). From create and update, an exception carrying an `id` is also
 * packed as `google.rpc.Status{details: [Any(pulumirpc.ErrorResourceInitFailed)]}` in the
 * `grpc-status-details-bin` trailer: "the object exists but a later step failed". The engine reads
 * that trailer to record the object with init errors instead of forgetting it (`grpcResponseFromError`
 * in cmd/dynamic-provider/index.js).
 */
import { providerProto, statusProto, type ServiceError } from "./pulumi-modules";

export type Props = Record<string, unknown>;

/** The decoded ErrorResourceInitFailed payload. */
export interface PartialState {
  id: string;
  properties: Props;
  reasons: string[];
  /** Set by some providers; the Node dynamic host never sets it. */
  inputs?: Props;
}

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

export class ProviderRpcError extends Error {
  constructor(
    /** The RPC method that failed, e.g. "Create". */
    readonly rpc: string,
    /** gRPC status code: 2 UNKNOWN for provider exceptions, 12 UNIMPLEMENTED, 14 UNAVAILABLE after a crash. */
    readonly code: number,
    /** The status message, i.e. the provider's `err.message`. */
    readonly details: string,
    /** Present when the provider reported "created but failed to initialise". */
    readonly partial?: PartialState,
  ) {
    super(`${rpc} failed (gRPC ${code}): ${details}`);
    this.name = "ProviderRpcError";
  }
}

/** Decodes `grpc-status-details-bin`, or returns undefined when there is no init-failure detail. */
export function decodePartialState(err: ServiceError): PartialState | undefined {
  const raw = err.metadata?.get("grpc-status-details-bin") ?? [];
  for (const value of raw) {
    const bytes = typeof value === "string" ? Buffer.from(value, "base64") : value;
    const status = statusProto.Status.deserializeBinary(new Uint8Array(bytes));
    for (const any of status.getDetailsList()) {
      if (any.getTypeName() !== INIT_FAILED_TYPE) continue;
      const detail = any.unpack(providerProto.ErrorResourceInitFailed.deserializeBinary, INIT_FAILED_TYPE);
      if (!detail) continue;
      const inputs = detail.getInputs()?.toJavaScript() as Props | undefined;
      return {
        id: detail.getId(),
        properties: (detail.getProperties()?.toJavaScript() ?? {}) as Props,
        reasons: detail.getReasonsList(),
        ...(inputs && Object.keys(inputs).length > 0 ? { inputs } : {}),
      };
    }
  }
  return undefined;
}

export function toProviderRpcError(rpc: string, err: ServiceError): ProviderRpcError {
  return new ProviderRpcError(rpc, err.code, err.details ?? err.message, decodePartialState(err));
}
