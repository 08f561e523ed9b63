import { headcount, iso, personLabel } from '../format.js'
import type { DoorFlowPerson } from '../doorflow/people.js'
import { planFingerprint } from './digest.js'
import { allowLine } from '../github/removal-approval.js'
import type { GuardApproval, GuardReport, LockOut, LockOutHow, Plan, PlannedChange } from './plan.js'

/**
 * The guard rails checked before any write: a roster file that lost most of its people (a bad
 * merge, a truncated file, a wrong `roster` path), or that empties their groups or closes their
 * dates, must not lock a building out, now or within the horizon (HORIZON_DAYS). Pure: `now` (ms
 * since the epoch) is the caller's clock.
 */

/** 10 people or 10 % of the managed people, whichever is smaller — but at least 1, so one leaver is never refused. */
export function defaultMaxRemovals(managedCount: number): number {
  return Math.min(10, Math.max(1, Math.floor(managedCount / 10)))
}

/** What decides whether a person can open a door: enabled, their groups, their validity window. */
export type AccessState = Pick<DoorFlowPerson, 'enabled' | 'valid_from' | 'valid_to'> & { groups: readonly number[] }

/**
 * How far ahead of the run the guard judges access: 14 days. A change that ends someone's access
 * later than now but within this horizon (a `valid_to` of today, or of ten minutes from now) is a
 * lock-out as much as one that ends it at once: the building is locked out after the apply, when
 * nobody is watching. Two weeks covers a weekend, a long holiday weekend and the end-of-year
 * break, so a lock-out deferred past them still counts; end dates set further ahead (the end of
 * a contract or a term) stay routine changes. Not an input: a plan that means to end many
 * people's access soon is approved by a reviewer on its pull request (approveGuard).
 */
export const HORIZON_DAYS = 14
export const HORIZON_MS = HORIZON_DAYS * 24 * 60 * 60 * 1000

/**
 * When within [`start`, `end`) the person can open a door, as one span (access is one window:
 * enabled and grouped throughout, from `valid_from` to `valid_to`; a missing bound is open), or
 * undefined when never. A date DoorFlow wrote that does not parse is taken as no bound, so doubt
 * counts as access.
 */
function accessSpan(person: AccessState, start: number, end: number): { from: number; to: number } | undefined {
  if (!person.enabled || person.groups.length === 0) return undefined
  const from = Math.max(instant(person.valid_from) ?? start, start)
  const to = Math.min(instant(person.valid_to) ?? end, end)
  return from < to ? { from, to } : undefined
}

function instant(value: string | null | undefined): number | undefined {
  if (!value) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** The person as the change leaves them: DoorFlow's state with the change's fields and groups written over it. */
function afterChange(change: Exclude<PlannedChange, { kind: 'create' | 'remove' }>, before: AccessState): AccessState {
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
  return after
}

/**
 * How a change **locks a person out**: it takes away door access they would have had, at any
 * moment from `now` to the end of the horizon (HORIZON_DAYS), in DoorFlow before the change —
 * removed, disabled, every group taken away, a `valid_to` that ends their access sooner within
 * the horizon (today, in ten minutes, or already past), or a `valid_from` that starts it later.
 * This is what `max-removals` counts. Not the same as plan.ts's `revokes` (any narrowing, written
 * before the grants): a move from one group to another revokes but does not lock out, and an end
 * date beyond the horizon is a revocation but no lock-out. A create never locks anyone out.
 * Undefined when the person keeps all the access they had in the horizon, or had none.
 */
export function locksOut(change: PlannedChange, before: AccessState, now: number): LockOutHow | undefined {
  if (change.kind === 'create') return undefined
  const end = now + HORIZON_MS
  const had = accessSpan(before, now, end)
  if (!had) return undefined
  if (change.kind === 'remove') return 'removed'
  const after = afterChange(change, before)
  if (!after.enabled) return 'disabled'
  if (after.groups.length === 0) return 'no-groups'
  const has = accessSpan(after, now, end)
  if (has && has.from <= had.from && has.to >= had.to) return undefined
  // Access lost within the horizon and still enabled and grouped: a date did it. It ends sooner, or starts later.
  return (instant(after.valid_to) ?? Number.POSITIVE_INFINITY) < had.to ? 'valid-to' : 'valid-from'
}

/**
 * The lock-out of one change, as the plan lists it (see locksOut): for a date, the `date` the
 * change sets, as an instant this action wrote (never the roster's or DoorFlow's text).
 */
export function lockOutOf(change: PlannedChange, before: AccessState, now: number): LockOut | undefined {
  const how = locksOut(change, before, now)
  if (!how || change.kind === 'create') return undefined
  const field = dateField(how)
  const set = change.kind === 'remove' || !field ? undefined : change.fields.find(f => f.field === field)?.to
  const ms = instant(typeof set === 'string' ? set : undefined)
  const out = { systemId: change.systemId, name: change.name, personId: change.personId, how }
  return ms === undefined ? out : { ...out, date: iso(ms) }
}

/** The date field behind a lock-out by date, or undefined for any other. */
function dateField(how: LockOutHow): 'valid_to' | 'valid_from' | undefined {
  return how === 'valid-to' ? 'valid_to' : how === 'valid-from' ? 'valid_from' : undefined
}

/** How a lock-out reads in a message (a date's own words are in lockOutLabel). */
export const LOCK_OUT_WORDS: Record<LockOutHow, string> = {
  removed: 'removed',
  disabled: 'disabled',
  'no-groups': 'every group taken away',
  'valid-to': `valid_to within ${HORIZON_DAYS} days`,
  'valid-from': 'valid_from moved later'
}

/** When the guard looks for lock-outs, in a message. */
export const WHEN = `now or in the next ${HORIZON_DAYS} days`

/** How many people the roster lists: every change but a removal is one of them, and so is every unchanged person. */
export function rosterSize(plan: Pick<Plan, 'changes' | 'unchanged'>): number {
  return plan.unchanged + plan.changes.filter(c => c.kind !== 'remove').length
}

/** A locked-out person in a message: name, system_id and how (the date a date change sets), through the untrusted() gate. */
export function lockOutLabel(l: LockOut): string {
  const field = dateField(l.how)
  const ms = field && l.date ? Date.parse(l.date) : Number.NaN
  // The date is read back as an instant and written anew: a plan file's text never reaches the message.
  return personLabel(l, undefined, Number.isNaN(ms) ? LOCK_OUT_WORDS[l.how] : `${field} ${iso(ms)}`)
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
  const { lockOuts } = plan
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
      rule: 'empty-roster',
      reason:
        `the roster lists no people, and applying it would remove or disable ${headcount(removals.length)}: ${who}. ` +
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
    rule: 'max-removals',
    reason:
      `the plan locks ${headcount(count)} out of every door, ${WHEN}, more than max-removals (${limit}, ${why}): ${listed(lockOuts.map(lockOutLabel), shown)}. ` +
      `If that is intended, a reviewer approves it on the pull request: an approving review of its last commit, by someone with Write access other than its author, with the line \`${allowLine(count)}\`; otherwise fix the roster.`
  }
}

/**
 * The guard's report once a reviewer approved the plan's lock-outs on the pull request: let
 * through only when max-removals alone refused it (an empty roster is never approved) and the count
 * approved is exactly the plan's lock-outs (250 approved lets 250 through, never 251 nor 249).
 * Undefined when the approval does not apply. Pure.
 */
export function approveGuard(report: GuardReport, approval: GuardApproval | undefined): GuardReport | undefined {
  if (!approval || !report.refused || report.rule !== 'max-removals') return undefined
  if (approval.count !== report.lockOuts) return undefined
  return { lockOuts: report.lockOuts, limit: approval.count, limitSource: 'approval', refused: false, approval }
}

/** Only judgePlan() makes a GuardVerdict: no object literal a caller writes has this key. */
declare const judged: unique symbol

/**
 * The guard's verdict on one finished plan, as the apply takes it: the report the plan carries
 * (the planner judged it with the run's max-removals, guard() above) and the digest of the whole
 * plan it was made for (digest.ts's planFingerprint). The apply compares that digest with its
 * plan's, once, before the first write: a verdict made for another plan lets nothing through.
 * Made only by judgePlan(), once per run.
 */
export interface GuardVerdict {
  readonly report: GuardReport
  readonly fingerprint: string
  readonly [judged]: true
}

/**
 * The verdict on a finished plan, for the apply. Nothing edits a plan once planRoster returns it
 * (plan.ts: read-only at every depth), so the digest taken here is the digest of the plan the
 * apply is handed, unless it is handed another one.
 */
export function judgePlan(plan: Plan, approval?: GuardApproval): GuardVerdict {
  const verdict = { report: approveGuard(plan.guard, approval) ?? plan.guard, fingerprint: planFingerprint(plan) }
  return verdict as GuardVerdict
}

function listed(labels: string[], shown: number): string {
  const names = labels.slice(0, shown).join(', ')
  return labels.length > shown ? `${names} and ${labels.length - shown} more` : names
}
