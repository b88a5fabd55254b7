/**
 * Reading a request off the wire within the emulator's limits: the body is counted as it arrives
 * and never buffered past MAX_REQUEST_BYTES, and parameters land in null-prototype objects so that a
 * parameter named `__proto__` or `constructor` is an ordinary key.
 */
import type { IncomingMessage } from "node:http";
import type { ParsedUrlQuery } from "node:querystring";
import { MAX_REQUEST_BYTES } from "./limits";

export type Flat = Record<string, string>;

/** The last value of each repeated key, in an object without a prototype. */
export function flatten(parsed: ParsedUrlQuery): Flat {
  const out: Flat = Object.create(null) as Flat;
  for (const [key, value] of Object.entries(parsed)) {
    if (value === undefined) continue;
    out[key] = Array.isArray(value) ? (value[value.length - 1] ?? "") : value;
  }
  return out;
}

/** Merges parameter sets (later wins) without a prototype, as `flatten` does. */
export function merge(...sets: Flat[]): Flat {
  return Object.assign(Object.create(null) as Flat, ...sets);
}

/** The body, or "too large" as soon as the declared length or the bytes received pass the cap. */
export function readBody(request: IncomingMessage): Promise<Buffer | "too large"> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > MAX_REQUEST_BYTES) return Promise.resolve("too large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_REQUEST_BYTES) {
        request.off("data", onData);
        chunks.length = 0;
        resolve("too large");
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}
