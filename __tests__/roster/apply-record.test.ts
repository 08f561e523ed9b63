import {
  MAX_REVOKED_IDS,
  MAX_RUNS,
  nextRecord,
  readRecord,
  recordComment,
  recordMarker,
  recordTrailer,
  type ApplyRecord,
  type RecordRun
} from '../../src/roster/apply-record.js'
import { RECORD_AFTER_CANCEL_MIN_MS, recordFitsBeforeKill, recordSyncOf } from '../../src/roster/record-step.js'
import { EXIT_MARGIN_MS, KILL_AFTER_MS } from '../../src/signals.js'
import { hiddenMarkup, rendered } from '../helpers/gfm.js'

const KEY = 'a1b2c3d4e5f6'
const COMMIT = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9'
const T = Date.parse('2026-12-07T05:30:00Z')

const run = (fields: Partial<RecordRun> = {}): RecordRun => ({
  applied: T,
  written: 4,
  failed: 0,
  notAttempted: 0,
  sync: 'accepted',
  synced: T + 2_000,
  confirmed: T + 9_000,
  revoked: [103, 101],
  revokedMore: 0,
  ...fields
})
const record = (runs: RecordRun[] = [run()], merged: number | null = T - 60_000): ApplyRecord => ({
  roster: KEY,
  commit: COMMIT,
  ...(merged === null ? {} : { merged }),
  runs
})

describe('the apply record trailer', () => {
  it('is one hidden line of hex, digits, UTC times and fixed words, read back exactly', () => {
    const r = record([run(), run({ written: 1, failed: 1, synced: undefined, confirmed: undefined, sync: 'failed' })])
    const line = recordTrailer(r)
    expect(line).toBe(
      `<!-- doorflow-apply-record roster ${KEY} commit ${COMMIT} merged 2026-12-07T05:29:00Z runs 2 ` +
        'apply 2026-12-07T05:30:00Z written 4 failed 0 not-attempted 0 sync accepted synced 2026-12-07T05:30:02Z confirmed 2026-12-07T05:30:09Z revoked 103,101 ' +
        'apply 2026-12-07T05:30:00Z written 1 failed 1 not-attempted 0 sync failed synced - confirmed - revoked 103,101 -->'
    )
    expect(readRecord(`anything\n${line}\n`)).toEqual(r)
    expect(readRecord(recordComment(r))).toEqual(r)
  })

  it('keeps the times to whole seconds, UTC, and says - for what did not happen', () => {
    const r = record(
      [run({ applied: T + 999, synced: undefined, confirmed: undefined, sync: 'not-sent', revoked: [] })],
      null
    )
    const back = readRecord(recordTrailer(r))!
    expect(back.runs[0]).toEqual({ ...r.runs[0], applied: T })
    expect(back.merged).toBeUndefined()
    expect(recordTrailer(r)).toContain('merged - runs 1 ')
    expect(recordTrailer(r)).toContain('sync not-sent synced - confirmed - revoked -')
  })

  it('reads back every id DoorFlow may give a person, up to the largest safe integer', () => {
    const r = record([run({ revoked: [1, 12_345_678_901_234, Number.MAX_SAFE_INTEGER] })])
    expect(readRecord(recordTrailer(r))).toEqual(r)
  })

  it('counts the revoked ids past MAX_REVOKED_IDS instead of listing them', () => {
    const ids = Array.from({ length: MAX_REVOKED_IDS }, (_, i) => 1000 + i)
    const r = record([run({ revoked: ids, revokedMore: 57 })])
    expect(recordTrailer(r)).toMatch(/ revoked 1000,1001,[\d,]+,1199 \+57 -->$/)
    expect(readRecord(recordTrailer(r))).toEqual(r)
  })

  const good = recordTrailer(record())
  it.each([
    ['not on the last line', `${good}\nthanks!`],
    ['a short key', good.replace(KEY, 'a1b2c3')],
    ['an upper-case key', good.replace(KEY, KEY.toUpperCase())],
    ['a short commit', good.replace(COMMIT, COMMIT.slice(0, 12))],
    ['a time that is no day', good.replace('2026-12-07T05:30:00Z', '2026-02-30T05:30:00Z')],
    ['a time with a fraction', good.replace('2026-12-07T05:30:00Z', '2026-12-07T05:30:00.5Z')],
    ['a time with an offset', good.replace('2026-12-07T05:30:00Z', '2026-12-07T05:30:00+01:00')],
    ['a count with a leading zero', good.replace('written 4', 'written 04')],
    ['a negative count', good.replace('failed 0', 'failed -1')],
    ['a run count that is not the runs', good.replace('runs 1', 'runs 2')],
    ['an unknown sync word', good.replace('sync accepted', 'sync ok')],
    ['a sync time on a sync not accepted', good.replace('sync accepted', 'sync failed')],
    ['two spaces', good.replace('written 4', 'written  4')],
    ['text after a field', good.replace('revoked 103,101', 'revoked 103,101 <b>x</b>')],
    ['an id that is no number', good.replace('revoked 103,101', 'revoked 103,abc')],
    ['a count of more ids beside a short list', good.replace('revoked 103,101', 'revoked 103,101 +5')],
    ['a plan trailer', `<!-- doorflow-plan-digest roster ${KEY} head - digest ${KEY} changes - -->`]
  ])('reads no record from %s', (_what, body) => {
    expect(readRecord(body)).toBeUndefined()
  })
})

describe('the record after a re-run', () => {
  const of = { roster: KEY, commit: COMMIT, merged: T - 60_000 }
  it('keeps the earlier runs of the same roster and commit, and adds this one', () => {
    const first = nextRecord(undefined, of, run({ written: 3, failed: 1 }))
    const second = nextRecord(first, of, run({ written: 1, applied: T + 600_000 }))
    expect(second.runs.map(r => r.written)).toEqual([3, 1])
  })

  it('starts afresh over a record of another commit or roster', () => {
    const other = nextRecord(undefined, { ...of, commit: 'b'.repeat(40) }, run({ written: 9 }))
    expect(nextRecord(other, of, run()).runs).toHaveLength(1)
    const otherRoster = nextRecord(undefined, { ...of, roster: 'ffffffffffff' }, run({ written: 9 }))
    expect(nextRecord(otherRoster, of, run()).runs.map(r => r.written)).toEqual([4])
  })

  it('a run that wrote nothing, failed nothing and sent no sync leaves the record as it was', () => {
    const first = nextRecord(undefined, of, run())
    const idle = run({ written: 0, revoked: [], sync: 'not-sent', synced: undefined, confirmed: undefined })
    expect(nextRecord(first, of, idle)).toBe(first)
    // With nothing before it, it is the record: that run wrote nothing.
    expect(nextRecord(undefined, of, idle).runs).toEqual([idle])
    // sync: always sends one: a new sync time is news.
    expect(nextRecord(first, of, { ...idle, sync: 'accepted', synced: T + 5_000 }).runs).toHaveLength(2)
  })

  it('leaves out a merge time from GitHub that the trailer cannot read back, so a re-run keeps the runs', () => {
    const of = { roster: KEY, commit: COMMIT, merged: Date.parse('+010000-01-01T00:00:00Z') }
    const first = nextRecord(undefined, of, run())
    expect(first.merged).toBeUndefined()
    expect(readRecord(recordComment(first))).toEqual(first)
    const second = nextRecord(readRecord(recordComment(first)), of, run({ written: 1 }))
    expect(second.runs).toHaveLength(2)
  })

  it('keeps the first run and the newest ones, at most MAX_RUNS', () => {
    let r: ApplyRecord | undefined
    for (let i = 0; i < MAX_RUNS + 5; i++) r = nextRecord(r, of, run({ written: i + 1 }))
    expect(r!.runs).toHaveLength(MAX_RUNS)
    expect(r!.runs[0].written).toBe(1)
    expect(r!.runs[1].written).toBe(7)
    expect(r!.runs.at(-1)!.written).toBe(MAX_RUNS + 5)
    expect(readRecord(recordComment(r!))).toEqual(r)
  })
})

describe('what the record says', () => {
  it('shows every run with its counts and UTC times, and the trailer last', () => {
    const body = recordComment(
      record([run({ written: 3, failed: 1 }), run({ written: 1, applied: T + 600_000, confirmed: undefined })]),
      'https://github.com/acme/door-config/actions/runs/42'
    )
    const text = rendered(body)
    expect(text).toContain('DoorFlow roster applied')
    expect(body.split('\n')[0]).toBe('### ✅ DoorFlow roster applied')
    expect(body).toContain(
      '| 1 | 2026-12-07 05:30:00 UTC | 3 | 1 | 0 | 2026-12-07 05:30:02 UTC | 2026-12-07 05:30:09 UTC |'
    )
    expect(body).toContain(
      '| 2 | 2026-12-07 05:40:00 UTC | 1 | 0 | 0 | 2026-12-07 05:30:02 UTC | not waited for, or not confirmed |'
    )
    expect(body).toContain('[this run](https://github.com/acme/door-config/actions/runs/42)')
    expect(body.split('\n').at(-1)).toBe(
      recordTrailer(
        record([run({ written: 3, failed: 1 }), run({ written: 1, applied: T + 600_000, confirmed: undefined })])
      )
    )
    // The trailer is hidden markup, and the only hidden markup.
    const trailer = body.split('\n').at(-1)!
    expect(hiddenMarkup(body)).toEqual({ raw: [trailer], rendered: [trailer] })
  })

  it('says an apply in part, and what to do', () => {
    const body = recordComment(record([run({ written: 2, failed: 1, notAttempted: 1 })]))
    expect(body.split('\n')[0]).toBe('### ⚠️ DoorFlow roster applied in part')
    expect(body).toContain('2 changes written, 1 failed, 1 not attempted (2 people lost access)')
    expect(body).toContain('Re-run the apply job once what failed is fixed')
  })

  it('says an apply whose sync was not accepted', () => {
    const body = recordComment(record([run({ sync: 'failed', synced: undefined, confirmed: undefined })]))
    expect(body.split('\n')[0]).toBe('### ⚠️ DoorFlow roster applied but not synced')
    expect(body).toContain('| ❌ not accepted | — |')
  })

  it('names its marker by the roster key only', () => {
    expect(recordMarker(KEY)).toBe(`<!-- doorflow-roster-applied ${KEY} -->`)
  })
})

describe("the sync's part of the record", () => {
  it('is read from the report: accepted and confirmed times, a refusal, or none sent', () => {
    expect(recordSyncOf(undefined)).toEqual({ sync: 'not-sent' })
    expect(recordSyncOf({ ok: false })).toEqual({ sync: 'failed' })
    expect(recordSyncOf({ ok: true, acceptedAt: T })).toEqual({ sync: 'accepted', synced: T })
    // Accepted, then not confirmed within the budget: the step fails, the record still says when DoorFlow took it.
    expect(recordSyncOf({ ok: false, acceptedAt: T })).toEqual({ sync: 'accepted', synced: T })
    expect(recordSyncOf({ ok: true, acceptedAt: T, confirmedAt: T + 1 })).toEqual({
      sync: 'accepted',
      synced: T,
      confirmed: T + 1
    })
  })
})

describe('a run that did not apply: refused or cancelled', () => {
  const refused = (outcome: RecordRun['outcome'], notAttempted = 3): RecordRun =>
    run({
      outcome,
      written: 0,
      failed: 0,
      notAttempted,
      sync: 'not-sent',
      synced: undefined,
      confirmed: undefined,
      revoked: []
    })
  const OLD =
    `<!-- doorflow-apply-record roster ${KEY} commit ${COMMIT} merged 2026-12-07T05:29:00Z runs 1 ` +
    'apply 2026-12-07T05:30:00Z written 4 failed 0 not-attempted 0 sync accepted synced 2026-12-07T05:30:02Z confirmed 2026-12-07T05:30:09Z revoked 103,101 -->'

  it('says its outcome in the trailer, and an applied run says none, as every record before', () => {
    const r = record([refused('refused-guard'), run()])
    const line = recordTrailer(r)
    expect(line).toContain(
      'apply 2026-12-07T05:30:00Z outcome refused reason guard written 0 failed 0 not-attempted 3 sync not-sent synced - confirmed - revoked - apply 2026-12-07T05:30:00Z written 4'
    )
    expect(readRecord(line)).toEqual(r)
    expect(readRecord(recordComment(r))).toEqual(r)
    for (const outcome of ['refused-unreviewed', 'refused-unmanaged'] as const) {
      const one = record([refused(outcome)])
      expect(readRecord(recordTrailer(one))).toEqual(one)
    }
    const cancelled = record([
      run({ outcome: 'cancelled', written: 2, notAttempted: 5, synced: undefined, confirmed: undefined })
    ])
    expect(recordTrailer(cancelled)).toContain(
      ' outcome cancelled written 2 failed 0 not-attempted 5 sync accepted synced - '
    )
    expect(readRecord(recordTrailer(cancelled))).toEqual(cancelled)
  })

  it('never says that nothing of the merge was written when an earlier run wrote (a refused re-run)', () => {
    const alone = recordComment(record([refused('refused-unreviewed')]))
    expect(alone).toContain('> Nothing of this merge was written to DoorFlow')
    const after = recordComment(record([run({ written: 3, failed: 1 }), refused('refused-unreviewed')]))
    expect(after).not.toContain('Nothing of this merge was written')
    expect(after).toContain(
      '> This run wrote nothing to DoorFlow; what an earlier run of this merge wrote (the table) stays'
    )
  })

  it('reads the old trailer, without outcome, as of an applied run', () => {
    const back = readRecord(OLD)!
    expect(back.runs).toEqual([run()])
    expect(back.runs[0].outcome).toBeUndefined()
    // And writes it back as it was: an applied run gains no field.
    expect(recordTrailer(back)).toBe(OLD)
  })

  const good = recordTrailer(record([refused('refused-guard')]))
  it.each([
    ['an unknown reason', good.replace('reason guard', 'reason server')],
    ['a refusal without a reason', good.replace(' reason guard', '')],
    ['an applied outcome word', good.replace('outcome refused reason guard', 'outcome applied')],
    ['a refused run that wrote', good.replace('written 0', 'written 1')],
    ['a refused run that failed', good.replace('failed 0', 'failed 1')],
    ['a refused run with a sync', good.replace('sync not-sent', 'sync failed')],
    [
      'the outcome after the counts',
      good.replace(' outcome refused reason guard written 0', ' written 0 outcome refused reason guard')
    ]
  ])('reads no record from %s', (_what, body) => {
    expect(readRecord(good)).toBeDefined()
    expect(readRecord(body)).toBeUndefined()
  })

  it('a refused record says nothing was applied, how many changes were not, and why, in our words', () => {
    const body = recordComment(record([refused('refused-guard', 4)]), 'https://github.com/o/r/actions/runs/1')
    const text = rendered(body)
    expect(text).toContain('DoorFlow roster not applied: refused')
    expect(text).not.toContain('roster applied')
    expect(text).toContain('refused, as the guard refused the plan: 0 changes written, 0 failed, 4 not attempted.')
    expect(text).toContain('everyone keeps the access they had before it')
    expect(body).toMatch(
      /\| 1 \| 2026-12-07 05:30:00 UTC \(refused\) \| 0 \| 0 \| 4 \| not sent: nothing was written \| — \|/
    )
  })

  it('a re-run that applies after a refusal adds its row, and the headline is the newest run', () => {
    const of = { roster: KEY, commit: COMMIT, merged: T - 60_000 }
    const first = nextRecord(undefined, of, refused('refused-unreviewed'))
    const again = nextRecord(first, of, refused('refused-unreviewed'))
    expect(again.runs).toHaveLength(2)
    const applied = nextRecord(readRecord(recordComment(again)), of, run({ applied: T + 60_000 }))
    expect(applied.runs.map(r => r.outcome ?? 'applied')).toEqual([
      'refused-unreviewed',
      'refused-unreviewed',
      'applied'
    ])
    const text = rendered(recordComment(applied))
    expect(text).toContain('✅ DoorFlow roster applied')
    expect(text.match(/\(refused\)/g)).toHaveLength(2)
  })

  it('a cancelled record says applied in part, with what was written and its sync accepted', () => {
    const r = record([
      run({ outcome: 'cancelled', written: 2, notAttempted: 5, synced: undefined, confirmed: undefined })
    ])
    const text = rendered(recordComment(r))
    expect(text).toContain('DoorFlow roster applied in part: cancelled')
    const body = recordComment(r)
    expect(text).toContain(
      'cancelled, as the job was cancelled while applying: 2 changes written, 0 failed, 5 not attempted'
    )
    expect(body).toMatch(/\| 1 \| 2026-12-07 05:30:00 UTC \(cancelled\) \| 2 \| 0 \| 5 \| accepted \|/)
  })
})

describe('a record after a cancel', () => {
  it('is written only with the time the runner leaves after SIGINT, never after SIGTERM', () => {
    expect(recordFitsBeforeKill(KILL_AFTER_MS.SIGINT - EXIT_MARGIN_MS - 1_000)).toBe(true)
    expect(recordFitsBeforeKill(RECORD_AFTER_CANCEL_MIN_MS)).toBe(true)
    expect(recordFitsBeforeKill(RECORD_AFTER_CANCEL_MIN_MS - 1)).toBe(false)
    expect(recordFitsBeforeKill(KILL_AFTER_MS.SIGTERM - EXIT_MARGIN_MS)).toBe(false)
  })
})
