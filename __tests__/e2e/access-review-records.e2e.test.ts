/**
 * End to end, the access review's leavers and their apply records (src/review/leaver-records.ts):
 * `node dist/index.js` with the `access-review` input against the fake DoorFlow and GitHub. A record
 * is our comment whose first line is the roster's marker, of the pull request's commit, and last edited
 * by nobody but its author (GitHub is asked, in one GraphQL request for every leaver's record); else
 * its times are not used and the leaver is flagged with the reason.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  GITHUB_READONLY_TOKEN,
  REPOSITORY,
  WRITER_USER
} from '../../__fixtures__/fake-github.js'
import { recordComment, recordMarker } from '../../src/roster/apply-record.js'
import { rosterKey } from '../../src/roster/digest.js'
import { runAction } from '../../__fixtures__/run-action.js'
import { roster, rosterRepository } from '../helpers/review-history.js'

const NOW = Date.now()
const DAY = 86_400_000
const HOUR = 3_600_000
const KEY = rosterKey('roster.yaml')
const ADA = '{id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Loading Dock]}'
let doorflow: FakeDoorFlow
let github: FakeGitHub
let workspace: string
let temp: string

beforeEach(async () => {
  doorflow = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [...PEOPLE_READ_SCOPES, 'account.event.access.readonly'] },
    people: { people: [fakePerson(5, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] })] }
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

const review = () =>
  runAction(
    {
      token: FAKE_TOKEN,
      'base-url': doorflow.url,
      'pr-comment-token': GITHUB_READONLY_TOKEN,
      roster: 'roster.yaml',
      'access-review': 'review'
    },
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
const leaversCsv = () => readFileSync(join(workspace, 'review', 'leavers.csv'), 'utf8')
const graphqlOfNodes = () => github.requestsTo('POST /graphql').filter(r => (r.body ?? '').includes('nodes(ids'))

/** A history where EMP-9 (and EMP-8, with `two`) left in pull request 31 (and 32), merged ten (and nine) days ago. */
function leavers(two = false) {
  const { commit } = rosterRepository(workspace, github)
  const left = (id: number) => `{id: EMP-${id}, first_name: Left, last_name: L${id}, groups: [Loading Dock]}`
  commit(roster(two ? [ADA, left(9), left(8)] : [ADA, left(9)]), NOW - 60 * DAY, 30)
  const merged = Math.floor((NOW - 10 * DAY) / 1000) * 1000
  const sha = commit(roster(two ? [ADA, left(8)] : [ADA]), merged, 31)
  const merged2 = merged + DAY
  const sha2 = two ? commit(roster([ADA]), merged2, 32) : ''
  /** The record as the apply writes it (the marker first), applied `after` the merge. */
  const record = (after: number, of = { sha, merged }) =>
    `${recordMarker(KEY)}\n${recordComment({
      roster: KEY,
      commit: of.sha,
      merged: of.merged,
      runs: [
        {
          applied: of.merged + after,
          written: 1,
          failed: 0,
          notAttempted: 0,
          sync: 'accepted',
          synced: of.merged + after + 5000,
          revoked: [],
          revokedMore: 0
        }
      ]
    })}`
  return { sha, merged, record, second: { sha: sha2, merged: merged2 } }
}

it("a record edited by another Write user is not believed: the leaver is flagged, in one request for every leaver's record", async () => {
  const { record, second } = leavers(true)
  const late = github.addComment(31, record(26 * HOUR), ACTIONS_BOT)
  // door-admin rewrites the bot's record in the web UI to say 60 s: the author stays the bot.
  github.editComment(late.id, record(60_000), WRITER_USER)
  github.addComment(32, record(2 * HOUR, second), ACTIONS_BOT)
  const run = await review()
  expect(run.code).toBe(0)
  const csv = leaversCsv()
  const row = (id: string) => csv.split('\n').find(l => l.startsWith(`"${id}"`)) ?? ''
  expect(row('EMP-9')).toContain('apply record edited by someone else (door-admin): its times are not used')
  expect(row('EMP-9')).not.toContain(new Date(NOW - 10 * DAY + 60_000).toISOString().slice(0, 16))
  // The other leaver's record, edited by nobody, is used: 2 h, not flagged.
  expect(row('EMP-8')).toContain('"2.00","no",""')
  expect(run.outputs).toMatchObject({ 'review-leavers': '2', 'review-leavers-flagged': '1' })
  // Both records asked of GitHub in one nodes(ids:) request.
  expect(graphqlOfNodes()).toHaveLength(1)
  const asked = JSON.parse(graphqlOfNodes()[0].body ?? '{}') as { variables: { ids: string[] } }
  expect(asked.variables.ids).toHaveLength(2)
})

it('a record its own author edited (a re-run of the apply) is used', async () => {
  const { record } = leavers()
  const first = github.addComment(31, record(26 * HOUR), ACTIONS_BOT)
  github.editComment(first.id, record(2 * HOUR), ACTIONS_BOT)
  const run = await review()
  expect(leaversCsv()).toContain('"2.00","no",""')
  expect(run.outputs['review-leavers-flagged']).toBe('0')
})

it('a record GitHub will not say who edited could not be checked: flagged, its times not used', async () => {
  const { record } = leavers()
  github.addComment(31, record(60_000), ACTIONS_BOT)
  // A server without GraphQL's answer (the commits are then read over REST).
  github.graphqlRefuses = 'Something went wrong'
  const run = await review()
  expect(leaversCsv()).toContain(
    'apply record could not be checked (who last edited it: GraphQL: Something went wrong)'
  )
  expect(run.outputs['review-leavers-flagged']).toBe('1')
})

it("reads only the roster's marked record, the first as the apply finds it: no other comment's trailer, of no other commit", async () => {
  const { record } = leavers()
  github.addComment(31, record(26 * HOUR), ACTIONS_BOT)
  // Another workflow's GITHUB_TOKEN (the same bot) posts a trailer as its last line, without the marker.
  const trailer = record(60_000).split('\n').pop()
  github.addComment(31, `Thanks for the merge!\n${trailer}`, ACTIONS_BOT)
  // And a second marked comment of ours later: the apply updates its first, so this one is none of its records.
  github.addComment(31, record(60_000), ACTIONS_BOT)
  const run = await review()
  expect(leaversCsv()).toContain('"26.00","no","delay over 24 h"')
  expect(run.outputs['review-leavers-flagged']).toBe('1')
})

it("a record of another commit than the pull request's merge is not used", async () => {
  const { record, merged } = leavers()
  github.addComment(31, record(60_000, { sha: 'd'.repeat(40), merged }), ACTIONS_BOT)
  const run = await review()
  expect(leaversCsv()).toContain(`its apply record is of another commit (${'d'.repeat(12)})`)
  expect(run.outputs['review-leavers-flagged']).toBe('1')
})

it('over 1,000 comments: says the record was not looked for past them, not "no apply record found"', async () => {
  const { record } = leavers()
  for (let i = 0; i < 1000; i++) github.addComment(31, `spam ${i}`, 'mallory')
  github.addComment(31, record(60_000), ACTIONS_BOT)
  const run = await review()
  const csv = leaversCsv()
  expect(csv).toContain('more than 1000 comments: the record was not looked for past them')
  expect(csv).not.toContain('no apply record found')
  expect(run.outputs['review-leavers-flagged']).toBe('1')
})
