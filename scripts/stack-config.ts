/**
 * Reads a Pulumi project's name and a stack's config from `Pulumi.yaml` / `Pulumi.<stack>.yaml`, so the
 * offline runner deploys with exactly the config `pulumi up` would use. Only what these files hold is
 * understood (a top-level `config:` map of scalars); anything else is an error rather than a guess,
 * so a value can never be silently misread.
 */
import fs from "node:fs";
import path from "node:path";

export type StackConfig = Record<string, string>;

function unquote(raw: string, where: string): string {
  const value = raw.trim();
  if (value.startsWith('"')) return JSON.parse(value) as string;
  if (value.startsWith("'")) {
    if (!value.endsWith("'") || value.length < 2) throw new Error(`${where}: unterminated quoted value`);
    return value.slice(1, -1).replace(/''/g, "'");
  }
  if (value === "" || /^[[{|>&*!]/.test(value)) {
    throw new Error(`${where}: only scalar values are supported here, got ${JSON.stringify(value)}`);
  }
  return value;
}

function withoutComment(line: string): string {
  // A `#` starts a comment at the beginning of a line or after whitespace, outside quotes.
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1] ?? ""))) return line.slice(0, i);
  }
  return line;
}

/** The `config:` map of a stack file, keys as written (`namespace:key`), values as strings. */
export function readStackConfig(file: string): StackConfig {
  const config: StackConfig = {};
  let inConfig = false;
  fs.readFileSync(file, "utf8")
    .split(/\r?\n/)
    .forEach((rawLine, index) => {
      const where = `${path.basename(file)}:${index + 1}`;
      const line = withoutComment(rawLine).trimEnd();
      if (line.trim() === "") return;
      if (!/^\s/.test(line)) {
        inConfig = line === "config:";
        if (!inConfig && !/^[\w-]+:/.test(line))
          throw new Error(`${where}: cannot read ${JSON.stringify(line)}`);
        return;
      }
      if (!inConfig) return;
      const match = /^ {2}([\w.-]+:[\w.-]+):(.*)$/.exec(line);
      if (!match?.[1])
        throw new Error(`${where}: expected "  namespace:key: value", got ${JSON.stringify(line)}`);
      config[match[1]] = unquote(match[2] ?? "", `${where} (${match[1]})`);
    });
  return config;
}

/** The `name:` of a Pulumi.yaml. */
export function readProjectName(file: string): string {
  const match = /^name:\s*(.+)$/m.exec(fs.readFileSync(file, "utf8"));
  if (!match?.[1]) throw new Error(`${file} has no name`);
  return unquote(withoutComment(match[1]), `${path.basename(file)} (name)`);
}

/** The same config with both endpoints pointed at `url` (an emulator on another port than the file says). */
export function withEndpoints(config: StackConfig, url: string): StackConfig {
  return { ...config, "alicloud-media:immEndpoint": url, "alicloud-media:iceEndpoint": url };
}
