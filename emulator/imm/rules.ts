/**
 * IMM's documented parameter rules (IMM API reference: CreateProject, CreateDataset), shared by the IMM
 * handlers.
 */
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
