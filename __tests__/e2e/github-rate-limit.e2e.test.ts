/**
 * End to end, GitHub's rate limits as GitHub documents them, answered by the fake GitHub
 * (`secondaryRateLimit`, `primaryRateLimit`) to `node dist/index.js`:
 *
 * - "Rate limits for the REST API" (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 *   primary and secondary limits answer 403 or 429, with `retry-after`, or with
 *   `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (UTC epoch seconds).
 * - "Best practices for using the REST API" (https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api):
 *   wait what those headers say before retrying; send requests one at a time; wait at least one
 *   second between POST, PATCH, PUT and DELETE requests.
 *
 * A rate limit is waited out and retried, never reported as a missing permission; a plain 403
 * still is one.
 */
import { FakeDoorFlow, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import {
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  GITHUB_WRITER_TOKEN,
  primaryRateLimit,
  REPOSITORY,
  secondaryRateLimit
} from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun, type RunOptions } from '../../__fixtures__/run-action.js'
import { APPLY_SCOPES, pullRequestEvent, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { errorLines, signalWhen } from '../helpers/e2e.js'
import { fakeEachTest } from '../helpers/each-test.js'

const github = fakeEachTest(() => FakeGitHub.start())

describe('the rotated refresh token is stored through a GitHub rate limit', () => {
  const SECRET = 'DOORFLOW_REFRESH_TOKEN'
  const PUT_SECRET = `PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`
  const doorflow = fakeEachTest(() => FakeDoorFlow.start())

  async function rotate(options: RunOptions = {}): Promise<ActionRun> {
    github().setSecret(SECRET, doorflow().issueRefreshToken())
    const run = await runAction(
      {
        'base-url': doorflow().url,
        'client-id': FAKE_CLIENT_ID,
        'client-secret': FAKE_CLIENT_SECRET,
        'refresh-token': github().secret(SECRET)!,
        'refresh-token-secret': SECRET,
        'github-token': GITHUB_WRITER_TOKEN
      },
      { ...options, env: { GITHUB_API_URL: github().url, GITHUB_REPOSITORY: REPOSITORY } }
    )
    expect(leakedLines(run, [FAKE_CLIENT_SECRET, GITHUB_WRITER_TOKEN, ...doorflow().issued])).toEqual([])
    return run
  }

  it('a secondary-limit 403 with retry-after: 1 on the secret write is waited out: green, stored, not a permission', async () => {
    // Before: the 403 was fatal and called a missing "Secrets" permission, leaving the only valid
    // refresh token in the step's output and the stored secret spent.
    github().script(PUT_SECRET, secondaryRateLimit({ status: 403, retryAfter: 1 }))
    const run = await rotate()
    expect(errorLines(run)).toEqual([])
    expect(run.code).toBe(0)
    const puts = github().requestsTo(PUT_SECRET)
    expect(puts).toHaveLength(2)
    // retry-after is in seconds: the second PUT went no sooner than a second after the first.
    expect(puts[1].at - puts[0].at).toBeGreaterThanOrEqual(1_000)
    const stored = github().secret(SECRET)!
    expect(doorflow().refreshTokens.has(stored)).toBe(true)
    expect(run.outputs['refresh-token']).toBe(stored)
    expect(run.stdout).toMatch(
      /Writing the repository secret DOORFLOW_REFRESH_TOKEN, attempt 1\/4: HTTP 403 \(You have exceeded a secondary rate limit\.[^)]*\); GitHub asked to wait 1 s \(retry-after\), retrying in 1(\.\d)? s\./
    )
    expect(run.stdout).not.toMatch(/permission/i)
    expect(run.summary).toContain('refresh token (rotated; stored in the repository secret DOORFLOW_REFRESH_TOKEN)')
  }, 30_000)

  it('a kill while the rotated token is being stored leaves it in the refresh-token output', async () => {
    // Before: the output was set only once the write had ended, so a kill during the write (or
    // during a wait on GitHub's limit) lost the only valid refresh token.
    github().script(PUT_SECRET, { hang: true })
    const kill = signalWhen(() => github().requestsTo(PUT_SECRET).length > 0, 300, 'SIGKILL')
    const run = await rotate({ onSpawn: kill.onSpawn })
    expect(run.code).toBeNull()
    const given = run.outputs['refresh-token']
    expect(given).toBeTruthy()
    expect(doorflow().refreshTokens.has(given)).toBe(true)
    expect(run.lines).toContain(`::add-mask::${given}`)
  }, 30_000)
})

describe('the plan comment through a GitHub rate limit', () => {
  const HEAD = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
  const POST_COMMENT = `POST /repos/${REPOSITORY}/issues/7/comments`
  const world = useRosterWorld(APPLY_SCOPES, () => [])

  /** A roster of `count` people, none in DoorFlow yet: each is a create. */
  function roster(count: number): string {
    const lines = ['version: 1', 'manages: EMP-*', 'people:']
    for (let n = 1; n <= count; n++)
      lines.push(`  - id: EMP-${n}`, '    first_name: Person', `    last_name: Number${n}`, '    groups: [Engineering]')
    return `${lines.join('\n')}\n`
  }

  async function planOnPullRequest(people = 2): Promise<ActionRun> {
    world.ws.write(roster(people))
    const run = await runAction(
      {
        token: FAKE_TOKEN,
        'base-url': world.fake.url,
        roster: 'roster.yaml',
        'dry-run': 'true',
        'pr-comment-token': GITHUB_ACTIONS_TOKEN
      },
      {
        env: {
          ...world.ws.env,
          GITHUB_REPOSITORY: REPOSITORY,
          GITHUB_API_URL: github().url,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: pullRequestEvent(world.ws, HEAD),
          GITHUB_SHA: HEAD
        }
      }
    )
    expect(leakedLines(run, [FAKE_TOKEN, GITHUB_ACTIONS_TOKEN, ...world.fake.issued])).toEqual([])
    expect(run.code).toBe(0)
    return run
  }
  const warnings = (run: ActionRun) => run.lines.filter(l => l.startsWith('::warning'))

  it('a 429 with x-ratelimit-remaining: 0 waits until x-ratelimit-reset, then posts', async () => {
    // Before: a 429 without retry-after was retried after a backoff under a second, ignoring
    // x-ratelimit-reset, i.e. sooner than GitHub said it would allow the request.
    const resetAt = Math.ceil((Date.now() + 2_000) / 1000) * 1000
    github().script(POST_COMMENT, primaryRateLimit({ status: 429, resetAt }))
    const run = await planOnPullRequest()
    expect(warnings(run)).toEqual([])
    const posts = github().requestsTo(POST_COMMENT)
    expect(posts).toHaveLength(2)
    expect(posts[1].at).toBeGreaterThanOrEqual(resetAt)
    expect(github().commentsOn(7)).toHaveLength(1)
    expect(run.stdout).toMatch(
      /Commenting the plan on the pull request, attempt 1\/\d+: HTTP 429 \(API rate limit exceeded for user ID 583231\.\); GitHub asked to wait \d+(\.\d)? s \(x-ratelimit-reset\)/
    )
  }, 30_000)

  it('a secondary-limit 403 with retry-after on the comment is waited out, not called a missing permission', async () => {
    // Before: the 403 was fatal and the plan was not on the pull request, the warning blaming the job's permissions.
    github().script(POST_COMMENT, secondaryRateLimit({ status: 403, retryAfter: 1 }))
    const run = await planOnPullRequest()
    expect(warnings(run)).toEqual([])
    expect(github().requestsTo(POST_COMMENT)).toHaveLength(2)
    expect(github().commentsOn(7)).toHaveLength(1)
    expect(run.stdout).not.toMatch(/permission/i)
  }, 30_000)

  it('writes to GitHub go one at a time, at least a second apart (observed at the fake)', async () => {
    // Before: every part of a long plan was POSTed back to back, and a GitHub that refuses writes
    // closer than a second apart (its secondary limit) got the second one refused, as a permission.
    github().writeGapMs = 1_000
    const run = await planOnPullRequest(4_000)
    // A GraphQL query (who the token is) is a read to GitHub, as to the fake: it goes at once (request.ts, isWrite).
    const writes = github().requests.filter(
      r => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method) && r.path !== '/graphql'
    )
    expect(github().requestsTo('POST /graphql')).toHaveLength(1)
    const comments = writes.filter(r => r.path.includes('/comments'))
    expect(comments.length).toBeGreaterThan(2)
    // The fake stamps arrival in whole ms (Date.now()): a gap of at least a second, less that rounding.
    for (let i = 1; i < writes.length; i++) expect(writes[i].at - writes[i - 1].at).toBeGreaterThanOrEqual(999)
    expect(warnings(run)).toEqual([])
    // Every write went once: none was refused and sent again.
    expect(github().commentsOn(7)).toHaveLength(comments.length)
  }, 60_000)

  it('a plain 403 on the comment is still a missing permission, said at once', async () => {
    github().script(POST_COMMENT, { status: 403, body: { message: 'Resource not accessible by integration' } })
    const run = await planOnPullRequest()
    expect(github().requestsTo(POST_COMMENT)).toHaveLength(1)
    expect(warnings(run)).toEqual([
      expect.stringMatching(
        /^::warning::The plan is not on the pull request: .*HTTP 403 \(Resource not accessible by integration\)\. The token may not comment: give the job `permissions: pull-requests: write`/
      )
    ])
  }, 30_000)
})
