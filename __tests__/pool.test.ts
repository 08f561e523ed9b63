import { Gate, runPool } from '../src/roster/pool.js'
import { VirtualClock } from './helpers/virtual-clock.js'

describe('Gate', () => {
  it('is open until closed, then keeps everyone back until the named time', async () => {
    const clock = new VirtualClock()
    const gate = new Gate(clock)
    const t0 = clock.now()
    await clock.run(gate.pass())
    expect(clock.now()).toBe(t0)
    expect(gate.close(t0 + 3000)).toBe(3000)
    const passed: number[] = []
    await clock.run(Promise.all([1, 2, 3].map(() => gate.pass().then(() => passed.push(clock.now())))))
    expect(passed).toEqual([t0 + 3000, t0 + 3000, t0 + 3000])
  })

  it('only ever moves later: an earlier close changes nothing, a later one extends the wait of those waiting', async () => {
    const clock = new VirtualClock()
    const gate = new Gate(clock)
    const t0 = clock.now()
    gate.close(t0 + 2000)
    expect(gate.close(t0 + 1000)).toBe(0)
    const waiting = gate.pass().then(() => clock.now())
    const extend = clock.sleep(500).then(() => gate.close(t0 + 5000))
    const [openedAt, longer] = await clock.run(Promise.all([waiting, extend]))
    expect(longer).toBe(3000)
    expect(openedAt).toBe(t0 + 5000)
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
