import type { Clock } from '../src/attempts.js'
import type { Outcome } from '../src/http.js'
import { waitForCompletion } from '../src/wait.js'

const T0 = Date.parse('2026-11-25T12:00:00Z')

function fakeClock(): Clock & { t: number; waits: number[] } {
  const clock = {
    t: T0,
    waits: [] as number[],
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.waits.push(ms)
      clock.t += ms
      return Promise.resolve()
    },
    random: () => 0
  }
  return clock
}

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

describe('waitForCompletion', () => {
  it('polls at growing intervals until complete, logging each poll', async () => {
    const clock = fakeClock()
    const a = accounts(account('pending', T0), account('syncing', T0), account('complete', T0))
    const lines: string[] = []
    const r = await waitForCompletion(
      { budget: budget(clock), clock, log: l => lines.push(l) },
      a.read,
      T0 - 1000,
      2_000
    )
    expect(r).toMatchObject({ ok: true, status: 'complete', polls: 3 })
    expect(clock.waits).toEqual([2_000, 3_000, 4_500])
    expect(lines).toEqual([
      'Sync status: pending, elapsed 2 s; next poll in 3 s.',
      'Sync status: syncing, elapsed 5 s; next poll in 4.5 s.',
      'Sync status: complete after 9.5 s (3 polls).'
    ])
  })

  it("does not take an earlier sync's complete, then takes this sync's", async () => {
    const clock = fakeClock()
    const a = accounts(account('complete', T0 - 60_000), account('complete', T0 + 1000))
    const r = await waitForCompletion({ budget: budget(clock), clock, log: () => {} }, a.read, T0 - 1000, 1_000)
    expect(r).toMatchObject({ ok: true, polls: 2 })
  })

  it('takes the status once last_sync stayed older for two polls', async () => {
    const clock = fakeClock()
    const a = accounts(account('complete', T0 - 60_000))
    const r = await waitForCompletion({ budget: budget(clock), clock, log: () => {} }, a.read, T0 - 1000, 1_000)
    expect(r).toMatchObject({ ok: true, polls: 2 })
  })

  it("fails with DoorFlow's description when failing", async () => {
    const clock = fakeClock()
    const a = accounts(account('failing', T0, '2 of 5 failed'))
    const r = await waitForCompletion({ budget: budget(clock), clock, log: () => {} }, a.read, T0 - 1000, 1_000)
    expect(r.ok).toBe(false)
    expect(r.message).toBe(
      "Sync failed on the doors: DoorFlow reports 'failing' (2 of 5 failed) after 1 s. Check the controllers DoorFlow lists as failing, then run again."
    )
  })

  it('fails with the last status and time waited when the budget runs out, naming offline doors', async () => {
    const clock = fakeClock()
    const a = accounts(account('pending', T0))
    const r = await waitForCompletion({ budget: budget(clock, 60_000), clock, log: () => {} }, a.read, T0 - 1000, 5_000)
    expect(r.ok).toBe(false)
    expect(r.status).toBe('pending')
    expect(clock.t - T0).toBeLessThanOrEqual(60_000)
    expect(r.message).toMatch(
      /^Sync not confirmed: DoorFlow still reports 'pending' after waiting 59 s \(timeout-seconds is 60 s\)\. Controllers that are offline stay pending/
    )
  })

  it('retries a poll on a transient error, and fails clearly on 401', async () => {
    const clock = fakeClock()
    const a = accounts(
      { kind: 'error', reason: 'connection', detail: 'ECONNRESET' },
      { kind: 'response', status: 401, headers: {}, body: '{"error":"invalid_token","error_description":"expired"}' }
    )
    const r = await waitForCompletion({ budget: budget(clock), clock, log: () => {} }, a.read, T0 - 1000, 1_000)
    expect(a.calls()).toBe(2)
    expect(r.ok).toBe(false)
    expect(r.message).toMatch(
      /^Reading the account failed: HTTP 401 \(invalid_token: expired\)\. The access token is invalid or expired/
    )
  })
})
