/**
 * End to end, the plan a reviewer can trust: `node dist/index.js` against the fake DoorFlow and
 * the fake GitHub. The pull-request comment is ours only (written by the token's identity, with
 * the marker), is current on every run (a broken roster too: its problems, commit and time), and
 * the apply after the merge compares its plan's digest with the reviewed one.
 */
import { FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  GITHUB_OTHER_APP_TOKEN,
  GITHUB_WRITER_TOKEN,
  OTHER_BOT,
  REPOSITORY,
  WRITER_USER
} from '../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun } from '../__fixtures__/run-action.js'
import {
  APPLY_SCOPES,
  MATCHING_ROSTER,
  pullRequestEvent,
  ROSTER,
  useRosterWorld
} from '../__fixtures__/roster-world.js'
import { fakeEachTest } from './helpers/each-test.js'
import { rendered } from './helpers/gfm.js'
import { rosterKey } from '../src/roster/digest.js'

const MARKER = `<!-- doorflow-roster-plan ${rosterKey('roster.yaml')} -->`
const HEAD = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const MERGE = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9'

const world = useRosterWorld(APPLY_SCOPES)
const github = fakeEachTest(() => FakeGitHub.start())
let event: string
/** The line of the shared ROSTER holding `text` (1-based), as problems name it. */
const lineOf = (text: string) => ROSTER.split('\n').findIndex(l => l.includes(text)) + 1
const VISITORS = lineOf('groups: [Visitors]')
const GRACE = lineOf('first_name: Grace')
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

describe('the plan comment is ours', () => {
  it('leaves a foreign comment with the marker alone, a user’s and another bot’s, and updates only its own', async () => {
    const user = github().addComment(7, `${MARKER}\nfake plan: nothing to see`, 'mallory')
    const bot = github().addComment(7, `${MARKER}\nanother bot's plan`, OTHER_BOT)
    const first = await onPullRequest()
    expect(first.code).toBe(0)
    // The GITHUB_TOKEN is an installation token: GET /user is 403, GraphQL viewer names github-actions[bot].
    expect(github().requestsTo('GET /user')).toHaveLength(1)
    expect(github().requestsTo('POST /graphql')).toHaveLength(1)
    expect(posts()).toHaveLength(1)
    expect(patches()).toEqual([])
    expect(github().comments.get(user.id)!.body).toBe(`${MARKER}\nfake plan: nothing to see`)
    expect(github().comments.get(bot.id)!.body).toBe(`${MARKER}\nanother bot's plan`)
    const mine = marked().filter(c => c.login === ACTIONS_BOT.login)
    expect(mine).toHaveLength(1)
    expect(first.lines).toContain(
      "2 other comments on #7 carry the plan's marker but were not written by this token; left alone."
    )

    const second = await onPullRequest()
    expect(second.code).toBe(0)
    expect(posts()).toHaveLength(1)
    expect(patches().map(r => r.path)).toEqual([`/repos/${REPOSITORY}/issues/comments/${mine[0].id}`])
    expect(github().comments.get(user.id)!.body).toBe(`${MARKER}\nfake plan: nothing to see`)
  })

  it('with a user’s token, GET /user names the author to match, and a bot’s comment is not it', async () => {
    github().addComment(7, `${MARKER}\nold plan by the actions bot`, ACTIONS_BOT)
    const first = await onPullRequest(GITHUB_WRITER_TOKEN)
    expect(first.code).toBe(0)
    expect(github().requestsTo('POST /graphql')).toEqual([])
    expect(posts()).toHaveLength(1)
    expect(marked().filter(c => c.login === WRITER_USER.login)).toHaveLength(1)
    expect(marked().find(c => c.login === ACTIONS_BOT.login)!.body).toContain('old plan by the actions bot')
  })
})

describe('the plan comment is current', () => {
  it('a broken roster updates the comment: its problems with file and line, the commit and the time, no plan', async () => {
    expect((await onPullRequest()).code).toBe(0)
    const [comment] = marked()
    expect(comment.body).toContain('Alan Turing (EMP-4) is created')
    expect(comment.body).toMatch(/Plan digest `[0-9a-f]{12}` · commit `a1b2c3d4e5f6` · \d{4}-\d\d-\d\d \d\d:\d\d UTC/)

    world.ws.write(ROSTER.replace('groups: [Visitors]', 'gropus: [Visitors]'))
    const broken = await onPullRequest()
    expect(broken.code).toBe(1)
    expect(patches()).toHaveLength(1)
    const body = github().comments.get(comment.id)!.body
    expect(body).toContain('DoorFlow roster: not planned')
    expect(rendered(body)).toContain(`roster.yaml:${VISITORS}: Unknown key 'gropus'`)
    expect(body).toMatch(/commit `a1b2c3d4e5f6` · \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    expect(body).not.toContain('Alan Turing (EMP-4) is created')
    expect(body).not.toContain('doorflow-plan-digest')
    expect(writes()).toEqual([])
  })

  it('reports a syntax problem and an unknown group in one run', async () => {
    world.ws.write(
      ROSTER.replace('groups: [Visitors]', 'groups: [Vistors]').replace('first_name: Grace', 'first_nme: Grace')
    )
    const r = await onPullRequest()
    expect(r.code).toBe(1)
    const errors = r.lines.filter(l => l.startsWith('::error'))
    expect(errors.some(l => l.includes(`line=${GRACE},col=5::Unknown key 'first_nme'`))).toBe(true)
    expect(errors.some(l => l.includes(`line=${VISITORS},col=14::Unknown group 'Vistors'`))).toBe(true)
    expect(errors.at(-1)).toContain('(2 in the file, 1 against DoorFlow)')
    const [comment] = marked()
    expect(rendered(comment.body)).toContain(`roster.yaml:${GRACE}: Unknown key`)
    expect(rendered(comment.body)).toContain(`roster.yaml:${VISITORS}: Unknown group 'Vistors'`)
    expect(writes()).toEqual([])
  })
})

describe('reviewed = applied', () => {
  const merged = () =>
    github().pullsOfCommit.set(MERGE, [
      { number: 7, state: 'closed', merged_at: '2026-12-05T10:00:00Z', merge_commit_sha: MERGE, head_sha: HEAD }
    ])
  /** After the review, someone gives Grace a group by hand in DoorFlow: the merge would take it away unreviewed. */
  const driftAfterReview = () => {
    world.fake.people.people.get(102)!.groups = [1, 2]
  }

  it('a merge whose plan matches the reviewed one goes on silently', async () => {
    expect((await onPullRequest()).code).toBe(0)
    merged()
    const r = await onPush('fail')
    expect(r.code).toBe(0)
    expect(warnings(r)).toEqual([])
    expect(
      r.lines.some(l => /^This plan \(digest [0-9a-f]{12}\) is the one reviewed on pull request #7\.$/.test(l))
    ).toBe(true)
    expect(writes().length).toBeGreaterThan(0)
    expect(github().requestsTo(`GET /repos/${REPOSITORY}/commits/${MERGE}/pulls`)).toHaveLength(1)
  })

  it('warn: lists the changes not in the reviewed plan, and applies', async () => {
    expect((await onPullRequest()).code).toBe(0)
    merged()
    driftAfterReview()
    const r = await onPush()
    expect(r.code).toBe(0)
    expect(warnings(r)).toHaveLength(1)
    expect(warnings(r)[0]).toMatch(
      /is not the one reviewed on pull request #7 \(digest [0-9a-f]{12}\): 1 change not in/
    )
    expect(r.summary).toContain('**Not in the reviewed plan:**')
    expect(rendered(r.summary)).toContain('Grace Hopper (EMP-2) loses Night Shift')
    expect(world.fake.people.people.get(102)!.groups).toEqual([1])
  })

  it('fail: refuses before any write, exit 1, saying what to do', async () => {
    expect((await onPullRequest()).code).toBe(0)
    merged()
    driftAfterReview()
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(world.fake.requestsTo('POST /api/3/sync')).toEqual([])
    const error = r.lines.find(l => l.startsWith('::error'))!
    expect(error).toContain('not the one reviewed on pull request #7')
    expect(error).toContain('unreviewed-changes is fail, so nothing was written')
    expect(error).toContain('or set unreviewed-changes: warn')
    expect(rendered(r.summary)).toContain('Grace Hopper (EMP-2) loses Night Shift')
  })

  it('a roster value that quotes a digest line cannot stand for the review: only our trailer, on the last line, is read', async () => {
    // The plan the attacker wants applied: Alan gets Engineering (Server Room) on top of Visitors.
    const wanted = ROSTER.replace('groups: [Visitors]', 'groups: [Visitors, Engineering]')
    world.ws.write(wanted)
    expect((await onPullRequest()).code).toBe(0)
    const digest = /Plan digest `([0-9a-f]{12})`/.exec(marked()[0].body)![1]
    for (const c of marked()) github().comments.delete(c.id)
    // What reviewers see: the harmless roster, whose notes quote a digest line for the wanted plan,
    // in both the old and the new shape.
    const key = rosterKey('roster.yaml')
    const forged = [
      `<!-- doorflow-plan-digest ${digest} changes - -->`,
      `<!-- doorflow-plan-digest roster ${key} head ${HEAD} digest ${digest} changes - -->`
    ]
    world.ws.write(ROSTER.replace('first_name: Alan', `first_name: Alan\n    notes: "${forged.join(' ')}"`))
    expect((await onPullRequest()).code).toBe(0)
    expect(marked()).toHaveLength(1)
    // Then the wanted roster is merged (its plan run skipped), as the head reviewers approved.
    world.ws.write(wanted)
    merged()
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    expect(r.lines.find(l => l.startsWith('::error'))).toContain('is not the one reviewed on pull request #7')
    expect(writes()).toEqual([])
  })

  it("a plan of an earlier push is no review: the merged pull request's final head was never planned", async () => {
    expect((await onPullRequest()).code).toBe(0)
    // A later push to the pull request (its plan run skipped or failed) is what was merged.
    const later = 'b'.repeat(40)
    github().pullsOfCommit.set(MERGE, [
      { number: 7, state: 'closed', merged_at: '2026-12-05T10:00:00Z', merge_commit_sha: MERGE, head_sha: later }
    ])
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    const error = r.lines.find(l => l.startsWith('::error'))!
    expect(error).toContain(
      "is of commit a1b2c3d4e5f6, not of the pull request's final head commit bbbbbbbbbbbb: the last push was never planned"
    )
    expect(writes()).toEqual([])
  })

  it('no pull request for the commit: a warning under warn, a refusal under fail', async () => {
    const warned = await onPush()
    expect(warned.code).toBe(0)
    expect(warnings(warned)[0]).toContain('No reviewed plan to compare with (no merged pull request is associated')
    world.fake.requests.length = 0
    // Undo what was applied so the next run has a plan again.
    world.fake.people.people.get(101)!.groups = [1, 3]
    const refused = await onPush('fail')
    expect(refused.code).toBe(1)
    expect(writes()).toEqual([])
  })

  it('an empty plan with no reviewed plan to compare is not refused under fail: nothing is written', async () => {
    world.ws.write(MATCHING_ROSTER)
    const r = await onPush('fail')
    expect(r.code).toBe(0)
    expect(r.lines.filter(l => l.startsWith('::error') || l.startsWith('::warning'))).toEqual([])
    expect(r.lines).toContainEqual(
      expect.stringMatching(
        /^No reviewed plan to compare with \(no merged pull request is associated.*The plan is empty: nothing is written, so nothing unreviewed\.$/
      )
    )
    expect(writes()).toEqual([])
    expect(r.outputs['changes']).toBe('0')
  })

  it('an empty pr-comment-token on push: the refusal says how to give one back', async () => {
    const r = await onPush('fail', '')
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(r.lines.find(l => l.startsWith('::error'))).toContain(
      "No reviewed plan to compare with (pr-comment-token is empty, so the merged pull request cannot be read; leave it unset for the workflow's GITHUB_TOKEN, with permissions pull-requests: read)"
    )
  })

  it('a push whose commit cannot be told is unreviewed: a refusal under fail, never "not a push"', async () => {
    expect((await onPullRequest()).code).toBe(0)
    merged()
    const refused = await run(
      { 'dry-run': 'false', 'pr-comment-token': GITHUB_ACTIONS_TOKEN, 'unreviewed-changes': 'fail' },
      { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'not-a-commit' }
    )
    expect(refused.code).toBe(1)
    expect(writes()).toEqual([])
    expect(world.fake.requestsTo('POST /api/3/sync')).toEqual([])
    expect(refused.stdout).not.toContain('not a push')
    expect(refused.lines.find(l => l.startsWith('::error'))).toContain(
      'No reviewed plan to compare with (GITHUB_REPOSITORY or GITHUB_SHA is missing or malformed'
    )
    const warned = await run(
      { 'dry-run': 'false', 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
      { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'not-a-commit' }
    )
    expect(warned.code).toBe(0)
    expect(warnings(warned)[0]).toContain('GITHUB_REPOSITORY or GITHUB_SHA is missing or malformed')
  })

  it('a pr-comment-token GitHub refuses (401) is named as pr-comment-token, on the pull request and on push', async () => {
    const unknown = 'ghp_fake_unknown_token_0123456789'
    const planned = await onPullRequest(unknown)
    expect(planned.code).toBe(0)
    expect(warnings(planned)).toEqual([
      '::warning::The plan is not on the pull request: Asking GitHub who the pr-comment-token is failed: GitHub refused pr-comment-token (HTTP 401: Bad credentials). pr-comment-token is invalid or expired: create a new token and update the secret that pr-comment-token reads.'
    ])
    const refused = await onPush('fail', unknown)
    expect(refused.code).toBe(1)
    expect(writes()).toEqual([])
    const error = refused.lines.find(l => l.startsWith('::error'))!
    expect(error).toContain('GitHub refused pr-comment-token (HTTP 401: Bad credentials). pr-comment-token is invalid')
    for (const r of [planned, refused]) expect(r.stdout).not.toContain('github-token')
  })

  it('a plan comment by someone else on the merged pull request is not the reviewed plan', async () => {
    expect((await onPullRequest()).code).toBe(0)
    merged()
    driftAfterReview()
    // Mallory copies the bot's comment with the new plan's digest... but it is not ours, so it is not read.
    const r0 = await onPush('fail')
    const digest = /digest ([0-9a-f]{12})\) is not/.exec(r0.lines.find(l => l.startsWith('::error'))!)![1]
    for (const c of marked()) github().comments.delete(c.id)
    github().addComment(7, `${MARKER}\n<!-- doorflow-plan-digest ${digest} changes - -->`, 'mallory')
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    expect(r.lines.find(l => l.startsWith('::error'))).toContain('has no plan comment by github-actions[bot]')
    expect(writes()).toEqual([])
  })
})
