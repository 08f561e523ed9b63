/**
 * The plan in words a reviewer reads: one line per person ("Ada Lovelace gains Night Shift,
 * loses Loading Dock; valid to 2027-03-31"), revocations first, as plain text for logs and the
 * terminal and as Markdown for the job summary and the pull-request comment. Every name comes
 * from the roster or from DoorFlow, so each passes the untrusted() gate, and in Markdown is
 * HTML-escaped with @-mentions defused.
 */
import { escapeHtml, untrusted } from '../untrusted.js'
import { plural } from '../format.js'
import { lockOutLabel, people } from './guard.js'
import { revokes, type FieldChange, type FieldValue, type Named, type Plan, type PlannedChange } from './plan.js'

/** The hidden marker that finds this action's comment on a pull request. */
export const COMMENT_MARKER = '<!-- doorflow-roster-plan -->'

type Escape = (text: string) => string

const plain: Escape = text => untrusted(text, 120)
const markdown: Escape = text => escapeHtml(untrusted(text, 120)).replace(/@/g, '&#64;')

/** "2 creates, 1 update, 1 removal (disable), 40 unchanged". */
export function planCounts(plan: Plan): string {
  const count = (kind: PlannedChange['kind']) => plan.changes.filter(c => c.kind === kind).length
  const parts = [
    count('create') && plural(count('create'), 'create'),
    count('update') && plural(count('update'), 'update'),
    count('adopt') && plural(count('adopt'), 'adoption'),
    count('remove') && `${plural(count('remove'), 'removal')} (${plan.prune})`
  ].filter(Boolean)
  return `${parts.length ? parts.join(', ') : 'no changes'}; ${plan.unchanged} unchanged`
}

/** One change in words, names gated by `esc`. */
export function describeChange(change: PlannedChange, esc: Escape = plain): string {
  const who = `${esc(change.name || change.systemId)} (${esc(change.systemId)})`
  const names = (list: Named[]) => list.map(n => esc(n.name)).join(', ')
  switch (change.kind) {
    case 'create': {
      const parts = [
        change.groups.length ? `groups ${names(change.groups)}` : 'no groups',
        ...(change.roles.length ? [`roles ${names(change.roles)}`] : []),
        ...Object.entries(change.fields)
          .filter(([field]) => field !== 'first_name' && field !== 'last_name' && field !== 'enabled')
          .map(([field, value]) => fieldWords({ field: field as FieldChange['field'], from: null, to: value }, esc)),
        ...(change.fields.enabled === false ? ['disabled'] : [])
      ]
      return `${who} is created: ${parts.join('; ')}`
    }
    case 'remove': {
      const had = change.groups.length ? `; had ${names(change.groups)}` : ''
      return `${who} is ${change.mode === 'delete' ? 'deleted' : 'disabled'} (not in the roster${had})`
    }
    case 'update':
    case 'adopt': {
      const parts: string[] = []
      const m = change.memberships
      if (m) {
        const access = [
          m.groupsGained.length ? `gains ${names(m.groupsGained)}` : '',
          m.groupsLost.length ? `loses ${names(m.groupsLost)}` : '',
          m.rolesGained.length ? `gains role ${names(m.rolesGained)}` : '',
          m.rolesLost.length ? `loses role ${names(m.rolesLost)}` : ''
        ].filter(Boolean)
        if (access.length) parts.push(access.join(', '))
      }
      parts.push(...change.fields.map(f => fieldWords(f, esc)))
      const adopt =
        change.kind === 'adopt'
          ? ` is adopted (DoorFlow person ${change.personId}, matched by ${change.matchedBy === 'doorflow_id' ? 'doorflow_id' : 'email'}, gets system_id ${esc(change.systemId)})`
          : ''
      return parts.length ? `${who}${adopt}${adopt ? ': ' : ' '}${parts.join('; ')}` : `${who}${adopt}`
    }
  }
}

function fieldWords(f: FieldChange, esc: Escape): string {
  const label = f.field.replace(/_/g, ' ')
  if (f.field === 'enabled') return f.to ? 'is enabled again' : 'is disabled'
  if (f.to === null) return `${label} cleared`
  const value = (v: FieldValue) => esc(displayValue(f.field, v))
  return f.from === null || f.from === '' ? `${label} ${value(f.to)}` : `${label} ${value(f.from)} → ${value(f.to)}`
}

/** A roster date shows as the date it was written as: start of day for valid_from, last second for valid_to. */
function displayValue(field: string, v: FieldValue): string {
  if (typeof v !== 'string') return String(v)
  if (field === 'valid_from' || field === 'valid_to') {
    const ms = Date.parse(v)
    if (Number.isNaN(ms)) return v
    const iso = new Date(ms).toISOString()
    if (field === 'valid_from' && iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10)
    if (field === 'valid_to' && iso.endsWith('T23:59:59.000Z')) return iso.slice(0, 10)
    return iso.replace('.000Z', 'Z')
  }
  return v
}

/**
 * The guard's word on the plan, in one line (names already gated): "The apply would be refused:
 * …", or who is locked out within max-removals, or that nobody is. Undefined for a plan without
 * a verdict (not from the planner).
 */
export function guardLine(plan: Plan): string | undefined {
  const g = plan.guard
  if (!g) return undefined
  if (g.refused) return `The apply would be refused: ${g.reason ?? ''}`
  const limit = `max-removals ${g.limit}${g.limitSource === 'default' ? ', the default' : ''}`
  if (!g.lockOuts) return `Nobody loses all door access (${limit}).`
  const labels = (plan.lockOuts ?? []).map(lockOutLabel)
  const names = labels.slice(0, 10).join(', ') + (labels.length > 10 ? ` and ${labels.length - 10} more` : '')
  return `Locks ${people(g.lockOuts)} out of every door, within ${limit}: ${names}.`
}

/** The plan as lines for a log or a terminal: counts, then one line per change, revocations first, then the guard's line. */
export function planText(plan: Plan, { withGuard = true, withNotes = true } = {}): string[] {
  const lines = [`Plan: ${planCounts(plan)}.`]
  for (const change of plan.changes)
    lines.push(`  ${revokes(change) ? '-' : '+'} ${describeChange(change)}${driftMark(change)}`)
  if (plan.manages === undefined) lines.push('  (no manages in the roster: nobody is ever removed)')
  const guarded = withGuard ? guardLine(plan) : undefined
  if (guarded) lines.push(guarded)
  if (withNotes) lines.push(...driftLines(plan), ...unmanagedLines(plan))
  return lines
}

export interface MarkdownOptions {
  /** Where the plan came from, e.g. the roster files. */
  files: string[]
  /** Cap on the body's length (a PR comment holds 65,536 characters). */
  maxChars?: number
  /** Extra line at the end, e.g. where the full plan is. */
  footer?: string
}

/** The plan as Markdown for the job summary and the PR comment: revocations first, in their own section. */
export function planMarkdown(plan: Plan, options: MarkdownOptions): string {
  const max = options.maxChars ?? 1_000_000
  const revoking = plan.changes.filter(revokes)
  const granting = plan.changes.filter(c => !revokes(c))
  const head = [
    `### DoorFlow roster plan`,
    '',
    `**${planCounts(plan)}** · roster ${options.files.map(f => `\`${markdown(f)}\``).join(', ')} · prune: ${plan.prune}` +
      (plan.manages === undefined ? ' · no `manages`: nobody is ever removed' : ` · manages ${markdown(plan.manages)}`),
    ''
  ]
  const guarded = guardLine(plan)
  if (guarded) {
    const text = escapeHtml(untrusted(guarded, 4000)).replace(/@/g, '&#64;')
    head.push(plan.guard?.refused ? `> ⛔ **${text.replace(': ', ':** ')}` : text, '')
  }
  for (const line of driftLines(plan)) head.push(`> ${line}`, '')
  const unmanaged = unmanagedLines(plan, markdown)
  if (unmanaged.length) head.push(`> ⚠️ ${unmanaged[0]}`, ...unmanaged.slice(1).map(l => `> - ${l.trim()}`), '')
  const tail = options.footer ? ['', options.footer] : []
  const body: string[] = []
  const sections: [string, PlannedChange[]][] = [
    ['Access taken away (applied first)', revoking],
    ['Access given and other changes', granting]
  ]
  // Leave room for the closing note; stop at the first line that does not fit.
  let used = [...head, ...tail].join('\n').length + 200
  let shown = 0
  let full = false
  for (const [title, changes] of sections) {
    if (!changes.length || full) continue
    body.push(`#### ${title}`, '')
    used += title.length + 7
    for (const change of changes) {
      const line = `- ${describeChange(change, markdown)}${driftMark(change)}`
      if (used + line.length + 1 > max) {
        full = true
        break
      }
      body.push(line)
      used += line.length + 1
      shown++
    }
    body.push('')
  }
  if (shown < plan.changes.length)
    body.push(`…and ${plural(plan.changes.length - shown, 'more change')} (the plan-file output has them all).`)
  if (!plan.changes.length) body.push('Nothing to change: DoorFlow already matches the roster.')
  return [...head, ...body, ...tail].join('\n')
}

/** The label of a change DoorFlow made outside the roster (drift.ts marks them). */
export const DRIFT_LABEL = 'drift: changed in DoorFlow, not in this commit'

function driftMark(change: PlannedChange): string {
  return change.drift ? ` (${DRIFT_LABEL})` : ''
}

/** "3 of the 5 changes are drift: …", or nothing when none is (or the run could not tell). */
export function driftLines(plan: Plan): string[] {
  if (!plan.drift) return []
  return [
    `${plural(plan.drift, 'change')} of ${plan.changes.length} ${plan.drift === 1 ? 'is' : 'are'} drift: DoorFlow was changed outside the roster, and applying puts the roster's values back.`
  ]
}

/**
 * The unmanaged people (planner.ts's `unmanagedPeople`): a headline with the count and what to
 * do, then one line per person named (DoorFlow id and name, gated by `esc`). Nothing when there are
 * none or the report is off.
 */
export function unmanagedLines(plan: Plan, esc: Escape = plain): string[] {
  const u = plan.unmanaged
  if (!u?.count) return []
  const more = u.count > u.first.length ? ` (the first ${u.first.length} below)` : ''
  return [
    `${people(u.count)} in DoorFlow ${u.count === 1 ? 'has' : 'have'} door access that no roster manages${more}: add them to a roster (npm run export writes entries for them), or disable them in DoorFlow.`,
    ...u.first.map(
      p =>
        `    DoorFlow person ${p.personId}: ${esc(p.name || '(no name)')}${p.systemId === null ? ', no system_id' : `, system_id ${esc(p.systemId)}`}`
    )
  ]
}
