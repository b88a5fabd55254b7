/**
 * A process-wide registry of secret strings (access key secrets, STS tokens) so that any text leaving
 * the provider (error messages, logs) can be scrubbed, whatever path the secret took to get there.
 */
const secrets = new Set<string>();

/** Secrets shorter than this are not registered: scrubbing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 6;

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  return out;
}
