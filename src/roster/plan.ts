/**
 * The plan: what applying a roster would change in DoorFlow. Computed by the roster planner
 * (dry run and apply alike), rendered for reviewers, written as JSON for the plan-file output,
 * and carried out by the apply step. These shapes are the contract between those parts; the
 * JSON file is read by users' own tooling, so a field is only ever added, never renamed.
 */
import type { PruneMode } from '../settings.js'
import type { FieldValue, Named, PersonField } from '../doorflow/people.js'

export interface FieldChange {
  field: PersonField
  from: FieldValue
  to: FieldValue
}

interface PersonRef {
  /** The roster's `id`: DoorFlow's `system_id`. */
  systemId: string
  /** "First Last", for messages. */
  name: string
  /** DoorFlow was changed outside the roster: the roster file behind this change did not change in this commit (drift.ts). */
  drift?: true
}

/** A membership change: the complete sets to write, and what they gain and lose. */
export interface Memberships {
  groupIds: number[]
  roleIds: number[]
  groupsGained: Named[]
  groupsLost: Named[]
  rolesGained: Named[]
  rolesLost: Named[]
}

export type PlannedChange =
  /** POST /api/3/people with the fields, system_id, group_ids and role_ids. */
  | (PersonRef & { kind: 'create'; fields: Partial<Record<PersonField, FieldValue>>; groups: Named[]; roles: Named[] })
  /** PUT /api/3/people/{personId} with the changed fields; group_ids/role_ids when a membership changed. */
  | (PersonRef & { kind: 'update'; personId: number; fields: FieldChange[]; memberships?: Memberships })
  /**
   * An existing person without a system_id, matched by email or by the roster's doorflow_id
   * (`matchedBy` is set for doorflow_id only; absent means by email): PUT system_id, plus any changes.
   */
  | (PersonRef & {
      kind: 'adopt'
      personId: number
      matchedBy?: 'email' | 'doorflow_id'
      fields: FieldChange[]
      memberships?: Memberships
    })
  /** A managed person absent from the roster: disabled (PUT enabled: false) or deleted, by `prune`. */
  | (PersonRef & { kind: 'remove'; personId: number; mode: Exclude<PruneMode, 'off'>; groups: Named[] })

export interface Plan {
  version: 1
  /** The roster's `manages` pattern (several are joined by ', '); undefined when it has none (then nothing is removed). */
  manages: string | undefined
  prune: PruneMode
  /** Revocations first: removals, then changes that lose access, then the rest. */
  changes: PlannedChange[]
  /** People in the roster whose DoorFlow record already matches. */
  unchanged: number
  /** Managed people in DoorFlow before the change (the guard's base for max-removals). */
  managedCount: number
  /**
   * People the plan locks out of every door they could open (guard.ts's `locksOut`). Always set
   * by the planner; optional only so that a plan written by hand (a test, the bench) compiles, and
   * then the guard assumes the worst of every change (see guard.ts).
   */
  lockOuts?: LockOut[]
  /**
   * The guard's verdict with the run's max-removals: what the apply would do with this plan. Set by
   * the run's guard step (run.ts), after planning; the log, summary, comment and plan file show it.
   */
  guard?: GuardReport
  /**
   * DoorFlow people with door access whom no roster manages (planner.ts's `unmanagedPeople`). Set
   * by the planner; absent when the run's `unmanaged` input is `ignore`.
   */
  unmanaged?: UnmanagedReport
  /**
   * How many changes are drift: DoorFlow differs from a roster file that did not change in this
   * commit (drift.ts). Absent when the run could not tell (then no change is marked).
   */
  drift?: number
}

/** Enabled DoorFlow people with at least one group whom no roster manages: the count and the first few. */
export interface UnmanagedReport {
  count: number
  /** The first few, by DoorFlow id. */
  first: UnmanagedPerson[]
}

export interface UnmanagedPerson {
  personId: number
  name: string
  /** DoorFlow's system_id, null when the person has none. */
  systemId: string | null
}

/** How a change takes all the door access a person had now or within the guard's horizon (see guard.ts's `locksOut`). */
export type LockOutHow = 'removed' | 'disabled' | 'no-groups' | 'valid-to' | 'valid-from'

export interface LockOut extends PersonRef {
  personId: number
  how: LockOutHow
  /** For `valid-to` and `valid-from`: the date the plan sets (ISO 8601, UTC). */
  date?: string
}

export interface GuardReport {
  /** People the plan locks out: what max-removals limits. */
  lockOuts: number
  /** The max-removals in force for this run. */
  limit: number
  /** Where the limit came from: the workflow's `max-removals`, or the default rule. */
  limitSource: 'max-removals' | 'default'
  /** Whether the apply refuses this plan (and writes nothing). */
  refused: boolean
  /** Why, as one sentence naming the first 10 people (when refused). */
  reason?: string
}

/**
 * Whether a change **revokes**: it narrows someone's access in any way (a removal, `enabled:
 * false`, a lost group or role, a validity window that ends sooner or starts later), so the apply
 * writes it, and waits for DoorFlow's answer, before the first grant. Broader than guard.ts's
 * `locksOut`, which is what max-removals counts: a move from one group to another revokes but
 * locks nobody out. A window extended or reopened revokes nothing: it gives access (`widens`).
 */
export function revokes(change: PlannedChange): boolean {
  if (change.kind === 'remove') return true
  if (change.kind === 'create') return false
  const m = change.memberships
  const disables = change.fields.some(f => f.field === 'enabled' && f.to === false)
  const narrows = change.fields.some(f => dateMove(f) === 'narrows')
  return disables || narrows || (m !== undefined && (m.groupsLost.length > 0 || m.rolesLost.length > 0))
}

/** Whether a change extends or reopens someone's validity window: a later or cleared `valid_to`, an earlier or cleared `valid_from`. */
export function widens(change: PlannedChange): boolean {
  return change.kind !== 'create' && change.kind !== 'remove' && change.fields.some(f => dateMove(f) === 'widens')
}

/**
 * Which way a change of `valid_from`/`valid_to` moves the window: `widens` (a bound cleared, `valid_to`
 * later, `valid_from` earlier), `narrows` (a bound set, `valid_to` earlier, `valid_from` later, or a date
 * that does not parse: doubt is written first), or undefined for any other field.
 */
function dateMove(f: FieldChange): 'widens' | 'narrows' | undefined {
  if (f.field !== 'valid_from' && f.field !== 'valid_to') return undefined
  const when = (v: FieldValue) => (typeof v === 'string' && v !== '' ? Date.parse(v) : null)
  const from = when(f.from)
  const to = when(f.to)
  if (to === null) return from === null ? undefined : 'widens'
  if (from === null || Number.isNaN(from) || Number.isNaN(to)) return 'narrows'
  if (from === to) return undefined
  return (f.field === 'valid_to') === to > from ? 'widens' : 'narrows'
}
