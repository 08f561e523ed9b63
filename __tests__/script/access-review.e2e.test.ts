/**
 * `npm run access-review` as a person runs it from their own configuration repository: a real
 * process started by `npm --prefix <this clone> run access-review` in a directory outside the clone
 * (a git checkout of the roster with its history), against the fake DoorFlow and the fake GitHub
 * over sockets. npm passes the directory it was run in as INIT_CWD (script/terminal.ts), so --roster,
 * --out and --cache are read from there. Each flag's meaning is tested in-process in
 * access-review.test.ts; here, that the command line reaches it and the exit status and lines are
 * what a shell sees.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { FakeGitHub, GITHUB_READONLY_TOKEN, REPOSITORY, REVIEWER } from '../../__fixtures__/fake-github.js'
import { ROOT } from '../../__fixtures__/run-action.js'
import { admits, roster, rosterRepository } from '../helpers/review-history.js'

const NOW = Date.now()
const DAY = 86_400_000
let doorflow: FakeDoorFlow
let github: FakeGitHub
/** The person's configuration repository: a directory outside the clone, with the roster's history. */
let repo: string

beforeEach(async () => {
  doorflow = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [...PEOPLE_READ_SCOPES, 'account.event.access.readonly'] },
    people: {
      people: [
        fakePerson(5, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] }),
        fakePerson(7, { system_id: null, first_name: 'Walk', last_name: 'In', groups: [3] })
      ]
    }
  })
  github = await FakeGitHub.start()
  repo = mkdtempSync(join(tmpdir(), 'door-config-'))
  const { commit } = rosterRepository(repo, github)
  commit(roster(['{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}']), NOW - 30 * DAY, 21)
})
afterEach(async () => {
  rmSync(repo, { recursive: true, force: true })
  await doorflow.close()
  await github.close()
})

/** `npm --prefix ROOT run --silent access-review -- ARGS` run in `cwd`, as the docs say to run it. */
function npmRun(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['--prefix', ROOT, 'run', '--silent', 'access-review', '--', ...args], {
    cwd,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      DOORFLOW_TOKEN: FAKE_TOKEN,
      DOORFLOW_BASE_URL: doorflow.url,
      GITHUB_TOKEN: GITHUB_READONLY_TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: REPOSITORY
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

const FILES = ['access-review.csv', 'leavers.csv', 'access-review.json', 'access-review.md']

it('writes the review where the person said, relative to the directory it was run in, not the clone', async () => {
  doorflow.script('GET /api/3/events', { body: admits([[5, NOW - DAY]]) })
  const run = await npmRun(repo, ['--roster', 'roster.yaml', '--out', 'review', '--cache', 'pulls.json'])
  expect(run.code).toBe(0)
  // stdout: the files' paths, one a line, in the directory it was run in; nothing in the clone.
  expect(run.stdout.split('\n')).toEqual([...FILES.map(f => join(repo, 'review', f)), ''])
  for (const file of FILES) expect(existsSync(join(ROOT, 'review', file))).toBe(false)
  expect(existsSync(join(ROOT, 'pulls.json'))).toBe(false)
  // The grant traced through the history to its pull request and approver, over the fake GitHub.
  const csv = readFileSync(join(repo, 'review', 'access-review.csv'), 'utf8')
  expect(csv).toMatch(new RegExp(`"EMP-1",.*"21",.*"${REVIEWER.login}"`))
  expect(Object.values(JSON.parse(readFileSync(join(repo, 'pulls.json'), 'utf8')) as unknown[])).toEqual([
    expect.objectContaining({ number: 21, approvers: [REVIEWER.login] })
  ])
  // stderr: one line of counts; Walk In is in the group and in no roster, and did not open a door.
  // Two GitHub requests: the commit's pull request and its reviews in one GraphQL query, and the approver's permission.
  expect(run.stderr).toMatch(
    /^Reviewed 5 groups, 2 people, 2 grants \(1 unmanaged, 1 unused\); 0 leavers \(0 flagged\)\. Events read for the whole window; \d+ DoorFlow and 2 GitHub requests, \d+ ms\. Nothing was written to DoorFlow\.\n$/
  )
  expect(doorflow.requests.filter(r => r.method !== 'GET')).toEqual([])
  expect(`${run.stdout}${run.stderr}`).not.toContain(FAKE_TOKEN)
  expect(`${run.stdout}${run.stderr}`).not.toContain(GITHUB_READONLY_TOKEN)
})

it("caps DoorFlow's error as one line of at most 2,000 characters, exit 1, and writes no file", async () => {
  const said = `forbidden\n::error::planted ${'x'.repeat(5000)}`
  doorflow.script('GET /api/3/people', { status: 403, body: { error: 'forbidden', error_description: said } })
  const run = await npmRun(repo, ['--roster', 'roster.yaml', '--out', 'review'])
  expect(run.code).toBe(1)
  expect(run.stdout).toBe('')
  // One line: the newline DoorFlow sent is flattened, so nothing it says starts a line of its own.
  const [line, ...rest] = run.stderr.split('\n')
  expect(rest).toEqual([''])
  expect(line).toMatch(
    /^Reading people failed: HTTP 403 \(forbidden: forbidden ::error::planted x+.*No review was written\.$/
  )
  expect(line.length).toBeLessThanOrEqual(2000)
  expect(run.stderr).toContain('planted xxx')
  expect(run.stderr).not.toContain('x'.repeat(2000))
  expect(existsSync(join(repo, 'review'))).toBe(false)
})
