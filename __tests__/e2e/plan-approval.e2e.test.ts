/**
 * End to end, reviewed means approved: the apply of a merged pull request that nobody but its author
 * (or a bot) approved at its head is refused under unreviewed-changes: fail and warned of under warn
 * (`node dist/index.js` against the fake DoorFlow and the fake GitHub).
 */
import { ACTIONS_BOT, OTHER_BOT, PULL_AUTHOR, REPOSITORY, REVIEWER } from '../../__fixtures__/fake-github.js'
import { ROSTER } from '../../__fixtures__/roster-world.js'
import { rendered } from '../helpers/gfm.js'
import { HEAD, planCommentWorld } from '../helpers/plan-comment.js'

const { world, github, onPullRequest, onPush, writes, warnings, merged, errorOf } = planCommentWorld()

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
