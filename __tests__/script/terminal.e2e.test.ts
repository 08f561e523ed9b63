/**
 * The terminal commands as a person runs them from their own configuration repository: real
 * processes started by `npm --prefix <this clone> run …` in a directory outside the clone, against
 * the fake DoorFlow over a socket. npm runs the script in the clone and passes the directory it was
 * run in as INIT_CWD (script/terminal.ts), so relative paths are read from there; absolute paths
 * are taken too. Each flag's meaning is tested in-process in plan.test.ts; here, that the command
 * line reaches it.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { ROOT } from '../../__fixtures__/run-action.js'
import { fakeEachTest } from '../helpers/each-test.js'

const fake = fakeEachTest(() =>
  FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: PEOPLE_READ_SCOPES },
    people: {
      people: [
        fakePerson(5, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] }),
        fakePerson(6, { system_id: 'EMP-2', first_name: 'Alan', last_name: 'Turing', groups: [1] }),
        fakePerson(7, { system_id: null, first_name: 'Grace', last_name: 'Hopper', groups: [1] })
      ]
    }
  })
)

/** The person's configuration repository: a directory outside the clone. */
let repo: string
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'door-config-'))
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

/** `npm --prefix ROOT run --silent NAME -- ARGS` run in `cwd`, as the docs say to run it; its exit status and output. */
function npmRun(
  cwd: string,
  name: 'plan' | 'export',
  args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['--prefix', ROOT, 'run', '--silent', name, '--', ...args], {
    cwd,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      DOORFLOW_TOKEN: FAKE_TOKEN,
      DOORFLOW_BASE_URL: fake().url
    }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

const reads = () => fake().requests.filter(r => r.method === 'GET').length
const writes = () => fake().requests.filter(r => r.method !== 'GET')

it('exports into, and plans, relative paths of the directory it is run in, not of the clone', async () => {
  const exported = await npmRun(repo, 'export', ['--out', 'access', '--split', 'none'])
  expect(exported.code).toBe(0)
  expect(exported.stdout).toBe('access/roster.yaml\n')
  expect(readFileSync(join(repo, 'access', 'roster.yaml'), 'utf8')).toContain('  - id: EMP-1\n')
  expect(existsSync(join(ROOT, 'access'))).toBe(false)
  // The next step, said as this command was run: from outside the clone, with --prefix.
  expect(exported.stderr).toContain(`Next: npm --prefix `)
  expect(exported.stderr).toContain(` run plan -- --roster access (it should plan no change but adoptions).`)

  const planned = await npmRun(repo, 'plan', ['--roster', 'access', '--detailed-exitcode'])
  expect(planned.stderr).toBe('')
  // Grace had no system_id: the export adopts her by doorflow_id, the one change.
  expect(planned.stdout.split('\n').slice(0, 3)).toEqual([
    'Plan: 1 adoption; 2 unchanged.',
    '  manages DF-*, EMP-* (2 people in DoorFlow)',
    '  ~ Grace Hopper (DF-7) is adopted (DoorFlow person 7, matched by doorflow_id, gets system_id DF-7)'
  ])
  expect(planned.code).toBe(2)
  expect(writes()).toEqual([])
})

it('takes absolute paths, and every option that changes a plan', async () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'door-elsewhere-'))
  try {
    const out = join(elsewhere, 'exported')
    const exported = await npmRun(repo, 'export', ['--out', out, '--split', 'none'])
    expect(exported.code).toBe(0)
    expect(exported.stdout).toBe(`${join(out, 'roster.yaml')}\n`)

    const roster = join(elsewhere, 'roster.yaml')
    writeFileSync(
      roster,
      'version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Night Shift]}\n'
    )
    const planned = await npmRun(repo, 'plan', [
      '--roster',
      roster,
      '--prune',
      'delete',
      '--max-removals',
      '0',
      '--unmanaged',
      'fail',
      '--drift'
    ])
    const lines = planned.stdout.split('\n')
    expect(lines.slice(0, 4)).toEqual([
      'Plan: 1 update, 1 removal (delete); 0 unchanged.', // --prune delete
      '  manages EMP-* (2 people in DoorFlow)',
      '  - Ada Lovelace (EMP-1) was given Loading Dock and lost Night Shift in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would take Loading Dock away and give Night Shift (drift: changed in DoorFlow, not in this commit)',
      '  - Alan Turing (EMP-2) is in DoorFlow, with Engineering, but in no roster file (added there by hand, or never applied); the apply would delete them (drift: changed in DoorFlow, not in this commit)' // --drift
    ])
    expect(lines[4]).toMatch(/^The apply would be refused: .* more than max-removals \(0, /) // --max-removals 0
    expect(planned.stderr).toMatch(/^--unmanaged is fail, and 1 person in DoorFlow has door access/) // --unmanaged fail
    expect(planned.code).toBe(1)
    expect(writes()).toEqual([])
  } finally {
    rmSync(elsewhere, { recursive: true, force: true })
  }
})

it('caps an error line as the action does: a problem in a roster 2,600 characters deep is one line of at most 2,000 characters', async () => {
  // Problem messages quote at most a few short values (a list of manages patterns reads "and N more"),
  // so the long line here is the location: ten directories of 250 characters, absolute.
  let dir = join(repo, 'access')
  for (let i = 0; i < 10; i++) dir = join(dir, String.fromCharCode(97 + i).repeat(250))
  mkdirSync(dir, { recursive: true })
  const roster = join(dir, 'roster.yaml')
  writeFileSync(
    roster,
    `version: 1\nmanages: ['EMP-*']\npeople:\n  - {id: X-1, first_name: Ada, last_name: Lovelace, groups: []}\n`
  )
  const run = await npmRun(repo, 'plan', ['--roster', roster])
  expect(run.code).toBe(1)
  expect(run.stdout).toBe('')
  const [line, last, ...rest] = run.stderr.split('\n')
  expect(rest).toEqual([''])
  expect(last).toBe('The roster has 1 problem; nothing was read from DoorFlow.')
  expect(line.startsWith(roster.slice(0, 200))).toBe(true)
  // The location is capped and says how long it was; the message follows whole.
  const [, length] = /… \((\d+) characters\):4:10: id 'X-1' is outside manages \('EMP-\*'\)/.exec(line)!
  expect(Number(length)).toBeGreaterThan(2500)
  expect(line.length).toBeLessThanOrEqual(2000)
  expect(reads()).toBe(0)
})

it('--detailed-exitcode=true is a usage error: exit 1 with a usage line, never 2 (changes)', async () => {
  writeFileSync(
    join(repo, 'roster.yaml'),
    'version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Night Shift]}\n'
  )
  const run = await npmRun(repo, 'plan', ['--roster', 'roster.yaml', '--detailed-exitcode=true'])
  expect(run.code).toBe(1)
  expect(run.stdout).toBe('')
  const lines = run.stderr.split('\n')
  expect(lines[0]).toBe(
    "--detailed-exitcode takes no value (got '--detailed-exitcode=true'): give --detailed-exitcode alone for 0 no changes, 2 changes, 1 error."
  )
  expect(lines).toContain('Usage: DOORFLOW_TOKEN=… npm run plan -- --roster FILE_OR_DIR [options]')
  expect(fake().requests).toEqual([])
})
