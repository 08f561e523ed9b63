import type { Clock } from '../../src/net/context.js'
import type { Door } from '../../src/doorflow/doors.js'
import type { Outcome } from '../../src/net/http.js'
import { waitForCompletion } from '../../src/sync/wait.js'
import { steppingClock } from '../helpers/virtual-clock.js'

const T0 = Date.parse('2026-11-25T12:00:00Z')

const account = (status: string, lastSync: number | null, description?: string): Outcome => ({
  kind: 'response',
  status: 200,
  headers: {},
  body: JSON.stringify({
    sync: { status, last_sync: lastSync === null ? null : new Date(lastSync).toISOString(), description }
  })
})

function accounts(...answers: Outcome[]) {
  let calls = 0
  return {
    calls: () => calls,
    read: () => {
      calls++
      // The last answer repeats once the others are used up.
      return Promise.resolve(answers.length > 1 ? answers.shift()! : answers[0])
    }
  }
}

const budget = (clock: Clock, timeoutMs = 300_000) => ({
  maxAttempts: 3,
  timeoutMs,
  requestTimeoutMs: 30_000,
  startedAt: clock.now()
})

const door = (name: string, connection: string, syncStatus: string): Door => ({
  name,
  connection,
  syncStatus,
  lastCompleted: 'never'
})

/** The reads a wait makes: the account answers in turn, and the door table (counted). */
function reads(answers: ReturnType<typeof accounts>, doors?: Door[]) {
  let doorReads = 0
  return {
    account: answers.read,
    doors: async () => {
      doorReads++
      return doors
    },
    doorReads: () => doorReads
  }
}

const ctx = (clock: Clock, lines: string[] = [], timeoutMs?: number) => ({
  budget: budget(clock, timeoutMs),
  clock,
  log: (l: string) => lines.push(l)
})

describe('waitForCompletion', () => {
  it('polls at growing intervals until complete, logging each poll, then reads the doors once', async () => {
    const clock = steppingClock({ t: T0 })
    const a = accounts(account('pending', T0), account('syncing', T0), account('complete', T0))
    const lines: string[] = []
    const doors = [door('Front Door', 'online', 'ok')]
    const r = reads(a, doors)
    const w = await waitForCompletion(ctx(clock, lines), r, T0 - 60_000, 2_000)
    expect(w).toMatchObject({ ok: true, status: 'complete', polls: 3, nothingToSync: false, doors })
    expect(w.message).toBeUndefined()
    expect(r.doorReads()).toBe(1)
    expect(clock.waits).toEqual([2_000, 3_000, 4_500])
    expect(lines).toEqual([
      'Sync status: pending, elapsed 2 s; next poll in 3 s.',
      'Sync status: syncing, elapsed 5 s; next poll in 4.5 s.',
      'Sync status: complete after 9.5 s (3 polls).'
    ])
  })

  it("does not take the baseline sync's complete, then takes this sync's failing (a lagging view)", async () => {
    const clock = steppingClock({ t: T0 })
    const before = T0 - 60_000
    const a = accounts(account('complete', before), account('complete', before), account('failing', T0 + 1000, 'x'))
    const w = await waitForCompletion(ctx(clock), reads(a), before, 5_000)
    expect(w).toMatchObject({ ok: false, status: 'failing', polls: 3, nothingToSync: false })
  })

  it('takes the status as "nothing to sync" only once last_sync stayed unchanged for 30 s, not after a count of polls', async () => {
    const clock = steppingClock({ t: T0 })
    const before = T0 - 60_000
    const a = accounts(account('complete', before))
    const lines: string[] = []
    const w = await waitForCompletion(ctx(clock, lines), reads(a), before, 1_000)
    // Polls at 1, 2.5, 4.75, 8.13, 13.19, 20.78, 32.17 s: the first at or past 30 s decides.
    expect(w).toMatchObject({ ok: true, status: 'complete', nothingToSync: true, polls: 7 })
    expect(clock.t - T0).toBeGreaterThanOrEqual(30_000)
    expect(lines.filter(l => l.includes('(of an earlier sync; this one has not shown yet)'))).toHaveLength(6)
    expect(lines).toContain(
      "DoorFlow's last_sync has not moved since before this run's sync for 30 s (its sync window): DoorFlow had nothing to sync, so its status 'complete' stands."
    )
  })

  it('ignores the clocks: an old-looking last_sync newer than the baseline is this sync', async () => {
    const clock = steppingClock({ t: T0 })
    // DoorFlow's clock far behind the runner's: still newer than what this run read before.
    const a = accounts(account('complete', T0 - 7_200_000))
    const w = await waitForCompletion(ctx(clock), reads(a), T0 - 7_300_000, 1_000)
    expect(w).toMatchObject({ ok: true, polls: 1, nothingToSync: false })
  })

  it("fails with DoorFlow's description when failing, naming the failing doors", async () => {
    const clock = steppingClock({ t: T0 })
    const a = accounts(account('failing', T0, '2 of 5 failed'))
    const doors = [
      door('Front Door', 'online', 'fail'),
      door('Loading Dock', 'online', 'fail'),
      door('Back Gate', 'online', 'ok')
    ]
    const w = await waitForCompletion(ctx(clock), reads(a, doors), T0 - 60_000, 1_000)
    expect(w.ok).toBe(false)
    expect(w.message).toBe(
      "Sync failed on the doors: DoorFlow reports 'failing' (2 of 5 failed) after 1 s. Failing: Front Door, Loading Dock. Check the controllers DoorFlow lists as failing, then run again."
    )
  })

  it('without a door table, the failure says what DoorFlow said', async () => {
    const clock = steppingClock({ t: T0 })
    const a = accounts(account('failing', T0, '2 of 5 failed'))
    const w = await waitForCompletion(ctx(clock), reads(a), T0 - 60_000, 1_000)
    expect(w.message).toBe(
      "Sync failed on the doors: DoorFlow reports 'failing' (2 of 5 failed) after 1 s. Check the controllers DoorFlow lists as failing, then run again."
    )
  })

  it('fails with the last status and time waited when the budget runs out, naming the first five offline doors', async () => {
    const clock = steppingClock({ t: T0 })
    const a = accounts(account('pending', T0))
    const doors = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map(n => door(`Gate ${n}`, 'offline', 'pending'))
    doors.push(door('Front Door', 'online', 'ok'))
    const r = reads(a, doors)
    const w = await waitForCompletion(ctx(clock, [], 60_000), r, T0 - 60_000, 5_000)
    expect(w.ok).toBe(false)
    expect(w.status).toBe('pending')
    expect(r.doorReads()).toBe(1)
    // The last second is left for the door table.
    expect(clock.t - T0).toBeLessThanOrEqual(59_000)
    expect(w.message).toBe(
      "Sync not confirmed: DoorFlow still reports 'pending' after waiting 59 s (timeout-seconds is 60 s). Offline: Gate A, Gate B, Gate C, Gate D, Gate E and 2 more. " +
        'Controllers that are offline stay pending until they reconnect: check that the doors are online. Raise timeout-seconds to wait longer.'
    )
  })

  it('retries a poll on a transient error, and fails clearly on 401', async () => {
    const clock = steppingClock({ t: T0 })
    const a = accounts(
      { kind: 'error', reason: 'connection', detail: 'ECONNRESET' },
      { kind: 'response', status: 401, headers: {}, body: '{"error":"invalid_token","error_description":"expired"}' }
    )
    const w = await waitForCompletion(ctx(clock), reads(a), T0 - 60_000, 1_000)
    expect(a.calls()).toBe(2)
    expect(w.ok).toBe(false)
    expect(w.message).toMatch(
      /^Reading the account failed: DoorFlow refused the token \(HTTP 401: invalid_token: expired\)\. The access token is invalid or expired/
    )
  })
})
