/**
 * The mutation-testing areas (`npm run mutation [area ...]`): what each mutates and which test files
 * try to kill its mutants. Stryker's Jest runner selects a mutant's tests by name but loads every
 * listed file for each mutant (about 0.13 s a file on the 2-core CI machine), so each area lists only
 * the suites that exercise it: with all 43 unit and integration files, one run took hours.
 * Read by stryker.config.mjs and jest.mutation.config.js; the engine, program and CLI layers run the
 * built dist/, which mutants do not reach.
 */
const unit = (...names) => names.map((name) => `<rootDir>/tests/unit/${name}.test.ts`);
const integration = (...names) => names.map((name) => `<rootDir>/tests/integration/${name}.test.ts`);
const emulator = (...names) => names.map((name) => `<rootDir>/tests/emulator/${name}.test.ts`);

module.exports = {
  runtime: {
    mutate: ["provider/runtime/**/*.ts"],
    tests: [
      ...unit(
        "async-retry",
        "backoff",
        "clients",
        "rate-limit",
        "redact",
        "settings",
        "waiter",
        "runtime-errors",
        "runtime-explain",
        "runtime-credentials",
        "runtime-client",
        "runtime-timing",
      ),
      ...integration("client-transport", "credential-errors", "endpoint-errors", "partial-create"),
    ],
  },
  framework: {
    mutate: ["provider/framework/**/*.ts"],
    tests: [
      ...unit(
        "lifecycle-check",
        "lifecycle-diff",
        "resource-kit",
        "secret-check",
        "check-limits",
        "editing-project-json",
        "batch-diff",
        "ice-templates",
      ),
      // The integration suites are left out here: every test of theirs runs through the lifecycle,
      // so each framework mutant would run all of them (hours on 2 cores); unit suites cover it.
      ...unit("identity", "lifecycle-apply", "lifecycle-autoname", "framework-helpers", "framework-edges"),
    ],
  },
  "emulator-core": {
    mutate: ["emulator/core/signature.ts", "emulator/core/params.ts"],
    tests: [
      ...emulator("auth", "third-party-client", "params", "signature-rules"),
      ...integration("client-transport"),
    ],
  },
};
