/**
 * What the plan-comment suites share (`plan-comment`, `plan-review`, `plan-merge-queue` and
 * `plan-approval` in e2e/): the roster world, a fake GitHub for each test, pull request #7 planned
 * at HEAD (its test merge MERGE) and merged as MERGE, and runs of `node dist/index.js` on it, each
 * checked to show no credential. Each suite takes its own with planCommentWorld(), at its top.
 */
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import {
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  GITHUB_OTHER_APP_TOKEN,
  GITHUB_READONLY_TOKEN,
  GITHUB_WRITER_TOKEN,
  REPOSITORY
} from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { APPLY_SCOPES, pullRequestEvent, ROSTER, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { rosterKey } from '../../src/roster/digest.js'
import { fakeEachTest } from './each-test.js'

export const MARKER = `<!-- doorflow-roster-plan ${rosterKey('roster.yaml')} -->`
export const HEAD = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
export const MERGE = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9'

/** The line of the shared ROSTER holding `text` (1-based), as problems name it. */
const lineOf = (text: string) => ROSTER.split('\n').findIndex(l => l.includes(text)) + 1
export const VISITORS = lineOf('groups: [Visitors]')
export const GRACE = lineOf('first_name: Grace')

/** The world of one suite, and what its tests do in it; registers the suite's hooks, so call it at the top of a suite. */
export function planCommentWorld() {
  const world = useRosterWorld(APPLY_SCOPES)
  const github = fakeEachTest(() => FakeGitHub.start())
  let event: string
  beforeEach(() => {
    event = pullRequestEvent(world.ws, HEAD)
  })

  async function run(inputs: Record<string, string>, env: Record<string, string>): Promise<ActionRun> {
    const done = await runAction(
      { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', ...inputs },
      {
        env: {
          ...world.ws.env,
          GITHUB_REPOSITORY: REPOSITORY,
          GITHUB_API_URL: github().url,
          ...env
        }
      }
    )
    expect(
      leakedLines(done, [
        FAKE_TOKEN,
        GITHUB_ACTIONS_TOKEN,
        GITHUB_WRITER_TOKEN,
        GITHUB_OTHER_APP_TOKEN,
        GITHUB_READONLY_TOKEN,
        ...world.fake.issued
      ])
    ).toEqual([])
    return done
  }

  const onPullRequest = (token = GITHUB_ACTIONS_TOKEN) =>
    run(
      { 'dry-run': 'true', 'pr-comment-token': token },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_SHA: MERGE }
    )

  const onPush = (mode?: 'warn' | 'fail', token = GITHUB_ACTIONS_TOKEN) =>
    run(
      { 'dry-run': 'false', 'pr-comment-token': token, ...(mode ? { 'unreviewed-changes': mode } : {}) },
      { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: MERGE }
    )

  const marked = () =>
    github()
      .commentsOn(7)
      .filter(c => c.body.startsWith(MARKER))
  const posts = () => github().requestsTo(`POST /repos/${REPOSITORY}/issues/7/comments`)
  const patches = () => github().requests.filter(r => r.method === 'PATCH')
  const writes = () => world.fake.requests.filter(r => r.method !== 'GET' && r.path.startsWith('/api/3/people'))
  const warnings = (r: ActionRun) => r.lines.filter(l => l.startsWith('::warning'))
  /** Pull request #7 was merged as MERGE, its last head HEAD (the commit planned), approved there by a reviewer unless `approved` is false. */
  const merged = (approved = true) => {
    github().pullsOfCommit.set(MERGE, [
      { number: 7, state: 'closed', merged_at: '2026-12-05T10:00:00Z', merge_commit_sha: MERGE, head_sha: HEAD }
    ])
    if (approved) github().review(7, HEAD)
  }
  const errorOf = (r: ActionRun) => r.lines.find(l => l.startsWith('::error')) ?? ''

  return { world, github, run, onPullRequest, onPush, marked, posts, patches, writes, warnings, merged, errorOf }
}
