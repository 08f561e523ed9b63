/**
 * End to end, the plan a reviewer can trust: `node dist/index.js` against the fake DoorFlow and
 * the fake GitHub. The pull-request comment is ours only (written by the token's identity, with
 * the marker), is current on every run (a broken roster too: its problems, commit and time), and
 * the apply after the merge compares its plan's digest with the reviewed one.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  type FakePull,
  GITHUB_ACTIONS_TOKEN,
  GITHUB_OTHER_APP_TOKEN,
  GITHUB_READONLY_TOKEN,
  GITHUB_WRITER_TOKEN,
  OTHER_BOT,
  PULL_AUTHOR,
  REPOSITORY,
  REVIEWER,
  WRITER_USER
} from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import {
  APPLY_SCOPES,
  MATCHING_ROSTER,
  pullRequestEvent,
  pushEvent,
  ROSTER,
  rosterYaml,
  useRosterWorld
} from '../../__fixtures__/roster-world.js'
import { fakeEachTest } from '../helpers/each-test.js'
import { hiddenMarkup, rendered } from '../helpers/gfm.js'
import { reviewedDigest, rosterKey } from '../../src/roster/digest.js'
import { DEFAULT_GROUPS } from '../../__fixtures__/fake-people.js'

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

    // The same plan again: our comment already shows it, so it is not written again (no PATCH of an unchanged body).
    const second = await onPullRequest()
    expect(second.code).toBe(0)
    expect(posts()).toHaveLength(1)
    expect(patches()).toEqual([])
    expect(second.lines).toContainEqual(
      expect.stringMatching(/^Plan comment on pull request #7 already shows this plan; not written again: https:/)
    )

    // Another plan: only our comment is updated.
    world.ws.write(ROSTER.replace('groups: [Visitors]', 'groups: [Visitors, Facilities]'))
    const third = await onPullRequest()
    expect(third.code).toBe(0)
    expect(posts()).toHaveLength(1)
    expect(patches().map(r => r.path)).toEqual([`/repos/${REPOSITORY}/issues/comments/${mine[0].id}`])
    expect(github().comments.get(user.id)!.body).toBe(`${MARKER}\nfake plan: nothing to see`)
    expect(github().comments.get(bot.id)!.body).toBe(`${MARKER}\nanother bot's plan`)
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

  it('a rename merged and applied by another pull request leaves a reviewed change the same change', async () => {
    expect((await onPullRequest()).code).toBe(0)
    // Pull request #6 renames Ada and is merged and applied first: DoorFlow has the new name. #7's
    // merge brings the rename into its roster, so Ada's reviewed change now carries the new label.
    world.fake.people.people.get(101)!.first_name = 'Augusta'
    world.ws.write(ROSTER.replace('first_name: Ada', 'first_name: Augusta'))
    merged()
    const r = await onPush('fail')
    expect(r.code).toBe(0)
    expect(warnings(r)).toEqual([])
    expect(r.lines).toContainEqual(
      expect.stringMatching(/^This plan \(digest [0-9a-f]{12}\) is the one reviewed on pull request #7\.$/)
    )
    expect(world.fake.people.people.get(101)!.groups).toEqual([1, 2])
  })

  it('a re-run of an applied push says the reviewed plan is already applied', async () => {
    expect((await onPullRequest()).code).toBe(0)
    merged()
    expect((await onPush('fail')).code).toBe(0)
    world.fake.requests.length = 0
    const again = await onPush('fail')
    expect(again.code).toBe(0)
    expect(writes()).toEqual([])
    expect(again.lines).toContain('The reviewed plan of pull request #7 is already applied: nothing to write.')
    expect(again.stdout).not.toContain('no longer planned')
    expect(again.lines.filter(l => l.startsWith('::warning') || l.startsWith('::error'))).toEqual([])
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
    // The plan cannot be shown, and an earlier one may stand: a red check, never a warning.
    const planned = await onPullRequest(unknown)
    expect(planned.code).toBe(1)
    expect(warnings(planned)).toEqual([])
    expect(planned.lines.find(l => l.startsWith('::error'))).toBe(
      "::error::The plan could not be shown whole on pull request #7: Asking GitHub who the pr-comment-token is failed: GitHub refused pr-comment-token (HTTP 401: Bad credentials). pr-comment-token is invalid or expired: create a new token and update the secret that pr-comment-token reads. Our plan comments could not be read, so an earlier plan there may be stale: do not approve it. Re-run this job once GitHub accepts the comments; the plan is in this run's job summary."
    )
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

  describe('a push of several commits, or of several pull requests (a merge queue)', () => {
    const sha = (digit: string) => digit.repeat(40)
    /** Pull request `number` merged as `mergedAs`, approved by a reviewer at its head `head`. */
    const pull = (number: number, head: string, mergedAs: string, base?: string): FakePull => {
      github().review(number, head)
      return {
        number,
        state: 'closed',
        merged_at: `2026-12-05T10:${String(number).padStart(2, '0')}:00Z`,
        merge_commit_sha: mergedAs,
        head_sha: head,
        base_ref: base
      }
    }
    /** GitHub's "pull requests associated with a commit": `p` for each of `commits`. */
    const associate = (p: FakePull, ...commits: string[]) => {
      for (const c of commits) github().pullsOfCommit.set(c, [...(github().pullsOfCommit.get(c) ?? []), p])
    }
    /** The apply of a push that brought `commits` (oldest first) to main, with the event file GitHub writes. */
    const onPushOf = (commits: string[], mode: 'warn' | 'fail' = 'fail') =>
      run(
        { 'dry-run': 'false', 'pr-comment-token': GITHUB_ACTIONS_TOKEN, 'unreviewed-changes': mode },
        { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: commits.at(-1)!, GITHUB_EVENT_PATH: pushEvent(world.ws, commits) }
      )
    /** Which commits' pull requests were asked, by their first hex digit, in order. */
    const asked = () =>
      github()
        .requests.map(r => /\/commits\/([0-9a-f]{40})\/pulls/.exec(r.path)?.[1])
        .filter(c => c !== undefined)
        .map(c => c[0])
    /** Pull request `number`'s plan, planned at `head` with `roster` (its comment by the actions bot). */
    const planOn = async (number: number, head: string, roster: string) => {
      world.ws.write(roster)
      const planned = await run(
        { 'dry-run': 'true', 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
        {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: pullRequestEvent(world.ws, head, number),
          GITHUB_SHA: MERGE
        }
      )
      expect(planned.code).toBe(0)
    }
    const ADA = { id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: ['Engineering', 'Loading Dock'] }
    const GRACE = { id: 'EMP-2', first_name: 'Grace', last_name: 'Hopper', groups: ['Engineering'] }
    const EDSGER = { id: 'EMP-3', first_name: 'Edsger', last_name: 'Dijkstra', groups: ['Night Shift'] }
    const ALAN = { id: 'EMP-4', first_name: 'Alan', last_name: 'Turing', groups: ['Visitors'] }
    const ADA_MOVES = { ...ADA, groups: ['Engineering', 'Night Shift'] }
    /** #8 moves Ada from Loading Dock to Night Shift, #9 adds Alan; each was planned on main as it was. */
    const planQueue = async () => {
      await planOn(8, sha('8'), rosterYaml([ADA_MOVES, GRACE, EDSGER]))
      await planOn(9, sha('9'), rosterYaml([ADA, GRACE, EDSGER, ALAN]))
      world.ws.write(rosterYaml([ADA_MOVES, GRACE, EDSGER, ALAN]))
    }

    it.each([
      // A merge commit: the pull request's own commit, then the merge commit (the push's last).
      ['a merge commit', [HEAD, MERGE]],
      // A squash: one commit.
      ['a squash', [MERGE]],
      // A rebase: the pull request's commits made anew on main; the last is merge_commit_sha.
      ['a rebase of three commits', [sha('1'), sha('2'), MERGE]]
    ])('%s of one pull request: its plan is found with one look-up', async (_shape, commits) => {
      expect((await onPullRequest()).code).toBe(0)
      associate(pull(7, HEAD, MERGE), ...commits)
      const r = await onPushOf(commits)
      expect(r.code).toBe(0)
      expect(warnings(r)).toEqual([])
      expect(r.lines).toContainEqual(
        expect.stringMatching(/^This plan \(digest [0-9a-f]{12}\) is the one reviewed on pull request #7\.$/)
      )
      expect(asked()).toEqual(['f'])
      expect(writes().length).toBeGreaterThan(0)
    })

    it('a merge queue’s push: every change reviewed on one of its pull requests is reviewed, each named with its pull request', async () => {
      await planQueue()
      // The queue squashed #8, #9 and #10 (a README change: the roster workflow did not run on it) in one push.
      associate(pull(8, sha('8'), sha('a')), sha('a'))
      associate(pull(9, sha('9'), sha('b')), sha('b'))
      associate(pull(10, sha('7'), sha('c')), sha('c'))
      const r = await onPushOf([sha('a'), sha('b'), sha('c')])
      expect(r.code).toBe(0)
      expect(warnings(r)).toEqual([])
      expect(r.lines).toContainEqual(
        expect.stringMatching(
          /^Every change of this plan \(digest [0-9a-f]{12}\) was reviewed: 1 on pull request #9, 1 on pull request #8\.$/
        )
      )
      expect(rendered(r.summary)).toContain(
        'Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock (pull request #8)'
      )
      expect(rendered(r.summary)).toContain('Alan Turing (EMP-4) is created: groups Visitors (pull request #9)')
      // Newest first, until every change is accounted for.
      expect(asked()).toEqual(['c', 'b', 'a'])
      expect(world.fake.people.people.get(101)!.groups).toEqual([1, 2])
      expect([...world.fake.people.people.values()].some(p => p.system_id === 'EMP-4')).toBe(true)
    })

    it('a merge queue of merge commits: the review reads each pull request once, and the walk ends once every change is accounted for', async () => {
      await planQueue()
      associate(pull(8, sha('8'), sha('a')), sha('8'), sha('a'))
      associate(pull(9, sha('9'), sha('b')), sha('9'), sha('b'))
      // #8's own commit (the oldest) is never asked: #8's merge commit covered the rest.
      github().requests.length = 0
      const r = await onPushOf([sha('8'), sha('a'), sha('9'), sha('b')])
      expect(r.code).toBe(0)
      expect(warnings(r)).toEqual([])
      expect(asked()).toEqual(['b', '9', 'a'])
      // Each is read once by the review check, and once more to write the apply's record on it.
      expect(github().requestsTo(`GET /repos/${REPOSITORY}/issues/8/comments`)).toHaveLength(2)
      expect(github().requestsTo(`GET /repos/${REPOSITORY}/issues/9/comments`)).toHaveLength(2)
      const recorded = (n: number) =>
        github()
          .commentsOn(n)
          .filter(c => c.body.startsWith('<!-- doorflow-roster-applied '))
      expect([recorded(8).length, recorded(9).length]).toEqual([1, 1])
    })

    it('a merge queue where one plan is stale: its changes are unreviewed, and the refusal says why', async () => {
      await planQueue()
      // #8 was pushed to again after its plan (that run skipped), and merged so.
      associate(pull(8, sha('6'), sha('a')), sha('a'))
      associate(pull(9, sha('9'), sha('b')), sha('b'))
      const r = await onPushOf([sha('a'), sha('b')])
      expect(r.code).toBe(1)
      expect(writes()).toEqual([])
      const error = r.lines.find(l => l.startsWith('::error'))!
      expect(error).toMatch(
        /is not the one reviewed on pull request #9 \(digest [0-9a-f]{12}\): 1 change not in the reviewed plan/
      )
      expect(error).toContain(
        "The plan comment on pull request #8 is of commit 888888888888, not of the pull request's final head commit 666666666666"
      )
      expect(rendered(r.summary)).toContain('Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock')
      expect(asked()).toEqual(['b', 'a'])
    })

    it('a pull request merged into another branch, or as a commit not of this push, is not of this push', async () => {
      expect((await onPullRequest()).code).toBe(0)
      associate(pull(7, HEAD, MERGE, 'release'), MERGE)
      associate(pull(7, HEAD, sha('e')), sha('1'))
      const r = await onPushOf([sha('1'), MERGE])
      expect(r.code).toBe(1)
      expect(writes()).toEqual([])
      expect(r.lines.find(l => l.startsWith('::error'))).toContain(
        'No reviewed plan to compare with (no merged pull request is associated with any of the 2 commits looked up of this push)'
      )
    })

    it('a merge queue where one pull request’s comments cannot be read: the others’ plans still count, its changes do not', async () => {
      await planQueue()
      associate(pull(8, sha('8'), sha('a')), sha('a'))
      associate(pull(9, sha('9'), sha('b')), sha('b'))
      github().always(`GET /repos/${REPOSITORY}/issues/8/comments`, { status: 404, body: { message: 'Not Found' } })
      const r = await onPushOf([sha('a'), sha('b')])
      expect(r.code).toBe(1)
      expect(writes()).toEqual([])
      const error = r.lines.find(l => l.startsWith('::error'))!
      expect(error).toMatch(/not the one reviewed on pull request #9 \(digest \w+\): 1 change not in the reviewed plan/)
      expect(error).toContain('The comments of pull request #8 could not be read (')
      expect(rendered(r.summary)).toContain('Alan Turing (EMP-4) is created: groups Visitors (pull request #9)')
    })

    it('past 20 merged pull requests the older ones are not read, and the refusal says so', async () => {
      expect((await onPullRequest()).code).toBe(0)
      // #7 (with the plan) was merged first; 21 pull requests without a plan comment after it.
      const commits = Array.from({ length: 22 }, (_, i) => i.toString(16).padStart(40, 'c'))
      commits.forEach((c, i) => associate(pull(i === 0 ? 7 : 100 + i, i === 0 ? HEAD : sha('5'), c), c))
      const r = await onPushOf(commits)
      expect(r.code).toBe(1)
      expect(writes()).toEqual([])
      expect(r.lines.find(l => l.startsWith('::error'))).toContain(
        'this push merged more than 20 pull requests: the plans of the newest 20 were read, so a change reviewed only on another counts as unreviewed'
      )
      expect(github().requests.filter(r => /\/issues\/\d+\/comments/.test(r.path) && r.method === 'GET')).toHaveLength(
        1 + 20
      )
      expect(github().requestsTo(`GET /repos/${REPOSITORY}/issues/7/comments`)).toHaveLength(1)
    })

    it('past 100 commits the older ones are not looked up, and the refusal says so', async () => {
      expect((await onPullRequest()).code).toBe(0)
      const commits = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(40, 'd'))
      associate(pull(7, HEAD, commits[0]), commits[0])
      const r = await onPushOf(commits)
      expect(r.code).toBe(1)
      expect(writes()).toEqual([])
      expect(r.lines.find(l => l.startsWith('::error'))).toContain(
        'this push brought 101 commits: the pull requests of the newest 100 were looked up, so a change reviewed only on an older one counts as unreviewed'
      )
      expect(asked()).toHaveLength(100)
    })
  })
})

describe('reviewed means untouched: a plan comment edited by another identity is no review', () => {
  /** The pull request gives Alan (new) Engineering on top of Visitors: the grant a Write user would hide. */
  const grant = async () => {
    world.ws.write(ROSTER.replace('groups: [Visitors]', 'groups: [Visitors, Engineering]'))
    expect((await onPullRequest()).code).toBe(0)
    const [comment] = marked()
    expect(rendered(comment.body)).toContain('groups Visitors, Engineering')
    return comment
  }
  /** Anyone with Write may edit anyone's comment: the author stays the bot, the trailer is left alone. */
  const hide = (id: number, editor = WRITER_USER) => {
    const body = github().comments.get(id)!.body
    const edited = body.replace('groups Visitors, Engineering', 'groups Visitors')
    expect(edited).not.toBe(body)
    expect(edited.split('\n').at(-1)).toBe(body.split('\n').at(-1))
    github().editComment(id, edited, editor)
  }
  const nodesAsked = () =>
    github()
      .requestsTo('POST /graphql')
      .filter(r => r.body.includes('nodes('))

  it('fail: a Write user hides a grant in the bot’s plan comment, reviewers approve it, the apply refuses before any write', async () => {
    const comment = await grant()
    hide(comment.id)
    merged()
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(errorOf(r)).toContain(
      'The plan comment on pull request #7 was edited by door-admin after it was planned, so it is no review'
    )
    expect(errorOf(r)).toContain('unreviewed-changes is fail, so nothing was written')
    // One question for the comments read: by their REST node_id, in one request.
    expect(nodesAsked()).toHaveLength(1)
    expect((JSON.parse(nodesAsked()[0].body) as { variables: { ids: string[] } }).variables).toEqual({
      ids: [`IC_${comment.id}`]
    })
  })

  it('warn: the edited plan is no review, so the apply warns that the plan is unreviewed', async () => {
    const comment = await grant()
    hide(comment.id)
    merged()
    const r = await onPush('warn')
    expect(r.code).toBe(0)
    expect(warnings(r).join('\n')).toContain('was edited by door-admin after it was planned, so it is no review')
    expect(r.lines.join('\n')).not.toMatch(/is the one reviewed on pull request #7/)
  })

  it('an edit of part 2 by another identity makes the plan no review too', async () => {
    await grant()
    // A part 2 of ours (what a longer plan has), edited by someone else.
    const part2 = github().addComment(
      7,
      `<!-- doorflow-roster-plan ${rosterKey('roster.yaml')} part 2 -->\nAlan Turing: groups Visitors, Engineering\n\nPart 2 of 2 of the plan.`,
      ACTIONS_BOT
    )
    hide(part2.id)
    merged()
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(errorOf(r)).toContain(
      'Part 2 of the plan comment on pull request #7 was edited by door-admin after it was planned'
    )
    expect((JSON.parse(nodesAsked()[0].body) as { variables: { ids: string[] } }).variables.ids).toHaveLength(2)
  })

  it('another bot’s edit counts as another identity’s: ids are compared, not logins', async () => {
    const comment = await grant()
    hide(comment.id, OTHER_BOT)
    merged()
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    // GraphQL names a bot without REST's [bot] suffix.
    expect(errorOf(r)).toContain('was edited by acme-door-bot after it was planned')
  })

  it('the plan run writing the comment again makes it ours again: its own edits are no tampering', async () => {
    const comment = await grant()
    hide(comment.id)
    // A new push to the pull request is planned: the bot PATCHes the comment back, and is its last editor.
    expect((await onPullRequest()).code).toBe(0)
    expect(github().comments.get(comment.id)!.editor?.id).toBe(ACTIONS_BOT.id)
    merged()
    const r = await onPush('fail')
    expect(r.code).toBe(0)
    expect(r.lines).toContainEqual(
      expect.stringMatching(/^This plan \(digest [0-9a-f]{12}\) is the one reviewed on pull request #7\.$/)
    )
  })

  it('no answer from GraphQL (a server without these fields, an error) fails closed: no review, said plainly', async () => {
    await grant()
    merged()
    github().graphqlRefuses = "Field 'lastEditedAt' doesn't exist on type 'IssueComment'"
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(errorOf(r)).toContain(
      "Who last edited the plan comment on pull request #7 could not be asked of GitHub (GraphQL: Field 'lastEditedAt' doesn't exist on type 'IssueComment'), so it is no review"
    )
  })
})

describe('reviewed means approved: a merged pull request nobody approved at its head', () => {
  const withGrant = async () => {
    world.ws.write(ROSTER.replace('groups: [Visitors]', 'groups: [Visitors, Engineering]'))
    expect((await onPullRequest()).code).toBe(0)
  }
  const reviewsAsked = () => github().requests.filter(r => r.path.startsWith(`/repos/${REPOSITORY}/pulls/7/reviews`))

  it('fail: a plan merged with no approving review is refused before any write', async () => {
    await withGrant()
    merged(false)
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(r.lines.join('\n')).not.toMatch(/is the one reviewed on pull request #7/)
    expect(errorOf(r)).toContain(
      'Pull request #7 has no approving review of its final head commit a1b2c3d4e5f6 by someone other than its author'
    )
    expect(reviewsAsked()).toHaveLength(1)
    expect(reviewsAsked()[0].path).toContain('per_page=100')
  })

  it('warn: an unapproved plan still applies, with a warning that says nobody approved it', async () => {
    await withGrant()
    merged(false)
    const r = await onPush('warn')
    expect(r.code).toBe(0)
    expect(writes().length).toBeGreaterThan(0)
    expect(warnings(r)).toHaveLength(1)
    expect(warnings(r)[0]).toContain(
      'Pull request #7 has no approving review of its final head commit a1b2c3d4e5f6 by someone other than its author'
    )
    expect(warnings(r)[0]).toContain('its plan counts as reviewed only because unreviewed-changes is warn')
    expect(rendered(r.summary)).toContain('its plan counts as reviewed only because unreviewed-changes is warn')
  })

  it.each([
    ['an approval of an earlier commit', () => github().review(7, 'b'.repeat(40))],
    ['the author approving their own pull request', () => github().review(7, HEAD, PULL_AUTHOR)],
    ['the pr-comment-token’s own bot approving it', () => github().review(7, HEAD, ACTIONS_BOT)],
    ['another bot approving it', () => github().review(7, HEAD, OTHER_BOT)],
    ['a dismissed approval', () => github().review(7, HEAD, REVIEWER, 'DISMISSED')],
    [
      'an approval followed by a request for changes',
      () => {
        github().review(7, HEAD)
        github().review(7, HEAD, REVIEWER, 'CHANGES_REQUESTED')
      }
    ]
  ])('fail: %s is no approval', async (_what, review) => {
    await withGrant()
    merged(false)
    review()
    const r = await onPush('fail')
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(errorOf(r)).toContain('has no approving review of its final head commit a1b2c3d4e5f6')
  })

  it('an approval at the head stands after a later comment, and past a page of 100 reviews', async () => {
    await withGrant()
    merged(false)
    for (let i = 0; i < 120; i++)
      github().review(7, HEAD, { login: `commenter-${i}`, id: 900000 + i, installation: false }, 'COMMENTED')
    github().review(7, HEAD)
    github().review(7, HEAD, REVIEWER, 'COMMENTED')
    const r = await onPush('fail')
    expect(r.code).toBe(0)
    expect(warnings(r)).toEqual([])
    expect(reviewsAsked()).toHaveLength(2)
  })
})

describe('no roster or DoorFlow text hides a line', () => {
  const key = rosterKey('roster.yaml')
  /** Every way into hidden markup: a full trailer and marker of ours, comment ends, declarations, CDATA, a processing instruction. */
  const TRAILER = `<!-- doorflow-plan-digest roster ${key} head ${HEAD} digest 0123456789ab changes - -->`
  const HIDING = `--> --!> <! <!-- x <![CDATA[ y ]]> <?php z ?> <!DOCTYPE html> <!-->`
  const NIGHT = 'Night <!-- Shift -->'
  /** The roster (which refuses line breaks): Alan's name opens and closes a comment, his notes quote our trailer and marker; Ada gains the hostile group. */
  const HOSTILE_ROSTER = ROSTER.replace('first_name: Alan', 'first_name: "Alan <!--"')
    .replace('last_name: Turing', `last_name: "Turing -->"\n    notes: "${TRAILER} ${MARKER} ${HIDING}"`)
    .replace('groups: [Engineering, Night Shift]', `groups: [Engineering, "${NIGHT}"]`)
  /** DoorFlow's side (line breaks and all): a group, the person removed and an unmanaged person, each named to hide text. */
  const hostileDoorFlow = () => {
    world.fake.people.groups = DEFAULT_GROUPS.map(g => (g.id === 2 ? { ...g, name: NIGHT } : g))
    world.fake.people.people.get(103)!.last_name = `Dijkstra\n${HIDING}`
    world.fake.people.people.get(105)!.first_name = `Ken\r\n${TRAILER}\n`
  }
  const trailerOf = (body: string) => body.split('\n').at(-1)!

  /** Only our marker (first line) and, on a plan, our trailer (last line): in the raw body and in what GitHub renders. */
  const expectOnlyOurs = (body: string, ours: string[]) => {
    expect(hiddenMarkup(body)).toEqual({ raw: ours, rendered: ours })
  }

  it('the plan comment and the summary: roster and DoorFlow values are shown as written, and nothing of theirs is hidden markup', async () => {
    hostileDoorFlow()
    world.ws.write(HOSTILE_ROSTER)
    const r = await onPullRequest()
    expect(r.lines.filter(l => l.startsWith('::error'))).toEqual([])
    expect(r.code).toBe(0)
    const [comment] = marked()
    const trailer = trailerOf(comment.body)
    expect(trailer).toMatch(/^<!-- doorflow-plan-digest roster [0-9a-f]{12} head a1b2c3d4e5f6/)
    expectOnlyOurs(comment.body, [MARKER, trailer])
    expectOnlyOurs(r.summary, [])
    // Still shown as written: the reviewer reads every value.
    for (const text of [rendered(comment.body), rendered(r.summary)]) {
      expect(text).toContain('Alan <!-- Turing --> (EMP-4) is created')
      // A value is capped at 120 characters, so the trailer quoted is cut: its start is what shows.
      expect(text).toContain(`notes ${TRAILER.slice(0, 100)}`)
      expect(text).toContain(HIDING)
      expect(text).toContain(`gains ${NIGHT}`)
      expect(text).toContain(`Edsger Dijkstra ${HIDING} (EMP-3) is disabled`)
      expect(text).toContain(`Ken ${TRAILER.slice(0, 100)}`)
    }
  })

  it('the problems comment, the not-planned comment and the failure in the summary', async () => {
    // An unknown group and an unknown key, both chosen to hide text.
    world.ws.write(
      ROSTER.replace('groups: [Visitors]', `groups: ["Visitors ${HIDING}"]`).replace(
        'first_name: Grace',
        `first_name: Grace\n    "${TRAILER}": 1`
      )
    )
    const problems = await onPullRequest()
    expect(problems.code).toBe(1)
    const [comment] = marked()
    expect(comment.body).toContain('not planned')
    expectOnlyOurs(comment.body, [MARKER])
    expectOnlyOurs(problems.summary, [])
    expect(rendered(comment.body)).toContain("Unknown key '<!-- doorflow-plan-digest roster")

    // DoorFlow's own error text, when it cannot be read.
    world.ws.write(ROSTER)
    world.fake.always('GET /api/3/people', {
      status: 500,
      body: { error: 'oops', description: `${TRAILER} ${HIDING}` }
    })
    const unread = await onPullRequest()
    expect(unread.code).toBe(1)
    const [again] = marked()
    expect(again.id).toBe(comment.id)
    expect(again.body).toContain('could not be planned')
    expectOnlyOurs(again.body, [MARKER])
    expectOnlyOurs(unread.summary, [])
  })

  it("the apply's summary: its table of changes and the changes nobody reviewed", async () => {
    hostileDoorFlow()
    world.ws.write(HOSTILE_ROSTER)
    expect((await onPullRequest()).code).toBe(0)
    merged()
    // After the review Grace is given the hostile group by hand: the merge takes it away, unreviewed.
    world.fake.people.people.get(102)!.groups = [1, 2]
    const r = await onPush('warn')
    expect(r.code).toBe(0)
    expect(r.summary).toContain('**Not in the reviewed plan:**')
    expectOnlyOurs(r.summary, [])
    const text = rendered(r.summary)
    expect(text).toContain(`Grace Hopper (EMP-2) loses ${NIGHT}`)
    expect(text).toContain('Alan <!-- Turing --> (EMP-4) is created')
  })
})

describe('no file but the roster is ever quoted', () => {
  it('a roster that links to .git/config (where actions/checkout keeps the job token) is refused unread: nothing of it is published', async () => {
    // actions/checkout, with persist-credentials (its default), writes the job's token into the
    // workspace's .git/config as an http extraheader; a roster author replaces the roster with a link
    // to it. Before, the link (inside the workspace) was read and the YAML error quoted the token in
    // the comment, which nothing masks.
    const basic = Buffer.from('x-access-token:ghs_LEAKEDjobTOKEN0123456789abcdef').toString('base64')
    mkdirSync(join(world.ws.dir, '.git'), { recursive: true })
    writeFileSync(
      join(world.ws.dir, '.git', 'config'),
      `[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${basic}\n`
    )
    rmSync(join(world.ws.dir, 'roster.yaml'))
    symlinkSync('.git/config', join(world.ws.dir, 'roster.yaml'))
    const r = await onPullRequest()
    expect(r.code).toBe(1)
    const comment = github()
      .commentsOn(7)
      .map(c => `${c.body}\n${rendered(c.body)}`)
      .join('\n')
    expect(comment).toContain("'roster.yaml' is a link")
    for (const text of [comment, r.summary, rendered(r.summary), r.stdout]) expect(text).not.toContain(basic)
  })
})

describe('no stale plan behind a green check', () => {
  const errorOf = (r: ActionRun) => r.lines.find(l => l.startsWith('::error'))
  /** The roster after a push to the pull request: Alan gets Facilities too, so the plan (and its comment) changes. */
  const pushed = () => world.ws.write(ROSTER.replace('groups: [Visitors]', 'groups: [Visitors, Facilities]'))
  /** A plan on the pull request (with its trailer), then a push that changes it: our comment as it was. */
  const plannedThenPushed = async () => {
    expect((await onPullRequest()).code).toBe(0)
    const [comment] = marked()
    expect(reviewedDigest(comment.body)).toBeDefined()
    pushed()
    return comment
  }
  /** GitHub's refusal of a write; a 422 is never retried. */
  const REFUSED = { status: 422, body: { message: 'Validation Failed' } }

  it('a plan that cannot be written fails the step, and our earlier plan comment says it is out of date: no review to apply', async () => {
    const comment = await plannedThenPushed()
    // GitHub refuses the new plan; it takes the out-of-date mark after it.
    github().script(`PATCH /repos/${REPOSITORY}/issues/comments/${comment.id}`, REFUSED)
    const r = await onPullRequest()
    expect(r.code).toBe(1)
    expect(errorOf(r)).toMatch(
      /^::error::The plan could not be shown whole on pull request #7: .*HTTP 422.* Our earlier plan comment now says it is out of date\. Re-run this job once GitHub accepts the comments; the plan is in this run's job summary\.$/
    )
    const body = github().comments.get(comment.id)!.body
    expect(body.startsWith(`${MARKER}\n### ⚠️ DoorFlow roster plan: out of date`)).toBe(true)
    expect(body).not.toContain('doorflow-plan-digest')
    expect(reviewedDigest(body)).toBeUndefined()
    expect(hiddenMarkup(body)).toEqual({ raw: [MARKER], rendered: [MARKER] })
    // The old plan is no review any more: the merge of the new roster is refused under fail.
    merged()
    const applied = await onPush('fail')
    expect(applied.code).toBe(1)
    expect(errorOf(applied)).toContain('The plan comment on pull request #7 carries no digest')
    expect(writes()).toEqual([])
  })

  it('when GitHub refuses the mark too, the step fails saying the earlier plan is stale', async () => {
    const comment = await plannedThenPushed()
    const before = comment.body
    github().always(`PATCH /repos/${REPOSITORY}/issues/comments/${comment.id}`, REFUSED)
    const r = await onPullRequest()
    expect(r.code).toBe(1)
    expect(errorOf(r)).toContain(
      'Our earlier plan comment could not be marked out of date: it is stale, do not approve it.'
    )
    expect(patches()).toHaveLength(2)
    expect(github().comments.get(comment.id)!.body).toBe(before)
  })

  it("a token that may not comment (a fork's read-only GITHUB_TOKEN): a warning when no plan of ours is there, red when one is", async () => {
    const fork = await onPullRequest(GITHUB_READONLY_TOKEN)
    expect(fork.code).toBe(0)
    expect(warnings(fork)).toEqual([
      expect.stringMatching(
        /^::warning::The plan is not on the pull request: .*HTTP 403 \(Resource not accessible by integration\)\. The token may not comment: .*the plan is in the job summary\)\.$/
      )
    ])
    expect(marked()).toEqual([])

    // A plan of ours is there (the same bot wrote it in a run that could comment): it must not stand behind a green check.
    await plannedThenPushed()
    const stale = await onPullRequest(GITHUB_READONLY_TOKEN)
    expect(stale.code).toBe(1)
    expect(errorOf(stale)).toContain('Our earlier plan comment could not be marked out of date: it is stale')
  })
})

describe("others' comments, any number and any size", () => {
  /**
   * GitHub lists comments oldest first, at most 100 a page (docs.github.com/rest/issues/comments#list-issue-comments),
   * and a body holds at most 65,536 characters (PLATFORM.md). 3,000 comments by others come first; 200 of them are
   * full-length in a 3-byte character (196 kB each: a page of 100 such is 19.6 MB).
   */
  const flood = (count: number, long: number) => {
    for (let n = 0; n < count; n++)
      github().addComment(7, n < long ? '€'.repeat(65_536) : `comment ${n}: LGTM`, n % 2 ? 'reviewer' : OTHER_BOT)
  }

  it('a flood of 3,000 comments, 200 of them full-length: the plan run updates its own comment and the apply finds it', async () => {
    flood(3_000, 200)
    const first = await onPullRequest()
    expect(first.code).toBe(0)
    expect(marked()).toHaveLength(1)
    const [comment] = marked()
    expect(github().commentsOn(7)).toHaveLength(3_001)

    world.ws.write(ROSTER.replace('groups: [Visitors]', 'groups: [Visitors, Facilities]'))
    const second = await onPullRequest()
    expect(second.code).toBe(0)
    expect(posts()).toHaveLength(1)
    expect(patches().map(r => r.path)).toEqual([`/repos/${REPOSITORY}/issues/comments/${comment.id}`])
    expect(marked()).toHaveLength(1)
    // Every read stayed small: pages of 100, and the long ones again 10 at a time.
    const pages = github().requestsTo(`GET /repos/${REPOSITORY}/issues/7/comments`)
    expect(pages.every(r => /per_page=(100|10)&/.test(r.path))).toBe(true)

    merged()
    const applied = await onPush('fail')
    expect(applied.code).toBe(0)
    expect(applied.lines).toContainEqual(
      expect.stringMatching(/^This plan \(digest [0-9a-f]{12}\) is the one reviewed on pull request #7\.$/)
    )
  }, 60_000)

  it('past 5,000 comments the run says plainly that it could not read on: red on the pull request, refused under fail', async () => {
    flood(5_050, 0)
    const r = await onPullRequest()
    expect(r.code).toBe(1)
    expect(r.lines.find(l => l.startsWith('::error'))).toContain(
      'only the first 5,000 comments on the pull request could be read (at most 5,000 in 100 requests), and the plan comment is not among them.'
    )
    expect(posts()).toEqual([])
    merged()
    const applied = await onPush('fail')
    expect(applied.code).toBe(1)
    expect(applied.lines.find(l => l.startsWith('::error'))).toContain('only the first 5,000 comments')
    expect(writes()).toEqual([])
  }, 60_000)
})
