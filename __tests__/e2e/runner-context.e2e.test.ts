/**
 * End to end, what the runner's context decides: `node dist/index.js` against the fake DoorFlow and
 * the fake GitHub, with the event as GitHub writes it. A plan of another commit than the pull
 * request's (pull_request_target checks out the base) says so and is never recorded as reviewed; a
 * fork's pull request, which gets no secrets, is a warning and nothing planned; a token is never
 * sent to a plain-http GITHUB_API_URL.
 *
 * Platform facts relied on (GitHub Docs):
 * - "Events that trigger workflows"
 *   (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows):
 *   #pull_request_target runs "in the context of the base of the pull request", GITHUB_SHA "Last commit
 *   on the PR base branch"; #pull_request GITHUB_SHA is the last merge commit of the merge branch
 *   (refs/pull/N/merge), and the head is `github.event.pull_request.head.sha`.
 * - "Security hardening for GitHub Actions" (https://docs.github.com/en/actions/security-guides/security-hardening-for-github-actions#accessing-secrets):
 *   secrets are not passed to workflows triggered by a pull request from a fork; the GITHUB_TOKEN there
 *   is read-only.
 * - "Webhook events and payloads" (pull_request): `pull_request.head.repo` and `base.repo` name the
 *   repositories (`full_name`); head.repo is null when the fork was deleted.
 */
import { execFileSync } from 'node:child_process'
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { FakeGitHub, GITHUB_ACTIONS_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { APPLY_SCOPES, pullRequestEvent, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { fakeEachTest } from '../helpers/each-test.js'

const world = useRosterWorld(APPLY_SCOPES)
const github = fakeEachTest(() => FakeGitHub.start())
const MERGE = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9'
const DIGEST_LINE = '<!-- doorflow-plan-digest'

/** git in the workspace, as a checkout leaves it; returns its output, trimmed. */
function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: world.ws.dir,
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: world.ws.temp,
      GIT_AUTHOR_NAME: 'Base',
      GIT_AUTHOR_EMAIL: 'base@example.com',
      GIT_COMMITTER_NAME: 'Base',
      GIT_COMMITTER_EMAIL: 'base@example.com'
    }
  }).trim()
}

/** The workspace as a commit: its SHA. */
function commitWorkspace(message: string): string {
  if (!git('rev-parse', '--is-inside-work-tree').startsWith('true')) throw new Error('no repository')
  git('add', '-A')
  git('commit', '-q', '--allow-empty', '-m', message)
  return git('rev-parse', 'HEAD')
}

async function run(inputs: Record<string, string>, env: Record<string, string>): Promise<ActionRun> {
  const done = await runAction(
    { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', ...inputs },
    { env: { ...world.ws.env, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github().url, ...env } }
  )
  expect(leakedLines(done, [FAKE_TOKEN, GITHUB_ACTIONS_TOKEN, ...world.fake.issued])).toEqual([])
  return done
}

const warnings = (r: ActionRun) => r.lines.filter(l => l.startsWith('::warning'))
const planComment = () => github().commentsOn(7)[0]?.body ?? ''

describe('the plan knows which commit it planned', () => {
  let base: string
  let head: string
  beforeEach(() => {
    git('init', '-q')
    base = commitWorkspace('the base branch')
    // The pull request's head: a commit that is not checked out.
    head = 'c0ffee'.padEnd(40, '0')
  })

  const onTarget = (sha: string) =>
    run(
      { 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
      {
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_EVENT_PATH: pullRequestEvent(world.ws, sha),
        GITHUB_SHA: base
      }
    )

  // Before: the comment showed the base roster's plan stamped with the head commit, with the hidden
  // digest that the apply takes for the reviewed plan.
  it('pull_request_target with the base checked out: the plan says it is not the head, and is never the reviewed plan', async () => {
    const planned = await onTarget(head)
    expect(planned.code).toBe(0)
    const said = `this plan is of commit ${base.slice(0, 7)} (a pull_request_target run checks out the base branch), not of the pull request's head ${head.slice(0, 7)}; it is not a reviewed plan`
    expect(warnings(planned)).toContainEqual(`::warning title=Roster::${said}.`)
    const body = planComment()
    expect(body).toContain('**Not a reviewed plan.**')
    expect(body).toContain("not of the pull request's head c0ffee0; it is not a reviewed plan")
    expect(body).not.toContain(DIGEST_LINE)
    // Shown and stamped as the commit it is of, never as the head's.
    expect(body).toContain(`planned at ${base.slice(0, 7)} ·`)
    expect(body).toContain(`commit \`${base.slice(0, 12)}\``)
    expect(body).not.toContain('c0ffee000000')
    expect(planned.summary).toContain('**Not a reviewed plan.**')

    // The merge: its apply finds that comment and no reviewed plan in it, so fail refuses.
    github().pullsOfCommit.set(MERGE, [
      { number: 7, state: 'closed', merged_at: '2026-12-05T10:00:00Z', merge_commit_sha: MERGE }
    ])
    const applied = await run(
      { 'pr-comment-token': GITHUB_ACTIONS_TOKEN, 'dry-run': 'false', 'unreviewed-changes': 'fail' },
      { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: MERGE }
    )
    expect(applied.code).toBe(1)
    expect(applied.lines.find(l => l.startsWith('::error'))).toContain('carries no digest')
    expect(world.fake.requests.filter(r => r.method !== 'GET' && r.path.startsWith('/api/3/people'))).toEqual([])
  })

  it('pull_request_target with the base checked out and its roster broken: the problems comment says whose they are', async () => {
    world.ws.write('version: 1\nmanages: EMP-*\npeople:\n  - id: EMP-1\n')
    const planned = await onTarget(head)
    expect(planned.code).toBe(1)
    const body = planComment()
    expect(body).toContain('**Not a reviewed plan.**')
    expect(body).toContain('DoorFlow roster: not planned')
    expect(body).toContain(`commit \`${base.slice(0, 12)}\``)
    expect(body).not.toContain('c0ffee000000')
  })

  it('pull_request_target with the head checked out: the plan is the pull request’s, recorded as reviewed', async () => {
    head = commitWorkspace('the pull request')
    const planned = await onTarget(head)
    expect(planned.code).toBe(0)
    expect(warnings(planned)).toEqual([])
    expect(planComment()).toContain(DIGEST_LINE)
    expect(planComment()).not.toContain('Not a reviewed plan')
  })

  // Before: any checkout on pull_request was taken for the pull request's code.
  it('pull_request with another commit checked out than the head or its test merge: not a reviewed plan', async () => {
    const planned = await run(
      { 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: pullRequestEvent(world.ws, head), GITHUB_SHA: MERGE }
    )
    expect(planned.code).toBe(0)
    expect(warnings(planned)).toContainEqual(
      `::warning title=Roster::this plan is of commit ${base.slice(0, 7)}, not of the pull request's head c0ffee0; it is not a reviewed plan.`
    )
    expect(planComment()).not.toContain(DIGEST_LINE)
  })

  it('pull_request with its test merge commit checked out (the default): the pull request’s plan', async () => {
    const planned = await run(
      { 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: pullRequestEvent(world.ws, head), GITHUB_SHA: base }
    )
    expect(planned.code).toBe(0)
    expect(warnings(planned)).toEqual([])
    expect(planComment()).toContain(DIGEST_LINE)
  })
})

describe('a pull request from a fork gets no secrets', () => {
  const FORK = 'contributor/door-config'

  // Before: a pull_request_target run that checked out a fork's head planned the stranger's roster in
  // a job holding the secrets, and recorded it as the pull request's reviewed plan.
  it('pull_request_target with a fork’s head checked out: nothing of its roster is read, nothing asked of DoorFlow', async () => {
    git('init', '-q')
    const head = commitWorkspace('a fork’s change')
    const r = await run(
      { 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
      {
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_EVENT_PATH: pullRequestEvent(world.ws, head, 7, FORK),
        GITHUB_SHA: MERGE
      }
    )
    expect(r.code).toBe(1)
    expect(world.fake.requests).toEqual([])
    expect(github().requests.filter(req => req.method !== 'GET')).toEqual([])
    expect(r.lines).toContainEqual(
      expect.stringMatching(
        /^::error::This pull_request_target run has checked out the head of pull request #7, from a fork \(from contributor\/door-config\): its roster is a stranger's/
      )
    )
    // The same run on its own checkout of the base plans, and says it is not the head's plan.
    const base = commitWorkspace('the base branch')
    git('checkout', '-q', '--detach', base)
    const own = await run(
      { 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
      {
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_EVENT_PATH: pullRequestEvent(world.ws, head, 7, FORK),
        GITHUB_SHA: base
      }
    )
    expect(own.code).toBe(0)
    expect(planComment()).toContain('**Not a reviewed plan.**')
  })

  // Before: a red "Input 'token' is empty" on every fork's pull request, while the docs promised a warning.
  it('pull_request from a fork with the secrets empty: a warning that says why, nothing planned, exit 0', async () => {
    const r = await run(
      { token: '' },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: pullRequestEvent(world.ws, 'd'.repeat(40), 7, FORK) }
    )
    expect(r.code).toBe(0)
    expect(world.fake.requests).toEqual([])
    expect(github().requests).toEqual([])
    expect(r.lines.filter(l => l.startsWith('::error'))).toEqual([])
    expect(warnings(r)).toHaveLength(1)
    expect(warnings(r)[0]).toMatch(
      /^::warning title=DoorFlow::Pull request #7 \(from contributor\/door-config\) comes from a fork, and GitHub gives a fork's pull_request run no secrets, so 'token' is empty: nothing was planned, read or written\./
    )
    expect(r.outputs['result']).toBe('skipped')
    expect(r.summary).toContain("DoorFlow: not planned on a fork's pull request")
  })

  it('a deleted fork (head.repo null) is a fork too; refresh-token mode with its secrets empty as well', async () => {
    const r = await run(
      { token: '', 'client-id': 'public-client-id' },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: pullRequestEvent(world.ws, 'd'.repeat(40), 7, null) }
    )
    expect(r.code).toBe(0)
    expect(warnings(r)[0]).toContain("so 'client-secret' is empty")
  })

  it('the same repository’s pull request, and pull_request_target (which has the secrets), stay an error', async () => {
    const own = await run(
      { token: '' },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: pullRequestEvent(world.ws, 'd'.repeat(40)) }
    )
    expect(own.code).toBe(1)
    expect(own.lines).toContainEqual(expect.stringMatching(/^::error::Input 'token' is empty/))
    const target = await run(
      { token: '' },
      {
        GITHUB_EVENT_NAME: 'pull_request_target',
        GITHUB_EVENT_PATH: pullRequestEvent(world.ws, 'd'.repeat(40), 7, FORK)
      }
    )
    expect(target.code).toBe(1)
    expect(target.lines).toContainEqual(expect.stringMatching(/^::error::Input 'token' is empty/))
  })
})

// Before: pr-comment-token went to any GITHUB_API_URL, plain http included (only github-token's
// secret store checked it). The rule is the one for every API root: https, plain http to loopback only
// (the fake GitHub here is http://127.0.0.1, which every other test uses).
describe('GitHub tokens only over https', () => {
  const PLAIN = 'http://github.invalid/api/v3'

  it.each([
    ['a pull request (the comment)', { GITHUB_EVENT_NAME: 'pull_request' }, {}],
    ['an apply (the reviewed plan read)', { GITHUB_EVENT_NAME: 'workflow_dispatch' }, { 'dry-run': 'false' }]
  ])('on %s: refused in one line naming GITHUB_API_URL, before any request', async (_, env, inputs) => {
    const r = await run(
      { 'pr-comment-token': GITHUB_ACTIONS_TOKEN, ...inputs },
      { ...env, GITHUB_EVENT_PATH: pullRequestEvent(world.ws, 'd'.repeat(40)), GITHUB_API_URL: PLAIN }
    )
    expect(r.code).toBe(1)
    expect(world.fake.requests).toEqual([])
    expect(r.lines.filter(l => l.startsWith('::error'))).toEqual([
      "::error::Environment variable 'GITHUB_API_URL' uses plain http:// to github.invalid: credentials would cross the network in clear text. Use https://. It would carry pr-comment-token; nothing was sent."
    ])
  })
})
