/**
 * The planner: a validated roster and what DoorFlow holds → the Plan. Pure: no request, no
 * clock, no log. Problems that only DoorFlow's data reveals (an unknown group name, an email
 * that belongs to someone else) come back with the roster line they concern; a plan with
 * problems must not be applied.
 */
import { untrusted } from '../untrusted.js'
import type { Account, DoorFlowPerson } from './doorflow-people.js'
import {
  revokes,
  type FieldChange,
  type FieldValue,
  type Memberships,
  type Named,
  type PersonField,
  type Plan,
  type PlannedChange,
  type PruneMode
} from './plan.js'
import { didYouMean, managesMatcher, type Position, type Problem, type Roster, type RosterPerson } from './roster.js'

/** Roster and DoorFlow text inside a message: one line, capped (see untrusted.ts). */
const t = (text: unknown) => untrusted(text, 80)

export interface PlanResult {
  plan: Plan
  problems: Problem[]
}

const DATE_FIELDS: ReadonlySet<PersonField> = new Set(['valid_from', 'valid_to'])

export function planRoster(
  roster: Roster,
  account: Pick<Account, 'people' | 'groups' | 'roles'>,
  prune: PruneMode
): PlanResult {
  const problems: Problem[] = []
  const groups = resolver('group', account.groups, problems)
  const roles = resolver('role', account.roles, problems)
  const bySystemId = new Map<string, DoorFlowPerson>()
  const byEmail = new Map<string, DoorFlowPerson>()
  for (const p of account.people) {
    if (p.system_id !== null) {
      const other = bySystemId.get(p.system_id)
      if (other) {
        problems.push({
          message: `DoorFlow has more than one person with system_id ${t(p.system_id)} (ids ${other.id} and ${p.id}): give each a unique system_id in DoorFlow, or delete the duplicate, before planning.`
        })
      } else bySystemId.set(p.system_id, p)
    }
    if (p.email) byEmail.set(p.email.toLowerCase(), p)
  }
  const rosterIds = new Set(roster.people.map(p => p.id))
  const rosterEmails = new Map(
    roster.people.map(p => [p.id, typeof p.fields.email === 'string' ? p.fields.email.toLowerCase() : p.fields.email])
  )

  const changes: PlannedChange[] = []
  let unchanged = 0
  for (const person of roster.people) {
    const groupIds = groups.resolve(person.groups, person.groupsAt)
    const roleIds = person.roles === undefined ? undefined : roles.resolve(person.roles, person.rolesAt)
    const name = `${String(person.fields.first_name ?? '')} ${String(person.fields.last_name ?? '')}`.trim()
    const email = typeof person.fields.email === 'string' ? person.fields.email.toLowerCase() : undefined
    let existing = bySystemId.get(person.id)
    let adopting = false
    if (!existing && email) {
      const owner = byEmail.get(email)
      if (owner && owner.system_id === null) {
        existing = owner
        adopting = true
      }
    }
    // An email DoorFlow already gives someone else would make the write fail (emails are unique).
    const owner = email ? byEmail.get(email) : undefined
    if (
      owner &&
      owner !== existing &&
      !(owner.system_id !== null && rosterIds.has(owner.system_id) && rosterEmails.get(owner.system_id) !== email)
    ) {
      problems.push({
        message: `${t(person.id)}: email ${t(person.fields.email)} already belongs to DoorFlow person ${owner.id} (${t(`${owner.first_name} ${owner.last_name}`)}${owner.system_id ? `, system_id ${t(owner.system_id)}` : ''}); DoorFlow keeps emails unique. Fix the email, or give that person this id.`,
        at: person.fieldsAt?.email ?? person.at
      })
    }
    if (!existing) {
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
    const fields = fieldChanges(person, existing)
    const memberships = membershipChanges(existing, groupIds, roleIds, groups, roles)
    if (adopting) {
      changes.push({
        kind: 'adopt',
        systemId: person.id,
        name,
        personId: existing.id,
        fields,
        ...(memberships ? { memberships } : {})
      })
    } else if (fields.length || memberships) {
      changes.push({
        kind: 'update',
        systemId: person.id,
        name,
        personId: existing.id,
        fields,
        ...(memberships ? { memberships } : {})
      })
    } else unchanged++
  }

  const managed = managesMatcher(roster.manages)
  let managedCount = 0
  if (managed) {
    for (const p of account.people) {
      if (p.system_id === null || !managed(p.system_id)) continue
      managedCount++
      if (rosterIds.has(p.system_id) || prune === 'off') continue
      if (prune === 'disable' && !p.enabled) continue
      changes.push({
        kind: 'remove',
        systemId: p.system_id,
        name: `${p.first_name} ${p.last_name}`.trim(),
        personId: p.id,
        mode: prune,
        groups: groups.named(p.groups)
      })
    }
  }

  return {
    plan: {
      version: 1,
      manages: roster.manages.length ? roster.manages.join(', ') : undefined,
      prune,
      changes: ordered(changes),
      unchanged,
      managedCount
    },
    problems
  }
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

/** Whether DoorFlow's value already is the roster's: dates as instants, emails without case, '' as null. */
export function sameValue(field: PersonField, from: FieldValue, to: FieldValue): boolean {
  const a = from === '' ? null : from
  const b = to === '' ? null : to
  if (a === null || b === null) return a === b
  if (DATE_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string') {
    const x = Date.parse(a)
    const y = Date.parse(b)
    if (!Number.isNaN(x) && !Number.isNaN(y)) return Math.floor(x / 1000) === Math.floor(y / 1000)
  }
  if (field === 'email' && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  return a === b
}

function membershipChanges(
  existing: DoorFlowPerson,
  groupIds: number[],
  roleIds: number[] | undefined,
  groups: Resolver,
  roles: Resolver
): Memberships | undefined {
  const diff = (now: number[], wanted: number[]) => ({
    gained: wanted.filter(id => !now.includes(id)),
    lost: now.filter(id => !wanted.includes(id))
  })
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

function resolver(kind: 'group' | 'role', list: Named[], problems: Problem[]): Resolver {
  const byName = new Map<string, Named[]>()
  for (const item of list) byName.set(item.name, [...(byName.get(item.name) ?? []), item])
  const byId = new Map(list.map(item => [item.id, item]))
  const names = [...byName.keys()]
  return {
    resolve(wanted, at) {
      const ids: number[] = []
      wanted.forEach((name, i) => {
        const found = byName.get(name)
        if (found?.length === 1) {
          if (!ids.includes(found[0].id)) ids.push(found[0].id)
          return
        }
        if (found) {
          problems.push({
            message: `DoorFlow has ${found.length} ${kind}s named '${t(name)}' (ids ${found.map(f => f.id).join(', ')}), so the name is ambiguous: rename one in DoorFlow.`,
            at: at[i]
          })
          return
        }
        const guess = didYouMean(name, names)
        problems.push({
          message: `Unknown ${kind} '${t(name)}': DoorFlow has no ${kind} of that name${
            guess
              ? `; did you mean '${t(guess)}'`
              : ` (it has ${list.length}: ${names
                  .slice(0, 8)
                  .map(n => t(n))
                  .join(', ')}${names.length > 8 ? ', …' : ''})`
          }${guess ? '?' : '.'} ${kind === 'group' ? 'Groups' : 'Roles'} are created in DoorFlow itself.`,
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
