import { realClock, type Clock } from '../../src/net/context.js'

/**
 * A discrete-event clock for code that runs several things at once: `sleep` parks the caller
 * until virtual time reaches its end, and `run` moves time to the earliest parked sleeper
 * whenever everything else is waiting. A minute of waits passes in no real time.
 */
export class VirtualClock implements Clock {
  t = 1_000_000
  /** Every sleep asked for, in ms. */
  readonly sleeps: number[] = []
  private seq = 0
  private timers: { at: number; seq: number; wake: () => void }[] = []

  constructor(private readonly chance = 0) {}

  now = (): number => this.t
  random = (): number => this.chance

  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms)
    return new Promise(wake => this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake }))
  }

  /** Drives `work` to its end, advancing time only when nothing can proceed without it. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false
    void work.then(
      () => (settled = true),
      () => (settled = true)
    )
    for (;;) {
      await new Promise(resolve => setImmediate(resolve))
      if (settled) return work
      if (this.timers.length === 0) throw new Error('VirtualClock: nothing left to wake, but the work has not ended')
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = this.timers.shift()!
      this.t = Math.max(this.t, next.at)
      next.wake()
    }
  }
}

/**
 * A clock whose waits take (almost) no time: a wait of `ms` really lasts `ms × realShare`, and
 * `now()` is real time plus the rest of every wait so far, so that request deadlines (real
 * timers), the fakes' real-time plans and the budget (this clock) still agree.
 */
export function fastClock(realShare = 0): Clock & { waitedMs: number } {
  const clock = {
    waitedMs: 0,
    now: () => Date.now() + clock.waitedMs,
    sleep: async (ms: number, signal?: AbortSignal) => {
      const real = Math.round(ms * realShare)
      clock.waitedMs += ms - real
      if (real > 0) await realClock.sleep(real, signal)
    },
    random: () => 0.5
  }
  return clock
}

/**
 * A clock for code that waits one thing at a time: `sleep` moves time on at once (no real wait)
 * and records the wait in `waits`. Starts at `t`; `random()` always answers `random`.
 */
export function steppingClock({ t = 1_000_000, random = 0 } = {}): Clock & { t: number; waits: number[] } {
  const clock = {
    t,
    waits: [] as number[],
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.waits.push(ms)
      clock.t += ms
      return Promise.resolve()
    },
    random: () => random
  }
  return clock
}
