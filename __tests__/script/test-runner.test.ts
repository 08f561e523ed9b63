import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

// `npm test -- --json --outputFile=F` (script/test.mjs) runs jest once per project and merges the reports;
// .ci/run trusts its exit code and the merged report. Here a project of two phases, in a directory of its own.
const TEST_MJS = resolve('script', 'test.mjs')
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'doorflow-test-runner-'))
  mkdirSync(join(dir, 't'))
  writeFileSync(
    join(dir, 'jest.config.mjs'),
    `export default { projects: [
      { displayName: 'unit', testMatch: ['**/t/*.unit.mjs'], transform: {} },
      { displayName: 'e2e', testMatch: ['**/t/*.e2e.mjs'], transform: {} }
    ] }\n`
  )
  writeFileSync(join(dir, 't', 'b.e2e.mjs'), "it('passes', () => { expect(1).toBe(1) })\n")
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function npmTest(): { code: number | null; report: { success: boolean; numTotalTests: number }; err: string } {
  const file = join(dir, 'report.json')
  const run = spawnSync(process.execPath, [TEST_MJS, '--coverage=false', '--json', `--outputFile=${file}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 50_000
  })
  return { code: run.status, report: JSON.parse(readFileSync(file, 'utf8')), err: run.stderr }
}

it('fails, and its report says so, when a phase ends without its report (a unit test called process.exit(0))', () => {
  writeFileSync(join(dir, 't', 'a.unit.mjs'), "it('ends jest', () => { process.exit(0) })\n")
  const { code, report, err } = npmTest()
  expect(report.numTotalTests).toBe(1) // the end-to-end phase's test only
  expect(report.success).toBe(false)
  expect(code).toBe(1)
  expect(err).toContain('1 of the 2 jest runs ended without a report: the tests did not all run.')
})

it('passes with both phases reported', () => {
  writeFileSync(join(dir, 't', 'a.unit.mjs'), "it('passes', () => { expect(2).toBe(2) })\n")
  const { code, report } = npmTest()
  expect(report).toMatchObject({ success: true, numTotalTests: 2, numFailedTests: 0 })
  expect(code).toBe(0)
})
