import { EventEmitter } from 'node:events'
import { stepContext, timeLeft, type Clock } from '../src/net/clock.js'
import { Cancellation, EXIT_MARGIN_MS, heldContext, KILL_AFTER_MS, type Timers } from '../src/signals.js'

/** One clock for the budget and the cancel's timers; time moves only when the test moves it. */
function world() {
  let t = 1_000_000
  let queue: { at: number; fn: () => void }[] = []
  const clock: Clock = { now: () => t, sleep: async () => {}, random: () => 0 }
  const timers: Timers = {
    now: () => t,
    after: (ms, fn) => {
      const entry = { at: t + ms, fn }
      queue.push(entry)
      return () => void (queue = queue.filter(e => e !== entry))
    }
  }
  const advance = (ms: number) => {
    t += ms
    const due = queue.filter(e => e.at <= t)
    queue = queue.filter(e => e.at > t)
    for (const e of due) e.fn()
  }
  const source = new EventEmitter()
  const cancel = new Cancellation(() => {}, source, timers)
  return { clock, advance, source, cancel }
}

describe('stepContext', () => {
  it('takes the three limits into the budget and nothing else of the settings', () => {
    const { clock, cancel } = world()
    const lines: string[] = []
    const settings = {
      maxAttempts: 3,
      timeoutMs: 60_000,
      requestTimeoutMs: 10_000,
      auth: { mode: 'token', token: 'dft_secret' },
      baseUrl: 'https://api.doorflow.com'
    }
    const ctx = stepContext(settings, 999_000, clock, line => lines.push(line), cancel.signal)
    expect(ctx.budget).toEqual({ maxAttempts: 3, timeoutMs: 60_000, requestTimeoutMs: 10_000, startedAt: 999_000 })
    expect(JSON.stringify(ctx.budget)).not.toContain('dft_secret')
    expect(ctx.clock).toBe(clock)
    expect(ctx.signal).toBe(cancel.signal)
    expect(ctx.limit).toBeUndefined()
    // The budget runs from startedAt, not from the call: 1 s had gone by.
    expect(timeLeft(ctx)).toBe(59_000)
    ctx.log('a line')
    expect(lines).toEqual(['a line'])
  })
})

describe('heldContext', () => {
  it('keeps the step budget, and has no limit and no abort while no signal arrived', async () => {
    const { clock, cancel } = world()
    const ctx = stepContext({ maxAttempts: 1, timeoutMs: 30_000, requestTimeoutMs: 5000 }, clock.now(), clock, () => {})
    await cancel.hold('writing', async held => {
      const within = heldContext(ctx, held, 3000)
      expect(within.budget).toBe(ctx.budget)
      expect(within.clock).toBe(clock)
      expect(within.limit!()).toBe(Infinity)
      expect(within.signal!.aborted).toBe(false)
      expect(timeLeft(within)).toBe(30_000)
    })
  })

  it('after a held signal, ends reserveMs before the runner kills the step', async () => {
    const { clock, advance, source, cancel } = world()
    const ctx = stepContext(
      { maxAttempts: 1, timeoutMs: 600_000, requestTimeoutMs: 5000 },
      clock.now(),
      clock,
      () => {}
    )
    await cancel.hold('writing', async held => {
      const writes = heldContext(ctx, held, 3000)
      const sync = heldContext(ctx, held)
      source.emit('SIGTERM')
      const left = KILL_AFTER_MS.SIGTERM - EXIT_MARGIN_MS
      expect(sync.limit!()).toBe(left)
      expect(writes.limit!()).toBe(left - 3000)
      // The outer limit is the shorter one now: the budget has ten minutes left.
      expect(timeLeft(writes)).toBe(left - 3000)
      advance(left - 3000)
      expect(writes.signal!.aborted).toBe(true)
      expect(sync.signal!.aborted).toBe(false)
      advance(3000)
      expect(sync.signal!.aborted).toBe(true)
    })
    expect(cancel.signal.aborted).toBe(true)
  })
})
