const E2E = '\\.e2e\\.test\\.ts$'

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
  // End-to-end suites spawn `node dist/index.js` and wait real seconds for retry windows.
  testTimeout: 60000
}
