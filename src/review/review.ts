/**
 * The access review, as of one instant: what an auditor asks of door access kept as code (SOC 2
 * CC6.4/CC6.5, ISO 27001's physical access control). For each DoorFlow group, everyone who can open
 * it now, whether the roster grants it and the pull request that last did (number, merged at,
 * approving reviewers); access no roster manages, access that ends soon and access not used in the
 * window, the candidates a least-privilege review looks for; and the leavers of the period, with
 * when their removal was merged, applied and synced and how long that took.
 *
 * Pure and clock-injected: everything it knows is handed in (DoorFlow's people and groups, the
 * roster now, what the events read found, the grant history, the apply records). Whatever could not
 * be read is said, never taken as "nothing": when the events read stopped early, a person it did not
 * see is `unknown`, not unused; a grant whose pull request could not be found says so.
 */
import type { DoorFlowPerson, Named } from '../doorflow/people.js'
import { plural, verb } from '../format.js'

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000

/** The review's windows; the defaults are what a quarterly least-privilege review uses. */
export interface ReviewOptions {
  /** The instant the review is of (ms). */
  asOf: number
  /** Access not used within this many days is a candidate for removal (default 90). */
  unusedDays: number
  /** Access that ends within this many days is listed (default 30). */
  endingDays: number
  /** A leaver whose access outlived the merge of their removal by more than this is flagged (default 24). */
  delayHours: number
  /** The period whose leavers are listed: this many days up to `asOf` (default 90). */
  periodDays: number
}

export const REVIEW_DEFAULTS = { unusedDays: 90, endingDays: 30, delayHours: 24, periodDays: 90 } as const

/** What the roster says now: who it manages (by system_id) and, of those it lists enabled, the groups it grants. */
export interface RosterNow {
  managed: (systemId: string) => boolean
  /** system_id → the group names the roster grants (only for people it lists enabled). */
  grants: ReadonlyMap<string, ReadonlySet<string>>
}

/** The pull request behind a commit, as GitHub says. */
export interface PullFacts {
  number: number
  /** ms; undefined when GitHub gave no merge time. */
  mergedAt?: number
  /** Logins of the reviewers whose standing review is an approval. */
  approvers: string[]
  /** Its merge commit (lowercase), when GitHub said it: a leaver's apply record is of it or of the leaver's commit. */
  mergeCommit?: string
}

/** The commit of the roster's history that last granted one group to one person. */
export interface GrantCommit {
  commit: string
  /** The committer's time (ms). */
  at: number
}

/** What the events read found: when each person last opened a door, and how far back it read. */
export interface Usage {
  /** DoorFlow person id → the newest admit seen (ms). */
  lastUsed: ReadonlyMap<number, number>
  /** Every admit from this instant to `asOf` was read (ms). When the read stopped early, later than the window's start. */
  coveredFrom: number
  /** The read reached the window's start: a person it did not see did not open a door in the window. */
  complete: boolean
  /** In words, why the read stopped early (undefined when complete). */
  stoppedWhy?: string
  events: number
  pages: number
}

/** One person the roster disabled or removed: from the roster's history. */
export interface LeaverChange {
  systemId: string
  /** The name the roster had for them. */
  name: string
  change: 'removed' | 'disabled'
  commit: string
  /** The committer's time (ms). */
  at: number
}

/** Times from the apply record of the pull request that carried a leaver's change (point 1's records). */
export interface ApplyTimes {
  merged?: number
  applied: number
  synced?: number
  confirmed?: number
}

/** Everything the review is made from. */
export interface ReviewInput {
  people: readonly DoorFlowPerson[]
  groups: readonly Named[]
  /** Undefined when no roster was read: then every grant is unmanaged. */
  roster: RosterNow | undefined
  usage: Usage
  /** `${systemId}\u0000${group}` → the commit that last granted it; absent: the history did not show it. */
  grants: ReadonlyMap<string, GrantCommit>
  /** commit → its pull request; a string: why none was found. */
  pulls: ReadonlyMap<string, PullFacts | string>
  leavers: readonly LeaverChange[]
  /** leaverRecordKey(commit, systemId) → the apply record's times of the run that carried that leaver's change. */
  records: ReadonlyMap<string, ApplyTimes>
  /** leaverRecordKey → why that leaver's apply record was not used (edited by someone else, not looked for…); flagged. */
  recordProblems?: ReadonlyMap<string, string>
  /** What the history could not read, each a phrase (a shallow clone, a file it could not parse…). */
  historyNotes: readonly string[]
}

/** The key of a leaver's apply times in AccessReviewInput.records: their change's commit and their system_id. */
export function leaverRecordKey(commit: string, systemId: string): string {
  return `${commit}\u0000${systemId}`
}

export type Flag = 'unmanaged' | 'not-granted' | 'ending' | 'unused' | 'use-unknown' | 'no-approval'

export interface Member {
  doorflowId: number
  name: string
  systemId: string | null
  /** ms, when DoorFlow has an end. */
  validTo?: number
  /** roster: the roster grants it; not-granted: the roster manages the person and does not grant it; unmanaged: no roster manages the person. */
  source: 'roster' | 'not-granted' | 'unmanaged'
  grant?: { commit: string; at: number; pull?: PullFacts; why?: string }
  /** ms of the newest admit seen, if any. */
  lastUsed?: number
  flags: Flag[]
}

export interface GroupReview {
  id: number
  name: string
  members: Member[]
  counts: Record<Flag, number> & { members: number; roster: number }
}

export interface Leaver extends LeaverChange {
  pull?: PullFacts
  merged?: number
  applied?: number
  synced?: number
  confirmed?: number
  /** From the merge to the doors (confirmed, else synced, else applied), ms; undefined when either end is unknown. */
  delayMs?: number
  /** The DoorFlow person still has access now (enabled, in the validity window, in some group). */
  stillHasAccess: boolean
  /** Why this leaver is flagged, each a phrase; empty when all is in order. */
  flags: string[]
}

export interface Review {
  options: ReviewOptions
  groups: GroupReview[]
  leavers: Leaver[]
  usage: Omit<Usage, 'lastUsed'> & { windowStart: number }
  counts: {
    groups: number
    /** People who can open at least one group now. */
    people: number
    /** Person-group grants in force now. */
    grants: number
    flagged: Record<Flag, number>
    leavers: number
    leaversFlagged: number
  }
  /** What the review could not see, each a sentence. */
  notes: string[]
}

export const FLAGS: readonly Flag[] = ['unmanaged', 'not-granted', 'ending', 'unused', 'use-unknown', 'no-approval']

/** An instant from DoorFlow's text; undefined when absent or not a date. */
export function instant(text: string | null | undefined): number | undefined {
  if (!text) return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

/** Whether DoorFlow lets the person through now: enabled and inside the validity window. */
export function canEnter(person: DoorFlowPerson, now: number): boolean {
  if (!person.enabled) return false
  const from = instant(person.valid_from)
  const to = instant(person.valid_to)
  return (from === undefined || from <= now) && (to === undefined || to >= now)
}

export function grantKey(systemId: string, group: string): string {
  return `${systemId}\u0000${group}`
}

export function personName(p: DoorFlowPerson): string {
  return `${p.first_name} ${p.last_name}`.trim()
}

/** The review, as of options.asOf. */
export function accessReview(input: ReviewInput, options: ReviewOptions): Review {
  const now = options.asOf
  const windowStart = now - options.unusedDays * DAY_MS
  const endingBy = now + options.endingDays * DAY_MS
  const groupName = new Map(input.groups.map(g => [g.id, g.name]))
  const byGroup = new Map<number, Member[]>(input.groups.map(g => [g.id, []]))
  const flagged = zeroFlags()
  const inside = new Set<number>()
  let grants = 0
  const notes = [...input.historyNotes]
  const unknownGroups = new Set<number>()

  for (const person of input.people) {
    if (!canEnter(person, now) || !person.groups.length) continue
    const sid = person.system_id
    const managed = !!(sid && input.roster?.managed(sid))
    const rosterGroups = sid ? input.roster?.grants.get(sid) : undefined
    const validTo = instant(person.valid_to)
    const last = input.usage.lastUsed.get(person.id)
    const usedInWindow = last !== undefined && last >= windowStart
    for (const gid of new Set(person.groups)) {
      const name = groupName.get(gid)
      if (name === undefined) {
        unknownGroups.add(gid)
        continue
      }
      inside.add(person.id)
      grants++
      const flags: Flag[] = []
      const source: Member['source'] = !managed ? 'unmanaged' : rosterGroups?.has(name) ? 'roster' : 'not-granted'
      if (source !== 'roster') flags.push(source)
      if (validTo !== undefined && validTo <= endingBy) flags.push('ending')
      if (!usedInWindow) flags.push(input.usage.complete ? 'unused' : 'use-unknown')
      const member: Member = {
        doorflowId: person.id,
        name: personName(person),
        systemId: sid,
        ...(validTo === undefined ? {} : { validTo }),
        source,
        ...(last === undefined ? {} : { lastUsed: last }),
        flags
      }
      if (source === 'roster') {
        const commit = input.grants.get(grantKey(sid!, name))
        if (!commit) {
          member.grant = { commit: '', at: 0, why: 'the roster history read does not show when this was granted' }
          flags.push('no-approval')
        } else {
          const pull = input.pulls.get(commit.commit)
          if (pull === undefined || typeof pull === 'string') {
            member.grant = { ...commit, why: pull ?? 'its pull request was not looked up' }
            flags.push('no-approval')
          } else {
            member.grant = { ...commit, pull }
            if (!pull.approvers.length) flags.push('no-approval')
          }
        }
      }
      for (const f of flags) flagged[f]++
      byGroup.get(gid)!.push(member)
    }
  }
  if (unknownGroups.size)
    notes.push(
      `${plural(unknownGroups.size, 'group id')} that people hold ${verb(unknownGroups.size, 'is', 'are')} not in DoorFlow's list of groups (${[...unknownGroups].slice(0, 10).join(', ')}); their access is not in this review.`
    )

  const groups: GroupReview[] = input.groups
    .map(g => {
      const members = byGroup.get(g.id)!.sort((a, b) => a.name.localeCompare(b.name) || a.doorflowId - b.doorflowId)
      const counts = { ...zeroFlags(), members: members.length, roster: 0 }
      for (const m of members) {
        if (m.source === 'roster') counts.roster++
        for (const f of m.flags) counts[f]++
      }
      return { id: g.id, name: g.name, members, counts }
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)

  const leavers = reviewLeavers(input, options)
  if (!input.usage.complete)
    notes.push(
      `DoorFlow's events were read back to ${new Date(input.usage.coveredFrom).toISOString()} only, not to the window's start ` +
        `(${new Date(windowStart).toISOString()}): ${input.usage.stoppedWhy ?? 'the read stopped early'}. Access not seen used since then ` +
        `is marked "use unknown", not unused.`
    )
  const { lastUsed: _lastUsed, ...usage } = input.usage
  return {
    options,
    groups,
    leavers,
    usage: { ...usage, windowStart },
    counts: {
      groups: groups.length,
      people: inside.size,
      grants,
      flagged,
      leavers: leavers.length,
      leaversFlagged: leavers.filter(l => l.flags.length).length
    },
    notes
  }
}

function zeroFlags(): Record<Flag, number> {
  return Object.fromEntries(FLAGS.map(f => [f, 0])) as Record<Flag, number>
}

/**
 * Each person the roster disabled or removed in the period (by the merge time, else the commit's),
 * the latest change per person, with the times of the apply record of the push that carried it. The
 * delay runs from the merge to the doors: confirmed, else synced, else applied.
 */
export function reviewLeavers(input: ReviewInput, options: ReviewOptions): Leaver[] {
  const now = options.asOf
  const from = now - options.periodDays * DAY_MS
  const limit = options.delayHours * HOUR_MS
  const bySystemId = new Map<string, DoorFlowPerson[]>()
  for (const p of input.people)
    if (p.system_id) bySystemId.set(p.system_id, [...(bySystemId.get(p.system_id) ?? []), p])
  const latest = new Map<string, LeaverChange>()
  for (const change of input.leavers) {
    const seen = latest.get(change.systemId)
    if (!seen || change.at >= seen.at) latest.set(change.systemId, change)
  }
  const out: Leaver[] = []
  for (const change of latest.values()) {
    const found = input.pulls.get(change.commit)
    const pull = typeof found === 'object' ? found : undefined
    const record = input.records.get(leaverRecordKey(change.commit, change.systemId))
    const merged = pull?.mergedAt ?? record?.merged
    const when = merged ?? change.at
    if (when < from || when > now) continue
    const doors = record?.confirmed ?? record?.synced ?? record?.applied
    const delayMs = merged !== undefined && doors !== undefined ? Math.max(0, doors - merged) : undefined
    const stillHasAccess = (bySystemId.get(change.systemId) ?? []).some(p => canEnter(p, now) && p.groups.length > 0)
    const flags: string[] = []
    if (stillHasAccess) flags.push('still has access in DoorFlow')
    if (!record)
      flags.push(input.recordProblems?.get(leaverRecordKey(change.commit, change.systemId)) ?? 'no apply record found')
    else if (record.synced === undefined) flags.push('applied but no sync recorded')
    if (delayMs !== undefined && delayMs > limit) flags.push(`delay over ${options.delayHours} h`)
    if (merged === undefined) flags.push(typeof found === 'string' ? `no pull request: ${found}` : 'merge time unknown')
    out.push({
      ...change,
      ...(pull ? { pull } : {}),
      ...(merged === undefined ? {} : { merged }),
      ...(record ? { applied: record.applied } : {}),
      ...(record?.synced === undefined ? {} : { synced: record.synced }),
      ...(record?.confirmed === undefined ? {} : { confirmed: record.confirmed }),
      ...(delayMs === undefined ? {} : { delayMs }),
      stillHasAccess,
      flags
    })
  }
  return out.sort((a, b) => (a.merged ?? a.at) - (b.merged ?? b.at) || a.systemId.localeCompare(b.systemId))
}
