/**
 * A process-wide registry of secret strings (access key secrets, STS tokens, from any credential
 * source) so that any text leaving the provider (error messages, logs) can be scrubbed, whatever path
 * the secret took to get there.
 */
const secrets = new Set<string>();
/** Short secrets, matched only as whole tokens (see below). */
const shortSecrets = new Set<string>();

/**
 * At this length and above a secret is scrubbed wherever it appears. A shorter one (a test key, a
 * mistyped one) is still registered, but scrubbed only where it stands alone between characters
 * that cannot belong to a key, so that "abc" as a secret does not mangle every word containing it.
 */
const SUBSTRING_MIN_LENGTH = 6;
const KEY_CHAR = "[A-Za-z0-9+/=_.-]";

export function registerSecret(value: string | undefined): void {
  if (!value) return;
  if (value.length >= SUBSTRING_MIN_LENGTH) secrets.add(value);
  else shortSecrets.add(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether a value was registered as a secret (so a check failure must not echo it). */
export function isRegisteredSecret(value: string): boolean {
  return secrets.has(value) || shortSecrets.has(value);
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join("[redacted]");
  }
  for (const secret of shortSecrets) {
    const whole = new RegExp(`(?<!${KEY_CHAR})${escapeRegExp(secret)}(?!${KEY_CHAR})`, "g");
    out = out.replace(whole, "[redacted]");
  }
  return out;
}
