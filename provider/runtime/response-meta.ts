/**
 * Captures HTTP response headers for calls made through @alicloud/openapi-client.
 *
 * openapi-client 0.4.x drops the headers of error responses (it throws with only the parsed body), but
 * the retry policy must honour `x-acs-retry-after`. Node's built-in diagnostics channels publish every
 * outgoing request and its response; the request is created synchronously inside the caller's async
 * context, so an AsyncLocalStorage slot set around the call ties the response back to it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import diagnosticsChannel from "node:diagnostics_channel";
import type { ClientRequest, IncomingMessage } from "node:http";

export interface ResponseMeta {
  statusCode?: number;
  headers?: IncomingMessage["headers"];
}

const slot = new AsyncLocalStorage<ResponseMeta>();
const pending = new WeakMap<ClientRequest, ResponseMeta>();
let subscribed = false;

function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  diagnosticsChannel.subscribe("http.client.request.start", (message) => {
    const meta = slot.getStore();
    if (meta) pending.set((message as { request: ClientRequest }).request, meta);
  });
  diagnosticsChannel.subscribe("http.client.response.finish", (message) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const meta = pending.get(request);
    if (!meta) return;
    meta.statusCode = response.statusCode;
    meta.headers = response.headers;
  });
}

/** Runs `fn`, recording the headers of the HTTP response it receives into the returned meta object. */
export async function withResponseMeta<T>(fn: () => Promise<T>, meta: ResponseMeta = {}): Promise<T> {
  subscribe();
  return slot.run(meta, fn);
}

/** `x-acs-retry-after` is in milliseconds (as openapi-core reads it); anything else is ignored. */
export function retryAfterMs(meta: ResponseMeta): number | undefined {
  const raw = meta.headers?.["x-acs-retry-after"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const ms = Number(value);
  return ms > 0 ? ms : undefined;
}
