/**
 * End to end, the plan comment a reviewer can trust: `node dist/index.js` against the fake DoorFlow
 * and the fake GitHub. The pull-request comment is ours only (written by the token's identity, with
 * the marker), is current on every run (a broken roster too: its problems, commit and time), is no
 * review once another identity edits it, hides nothing of the roster's or DoorFlow's text, is never
 * stale behind a green check, and is found among any number of others' comments. The apply's
 * checks of the review are in plan-review, plan-merge-queue and plan-approval.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  ACTIONS_BOT,
  GITHUB_READONLY_TOKEN,
  GITHUB_WRITER_TOKEN,
  OTHER_BOT,
  REPOSITORY,
  WRITER_USER
} from '../../__fixtures__/fake-github.js'
import type { ActionRun } from '../../__fixtures__/run-action.js'
import { ROSTER } from '../../__fixtures__/roster-world.js'
import { hiddenMarkup, rendered } from '../helpers/gfm.js'
import { GRACE, HEAD, MARKER, planCommentWorld, VISITORS } from '../helpers/plan-comment.js'
import { reviewedDigest, rosterKey } from '../../src/roster/digest.js'
import { DEFAULT_GROUPS } from '../../__fixtures__/fake-people.js'

const { world, github, onPullRequest, onPush, marked, posts, patches, writes, warnings, merged, errorOf } =
  planCommentWorld()

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
