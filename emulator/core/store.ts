/**
 * The emulator's whole world as one JSON document: named tables of records plus the queue of
 * scheduled transitions (async work). Being plain JSON is what makes `--state-file` persistence and
 * `GET /__emulator/resources` trivial; writes go to a temporary file and are renamed into place so a
 * crash never leaves a torn file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface ScheduledEvent {
  /** Epoch ms at which the transition becomes due. */
  dueAt: number;
  kind: string;
  payload: Record<string, unknown>;
  seq: number;
}

export interface StoreData {
  format: 1;
  seq: number;
  tables: Record<string, Record<string, unknown>>;
  scheduled: ScheduledEvent[];
}

function emptyData(): StoreData {
  return { format: 1, seq: 0, tables: {}, scheduled: [] };
}

/** A table of records keyed by string, in key order when listed. */
export class Table<T> {
  constructor(private readonly rows: Record<string, unknown>) {}

  get(key: string): T | undefined {
    return this.rows[key] as T | undefined;
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.rows, key);
  }

  set(key: string, value: T): T {
    this.rows[key] = value;
    return value;
  }

  delete(key: string): boolean {
    const had = this.has(key);
    delete this.rows[key];
    return had;
  }

  /** Entries in lexicographic key order (the order IMM lists in). */
  entries(): [string, T][] {
    return Object.keys(this.rows)
      .sort()
      .map((key) => [key, this.rows[key] as T]);
  }

  values(): T[] {
    return this.entries().map(([, value]) => value);
  }

  get size(): number {
    return Object.keys(this.rows).length;
  }
}

export class Store {
  private data: StoreData;

  constructor(private readonly file?: string) {
    this.data = file && existsSync(file) ? Store.load(file) : emptyData();
  }

  /** Refuses (rather than silently replacing) a file it cannot read: it may hold someone's work. */
  private static load(file: string): StoreData {
    let parsed: StoreData;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8")) as StoreData;
    } catch (error) {
      throw new Error(`cannot read the state file ${file}: ${(error as Error).message}`);
    }
    if (parsed?.format !== 1 || typeof parsed.tables !== "object" || !Array.isArray(parsed.scheduled)) {
      throw new Error(`the state file ${file} is not an emulator state file (format 1)`);
    }
    return parsed;
  }

  table<T>(name: string): Table<T> {
    this.data.tables[name] ??= {};
    return new Table<T>(this.data.tables[name]);
  }

  nextSeq(): number {
    return ++this.data.seq;
  }

  schedule(dueAt: number, kind: string, payload: Record<string, unknown>): void {
    this.data.scheduled.push({ dueAt, kind, payload, seq: this.nextSeq() });
  }

  /** Removes and returns the events due at `now`, oldest first. */
  takeDue(now: number): ScheduledEvent[] {
    const due = this.data.scheduled.filter((event) => event.dueAt <= now);
    if (due.length === 0) return [];
    this.data.scheduled = this.data.scheduled.filter((event) => event.dueAt > now);
    return due.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
  }

  /** Drops pending events matching the predicate (e.g. a suspended batch's completion). */
  cancel(predicate: (event: ScheduledEvent) => boolean): void {
    this.data.scheduled = this.data.scheduled.filter((event) => !predicate(event));
  }

  pending(): readonly ScheduledEvent[] {
    return this.data.scheduled;
  }

  snapshot(): StoreData {
    return JSON.parse(JSON.stringify(this.data)) as StoreData;
  }

  reset(): void {
    this.data = emptyData();
  }

  persist(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data));
    renameSync(temporary, this.file);
  }
}
