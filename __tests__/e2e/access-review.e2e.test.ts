/**
 * End to end, the access review: `node dist/index.js` with the `access-review` input against the fake
 * DoorFlow and the fake GitHub over sockets, in a workspace whose roster has a real git history. The
 * job summary shows each grant's pull request (a link the action made) and its approving reviewer;
 * hostile names from DoorFlow stay text; the files land in the workspace; nothing is written to
 * DoorFlow and no sync is sent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { FakeGitHub, GITHUB_READONLY_TOKEN, REPOSITORY, REVIEWER } from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction } from '../../__fixtures__/run-action.js'
import { admits, roster, rosterRepository } from '../helpers/review-history.js'
import { gfm, rendered } from '../helpers/gfm.js'

const NOW = Date.now()
const DAY = 86_400_000
const HOSTILE = '::warning::x ![i](http://evil.example/i.png) [l](http://evil.example)'
let doorflow: FakeDoorFlow
let github: FakeGitHub
let workspace: string
let temp: string

beforeEach(async () => {
  doorflow = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [...PEOPLE_READ_SCOPES, 'account.event.access.readonly'] },
    people: {
      people: [
        fakePerson(5, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] }),
        fakePerson(7, { system_id: null, first_name: HOSTILE, last_name: 'In', groups: [3] })
      ]
    }
  })
  github = await FakeGitHub.start()
  workspace = mkdtempSync(join(tmpdir(), 'review-ws-'))
  temp = mkdtempSync(join(tmpdir(), 'review-temp-'))
})
afterEach(async () => {
  await doorflow.close()
  await github.close()
  rmSync(workspace, { recursive: true, force: true })
  rmSync(temp, { recursive: true, force: true })
})

async function action(inputs: Record<string, string>) {
  const run = await runAction(
    { token: FAKE_TOKEN, 'base-url': doorflow.url, 'pr-comment-token': GITHUB_READONLY_TOKEN, ...inputs },
    {
      env: {
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: temp,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '42',
        GITHUB_EVENT_NAME: 'schedule'
      }
    }
  )
  expect(leakedLines(run, [FAKE_TOKEN, GITHUB_READONLY_TOKEN])).toEqual([])
  return run
}

it('reviews access from the workspace: the grant, its pull request and approver in the summary and the files', async () => {
  const { commit } = rosterRepository(workspace, github)
  commit(roster(['{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}']), NOW - 30 * DAY, 21)
  doorflow.script('GET /api/3/events', { body: admits([[5, NOW - DAY]]) })
  const run = await action({ roster: 'roster.yaml', 'access-review': 'review' })
  expect(run.code).toBe(0)
  for (const file of ['access-review.csv', 'leavers.csv', 'access-review.json', 'access-review.md'])
    expect(existsSync(join(workspace, 'review', file))).toBe(true)
  const html = gfm(run.summary)
  // The only links are the pull request's, made from the runner's server and repository.
  expect([...html.matchAll(/<a href="([^"]*)"/g)].map(m => m[1])).toEqual([`https://github.com/${REPOSITORY}/pull/21`])
  expect(html).not.toContain('<img')
  const text = rendered(run.summary)
  expect(text).toContain(
    `#21, merged ${new Date(NOW - 30 * DAY).toISOString().slice(0, 10)}, approved by ${REVIEWER.login}`
  )
  expect(text).toContain(HOSTILE.replace(/^::/, ': :'))
  expect(run.lines.some(l => l.startsWith('::warning::x'))).toBe(false)
  expect(doorflow.requests.filter(r => r.method !== 'GET')).toEqual([])
  expect(doorflow.requestsTo('POST /api/3/sync')).toEqual([])
  expect(run.lines.join('\n')).toMatch(
    /Access review: 5 groups, 2 people, 2 grants; 0 leavers \(0 flagged\); files in review \(4 DoorFlow and 2 GitHub requests\)/
  )
})

it('says in the summary and a warning that the events read stopped early', async () => {
  const { commit } = rosterRepository(workspace, github)
  commit(roster(['{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}']), NOW - 30 * DAY, 21)
  const full = admits(Array.from({ length: 1000 }, (_, i): [number, number] => [5, NOW - i * 1000]))
  doorflow.script('GET /api/3/events', { body: full }, { status: 403, body: { error: 'forbidden' } })
  const run = await action({ roster: 'roster.yaml', 'access-review': 'review' })
  expect(run.code).toBe(0)
  expect(rendered(run.summary)).toContain('Usage not fully read.')
  expect(run.lines.some(l => l.startsWith('::warning::') && l.includes('read back to'))).toBe(true)
})

it('names a bad window input before any request', async () => {
  const run = await action({ 'access-review': 'review', 'access-review-unused-days': 'ninety' })
  expect(run.code).toBe(1)
  expect(run.lines).toContain(
    "::error::Input 'access-review-unused-days' must be a whole number from 1 to 3650 (or empty for 90), got 'ninety'."
  )
  expect(doorflow.requests).toEqual([])
})
