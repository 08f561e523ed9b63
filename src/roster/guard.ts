import { people, personLabel } from '../format.js'
import type { DoorFlowPerson } from '../doorflow/people.js'
import { guardedFingerprint } from './digest.js'
import type { GuardReport, LockOut, LockOutHow, Plan, PlannedChange } from './plan.js'

/**
 * The guard rails checked before any write: a roster file that lost most of its people (a bad
 * merge, a truncated file, a wrong `roster` path), or that empties their groups or closes their
 * dates, must not lock a building out. Pure: `now` (ms since the epoch) is the caller's clock.
 */

/** 10 people or 10 % of the managed people, whichever is smaller — but at least 1, so one leaver is never refused. */
export function defaultMaxRemovals(managedCount: number): number {
  return Math.min(10, Math.max(1, Math.floor(managedCount / 10)))
}

/** What decides whether a person can open a door: enabled, their groups, their validity window. */
export type AccessState = Pick<DoorFlowPerson, 'enabled' | 'groups' | 'valid_from' | 'valid_to'>

/**
 * Whether a person can open at least one door at `now`: enabled, in at least one group, and
 * inside their validity window (`valid_from` ≤ now < `valid_to`; a missing bound is open). A date
 * DoorFlow wrote that does not parse is taken as no bound, so doubt counts as access.
 */
export function hasDoorAccess(person: AccessState, now: number): boolean {
  if (!person.enabled || person.groups.length === 0) return false
  const from = instant(person.valid_from)
  const to = instant(person.valid_to)
  return (from === undefined || from <= now) && (to === undefined || to > now)
}

function instant(value: string | null | undefined): number | undefined {
  if (!value) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * How a change **locks a person out**: it leaves them with no door access that they had at
 * `now` in DoorFlow before the change (see hasDoorAccess). This is what `max-removals` counts.
 * Not the same as plan.ts's `revokes` (any narrowing, written before the grants): a move from one
 * group to another revokes but does not lock out. A create never locks anyone out. Undefined when
 * the person keeps some access, or had none.
 */
export function locksOut(change: PlannedChange, before: AccessState, now: number): LockOutHow | undefined {
  if (change.kind === 'create' || !hasDoorAccess(before, now)) return undefined
  if (change.kind === 'remove') return 'removed'
  const after: AccessState = {
    enabled: before.enabled,
    groups: change.memberships ? change.memberships.groupIds : before.groups,
    valid_from: before.valid_from,
    valid_to: before.valid_to
  }
  for (const f of change.fields) {
    if (f.field === 'enabled') after.enabled = f.to === true
    if (f.field === 'valid_from' || f.field === 'valid_to') after[f.field] = typeof f.to === 'string' ? f.to : null
  }
  if (!after.enabled) return 'disabled'
  if (after.groups.length === 0) return 'no-groups'
  const to = instant(after.valid_to)
  if (to !== undefined && to <= now) return 'valid-to'
  const from = instant(after.valid_from)
  if (from !== undefined && from > now) return 'valid-from'
  return undefined
}

/** How a lock-out reads in a message. */
export const LOCK_OUT_WORDS: Record<LockOutHow, string> = {
  removed: 'removed',
  disabled: 'disabled',
  'no-groups': 'every group taken away',
  'valid-to': 'valid_to in the past',
  'valid-from': 'valid_from in the future'
}

/** How many people the roster lists: every change but a removal is one of them, and so is every unchanged person. */
export function rosterSize(plan: Pick<Plan, 'changes' | 'unchanged'>): number {
  return plan.unchanged + plan.changes.filter(c => c.kind !== 'remove').length
}

/** A locked-out person in a message: name, system_id and how, through the untrusted() gate. */
export function lockOutLabel(l: LockOut): string {
  return personLabel(l, undefined, LOCK_OUT_WORDS[l.how])
}

/**
 * The guard's verdict on a plan. `maxRemovals`: the workflow's `max-removals`, undefined for the
 * default. A refusal's `reason` is one sentence that names the first `shown` people locked out;
 * the caller says "Refusing to apply: …" (apply) or "The apply would be refused: …" (dry run).
 */
export function guard(
  plan: Pick<Plan, 'changes' | 'unchanged' | 'managedCount' | 'lockOuts'>,
  maxRemovals: number | undefined,
  shown = 10
): GuardReport {
  const limit = maxRemovals ?? defaultMaxRemovals(plan.managedCount)
  const limitSource = maxRemovals === undefined ? 'default' : 'max-removals'
  const lockOuts = plan.lockOuts ?? assumedLockOuts(plan.changes)
  const count = lockOuts.length
  const removals = plan.changes.filter(c => c.kind === 'remove')
  const base = { lockOuts: count, limit, limitSource } as const
  // An emptied or mistyped file must not remove anyone, whatever max-removals says.
  if (removals.length > 0 && rosterSize(plan) === 0) {
    const who = listed(
      removals.map(c => personLabel(c)),
      shown
    )
    return {
      ...base,
      refused: true,
      reason:
        `the roster lists no people, and applying it would remove or disable ${people(removals.length)}: ${who}. ` +
        'An empty roster never removes anyone, whatever max-removals says: check the roster path and the file.'
    }
  }
  if (count <= limit) return { ...base, refused: false }
  const why =
    maxRemovals === undefined
      ? `the default: 10 people or 10 % of the ${plan.managedCount} managed, whichever is smaller`
      : 'set by the workflow'
  return {
    ...base,
    refused: true,
    reason:
      `the plan locks ${people(count)} out of every door they can open now, more than max-removals (${limit}, ${why}): ${listed(lockOuts.map(lockOutLabel), shown)}. ` +
      'If that is intended, raise max-removals for this run; otherwise fix the roster.'
  }
}

/** Only judgePlan() makes a GuardVerdict: no object literal a caller writes has this key. */
declare const judged: unique symbol

/**
 * The guard's verdict on one plan, as the apply takes it: the report, and the fingerprint of the
 * plan it was made for (digest.ts's guardedFingerprint), so that the apply refuses a plan it does
 * not belong to. Made only by judgePlan(), once per run.
 */
export interface GuardVerdict {
  readonly report: GuardReport
  readonly fingerprint: string
  readonly [judged]: true
}

type Judged = Pick<Plan, 'changes' | 'unchanged' | 'managedCount' | 'lockOuts'>

/** The guard's verdict on `plan` with this run's max-removals (undefined for the default), for the apply. */
export function judgePlan(plan: Judged, maxRemovals: number | undefined): GuardVerdict {
  const verdict = { report: guard(plan, maxRemovals), fingerprint: guardedFingerprint(plan) }
  return verdict as GuardVerdict
}

/** Whether `verdict` was made for `plan` as it is now (not another plan, nor this one changed since). */
export function verdictFits(verdict: GuardVerdict, plan: Judged): boolean {
  return verdict.fingerprint === guardedFingerprint(plan)
}

/**
 * For a plan without `lockOuts` (not from the planner): every change that could lock someone out
 * is taken to, as if each person had access before: removed, disabled, left with no group, or
 * given any validity date.
 */
function assumedLockOuts(changes: PlannedChange[]): LockOut[] {
  const open: AccessState = { enabled: true, groups: [0], valid_from: null, valid_to: null }
  const out: LockOut[] = []
  for (const c of changes) {
    if (c.kind === 'create') continue
    // At the start of time any valid_from closes the window; at its end, any valid_to does.
    const how = locksOut(c, open, Number.NEGATIVE_INFINITY) ?? locksOut(c, open, Number.POSITIVE_INFINITY)
    if (how) out.push({ systemId: c.systemId, name: c.name, personId: c.personId, how })
  }
  return out
}

function listed(labels: string[], shown: number): string {
  const names = labels.slice(0, shown).join(', ')
  return labels.length > shown ? `${names} and ${labels.length - shown} more` : names
}
