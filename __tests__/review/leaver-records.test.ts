/**
 * Which apply record a leaver's times come from (src/review/leaver-records.ts), against the fake
 * GitHub over sockets: the record must be of the leaver's commit or of its pull request's merge
 * commit, whether the pull request was read now or came from the cache.
 */
import { leaverRecords } from '../../src/review/leaver-records.js'
import { applyTimesOf } from '../../src/review/records.js'
import { recordComment, recordMarker } from '../../src/roster/apply-record.js'
import { rosterKey } from '../../src/roster/digest.js'
import { ACTIONS_BOT, FakeGitHub, GITHUB_READONLY_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import { clientContext, fakeEachTest } from '../helpers/each-test.js'

const github = fakeEachTest(() => FakeGitHub.start())
const KEY = rosterKey('roster.yaml')
const LEAVER = 'a'.repeat(40)
const OTHER = 'b'.repeat(40)
const MERGE = 'c'.repeat(40)
const merged = Date.parse('2026-05-01T00:00:00Z')
const body = (commit: string) =>
  `${recordMarker(KEY)}\n${recordComment({
    roster: KEY,
    commit,
    merged,
    runs: [
      {
        applied: merged + 60_000,
        written: 1,
        failed: 0,
        notAttempted: 0,
        sync: 'accepted',
        synced: merged + 65_000,
        revoked: [],
        revokedMore: 0
      }
    ]
  })}`

/** The leaver's pull request, with its merge commit when GitHub said it (read now, or kept in the cache). */
const review = (mergeCommit?: string) =>
  leaverRecords(
    clientContext(),
    {
      github: {
        apiUrl: github().url,
        repository: REPOSITORY,
        token: GITHUB_READONLY_TOKEN,
        recordAuthor: u => u.login === ACTIONS_BOT.login
      },
      roster: KEY,
      leavers: [{ systemId: 'EMP-9', name: 'L', change: 'removed', commit: LEAVER, at: merged }],
      pulls: new Map([
        [LEAVER, { number: 31, mergedAt: merged, approvers: [], ...(mergeCommit ? { mergeCommit } : {}) }]
      ]),
      ids: () => [5],
      recordTimes: applyTimesOf,
      stop: () => false
    },
    { requests: 0 }
  )

it('a record of another commit is refused, with the merge commit known or not (a pull request from an old cache)', async () => {
  github().addComment(31, body(OTHER), ACTIONS_BOT)
  expect([...(await review(MERGE)).problems.values()]).toEqual([
    `its apply record is of another commit (${OTHER.slice(0, 12)})`
  ])
  const unknown = await review()
  expect([...unknown.problems.values()]).toEqual([
    `its apply record is of commit ${OTHER.slice(0, 12)}, and the pull request's merge commit is not known to hold it against`
  ])
  expect(unknown.records.size).toBe(0)
})

it("a record of the leaver's commit, or of the pull request's merge commit, is taken", async () => {
  github().addComment(31, body(LEAVER), ACTIONS_BOT)
  const own = await review()
  expect(own.problems.size).toBe(0)
  expect(own.records.size).toBe(1)
})

it("a record of the pull request's merge commit (a rebase merge) is taken when the merge commit is known", async () => {
  github().addComment(31, body(MERGE), ACTIONS_BOT)
  const rebased = await review(MERGE)
  expect(rebased.problems.size).toBe(0)
  expect(rebased.records.size).toBe(1)
})
