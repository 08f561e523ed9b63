const E2E = '\\.e2e\\.test\\.ts$'

/**
 * Whether this run picks some tests only (`npm test -- __tests__/x.test.ts`, `-t name`, a
 * project): such a run still reports coverage, but only a full run is held to the gate.
 */
const partial = process.argv
  .slice(2)
  .some(
    arg =>
      !arg.startsWith('-') || /^(-t|--testNamePattern|--selectProjects|-o|--onlyChanged|--findRelatedTests)\b/.test(arg)
  )

/** What both projects share: ts-jest over ESM TypeScript. */
const typescript = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  }
}

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...typescript, displayName: 'unit', testMatch: ['**/__tests__/**/*.test.ts'], testPathIgnorePatterns: [E2E] },
    {
      ...typescript,
      displayName: 'e2e',
      testMatch: ['**/__tests__/**/*.e2e.test.ts'],
      // Runs only when an end-to-end suite is selected: they spawn `node dist/index.js`.
      globalSetup: '<rootDir>/__tests__/helpers/fresh-bundle.mjs'
    }
  ],
  // Coverage of src/ as the unit and in-process suites exercise it (the e2e suites run the bundle,
  // which is not measured); the entry file only calls run().
  collectCoverage: true,
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts'],
  coverageReporters: ['text-summary'],
  // The gate: a full run fails below 90 % of the lines of src/ (95 % when it was set).
  coverageThreshold: partial ? undefined : { global: { lines: 90 } },
  // End-to-end suites spawn `node dist/index.js` and wait real seconds for retry windows.
  testTimeout: 60000
}
