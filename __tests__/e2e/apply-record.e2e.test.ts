/**
 * End to end, the apply's record on the merged pull request: `node dist/index.js` plans on the pull
 * request, then applies on the push of its merge, against the fake DoorFlow and the fake GitHub.
 * The merged pull request gets one comment of ours per roster saying what each apply wrote, failed
 * and did not attempt, when DoorFlow accepted the sync and when the doors confirmed it (UTC), with
 * a trailer a program reads back; a re-run updates it in place; a record GitHub refuses is a
 * warning, and the step stays green.
 */
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import {
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  GITHUB_READONLY_TOKEN,
  GITHUB_WRITER_TOKEN,
  REPOSITORY,
  REVIEWER,
  WRITER_USER
} from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { APPLY_SCOPES, PLAN_SCOPES, pullRequestEvent, ROSTER, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { fakeEachTest } from '../helpers/each-test.js'
import { hiddenMarkup, rendered } from '../helpers/gfm.js'
import { signalWhen } from '../helpers/e2e.js'
import { rosterKey } from '../../src/roster/digest.js'
import { readRecord, recordMarker } from '../../src/roster/apply-record.js'

const MARKER = recordMarker(rosterKey('roster.yaml'))
const HEAD = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const MERGE = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9'
const MERGED_AT = '2026-12-05T10:00:00Z'

const world = useRosterWorld(APPLY_SCOPES)
const github = fakeEachTest(() => FakeGitHub.start())

async function run(inputs: Record<string, string>, env: Record<string, string>): Promise<ActionRun> {
  const done = await runAction(
    { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', ...inputs },
    {
      env: {
        ...world.ws.env,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_API_URL: github().url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '4242',
        ...env
      }
    }
  )
  expect(leakedLines(done, [FAKE_TOKEN, GITHUB_ACTIONS_TOKEN, GITHUB_WRITER_TOKEN, GITHUB_READONLY_TOKEN])).toEqual([])
  return done
}

const onPullRequest = () =>
  run(
    { 'dry-run': 'true', 'pr-comment-token': GITHUB_ACTIONS_TOKEN },
    { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: pullRequestEvent(world.ws, HEAD), GITHUB_SHA: MERGE }
  )
const onPush = (token = GITHUB_ACTIONS_TOKEN, inputs: Record<string, string> = {}) =>
  run(
    { 'dry-run': 'false', 'pr-comment-token': token, 'unreviewed-changes': 'fail', ...inputs },
    { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: MERGE }
  )
const waiting = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' }

/** Pull request #7 was merged as MERGE, its last head HEAD (the commit planned), approved there. */
async function reviewedAndMerged(): Promise<void> {
  expect((await onPullRequest()).code).toBe(0)
  github().pullsOfCommit.set(MERGE, [
    { number: 7, state: 'closed', merged_at: MERGED_AT, merge_commit_sha: MERGE, head_sha: HEAD }
  ])
  github().review(7, HEAD)
}

const records = () =>
  github()
    .commentsOn(7)
    .filter(c => c.body.startsWith(`${MARKER}\n`))
/** POSTs and PATCHes of a body with the record's marker. */
const recordWrites = () =>
  github().requests.filter(
    r =>
      (r.method === 'POST' || r.method === 'PATCH') &&
      r.path.startsWith(`/repos/${REPOSITORY}/issues/`) &&
      String((JSON.parse(r.body || '{}') as { body?: unknown }).body).startsWith(`${MARKER}\n`)
  )
const warnings = (r: ActionRun) => r.lines.filter(l => l.startsWith('::warning'))

describe('the apply leaves its record on the merged pull request', () => {
  it('merge, apply, wait: written, failed and not attempted, with the sync accepted and confirmed in UTC', async () => {
    await reviewedAndMerged()
    const before = Date.now()
    const r = await onPush(GITHUB_ACTIONS_TOKEN, waiting)
    expect(r.code).toBe(0)
    expect(warnings(r)).toEqual([])
    expect(records()).toHaveLength(1)
    const [comment] = records()
    expect(comment.login).toBe('github-actions[bot]')
    const record = readRecord(comment.body)!
    expect(record).toMatchObject({ roster: rosterKey('roster.yaml'), commit: MERGE, merged: Date.parse(MERGED_AT) })
    expect(record.runs).toHaveLength(1)
    const [applied] = record.runs
    expect(applied).toMatchObject({ written: 4, failed: 0, notAttempted: 0, sync: 'accepted', revokedMore: 0 })
    // Edsger (103) was removed and Ada (101) lost Loading Dock: the people whose access was narrowed.
    expect(applied.revoked.sort()).toEqual([101, 103])
    // The fake's sync: accepted once, and the doors report it complete at once; times are whole seconds.
    const second = (ms: number) => Math.floor(ms / 1000) * 1000
    expect(applied.applied).toBeGreaterThanOrEqual(second(before))
    expect(applied.synced!).toBeGreaterThanOrEqual(applied.applied)
    expect(applied.synced!).toBeLessThanOrEqual(second(world.fake.lastSyncAt!) + 1000)
    expect(applied.confirmed!).toBeGreaterThanOrEqual(applied.synced!)
    expect(applied.confirmed!).toBeLessThanOrEqual(Date.now())
    const text = rendered(comment.body)
    expect(text).toContain('DoorFlow roster applied')
    expect(text).toContain('4 changes written, 0 failed, 0 not attempted (2 people lost access)')
    expect(comment.body).toContain('[this run](https://github.com/acme/door-config/actions/runs/4242)')
    expect(comment.body).toMatch(
      /\| 1 \| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \| 4 \| 0 \| 0 \| \d{4}-[\d-]+ [\d:]+ UTC \| \d{4}-[\d-]+ [\d:]+ UTC \|/
    )
    const trailer = comment.body.split('\n').at(-1)!
    expect(hiddenMarkup(comment.body)).toEqual({ raw: [MARKER, trailer], rendered: [MARKER, trailer] })
    expect(r.stdout).toMatch(
      /Apply record created on pull request #7: https:\/\/github\.com\/acme\/door-config\/pull\/7#issuecomment-\d+\./
    )
    // The plan comment is still there, untouched beside it.
    expect(
      github()
        .commentsOn(7)
        .filter(c => c.body.startsWith('<!-- doorflow-roster-plan'))
    ).toHaveLength(1)
  })

  it('a re-run updates the same comment: one row an apply; a re-run with nothing to do leaves it unwritten', async () => {
    await reviewedAndMerged()
    world.fake.people.refuse.set('EMP-4', 'Email is blocked by policy')
    const first = await onPush()
    expect(first.code).toBe(1)
    let record = readRecord(records()[0].body)!
    expect(record.runs.map(r => [r.written, r.failed, r.notAttempted, r.sync])).toEqual([[3, 1, 0, 'accepted']])
    expect(records()[0].body).toContain('### ⚠️ DoorFlow roster applied in part')
    // Without wait-for-completion, the doors were not asked: no confirmed time.
    expect(record.runs[0].confirmed).toBeUndefined()

    world.fake.people.refuse.delete('EMP-4')
    const second = await onPush()
    expect(second.code).toBe(0)
    expect(records()).toHaveLength(1)
    record = readRecord(records()[0].body)!
    expect(record.runs.map(r => [r.written, r.failed, r.notAttempted])).toEqual([
      [3, 1, 0],
      [1, 0, 0]
    ])
    expect(records()[0].body.split('\n')[1]).toBe('### ✅ DoorFlow roster applied')
    expect(recordWrites().map(w => w.method)).toEqual(['POST', 'PATCH'])

    const third = await onPush()
    expect(third.code).toBe(0)
    expect(third.stdout).toContain('The apply record on pull request #7 already says this run')
    expect(recordWrites().map(w => w.method)).toEqual(['POST', 'PATCH'])
    expect(readRecord(records()[0].body)!.runs).toHaveLength(2)
  })

  it('an apply stopped at its first write: failed and not attempted, and no sync sent, are in the record', async () => {
    await reviewedAndMerged()
    // The token may read people but not write them: DoorFlow refuses the first write (403).
    world.fake.tokens.set(FAKE_TOKEN, PLAN_SCOPES)
    // One write at a time: the first is refused, and no more are sent.
    const r = await onPush(GITHUB_ACTIONS_TOKEN, { 'write-concurrency': '1' })
    expect(r.code).toBe(1)
    const record = readRecord(records()[0].body)!
    expect(record.runs).toEqual([
      expect.objectContaining({ written: 0, failed: 1, notAttempted: 3, sync: 'not-sent', revoked: [] })
    ])
    expect(records()[0].body).toContain('| 0 | 1 | 3 | not sent: nothing was written | — |')
  })

  it('a record another identity edited is not read back: the re-run writes it over with its own run, and says so', async () => {
    await reviewedAndMerged()
    expect((await onPush()).code).toBe(0)
    const [ours] = records()
    // A Write user slips in a faster "confirmed" time; the bot stays the author.
    const forged = ours.body.replace(/confirmed \S+/, 'confirmed 2026-12-05T10:00:01Z')
    github().editComment(ours.id, forged, WRITER_USER)
    const again = await onPush(GITHUB_ACTIONS_TOKEN, { sync: 'always' })
    expect(again.code).toBe(0)
    expect(warnings(again)).toHaveLength(1)
    expect(warnings(again)[0]).toContain(
      'The earlier apply record on pull request #7 was not read back (the comment on pull request #7 was edited by door-admin)'
    )
    expect(records()).toHaveLength(1)
    const record = readRecord(records()[0].body)!
    expect(record.runs).toHaveLength(1)
    expect(record.runs[0]).toMatchObject({ written: 0, sync: 'accepted' })
    expect(records()[0].body).not.toContain('2026-12-05T10:00:01Z')
  })

  it('a record GitHub refuses is a warning naming what to do; the step stays green and the summary keeps it', async () => {
    await reviewedAndMerged()
    // A token that may read the pull request but not comment: pull-requests: read.
    const r = await onPush(GITHUB_READONLY_TOKEN)
    expect(r.code).toBe(0)
    expect(world.fake.people.bySystemId('EMP-4')).toHaveLength(1)
    expect(records()).toEqual([])
    expect(warnings(r)).toHaveLength(1)
    expect(warnings(r)[0]).toContain('The apply record could not be written on pull request #7')
    expect(warnings(r)[0]).toContain('give the apply job `permissions: pull-requests: write`')
    expect(warnings(r)[0]).toContain('the step is not failed for it')
    expect(r.summary).toContain('The apply record for pull request #7 (not written there)')
    const inSummary = r.summary.split('\n').find(l => l.startsWith('<!-- doorflow-apply-record '))!
    expect(readRecord(inSummary)!.runs[0]).toMatchObject({ written: 4, failed: 0, sync: 'accepted' })
  })

  it('a refused record after an apply that wrote nothing and sent no sync never says the doors have it', async () => {
    await reviewedAndMerged()
    world.fake.tokens.set(FAKE_TOKEN, PLAN_SCOPES)
    const r = await onPush(GITHUB_READONLY_TOKEN, { 'write-concurrency': '1' })
    expect(r.code).toBe(1)
    expect(world.fake.requestsTo('POST /api/3/sync')).toEqual([])
    const warning = warnings(r).find(w => w.includes('The apply record could not be written on pull request #7'))!
    expect(warning).toContain('The step is not failed for it; the record is in the job summary.')
    expect(warning).not.toContain('The doors have what was applied')
    // What to do is said once, not once by the refusal and again after it.
    expect(warning.split('`permissions: pull-requests: write`')).toHaveLength(2)
  })

  it('an apply with no plan of this roster on the merged pull request writes no record', async () => {
    github().pullsOfCommit.set(MERGE, [
      { number: 7, state: 'closed', merged_at: MERGED_AT, merge_commit_sha: MERGE, head_sha: HEAD }
    ])
    const r = await onPush(GITHUB_ACTIONS_TOKEN, { 'unreviewed-changes': 'warn' })
    expect(r.code).toBe(0)
    expect(records()).toEqual([])
    expect(r.stdout).toContain("No merged pull request of this push has this roster's plan")
  })

  it('no roster text reaches the record: a hostile name is nowhere in it', async () => {
    world.ws.write(ROSTER.replace('last_name: Turing', 'last_name: "Turing <!-- doorflow-apply-record --> ::error::x"'))
    await reviewedAndMerged()
    const r = await onPush()
    expect(r.code).toBe(0)
    const body = records()[0].body
    expect(body).not.toContain('Turing')
    expect(body).not.toContain('::error')
    expect(readRecord(body)!.runs[0].written).toBe(4)
  })

  it('a merge the guard refused leaves a record saying so; the re-run after approval adds its applied row', async () => {
    // max-removals 0: the plan's one lock-out (Edsger) is refused, on the pull request as on the merge.
    const guarded = { 'max-removals': '0' }
    expect(
      (
        await run(
          { 'dry-run': 'true', 'pr-comment-token': GITHUB_ACTIONS_TOKEN, ...guarded },
          { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: pullRequestEvent(world.ws, HEAD), GITHUB_SHA: MERGE }
        )
      ).code
    ).toBe(0)
    github().pullsOfCommit.set(MERGE, [
      { number: 7, state: 'closed', merged_at: MERGED_AT, merge_commit_sha: MERGE, head_sha: HEAD }
    ])
    github().review(7, HEAD)
    const refused = await onPush(GITHUB_ACTIONS_TOKEN, guarded)
    // The step fails as it did: nothing written, no sync.
    expect(refused.code).toBe(1)
    expect(refused.lines.find(l => l.startsWith('::error'))).toContain('Refusing to apply')
    expect(world.fake.requests.filter(r => r.method !== 'GET' && r.path.startsWith('/api/3/people'))).toEqual([])
    expect(world.fake.requestsTo('POST /api/3/sync')).toEqual([])
    expect(records()).toHaveLength(1)
    let record = readRecord(records()[0].body)!
    expect(record.runs).toEqual([
      expect.objectContaining({ outcome: 'refused-guard', written: 0, failed: 0, notAttempted: 4, sync: 'not-sent' })
    ])
    expect(record.runs[0].synced).toBeUndefined()
    const text = rendered(records()[0].body)
    expect(text).toContain('DoorFlow roster not applied: refused')
    expect(text).toContain('refused, as the guard refused the plan: 0 changes written, 0 failed, 4 not attempted.')
    // Our words only: the guard's reason (which names people) is in the run, not in the record.
    expect(records()[0].body).not.toContain('Edsger')
    expect(refused.stdout).toMatch(/Apply record created on pull request #7/)

    // A reviewer approves the one removal on the last commit; the review event plans again; the re-run applies.
    github().review(7, HEAD, REVIEWER, 'APPROVED', 'Edsger left.\ndoorflow: allow 1 removals\n')
    expect(
      (
        await run(
          { 'dry-run': 'true', 'pr-comment-token': GITHUB_ACTIONS_TOKEN, ...guarded },
          {
            GITHUB_EVENT_NAME: 'pull_request_review',
            GITHUB_EVENT_PATH: pullRequestEvent(world.ws, HEAD),
            GITHUB_SHA: MERGE
          }
        )
      ).code
    ).toBe(0)
    const applied = await onPush(GITHUB_ACTIONS_TOKEN, guarded)
    expect(applied.code).toBe(0)
    expect(records()).toHaveLength(1)
    record = readRecord(records()[0].body)!
    expect(record.runs.map(r => [r.outcome ?? 'applied', r.written, r.notAttempted, r.sync])).toEqual([
      ['refused-guard', 0, 4, 'not-sent'],
      ['applied', 4, 0, 'accepted']
    ])
    expect(records()[0].body.split('\n')[1]).toBe('### ✅ DoorFlow roster applied')
    expect(recordWrites().map(w => w.method)).toEqual(['POST', 'PATCH'])
  })

  it('a job cancelled after its first write: the record says cancelled, with what was written, before the kill', async () => {
    await reviewedAndMerged()
    // The first write is slow (1.5 s): SIGINT arrives while it is in flight, so no other write starts.
    const peopleWrites = () => world.fake.requests.filter(r => r.method !== 'GET' && r.path.startsWith('/api/3/people'))
    for (const route of ['PUT /api/3/people/101', 'PUT /api/3/people/103', 'DELETE /api/3/people/103'])
      world.fake.script(route, { delayMs: 1500, pass: true })
    const cancel = signalWhen(() => peopleWrites().length > 0, 100, 'SIGINT')
    const r = await runAction(
      {
        token: FAKE_TOKEN,
        'base-url': world.fake.url,
        roster: 'roster.yaml',
        'dry-run': 'false',
        'pr-comment-token': GITHUB_ACTIONS_TOKEN,
        'unreviewed-changes': 'fail',
        'write-concurrency': '1'
      },
      {
        env: {
          ...world.ws.env,
          GITHUB_REPOSITORY: REPOSITORY,
          GITHUB_API_URL: github().url,
          GITHUB_EVENT_NAME: 'push',
          GITHUB_SHA: MERGE
        },
        onSpawn: cancel.onSpawn
      }
    )
    expect(cancel.sentAt()).toBeGreaterThan(0)
    expect(r.code).toBe(130)
    expect(peopleWrites()).toHaveLength(1)
    expect(world.fake.requestsTo('POST /api/3/sync')).toHaveLength(1)
    expect(records()).toHaveLength(1)
    const record = readRecord(records()[0].body)!
    expect(record.runs).toEqual([
      expect.objectContaining({ outcome: 'cancelled', written: 1, failed: 0, notAttempted: 3, sync: 'accepted' })
    ])
    expect(record.runs[0].synced).toBeUndefined()
    expect(rendered(records()[0].body)).toContain('DoorFlow roster applied in part: cancelled')
    // Written inside the held window: before the runner's kill, 10 s after SIGINT.
    expect(recordWrites()[0].at - cancel.sentAt()).toBeLessThan(10_000)
    expect(r.stdout).toContain('Received SIGINT while applying the roster')
  }, 30_000)

  it('a job cancelled with too little time before the kill (SIGTERM: 2.5 s) writes no record, and says so', async () => {
    await reviewedAndMerged()
    const peopleWrites = () => world.fake.requests.filter(r => r.method !== 'GET' && r.path.startsWith('/api/3/people'))
    for (const route of ['PUT /api/3/people/101', 'PUT /api/3/people/103', 'DELETE /api/3/people/103'])
      world.fake.script(route, { delayMs: 500, pass: true })
    const cancel = signalWhen(() => peopleWrites().length > 0, 50, 'SIGTERM')
    const r = await runAction(
      {
        token: FAKE_TOKEN,
        'base-url': world.fake.url,
        roster: 'roster.yaml',
        'dry-run': 'false',
        'pr-comment-token': GITHUB_ACTIONS_TOKEN,
        'unreviewed-changes': 'fail',
        'write-concurrency': '1'
      },
      {
        env: {
          ...world.ws.env,
          GITHUB_REPOSITORY: REPOSITORY,
          GITHUB_API_URL: github().url,
          GITHUB_EVENT_NAME: 'push',
          GITHUB_SHA: MERGE
        },
        onSpawn: cancel.onSpawn
      }
    )
    expect(cancel.sentAt()).toBeGreaterThan(0)
    expect(r.code).toBe(143)
    expect(peopleWrites().length).toBeGreaterThan(0)
    expect(records()).toEqual([])
    expect(recordWrites()).toEqual([])
    expect(r.stdout).toMatch(
      /Cancelled: \d+ ms before the runner stops this step is too little to write the apply record/
    )
  }, 30_000)
})
