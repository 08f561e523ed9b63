/**
 * End to end, a big batch approved where it is reviewed: `node dist/index.js` against the fake
 * DoorFlow (10,000 people) and the fake GitHub. A pull request that removes 250 of them is over the
 * default max-removals (10): the plan on the pull request says which line a reviewer approves it
 * with; an approving review of the last commit with that line, by someone with Write access other
 * than the author, shows in the comment and lets exactly those 250 through on the merge. Every way
 * around it (the line elsewhere, another count, an older commit, a dismissed review, the author, an
 * edit by someone else, a reader's approval) leaves the guard's refusal standing.
 */
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import {
  FakeGitHub,
  type FakeReview,
  GITHUB_ACTIONS_TOKEN,
  type Identity,
  PULL_AUTHOR,
  REPOSITORY,
  REVIEWER,
  WRITER_USER
} from '../../__fixtures__/fake-github.js'
import { DEFAULT_GROUPS, fakePerson, generatePeople, type FakePerson } from '../../__fixtures__/fake-people.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { APPLY_SCOPES, pullRequestEvent, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { fakeEachTest } from '../helpers/each-test.js'
import { rendered } from '../helpers/gfm.js'
import { rosterKey } from '../../src/roster/digest.js'

/** The account and its leavers: 10,000 and 250 for the whole story; the attacks need no more than 200 and 25 (still over 10). */
const size = { people: 10_000, leavers: 250 }
const HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00'
const MERGE = 'beef0000beef0000beef0000beef0000beef0000'
const line = (count = size.leavers) => `doorflow: allow ${count} removals`
const MARKER = `<!-- doorflow-roster-plan ${rosterKey('roster.yaml')} -->`
/** A second reviewer with Write access, whose plain approval keeps the pull request approved while an attack is tried. */
const SECOND: Identity = { login: 'door-second', id: 777002, installation: false }
/** An account with read access only: on a public repository anyone may submit an approving review. */
const STRANGER: Identity = { login: 'passer-by', id: 777003, installation: false }

const world = useRosterWorld(APPLY_SCOPES, () => generatePeople(size.people))
const github = fakeEachTest(async () => {
  const fake = await FakeGitHub.start()
  fake.knownAccounts.push(SECOND, STRANGER)
  fake.permissions.set(SECOND.login, 'write')
  return fake
})

/** The 10,000 as a roster, the last `leavers` left out (so removed: disabled, the default prune). */
function rosterWithout(leavers: number): string {
  const name = (id: number) => DEFAULT_GROUPS.find(g => g.id === id)!.name
  const kept = generatePeople(size.people).slice(0, size.people - leavers)
  const entry = (p: FakePerson) =>
    `  - id: ${p.system_id}\n    first_name: ${p.first_name}\n    last_name: ${p.last_name}\n    email: ${p.email}\n` +
    `    groups: [${p.groups.map(name).join(', ')}]\n`
  return `version: 1\nmanages: EMP-*\npeople:\n${kept.map(entry).join('')}`
}

beforeEach(() => {
  world.ws.write(rosterWithout(size.leavers))
})

async function run(inputs: Record<string, string>, env: Record<string, string>): Promise<ActionRun> {
  const done = await runAction(
    { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', 'timeout-seconds': '120', ...inputs },
    { env: { ...world.ws.env, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github().url, ...env } }
  )
  expect(leakedLines(done, [FAKE_TOKEN, GITHUB_ACTIONS_TOKEN, ...world.fake.issued])).toEqual([])
  return done
}

/** The plan on pull request #7 (head HEAD), on a `pull_request` event or a review's. */
const plan = (event: 'pull_request' | 'pull_request_review' = 'pull_request') =>
  run(
    { 'dry-run': 'true', 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
    { GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: pullRequestEvent(world.ws, HEAD), GITHUB_SHA: MERGE }
  )

/** The apply on the merge of #7 (as MERGE), refusing anything unreviewed (or, `warn`, the default, going on). */
const apply = (unreviewed: 'fail' | 'warn' = 'fail') => {
  github().pullsOfCommit.set(MERGE, [
    { number: 7, state: 'closed', merged_at: '2026-12-05T10:00:00Z', merge_commit_sha: MERGE, head_sha: HEAD }
  ])
  return run(
    { 'dry-run': 'false', 'pr-comment-token': GITHUB_ACTIONS_TOKEN, 'unreviewed-changes': unreviewed },
    { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: MERGE }
  )
}

const comment = () =>
  github()
    .commentsOn(7)
    .find(c => c.body.startsWith(MARKER))!.body
const disables = () => world.fake.requests.filter(r => r.method === 'PUT' && r.path.startsWith('/api/3/people/'))
const errorOf = (r: ActionRun) => r.lines.find(l => l.startsWith('::error')) ?? ''
const approve = (
  who: Identity = REVIEWER,
  body = `Checked the leavers against HR's list.\n${line()}\n`,
  commit = HEAD
) => github().review(7, commit, who, 'APPROVED', body)

describe('250 leavers of 10,000: approved on the pull request, applied on the merge', () => {
  it('refused without approval, planned as needing one, approved by a reviewer, applied on merge', async () => {
    // The plan on the pull request: the apply would be refused, and the comment names the line that approves it.
    const planned = await plan()
    expect(planned.code).toBe(0)
    const before = rendered(comment())
    expect(before).toContain(`the plan locks ${size.leavers} people out of every door`)
    expect(before).toContain('more than max-removals (10, the default')
    expect(before).toContain(`with the line \`${line()}\`; otherwise fix the roster.`)
    expect(before).toContain(`Not approved yet: no approving review of the last commit carries the line \`${line()}\`.`)

    // Merged with a plain approval: reviewed, but nobody approved the 250, so the guard refuses before any write.
    approve(SECOND, 'Looks right.')
    const refused = await apply()
    expect(refused.code).toBe(1)
    expect(disables()).toEqual([])
    expect(errorOf(refused)).toContain(`Refusing to apply: the plan locks ${size.leavers} people out of every door`)
    expect(refused.lines.join('\n')).toContain('No approval of the removals on pull request #7')

    // A reviewer approves the last commit with the line; the review event plans again and the comment says who.
    approve()
    expect((await plan('pull_request_review')).code).toBe(0)
    const after = rendered(comment())
    expect(after).toContain(
      `Locks ${size.leavers} people out of every door, now or in the next 14 days, more than max-removals allows: approved by @${REVIEWER.login} on pull request #7 (\`${line()}\`)`
    )
    expect(after).not.toContain('The apply would be refused')

    // The merge applies exactly those 250, and the log says on whose approval.
    const applied = await apply()
    expect(applied.code).toBe(0)
    expect(applied.outputs['removed']).toBe(String(size.leavers))
    expect(disables()).toHaveLength(size.leavers)
    const leavers = [...world.fake.people.people.values()].filter(p => !p.enabled)
    expect(leavers.map(p => p.system_id).sort()).toEqual(
      generatePeople(size.people)
        .slice(size.people - size.leavers)
        .map(p => p.system_id)
        .sort()
    )
    expect(applied.lines).toContain(
      `The removals are approved on pull request #7 by @${REVIEWER.login}: ${size.leavers} people may be locked out in this run.`
    )
    expect(world.fake.requestsTo('POST /api/3/sync')).toHaveLength(1)
  }, 120_000)

  it('a reviewer who edits their own approval to add the line approves it', async () => {
    expect((await plan()).code).toBe(0)
    const review = approve(REVIEWER, 'Looks right.')
    github().editReview(review, `Looks right.\n${line()}`, REVIEWER)
    const applied = await apply()
    expect(applied.code).toBe(0)
    expect(disables()).toHaveLength(size.leavers)
  }, 120_000)
})

describe('no way around the reviewer: each leaves the refusal standing, nothing written', () => {
  // Runs before the suite's beforeEach of each test below: a smaller account, the same rules.
  beforeAll(() => {
    Object.assign(size, { people: 200, leavers: 25 })
  })
  const attacks: [string, () => void, RegExp | undefined][] = [
    [
      'the line in a comment on the pull request, by anyone',
      () => {
        github().addComment(7, line(), STRANGER)
        github().addComment(7, line(), REVIEWER)
      },
      undefined
    ],
    [
      'the line in a review that only comments',
      () => void github().review(7, HEAD, REVIEWER, 'COMMENTED', line()),
      undefined
    ],
    [
      'another count than the plan locks out',
      () => void approve(REVIEWER, line(size.leavers + 50)),
      /allows 75, and the plan locks out 25/
    ],
    ['two lines that disagree', () => void approve(REVIEWER, `${line()}\n${line(size.leavers + 1)}`), undefined],
    ['the line quoted inside other text', () => void approve(REVIEWER, `> ${line()} — no, not yet`), undefined],
    [
      'an approval of an earlier commit',
      () => void approve(REVIEWER, line(), 'b'.repeat(40)),
      /is of an earlier commit \(bbbbbbbbbbbb\)/
    ],
    ['a dismissed approval', () => github().dismiss(approve()), /was dismissed/],
    [
      'an approval followed by a request for changes',
      () => {
        approve()
        github().review(7, HEAD, REVIEWER, 'CHANGES_REQUESTED', 'Wait: two of them are still here.')
      },
      undefined
    ],
    ["the pull request's author approving it", () => void approve(PULL_AUTHOR), /is by the pull request's author/],
    [
      'a bot approving it',
      () => void approve({ login: 'acme-door-bot[bot]', id: 190000001, installation: true }),
      /is by a bot/
    ],
    [
      "someone else with Write access editing a reviewer's approval to add the line",
      () => {
        const review: FakeReview = approve(REVIEWER, 'Looks right.')
        github().editReview(review, `Looks right.\n${line()}`, WRITER_USER)
      },
      /was edited by @door-admin/
    ],
    ['an account with read access only', () => void approve(STRANGER), /@passer-by has read access, not Write/]
  ]

  it.each(attacks)(
    '%s',
    async (_what, attack, why) => {
      expect((await plan()).code).toBe(0)
      approve(SECOND, 'Looks right.') // the pull request is approved at its head: only the removals are not
      attack()
      const r = await apply()
      expect(r.code).toBe(1)
      expect(disables()).toEqual([])
      expect(world.fake.requestsTo('POST /api/3/sync')).toEqual([])
      expect(errorOf(r)).toContain(`Refusing to apply: the plan locks ${size.leavers} people out of every door`)
      const said = r.lines.find(l => l.startsWith('No approval of the removals on pull request #7: '))
      expect(said).toBeDefined()
      if (why) expect(said).toMatch(why)
    },
    120_000
  )

  it('a dismissal plans again: the comment no longer says approved, and the merge is refused', async () => {
    expect((await plan()).code).toBe(0)
    approve(SECOND, 'Looks right.')
    const review = approve()
    expect((await plan('pull_request_review')).code).toBe(0)
    expect(rendered(comment())).toContain(`approved by @${REVIEWER.login} on pull request #7`)
    github().dismiss(review)
    expect((await plan('pull_request_review')).code).toBe(0)
    const after = rendered(comment())
    expect(after).not.toContain('approved by @')
    expect(after).toContain(
      `Not approved yet: no approving review of the last commit carries the line \`${line()}\` (@${REVIEWER.login}'s review was dismissed).`
    )
    const r = await apply()
    expect(r.code).toBe(1)
    expect(disables()).toEqual([])
  }, 120_000)

  it('the line in the roster itself (a note on a person) approves nothing', async () => {
    world.ws.write(rosterWithout(size.leavers).replace('groups: [', `notes: "${line()}"\n    groups: [`))
    expect((await plan()).code).toBe(0)
    approve(SECOND, 'Looks right.')
    const r = await apply()
    expect(r.code).toBe(1)
    expect(disables()).toEqual([])
    expect(errorOf(r)).toContain(`Refusing to apply: the plan locks ${size.leavers} people out of every door`)
  }, 120_000)

  it('one more leaver than approved (a push after the review) is no approval of the new count', async () => {
    world.ws.write(rosterWithout(size.leavers + 1))
    expect((await plan()).code).toBe(0)
    approve()
    const r = await apply()
    expect(r.code).toBe(1)
    expect(disables()).toEqual([])
    expect(r.lines.join('\n')).toContain(`allows ${size.leavers}, and the plan locks out ${size.leavers + 1}`)
  }, 120_000)

  it('an approval of 25 is no approval of another 25: people the reviewer never saw are not locked out under it (unreviewed-changes: warn)', async () => {
    expect((await plan()).code).toBe(0)
    approve(SECOND, 'Looks right.')
    approve()
    // After the review, DoorFlow changes by hand: 5 of the reviewed leavers are deleted there, and 5
    // people the roster never listed are added under EMP-*. The count is the same; the people are not.
    const reviewed = generatePeople(size.people).slice(size.people - size.leavers)
    for (const p of reviewed.slice(0, 5)) world.fake.people.people.get(p.id)!.deleted = true
    const strangers = [1, 2, 3, 4, 5].map(n =>
      fakePerson(90_000 + n, { system_id: `EMP-9000${n}`, first_name: 'Hand', last_name: `Added${n}`, groups: [1] })
    )
    world.fake.people.load(strangers)
    const r = await apply('warn')
    expect(disables()).toEqual([])
    expect(strangers.map(p => world.fake.people.people.get(p.id)!.enabled)).toEqual([true, true, true, true, true])
    expect(r.code).toBe(1)
    expect(errorOf(r)).toContain(`Refusing to apply: the plan locks ${size.leavers} people out of every door`)
    expect(r.lines).toContain(
      'The approval on pull request #7 is of the plan reviewed there, and this plan is not it: the removals are not approved.'
    )
  }, 120_000)

  it("strangers' approvals with the line, first in GitHub's list, do not crowd out the reviewer's past the check's cap", async () => {
    // On a public repository anyone may approve: five accounts with read access only approve first, with the line.
    const crowd = [1, 2, 3, 4, 5].map(n => ({ login: `passer-by-${n}`, id: 778000 + n, installation: false }))
    github().knownAccounts.push(...crowd)
    expect((await plan()).code).toBe(0)
    for (const who of crowd) approve(who)
    approve()
    const r = await apply()
    expect(r.code).toBe(0)
    expect(disables()).toHaveLength(size.leavers)
    expect(r.lines).toContain(
      `The removals are approved on pull request #7 by @${REVIEWER.login}: ${size.leavers} people may be locked out in this run.`
    )
  }, 120_000)
})
