/**
 * The one pagination of the emulator's list operations, in the two modes the APIs use:
 * - `key`: rows already in key order; NextToken is the last key returned, base64-encoded, so a page
 *   stays right when rows before it are added or deleted (ListProjects, ListDatasets, ListBindings,
 *   SimpleQuery);
 * - `offset`: rows in a requested sort order; NextToken is the position of the next row,
 *   base64-encoded (ListBatches, ListTasks, QueryStories);
 * - `numbered`: ICE's search operations, `PageNo` (from 1) and `PageSize`, no token
 *   (SearchEditingProject).
 * `MaxResults` and `NextToken` are read and validated when the pager is made, so a handler makes it
 * where the parameter's error belongs among its other checks, and pages once the rows are known.
 * A page answers `next`: `{NextToken}` when more rows follow, else `{}`, to spread into the answer.
 */
import { invalidParameter } from "./errors";
import type { Params } from "./params";

export interface Page<T> {
  items: T[];
  next: { NextToken?: string };
}

export interface PageSize {
  /** Smallest MaxResults accepted; 0 (the default) means "unset", as an absent MaxResults. */
  min?: 0 | 1;
  /** Largest MaxResults accepted (200 unless the operation documents less). */
  max?: number;
}

/** Rows per page when MaxResults is absent or 0. */
const DEFAULT_PAGE_SIZE = 100;

const encode = (text: string) => Buffer.from(text).toString("base64");
const decode = (token: string) => Buffer.from(token, "base64").toString("utf8");
const nextOf = (token: string | undefined) => (token === undefined ? {} : { NextToken: token });

function pageSize(params: Params, { min = 0, max = 200 }: PageSize): number {
  const value = params.integer("MaxResults", { min, max });
  return value === undefined || value === 0 ? DEFAULT_PAGE_SIZE : value;
}

export interface KeyPager {
  readonly size: number;
  page<T>(rows: readonly (readonly [string, T])[]): Page<T>;
}

export function keyPager(params: Params, limits: PageSize = {}): KeyPager {
  const size = pageSize(params, limits);
  const token = params.string("NextToken");
  const after = token ? decode(token) : undefined;
  return {
    size,
    page(rows) {
      const remaining = after === undefined ? rows : rows.filter(([key]) => key > after);
      const page = remaining.slice(0, size);
      const last = page[page.length - 1];
      return {
        items: page.map(([, row]) => row),
        next: nextOf(remaining.length > size && last ? encode(last[0]) : undefined),
      };
    },
  };
}

export interface OffsetPager {
  readonly size: number;
  page<T>(rows: readonly T[]): Page<T>;
}

export function offsetPager(params: Params, limits: PageSize = {}): OffsetPager {
  const size = pageSize(params, limits);
  const token = params.string("NextToken");
  const offset = token ? Number(decode(token)) : 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw invalidParameter(params.style, "NextToken", "is not a token this API returned");
  }
  return {
    size,
    page(rows) {
      const end = offset + size;
      return {
        items: rows.slice(offset, end),
        next: nextOf(end < rows.length ? encode(String(end)) : undefined),
      };
    },
  };
}

export interface NumberedPager {
  readonly size: number;
  page<T>(rows: readonly T[]): T[];
}

export function numberedPager(params: Params, { max = 100, fallback = 10 } = {}): NumberedPager {
  const pageNo = params.integer("PageNo", { min: 1 }) ?? 1;
  const size = params.integer("PageSize", { min: 1, max }) ?? fallback;
  return { size, page: (rows) => rows.slice((pageNo - 1) * size, pageNo * size) };
}
