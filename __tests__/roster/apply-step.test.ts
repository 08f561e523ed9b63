/**
 * The apply takes the guard's verdict from the run (judged once, in run.ts's guard step, from the
 * finished plan), never judges for itself, and writes nothing unless that verdict lets through
 * this very plan: a refusing verdict and a verdict made for another plan (however it differs) are
 * refused before the first write. A plan cannot change after it was judged: its type is read-only
 * (the last test). On an in-memory people API and a virtual clock.
 */
import type { Context } from '../../src/net/context.js'
import { applyRoster } from '../../src/roster/apply-step.js'
import { planFingerprint } from '../../src/roster/digest.js'
import { judgePlan, type GuardVerdict } from '../../src/roster/guard.js'
import type { LockOut, Plan, PlannedChange } from '../../src/roster/plan.js'
import { FakeWriter } from '../helpers/fake-writer.js'
import { finished } from '../helpers/plan.js'
import { VirtualClock } from '../helpers/virtual-clock.js'

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

/** `n` removals of managed people who could open a door, out of 100 (10 listed people stay), guarded with `maxRemovals`. */
function removing(n: number, maxRemovals: number): Plan {
  const changes = Array.from({ length: n }, (_, i) => removal(i + 1))
  const draft = { version: 1, manages: 'EMP-*', prune: 'disable', unchanged: 10, managedCount: 100 } as const
  return finished({ ...draft, changes, lockOuts: changes.map(lockOut) }, maxRemovals)
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
  const apply = (plan: Plan, verdict: GuardVerdict) =>
    clock.run(applyRoster(ctx, plan, verdict, writer, { writeConcurrency: 4 }))
  return { writer, apply, ctx }
}

const OTHER_PLAN = /^Refusing to apply: the guard's verdict was made for another plan\. Nothing was written; run again/

describe('applyRoster under the guard verdict it is given', () => {
  it('writes the plan its verdict was made for and lets through', async () => {
    const { writer, apply } = setup()
    const plan = removing(3, 5)
    const verdict = judgePlan(plan)
    expect(verdict).toMatchObject({ report: plan.guard, fingerprint: planFingerprint(plan) })
    const result = await apply(plan, verdict)
    expect(result).toMatchObject({ ok: true, refused: false, wrote: true })
    expect(writer.requests.map(r => `${r.method} ${r.target}`)).toEqual(['PUT 101', 'PUT 102', 'PUT 103'])
  })

  it('refuses, before any write, a plan whose verdict says refuse', async () => {
    const { writer, apply } = setup()
    const plan = removing(3, 2)
    const verdict = judgePlan(plan)
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
    const verdict = judgePlan(removing(1, 5))
    expect(verdict.report.refused).toBe(false)
    const result = await apply(removing(30, 5), verdict)
    expect(result).toMatchObject({ ok: false, refused: true, wrote: false })
    expect(result.message).toMatch(OTHER_PLAN)
    expect(writer.requests).toEqual([])
  })

  it.each([
    ['a change added', (p: Plan): Plan => ({ ...p, changes: [...p.changes, removal(40)] })],
    [
      'a change rewritten',
      (p: Plan): Plan => ({
        ...p,
        changes: [{ ...(p.changes[0] as PlannedChange & { kind: 'remove' }), mode: 'delete' }]
      })
    ],
    ['a change marked as drift', (p: Plan): Plan => ({ ...p, changes: [{ ...p.changes[0], drift: true }] })],
    ['the lock-outs emptied', (p: Plan): Plan => ({ ...p, lockOuts: [] })],
    ['the managed count raised', (p: Plan): Plan => ({ ...p, managedCount: 10_000 })],
    ['the unchanged count raised', (p: Plan): Plan => ({ ...p, unchanged: 500 })],
    ['the guard report of another max-removals', (p: Plan): Plan => ({ ...p, guard: { ...p.guard, limit: 99 } })]
  ])('refuses a plan that differs from the judged one in anything: %s', async (_, other) => {
    const { writer, apply } = setup()
    const plan = removing(1, 5)
    const verdict = judgePlan(plan)
    const result = await apply(other(plan), verdict)
    expect(result).toMatchObject({ ok: false, refused: true, wrote: false })
    expect(result.message).toMatch(OTHER_PLAN)
    expect(writer.requests).toEqual([])
  })

  it('takes a copy of the judged plan (the plan file read back) as that plan: the digest is of its content', async () => {
    const { writer, apply } = setup()
    const plan = removing(2, 5)
    const verdict = judgePlan(plan)
    const result = await apply(JSON.parse(JSON.stringify(plan)) as Plan, verdict)
    expect(result).toMatchObject({ ok: true, wrote: true })
    expect(writer.requests).toHaveLength(2)
  })

  it('takes only a verdict that judgePlan made, never none, and a plan nobody can edit (checked by the type checker)', () => {
    const { writer, ctx } = setup()
    const plan = removing(30, 100)
    const forged = { report: plan.guard, fingerprint: planFingerprint(plan) }
    // Never called: these lines are here for `npm run typecheck`, which fails if any of them compiles.
    const misuses = [
      // @ts-expect-error a hand-written verdict has no brand: only judgePlan makes one
      () => applyRoster(ctx, plan, forged, writer, { writeConcurrency: 4 }),
      // @ts-expect-error the verdict is a required parameter
      () => applyRoster(ctx, plan, writer, { writeConcurrency: 4 }),
      // @ts-expect-error a plan's fields are read-only: the guard's report is the planner's
      () => (plan.guard = { ...plan.guard, refused: false }),
      // @ts-expect-error nor can a field be taken off it
      () => delete plan.unmanaged,
      // @ts-expect-error its changes are a read-only list
      () => (plan.changes[0] = removal(40)),
      // @ts-expect-error and each change is read-only too
      () => (plan.changes[0].drift = true),
      // @ts-expect-error as are the lock-outs the guard counts
      () => (plan.lockOuts.length = 0)
    ]
    expect(misuses).toHaveLength(7)
    expect(writer.requests).toEqual([])
  })
})
