/**
 * The Jest configuration StrykerJS runs (stryker.config.mjs): the test files of one mutation area
 * (mutation/areas.cjs, chosen by MUTATION_AREA), in one process. Stryker learns which tests cover
 * which mutant from a test environment that must share its process, and Jest moves tests to worker
 * processes whenever `workerIdleMemoryLimit` is set, so that setting is left out here.
 */
const base = require("./jest.config.js");
const areas = require("./mutation/areas.cjs");

const areaName = process.env.MUTATION_AREA ?? "";
const area = areas[areaName];
if (!area) {
  throw new Error(
    `MUTATION_AREA must name one of ${Object.keys(areas).join(", ")} (got "${areaName}"); run \`npm run mutation\``,
  );
}

const { workerIdleMemoryLimit: _inWorkersOnly, ...inProcess } = base;

/** @type {import('jest').Config} */
module.exports = { ...inProcess, testMatch: area.tests };
