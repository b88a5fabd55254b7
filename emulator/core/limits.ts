/**
 * The emulator's input limits. A shared dev service must not be stalled or corrupted by one
 * request: bodies are capped before they are buffered, and JSON parameters are bounded in size and
 * nesting before they are parsed, so no later serialisation of the state can overflow the stack.
 * The figures are documented in docs/emulator.md.
 */

/** Largest request body (form or JSON) accepted; larger ones get 413 before being read. */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
/** Largest JSON-encoded parameter (e.g. `Tags`, `Input`, `Timeline`), in UTF-8 bytes. */
export const MAX_JSON_BYTES = 512 * 1024;
/** Deepest nesting of objects and arrays inside a JSON parameter (`{"a":[1]}` is 2). */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a JSON text breaks a limit, or undefined. Scans the text (no recursion, no parse), so a
 * hostile value costs one linear pass whatever its depth.
 */
export function jsonLimitViolation(text: string): string | undefined {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_JSON_BYTES) {
    return `must be at most ${MAX_JSON_BYTES} bytes of JSON (the emulator's limit; got ${bytes})`;
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) {
        return `must nest objects and arrays at most ${MAX_JSON_DEPTH} levels deep (the emulator's limit)`;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
}

/**
 * The path of the first number JSON cannot carry (`1e400` parses to Infinity, which would be saved
 * as null), or undefined. Iterative: depth is already bounded, but the walk need not rely on it.
 */
export function nonFiniteNumberPath(root: unknown, name: string): string | undefined {
  const stack: [unknown, string][] = [[root, name]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === "number" && !Number.isFinite(value)) return path;
    if (Array.isArray(value)) value.forEach((item, index) => stack.push([item, `${path}[${index}]`]));
    else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) stack.push([item, `${path}.${key}`]);
    }
  }
  return undefined;
}
