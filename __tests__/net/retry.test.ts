import type { Clock } from '../../src/net/context.js'
import { withRetries } from '../../src/net/retry.js'
import type { Outcome } from '../../src/net/http.js'
import { SYNC } from '../../src/doorflow/operations.js'
import { steppingClock } from '../helpers/virtual-clock.js'

const ok: Outcome = { kind: 'response', status: 200, headers: {}, body: '{"result":"ok"}' }
const limited = (s: number): Outcome => ({
  kind: 'response',
  status: 429,
  headers: {},
  body: JSON.stringify({ error: 'rate_limited', description: 'Sync rate limit exceeded.', retry_in: s })
})
const reset: Outcome = { kind: 'error', reason: 'connection', detail: 'ECONNRESET: socket hang up' }

function script(...outcomes: Outcome[]) {
  const timeouts: number[] = []
  return {
    timeouts,
    attempt: (timeoutMs: number) => {
      timeouts.push(timeoutMs)
      return Promise.resolve(outcomes.shift() ?? ok)
    }
  }
}

const budget = (
  clock: Clock,
  over: Partial<{ maxAttempts: number; timeoutMs: number; requestTimeoutMs: number }> = {}
) => ({
  maxAttempts: 5,
  timeoutMs: 300_000,
  requestTimeoutMs: 30_000,
  startedAt: clock.now(),
  ...over
})

describe('withRetries', () => {
  it('waits a 60-second retry_in in no time and succeeds on the next attempt', async () => {
    const clock = steppingClock()
    const s = script(limited(60))
    const lines: string[] = []
    const r = await withRetries({ budget: budget(clock), clock, log: l => lines.push(l) }, SYNC, s.attempt)
    expect(r).toMatchObject({ ok: true, attempts: 2 })
    expect(clock.waits).toEqual([60_000])
    expect(lines).toEqual([
      'Sync, attempt 1/5: HTTP 429 (rate_limited: Sync rate limit exceeded.); DoorFlow asked to wait 60 s (retry_in), retrying in 60 s.'
    ])
  })

  it('gated: a named wait is left to the caller’s gate, exactly as named; a 429 that names none still backs off', async () => {
    const clock = steppingClock({ random: 0.99 })
    const s = script(limited(3), limited(3))
    const lines: string[] = []
    const r = await withRetries({ budget: budget(clock), clock, log: l => lines.push(l) }, SYNC, s.attempt, {
      gated: true
    })
    expect(r).toMatchObject({ ok: true, attempts: 3 })
    // No sleep of its own: the attempt itself waits at the gate the 429 closed.
    expect(clock.waits).toEqual([])
    expect(lines.map(l => l.slice(l.indexOf('DoorFlow asked')))).toEqual([
      'DoorFlow asked to wait 3 s (retry_in), retrying in 3 s.',
      'DoorFlow asked to wait 3 s (retry_in), retrying in 3 s.'
    ])

    const unnamed: Outcome = { kind: 'response', status: 429, headers: {}, body: '{"error":"rate_limited"}' }
    const backoff = steppingClock({ random: 0.5 })
    await withRetries({ budget: budget(backoff), clock: backoff, log: () => {} }, SYNC, script(unnamed).attempt, {
      gated: true
    })
    expect(backoff.waits).toEqual([500])
  })

  it('limits each request to the budget left', async () => {
    const clock = steppingClock()
    const s = script(limited(20))
    await withRetries({ budget: budget(clock, { timeoutMs: 45_000 }), clock: clock, log: () => {} }, SYNC, s.attempt)
    expect(s.timeouts).toEqual([30_000, 25_000])
  })

  it('fails without sleeping when the named wait ends past the budget', async () => {
    const clock = steppingClock()
    const s = script(limited(60))
    const r = await withRetries(
      { budget: budget(clock, { timeoutMs: 30_000 }), clock: clock, log: () => {} },
      SYNC,
      s.attempt
    )
    expect(r.ok).toBe(false)
    expect(clock.waits).toEqual([])
    expect(r.message).toMatch(/asked to wait 60 s, but only 30 s of the budget is left after 1 attempt/)
  })

  it('stops after max-attempts with the last answer', async () => {
    const clock = steppingClock()
    const s = script(reset, reset, reset)
    const r = await withRetries(
      { budget: budget(clock, { maxAttempts: 3 }), clock: clock, log: () => {} },
      SYNC,
      s.attempt
    )
    expect(r).toMatchObject({ ok: false, attempts: 3 })
    expect(r.message).toMatch(
      /^Sync failed after 3 attempts in .* \(max-attempts reached\); last answer: connection error \(ECONNRESET/
    )
  })

  it('backs off with full jitter below a doubling ceiling', async () => {
    const clock = steppingClock({ random: 0.5 })
    const s = script(reset, reset, reset, reset)
    await withRetries({ budget: budget(clock), clock: clock, log: () => {} }, SYNC, s.attempt)
    expect(clock.waits).toEqual([500, 1_000, 2_000, 4_000])
  })

  it('fails at once on a fatal answer', async () => {
    const clock = steppingClock()
    const s = script({
      kind: 'response',
      status: 401,
      headers: {},
      body: '{"error":"invalid_token","error_description":"The access token is invalid"}'
    })
    const r = await withRetries({ budget: budget(clock), clock: clock, log: () => {} }, SYNC, s.attempt)
    expect(r).toMatchObject({ ok: false, attempts: 1 })
    expect(clock.waits).toEqual([])
  })

  it('does not repeat a request that mayRepeat rules out', async () => {
    const clock = steppingClock()
    const s = script(reset)
    const r = await withRetries({ budget: budget(clock), clock: clock, log: () => {} }, SYNC, s.attempt, {
      mayRepeat: () => false
    })
    expect(r).toMatchObject({ ok: false, attempts: 1 })
    expect(r.message).toMatch(/Not retried: the request may have reached DoorFlow/)
  })

  it('retries a 500 only for an idempotent request', async () => {
    const boom: Outcome = { kind: 'response', status: 500, headers: {}, body: '{"message":"Server Error"}' }
    const plain = steppingClock({ random: 0.5 })
    expect(
      await withRetries({ budget: budget(plain), clock: plain, log: () => {} }, SYNC, script(boom).attempt)
    ).toMatchObject({ ok: false, attempts: 1 })
    const clock = steppingClock({ random: 0.5 })
    const r = await withRetries({ budget: budget(clock), clock: clock, log: () => {} }, SYNC, script(boom).attempt, {
      idempotent: true
    })
    expect(r).toMatchObject({ ok: true, attempts: 2 })
  })

  it('ends as a success carrying what onRateLimited found (a covering sync)', async () => {
    const clock = steppingClock()
    const s = script(limited(30))
    const r = await withRetries({ budget: budget(clock), clock: clock, log: () => {} }, SYNC, s.attempt, {
      onRateLimited: () => Promise.resolve(1234)
    })
    expect(r).toMatchObject({ ok: true, attempts: 1, found: 1234 })
    expect(clock.waits).toEqual([])
  })

  it('a cancel during a wait ends the loop without another request', async () => {
    const clock = steppingClock()
    const controller = new AbortController()
    const sleep = clock.sleep.bind(clock)
    clock.sleep = async (ms: number, signal?: AbortSignal) => {
      expect(signal).toBe(controller.signal)
      controller.abort() // the signal arrives during the wait
      await sleep(ms)
    }
    const s = script(limited(60))
    const r = await withRetries(
      { budget: budget(clock), clock, log: () => {}, signal: controller.signal },
      SYNC,
      s.attempt
    )
    expect(r).toMatchObject({ ok: false, cancelled: true, attempts: 1, message: 'Sync: cancelled after 1 attempt.' })
    expect(s.timeouts).toHaveLength(1)
  })

  it('keeps a success that arrives with the cancel: it may carry a rotated token', async () => {
    const clock = steppingClock()
    const controller = new AbortController()
    const r = await withRetries(
      { budget: budget(clock), clock, log: () => {}, signal: controller.signal },
      SYNC,
      async () => {
        controller.abort()
        return ok
      }
    )
    expect(r).toMatchObject({ ok: true, attempts: 1 })
  })

  it('an outer limit shortens each request and stops retries that would end past it', async () => {
    const clock = steppingClock({ random: 0.5 })
    const s = script(reset, reset)
    const r = await withRetries({ budget: budget(clock), clock, log: () => {}, limit: () => 700 }, SYNC, s.attempt)
    expect(s.timeouts[0]).toBe(700)
    // Backoff after the first failure is 500 ms (half of 1 s), under 700: retried; the second waits 1 s: past the limit.
    expect(r).toMatchObject({ ok: false, attempts: 2 })
    expect(clock.waits).toEqual([500])
  })

  it('runs onRateLimited inside the retry wait: the retry goes out at the named time however long it took', async () => {
    const clock = steppingClock()
    const s = script(limited(3))
    const asked: [number, boolean][] = []
    const lines: string[] = []
    const r = await withRetries({ budget: budget(clock), clock, log: l => lines.push(l) }, SYNC, s.attempt, {
      onRateLimited: async (withinMs, final) => {
        asked.push([withinMs, final])
        clock.t += 2_000 // a 2 s account read
        return undefined
      }
    })
    expect(r).toMatchObject({ ok: true, attempts: 2 })
    expect(r.found).toBeUndefined()
    expect(asked).toEqual([[3_000, false]])
    expect(clock.waits).toEqual([1_000])
    expect(lines).toEqual([expect.stringMatching(/retrying in 3 s\.$/)])
  })

  it('when no retry follows, onRateLimited gets the budget left and is told so', async () => {
    const clock = steppingClock()
    const s = script(limited(60))
    const asked: [number, boolean][] = []
    const r = await withRetries(
      { budget: budget(clock, { timeoutMs: 10_000 }), clock, log: () => {} },
      SYNC,
      s.attempt,
      {
        onRateLimited: async (withinMs, final) => {
          asked.push([withinMs, final])
          return undefined
        }
      }
    )
    expect(r).toMatchObject({ ok: false, attempts: 1 })
    expect(asked).toEqual([[10_000, true]])
    expect(r.message).toMatch(/DoorFlow asked to wait 60 s/)
  })
})

describe('a budget spent before the first request', () => {
  it('sends nothing and names timeout-seconds as people read durations', async () => {
    const clock = steppingClock()
    const s = script()
    const spent = { ...budget(clock, { timeoutMs: 1500 }), startedAt: clock.now() - 2000 }
    const r = await withRetries({ budget: spent, clock, log: () => {} }, SYNC, s.attempt)
    expect(s.timeouts).toEqual([])
    expect(r).toMatchObject({ ok: false, attempts: 0 })
    expect(r.message).toBe('Sync failed: no time left in timeout-seconds (1.5 s) to send a request.')
  })
})
