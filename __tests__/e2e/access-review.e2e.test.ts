/**
 * End to end, the access review: `node dist/index.js` with the `access-review` input against the fake
 * DoorFlow and the fake GitHub over sockets, in a workspace whose roster has a real git history. The
 * job summary shows each grant's pull request (a link the action made) and its approving reviewer;
 * hostile names from DoorFlow stay text; the files land in the workspace; nothing is written to
 * DoorFlow and no sync is sent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { ACTIONS_BOT, FakeGitHub, GITHUB_READONLY_TOKEN, REPOSITORY, REVIEWER } from '../../__fixtures__/fake-github.js'
import { recordComment, recordMarker } from '../../src/roster/apply-record.js'
import { rosterKey } from '../../src/roster/digest.js'
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
  // One GitHub request (GraphQL) for the commit, its pull request and its reviews, and one for the
  // approver's permission; none for the commit or the pull request over REST.
  expect(run.lines.join('\n')).toMatch(
    /Access review: 5 groups, 2 people, 2 grants; 0 leavers \(0 flagged\); files in review \(4 DoorFlow and 2 GitHub requests\)/
  )
  expect(github.requests.filter(r => /\/(commits|pulls)\//.test(r.path))).toEqual([])
  // The counts a workflow branches on: the stranger DoorFlow has in the group is unmanaged and unseen at the doors.
  expect(run.outputs).toMatchObject({
    'review-grants': '2',
    'review-unmanaged': '1',
    'review-not-granted': '0',
    'review-ending': '0',
    'review-unused': '1',
    'review-use-unknown': '0',
    'review-no-approval': '0',
    'review-leavers': '0',
    'review-leavers-flagged': '0',
    'review-events-complete': 'true'
  })
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
  // Ada was seen in the page read; the stranger was not, and without the whole window that is unknown, not unused.
  expect(run.outputs).toMatchObject({
    'review-events-complete': 'false',
    'review-unused': '0',
    'review-use-unknown': '1',
    'review-unmanaged': '1'
  })
})

it('names a bad window input before any request', async () => {
  const run = await action({ 'access-review': 'review', 'access-review-unused-days': 'ninety' })
  expect(run.code).toBe(1)
  expect(run.lines).toContain(
    "::error::Input 'access-review-unused-days' must be a whole number from 1 to 3650 (or empty for 90), got 'ninety'."
  )
  expect(doorflow.requests).toEqual([])
})

it("reads a leaver's apply record written by the pr-comment-token's identity, and flags a delay over 24 hours", async () => {
  const { commit } = rosterRepository(workspace, github)
  const ada = '{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}'
  commit(roster([ada, '{id: EMP-9, first_name: Left, last_name: Early, groups: [Loading Dock]}']), NOW - 60 * DAY, 30)
  const merged = Math.floor((NOW - 10 * DAY) / 1000) * 1000
  const sha = commit(roster([ada]), merged, 31)
  const run = (applied: number) => ({
    applied,
    written: 1,
    failed: 0,
    notAttempted: 0,
    sync: 'accepted' as const,
    synced: applied + 5000,
    revoked: [],
    revokedMore: 0
  })
  // As the apply writes it: the marker of its roster on the first line.
  const body = (applied: number, roster = rosterKey('roster.yaml')) =>
    `${recordMarker(roster)}\n${recordComment({ roster, commit: sha, merged, runs: [run(applied)] })}`
  github.addComment(31, body(merged + 26 * 3_600_000), ACTIONS_BOT)
  github.addComment(31, body(merged + 1000), 'mallory')
  // The same identity's record of another roster the pull request changed: its apply job's times are not this roster's.
  github.addComment(31, body(merged + 1000, '0123456789ab'), ACTIONS_BOT)
  doorflow.events.add(NOW - DAY, { id: 5, first_name: 'Ada', last_name: 'Lovelace' }, { id: 1, name: 'Front Door' })
  const done = await action({ roster: 'roster.yaml', 'access-review': 'review' })
  expect(done.code).toBe(0)
  const leavers = readFileSync(join(workspace, 'review', 'leavers.csv'), 'utf8')
  expect(leavers).toContain(`"EMP-9","Left Early","removed","${sha}","31"`)
  expect(leavers).toContain(`"${new Date(merged + 26 * 3_600_000 + 5000).toISOString()}"`)
  expect(leavers).toContain('"26.00","no","delay over 24 h"')
  expect(rendered(done.summary)).toContain('26.0 h')
  expect(done.outputs).toMatchObject({ 'review-leavers': '1', 'review-leavers-flagged': '1' })
  // The records are the GITHUB_TOKEN's bot's, which every workflow of the repository comments as: said.
  expect(rendered(done.summary)).toContain(
    'The apply records are comments of github-actions[bot], which every workflow'
  )
})

it("credits no approval of an earlier push, nor a stranger's: the grant shows no approval", async () => {
  const { commit } = rosterRepository(workspace, github)
  const ada = '{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}'
  const sha = commit(roster([ada]), NOW - 30 * DAY, 21, false)
  // The merged pull request's final head is bbbb…: door-reviewer approved an earlier push (aaaa…), and an
  // account with no access (author association NONE: anyone may approve on a public repository) the head.
  github.pullsOfCommit.set(sha, [
    {
      number: 21,
      merged_at: new Date(NOW - 30 * DAY).toISOString(),
      merge_commit_sha: sha,
      state: 'closed',
      head_sha: 'b'.repeat(40)
    }
  ])
  github.review(21, 'a'.repeat(40))
  github.review(21, 'b'.repeat(40), { login: 'sockpuppet', id: 999123, installation: false })
  github.permissions.set('sockpuppet', 'none')
  const graphql = await action({ roster: 'roster.yaml', 'access-review': 'review' })
  expect(graphql.code).toBe(0)
  const csv = () => readFileSync(join(workspace, 'review', 'access-review.csv'), 'utf8')
  expect(csv()).not.toContain('sockpuppet')
  expect(csv()).not.toContain(REVIEWER.login)
  expect(graphql.outputs['review-no-approval']).toBe('1')
  // The same rule over REST (GraphQL refused): commit_id, head.sha and author_association.
  github.graphqlRefuses = 'Something went wrong'
  const rest = await action({ roster: 'roster.yaml', 'access-review': 'review' })
  expect(csv()).not.toContain('sockpuppet')
  expect(csv()).not.toContain(REVIEWER.login)
  expect(rest.outputs['review-no-approval']).toBe('1')
  expect(github.requests.some(r => r.path.startsWith(`/repos/${REPOSITORY}/pulls/21/reviews`))).toBe(true)

  // An approval of the final head by someone with Write access counts.
  github.review(21, 'b'.repeat(40))
  const approved = await action({ roster: 'roster.yaml', 'access-review': 'review' })
  expect(csv()).toContain(REVIEWER.login)
  expect(approved.outputs['review-no-approval']).toBe('0')
})
