/**
 * The real clock's sleep under Jest's fake timers (no real waiting): a sleep longer than a Node
 * timer holds (2^31−1 ms) is made of several timers, none longer, so it neither fires at once
 * nor warns (TimeoutOverflowWarning); an abort still ends it.
 */
import { jest } from '@jest/globals'
import { MAX_TIMER_MS, realClock } from '../../src/net/context.js'

beforeEach(() => {
  jest.useFakeTimers()
})
afterEach(() => {
  jest.useRealTimers()
  jest.restoreAllMocks()
})

const delays = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(call => call[1] as number)

describe('realClock.sleep', () => {
  it('MAX_TIMER_MS is the largest delay a Node timer holds', () => {
    expect(MAX_TIMER_MS).toBe(2_147_483_647)
  })

  it('a short sleep is one timer of its length', async () => {
    const spy = jest.spyOn(globalThis, 'setTimeout')
    let done = false
    const sleeping = realClock.sleep(3000).then(() => (done = true))
    await jest.advanceTimersByTimeAsync(2999)
    expect(done).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    await sleeping
    expect(done).toBe(true)
    expect(delays(spy)).toEqual([3000])
  })

  it('a sleep past 2^31−1 ms is made of timers no longer than that, and lasts its whole length', async () => {
    const spy = jest.spyOn(globalThis, 'setTimeout')
    const ms = 10_000_000_000 // retry_in: 10,000,000 s
    let done = false
    const sleeping = realClock.sleep(ms).then(() => (done = true))
    await jest.advanceTimersByTimeAsync(ms - 1)
    expect(done).toBe(false)
    await jest.advanceTimersByTimeAsync(1)
    await sleeping
    expect(done).toBe(true)
    expect(Math.max(...delays(spy))).toBeLessThanOrEqual(MAX_TIMER_MS)
    expect(delays(spy).reduce((a, b) => a + b, 0)).toBe(ms)
    expect(delays(spy)).toHaveLength(5)
  })

  it('an abort ends a long sleep at once, leaving no timer behind', async () => {
    const controller = new AbortController()
    let done = false
    const sleeping = realClock.sleep(10_000_000_000, controller.signal).then(() => (done = true))
    await jest.advanceTimersByTimeAsync(MAX_TIMER_MS + 5)
    expect(done).toBe(false)
    controller.abort()
    await sleeping
    expect(done).toBe(true)
    expect(jest.getTimerCount()).toBe(0)
  })
})
