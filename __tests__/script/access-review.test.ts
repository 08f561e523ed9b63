/**
 * `npm run access-review` in-process against the fake DoorFlow and the fake GitHub, over a real git
 * history of the roster: a grant traced to the pull request that made it and its approving review,
 * a leaver found in the history, unused access found from the events, and a read of the events that
 * stops early said plainly (never "unused").
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { FakeGitHub, GITHUB_READONLY_TOKEN, REPOSITORY, REVIEWER } from '../../__fixtures__/fake-github.js'
import { admits, roster, rosterRepository } from '../helpers/review-history.js'
import { main } from '../../script/access-review.js'
import { recordComment, recordMarker, type ApplyRecord } from '../../src/roster/apply-record.js'
import { rosterKey } from '../../src/roster/digest.js'
import { ACTIONS_BOT } from '../../__fixtures__/fake-github.js'

const NOW = Date.now()
const DAY = 86_400_000
let doorflow: FakeDoorFlow
let github: FakeGitHub
let dir: string

let commit: ReturnType<typeof rosterRepository>['commit']

beforeEach(async () => {
  doorflow = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [...PEOPLE_READ_SCOPES, 'account.event.access.readonly'] },
    people: {
      people: [
        fakePerson(5, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] }),
        fakePerson(6, { system_id: 'EMP-2', first_name: 'Grace', last_name: 'Hopper', groups: [3] }),
        fakePerson(7, { system_id: null, first_name: 'Walk', last_name: 'In', groups: [3] })
      ]
    }
  })
  github = await FakeGitHub.start()
  dir = mkdtempSync(join(tmpdir(), 'review-cli-'))
  commit = rosterRepository(dir, github).commit
})
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true })
  await doorflow.close()
  await github.close()
})

async function cli(args: string[], without: string[] = []) {
  const lines: string[] = []
  const errors: string[] = []
  const env: Record<string, string> = {
    DOORFLOW_TOKEN: FAKE_TOKEN,
    DOORFLOW_BASE_URL: doorflow.url,
    GITHUB_TOKEN: GITHUB_READONLY_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPOSITORY,
    INIT_CWD: dir
  }
  for (const name of without) delete env[name]
  const code = await main(
    args,
    env,
    l => lines.push(l),
    l => errors.push(l)
  )
  return { code, lines, errors }
}

function history() {
  const group = 'Loading Dock'
  const first = commit(
    roster([
      `{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [${group}]}`,
      `{id: EMP-2, first_name: Grace, last_name: Hopper, groups: []}`,
      `{id: EMP-3, first_name: Left, last_name: Early, groups: [${group}]}`
    ]),
    NOW - 60 * DAY,
    11
  )
  const second = commit(
    roster([
      `{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [${group}]}`,
      `{id: EMP-2, first_name: Grace, last_name: Hopper, groups: [${group}]}`
    ]),
    NOW - 20 * DAY,
    12,
    false
  )
  return { first, second }
}

type Row = Record<string, string>
function csvRows(file: string): Row[] {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split('\r\n')
  const cells = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map(m => m[1].replace(/""/g, '"'))
  return rows.map(r => Object.fromEntries(cells(head).map((h, i) => [h, cells(r)[i]])))
}

it('says which of GITHUB_TOKEN and the repository is missing when grants cannot be traced, and what to pass', async () => {
  history()
  const noRepository = await cli(['--roster', 'roster.yaml', '--out', 'review'], ['GITHUB_REPOSITORY'])
  expect(noRepository.code).toBe(0)
  expect(noRepository.errors).toContain(
    'No repository: grants are not traced to pull requests. Pass --repository OWNER/NAME (or set GITHUB_REPOSITORY).'
  )
  const noToken = await cli(['--roster', 'roster.yaml', '--out', 'review2'], ['GITHUB_TOKEN'])
  expect(noToken.errors).toContain(
    'No GITHUB_TOKEN: grants are not traced to pull requests. Set GITHUB_TOKEN to a token that may read its pull requests.'
  )
  expect(github.requests).toEqual([])
})

it('traces each grant to the pull request that made it and its approving review, finds the leaver and unused access', async () => {
  const { first, second } = history()
  doorflow.script('GET /api/3/events', { body: admits([[5, NOW - DAY]]) })
  const { code, lines, errors } = await cli(['--roster', 'roster.yaml', '--out', 'review'])
  expect(errors.join('\n')).toMatch(/Reviewed \d+ groups, 3 people, 3 grants/)
  expect(code).toBe(0)
  expect(lines.map(l => l.slice(dir.length + 1))).toEqual([
    'review/access-review.csv',
    'review/leavers.csv',
    'review/access-review.json',
    'review/access-review.md'
  ])
  const rows = csvRows(join(dir, 'review', 'access-review.csv'))
  const by = (id: string) => rows.find(r => r['doorflow_id'] === id)!
  expect(by('5')).toMatchObject({
    system_id: 'EMP-1',
    source: 'roster',
    grant_commit: first,
    pull_request: '11',
    approvers: REVIEWER.login,
    flags: ''
  })
  // Granted by a pull request nobody approved, and not used in the window.
  expect(by('6')).toMatchObject({
    grant_commit: second,
    pull_request: '12',
    approvers: '',
    flags: 'unused no-approval'
  })
  expect(by('7')).toMatchObject({ source: 'unmanaged', flags: 'unmanaged unused' })
  // The one events page asked: admits only, since the window's start, newest first.
  const asked = new URL(doorflow.requestsTo('GET /api/3/events')[0].path, 'http://x').searchParams
  expect(asked.get('event_codes')).toBe('10,11,12,13,14,15,16,17,18,70')
  expect(asked.get('sort')).toBe('DESC')
  expect(Date.parse(asked.get('since')!)).toBeGreaterThan(NOW - 91 * DAY)
  const leavers = csvRows(join(dir, 'review', 'leavers.csv'))
  expect(leavers).toEqual([
    expect.objectContaining({ system_id: 'EMP-3', change: 'removed', commit: second, pull_request: '12' })
  ])
  // One GraphQL request for both commits, their pull requests and reviews; none over REST.
  const queries = github.requestsTo('POST /graphql').filter(r => r.body.includes('associatedPullRequests'))
  expect(queries).toHaveLength(1)
  for (const sha of [first, second]) expect(queries[0].body).toContain(sha)
  expect(github.requests.filter(r => /\/commits\/[0-9a-f]+\/pulls|\/reviews/.test(r.path))).toEqual([])
  const md = readFileSync(join(dir, 'review', 'access-review.md'), 'utf8')
  expect(md).toContain('approved by door&#45;reviewer')
})

it('says plainly when the events read stopped early, and calls nobody unused', async () => {
  history()
  const full = admits(Array.from({ length: 1000 }, (_, i): [number, number] => [5, NOW - i * 60_000]))
  doorflow.script('GET /api/3/events', { body: full }, { status: 500, body: { error: 'server_error' } })
  const { code, errors } = await cli(['--roster', 'roster.yaml', '--out', 'review'])
  expect(code).toBe(0)
  expect(errors.join('\n')).toContain('Events NOT read for the whole window')
  const rows = csvRows(join(dir, 'review', 'access-review.csv'))
  expect(rows.map(r => r['flags']).join(' ')).not.toMatch(/\bunused\b/)
  expect(rows.find(r => r['doorflow_id'] === '6')!['flags']).toContain('use-unknown')
  const json = JSON.parse(readFileSync(join(dir, 'review', 'access-review.json'), 'utf8')) as {
    usage: { complete: boolean; stopped_why: string; covered_from: string }
  }
  expect(json.usage.complete).toBe(false)
  expect(json.usage.stopped_why).toMatch(/^page 2 could not be read/)
  expect(Date.parse(json.usage.covered_from)).toBeLessThanOrEqual(NOW - 999 * 60_000)
  const md = readFileSync(join(dir, 'review', 'access-review.md'), 'utf8')
  expect(md).toContain('Usage not fully read.')
})

it('names a bad window option before any request', async () => {
  const { code, errors } = await cli(['--roster', 'roster.yaml', '--out', 'r', '--unused-days', '0'])
  expect(code).toBe(2)
  expect(errors[0]).toBe("--unused-days must be a whole number from 1 to 3650 (or empty for 90), got '0'.")
  expect(doorflow.requests).toEqual([])
})

it("computes a leaver's delay from the apply record on the pull request that removed them, and reads no one else's", async () => {
  const { second } = history()
  const merged = Math.floor((NOW - 20 * DAY) / 1000) * 1000
  const record = (applied: number, synced: number): ApplyRecord => ({
    roster: rosterKey('roster.yaml'),
    commit: second,
    merged,
    runs: [{ applied, written: 2, failed: 0, notAttempted: 0, sync: 'accepted', synced, revoked: [], revokedMore: 0 }]
  })
  // The apply ran 30 hours after the merge (a failed run, re-run the next day); a stranger's comment says 1 minute.
  // Each as the apply writes it: the marker of its roster on the first line.
  const written = (r: ApplyRecord) => `${recordMarker(r.roster)}\n${recordComment(r)}`
  github.addComment(12, written(record(merged + 30 * 3_600_000, merged + 30 * 3_600_000 + 60_000)), ACTIONS_BOT)
  github.addComment(12, written(record(merged + 30_000, merged + 60_000)), 'mallory')
  doorflow.events.add(NOW - DAY, { id: 5, first_name: 'Ada', last_name: 'Lovelace' }, { id: 1, name: 'Front Door' })
  const { code } = await cli(['--roster', 'roster.yaml', '--out', 'review'])
  expect(code).toBe(0)
  const [leaver] = csvRows(join(dir, 'review', 'leavers.csv'))
  expect(leaver).toMatchObject({
    system_id: 'EMP-3',
    pull_request: '12',
    merged_at: new Date(NOW - 20 * DAY).toISOString(),
    applied_at: new Date(merged + 30 * 3_600_000).toISOString(),
    synced_at: new Date(merged + 30 * 3_600_000 + 60_000).toISOString(),
    delay_hours: '30.02',
    flags: 'delay over 24 h'
  })
  // The events came from the fake's own list: Ada used her access, Grace did not.
  const rows = csvRows(join(dir, 'review', 'access-review.csv'))
  expect(rows.find(r => r['doorflow_id'] === '5')!['flags']).toBe('')
  expect(rows.find(r => r['doorflow_id'] === '6')!['flags']).toContain('unused')
})

it('never writes a file of the review through a link planted in its directory', async () => {
  history()
  doorflow.script('GET /api/3/events', { body: admits([]) })
  const outside = join(mkdtempSync(join(tmpdir(), 'review-outside-')), 'kept.txt')
  writeFileSync(outside, 'kept')
  mkdirSync(join(dir, 'review'))
  symlinkSync(outside, join(dir, 'review', 'access-review.csv'))
  const { code, errors } = await cli(['--roster', 'roster.yaml', '--out', 'review'])
  expect(code).toBe(1)
  expect(errors.at(-1)).toMatch(/^The review's files could not be written: .*ELOOP.* No review was written\.$/)
  expect(readFileSync(outside, 'utf8')).toBe('kept')
})

it("asks for a pull request's reviews once however many of its commits granted access (a rebase merge), and not again when the cache holds it", async () => {
  // A rebase merge puts each commit of pull request 11 on the main line; GitHub names 11 for each.
  const ada = '{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}'
  const grace = '{id: EMP-2, first_name: Grace, last_name: Hopper, groups: [Loading Dock]}'
  const first = commit(roster([ada]), NOW - 60 * DAY, 11)
  const second = commit(roster([ada, grace]), NOW - 60 * DAY + 1000, 11)
  const reviews = () => github.requests.filter(r => /\/pulls\/\d+\/reviews/.test(r.path)).length
  const pullsAsked = () =>
    github.requests.filter(r => /\/commits\/[0-9a-f]+\/pulls/.test(r.path)).length +
    github.requestsTo('POST /graphql').filter(r => r.body.includes('associatedPullRequests')).length
  const cache = join(dir, 'pulls.json')
  expect((await cli(['--roster', 'roster.yaml', '--out', 'review', '--cache', cache])).code).toBe(0)
  // Both commits in one GraphQL request, which carries the reviews too.
  expect([pullsAsked(), reviews()]).toEqual([1, 0])
  const rows = csvRows(join(dir, 'review', 'access-review.csv'))
  for (const [id, sha] of [
    ['5', first],
    ['6', second]
  ])
    expect(rows.find(r => r['doorflow_id'] === id)).toMatchObject({
      grant_commit: sha,
      pull_request: '11',
      approvers: REVIEWER.login
    })
  // A third commit of the same pull request: it alone is asked, the approvers come from the cache.
  const third = commit(roster([ada, grace.replace('[Loading Dock]', '[Loading Dock, Night Shift]')]), NOW - DAY, 11)
  expect((await cli(['--roster', 'roster.yaml', '--out', 'review', '--cache', cache])).code).toBe(0)
  expect([pullsAsked(), reviews()]).toEqual([2, 0])
  const last = github.requestsTo('POST /graphql').at(-1)!.body
  expect([last.includes(third), last.includes(first), last.includes(second)]).toEqual([true, false, false])
  expect((JSON.parse(readFileSync(cache, 'utf8')) as Record<string, unknown>)[third]).toEqual({
    number: 11,
    mergedAt: expect.any(Number),
    approvers: [REVIEWER.login],
    // Kept so that a cached review holds a leaver's apply record against it too.
    mergeCommit: third
  })
})
