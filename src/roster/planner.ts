/**
 * The planner: a validated roster and what DoorFlow holds → the Plan. Pure: no request, no
 * log; the clock's `now` is an argument (who can open a door now: the lock-outs the guard counts). Problems that
 * only DoorFlow's data reveals (an unknown group name, an email that belongs to someone else, a
 * person to adopt that is ambiguous) come back with the roster line they concern; a plan with
 * problems must not be applied.
 */
import type { PruneMode, UnmanagedMode } from '../settings.js'
import { untrusted } from '../untrusted.js'
import type { Account, DoorFlowPerson, FieldValue, Named, PersonField } from '../doorflow/people.js'
import { asciiLower, sameEmail } from './email.js'
import { guard, lockOutOf } from './guard.js'
import { withDrift, type ChangedFiles } from './drift.js'
import {
  revokes,
  type FieldChange,
  type LockOut,
  type Memberships,
  type Plan,
  type PlannedChange,
  type UnmanagedReport
} from './plan.js'
import { managesMatcher, Suggester, type Position, type Problem, type Roster, type RosterPerson } from './roster.js'

/** Roster and DoorFlow text inside a message: one line, capped (see untrusted.ts). */
const t = (text: unknown) => untrusted(text, 80)

export interface PlanResult {
  plan: Plan
  problems: Problem[]
}

const DATE_FIELDS: ReadonlySet<PersonField> = new Set(['valid_from', 'valid_to'])

export interface PlanOptions {
  /** The clock's now (ms since the epoch): who can open a door now, for the guard. */
  now: number
  /** The run's max-removals, for the guard's report on the plan; undefined (the default) for the default rule. */
  maxRemovals?: number
  /** The run's `unmanaged` input: with `ignore` the plan names no unmanaged people. Default `report`. */
  unmanaged?: UnmanagedMode
  /** Which files the run's commit changed (drift.ts), and the roster path: which changes are drift. Absent: unknown. */
  drift?: { changed: ChangedFiles; rosterPath: string }
}

/**
 * The finished plan: every input that shapes it goes in here (options), and nothing edits it after
 * (plan.ts's types are read-only). Drift is marked, unmanaged people named unless ignored, and the
 * guard's report with the run's max-removals is on it; the verdict for the apply is judged from it.
 */
export function planRoster(
  roster: Roster,
  account: Pick<Account, 'people' | 'groups' | 'roles'>,
  prune: PruneMode,
  options: PlanOptions
): PlanResult {
  const problems: Problem[] = []
  const groups = resolver('group', account.groups, problems)
  const roles = resolver('role', account.roles, problems)
  const bySystemId = new Map<string, DoorFlowPerson>()
  const exactEmail = new Map<string, DoorFlowPerson[]>()
  const foldedEmail = new Map<string, DoorFlowPerson[]>()
  // People a created person could be a second record of: no system_id and no email, so not adoptable.
  const unreachable = new Map<string, DoorFlowPerson[]>()
  const add = <K>(map: Map<K, DoorFlowPerson[]>, key: K, p: DoorFlowPerson) => {
    const same = map.get(key)
    if (same) same.push(p)
    else map.set(key, [p])
  }
  const byDoorFlowId = new Map<number, DoorFlowPerson>()
  for (const p of account.people) {
    byDoorFlowId.set(p.id, p)
    if (p.system_id !== null) {
      const other = bySystemId.get(p.system_id)
      if (other) {
        problems.push({
          message: `DoorFlow has more than one person with system_id ${t(p.system_id)} (ids ${other.id} and ${p.id}): give each a unique system_id in DoorFlow, or delete the duplicate, before planning.`
        })
      } else bySystemId.set(p.system_id, p)
    }
    if (p.email) {
      add(exactEmail, p.email, p)
      add(foldedEmail, asciiLower(p.email), p)
    } else if (p.system_id === null) add(unreachable, nameKey(p.first_name, p.last_name), p)
  }
  const rosterIds = new Set(roster.people.map(p => p.id))
  // DoorFlow people a roster entry adopts by doorflow_id: no other entry adopts them by email.
  const claimed = new Map<number, RosterPerson>()
  for (const p of roster.people) if (p.doorflowId !== undefined) claimed.set(p.doorflowId, p)
  const rosterEmails = new Map(roster.people.map(p => [p.id, p.fields.email]))
  /** Whether the roster gives DoorFlow person `p` (one of its own) another email or none: their address is freed. */
  const movesAway = (p: DoorFlowPerson, email: string) => {
    if (p.system_id === null || !rosterIds.has(p.system_id)) return false
    const next = rosterEmails.get(p.system_id)
    return next === null || (typeof next === 'string' && !sameEmail(next, email))
  }

  const twinWords = new Map<string, { ids: string; adopt: string }>()
  const changes: PlannedChange[] = []
  const before = new Map<PlannedChange, DoorFlowPerson>()
  let unchanged = 0
  for (const person of roster.people) {
    const groupIds = groups.resolve(person.groups, person.groupsAt)
    const roleIds = person.roles === undefined ? undefined : roles.resolve(person.roles, person.rolesAt)
    const name = `${String(person.fields.first_name ?? '')} ${String(person.fields.last_name ?? '')}`.trim()
    const email = typeof person.fields.email === 'string' ? person.fields.email : undefined
    const emailAt = person.fieldsAt?.email ?? person.at
    let existing = bySystemId.get(person.id)
    let adopting = false
    let matchedBy: 'email' | 'doorflow_id' = 'email'
    if (person.doorflowId !== undefined) {
      // By DoorFlow's own id: exact, and only a person without a system_id (or already this one).
      const target = byDoorFlowId.get(person.doorflowId)
      const at = person.doorflowIdAt ?? person.at
      if (existing && existing.id !== person.doorflowId) {
        problems.push({
          message: `${t(person.id)}: doorflow_id ${person.doorflowId} names another DoorFlow person than the one with system_id ${t(person.id)} (${describe(existing)}). Remove doorflow_id (this entry already matches by its id), or fix it.`,
          at
        })
        continue
      }
      if (!existing && !target) {
        problems.push({
          message: `${t(person.id)}: doorflow_id ${person.doorflowId}: DoorFlow has no person with that id (deleted, or a typo). Remove doorflow_id to create the person, or give the id of the DoorFlow person to adopt.`,
          at
        })
        continue
      }
      if (!existing && target && target.system_id !== null) {
        problems.push({
          message: `${t(person.id)}: doorflow_id ${person.doorflowId} names ${describe(target)}, who already has system_id ${t(target.system_id)}; adopting would take them from that id. Use id ${t(target.system_id)} in this entry and remove doorflow_id, or fix doorflow_id.`,
          at
        })
        continue
      }
      if (!existing && target) {
        existing = target
        adopting = true
        matchedBy = 'doorflow_id'
      }
    } else if (!existing && email) {
      // Exact first; only when nobody has it exactly, ignoring ASCII case. One candidate or none: never a guess.
      const candidates = exactEmail.get(email) ?? foldedEmail.get(asciiLower(email)) ?? []
      if (candidates.length > 1) {
        problems.push({
          message: `${t(person.id)}: email ${t(email)} matches ${candidates.length} DoorFlow people (${candidates.map(describe).join('; ')}), so which one to adopt is ambiguous. Give each their own email in DoorFlow, or give the right one system_id ${t(person.id)}, then plan again.`,
          at: emailAt
        })
        continue
      }
      if (candidates.length === 1 && candidates[0].system_id === null) {
        const other = claimed.get(candidates[0].id)
        if (other) {
          problems.push({
            message: `${t(person.id)}: email ${t(email)} matches DoorFlow person ${describe(candidates[0])}, whom ${t(other.id)} adopts by doorflow_id. Give one of them another email, or fix doorflow_id.`,
            at: emailAt
          })
          continue
        }
        existing = candidates[0]
        adopting = true
      }
    }
    const fields = existing ? fieldChanges(person, existing) : []
    // An email DoorFlow already gives someone else would make the write fail (emails are unique).
    const writesEmail = email !== undefined && (!existing || fields.some(f => f.field === 'email'))
    const owners = writesEmail
      ? (foldedEmail.get(asciiLower(email)) ?? []).filter(o => o !== existing && !movesAway(o, email))
      : []
    for (const owner of owners) {
      problems.push({
        message: `${t(person.id)}: email ${t(email)} already belongs to DoorFlow person ${describe(owner)}; DoorFlow keeps emails unique. Fix the email, or give that person this id.`,
        at: emailAt
      })
    }
    if (!existing) {
      const key = nameKey(person.fields.first_name, person.fields.last_name)
      const twins = unreachable.get(key) ?? []
      if (twins.length) {
        // Worded once per name: a roster may give thousands of entries the name of DoorFlow's many visitors.
        const { ids, adopt } = twinWords.get(key) ?? twinWords.set(key, wordTwins(twins)).get(key)!
        problems.push({
          message: `${t(person.id)}: DoorFlow already has ${t(name)} without a system_id or an email (DoorFlow person ${ids}), who would keep their door access beside the person this creates. If that is this person, ${adopt}, then plan again; if it is someone else, give them their own email in DoorFlow.`,
          at: person.at
        })
      }
      const fields: Partial<Record<PersonField, FieldValue>> = {}
      for (const [field, value] of Object.entries(person.fields) as [PersonField, FieldValue][])
        if (value !== null) fields[field] = value
      changes.push({
        kind: 'create',
        systemId: person.id,
        name,
        fields,
        groups: groups.named(groupIds),
        roles: roles.named(roleIds ?? [])
      })
      continue
    }
    const memberships = membershipChanges(existing, groupIds, roleIds, groups, roles)
    const target = existing
    const push = (change: PlannedChange) => {
      changes.push(change)
      before.set(change, target)
    }
    if (adopting) {
      push({
        kind: 'adopt',
        systemId: person.id,
        name,
        personId: existing.id,
        ...(matchedBy === 'doorflow_id' ? { matchedBy } : {}),
        fields,
        ...(memberships ? { memberships } : {})
      })
    } else if (fields.length || memberships) {
      push({
        kind: 'update',
        systemId: person.id,
        name,
        personId: existing.id,
        fields,
        ...(memberships ? { memberships } : {})
      })
    } else unchanged++
  }

  const managed = managesMatcher(roster.manages, roster.except)
  let managedCount = 0
  if (managed) {
    for (const p of account.people) {
      if (p.system_id === null || !managed(p.system_id)) continue
      managedCount++
      if (rosterIds.has(p.system_id) || prune === 'off') continue
      if (prune === 'disable' && !p.enabled) continue
      const change: PlannedChange = {
        kind: 'remove',
        systemId: p.system_id,
        name: `${p.first_name} ${p.last_name}`.trim(),
        personId: p.id,
        mode: prune,
        groups: groups.named(p.groups)
      }
      changes.push(change)
      before.set(change, p)
    }
  }

  const sorted = ordered(changes)
  const lockOuts: LockOut[] = []
  for (const change of sorted) {
    const was = before.get(change)
    const out = was ? lockOutOf(change, was, options.now) : undefined
    if (out) lockOuts.push(out)
  }
  const drift = options.drift
    ? withDrift(sorted, roster, options.drift.rosterPath, options.drift.changed)
    : { changes: sorted }
  const judged = { changes: drift.changes, unchanged, managedCount, lockOuts }
  const plan: Plan = {
    version: 1,
    manages: roster.manages.length ? managesWords(roster) : undefined,
    prune,
    ...judged,
    guard: guard(judged, options.maxRemovals),
    ...(options.unmanaged === 'ignore'
      ? {}
      : { unmanaged: unmanagedPeople(roster, account, new Set(adopted(sorted))) }),
    ...(drift.drift === undefined ? {} : { drift: drift.drift })
  }
  return { plan, problems }
}

/** How many unmanaged people a plan names; the count covers them all. */
export const UNMANAGED_SHOWN = 10

/**
 * DoorFlow people who can open a door and whom no roster manages: enabled, in at least one
 * group, and either with no system_id and not adopted by this plan (`adopted`: the DoorFlow ids
 * the plan matched to a roster entry by email or doorflow_id), or with a system_id that no
 * `manages` pattern matches and no roster lists. A shared email alone manages nobody: a roster
 * entry matched by its system_id adopts no one else. They keep their access whatever the roster
 * says, so every plan names them. Pure; the first UNMANAGED_SHOWN by DoorFlow id.
 */
export function unmanagedPeople(
  roster: Roster,
  account: Pick<Account, 'people'>,
  adopted: ReadonlySet<number>
): UnmanagedReport {
  const listed = new Set(roster.people.map(p => p.id))
  const managed = managesMatcher(roster.manages, roster.except)
  const found = account.people.filter(p => {
    if (!p.enabled || !p.groups.length || adopted.has(p.id)) return false
    return p.system_id === null || (!listed.has(p.system_id) && !managed?.(p.system_id))
  })
  const first = [...found]
    .sort((a, b) => a.id - b.id)
    .slice(0, UNMANAGED_SHOWN)
    .map(p => ({ personId: p.id, name: `${p.first_name} ${p.last_name}`.trim(), systemId: p.system_id }))
  return { count: found.length, first }
}

/**
 * The roster's manages for the plan: its patterns with a star first (a roster may hide `*` after
 * thousands of exact ids, past the header's cap), then its exact ids and the ids it excepts, each
 * capped (the count says how many).
 */
function managesWords(roster: Roster): string {
  const capped = (ids: readonly string[], more: string) =>
    ids.slice(0, 20).join(', ') + (ids.length > 20 ? ` and ${ids.length - 20} more${more}` : '')
  const starred = roster.manages.filter(m => m.includes('*'))
  const exact = roster.manages.filter(m => !m.includes('*'))
  const except = roster.except ?? []
  return (
    [...starred, ...(exact.length ? [capped(exact, ' exact ids')] : [])].join(', ') +
    (except.length ? ` except ${capped(except, '')}` : '')
  )
}

/** The DoorFlow people a plan adopts: matched to a roster entry by email or doorflow_id. */
function adopted(changes: readonly PlannedChange[]): number[] {
  return changes.flatMap(c => (c.kind === 'adopt' ? [c.personId] : []))
}

/** A DoorFlow person in a message: "202 (Bob Visitor, system_id X)", names through the gate. */
function describe(p: DoorFlowPerson): string {
  return `${p.id} (${t(`${p.first_name} ${p.last_name}`.trim())}${p.system_id ? `, system_id ${t(p.system_id)}` : ''})`
}

/** The DoorFlow ids of people a created person could be a second record of, and how to adopt the right one. */
function wordTwins(twins: DoorFlowPerson[]): { ids: string; adopt: string } {
  const ids = twins.map(p => p.id).join(', ')
  const adopt =
    twins.length === 1
      ? `adopt them with \`doorflow_id: ${twins[0].id}\` in this entry`
      : `adopt the right one with \`doorflow_id: N\` in this entry (N one of ${ids})`
  return { ids, adopt }
}

/** First and last name, trimmed and ignoring ASCII case: the key of a possible second record. */
function nameKey(first: FieldValue | undefined, last: FieldValue | undefined): string {
  const part = (v: FieldValue | undefined) => asciiLower(typeof v === 'string' ? v.trim() : '')
  return `${part(first)}\n${part(last)}`
}

/** Revocations first: removals, then changes that take access away, then the rest; by system_id within each. */
function ordered(changes: PlannedChange[]): PlannedChange[] {
  const rank = (c: PlannedChange) => (c.kind === 'remove' ? 0 : revokes(c) ? 1 : 2)
  return changes
    .map((c, i) => ({ c, i, r: rank(c) }))
    .sort((a, b) => a.r - b.r || compare(a.c.systemId, b.c.systemId) || a.i - b.i)
    .map(x => x.c)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function fieldChanges(person: RosterPerson, existing: DoorFlowPerson): FieldChange[] {
  const changes: FieldChange[] = []
  for (const [field, to] of Object.entries(person.fields) as [PersonField, FieldValue][]) {
    const from = existing[field] ?? null
    if (!sameValue(field, from, to)) changes.push({ field, from, to })
  }
  return changes
}

/** Whether DoorFlow's value already is the roster's: dates as instants, emails ignoring ASCII case (email.ts), '' as null. */
export function sameValue(field: PersonField, from: FieldValue, to: FieldValue): boolean {
  const a = from === '' ? null : from
  const b = to === '' ? null : to
  if (a === null || b === null) return a === b
  if (DATE_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string') {
    const x = Date.parse(a)
    const y = Date.parse(b)
    if (!Number.isNaN(x) && !Number.isNaN(y)) return Math.floor(x / 1000) === Math.floor(y / 1000)
  }
  if (field === 'email' && typeof a === 'string' && typeof b === 'string') return sameEmail(a, b)
  return a === b
}

function membershipChanges(
  existing: DoorFlowPerson,
  groupIds: number[],
  roleIds: number[] | undefined,
  groups: Resolver,
  roles: Resolver
): Memberships | undefined {
  const diff = (now: number[], wanted: number[]) => {
    const had = new Set(now)
    const wants = new Set(wanted)
    return { gained: wanted.filter(id => !had.has(id)), lost: now.filter(id => !wants.has(id)) }
  }
  const g = diff(existing.groups, groupIds)
  const r = roleIds === undefined ? { gained: [], lost: [] } : diff(existing.roles, roleIds)
  if (!g.gained.length && !g.lost.length && !r.gained.length && !r.lost.length) return undefined
  return {
    groupIds,
    roleIds: roleIds ?? existing.roles,
    groupsGained: groups.named(g.gained),
    groupsLost: groups.named(g.lost),
    rolesGained: roles.named(r.gained),
    rolesLost: roles.named(r.lost)
  }
}

interface Resolver {
  /** Ids of the names that exist; a problem for each that does not. */
  resolve(names: string[], at: Position[]): number[]
  /** Ids as Named, for a reviewer ("#7" when DoorFlow no longer lists the id). */
  named(ids: number[]): Named[]
}

/** At most this many different unknown names of one kind get a "did you mean" in a plan (see Suggester). */
const MAX_NAME_GUESSES = 1000

function resolver(kind: 'group' | 'role', list: Named[], problems: Problem[]): Resolver {
  const byName = new Map<string, Named[]>()
  for (const item of list) {
    const same = byName.get(item.name)
    if (same) same.push(item)
    else byName.set(item.name, [item])
  }
  const byId = new Map(list.map(item => [item.id, item]))
  const names = [...byName.keys()]
  const suggester = new Suggester(names, MAX_NAME_GUESSES)
  const firstNames = () =>
    `${names
      .slice(0, 8)
      .map(n => t(n))
      .join(', ')}${names.length > 8 ? ', …' : ''}`
  /** What DoorFlow has, as an unknown name's message lists it: worded once, however many names are unknown. */
  let some: string | undefined
  return {
    resolve(wanted, at) {
      const ids: number[] = []
      const seen = new Set<number>()
      wanted.forEach((name, i) => {
        const found = byName.get(name)
        if (found?.length === 1) {
          if (!seen.has(found[0].id)) {
            seen.add(found[0].id)
            ids.push(found[0].id)
          }
          return
        }
        if (found) {
          problems.push({
            message: `DoorFlow has ${found.length} ${kind}s named '${t(name)}' (ids ${found.map(f => f.id).join(', ')}), so the name is ambiguous: rename one in DoorFlow.`,
            at: at[i]
          })
          return
        }
        const guess = suggester.guess(name)
        problems.push({
          message: `Unknown ${kind} '${t(name)}': DoorFlow has no ${kind} of that name${
            guess ? `; did you mean '${t(guess)}'?` : (some ??= ` (it has ${list.length}: ${firstNames()}).`)
          } ${kind === 'group' ? 'Groups' : 'Roles'} are created in DoorFlow itself.`,
          at: at[i]
        })
      })
      return ids
    },
    named(ids) {
      return ids.map(id => byId.get(id) ?? { id, name: `#${id}` })
    }
  }
}
