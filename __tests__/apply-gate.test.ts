/**
 * The apply's shared rate-limit gate under the step's budget, on a virtual clock (no test
 * sleeps): a 429 naming a wait past the budget fails the writes at once instead of keeping
 * them at the gate until the runner kills the step.
 */
import type { Context } from '../src/net/clock.js'
import type { Outcome } from '../src/net/http.js'
import { applyPlan, type PersonWriter } from '../src/roster/apply.js'
import type { Plan, PlannedChange } from '../src/roster/plan.js'
import { VirtualClock } from './helpers/virtual-clock.js'
import { finished } from './helpers/plan.js'

const limited = (retryIn: number): Outcome => ({
  kind: 'response',
  status: 429,
  headers: {},
  body: JSON.stringify({ error: 'rate_limited', description: 'Slow down.', retry_in: retryIn })
})

/** Creates answered 429: the first with retry_in 1, every later one with `laterRetryIn`; each takes 10 ms. */
function writer(clock: VirtualClock, laterRetryIn: number): PersonWriter & { sent: number } {
  const w = {
    sent: 0,
    async createPerson(): Promise<Outcome> {
      await clock.sleep(10)
      return limited(w.sent++ === 0 ? 1 : laterRetryIn)
    },
    updatePerson: () => Promise.reject(new Error('no update planned')),
    deletePerson: () => Promise.reject(new Error('no delete planned')),
    findBySystemId: () => Promise.reject(new Error('no look-up expected'))
  }
  return w
}

const creating = (n: number): PlannedChange => ({
  kind: 'create',
  systemId: `NEW-${n}`,
  name: `P ${n}`,
  fields: { first_name: 'P', last_name: String(n) },
  groups: [],
  roles: []
})
const plan: Plan = finished({
  version: 1,
  manages: 'NEW-*',
  prune: 'disable',
  changes: Array.from({ length: 8 }, (_, i) => creating(i)),
  unchanged: 0,
  managedCount: 0
})

async function applyUnder(budgetMs: number, laterRetryIn: number) {
  const clock = new VirtualClock()
  const w = writer(clock, laterRetryIn)
  const ctx: Context = {
    budget: { maxAttempts: 5, timeoutMs: budgetMs, requestTimeoutMs: 10_000, startedAt: clock.now() },
    clock,
    log: () => {}
  }
  const t0 = clock.now()
  const result = await clock.run(applyPlan(ctx, plan, w, { concurrency: 4 }))
  return { result, clock, elapsed: clock.now() - t0, sent: w.sent }
}

describe('the write gate under the budget', () => {
  it.each([3000, 10_000_000])(
    'retry_in %i s under a 20 s budget: the write retried after 1 s fails at the gate at once, naming the wait',
    async retryIn => {
      const { result, clock, elapsed, sent } = await applyUnder(20_000, retryIn)
      // The 1 s wait of the first 429 is waited; nothing longer is ever slept.
      expect(Math.max(...clock.sleeps)).toBeLessThan(2000)
      expect(elapsed).toBeLessThan(2000)
      expect(sent).toBe(4)
      expect(result.counts).toMatchObject({ created: 0, failed: 4, notAttempted: 4 })
      const retried = result.results.find(r => r.change.systemId === 'NEW-0')!
      expect(retried.message).toContain(`DoorFlow asked to wait ${retryIn} s, but only 19 s of the budget is left`)
      expect(retried.message).toContain('timeout-seconds is 20 s')
    }
  )

  it('the same 3000 s with a budget that holds it: the gate waits it out', async () => {
    const { clock } = await applyUnder(4_000_000, 3000)
    expect(clock.sleeps.filter(ms => ms >= 2_999_000).length).toBeGreaterThan(0)
  })
})
