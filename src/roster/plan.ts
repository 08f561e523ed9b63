/**
 * The plan: what applying a roster would change in DoorFlow. Computed by the roster planner
 * (dry run and apply alike), rendered for reviewers, written as JSON for the plan-file output,
 * and carried out by the apply step. These shapes are the contract between those parts; the
 * JSON file is read by users' own tooling, so a field is only ever added, never renamed.
 */
import type { PruneMode } from '../settings.js'
import type { FieldValue, Named, PersonField } from '../doorflow/people.js'

export interface FieldChange {
  readonly field: PersonField
  readonly from: FieldValue
  readonly to: FieldValue
}

interface PersonRef {
  /** The roster's `id`: DoorFlow's `system_id`. */
  readonly systemId: string
  /** "First Last", for messages. */
  readonly name: string
  /** DoorFlow was changed outside the roster: the roster file behind this change did not change in this commit (drift.ts). */
  readonly drift?: true
}

/** A membership change: the complete sets to write, and what they gain and lose. */
export interface Memberships {
  readonly groupIds: readonly number[]
  readonly roleIds: readonly number[]
  readonly groupsGained: readonly Named[]
  readonly groupsLost: readonly Named[]
  readonly rolesGained: readonly Named[]
  readonly rolesLost: readonly Named[]
}

export type PlannedChange =
  /** POST /api/3/people with the fields, system_id, group_ids and role_ids. */
  | (PersonRef & {
      readonly kind: 'create'
      readonly fields: Readonly<Partial<Record<PersonField, FieldValue>>>
      readonly groups: readonly Named[]
      readonly roles: readonly Named[]
    })
  /** PUT /api/3/people/{personId} with the changed fields; group_ids/role_ids when a membership changed. */
  | (PersonRef & {
      readonly kind: 'update'
      readonly personId: number
      readonly fields: readonly FieldChange[]
      readonly memberships?: Memberships
    })
  /**
   * An existing person without a system_id, matched by email or by the roster's doorflow_id
   * (`matchedBy` is set for doorflow_id only; absent means by email): PUT system_id, plus any changes.
   */
  | (PersonRef & {
      readonly kind: 'adopt'
      readonly personId: number
      readonly matchedBy?: 'email' | 'doorflow_id'
      readonly fields: readonly FieldChange[]
      readonly memberships?: Memberships
    })
  /** A managed person absent from the roster: disabled (PUT enabled: false) or deleted, by `prune`. */
  | (PersonRef & {
      readonly kind: 'remove'
      readonly personId: number
      readonly mode: Exclude<PruneMode, 'off'>
      readonly groups: readonly Named[]
    })

/**
 * A finished plan: planner.ts's planRoster makes it whole, with every input that shapes it given
 * before (the `unmanaged` mode, the changed files that tell drift, max-removals for the guard's
 * report), and nothing edits it afterwards: every field is read-only, at every depth, so that
 * `plan.x = …` or `delete plan.x` does not compile. The guard's verdict for the apply is made from
 * the finished plan and holds its digest (guard.ts's judgePlan).
 */
export interface Plan {
  readonly version: 1
  /** The roster's `manages` pattern (several are joined by ', '); undefined when it has none (then nothing is removed). */
  readonly manages: string | undefined
  readonly prune: PruneMode
  /** Revocations first: removals, then changes that lose access, then the rest. */
  readonly changes: readonly PlannedChange[]
  /** People in the roster whose DoorFlow record already matches. */
  readonly unchanged: number
  /** Managed people in DoorFlow before the change (the guard's base for max-removals). */
  readonly managedCount: number
  /** People the plan locks out of every door they could open (guard.ts's `locksOut`). */
  readonly lockOuts: readonly LockOut[]
  /**
   * The guard's report with the run's max-removals: what the apply would do with this plan. The
   * log, summary, comment and plan file show it; the apply takes it through the verdict.
   */
  readonly guard: GuardReport
  /**
   * DoorFlow people with door access whom no roster manages (planner.ts's `unmanagedPeople`);
   * absent when the run's `unmanaged` input is `ignore`.
   */
  readonly unmanaged?: UnmanagedReport
  /**
   * How many changes are drift: DoorFlow differs from a roster file that did not change in this
   * commit (drift.ts). Absent when the run could not tell (then no change is marked).
   */
  readonly drift?: number
}

/** Enabled DoorFlow people with at least one group whom no roster manages: the count and the first few. */
export interface UnmanagedReport {
  readonly count: number
  /** The first few, by DoorFlow id. */
  readonly first: readonly UnmanagedPerson[]
}

export interface UnmanagedPerson {
  readonly personId: number
  readonly name: string
  /** DoorFlow's system_id, null when the person has none. */
  readonly systemId: string | null
}

/** How a change takes all the door access a person had now or within the guard's horizon (see guard.ts's `locksOut`). */
export type LockOutHow = 'removed' | 'disabled' | 'no-groups' | 'valid-to' | 'valid-from'

export interface LockOut extends PersonRef {
  readonly personId: number
  readonly how: LockOutHow
  /** For `valid-to` and `valid-from`: the date the plan sets (ISO 8601, UTC). */
  readonly date?: string
}

export interface GuardReport {
  /** People the plan locks out: what max-removals limits. */
  readonly lockOuts: number
  /** The max-removals in force for this run. */
  readonly limit: number
  /**
   * Where the limit came from: the workflow's `max-removals`, the default rule, or a reviewer's
   * approval of exactly this many on the pull request (`approval`).
   */
  readonly limitSource: 'max-removals' | 'default' | 'approval'
  /** Whether the apply refuses this plan (and writes nothing). */
  readonly refused: boolean
  /** Why, as one sentence naming the first 10 people (when refused). */
  readonly reason?: string
  /**
   * Which rule refused it: more lock-outs than max-removals (a reviewer may approve exactly that many
   * on the pull request), or a roster that lists nobody (never approved). Absent when not refused.
   */
  readonly rule?: 'max-removals' | 'empty-roster'
  /** The reviewer's approval that let this plan's lock-outs through (guard.ts's approveGuard). */
  readonly approval?: GuardApproval
}

/** A reviewer's approval, on pull request `pr`, of exactly `count` lock-outs (github/removal-approval.ts). */
export interface GuardApproval {
  /** The reviewer's GitHub login. */
  readonly by: string
  readonly count: number
  readonly pr: number
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
