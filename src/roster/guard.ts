import type { Plan, PlannedChange } from './plan.js'

/**
 * The guard rails checked before any write: a roster file that lost most of its people (a bad
 * merge, a truncated file, a wrong `roster` path) must not lock a building out.
 */

/** 10 people or 10 % of the managed people, whichever is smaller — but at least 1, so one leaver is never refused. */
export function defaultMaxRemovals(managedCount: number): number {
  return Math.min(10, Math.max(1, Math.floor(managedCount / 10)))
}

/** Whether a change takes a person's access away altogether: a removal, or `enabled` set to false. */
export function takesAway(change: PlannedChange): boolean {
  if (change.kind === 'remove') return true
  if (change.kind === 'create') return false
  return change.fields.some(f => f.field === 'enabled' && f.to === false)
}

/** How many people the roster lists: every change but a removal is one of them, and so is every unchanged person. */
export function rosterSize(plan: Plan): number {
  return plan.unchanged + plan.changes.filter(c => c.kind !== 'remove').length
}

export type GuardVerdict = { ok: true; limit: number } | { ok: false; message: string }

/**
 * `maxRemovals`: the workflow's `max-removals`, undefined for the default. `label` names a
 * person in the message (the caller gates untrusted text). Lists the first `shown` people.
 */
export function guard(
  plan: Plan,
  maxRemovals: number | undefined,
  label: (change: PlannedChange) => string,
  shown = 10
): GuardVerdict {
  const limit = maxRemovals ?? defaultMaxRemovals(plan.managedCount)
  const away = plan.changes.filter(takesAway)
  if (away.length === 0) return { ok: true, limit }
  const names = away.slice(0, shown).map(label).join(', ')
  const who = away.length > shown ? `${names} and ${away.length - shown} more` : names
  if (rosterSize(plan) === 0) {
    return {
      ok: false,
      message:
        `Refusing to apply: the roster lists no people, and applying it would remove or disable ${people(away.length)}: ${who}. ` +
        'An empty roster never removes anyone, whatever max-removals says: check the roster path and the file. Nothing was written.'
    }
  }
  if (away.length <= limit) return { ok: true, limit }
  const why =
    maxRemovals === undefined
      ? `the default: 10 people or 10 % of the ${plan.managedCount} managed, whichever is smaller`
      : 'set by the workflow'
  return {
    ok: false,
    message:
      `Refusing to apply: the plan removes or disables ${people(away.length)}, more than max-removals (${limit}, ${why}): ${who}. ` +
      'If that is intended, raise max-removals for this run; otherwise fix the roster. Nothing was written.'
  }
}

export function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`
}
