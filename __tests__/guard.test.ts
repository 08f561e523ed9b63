import { defaultMaxRemovals, guard, rosterSize, takesAway } from '../src/roster/guard.js'
import type { Plan, PlannedChange } from '../src/roster/plan.js'

const remove = (n: number): PlannedChange => ({
  kind: 'remove',
  systemId: `EMP-${n}`,
  name: `Leaver ${n}`,
  personId: n,
  mode: 'disable',
  groups: []
})
const keep = (n: number, enabled = false): PlannedChange => ({
  kind: 'update',
  systemId: `EMP-K${n}`,
  name: `Stayer ${n}`,
  personId: 1000 + n,
  fields: enabled ? [{ field: 'enabled', from: true, to: false }] : [{ field: 'job_title', from: null, to: 'Engineer' }]
})
const disable = (n: number): PlannedChange => keep(n, true)
const planOf = (changes: PlannedChange[], managedCount: number, unchanged = 50): Plan => ({
  version: 1,
  manages: 'EMP-*',
  prune: 'disable',
  changes,
  unchanged,
  managedCount
})
const label = (c: PlannedChange) => `${c.name} (${c.systemId})`
const times = (n: number, f: (i: number) => PlannedChange) => Array.from({ length: n }, (_, i) => f(i + 1))

describe('defaultMaxRemovals', () => {
  it('is 10 people or 10 % of the managed, whichever is smaller, and at least 1', () => {
    expect([0, 5, 19, 20, 55, 100, 101, 5000].map(defaultMaxRemovals)).toEqual([1, 1, 1, 2, 5, 10, 10, 10])
  })
})

describe('takesAway and rosterSize', () => {
  it('counts removals and updates that disable; creates and other updates are not', () => {
    expect([remove(1), disable(2), keep(3)].map(takesAway)).toEqual([true, true, false])
    expect(rosterSize(planOf([remove(1), disable(2), keep(3)], 10, 4))).toBe(6)
  })
})

describe('guard', () => {
  it('lets through removals up to the default limit', () => {
    expect(guard(planOf(times(10, remove), 200), undefined, label)).toEqual({ ok: true, limit: 10 })
    expect(guard(planOf([remove(1)], 3), undefined, label)).toEqual({ ok: true, limit: 1 })
  })

  it('refuses one more than the default, naming the first ten and how many more', () => {
    const verdict = guard(planOf([...times(12, remove), disable(99)], 200), undefined, label)
    expect(verdict).toEqual({
      ok: false,
      message:
        'Refusing to apply: the plan removes or disables 13 people, more than max-removals (10, the default: 10 people or 10 % of the 200 managed, whichever is smaller): ' +
        'Leaver 1 (EMP-1), Leaver 2 (EMP-2), Leaver 3 (EMP-3), Leaver 4 (EMP-4), Leaver 5 (EMP-5), Leaver 6 (EMP-6), Leaver 7 (EMP-7), Leaver 8 (EMP-8), Leaver 9 (EMP-9), Leaver 10 (EMP-10) and 3 more. ' +
        'If that is intended, raise max-removals for this run; otherwise fix the roster. Nothing was written.'
    })
  })

  it('uses 10 % below 100 managed people', () => {
    expect(guard(planOf(times(4, remove), 40), undefined, label)).toMatchObject({ ok: true, limit: 4 })
    expect(guard(planOf(times(5, remove), 40), undefined, label)).toMatchObject({
      ok: false,
      message: expect.stringContaining('more than max-removals (4, the default')
    })
  })

  it('lets the workflow raise (or lower) the limit', () => {
    expect(guard(planOf(times(30, remove), 200), 30, label)).toEqual({ ok: true, limit: 30 })
    expect(guard(planOf(times(2, remove), 200), 1, label)).toMatchObject({
      ok: false,
      message: expect.stringContaining(
        'more than max-removals (1, set by the workflow): Leaver 1 (EMP-1), Leaver 2 (EMP-2).'
      )
    })
  })

  it('never removes anyone for a roster of zero people, whatever max-removals says', () => {
    const verdict = guard(planOf(times(3, remove), 3, 0), 1000, label)
    expect(verdict).toEqual({
      ok: false,
      message:
        'Refusing to apply: the roster lists no people, and applying it would remove or disable 3 people: Leaver 1 (EMP-1), Leaver 2 (EMP-2), Leaver 3 (EMP-3). ' +
        'An empty roster never removes anyone, whatever max-removals says: check the roster path and the file. Nothing was written.'
    })
  })

  it('lets an empty roster through when it removes nobody (no manages, or nobody managed)', () => {
    expect(guard(planOf([], 0, 0), undefined, label)).toEqual({ ok: true, limit: 1 })
  })
})
