/**
 * The Jest configuration StrykerJS runs (stryker.config.json): the unit and integration layers of
 * jest.config.js, in one process. Stryker learns which tests cover which mutant from a test
 * environment that must share its process; Jest moves tests to worker processes whenever
 * `workerIdleMemoryLimit` is set, so that setting is left out here.
 */
const base = require("./jest.config.js");

const { workerIdleMemoryLimit: _inWorkersOnly, ...inProcess } = base;

/** @type {import('jest').Config} */
module.exports = {
  ...inProcess,
  roots: ["<rootDir>/tests/unit", "<rootDir>/tests/integration"],
};
