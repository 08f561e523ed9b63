/**
 * The review as files for a compliance tool: `access-review.csv` (one row per person and group),
 * `leavers.csv` (one row per leaver) and `access-review.json` (the whole review). Every text this
 * action did not write (names, system_ids, logins, reasons) goes through untrusted() (one line,
 * capped, no control or invisible characters), and a CSV cell that a spreadsheet would take as a
 * formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a
 * leading `'`, as OWASP's "CSV Injection" advises; every cell is quoted.
 */
import { untrusted, withoutInvisible } from '../untrusted.js'
import type { Leaver, Member, Review } from './review.js'

/** A piece of text as it may stand in a file: gated, at most `max` characters. */
const text = (value: string | null | undefined, max = 300): string => untrusted(value ?? '', max)
const isoOf = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString())

/**
 * One CSV cell: formula-safe, quoted, quotes doubled. The formula check looks at the first character that shows: an
 * invisible one in front (U+061C, a zero-width space) would hide `=` from it and not from a spreadsheet. Cells are
 * gated by untrusted(), which removes those characters first; this check does not rely on it.
 */
export function csvCell(value: string | number | undefined): string {
  let s = value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(withoutInvisible(s))) s = `'${s}`
  return `"${s.replace(/"/g, '""')}"`
}

const row = (cells: (string | number | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`

export const ACCESS_COLUMNS = [
  'group_id',
  'group',
  'doorflow_id',
  'name',
  'system_id',
  'source',
  'valid_to',
  'last_used',
  'grant_commit',
  'pull_request',
  'merged_at',
  'approvers',
  'grant_note',
  'flags'
] as const

export const LEAVER_COLUMNS = [
  'system_id',
  'name',
  'change',
  'commit',
  'pull_request',
  'merged_at',
  'applied_at',
  'synced_at',
  'confirmed_at',
  'delay_hours',
  'still_has_access',
  'flags'
] as const

/** access-review.csv, written in pieces (a generator) so 500,000 rows never make one string. */
export function* accessCsv(review: Review): Generator<string> {
  yield row([...ACCESS_COLUMNS])
  for (const g of review.groups) for (const m of g.members) yield row(accessCells(g.id, g.name, m))
}

function accessCells(groupId: number, group: string, m: Member): (string | number | undefined)[] {
  const pull = m.grant?.pull
  return [
    groupId,
    text(group),
    m.doorflowId,
    text(m.name),
    text(m.systemId),
    m.source,
    isoOf(m.validTo),
    isoOf(m.lastUsed),
    m.grant?.commit || undefined,
    pull?.number,
    isoOf(pull?.mergedAt),
    pull?.approvers.map(a => text(a, 100)).join(' '),
    m.grant?.why === undefined ? undefined : text(m.grant.why),
    m.flags.join(' ')
  ]
}

export function leaversCsv(review: Review): string {
  return [row([...LEAVER_COLUMNS]), ...review.leavers.map(l => row(leaverCells(l)))].join('')
}

function leaverCells(l: Leaver): (string | number | undefined)[] {
  return [
    text(l.systemId),
    text(l.name),
    l.change,
    l.commit,
    l.pull?.number,
    isoOf(l.merged),
    isoOf(l.applied),
    isoOf(l.synced),
    isoOf(l.confirmed),
    l.delayMs === undefined ? undefined : (l.delayMs / 3_600_000).toFixed(2),
    l.stillHasAccess ? 'yes' : 'no',
    l.flags.map(f => text(f)).join('; ')
  ]
}

/** access-review.json, in pieces: the review with every outside text gated, times as ISO 8601. */
export function* reviewJson(review: Review): Generator<string> {
  const o = review.options
  const head = {
    as_of: isoOf(o.asOf),
    options: {
      unused_days: o.unusedDays,
      ending_days: o.endingDays,
      delay_hours: o.delayHours,
      period_days: o.periodDays
    },
    counts: review.counts,
    usage: {
      complete: review.usage.complete,
      covered_from: isoOf(review.usage.coveredFrom),
      window_start: isoOf(review.usage.windowStart),
      events: review.usage.events,
      pages: review.usage.pages,
      ...(review.usage.stoppedWhy === undefined ? {} : { stopped_why: text(review.usage.stoppedWhy) })
    },
    notes: review.notes.map(n => text(n, 1000)),
    leavers: review.leavers.map(l => Object.fromEntries(LEAVER_COLUMNS.map((k, i) => [k, leaverCells(l)[i] ?? null])))
  }
  const start = JSON.stringify(head)
  yield `${start.slice(0, -1)},"groups":[`
  for (const [i, g] of review.groups.entries()) {
    const members = g.members.map(m =>
      Object.fromEntries(ACCESS_COLUMNS.slice(2).map((k, j) => [k, accessCells(g.id, g.name, m)[j + 2] ?? null]))
    )
    yield `${i ? ',' : ''}${JSON.stringify({ id: g.id, name: text(g.name), counts: g.counts, members })}`
  }
  yield ']}\n'
}
