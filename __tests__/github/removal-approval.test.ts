/**
 * The approval of a big batch of removals, as a pure decision: which line a review body must carry
 * (allowedIn), and which reviewers' latest verdicts would allow exactly the plan's lock-outs
 * (allowances); and how the guard takes such an approval (approveGuard): exactly the count, never an
 * empty roster. Then batchApproval in process, over real sockets against the fake GitHub: who
 * edited the review and the reviewer's access, each failing closed. The whole run is
 * batch-approval.e2e.test.ts.
 */
import {
  allowances,
  allowedIn,
  allowLine,
  batchApproval,
  MAX_ALLOWANCES_CHECKED
} from '../../src/github/removal-approval.js'
import { latestVerdicts, type Review } from '../../src/github/approvals.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  type Identity,
  REPOSITORY,
  REVIEWER,
  WRITER_USER
} from '../../__fixtures__/fake-github.js'
import { clientContext, fakeEachTest } from '../helpers/each-test.js'
import { approveGuard, defaultMaxRemovals, guard } from '../../src/roster/guard.js'
import { approvable, shownWithBatch } from '../../src/roster/batch.js'
import type { GuardReport, LockOut, PlannedChange } from '../../src/roster/plan.js'

const HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00'
const AUTHOR = 583231
const ME = { id: 41898282 }
const pull = { headSha: HEAD, authorId: AUTHOR }

const review = (over: Partial<Review> & { login?: string; userId?: number; type?: string } = {}): Review => {
  const { login = 'door-reviewer', userId = 777001, type = 'User', ...rest } = over
  return {
    id: 81,
    node_id: 'PRR_81',
    user: { id: userId, login, type },
    state: 'APPROVED',
    commit_id: HEAD,
    body: allowLine(250),
    author_association: 'MEMBER',
    ...rest
  }
}

describe('allowedIn: the line, alone on its line', () => {
  it.each([
    ['doorflow: allow 250 removals', 250],
    ['  doorflow: allow 250 removals  ', 250],
    ['Checked against HR.\r\ndoorflow: allow 250 removals\r\nThanks', 250],
    ['doorflow: allow 1 removal', 1],
    ['doorflow: allow 250 removals\ndoorflow: allow 250 removals', 250]
  ])('%j allows %d', (body, count) => {
    expect(allowedIn(body)).toBe(count)
  })

  it.each([
    ['', 'empty'],
    ['doorflow: allow 250 removals\ndoorflow: allow 251 removals', 'two counts'],
    ['> doorflow: allow 250 removals', 'quoted'],
    ['`doorflow: allow 250 removals`', 'in code'],
    ['I would not write doorflow: allow 250 removals here', 'inside a sentence'],
    ['Doorflow: Allow 250 removals', 'another case'],
    ['doorflow: allow 0250 removals', 'a leading zero'],
    ['doorflow: allow 0 removals', 'zero'],
    ['doorflow: allow 2,500 removals', 'a separator'],
    ['doorflow: allow -250 removals', 'a sign'],
    ['doorflow: allow 25000000 removals', 'more than 7 digits'],
    ['doorflow: allow ２５０ removals', 'full-width digits'],
    ['doorflow:  allow 250 removals', 'two spaces']
  ])('%j allows nothing (%s)', body => {
    expect(allowedIn(body)).toBeUndefined()
  })

  it('a body that is not text allows nothing', () => {
    expect(allowedIn(null)).toBeUndefined()
    expect(allowedIn(250)).toBeUndefined()
  })
})

describe('allowances: whose latest verdict allows exactly the lock-outs', () => {
  it('a reviewer approving the head with the line, and the count the plan locks out', () => {
    expect(allowances([review()], pull, ME, 250)).toEqual({
      found: [{ reviewId: 81, nodeId: 'PRR_81', login: 'door-reviewer', userId: 777001, count: 250, insider: true }],
      refused: []
    })
    // What GitHub says of the reviewer only orders the checks: someone of no association is still found.
    expect(allowances([review({ author_association: 'NONE' })], pull, ME, 250).found).toEqual([
      expect.objectContaining({ reviewId: 81, insider: false })
    ])
  })

  it('compares the head commit ignoring case', () => {
    expect(allowances([review({ commit_id: HEAD.toUpperCase() })], pull, ME, 250).found).toHaveLength(1)
  })

  it.each([
    ['the author', review({ userId: AUTHOR, login: 'octocat' }), "@octocat's review is by the pull request's author"],
    ['the token itself', review({ userId: ME.id, login: 'github-actions[bot]' }), 'is by the pr-comment-token'],
    ['a bot', review({ type: 'Bot', login: 'acme[bot]', userId: 5 }), "@acme[bot]'s review is by a bot"],
    ['dismissed', review({ state: 'DISMISSED' }), 'was dismissed'],
    ['changes requested', review({ state: 'CHANGES_REQUESTED' }), 'does not approve'],
    ['an earlier commit', review({ commit_id: 'b'.repeat(40) }), 'is of an earlier commit (bbbbbbbbbbbb)'],
    ['no commit', review({ commit_id: null }), 'is of an earlier commit'],
    ['another count', review({ body: allowLine(249) }), 'allows 249, and the plan locks out 250'],
    ['no review id', review({ id: 'x' }), 'has no id']
  ])('%s: no allowance, and the comment says why', (_what, r, why) => {
    const got = allowances([r], pull, ME, 250)
    expect(got.found).toEqual([])
    expect(got.refused).toHaveLength(1)
    expect(got.refused[0]).toContain(why)
  })

  it('a review without the line is neither an allowance nor a refusal to report', () => {
    expect(allowances([review({ body: 'LGTM' })], pull, ME, 250)).toEqual({ found: [], refused: [] })
  })

  it('a pull request whose head GitHub did not say allows nothing', () => {
    expect(allowances([review()], { headSha: undefined, authorId: AUTHOR }, ME, 250).found).toEqual([])
  })

  it("a reviewer's login is shown through the gate: no line breaks, no workflow command", () => {
    const got = allowances([review({ login: 'x\n::error::boom', state: 'DISMISSED' })], pull, ME, 250)
    expect(got.refused[0]).not.toContain('\n')
    expect(got.refused[0]).not.toMatch(/^::/m)
  })
})

describe('approveGuard: exactly the count approved, never an empty roster', () => {
  const lockOut = (n: number): LockOut => ({ systemId: `EMP-${n}`, name: `Leaver ${n}`, personId: n, how: 'removed' })
  const remove = (n: number): PlannedChange => ({
    kind: 'remove',
    systemId: `EMP-${n}`,
    name: `Leaver ${n}`,
    personId: n,
    mode: 'disable',
    groups: []
  })
  const planOf = (removed: number, listed: number) => ({
    changes: Array.from({ length: removed }, (_, i) => remove(i + 1)),
    unchanged: listed,
    managedCount: removed + listed,
    lockOuts: Array.from({ length: removed }, (_, i) => lockOut(i + 1))
  })
  const approval = (count: number) => ({ by: 'door-reviewer', count, pr: 7 })
  const refused = guard(planOf(250, 9750), undefined)

  it('250 of 10,000 is refused by the default, and approvable', () => {
    expect(refused).toMatchObject({ refused: true, rule: 'max-removals', lockOuts: 250, limit: 10 })
    expect(refused.reason).toContain('with the line `doorflow: allow 250 removals`')
    expect(approvable(refused)).toBe(250)
  })

  it('an approval of exactly 250 lets the 250 through, saying by whom', () => {
    expect(approveGuard(refused, approval(250))).toEqual({
      lockOuts: 250,
      limit: 250,
      limitSource: 'approval',
      refused: false,
      approval: approval(250)
    })
  })

  it.each([249, 251, 10_000])('an approval of %d is no approval of 250', count => {
    expect(approveGuard(refused, approval(count))).toBeUndefined()
  })

  it('a plan within max-removals needs no approval, and an approval changes nothing', () => {
    const within = guard(planOf(5, 9995), undefined)
    expect(approvable(within)).toBeUndefined()
    expect(approveGuard(within, approval(5))).toBeUndefined()
  })

  it('an empty roster is never approved, whatever the count', () => {
    const empty: GuardReport = guard(planOf(3, 0), undefined)
    expect(empty).toMatchObject({ refused: true, rule: 'empty-roster' })
    expect(approvable(empty)).toBeUndefined()
    expect(approveGuard(empty, approval(3))).toBeUndefined()
  })

  it("the comment's plan shows the approval, or why there is none yet; the plan's own report is untouched", () => {
    const plan = { guard: refused }
    expect(shownWithBatch(plan, { approval: approval(250) }).guard).toMatchObject({
      refused: false,
      approval: approval(250)
    })
    expect(shownWithBatch(plan, { approval: approval(251) }).guard).toBe(refused)
    expect(shownWithBatch(plan, { why: 'nobody yet' }).guard.reason).toMatch(
      /otherwise fix the roster\. Not approved yet: nobody yet\.$/
    )
    expect(shownWithBatch(plan, undefined)).toBe(plan)
    expect(plan.guard).toBe(refused)
  })
})

describe('the default max-removals, at 10 and at 10,000 people', () => {
  it('1 at 10 people, 10 at 10,000: a bigger batch is approved by a reviewer', () => {
    expect(defaultMaxRemovals(10)).toBe(1)
    expect(defaultMaxRemovals(10_000)).toBe(10)
  })
})

describe('batchApproval against the fake GitHub: edits and access, failing closed', () => {
  const github = fakeEachTest(() => FakeGitHub.start())
  const merged = { number: 7, headSha: HEAD, authorId: AUTHOR }
  const ask = async (wanted = 250) => {
    const ctx = clientContext()
    const read = await latestVerdicts(ctx, github().url, REPOSITORY, GITHUB_ACTIONS_TOKEN, 7)
    if (!read.ok) throw new Error(read.why)
    return batchApproval(ctx, github().url, REPOSITORY, GITHUB_ACTIONS_TOKEN, ACTIONS_BOT, merged, read.latest, wanted)
  }
  const permissionAsked = () => github().requests.filter(r => r.path.includes('/collaborators/'))
  const approve = (who: Identity = REVIEWER) => github().review(7, HEAD, who, 'APPROVED', allowLine(250))

  it('a writer approving the head with the line: approved, after one GraphQL and one permission request', async () => {
    approve()
    expect(await ask()).toEqual({ ok: true, approval: { by: REVIEWER.login, count: 250, pr: 7 } })
    expect(github().requestsTo('POST /graphql')).toHaveLength(1)
    expect(permissionAsked().map(r => r.path)).toEqual([`/repos/${REPOSITORY}/collaborators/door-reviewer/permission`])
  })

  it('no allowance line: no request beyond the reviews', async () => {
    github().review(7, HEAD, REVIEWER, 'APPROVED', 'LGTM')
    const got = await ask()
    expect(got).toMatchObject({ ok: false })
    expect(github().requestsTo('POST /graphql')).toEqual([])
    expect(permissionAsked()).toEqual([])
  })

  it.each([
    [
      'GraphQL refuses (a server without the field)',
      () => (github().graphqlRefuses = 'Field editor does not exist'),
      'could not be checked for edits'
    ],
    [
      'an account GitHub does not know (404)',
      () => {
        const ghost = { login: 'ghost-reviewer', id: 55, installation: false }
        github().reviews.get(7)![0].reviewer = ghost
      },
      "@ghost-reviewer's access could not be read"
    ],
    [
      'a reviewer with read access',
      () => github().permissions.set(REVIEWER.login, 'read'),
      '@door-reviewer has read access, not Write'
    ],
    [
      'a reviewer with no access',
      () => github().permissions.set(REVIEWER.login, 'none'),
      '@door-reviewer has no access, not Write'
    ],
    [
      'a body edited by an admin',
      () => github().editReview(github().reviews.get(7)![0], allowLine(250), WRITER_USER),
      'was edited by @door-admin'
    ]
  ])('%s: no approval, saying why', async (_what, setUp, why) => {
    approve()
    setUp()
    const got = await ask()
    expect(got.ok).toBe(false)
    expect(!got.ok && got.why).toContain(why)
  })

  it(`at most ${MAX_ALLOWANCES_CHECKED} reviewers' access is asked, however many carry the line`, async () => {
    for (let i = 0; i < 8; i++) approve({ login: `reader-${i}`, id: 900 + i, installation: false })
    github().knownAccounts.push(
      ...Array.from({ length: 8 }, (_, i) => ({ login: `reader-${i}`, id: 900 + i, installation: false }))
    )
    const got = await ask()
    expect(got.ok).toBe(false)
    expect(permissionAsked()).toHaveLength(MAX_ALLOWANCES_CHECKED)
  })
})
