/**
 * End to end, reviewed = applied for a push of several commits or of several pull requests (a merge
 * queue): `node dist/index.js` against the fake DoorFlow and the fake GitHub. Every change must be
 * reviewed on one of the push's pull requests, each named with its pull request, and the walk over
 * the push's commits and pull requests is bounded and says where it stopped.
 */
import { type FakePull, GITHUB_ACTIONS_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import { pullRequestEvent, pushEvent, rosterYaml } from '../../__fixtures__/roster-world.js'
import { rendered } from '../helpers/gfm.js'
import { HEAD, MERGE, planCommentWorld } from '../helpers/plan-comment.js'

const { world, github, run, onPullRequest, writes, warnings } = planCommentWorld()

describe('reviewed = applied: a push of several commits, or of several pull requests (a merge queue)', () => {
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
