import {
  defaultMaxRemovals,
  guard,
  HORIZON_DAYS,
  HORIZON_MS,
  lockOutLabel,
  lockOutOf,
  locksOut,
  rosterSize,
  type AccessState
} from '../../src/roster/guard.js'
import { revokes, widens, type LockOut, type Plan, type PlannedChange } from '../../src/roster/plan.js'
import { grants, guardLine, planText, planHeadline } from '../../src/roster/render.js'
import { gfm, rendered } from '../helpers/gfm.js'
import { finished, planMarkdown } from '../helpers/plan.js'

const NOW = Date.parse('2026-12-05T12:00:00Z')
const open: AccessState = { enabled: true, groups: [1], valid_from: null, valid_to: null }

const remove = (n: number): PlannedChange => ({
  kind: 'remove',
  systemId: `EMP-${n}`,
  name: `Leaver ${n}`,
  personId: n,
  mode: 'disable',
  groups: []
})
const update = (over: Partial<Extract<PlannedChange, { kind: 'update' }>> = {}): PlannedChange => ({
  kind: 'update',
  systemId: 'EMP-K1',
  name: 'Stayer 1',
  personId: 1001,
  fields: [],
  ...over
})
const groupsTo = (groupIds: number[], lost: number[]) => ({
  groupIds,
  roleIds: [],
  groupsGained: groupIds.filter(id => !lost.includes(id)).map(id => ({ id, name: `G${id}` })),
  groupsLost: lost.map(id => ({ id, name: `G${id}` })),
  rolesGained: [],
  rolesLost: []
})
const lockOut = (n: number, how: LockOut['how'] = 'removed'): LockOut => ({
  systemId: `EMP-${n}`,
  name: `Leaver ${n}`,
  personId: n,
  how
})
const planOf = (changes: PlannedChange[], managedCount: number, unchanged = 50, lockOuts?: LockOut[]): Plan =>
  finished({
    version: 1,
    manages: 'EMP-*',
    prune: 'disable',
    changes,
    unchanged,
    managedCount,
    lockOuts: lockOuts ?? changes.filter(c => c.kind === 'remove').map(c => lockOut(Number(c.systemId.slice(4))))
  })
const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i + 1))
/** An instant `minutes` after NOW, as the roster writes it. */
const after = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString().replace('.000Z', 'Z')
const DAY = 24 * 60
const dates = (field: 'valid_from' | 'valid_to', from: string | null, to: string | null) =>
  update({ fields: [{ field, from, to }] })

describe('defaultMaxRemovals', () => {
  it('is 10 people or 10 % of the managed, whichever is smaller, and at least 1', () => {
    expect([0, 5, 19, 20, 55, 100, 101, 5000].map(defaultMaxRemovals)).toEqual([1, 1, 1, 2, 5, 10, 10, 10])
  })
})

describe('who has door access to lose', () => {
  it('is enabled, in a group, and inside the validity window at some moment of the horizon', () => {
    const removed = (before: AccessState) => locksOut(remove(1), before, NOW)
    expect(removed(open)).toBe('removed')
    expect(removed({ ...open, enabled: false })).toBeUndefined()
    expect(removed({ ...open, groups: [] })).toBeUndefined()
    // valid_to is the first moment without access; valid_from the first with it.
    expect(removed({ ...open, valid_to: '2026-12-05T12:00:00Z' })).toBeUndefined()
    expect(removed({ ...open, valid_to: '2026-12-05T12:00:01Z' })).toBe('removed')
    expect(removed({ ...open, valid_from: '2026-12-05T12:00:00Z' })).toBe('removed')
    // Not in yet, but due within the 14 days: removing them takes that access.
    expect(removed({ ...open, valid_from: '2026-12-19T11:59:59Z' })).toBe('removed')
    expect(removed({ ...open, valid_from: '2026-12-19T12:00:00Z' })).toBeUndefined()
    // A date DoorFlow wrote that does not parse is no bound: doubt counts as access.
    expect(removed({ ...open, valid_to: 'soon' })).toBe('removed')
  })
})

describe('locksOut', () => {
  it('counts a removal, a disable, every group taken away, and a window that closes', () => {
    expect(locksOut(remove(1), open, NOW)).toBe('removed')
    expect(locksOut(update({ fields: [{ field: 'enabled', from: true, to: false }] }), open, NOW)).toBe('disabled')
    expect(locksOut(update({ memberships: groupsTo([], [1]) }), open, NOW)).toBe('no-groups')
    expect(locksOut(dates('valid_to', null, '2000-01-01T23:59:59Z'), open, NOW)).toBe('valid-to')
    expect(locksOut(dates('valid_to', null, '2026-12-05T12:00:00Z'), open, NOW)).toBe('valid-to')
    expect(locksOut(dates('valid_from', null, '2099-01-01T00:00:00Z'), open, NOW)).toBe('valid-from')
  })

  it(`counts access the change ends within the horizon (${HORIZON_DAYS} days), not only now`, () => {
    expect(HORIZON_MS).toBe(14 * 24 * 60 * 60 * 1000)
    // A valid_to one second, ten minutes, or the end of today from now: access ends after the apply. A deferred lock-out.
    for (const to of ['2026-12-05T12:00:01Z', after(10), '2026-12-05T23:59:59Z', after(14 * DAY - 1)])
      expect(locksOut(dates('valid_to', null, to), open, NOW)).toBe('valid-to')
    // The horizon ends 14 days after the run: a valid_to at or past it ends no access the guard judges.
    expect(locksOut(dates('valid_to', null, after(14 * DAY)), open, NOW)).toBeUndefined()
    expect(locksOut(dates('valid_to', null, after(30 * DAY)), open, NOW)).toBeUndefined()
    // An end date moved sooner inside the horizon takes the days between: counted, like a new one.
    const ending = { ...open, valid_to: after(5 * DAY) }
    expect(locksOut(dates('valid_to', ending.valid_to, after(4 * DAY)), ending, NOW)).toBe('valid-to')
    // A start moved into the future, however near, takes the access until then.
    expect(locksOut(dates('valid_from', null, after(10)), open, NOW)).toBe('valid-from')
    expect(locksOut(dates('valid_from', null, after(30 * DAY)), open, NOW)).toBe('valid-from')
  })

  it('counts a person whose access starts within the horizon, and whom the change keeps out', () => {
    // Not in yet (valid_from in two days), in the horizon: removing them, or moving the start beyond it, locks them out.
    const starting = { ...open, valid_from: after(2 * DAY) }
    expect(locksOut(remove(1), starting, NOW)).toBe('removed')
    expect(locksOut(dates('valid_from', starting.valid_from, after(20 * DAY)), starting, NOW)).toBe('valid-from')
    expect(locksOut(dates('valid_to', null, after(DAY)), starting, NOW)).toBe('valid-to')
    // Starting after the horizon: nothing the guard judges is taken.
    expect(locksOut(remove(1), { ...open, valid_from: after(15 * DAY) }, NOW)).toBeUndefined()
  })

  it('judges at the clock it is given, never the real one', () => {
    const change = dates('valid_to', null, '2026-12-19T18:00:00Z')
    // 14 days after NOW is 2026-12-19T12:00Z: the new end is past the horizon. Six hours later it is inside.
    expect(locksOut(change, open, NOW)).toBeUndefined()
    expect(locksOut(change, open, NOW + 6 * 60 * 60 * 1000 + 1)).toBe('valid-to')
  })

  it('does not count a group move, other fields, a widening, or a create', () => {
    expect(locksOut(update({ memberships: groupsTo([2], [1]) }), open, NOW)).toBeUndefined()
    expect(
      locksOut(update({ fields: [{ field: 'job_title', from: null, to: 'Engineer' }] }), open, NOW)
    ).toBeUndefined()
    const closing = { ...open, valid_to: '2026-12-31T23:59:59Z' }
    expect(
      locksOut(update({ fields: [{ field: 'valid_to', from: closing.valid_to, to: null }] }), closing, NOW)
    ).toBeUndefined()
    // Extended, reopened, or started earlier: more access, never a lock-out.
    const soon = { ...open, valid_to: after(10) }
    expect(locksOut(dates('valid_to', soon.valid_to, after(DAY)), soon, NOW)).toBeUndefined()
    const later = { ...open, valid_from: after(DAY) }
    expect(locksOut(dates('valid_from', later.valid_from, null), later, NOW)).toBeUndefined()
    expect(locksOut(dates('valid_from', later.valid_from, after(60)), later, NOW)).toBeUndefined()
    const create: PlannedChange = { kind: 'create', systemId: 'EMP-9', name: 'New', fields: {}, groups: [], roles: [] }
    expect(locksOut(create, open, NOW)).toBeUndefined()
  })

  it('does not count someone who had no door access before', () => {
    const gone = update({ memberships: groupsTo([], [1]) })
    expect(locksOut(gone, { ...open, enabled: false }, NOW)).toBeUndefined()
    expect(locksOut(remove(1), { ...open, groups: [] }, NOW)).toBeUndefined()
    expect(locksOut(remove(1), { ...open, valid_to: '2001-01-01T00:00:00Z' }, NOW)).toBeUndefined()
    expect(locksOut(remove(1), { ...open, valid_from: '2099-01-01T00:00:00Z' }, NOW)).toBeUndefined()
  })

  it("judges access before the change by DoorFlow's values, not the roster's", () => {
    const expired = { ...open, valid_to: '2000-01-01T00:00:00Z' }
    // Before: no access (expired), so nothing to lose.
    expect(locksOut(update({ memberships: groupsTo([], [1]) }), expired, NOW)).toBeUndefined()
    // Disabled before: enabling again while a future valid_from is kept takes nothing away.
    const later = { ...open, enabled: false, valid_from: '2099-01-01T00:00:00Z' }
    expect(locksOut(update({ fields: [{ field: 'enabled', from: false, to: true }] }), later, NOW)).toBeUndefined()
  })
})

describe('lockOutOf and lockOutLabel', () => {
  it('names the date a date change sets, written anew as an instant', () => {
    const soon = lockOutOf(dates('valid_to', null, '2026-12-05T12:10:00+00:00'), open, NOW)!
    expect(soon).toEqual({
      systemId: 'EMP-K1',
      name: 'Stayer 1',
      personId: 1001,
      how: 'valid-to',
      date: '2026-12-05T12:10:00Z'
    })
    expect(lockOutLabel(soon)).toBe('Stayer 1 (EMP-K1, valid_to 2026-12-05T12:10:00Z)')
    expect(lockOutLabel(lockOutOf(dates('valid_from', null, after(DAY)), open, NOW)!)).toBe(
      'Stayer 1 (EMP-K1, valid_from 2026-12-06T12:00:00Z)'
    )
    expect(lockOutOf(remove(1), open, NOW)).toEqual(lockOut(1))
    expect(lockOutOf(dates('valid_to', null, after(20 * DAY)), open, NOW)).toBeUndefined()
  })

  it('never shows a date it cannot read back as one (a plan file written by hand)', () => {
    const forged = { ...lockOut(1, 'valid-to'), date: '](https://evil.example)' }
    expect(lockOutLabel(forged)).toBe('Leaver 1 (EMP-1, valid_to within 14 days)')
    expect(lockOutLabel(lockOut(2, 'valid-from'))).toBe('Leaver 2 (EMP-2, valid_from moved later)')
  })
})

describe('a validity window: narrowed is access taken away, widened is access given', () => {
  const cases: [string, PlannedChange, boolean, boolean][] = [
    ['valid_to set', dates('valid_to', null, after(DAY)), true, false],
    ['valid_to sooner', dates('valid_to', after(2 * DAY), after(DAY)), true, false],
    ['valid_to later', dates('valid_to', after(DAY), after(2 * DAY)), false, true],
    ['valid_to cleared', dates('valid_to', '2000-01-01T00:00:00Z', null), false, true],
    ['valid_from set', dates('valid_from', null, after(DAY)), true, false],
    ['valid_from later', dates('valid_from', after(DAY), after(2 * DAY)), true, false],
    ['valid_from earlier', dates('valid_from', after(2 * DAY), after(DAY)), false, true],
    ['valid_from cleared', dates('valid_from', after(DAY), null), false, true],
    // A date that does not parse is doubt: written first, with the revocations.
    ['valid_to unreadable', dates('valid_to', 'soon', after(DAY)), true, false]
  ]
  it.each(cases)('%s', (_, change, narrows, widened) => {
    expect(revokes(change)).toBe(narrows)
    expect(widens(change)).toBe(widened)
    expect(grants(change)).toBe(widened)
  })

  it('a window both moved (later start, later end) is taken away and given: listed as taken away', () => {
    const moved = update({
      fields: [
        { field: 'valid_from', from: null, to: after(DAY) },
        { field: 'valid_to', from: after(2 * DAY), to: after(30 * DAY) }
      ]
    })
    expect([revokes(moved), grants(moved)]).toEqual([true, true])
  })

  it('a plan that only extends windows takes no access away: headline and section', () => {
    const p = planOf([dates('valid_to', '2000-01-01T00:00:00Z', null)], 200, 50, [])
    const plan = { ...p, guard: guard(p, undefined) }
    expect(planHeadline(plan)).toEqual({ mark: '✅', words: 'takes no access away' })
    const page = rendered(planMarkdown(plan, { files: ['roster.yaml'] }))
    expect(page).toContain('Access given (1 person)')
    expect(page).toContain('+ Stayer 1 (EMP-K1) valid to cleared')
    expect(page).not.toContain('Access taken away')
  })
})

describe('rosterSize', () => {
  it('counts every change but a removal, and the unchanged', () => {
    expect(rosterSize(planOf([remove(1), update(), update()], 10, 4))).toBe(6)
  })
})

describe('guard', () => {
  it('lets through lock-outs up to the default limit', () => {
    expect(guard(planOf(times(10, remove), 200), undefined)).toEqual({
      lockOuts: 10,
      limit: 10,
      limitSource: 'default',
      refused: false
    })
    expect(guard(planOf([remove(1)], 3), undefined)).toMatchObject({ refused: false, limit: 1 })
  })

  it('refuses one more than the default, naming the first ten, how, and how many more', () => {
    const changes = [...times(12, remove), update({ systemId: 'EMP-99', name: 'Leaver 99' })]
    const verdict = guard(
      planOf(changes, 200, 50, [...times(12, n => lockOut(n)), lockOut(99, 'no-groups')]),
      undefined
    )
    expect(verdict).toEqual({
      lockOuts: 13,
      limit: 10,
      limitSource: 'default',
      refused: true,
      rule: 'max-removals',
      reason:
        'the plan locks 13 people out of every door, now or in the next 14 days, more than max-removals (10, the default: 10 people or 10 % of the 200 managed, whichever is smaller): ' +
        'Leaver 1 (EMP-1, removed), Leaver 2 (EMP-2, removed), Leaver 3 (EMP-3, removed), Leaver 4 (EMP-4, removed), Leaver 5 (EMP-5, removed), ' +
        'Leaver 6 (EMP-6, removed), Leaver 7 (EMP-7, removed), Leaver 8 (EMP-8, removed), Leaver 9 (EMP-9, removed), Leaver 10 (EMP-10, removed) and 3 more. ' +
        'If that is intended, a reviewer approves it on the pull request: an approving review of its last commit, by someone with Write access other than its author, with the line `doorflow: allow 13 removals`; otherwise fix the roster.'
    })
  })

  it('counts lock-outs of every form, not only removals', () => {
    const hows: LockOut['how'][] = ['disabled', 'no-groups', 'valid-to', 'valid-from']
    const lockOuts = times(50, n => lockOut(n, hows[n % 4]))
    const verdict = guard(
      planOf(
        times(50, () => update()),
        50,
        0,
        lockOuts
      ),
      undefined
    )
    expect(verdict).toMatchObject({ lockOuts: 50, limit: 5, refused: true })
    expect(verdict.reason).toContain(
      'Leaver 1 (EMP-1, every group taken away), Leaver 2 (EMP-2, valid_to within 14 days)'
    )
    expect(verdict.reason).toContain('Leaver 3 (EMP-3, valid_from moved later), Leaver 4 (EMP-4, disabled)')
    expect(verdict.reason).toContain('and 40 more.')
    // 50 updates that lock nobody out (a job_title for everyone) pass.
    expect(
      guard(
        planOf(
          times(50, () => update()),
          50,
          0,
          []
        ),
        undefined
      )
    ).toMatchObject({ lockOuts: 0, refused: false })
  })

  it('uses 10 % below 100 managed people', () => {
    expect(guard(planOf(times(4, remove), 40), undefined)).toMatchObject({ refused: false, limit: 4 })
    expect(guard(planOf(times(5, remove), 40), undefined).reason).toContain('more than max-removals (4, the default')
  })

  it('lets the workflow raise (or lower) the limit', () => {
    expect(guard(planOf(times(30, remove), 200), 30)).toEqual({
      lockOuts: 30,
      limit: 30,
      limitSource: 'max-removals',
      refused: false
    })
    expect(guard(planOf(times(2, remove), 200), 1).reason).toContain(
      'more than max-removals (1, set by the workflow): Leaver 1 (EMP-1, removed), Leaver 2 (EMP-2, removed).'
    )
  })

  it('never removes anyone for a roster of zero people, whatever max-removals says', () => {
    const verdict = guard(planOf(times(3, remove), 3, 0), 1000)
    expect(verdict).toEqual({
      lockOuts: 3,
      limit: 1000,
      limitSource: 'max-removals',
      refused: true,
      rule: 'empty-roster',
      reason:
        'the roster lists no people, and applying it would remove or disable 3 people: Leaver 1 (EMP-1), Leaver 2 (EMP-2), Leaver 3 (EMP-3). ' +
        'An empty roster never removes anyone, whatever max-removals says: check the roster path and the file.'
    })
    // Even when the removed had no door access (no lock-out), an empty roster removes nobody.
    expect(guard(planOf(times(3, remove), 3, 0, []), 1000)).toMatchObject({ lockOuts: 0, refused: true })
  })

  it('lets an empty roster through when it removes nobody (no manages, or nobody managed)', () => {
    expect(guard(planOf([], 0, 0), undefined)).toEqual({
      lockOuts: 0,
      limit: 1,
      limitSource: 'default',
      refused: false
    })
  })
})

describe('the guard in the rendered plan (log, summary, pull-request comment)', () => {
  const refused = (): Plan => {
    const p = planOf(times(12, remove), 200)
    return { ...p, guard: guard(p, undefined) }
  }

  it('says the apply would be refused, with the count, the limit and the first ten names', () => {
    const line = guardLine(refused())
    expect(line).toMatch(
      /^The apply would be refused: the plan locks 12 people out of every door, now or in the next 14 days, more than max-removals \(10, the default/
    )
    expect(line).toContain('Leaver 10 (EMP-10, removed) and 2 more.')
    expect(planText(refused()).at(-1)).toBe(line)
    expect(planText(refused(), { withGuard: false })).not.toContain(line)
    const md = planMarkdown(refused(), { files: ['roster.yaml'] })
    expect(md.split('\n')[0]).toBe('### ❌ DoorFlow roster plan: the apply would be refused')
    expect(rendered(md)).toContain('Guard: The apply would be refused: the plan locks 12 people out')
  })

  it('names who is locked out within the limit, or says nobody is', () => {
    const few = planOf(times(2, remove), 200)
    expect(guardLine({ ...few, guard: guard(few, 5) })).toBe(
      'Locks 2 people out of every door, now or in the next 14 days, within max-removals 5: Leaver 1 (EMP-1, removed), Leaver 2 (EMP-2, removed).'
    )
    const none = planOf([], 200)
    expect(guardLine({ ...none, guard: guard(none, undefined) })).toBe(
      'Nobody loses all door access, now or in the next 14 days (max-removals 10, the default).'
    )
  })

  it('escapes names in Markdown and defuses mentions', () => {
    const p = planOf([remove(1)], 200, 50, [{ ...lockOut(1), name: '<b>@admin</b>' }])
    const md = planMarkdown({ ...p, guard: guard(p, undefined) }, { files: ['roster.yaml'] })
    expect(md).toContain('&#60;b&#62;&#64;&#8203;admin&#60;&#47;b&#62; &#40;EMP&#45;1&#44; removed&#41;')
    expect(gfm(md)).not.toMatch(/<b>/)
    expect(rendered(md)).toContain('<b>@admin</b> (EMP-1, removed)')
  })
})
