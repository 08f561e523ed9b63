import { isNewerSync, judgePoll, pollIntervalMs } from '../../src/sync/state.js'
import { parseSyncState, type SyncState } from '../../src/doorflow/account.js'

const at = (iso: string) => Date.parse(iso)
const state = (status: string, lastSync: string | null, description = ''): SyncState => ({
  status,
  lastSync: lastSync === null ? null : at(lastSync),
  description
})

describe('parseSyncState', () => {
  it('reads status, last_sync and description from an account body', () => {
    const body = JSON.stringify({
      id: 'a',
      sync: { status: 'failing', last_sync: '2026-11-25T12:00:05Z', description: '2 of 5 failed' }
    })
    expect(parseSyncState(body)).toEqual(state('failing', '2026-11-25T12:00:05Z', '2 of 5 failed'))
  })
  it('takes a null last_sync and a missing description', () => {
    expect(parseSyncState('{"sync":{"status":"complete","last_sync":null}}')).toEqual(state('complete', null))
  })
  it('returns undefined for a body without a sync status', () => {
    expect(parseSyncState('{"id":"a"}')).toBeUndefined()
    expect(parseSyncState('{"sync":{"last_sync":null}}')).toBeUndefined()
    expect(parseSyncState('not json')).toBeUndefined()
  })
})

describe('isNewerSync', () => {
  const baseline = at('2026-11-25T12:00:10Z')
  it('counts a sync that began in a later second than the baseline this run read', () => {
    expect(isNewerSync(at('2026-11-25T12:00:11Z'), baseline)).toBe(true)
  })
  it('never counts the baseline itself, an earlier sync, or none', () => {
    expect(isNewerSync(at('2026-11-25T12:00:10Z'), baseline)).toBe(false)
    expect(isNewerSync(at('2026-11-25T12:00:10Z') + 900, baseline)).toBe(false) // the same second
    expect(isNewerSync(at('2026-11-25T11:50:00Z'), baseline)).toBe(false)
    expect(isNewerSync(null, baseline)).toBe(false)
  })
  it('counts any sync when the account reported none before', () => {
    expect(isNewerSync(at('1970-01-01T00:00:01Z'), null)).toBe(true)
    expect(isNewerSync(null, null)).toBe(false)
  })
})

describe('judgePoll', () => {
  const baseline = at('2026-11-25T12:00:09Z')
  it('takes the status of a sync newer than the baseline, however little time has passed', () => {
    expect(judgePoll(state('complete', '2026-11-25T12:00:10Z'), baseline, 0)).toEqual({
      kind: 'complete',
      nothingToSync: false
    })
    expect(judgePoll(state('failing', '2026-11-25T12:00:10Z', '2 of 5 failed'), baseline, 0)).toEqual({
      kind: 'failing',
      description: '2 of 5 failed',
      nothingToSync: false
    })
    expect(judgePoll(state('syncing', '2026-11-25T12:00:10Z'), baseline, 0)).toEqual({
      kind: 'waiting',
      reason: 'in-progress'
    })
    expect(judgePoll(state('pending', '2026-11-25T12:00:10Z'), baseline, 0)).toEqual({
      kind: 'waiting',
      reason: 'in-progress'
    })
  })
  it("never takes the baseline sync's status within a sync window, however many polls saw it", () => {
    for (const ms of [0, 5_000, 12_500, 29_999]) {
      expect(judgePoll(state('complete', '2026-11-25T12:00:09Z'), baseline, ms)).toEqual({
        kind: 'waiting',
        reason: 'previous-sync'
      })
    }
  })
  it('takes the reported status once last_sync stayed unchanged for a whole sync window (nothing to sync)', () => {
    expect(judgePoll(state('complete', '2026-11-25T12:00:09Z'), baseline, 30_000)).toEqual({
      kind: 'complete',
      nothingToSync: true
    })
    expect(judgePoll(state('complete', null), null, 30_000)).toEqual({ kind: 'complete', nothingToSync: true })
    expect(judgePoll(state('failing', '2026-11-25T12:00:09Z', 'x'), baseline, 31_000)).toMatchObject({
      kind: 'failing',
      nothingToSync: true
    })
    expect(judgePoll(state('pending', '2026-11-25T12:00:09Z'), baseline, 31_000)).toEqual({
      kind: 'waiting',
      reason: 'in-progress'
    })
  })
})

describe('pollIntervalMs', () => {
  it('grows ×1.5 per poll from the first interval, never past 30 s', () => {
    expect([1, 2, 3, 4].map(n => pollIntervalMs(5_000, n))).toEqual([5_000, 7_500, 11_250, 16_875])
    expect(pollIntervalMs(5_000, 7)).toBe(30_000)
    expect(pollIntervalMs(30_000, 1)).toBe(30_000)
  })
})
