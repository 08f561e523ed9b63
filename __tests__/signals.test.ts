import { EventEmitter } from 'node:events'
import { Cancellation, EXIT_MARGIN_MS, KILL_AFTER_MS, type Timers, heldContext } from '../src/signals.js'
import { stepContext, timeLeft, type Clock } from '../src/net/context.js'

describe('signals', () => {
  /** Timers that fire only when the test moves time on. */
  function fakeTimers(): Timers & { t: number; advance(ms: number): void; pending(): number } {
    let queue: { at: number; fn: () => void }[] = []
    const timers = {
      t: 0,
      now: () => timers.t,
      after: (ms: number, fn: () => void) => {
        const entry = { at: timers.t + ms, fn }
        queue.push(entry)
        return () => void (queue = queue.filter(e => e !== entry))
      },
      advance(ms: number) {
        timers.t += ms
        const due = queue.filter(e => e.at <= timers.t)
        queue = queue.filter(e => e.at > timers.t)
        for (const e of due) e.fn()
      },
      pending: () => queue.length
    }
    return timers
  }

  function setup() {
    const source = new EventEmitter()
    const timers = fakeTimers()
    const lines: string[] = []
    const cancel = new Cancellation(l => lines.push(l), source, timers)
    return { source, timers, lines, cancel }
  }

  describe('Cancellation', () => {
    it('a signal outside a held window aborts at once and gives the exit code', () => {
      const { source, cancel, lines } = setup()
      expect(cancel.signal.aborted).toBe(false)
      source.emit('SIGTERM')
      expect(cancel.signal.aborted).toBe(true)
      expect(cancel.received).toBe('SIGTERM')
      expect(cancel.exitCode).toBe(143)
      expect(lines).toEqual(['Received SIGTERM: stopping.'])
    })

    it('holds a signal until the window closes, then aborts the run', async () => {
      const { source, cancel, timers, lines } = setup()
      let abortedInside: boolean | undefined
      const result = await cancel.hold('storing the token', async held => {
        timers.advance(1000)
        source.emit('SIGINT')
        abortedInside = cancel.signal.aborted
        // The runner kills 10 s after SIGINT; held work ends the exit margin before that.
        expect(held.timeLeft()).toBe(KILL_AFTER_MS.SIGINT - EXIT_MARGIN_MS)
        expect(held.timeLeft(300)).toBe(KILL_AFTER_MS.SIGINT - EXIT_MARGIN_MS - 300)
        return 'stored'
      })
      expect(result).toBe('stored')
      expect(abortedInside).toBe(false)
      expect(cancel.signal.aborted).toBe(true)
      expect(cancel.exitCode).toBe(130)
      expect(lines[0]).toMatch(
        /^Received SIGINT while storing the token: holding it until that is done \(the runner stops this step 10 s after SIGINT; the rest of the work gets 9800 ms\)\.$/
      )
    })

    it('no signal: held work has no deadline and the run is not aborted', async () => {
      const { cancel, timers } = setup()
      await cancel.hold('work', async held => {
        const signal = held.signal()
        expect(held.timeLeft()).toBe(Infinity)
        timers.advance(60_000)
        expect(signal.aborted).toBe(false)
      })
      expect(cancel.signal.aborted).toBe(false)
      expect(timers.pending()).toBe(0)
    })

    it('the held deadline fires its reserve before the kill, and SIGTERM after SIGINT shortens it', async () => {
      const { source, cancel, timers } = setup()
      await cancel.hold('exchanging', async held => {
        const exchange = held.signal(300)
        const write = held.signal()
        source.emit('SIGINT')
        timers.advance(5000)
        expect(exchange.aborted).toBe(false)
        source.emit('SIGTERM') // 7.5 s early: the kill is now 2.5 s away
        expect(held.timeLeft()).toBe(2500 - EXIT_MARGIN_MS)
        timers.advance(2500 - EXIT_MARGIN_MS - 300)
        expect(exchange.aborted).toBe(true)
        expect(write.aborted).toBe(false)
        timers.advance(300)
        expect(write.aborted).toBe(true)
      })
      // The first signal decides the exit code.
      expect(cancel.exitCode).toBe(130)
    })

    it('a deadline asked for after the signal is already armed, or aborted when no time is left', async () => {
      const { source, cancel, timers } = setup()
      await cancel.hold('writing', async held => {
        source.emit('SIGTERM')
        timers.advance(2000)
        expect(held.signal().aborted).toBe(false)
        expect(held.signal(500).aborted).toBe(true)
      })
    })

    it('work held after a signal sees it: a finite time left and a deadline armed, not a fresh window', async () => {
      const { source, timers, cancel } = setup()
      source.emit('SIGINT')
      timers.advance(1000)
      await cancel.hold('applying the roster', async held => {
        expect(held.timeLeft()).toBe(KILL_AFTER_MS.SIGINT - 1000 - EXIT_MARGIN_MS)
        const signal = held.signal(3000)
        expect(signal.aborted).toBe(false)
        timers.advance(KILL_AFTER_MS.SIGINT - 1000 - EXIT_MARGIN_MS - 3000)
        expect(signal.aborted).toBe(true)
      })
      expect(cancel.signal.aborted).toBe(true)
    })

    it('dispose stops listening', () => {
      const { source, cancel } = setup()
      cancel.dispose()
      expect(source.listenerCount('SIGINT')).toBe(0)
      expect(source.listenerCount('SIGTERM')).toBe(0)
    })
  })
})

describe('context', () => {
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
      const ctx = stepContext(
        { maxAttempts: 1, timeoutMs: 30_000, requestTimeoutMs: 5000 },
        clock.now(),
        clock,
        () => {}
      )
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
})
