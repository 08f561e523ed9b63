/**
 * The plan's comments, in process over real sockets against the fake GitHub: which comments are
 * ours (part 1 and each part K by its own marker), what is written in which order, what happens
 * when a write or a delete fails, and where a plan of more than MAX_PLAN_COMMENTS parts says its
 * rest is.
 */
import { ACTIONS_BOT, FakeGitHub, GITHUB_ACTIONS_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import {
  commentMarker,
  findPlanComment,
  isOurs,
  MAX_PLAN_COMMENTS,
  partMarker as partMarkerOf,
  partOf as partOfRoster
} from '../../src/github/comments.js'
import { upsertPlanComments } from '../../src/github/plan-comments.js'
import { reviewedDigest, rosterKey } from '../../src/roster/digest.js'
import { planComments } from '../../src/roster/comment.js'
import { partsNamed } from '../../src/github/comment-history.js'
import type { Plan, PlannedChange } from '../../src/roster/plan.js'
import { clientContext, fakeEachTest } from '../helpers/each-test.js'
import { finished } from '../helpers/plan.js'

const github = fakeEachTest(() => FakeGitHub.start())

/** The roster these comments plan, and another one planned on the same pull request. */
const ROSTER = rosterKey('roster.yaml')
const OTHER = rosterKey('paris/roster.yaml')
const COMMENT_MARKER = commentMarker(ROSTER)
const partMarker = (k: number) => partMarkerOf(ROSTER, k)
const partOf = (body: unknown) => partOfRoster(body, ROSTER)

const pr = () => ({ apiUrl: github().url, repository: REPOSITORY, number: 7 })
const comments = (rest: string[]) => ({
  rest,
  first: (links: (string | undefined)[]) => `plan, links: ${links.map(l => l ?? 'none').join(' ')}`
})

describe('a part marker is never part 1', () => {
  it('partOf reads 2.. only, isOurs with the plan marker is false for a part', () => {
    expect(partOf(`${partMarker(2)}\nx`)).toBe(2)
    expect(partOf(`${partMarker(20)}\nx`)).toBe(20)
    expect(partOf(`${partMarker(1)}\nx`)).toBeUndefined()
    expect(partOf(`${COMMENT_MARKER}\nx`)).toBeUndefined()
    expect(partOf(` ${partMarker(2)}`)).toBeUndefined()
    expect(partOf(42)).toBeUndefined()
    const user = { login: ACTIONS_BOT.login, id: ACTIONS_BOT.id }
    expect(isOurs({ body: `${partMarker(2)}\nx`, user }, ACTIONS_BOT, COMMENT_MARKER)).toBe(false)
    expect(isOurs({ body: `${partMarker(2)}\nx`, user }, ACTIONS_BOT, partMarker(2))).toBe(true)
    expect(partMarker(2).startsWith(COMMENT_MARKER)).toBe(false)
  })

  it('the reviewed plan (part 1) is found past our own part 2 written before it, each with its node_id', async () => {
    const two = github().addComment(7, `${partMarker(2)}\npart two`, ACTIONS_BOT)
    const first = github().addComment(7, `${COMMENT_MARKER}\npart one`, ACTIONS_BOT)
    const found = await findPlanComment(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ACTIONS_BOT, ROSTER)
    // node_id: what the apply asks GraphQL about, to learn who last edited each (comment-history.ts).
    const nodes = [
      { part: 1, nodeId: `IC_${first.id}` },
      { part: 2, nodeId: `IC_${two.id}` }
    ]
    expect(found).toEqual({ ok: true, comment: { id: first.id, body: first.body, nodes }, foreign: 0 })
  })
})

const create = (n: number): PlannedChange => ({
  systemId: `EMP-${n}`,
  name: `Person ${n} ${'x'.repeat(40)}`,
  kind: 'create',
  fields: { first_name: 'x' },
  groups: [{ id: 1, name: 'Server Room' }],
  roles: []
})
const planOf = (count: number): Plan => {
  return finished({
    version: 1,
    manages: 'EMP-*',
    prune: 'disable',
    changes: Array.from({ length: count }, (_, i) => create(i + 1)),
    unchanged: 0,
    managedCount: count
  })
}
const commit = { sha: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0' } as never
const pull = { apiUrl: 'https://api.github.com', repository: REPOSITORY, number: 7 }

describe('two rosters on one pull request', () => {
  it("each roster writes, finds and deletes only its own comments; an earlier version's comment of ours is deleted", async () => {
    const paris = github().addComment(7, `${commentMarker(OTHER)}\nParis plan`, ACTIONS_BOT)
    const parisPart = github().addComment(7, `${partMarkerOf(OTHER, 2)}\nParis part 2`, ACTIONS_BOT)
    const legacy = github().addComment(7, '<!-- doorflow-roster-plan -->\nold single plan', ACTIONS_BOT)
    const legacyPart = github().addComment(7, '<!-- doorflow-roster-plan part 2 -->\nold part', ACTIONS_BOT)
    const result = await upsertPlanComments(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ROSTER, comments([]))
    expect(result).toMatchObject({ ok: true, action: 'created', foreign: 0, parts: { deleted: 2 } })
    const left = github().commentsOn(7)
    expect(left.map(c => c.id)).toEqual([paris.id, parisPart.id, expect.any(Number)])
    expect(github().comments.has(legacy.id)).toBe(false)
    expect(github().comments.has(legacyPart.id)).toBe(false)
    expect(github().comments.get(paris.id)!.body).toBe(`${commentMarker(OTHER)}\nParis plan`)
    const london = await findPlanComment(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ACTIONS_BOT, ROSTER)
    const parisFound = await findPlanComment(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ACTIONS_BOT, OTHER)
    expect(london.ok && london.comment?.body).toBe(`${COMMENT_MARKER}\nplan, links: `)
    expect(parisFound.ok && parisFound.comment?.id).toBe(paris.id)
  })

  it("a planned trailer names its roster, so one roster's comment is never read as another's review", () => {
    const made = planComments(planOf(2), ['r.yaml'], commit, pull, OTHER, 0)
    expect(reviewedDigest(made.first([]))?.roster).toBe(OTHER)
  })
})

describe('upsertPlanComments', () => {
  it('writes parts 2.. before part 1, links them, and deletes our repeat of a part', async () => {
    const repeat1 = github().addComment(7, `${partMarker(2)}\nold two`, ACTIONS_BOT)
    const repeat2 = github().addComment(7, `${partMarker(2)}\nolder two`, ACTIONS_BOT)
    const result = await upsertPlanComments(
      clientContext(),
      pr(),
      GITHUB_ACTIONS_TOKEN,
      ROSTER,
      comments(['two', 'three'])
    )
    expect(result).toMatchObject({ ok: true, action: 'created', parts: { created: 1, updated: 1, deleted: 1 } })
    const writes = github().requests.filter(r => r.method !== 'GET' && r.path.includes('/issues/'))
    expect(writes.map(r => r.method)).toEqual(['PATCH', 'POST', 'POST', 'DELETE'])
    expect(writes[0].path).toBe(`/repos/${REPOSITORY}/issues/comments/${repeat1.id}`)
    expect(writes[3].path).toBe(`/repos/${REPOSITORY}/issues/comments/${repeat2.id}`)
    const now = github().commentsOn(7)
    expect(now.map(c => c.body.split('\n')[0])).toEqual([partMarker(2), partMarker(3), COMMENT_MARKER])
    const url = (id: number) => `https://github.com/${REPOSITORY}/pull/7#issuecomment-${id}`
    expect(now[2].body).toBe(`${COMMENT_MARKER}\nplan, links: ${url(now[0].id)} ${url(now[1].id)}`)
  })

  it('a second part 1 of ours (two runs that each posted one) is deleted once the first holds the plan', async () => {
    const first = github().addComment(7, `${COMMENT_MARKER}\nplan A`, ACTIONS_BOT)
    const second = github().addComment(7, `${COMMENT_MARKER}\nplan B`, ACTIONS_BOT)
    const result = await upsertPlanComments(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ROSTER, comments([]))
    expect(result).toMatchObject({ ok: true, action: 'updated', parts: { deleted: 1 } })
    const writes = github().requests.filter(r => r.method !== 'GET' && r.path.includes('/issues/'))
    expect(writes.map(r => `${r.method} ${r.path}`)).toEqual([
      `PATCH /repos/${REPOSITORY}/issues/comments/${first.id}`,
      `DELETE /repos/${REPOSITORY}/issues/comments/${second.id}`
    ])
    expect(
      github()
        .commentsOn(7)
        .map(c => c.id)
    ).toEqual([first.id])
  })

  it('a part that cannot be written leaves part 1 as it was', async () => {
    const first = github().addComment(7, `${COMMENT_MARKER}\nthe reviewed plan`, ACTIONS_BOT)
    github().always(`POST /repos/${REPOSITORY}/issues/7/comments`, {
      status: 422,
      body: { message: 'Validation Failed' }
    })
    const result = await upsertPlanComments(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ROSTER, comments(['two']))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toMatch(/^part 2 of 2: /)
    expect(github().comments.get(first.id)?.body).toBe(`${COMMENT_MARKER}\nthe reviewed plan`)
    expect(github().requests.filter(r => r.method === 'PATCH')).toEqual([])
  })

  it('a left-over part that cannot be deleted fails the write, not hidden; one already gone (404) is done', async () => {
    github().addComment(7, `${COMMENT_MARKER}\nplan`, ACTIONS_BOT)
    const two = github().addComment(7, `${partMarker(2)}\ntwo`, ACTIONS_BOT)
    const three = github().addComment(7, `${partMarker(3)}\nthree`, ACTIONS_BOT)
    github().always(`DELETE /repos/${REPOSITORY}/issues/comments/${two.id}`, { status: 500, body: { message: 'oops' } })
    github().always(`DELETE /repos/${REPOSITORY}/issues/comments/${three.id}`, {
      status: 404,
      body: { message: 'Not Found' }
    })
    const result = await upsertPlanComments(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ROSTER, comments([]))
    expect(result).toMatchObject({
      ok: false,
      message: 'a plan comment of ours left over from an earlier plan could not be deleted, beside the current plan',
      earlier: 'unmarked'
    })
    expect(github().comments.get(two.id)?.body).toBe(`${partMarker(2)}\ntwo`)
  })

  it('writes at most MAX_PLAN_COMMENTS comments, and an unsafe html_url is not linked', async () => {
    github().always(`POST /repos/${REPOSITORY}/issues/7/comments`, {
      status: 201,
      body: { id: 1, html_url: 'javascript:alert(1)' }
    })
    const rest = Array.from({ length: 30 }, (_, i) => `part ${i + 2}`)
    const result = await upsertPlanComments(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ROSTER, comments(rest))
    expect(result).toMatchObject({ ok: true, url: '', parts: { created: MAX_PLAN_COMMENTS - 1 } })
    const posts = github().requestsTo(`POST /repos/${REPOSITORY}/issues/7/comments`)
    expect(posts).toHaveLength(MAX_PLAN_COMMENTS)
    expect(posts[MAX_PLAN_COMMENTS - 1].body).toContain(`plan, links: ${Array(19).fill('none').join(' ')}"`)
  })
})

describe('planComments', () => {
  it('a plan past MAX_PLAN_COMMENTS parts: part 1 says where the rest is', () => {
    const made = planComments(planOf(25_000), ['r.yaml'], commit, pull, ROSTER, 0)
    expect(made.rest).toHaveLength(MAX_PLAN_COMMENTS - 1)
    const links = made.rest.map((_, i) => `https://github.com/o/r/pull/7#issuecomment-${i}`)
    const first = made.first(links)
    const count = Number(/This plan is in (\d+) parts/.exec(first)?.[1])
    expect(count).toBeGreaterThan(MAX_PLAN_COMMENTS)
    expect(first).toContain(
      `> Parts ${MAX_PLAN_COMMENTS + 1}–${count} are not on the pull request (a plan takes at most ${MAX_PLAN_COMMENTS} comments)`
    )
    for (const text of [first, ...made.rest]) expect(text.length + 60).toBeLessThanOrEqual(65_536)
    // Parts past the last comment were never shown to a reviewer: no trailer, so no apply takes the
    // plan for a review, and the step fails with notWhole.
    expect(first).not.toContain('doorflow-plan-digest')
    expect(reviewedDigest(first)).toBeUndefined()
    expect(made.notWhole).toContain(`parts ${MAX_PLAN_COMMENTS + 1}–${count} are not on pull request #7`)
  })

  it('a plan of at most MAX_PLAN_COMMENTS parts carries its trailer and does not fail the step', () => {
    const head = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
    const made = planComments(planOf(3), ['r.yaml'], commit, { ...pull, headSha: head }, ROSTER, 0)
    expect(reviewedDigest(made.first([]))).toMatchObject({ roster: ROSTER, head })
    expect(made.notWhole).toBeUndefined()
  })

  it('a plan of one part has no links line', () => {
    const made = planComments(planOf(3), ['r.yaml'], commit, pull, ROSTER, 0)
    expect(made.rest).toEqual([])
    expect(made.first([])).not.toContain('The other parts')
  })

  it('partsNamed reads the parts part 1 links to (the apply holds them against the comments found), none for one part', () => {
    const made = planComments(planOf(25_000), ['r.yaml'], commit, pull, ROSTER, 0)
    const links = made.rest.map((_, i) => (i === 3 ? undefined : `https://github.com/o/r/pull/7#issuecomment-${i}`))
    const named = Array.from({ length: MAX_PLAN_COMMENTS - 1 }, (_, i) => i + 2)
    expect(partsNamed(made.first(links))).toEqual(named)
    expect(partsNamed(planComments(planOf(3), ['r.yaml'], commit, pull, ROSTER, 0).first([]))).toEqual([])
  })
})

describe('reading past others’ comments', () => {
  const stale = '### ⚠️ out of date'

  it('our part 1 first, then 5,050 others: the reviewed plan is found on the first page', async () => {
    const ours = github().addComment(7, `${COMMENT_MARKER}\nplan`, ACTIONS_BOT)
    for (let n = 0; n < 5_050; n++) github().addComment(7, `LGTM ${n}`)
    const found = await findPlanComment(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ACTIONS_BOT, ROSTER)
    const nodes = [{ part: 1, nodeId: `IC_${ours.id}` }]
    expect(found).toEqual({ ok: true, comment: { id: ours.id, body: ours.body, nodes }, foreign: 0 })
    expect(github().requestsTo(`GET /repos/${REPOSITORY}/issues/7/comments`)).toHaveLength(1)
  })

  it('when not every comment can be read, nothing is written but the out-of-date mark on our part 1', async () => {
    const ours = github().addComment(7, `${COMMENT_MARKER}\nthe earlier plan`, ACTIONS_BOT)
    for (let n = 0; n < 5_050; n++) github().addComment(7, `LGTM ${n}`)
    const result = await upsertPlanComments(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ROSTER, {
      ...comments(['two']),
      stale
    })
    expect(result).toMatchObject({ ok: false, earlier: 'marked', readOnly: false })
    if (!result.ok)
      expect(result.message).toContain(
        'only the first 5,000 comments on the pull request could be read (at most 5,000 in 100 requests), and comments of the plan may be past them.'
      )
    const writes = github().requests.filter(r => r.method !== 'GET')
    expect(writes.map(r => `${r.method} ${r.path}`)).toEqual([
      'POST /graphql',
      `PATCH /repos/${REPOSITORY}/issues/comments/${ours.id}`
    ])
    expect(github().comments.get(ours.id)?.body).toBe(`${COMMENT_MARKER}\n${stale}`)
  })

  it('a page of ten that is still over the cap (more than GitHub allows) is said, not skipped', async () => {
    github().addComment(7, 'x'.repeat(65_536))
    github().always(`GET /repos/${REPOSITORY}/issues/7/comments`, { streamBytes: 5 * 1024 * 1024 })
    const found = await findPlanComment(clientContext(), pr(), GITHUB_ACTIONS_TOKEN, ACTIONS_BOT, ROSTER)
    expect(found.ok).toBe(false)
    if (!found.ok)
      expect(found.message).toMatch(/a page of 10 comments is over 4000 KiB, more than GitHub's comments can hold\.$/)
    const pages = github().requestsTo(`GET /repos/${REPOSITORY}/issues/7/comments`)
    expect(pages.map(r => r.path.split('?')[1])).toEqual(['per_page=100&page=1', 'per_page=10&page=1'])
  })
})
