/**
 * The apply takes the guard's verdict from the run (computed once, in run.ts's guard step), never
 * judges for itself, and writes nothing unless that verdict lets through this very plan: a
 * refusing verdict, a verdict made for another plan, and a plan changed after it was judged are
 * all refused before the first write. On an in-memory people API and a virtual clock.
 */
import type { Context } from '../src/net/clock.js'
import { applyRoster } from '../src/roster/apply-step.js'
import { guardedFingerprint } from '../src/roster/digest.js'
import { judgePlan } from '../src/roster/guard.js'
import type { LockOut, Plan, PlannedChange } from '../src/roster/plan.js'
import { FakeWriter } from './helpers/fake-writer.js'
import { VirtualClock } from './helpers/virtual-clock.js'

const removal = (n: number): PlannedChange => ({
  kind: 'remove',
  systemId: `EMP-${n}`,
  name: `Person ${n}`,
  personId: 100 + n,
  mode: 'disable',
  groups: [{ id: 1, name: 'Staff' }]
})

const lockOut = (c: PlannedChange): LockOut => ({
  systemId: c.systemId,
  name: c.name,
  personId: c.kind === 'create' ? 0 : c.personId,
  how: 'removed'
})

/** `n` removals of managed people who could open a door, out of 100 (10 listed people stay). */
function removing(n: number): Plan {
  const changes = Array.from({ length: n }, (_, i) => removal(i + 1))
  return {
    version: 1,
    manages: 'EMP-*',
    prune: 'disable',
    changes,
    unchanged: 10,
    managedCount: 100,
    lockOuts: changes.map(lockOut)
  }
}

function setup() {
  const clock = new VirtualClock(0)
  const writer = new FakeWriter(clock)
  const ctx: Context = {
    budget: { maxAttempts: 3, timeoutMs: 600_000, requestTimeoutMs: 30_000, startedAt: clock.now() },
    clock,
    log: () => {}
  }
  for (let n = 1; n <= 40; n++) writer.people.set(100 + n, { id: 100 + n, system_id: `EMP-${n}`, enabled: true })
  const apply = (plan: Plan, verdict: ReturnType<typeof judgePlan>) =>
    clock.run(applyRoster(ctx, plan, verdict, writer, { writeConcurrency: 4 }))
  return { writer, apply, ctx }
}

describe('applyRoster under the guard verdict it is given', () => {
  it('writes the plan its verdict was made for and lets through', async () => {
    const { writer, apply } = setup()
    const plan = removing(3)
    const result = await apply(plan, judgePlan(plan, 5))
    expect(result).toMatchObject({ ok: true, refused: false, wrote: true })
    expect(writer.requests.map(r => `${r.method} ${r.target}`)).toEqual(['PUT 101', 'PUT 102', 'PUT 103'])
  })

  it('refuses, before any write, a plan whose verdict says refuse', async () => {
    const { writer, apply } = setup()
    const plan = removing(3)
    const verdict = judgePlan(plan, 2)
    expect(verdict.report.refused).toBe(true)
    const result = await apply(plan, verdict)
    expect(result).toEqual({
      ok: false,
      refused: true,
      wrote: false,
      message: `Refusing to apply: ${verdict.report.reason} Nothing was written.`
    })
    expect(result.message).toContain(
      'locks 3 people out of every door, now or in the next 14 days, more than max-removals (2'
    )
    expect(writer.requests).toEqual([])
  })

  it('refuses a verdict made for another plan, even one that lets its own plan through', async () => {
    const { writer, apply } = setup()
    const small = removing(1)
    const verdict = judgePlan(small, 5)
    expect(verdict.report.refused).toBe(false)
    const result = await apply(removing(30), verdict)
    expect(result).toMatchObject({ ok: false, refused: true, wrote: false })
    expect(result.message).toMatch(/^Refusing to apply: the guard's verdict was made for another plan/)
    expect(result.message).toContain('Nothing was written; run again')
    expect(writer.requests).toEqual([])
  })

  it.each([
    ['a change added', (p: Plan) => p.changes.push(removal(40))],
    ['a change rewritten', (p: Plan) => ((p.changes[0] as { mode: string }).mode = 'delete')],
    ['the lock-outs emptied', (p: Plan) => (p.lockOuts = [])],
    ['the managed count raised', (p: Plan) => (p.managedCount = 10_000)],
    ['the unchanged count raised', (p: Plan) => (p.unchanged = 500)]
  ])('refuses the same plan object changed after it was judged: %s', async (_, change) => {
    const { writer, apply } = setup()
    const plan = removing(1)
    const verdict = judgePlan(plan, 5)
    change(plan)
    const result = await apply(plan, verdict)
    expect(result).toMatchObject({ ok: false, refused: true, wrote: false })
    expect(writer.requests).toEqual([])
  })

  it('does not count what the apply ignores: drift marks and the guard report on the plan', async () => {
    const { writer, apply } = setup()
    const plan = removing(2)
    const verdict = judgePlan(plan, 5)
    plan.changes[0].drift = true
    plan.guard = verdict.report
    expect(guardedFingerprint(plan)).toBe(verdict.fingerprint)
    const result = await apply(plan, verdict)
    expect(result).toMatchObject({ ok: true, wrote: true })
    expect(writer.requests).toHaveLength(2)
  })

  it('takes only a verdict that judgePlan made, and never none (checked by the type checker)', () => {
    const { writer, ctx } = setup()
    const plan = removing(30)
    const report = { lockOuts: 30, limit: 100, limitSource: 'max-removals', refused: false } as const
    const forged = { report, fingerprint: guardedFingerprint(plan) }
    // Never called: these lines are here for `npm run typecheck`, which fails if either compiles.
    const misuses = [
      // @ts-expect-error a hand-written verdict has no brand: only judgePlan makes one
      () => applyRoster(ctx, plan, forged, writer, { writeConcurrency: 4 }),
      // @ts-expect-error the verdict is a required parameter
      () => applyRoster(ctx, plan, writer, { writeConcurrency: 4 })
    ]
    expect(misuses).toHaveLength(2)
    expect(writer.requests).toEqual([])
  })
})
