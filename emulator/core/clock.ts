/** Identifiers and timestamps in the shapes the real services use (as in their example answers). */
import { randomUUID } from "node:crypto";

/** Upper-case UUID, like `7F7D235C-76FF-4B65-800C-8238AE3F0A1B`. */
export function requestId(): string {
  return randomUUID().toUpperCase();
}

export function uuid(): string {
  return randomUUID();
}

/** RFC 3339 with nanoseconds and a +08:00 offset, as IMM returns (`2021-06-29T14:50:13.011643661+08:00`). */
export function immTime(epochMs: number): string {
  const shifted = new Date(epochMs + 8 * 3600_000).toISOString(); // 2021-06-29T06:50:13.011Z
  return `${shifted.slice(0, 23)}000000+08:00`;
}

/** Second-precision UTC, as batches and ICE report (`2020-11-10T03:50:28Z`). */
export function utcSeconds(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}
