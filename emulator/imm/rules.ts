/** IMM's documented parameter rules (IMM API reference: CreateProject, CreateDataset), shared by the IMM handlers. */
import type { IntegerRules, Params, StringRules } from "../core/params";

export const NAME_RULES: StringRules = {
  minLength: 1,
  maxLength: 128,
  pattern: /^[A-Za-z_][A-Za-z0-9_-]*$/,
  patternRule: "must contain only letters, digits, - and _, and start with a letter or _",
};

export const DESCRIPTION_RULES: StringRules = { maxLength: 256 };

/** Quota parameters of projects and datasets: name, allowed range, default. */
export const DATASET_QUOTAS = {
  DatasetMaxBindCount: { rules: { min: 1, max: 10 }, fallback: 10 },
  DatasetMaxEntityCount: { rules: { min: 1 }, fallback: 10_000_000_000 },
  // 1 to 100,000,000 (CreateDataset page).
  DatasetMaxFileCount: { rules: { min: 1, max: 100_000_000 }, fallback: 100_000_000 },
  DatasetMaxRelationCount: { rules: { min: 1 }, fallback: 100_000_000_000 },
  DatasetMaxTotalFileSize: { rules: { min: 1 }, fallback: 90_000_000_000_000_000 },
} as const satisfies Record<string, { rules: IntegerRules; fallback: number }>;

export type DatasetQuotaName = keyof typeof DATASET_QUOTAS;

/** Reads the dataset quota parameters that were sent (validated), for create or partial update. */
export function datasetQuotas(params: Params): Partial<Record<DatasetQuotaName, number>> {
  const out: Partial<Record<DatasetQuotaName, number>> = {};
  for (const [name, { rules }] of Object.entries(DATASET_QUOTAS)) {
    const value = params.integer(name, rules);
    if (value !== undefined) out[name as DatasetQuotaName] = value;
  }
  return out;
}

export function defaultDatasetQuotas(): Record<DatasetQuotaName, number> {
  return Object.fromEntries(
    Object.entries(DATASET_QUOTAS).map(([name, { fallback }]) => [name, fallback]),
  ) as Record<DatasetQuotaName, number>;
}

/** `MaxResults` of the list operations: 0..200, 0 or unset meaning 100. */
export function pageSize(params: Params, max = 200): number {
  const value = params.integer("MaxResults", { min: 0, max });
  return value === undefined || value === 0 ? 100 : value;
}

/** Pages through rows already in key order; NextToken is the last key returned, base64-encoded. */
export function paginate<T>(
  rows: [string, T][],
  params: Params,
  max = 200,
): { page: T[]; nextToken?: string } {
  const size = pageSize(params, max);
  const token = params.string("NextToken");
  const after = token ? Buffer.from(token, "base64").toString("utf8") : undefined;
  const remaining = after === undefined ? rows : rows.filter(([key]) => key > after);
  const page = remaining.slice(0, size);
  const last = page[page.length - 1];
  return remaining.length > size && last
    ? { page: page.map(([, row]) => row), nextToken: Buffer.from(last[0]).toString("base64") }
    : { page: page.map(([, row]) => row) };
}
