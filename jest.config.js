/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/tests/setup-env.ts"],
  transform: {
    // Type checking happens in `npm run build`/`npm run typecheck`; the test transform only strips types.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  testTimeout: 60000,
  // Engine tests spawn the dynamic-provider host; keep workers modest on 2-core machines.
  maxWorkers: 2,
};
