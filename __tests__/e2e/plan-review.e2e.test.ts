/**
 * End to end, reviewed = applied: the apply after the merge compares its plan's digest with the
 * one reviewed on the merged pull request's plan comment (`node dist/index.js` against the fake
 * DoorFlow and the fake GitHub), warns or refuses before any write when they differ, and names
 * the pull request and the token when GitHub cannot say. A push of several pull requests is in
 * plan-merge-queue.
 */
import { GITHUB_ACTIONS_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import { MATCHING_ROSTER, ROSTER } from '../../__fixtures__/roster-world.js'
import { rendered } from '../helpers/gfm.js'
import { HEAD, MARKER, MERGE, planCommentWorld } from '../helpers/plan-comment.js'
import { rosterKey } from '../../src/roster/digest.js'

const { world, github, run, onPullRequest, onPush, marked, writes, warnings, merged } = planCommentWorld()

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
})
