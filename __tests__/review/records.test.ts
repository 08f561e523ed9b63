import { applyTimesOf } from '../../src/review/records.js'
import { recordTrailer, type RecordRun } from '../../src/roster/apply-record.js'

const T = Date.parse('2026-12-07T05:30:00Z')
const base = { roster: 'a1b2c3d4e5f6', commit: 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9', merged: T - 60_000 }
const refused: RecordRun = {
  applied: T,
  outcome: 'refused-guard',
  written: 0,
  failed: 0,
  notAttempted: 3,
  sync: 'not-sent',
  revoked: [],
  revokedMore: 0
}
const applied: RecordRun = {
  applied: T + 600_000,
  written: 3,
  failed: 0,
  notAttempted: 0,
  sync: 'accepted',
  synced: T + 601_000,
  revoked: [103],
  revokedMore: 0
}

describe("a leaver's times from the apply record", () => {
  it('are never those of a refused run: the re-run that applied gives them', () => {
    const body = recordTrailer({ ...base, runs: [refused, applied] })
    expect(applyTimesOf(body, [999])).toEqual({ merged: T - 60_000, applied: T + 600_000, synced: T + 601_000 })
  })

  it('are those of the run that revoked the leaver: a cancelled run and its re-run five hours later tell two leavers apart', () => {
    const cancelled = {
      ...applied,
      outcome: 'cancelled' as const,
      applied: T + 60_000,
      synced: T + 61_000,
      revoked: [101]
    }
    const rerun = { ...applied, applied: T + 5 * 3_600_000, synced: T + 5 * 3_600_000 + 1000, revoked: [102] }
    const body = recordTrailer({ ...base, runs: [cancelled, rerun] })
    expect(applyTimesOf(body, [101])?.applied).toBe(T + 60_000)
    expect(applyTimesOf(body, [102])?.applied).toBe(T + 5 * 3_600_000)
    // Not named by any run (no DoorFlow id, or a list cut short): the last run that wrote, never an earlier one.
    expect(applyTimesOf(body, [])?.applied).toBe(T + 5 * 3_600_000)
    expect(applyTimesOf(body, [999])?.applied).toBe(T + 5 * 3_600_000)
  })

  it('are none when every run was refused', () => {
    expect(applyTimesOf(recordTrailer({ ...base, runs: [refused, { ...refused, applied: T + 1000 }] }), [103])).toBe(
      undefined
    )
  })

  it("are none from another roster's record on the same pull request (its apply ran in its own job)", () => {
    const other = recordTrailer({ ...base, roster: '0123456789ab', runs: [applied] })
    expect(applyTimesOf(other, [103], base.roster)).toBe(undefined)
    expect(applyTimesOf(recordTrailer({ ...base, runs: [applied] }), [103], base.roster)).toEqual({
      merged: T - 60_000,
      applied: T + 600_000,
      synced: T + 601_000
    })
  })
})
