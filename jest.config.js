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
  // A worker's memory grows with every test file it runs (~2 GB after half the suite); freeing that
  // at the end took longer than Jest's 500 ms exit window ("A worker process has failed to exit
  // gracefully", with no open handle to find). Workers above this size are replaced between files.
  workerIdleMemoryLimit: "512MB",
};
