import { availableParallelism } from 'node:os'

const E2E = '\\.e2e\\.test\\.ts$'

/** What both projects share: ts-jest over ESM TypeScript. */
const typescript = {
  testEnvironment: 'node',
  // What src/ prints through @actions/core in a test's own process is dropped, in both projects:
  // `npm test` shows jest's lines only (the bundle's runs print into pipes their tests read).
  setupFiles: ['<rootDir>/__tests__/helpers/quiet-runner.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  }
}

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...typescript,
      displayName: 'unit',
      testMatch: ['**/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: [E2E]
    },
    {
      ...typescript,
      displayName: 'e2e',
      testMatch: ['**/__tests__/**/*.e2e.test.ts'],
      // Runs only when an end-to-end suite is selected: they spawn `node dist/index.js`.
      globalSetup: '<rootDir>/__tests__/helpers/fresh-bundle.mjs'
    }
  ],
  // Coverage of src/ as the tests that import it exercise it (unit tests, and the terminal
  // commands run in-process by their own suites), written to
  // coverage/coverage-final.json; the entry file only calls run(). `npm test` (script/test.mjs)
  // adds what the end-to-end runs of dist/ cover, prints one table per src/ file and holds a full
  // run to the gate (90 % of the lines of src/, unit and end-to-end together).
  collectCoverage: true,
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts'],
  coverageReporters: ['json'],
  // End-to-end suites spawn `node dist/index.js` and wait real seconds for retry windows.
  testTimeout: 60000,
  // Jest's default is one worker fewer than the cores: on a 2-core machine one, so every suite ran
  // in turn and the run took ten minutes for under three of CPU. The end-to-end suites spend most
  // of their time waiting (retry windows, polls, a second between writes to GitHub: 135 s of CPU in
  // ~1,040 s for the slowest 15), so two workers a core keep both cores busy while they wait; their
  // wall-clock bounds hold at that (four workers on 2 cores, passing under a load of 6 to 9).
  // A number, not '200%': jest reads a percentage above 100 as that many workers (200).
  // `npm test` (script/test.mjs) runs the CPU-bound unit project in band before this project.
  maxWorkers: 2 * availableParallelism()
}
