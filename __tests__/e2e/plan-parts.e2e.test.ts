/**
 * End to end, a plan too long for one pull-request comment: `node dist/index.js` against the fake
 * DoorFlow and the fake GitHub. Every part is a comment of ours (its own marker), updated in place
 * on the next push; parts an earlier, longer plan left are deleted; a foreign comment carrying a
 * part marker is left alone.
 */
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import {
  ACTIONS_BOT,
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  OTHER_BOT,
  REPOSITORY,
  WRITER_USER,
  type IssueComment
} from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { APPLY_SCOPES, pullRequestEvent, pushEvent, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { fakeEachTest } from '../helpers/each-test.js'
import { reviewedDigest, rosterKey } from '../../src/roster/digest.js'
import { readRecord, recordMarker } from '../../src/roster/apply-record.js'

const MARKER = `<!-- doorflow-roster-plan ${rosterKey('roster.yaml')} -->`
const part = (k: number) => `<!-- doorflow-roster-plan ${rosterKey('roster.yaml')} part ${k} -->`
const HEAD = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'

/** A roster of `count` people, none in DoorFlow yet: each is a create, an access change. */
function roster(count: number): string {
  const lines = ['version: 1', 'manages: EMP-*', 'people:']
  for (let n = 1; n <= count; n++)
    lines.push(
      `  - id: EMP-${n}`,
      `    first_name: Person`,
      `    last_name: Number${n}`,
      `    groups: [${n % 2 ? 'Engineering' : 'Night Shift'}]`
    )
  return `${lines.join('\n')}\n`
}

/** An account with nobody in it yet. */
const world = useRosterWorld(APPLY_SCOPES, () => [])
const github = fakeEachTest(() => FakeGitHub.start())
let event: string
beforeEach(() => {
  event = pullRequestEvent(world.ws, HEAD)
})

async function planOnPullRequest(people: number, code = 0): Promise<ActionRun> {
  world.ws.write(roster(people))
  const done = await runAction(
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
        GITHUB_EVENT_PATH: event,
        GITHUB_SHA: HEAD
      }
    }
  )
  expect(leakedLines(done, [FAKE_TOKEN, GITHUB_ACTIONS_TOKEN, ...world.fake.issued])).toEqual([])
  expect(done.code).toBe(code)
  return done
}

/** Our comments on #7, part 1 then part 2, 3, …, by their markers. */
function ours(): { first: IssueComment; parts: IssueComment[] } {
  // The apply's record (apply-record.e2e.test.ts) is ours too, and no part of the plan.
  const mine = github()
    .commentsOn(7)
    .filter(c => c.userId === ACTIONS_BOT.id && !c.body.startsWith(`${recordMarker(rosterKey('roster.yaml'))}\n`))
  const first = mine.filter(c => c.body.startsWith(`${MARKER}\n`))
  expect(first).toHaveLength(1)
  const parts: IssueComment[] = []
  for (let k = 2; ; k++) {
    const found = mine.filter(c => c.body.startsWith(`${part(k)}\n`))
    expect(found.length).toBeLessThanOrEqual(1)
    if (!found.length) break
    parts.push(found[0])
  }
  // Nothing else of ours: no stale or unnumbered part.
  expect(mine).toHaveLength(1 + parts.length)
  return { first: first[0], parts }
}

const deletes = () => github().requests.filter(r => r.method === 'DELETE')
const url = (c: IssueComment) => `https://github.com/${REPOSITORY}/pull/7#issuecomment-${c.id}`

describe('a plan in several comments', () => {
  it('10,000 people: every part a comment under 65,536 characters, linked from part 1; a smaller plan updates in place and deletes the rest', async () => {
    // Foreign comments carrying a part marker: a user's and another bot's.
    const mallory = github().addComment(7, `${part(2)}\nfake part 2: grant Mallory the server room`, 'mallory')
    const bot = github().addComment(7, `${part(3)}\nanother bot's part 3`, OTHER_BOT)

    const first = await planOnPullRequest(10_000)
    const one = ours()
    const count = one.parts.length + 1
    expect(count).toBeGreaterThan(5)
    expect(count).toBeLessThanOrEqual(20)
    for (const c of [one.first, ...one.parts]) expect(c.body.length).toBeLessThanOrEqual(65_536)
    // Part 1 says how many parts there are and links to each other one, in order.
    expect(one.first.body).toContain(`This plan is in ${count} parts`)
    const links = one.parts.map((c, i) => `[part ${i + 2}](${url(c)})`).join(' · ')
    expect(one.first.body).toContain(`**The other parts of this plan:** ${links}`)
    // Each part says which part of which plan (digest) and commit it is.
    const digest = /Plan digest `([0-9a-f]{12})`/.exec(one.first.body)?.[1]
    expect(digest).toBeDefined()
    for (const [i, c] of one.parts.entries()) {
      expect(c.body).toContain(`### DoorFlow roster plan, part ${i + 2} of ${count}`)
      expect(c.body).toContain(`Part ${i + 2} of ${count} of the plan with digest \`${digest}\``)
      expect(c.body).toContain(HEAD.slice(0, 12))
    }
    // Every access change is reachable from the pull request.
    const all = [one.first, ...one.parts].map(c => c.body).join('\n')
    for (let n = 1; n <= 10_000; n++) expect(all).toContain(`(EMP-${n}) is created`)
    // Parts 2.. are written before part 1 (which links to them); nothing deleted; the foreign ones untouched.
    expect(one.parts.every(c => c.id < one.first.id)).toBe(true)
    expect(deletes()).toHaveLength(0)
    expect(github().comments.get(mallory.id)?.body).toBe(`${part(2)}\nfake part 2: grant Mallory the server room`)
    expect(github().comments.get(bot.id)?.body).toBe(`${part(3)}\nanother bot's part 3`)
    expect(first.lines).toContain(
      `The plan's parts 2–${count} are further comments on #7: ${count - 1} created, 0 updated, 0 unchanged.`
    )
    expect(first.lines.filter(l => l.startsWith('::warning'))).toEqual([])

    // A smaller plan: part 1 and the parts it still has are updated in place, the rest deleted.
    github().requests.length = 0
    const second = await planOnPullRequest(4_000)
    const two = ours()
    const fewer = two.parts.length + 1
    expect(fewer).toBeGreaterThan(1)
    expect(fewer).toBeLessThan(count)
    expect(two.first.id).toBe(one.first.id)
    expect(two.parts.map(c => c.id)).toEqual(one.parts.slice(0, fewer - 1).map(c => c.id))
    expect(two.first.body).toContain(`This plan is in ${fewer} parts`)
    expect(two.first.body).not.toContain(`(EMP-4001)`)
    for (const c of two.parts) expect(c.body).toContain(`of ${fewer} of the plan`)
    expect(
      deletes()
        .map(r => r.path)
        .sort()
    ).toEqual(
      one.parts
        .slice(fewer - 1)
        .map(c => `/repos/${REPOSITORY}/issues/comments/${c.id}`)
        .sort()
    )
    expect(github().requestsTo(`POST /repos/${REPOSITORY}/issues/7/comments`)).toHaveLength(0)
    expect(second.lines).toContain(`${count - fewer} plan comments left over from an earlier, longer plan deleted.`)

    // A plan of one part: only part 1 is left of ours; the foreign part markers are still there.
    const third = await planOnPullRequest(3)
    const three = ours()
    expect(three.parts).toEqual([])
    expect(three.first.id).toBe(one.first.id)
    expect(three.first.body).not.toContain('The other parts of this plan')
    expect(third.code).toBe(0)
    expect(github().comments.get(mallory.id)?.body).toContain('fake part 2')
    expect(github().comments.get(bot.id)?.body).toContain("another bot's part 3")
    // The foreign comments were never written to.
    for (const id of [mallory.id, bot.id])
      expect(github().requests.filter(r => r.method !== 'GET' && r.path.endsWith(`/comments/${id}`))).toEqual([])
  }, 120_000)
})

describe('a plan in several comments is one plan, or says it is not', () => {
  const writes = () => github().requests.filter(r => r.method !== 'GET' && r.path.includes('/issues/'))
  const digestOf = (body: string) => /of the plan with digest `([0-9a-f]{12})`|Plan digest `([0-9a-f]{12})`/.exec(body)

  it('the same plan again writes nothing: every part already says it', async () => {
    await planOnPullRequest(2_000)
    const before = ours()
    expect(before.parts.length).toBeGreaterThanOrEqual(2)
    // Planned an hour ago, say: a body that differs only in the time it was planned already says the plan.
    for (const c of [before.first, ...before.parts])
      c.body = c.body.replace(/\d{4}-\d\d-\d\d \d\d:\d\d UTC$/gm, '2026-01-01 00:00 UTC')
    github().requests.length = 0
    const again = await planOnPullRequest(2_000)
    expect(writes()).toEqual([])
    expect(again.lines).toContain(
      `The plan's parts 2–${before.parts.length + 1} are further comments on #7: 0 created, 0 updated, ${before.parts.length} unchanged.`
    )
    expect(again.lines).toContainEqual(
      expect.stringMatching(/^Plan comment on pull request #7 already shows this plan/)
    )
    // Not written again: each still carries the earlier time.
    const after = ours()
    for (const c of [after.first, ...after.parts]) expect(c.body).toContain('2026-01-01 00:00 UTC')
  }, 60_000)

  it('a part GitHub refuses: the step fails, and part 1 says it is out of date, never the old plan beside new parts', async () => {
    await planOnPullRequest(2_000)
    const old = ours()
    const oldDigest = digestOf(old.first.body)![2]
    expect(old.parts.length).toBeGreaterThanOrEqual(2)
    const refused = old.parts[1]
    github().requests.length = 0
    github().always(`PATCH /repos/${REPOSITORY}/issues/comments/${refused.id}`, {
      status: 422,
      body: { message: 'Validation Failed' }
    })
    const r = await planOnPullRequest(2_001, 1)
    expect(r.lines.find(l => l.startsWith('::error'))).toMatch(
      /^::error::The plan could not be shown whole on pull request #7: part 3 of \d+: .*HTTP 422.* Our earlier plan comment now says it is out of date\./
    )
    // Part 1 was marked before any part changed: the first write.
    expect(writes()[0]).toMatchObject({ method: 'PATCH', path: `/repos/${REPOSITORY}/issues/comments/${old.first.id}` })
    const now = ours()
    expect(now.first.body).toContain('### ⚠️ DoorFlow roster plan: out of date')
    expect(reviewedDigest(now.first.body)).toBeUndefined()
    // Each part says whose it is: part 2 is the new plan's, part 3 still the old one's.
    const newDigest = digestOf(now.parts[0].body)![1]
    expect(newDigest).not.toBe(oldDigest)
    expect(digestOf(now.parts[1].body)![1]).toBe(oldDigest)
  }, 60_000)
})

describe('the apply reads every part of a plan in several comments', () => {
  const MERGE = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9'
  /** #7 merged as MERGE at HEAD, approved there; the apply under fail. */
  const apply = () => {
    github().pullsOfCommit.set(MERGE, [
      { number: 7, state: 'closed', merged_at: '2026-12-05T10:00:00Z', merge_commit_sha: MERGE, head_sha: HEAD }
    ])
    github().review(7, HEAD)
    return runAction(
      {
        token: FAKE_TOKEN,
        'base-url': world.fake.url,
        roster: 'roster.yaml',
        'dry-run': 'auto',
        'pr-comment-token': GITHUB_ACTIONS_TOKEN,
        'unreviewed-changes': 'fail'
      },
      {
        env: {
          ...world.ws.env,
          GITHUB_REPOSITORY: REPOSITORY,
          GITHUB_API_URL: github().url,
          GITHUB_EVENT_NAME: 'push',
          GITHUB_EVENT_PATH: pushEvent(world.ws, [MERGE]),
          GITHUB_REF: 'refs/heads/main',
          GITHUB_SHA: MERGE
        }
      }
    )
  }
  const writes = () => world.fake.requests.filter(r => r.method !== 'GET' && r.path.startsWith('/api/3/people'))
  const nodesAsked = () =>
    github()
      .requestsTo('POST /graphql')
      .map(r => (JSON.parse(r.body) as { variables?: { ids?: string[] } }).variables?.ids)
      .filter(ids => ids !== undefined)

  it('untouched parts: every one is asked about in one request, and the plan is the reviewed one', async () => {
    await planOnPullRequest(1_500)
    const { first, parts } = ours()
    expect(parts.length).toBeGreaterThanOrEqual(1)
    const r = await apply()
    expect(r.lines.join('\n')).toMatch(/is the one reviewed on pull request #7/)
    expect(r.code).toBe(0)
    expect(nodesAsked()).toEqual([[first, ...parts].map(c => `IC_${c.id}`)])
  })

  it('a part deleted, or edited, by a Write user: no review, refused before any write', async () => {
    await planOnPullRequest(1_500)
    const { parts } = ours()
    github().comments.delete(parts[0].id)
    const deleted = await apply()
    expect(deleted.code).toBe(1)
    expect(writes()).toEqual([])
    expect(deleted.lines.find(l => l.startsWith('::error'))).toContain(
      'Part 2 of the plan comment on pull request #7 is missing (deleted after it was planned'
    )
    // The merged pull request says the merge was refused, with every planned change not attempted.
    const record = github()
      .commentsOn(7)
      .find(c => c.body.startsWith(`${recordMarker(rosterKey('roster.yaml'))}\n`))!
    expect(readRecord(record.body)!.runs).toEqual([
      expect.objectContaining({ outcome: 'refused-unreviewed', written: 0, failed: 0, sync: 'not-sent' })
    ])
    expect(readRecord(record.body)!.runs[0].notAttempted).toBeGreaterThan(0)
    // Planned again (the part is back), then a part edited by someone else.
    await planOnPullRequest(1_500)
    const again = ours().parts[0]
    github().editComment(again.id, again.body.replace(/Number\d+/, 'Nobody'), WRITER_USER)
    const edited = await apply()
    expect(edited.code).toBe(1)
    expect(writes()).toEqual([])
    expect(edited.lines.find(l => l.startsWith('::error'))).toContain(
      'Part 2 of the plan comment on pull request #7 was edited by door-admin after it was planned'
    )
  })
})
