/**
 * The emulator's whole world: named tables of records plus the queue of scheduled transitions (async
 * work). Tables are `Map`s, so a resource named `__proto__` or `constructor` is a row like any other.
 * With `--state-file` the world is saved after every request that changed it; writes go to a
 * temporary file renamed into place, so a crash never leaves a torn file, and a request whose change
 * cannot be saved is undone (`commit`), so memory and file never disagree.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";

export interface ScheduledEvent {
  /** Epoch ms at which the transition becomes due. */
  dueAt: number;
  kind: string;
  payload: Record<string, unknown>;
  seq: number;
}

/** The JSON form of the world: what the state file and `GET /__emulator/resources` hold. */
export interface StoreData {
  format: 1;
  seq: number;
  tables: Record<string, Record<string, unknown>>;
  scheduled: ScheduledEvent[];
}

/** Nesting the state file may have: records are built from parameters limited far below this. */
const MAX_FILE_DEPTH = 100;

const recordSchema = z.record(z.string(), z.unknown());
const stateFileSchema = z.strictObject({
  format: z.literal(1),
  seq: z.number().int().min(0),
  // Rows are checked one by one below: zod's record drops a `__proto__` key instead of checking it.
  tables: z.record(z.string(), z.unknown()),
  scheduled: z.array(
    z.strictObject({
      dueAt: z.number().finite(),
      kind: z.string().min(1),
      payload: recordSchema,
      seq: z.number().int().min(0),
    }),
  ),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Depth of a JSON value, without recursion (a hostile file must not overflow the stack). */
function depthExceeds(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Checks a parsed state file; returns the problems, each naming where it is. */
function problems(parsed: unknown): string[] {
  const result = stateFileSchema.safeParse(parsed);
  if (!result.success) return result.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`);
  if (depthExceeds(parsed, MAX_FILE_DEPTH)) return [`nested deeper than ${MAX_FILE_DEPTH} levels`];
  const found: string[] = [];
  const tables = (parsed as { tables: Record<string, unknown> }).tables;
  for (const [name, rows] of Object.entries(tables)) {
    if (!isRecord(rows)) {
      found.push(`tables.${name}: must be an object of records`);
      continue;
    }
    for (const [key, row] of Object.entries(rows)) {
      if (!isRecord(row)) found.push(`tables.${name}.${key}: must be an object`);
    }
  }
  return found;
}

/** A table of records keyed by string, in key order when listed. */
export class Table<T> {
  constructor(private readonly rows: Map<string, unknown>) {}

  get(key: string): T | undefined {
    return this.rows.get(key) as T | undefined;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  set(key: string, value: T): T {
    this.rows.set(key, value);
    return value;
  }

  delete(key: string): boolean {
    return this.rows.delete(key);
  }

  /** Entries in lexicographic key order (the order IMM lists in). */
  entries(): [string, T][] {
    return [...this.rows.keys()].sort().map((key) => [key, this.rows.get(key) as T]);
  }

  values(): T[] {
    return this.entries().map(([, value]) => value);
  }

  get size(): number {
    return this.rows.size;
  }
}

interface World {
  seq: number;
  tables: Map<string, Map<string, unknown>>;
  scheduled: ScheduledEvent[];
}

const emptyWorld = (): World => ({ seq: 0, tables: new Map(), scheduled: [] });

/** JSON text → world. Object.entries keeps `__proto__` rows: JSON.parse makes them own properties. */
function worldOf(data: StoreData): World {
  return {
    seq: data.seq,
    tables: new Map(Object.entries(data.tables).map(([name, rows]) => [name, new Map(Object.entries(rows))])),
    scheduled: data.scheduled,
  };
}

/** Object.fromEntries defines properties, so a `__proto__` key stays an ordinary own key. */
function dataOf(world: World): StoreData {
  const tables = Object.fromEntries(
    [...world.tables].map(([name, rows]) => [name, Object.fromEntries(rows)]),
  );
  return { format: 1, seq: world.seq, tables, scheduled: world.scheduled };
}

/** Reads and validates a state file; throws an Error naming the file and what is wrong with it. */
export function loadStateFile(file: string): StoreData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the state file ${file}: ${(error as Error).message}`);
  }
  const found = problems(parsed);
  if (found.length > 0) {
    throw new Error(
      `the state file ${file} is not an emulator state file (format 1): ${found.slice(0, 5).join("; ")}`,
    );
  }
  return parsed as StoreData;
}

export class Store {
  private world: World;
  /** The text last written to (or read from) the state file: what a failed save rolls back to. */
  private saved: string;

  /** Refuses (rather than silently replacing) a file it cannot read: it may hold someone's work. */
  constructor(private readonly file?: string) {
    this.world = file && existsSync(file) ? worldOf(loadStateFile(file)) : emptyWorld();
    this.saved = this.text();
  }

  /**
   * Writes the state file now (even unchanged), so an unwritable path is found at start-up rather
   * than by the first request. Throws an Error naming the path.
   */
  probe(): void {
    if (!this.file) return;
    try {
      this.write(this.saved);
    } catch (error) {
      throw new Error(`the state file ${this.file} is not writable: ${(error as Error).message}`);
    }
  }

  table<T>(name: string): Table<T> {
    let rows = this.world.tables.get(name);
    if (!rows) {
      rows = new Map();
      this.world.tables.set(name, rows);
    }
    return new Table<T>(rows);
  }

  nextSeq(): number {
    return ++this.world.seq;
  }

  schedule(dueAt: number, kind: string, payload: Record<string, unknown>): void {
    this.world.scheduled.push({ dueAt, kind, payload, seq: this.nextSeq() });
  }

  /** Removes and returns the events due at `now`, oldest first. */
  takeDue(now: number): ScheduledEvent[] {
    const due = this.world.scheduled.filter((event) => event.dueAt <= now);
    if (due.length === 0) return [];
    this.world.scheduled = this.world.scheduled.filter((event) => event.dueAt > now);
    return due.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
  }

  /** Drops pending events matching the predicate (e.g. a suspended batch's completion). */
  cancel(predicate: (event: ScheduledEvent) => boolean): void {
    this.world.scheduled = this.world.scheduled.filter((event) => !predicate(event));
  }

  pending(): readonly ScheduledEvent[] {
    return this.world.scheduled;
  }

  snapshot(): StoreData {
    return JSON.parse(this.text()) as StoreData;
  }

  reset(): void {
    this.world = emptyWorld();
  }

  /**
   * Saves what changed since the last save. When the file cannot be written, the change is undone
   * (memory goes back to what the file holds) and the error is thrown: the caller answers that the
   * request was not applied. Without a state file, every change simply stands.
   */
  commit(): void {
    if (!this.file) return;
    const text = this.text();
    if (text === this.saved) return;
    try {
      this.write(text);
      this.saved = text;
    } catch (error) {
      this.world = worldOf(JSON.parse(this.saved) as StoreData);
      throw error;
    }
  }

  /**
   * The last save, at shutdown; never throws. When the state file cannot be written, the state goes
   * to a file in the temporary directory instead, whose path is returned so it can be reported.
   */
  saveOnExit(): { file?: string; error?: string } {
    if (!this.file) return {};
    const text = this.text();
    try {
      if (text !== this.saved) this.write(text);
      return { file: this.file };
    } catch (error) {
      const fallback = join(tmpdir(), `alicloud-media-emulator-state-${process.pid}-${Date.now()}.json`);
      try {
        writeFileSync(fallback, text);
        return { file: fallback, error: (error as Error).message };
      } catch (second) {
        return { error: `${(error as Error).message}; ${(second as Error).message}` };
      }
    }
  }

  private text(): string {
    return JSON.stringify(dataOf(this.world));
  }

  private write(text: string): void {
    const file = this.file!;
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, text);
      renameSync(temporary, file);
    } catch (error) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // The directory itself is gone or unwritable: there is no temporary file to clean up.
      }
      throw error;
    }
  }
}
