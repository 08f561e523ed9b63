import {
  belongsToSync,
  coversRun,
  judgePoll,
  parseSyncState,
  pollIntervalMs,
  type SyncState
} from '../src/sync-state.js'

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

describe('coversRun', () => {
  const asked = at('2026-11-25T12:00:10Z') + 700 // Date headers carry whole seconds; this is mid-second
  it('counts a sync that began in a later second', () => {
    expect(coversRun(at('2026-11-25T12:00:11Z'), asked)).toBe(true)
  })
  it('never counts a sync of the same second: it may have begun before the run asked', () => {
    expect(coversRun(at('2026-11-25T12:00:10Z'), asked)).toBe(false)
  })
  it('never counts an earlier sync, or none', () => {
    expect(coversRun(at('2026-11-25T12:00:09Z'), asked)).toBe(false)
    expect(coversRun(null, asked)).toBe(false)
  })
})

describe('belongsToSync and judgePoll', () => {
  const since = at('2026-11-25T12:00:09Z')
  it('takes a status whose last_sync is at or after the sync began', () => {
    expect(belongsToSync(state('complete', '2026-11-25T12:00:09Z'), since)).toBe(true)
    expect(judgePoll(state('complete', '2026-11-25T12:00:09Z'), since, 0)).toEqual({ kind: 'complete' })
    expect(judgePoll(state('failing', '2026-11-25T12:00:10Z', '2 of 5 failed'), since, 0)).toEqual({
      kind: 'failing',
      description: '2 of 5 failed'
    })
    expect(judgePoll(state('syncing', '2026-11-25T12:00:10Z'), since, 0)).toEqual({
      kind: 'waiting',
      reason: 'in-progress'
    })
    expect(judgePoll(state('pending', '2026-11-25T12:00:10Z'), since, 0)).toEqual({
      kind: 'waiting',
      reason: 'in-progress'
    })
  })
  it("never turns green on an earlier sync's status on the first poll", () => {
    const earlier = state('complete', '2026-11-25T12:00:08Z')
    expect(belongsToSync(earlier, since)).toBe(false)
    expect(judgePoll(earlier, since, 1)).toEqual({ kind: 'waiting', reason: 'previous-sync' })
  })
  it('takes the reported status once last_sync stayed older for two polls (nothing to sync)', () => {
    expect(judgePoll(state('complete', '2026-11-25T12:00:08Z'), since, 2)).toEqual({ kind: 'complete' })
    expect(judgePoll(state('complete', null), since, 2)).toEqual({ kind: 'complete' })
  })
})

describe('pollIntervalMs', () => {
  it('grows ×1.5 per poll from the first interval, never past 30 s', () => {
    expect([1, 2, 3, 4].map(n => pollIntervalMs(5_000, n))).toEqual([5_000, 7_500, 11_250, 16_875])
    expect(pollIntervalMs(5_000, 7)).toBe(30_000)
    expect(pollIntervalMs(30_000, 1)).toBe(30_000)
  })
})
