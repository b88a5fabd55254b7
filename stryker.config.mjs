// @ts-check
/**
 * StrykerJS over one mutation area (mutation/areas.cjs, chosen by MUTATION_AREA); `npm run mutation`
 * (scripts/mutation.sh) runs every area under Node 24 (Stryker needs Node 22+) and then writes
 * mutation/REPORT.md. Static mutants (module-level initialisers) are not run: each would run every
 * test of the area; the report counts them. Incremental: a re-run tests only the mutants whose code
 * or covering tests changed (mutation/incremental/<area>.json, committed).
 */
import { createRequire } from "node:module";

const areas = createRequire(import.meta.url)("./mutation/areas.cjs");
const areaName = process.env.MUTATION_AREA ?? "";
const area = areas[areaName];
if (!area) throw new Error(`MUTATION_AREA must name one of ${Object.keys(areas).join(", ")}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  jest: { projectType: "custom", configFile: "jest.mutation.config.js", enableFindRelatedTests: false },
  mutate: area.mutate,
  coverageAnalysis: "perTest",
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `mutation/incremental/${areaName}.json`,
  // The incremental file is Stryker's full JSON report too: scripts/mutation-report.ts reads it.
  reporters: ["progress", "clear-text"],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  concurrency: 2,
  // A runner keeps every test file's modules it ever loaded (4.5 GB after ~300 mutants): renew it.
  maxTestRunnerReuse: 100,
  timeoutMS: 10000,
  tempDirName: ".stryker-tmp",
  ignorePatterns: [
    "dist",
    "build",
    "mutation/incremental",
    "mutation/results",
    ".stryker-tmp",
    "node_modules/.cache",
  ],
  thresholds: { high: 90, low: 85, break: null },
};
