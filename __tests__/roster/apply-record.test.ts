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
import { recordSyncOf } from '../../src/roster/record-step.js'
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
