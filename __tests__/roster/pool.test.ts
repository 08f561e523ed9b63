import type { Outcome } from '../../src/net/http.js'
import { Gate, runPool } from '../../src/roster/pool.js'
import { VirtualClock } from '../helpers/virtual-clock.js'

/** DoorFlow's 429 naming `seconds` in retry_in. */
const limited = (seconds: number): Outcome => ({
  kind: 'response',
  status: 429,
  headers: {},
  body: JSON.stringify({ error: 'rate_limited', description: 'Rate limit exceeded.', retry_in: seconds })
})

describe('Gate', () => {
  it('is open until closed, then keeps everyone back until the named time', async () => {
    const clock = new VirtualClock()
    const gate = new Gate(clock)
    const t0 = clock.now()
    await clock.run(gate.pass())
    expect(clock.now()).toBe(t0)
    expect(gate.close(t0 + 3000, limited(3))).toBe(3000)
    const passed: number[] = []
    await clock.run(Promise.all([1, 2, 3].map(() => gate.pass().then(() => passed.push(clock.now())))))
    expect(passed).toEqual([t0 + 3000, t0 + 3000, t0 + 3000])
  })

  it('only ever moves later: an earlier close changes nothing, a later one extends the wait of those waiting', async () => {
    const clock = new VirtualClock()
    const gate = new Gate(clock)
    const t0 = clock.now()
    gate.close(t0 + 2000, limited(2))
    expect(gate.close(t0 + 1000, limited(1))).toBe(0)
    const waiting = gate.pass().then(() => clock.now())
    const extend = clock.sleep(500).then(() => gate.close(t0 + 5000, limited(5)))
    const [openedAt, longer] = await clock.run(Promise.all([waiting, extend]))
    expect(longer).toBe(3000)
    expect(openedAt).toBe(t0 + 5000)
  })
})

describe('Gate under a budget', () => {
  /** A gate whose budget ends at `t0 + budgetMs`, as writes.ts builds it from timeLeft. */
  const budgeted = (budgetMs: number) => {
    const clock = new VirtualClock()
    const end = clock.now() + budgetMs
    return { clock, gate: new Gate(clock, () => end - clock.now()), t0: clock.now() }
  }

  it('a wait within the budget is waited', async () => {
    const { clock, gate, t0 } = budgeted(20_000)
    gate.close(t0 + 3000, limited(3))
    expect(await clock.run(gate.pass())).toBeUndefined()
    expect(clock.now()).toBe(t0 + 3000)
    expect(clock.sleeps).toEqual([3000])
  })

  it('a wait past the budget is refused at once with the answer that shut the gate, and nothing sleeps', async () => {
    const { clock, gate, t0 } = budgeted(20_000)
    const answer = limited(3000)
    gate.close(t0 + 3_000_000, answer)
    expect(await clock.run(gate.pass())).toBe(answer)
    expect(clock.now()).toBe(t0)
    expect(clock.sleeps).toEqual([])
  })

  it('a wait of exactly the time left is refused too: nothing would be left for the write', async () => {
    const { clock, gate, t0 } = budgeted(20_000)
    gate.close(t0 + 20_000, limited(20))
    expect(await clock.run(gate.pass())).toEqual(limited(20))
    expect(clock.sleeps).toEqual([])
  })

  it('a retry_in beyond any timer (10,000,000 s) is refused without a timer', async () => {
    const { clock, gate, t0 } = budgeted(6 * 3600_000)
    gate.close(t0 + 10_000_000_000, limited(10_000_000))
    expect(await clock.run(gate.pass())).toEqual(limited(10_000_000))
    expect(clock.sleeps).toEqual([])
  })

  it('a gate pushed past the budget while a write waits refuses it when the wait ends', async () => {
    const { clock, gate, t0 } = budgeted(20_000)
    gate.close(t0 + 2000, limited(2))
    const waiting = gate.pass().then(refused => ({ refused, at: clock.now() }))
    const later = limited(3000)
    const extend = clock.sleep(1000).then(() => gate.close(t0 + 1000 + 3_000_000, later))
    const [{ refused, at }] = await clock.run(Promise.all([waiting, extend]))
    expect(refused).toBe(later)
    expect(at).toBe(t0 + 2000)
  })
})

describe('runPool', () => {
  it('runs every item once, at most `concurrency` at a time, starting them in order', async () => {
    const clock = new VirtualClock()
    let inFlight = 0
    let most = 0
    const started: number[] = []
    const items = Array.from({ length: 11 }, (_, i) => i)
    const left = await clock.run(
      runPool(items, 3, async i => {
        started.push(i)
        most = Math.max(most, ++inFlight)
        await clock.sleep(100 + (i % 4) * 50)
        inFlight--
      })
    )
    expect(left).toEqual([])
    expect(started).toEqual(items)
    expect(most).toBe(3)
  })

  it('starts nothing more once stop() names a reason; returns what never started', async () => {
    const clock = new VirtualClock()
    const done: number[] = []
    let reason: string | undefined
    const left = await clock.run(
      runPool(
        [0, 1, 2, 3, 4, 5],
        2,
        async i => {
          await clock.sleep(10)
          done.push(i)
          if (i === 2) reason = 'refused'
        },
        () => reason
      )
    )
    expect(done).toEqual([0, 1, 2, 3])
    expect(left).toEqual([4, 5])
  })
})
