/**
 * The plan in words a reviewer reads: one line per person ("Ada Lovelace gains Night Shift,
 * loses Loading Dock; valid to 2027-03-31"), revocations first, as plain text for logs and the
 * terminal and as Markdown for the job summary and the pull-request comment. Every name comes
 * from the roster or from DoorFlow, so each passes the untrusted() gate, and in Markdown is
 * HTML-escaped with @-mentions defused.
 */
import { inertCode, inertMarkdown, untrusted } from '../untrusted.js'
import { headcount, personLabel, plural, verb } from '../format.js'
import { lockOutLabel, WHEN } from './guard.js'
import { allowLine } from '../github/removal-approval.js'
import { revokes, widens, type FieldChange, type Plan, type PlannedChange } from './plan.js'
import type { FieldValue, Named } from '../doorflow/people.js'

type Escape = (text: string) => string

const plain: Escape = text => untrusted(text, 120)
/** A value inline in Markdown (a table cell, a sentence): only ever text. */
export const markdown: Escape = text => inertMarkdown(text, 120)
/** A value in a line of a `diff` block: shown as it is, yet never an HTML comment's start or end in the raw body. */
const code: Escape = text => inertCode(text, 120)

/** "2 creates, 1 update, 1 removal (disable), 40 unchanged". */
export function planCounts(plan: Plan): string {
  const count = (kind: PlannedChange['kind']) => plan.changes.filter(c => c.kind === kind).length
  const parts = [
    count('create') && plural(count('create'), 'create'),
    count('update') && plural(count('update'), 'update'),
    count('adopt') && plural(count('adopt'), 'adoption'),
    count('remove') && `${plural(count('remove'), 'removal')} (${plan.prune})`
  ].filter(Boolean)
  return `${parts.length ? parts.join(', ') : 'no changes'}; ${plan.unchanged.toLocaleString('en-US')} unchanged`
}

/** One change in words, names gated by `esc`. */
export function describeChange(change: PlannedChange, esc: Escape = plain): string {
  const who = personLabel(change, esc)
  const names = (list: readonly Named[]) => list.map(n => esc(n.name)).join(', ')
  switch (change.kind) {
    case 'create':
      return `${who} is created: ${createParts(change, esc)}`
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

/** What a create writes: "groups Engineering; email ada@example.com". */
function createParts(change: Extract<PlannedChange, { kind: 'create' }>, esc: Escape): string {
  const names = (list: readonly Named[]) => list.map(n => esc(n.name)).join(', ')
  return [
    change.groups.length ? `groups ${names(change.groups)}` : 'no groups',
    ...(change.roles.length ? [`roles ${names(change.roles)}`] : []),
    ...Object.entries(change.fields)
      .filter(([field]) => field !== 'first_name' && field !== 'last_name' && field !== 'enabled')
      .map(([field, value]) => fieldWords({ field: field as FieldChange['field'], from: null, to: value }, esc)),
    ...(change.fields.enabled === false ? ['disabled'] : [])
  ].join('; ')
}

/** "a", "a and b", "a, b and c". */
const listed = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

/**
 * A drift change in words: first what happened in DoorFlow outside the roster, then what the apply
 * would do about it — "Ada Lovelace (EMP-1) was given Server Room in DoorFlow outside the roster (…); the apply
 * would take Server Room away" — never the apply's side alone (which reads as if the roster took
 * away what someone gave by hand). A change's `from` is DoorFlow's value, its `to` the roster's.
 */
export function driftWords(change: PlannedChange, esc: Escape = plain): string {
  const who = personLabel(change, esc)
  const names = (list: readonly Named[]) => listed(list.map(n => esc(n.name)))
  if (change.kind === 'create')
    return `${who} is in the roster but not in DoorFlow (deleted there by hand, or never applied); the apply would create them: ${createParts(change, esc)}`
  if (change.kind === 'remove') {
    const had = change.groups.length ? `, with ${names(change.groups)},` : ''
    return `${who} is in DoorFlow${had} but in no roster file (added there by hand, or never applied); the apply would ${change.mode === 'delete' ? 'delete' : 'disable'} them`
  }
  const happened: string[] = []
  const undo: string[] = []
  if (change.kind === 'adopt') {
    happened.push(`was added without a system_id (DoorFlow person ${change.personId})`)
    undo.push(
      `adopt them (matched by ${change.matchedBy === 'doorflow_id' ? 'doorflow_id' : 'email'}, system_id ${esc(change.systemId)})`
    )
  }
  const m = change.memberships
  for (const [list, kind] of [
    [m?.groupsLost, ''],
    [m?.rolesLost, 'role ']
  ] as const)
    if (list?.length) {
      happened.push(`was given ${kind}${names(list)}`)
      undo.push(`take ${kind}${names(list)} away`)
    }
  for (const [list, kind] of [
    [m?.groupsGained, ''],
    [m?.rolesGained, 'role ']
  ] as const)
    if (list?.length) {
      happened.push(`lost ${kind}${names(list)}`)
      undo.push(`give ${kind}${names(list)}`)
    }
  for (const f of change.fields) {
    const label = f.field.replace(/_/g, ' ')
    const value = (v: FieldValue) => esc(displayValue(f.field, v))
    if (f.field === 'enabled') {
      happened.push(f.to ? 'was disabled' : 'was enabled')
      undo.push(f.to ? 'enable them' : 'disable them')
    } else if (f.from === null || f.from === '') {
      happened.push(change.kind === 'adopt' ? `had no ${label}` : `had ${label} cleared`)
      undo.push(`set ${label} to ${value(f.to)}`)
    } else {
      happened.push(`had ${label} set to ${value(f.from)}`)
      undo.push(f.to === null ? `clear ${label}` : `set ${label} to ${value(f.to)}`)
    }
  }
  return `${who} ${listed(happened)} in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would ${listed(undo)}`
}

/** A change's line: what the apply does, or for drift what happened in DoorFlow and what the apply does about it. */
function changeWords(change: PlannedChange, esc: Escape): string {
  return change.drift ? driftWords(change, esc) : describeChange(change, esc)
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
 * …", or who is locked out within max-removals, or that nobody is.
 */
export function guardLine(plan: Plan): string {
  const g = plan.guard
  if (g.refused) return `The apply would be refused: ${g.reason ?? ''}`
  if (g.approval) {
    const labels = plan.lockOuts.map(lockOutLabel)
    const names = labels.slice(0, 10).join(', ') + (labels.length > 10 ? ` and ${labels.length - 10} more` : '')
    const by = `@${untrusted(g.approval.by, 100)} on pull request #${g.approval.pr}`
    return `Locks ${headcount(g.lockOuts)} out of every door, ${WHEN}, more than max-removals allows: approved by ${by} (\`${allowLine(g.approval.count)}\`): ${names}.`
  }
  const limit = `max-removals ${g.limit}${g.limitSource === 'default' ? ', the default' : ''}`
  if (!g.lockOuts) return `Nobody loses all door access, ${WHEN} (${limit}).`
  const labels = plan.lockOuts.map(lockOutLabel)
  const names = labels.slice(0, 10).join(', ') + (labels.length > 10 ? ` and ${labels.length - 10} more` : '')
  return `Locks ${headcount(g.lockOuts)} out of every door, ${WHEN}, within ${limit}: ${names}.`
}

/**
 * The plan as lines for a log or a terminal: counts, what `manages` claims, then one line per change
 * in the summary's order (taken away, given, other changes, adoptions; natural id order in each),
 * then the guard's line.
 */
export function planText(plan: Plan, { withGuard = true, withNotes = true } = {}): string[] {
  const lines = [`Plan: ${planCounts(plan)}.`]
  lines.push(
    plan.manages === undefined
      ? '  (no manages in the roster: nobody is ever removed)'
      : `  manages ${untrusted(plan.manages, 400)} (${headcount(plan.managedCount)} in DoorFlow)`
  )
  const sorted = [...plan.changes].sort(byId)
  const given = (c: PlannedChange) => !revokes(c) && grants(c)
  const other = (c: PlannedChange) => !revokes(c) && !grants(c) && c.kind !== 'adopt'
  const adopted = (c: PlannedChange) => !revokes(c) && !grants(c) && c.kind === 'adopt'
  for (const change of [revokes, given, other, adopted].flatMap(f => sorted.filter(f)))
    lines.push(`  ${changeSymbol(change)} ${changeWords(change, plain)}${driftMark(change)}`)
  const guarded = withGuard ? guardLine(plan) : undefined
  if (guarded) lines.push(guarded)
  if (withNotes) lines.push(...driftLines(plan), ...unmanagedLines(plan))
  return lines
}

/** Where a plan came from: the commit it was planned at, and for a pull request the head commit of the branch. */
export interface PlannedCommit {
  sha?: string
  head?: string
}

export interface MarkdownOptions {
  /** Where the plan came from, e.g. the roster files. */
  files: string[]
  /** Cap on each part's length (a PR comment holds 65,536 characters); 60,000 by default. */
  maxChars?: number
  /** Extra line at the end of the last part, e.g. who planned it. */
  footer?: string
  /** The commit the plan was made at (GITHUB_SHA, and the pull request's head). */
  commit?: PlannedCommit
  /** Where the parts after the first are, in words, for the first lines ("in the comments below"). */
  restAt?: string
}

/** A GitHub comment holds 65,536 characters; each part stays well under. */
export const PART_MAX = 60_000

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
const byId = (a: PlannedChange, b: PlannedChange) =>
  natural.compare(a.systemId, b.systemId) || (a.systemId < b.systemId ? -1 : a.systemId > b.systemId ? 1 : 0)

/**
 * The first character of a change's line, which GitHub colours in a `diff` block: `-` (red) for a
 * change that takes any access away (the section "Access taken away"), `+` (green) for one that only
 * gives access ("Access given": a new hire, a group gained, a window reopened), `~` (no colour) for
 * one that changes no access. So the colour always says what the line does to who opens which door.
 */
export function changeSymbol(change: PlannedChange): '+' | '-' | '~' {
  if (revokes(change)) return '-'
  return grants(change) ? '+' : '~'
}

/** Whether a change gives someone access: a create, a gained group or role, being enabled again, or a validity window extended or reopened. */
export function grants(change: PlannedChange): boolean {
  if (change.kind === 'create') return true
  if (change.kind === 'remove') return false
  const m = change.memberships
  return (
    (m !== undefined && (m.groupsGained.length > 0 || m.rolesGained.length > 0)) ||
    change.fields.some(f => f.field === 'enabled' && f.to === true) ||
    widens(change)
  )
}

/**
 * ✅ nothing taken away, ⚠ access is taken away (or DoorFlow has drifted), ❌ the apply would refuse the plan.
 * With drift, the words say first what happened in DoorFlow, then what the apply would do about it:
 * "1 person changed in DoorFlow outside the roster; the apply would take access away from 1 person".
 */
export function planHeadline(plan: Plan): { mark: '✅' | '⚠' | '❌'; words: string } {
  const revoking = plan.changes.filter(revokes).length
  const drifted = driftSummary(plan)
  if (plan.guard.refused)
    return { mark: '❌', words: drifted ? `${drifted}; the apply would be refused` : 'the apply would be refused' }
  if (drifted) {
    const apply = revoking
      ? `take access away from ${headcount(revoking)}`
      : plan.changes.length
        ? 'take no access away'
        : 'change nothing'
    return { mark: '⚠', words: `${drifted}; the apply would ${apply}` }
  }
  if (revoking) return { mark: '⚠', words: `takes access away from ${headcount(revoking)}` }
  if (!plan.changes.length) return { mark: '✅', words: 'nothing to change' }
  return { mark: '✅', words: 'takes no access away' }
}

/** What drifted, in a few words: "1 person changed in DoorFlow outside the roster and 2 people with door access no roster manages". */
function driftSummary(plan: Plan): string | undefined {
  const total = driftCount(plan)
  if (!total) return undefined
  const changed = plan.drift ?? 0
  const unmanaged = total - changed
  return listed([
    ...(changed ? [`${headcount(changed)} changed in DoorFlow outside the roster`] : []),
    ...(unmanaged ? [`${headcount(unmanaged)} with door access no roster manages`] : [])
  ])
}

interface Section {
  title: string
  /** Each entry is one line of a diff block (its first character is the change's symbol). */
  lines: string[]
  /** What the first part shows instead of the lines, when they are folded (adoptions). */
  folded?: string
}

/** The sections of a plan, in the order a reviewer needs them: access taken away, access given, the rest. */
function sections(plan: Plan): Section[] {
  const sorted = [...plan.changes].sort(byId)
  const line = (c: PlannedChange) => `${changeSymbol(c)} ${changeWords(c, code)}${driftMark(c)}`
  const taken = sorted.filter(revokes)
  const given = sorted.filter(c => !revokes(c) && grants(c))
  const rest = sorted.filter(c => !revokes(c) && !grants(c))
  const adoptions = rest.filter(c => c.kind === 'adopt')
  const other = rest.filter(c => c.kind !== 'adopt')
  const examples = adoptions.slice(0, 3).map(c => personLabel(c, markdown))
  const adoptedById = adoptions.filter(c => c.kind === 'adopt' && c.matchedBy === 'doorflow_id').length
  const matched =
    adoptedById === 0
      ? 'matched by email'
      : adoptedById === adoptions.length
        ? 'matched by doorflow_id'
        : 'matched by email or doorflow_id'
  return [
    { title: `Access taken away, applied first (${headcount(taken.length)})`, lines: taken.map(line) },
    { title: `Access given (${headcount(given.length)})`, lines: given.map(line) },
    { title: `Other changes (${headcount(other.length)})`, lines: other.map(line) },
    {
      title: `Adopted: already in DoorFlow, ${matched}, given their roster id; no access change (${headcount(adoptions.length)})`,
      // A plain adoption is only a new system_id: one short line each, the section's title says the rest.
      lines: adoptions.map(c =>
        c.kind === 'adopt' && !c.fields.length && !c.memberships
          ? `~ ${personLabel(c, code)}: DoorFlow person ${c.personId}`
          : line(c)
      ),
      folded:
        `${headcount(adoptions.length)} already in DoorFlow, ${matched}, get their roster id, e.g. ` +
        `${examples.join(', ')}${adoptions.length > examples.length ? ', …' : '.'}`
    }
  ].filter(s => s.lines.length > 0)
}

function commitWords(commit: PlannedCommit | undefined): string | undefined {
  const short = (sha: string | undefined) => (sha && /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : undefined)
  const sha = short(commit?.sha)
  const head = short(commit?.head)
  if (!sha && !head) return undefined
  if (head && sha && head !== sha) return `planned at ${head} (the pull request's head; merge commit ${sha})`
  return `planned at ${head ?? sha}`
}

/**
 * The plan as Markdown, in parts of at most `maxChars` characters each, for the pull request's comments and the job
 * summary. The first part opens with the headline, the counts, the guard's word and the commit, then every access
 * change that fits: taken away first, then given, by person in natural id order (EMP-2 before EMP-10); then other
 * changes, then adoptions (folded to a count in the first part when there is more to show). Every change of the plan
 * is in some part; when there is more than one, the first lines say so. Changes are lines of a `diff` block, which
 * GitHub shows as text (never links, mentions or HTML): each starts with the action's own symbol, so no value can
 * end the block; every other value goes through `inertMarkdown`.
 */
export function planMarkdownParts(plan: Plan, options: MarkdownOptions): string[] {
  const max = Math.max(2000, options.maxChars ?? PART_MAX)
  const { mark, words } = planHeadline(plan)
  const files = options.files.map(f => inertMarkdown(f, 200)).join(', ')
  const where = [
    commitWords(options.commit),
    `roster ${files}`,
    `prune: ${plan.prune}`,
    // How many DoorFlow people the manages claims: a short pattern claiming people no file lists shows here and as removals.
    plan.manages === undefined
      ? 'no `manages`: nobody is ever removed'
      : `manages ${inertMarkdown(plan.manages, 400)} (${headcount(plan.managedCount)} in DoorFlow)`
  ].filter(Boolean)
  const guarded = guardLine(plan)
  const guardText = guarded ? inertMarkdown(guarded, 4000) : undefined
  // DoorFlow people with door access that no roster manages: a count and what to do, then one per line.
  const unmanaged = unmanagedLines(plan, markdown)
  const head = (count: number) => [
    `### ${mark} DoorFlow roster plan: ${words}`,
    '',
    `**${planCounts(plan)}**`,
    ...(guardText ? ['', plan.guard.refused ? `> ❌ **Guard:** ${guardText}` : `**Guard:** ${guardText}`] : []),
    ...(count > 1
      ? [
          '',
          `> **This plan is in ${count} parts** (it does not fit in one): this part shows the access changes first; ` +
            `the rest is in parts 2–${count}${options.restAt ? ` ${options.restAt}` : ''}.`,
          ...(folded ? ['', folded] : [])
        ]
      : []),
    ...driftLines(plan).flatMap(l => ['', `> ${l}`]),
    ...(unmanaged.length ? ['', `> ⚠️ ${unmanaged[0]}`, ...unmanaged.slice(1).map(l => `> - ${l.trim()}`)] : []),
    '',
    where.join(' · '),
    ''
  ]
  const tail = options.footer ? ['', options.footer] : []
  const all = sections(plan)
  // In a plan of several parts, the adoptions (last) are folded to a count with examples in the first lines.
  const folded = all.find(s => s.folded !== undefined)?.folded
  if (!plan.changes.length)
    return [[...head(1), 'Nothing to change: DoorFlow already matches the roster.', ...tail].join('\n')]

  // Pack the lines into parts; the first part's head is reserved at its longest (a 3-digit part count).
  const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0)
  const reserve = size(head(999)) + size(tail) + 64
  const parts: string[][] = [[]]
  let used = reserve
  for (const section of all) {
    const title = `#### ${section.title}`
    // A section starts in the part at hand when its title and first line fit, else in a new part.
    if (used + title.length + (section.lines[0]?.length ?? 0) + 24 > max) {
      parts.push([])
      used = 200
    }
    parts[parts.length - 1].push(title, '', '```diff')
    used += title.length + 12
    for (const l of section.lines) {
      // untrusted() caps every value, so a line is a few thousand characters at most; a longer one is cut.
      const text = l.length > max - 400 ? `${l.slice(0, max - 420)}…` : l
      if (used + text.length + 8 > max) {
        parts[parts.length - 1].push('```', '')
        parts.push([`${title} (continued)`, '', '```diff'])
        used = 200 + title.length
      }
      parts[parts.length - 1].push(text)
      used += text.length + 1
    }
    parts[parts.length - 1].push('```', '')
  }
  const count = parts.length
  return parts.map((lines, i) => {
    const top = i === 0 ? head(count) : [`### DoorFlow roster plan, part ${i + 1} of ${count}`, '']
    return [...top, ...lines, ...(i === count - 1 ? tail : [])].join('\n').replace(/\n+$/, '\n')
  })
}

/** The label of a change DoorFlow made outside the roster (drift.ts marks them). */
export const DRIFT_LABEL = 'drift: changed in DoorFlow, not in this commit'

function driftMark(change: PlannedChange): string {
  return change.drift ? ` (${DRIFT_LABEL})` : ''
}

/**
 * The `drift` output: the changes that are drift (each one person's) and, unless `unmanaged:
 * ignore` left them out, the people with door access whom no roster manages — someone gave them
 * access in DoorFlow, outside any roster. Undefined when the run could not tell which changes are drift.
 */
export function driftCount(plan: Pick<Plan, 'drift' | 'unmanaged'>): number | undefined {
  return plan.drift === undefined ? undefined : plan.drift + (plan.unmanaged?.count ?? 0)
}

/**
 * "3 changes of 5 are drift: …", or nothing when no change is drift (or the run could not tell).
 * The unmanaged people the drift count also holds are said once, by unmanagedLines.
 */
export function driftLines(plan: Plan): string[] {
  const changed = plan.drift ?? 0
  if (!changed) return []
  return [
    `${plural(changed, 'change')} of ${plan.changes.length} ${verb(changed, 'is', 'are')} drift: DoorFlow was changed outside the roster (by hand, or by an apply that never ran), and applying puts the roster's values back.`
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
  // Counted in the drift output when the run tells drift (driftCount): said here, once.
  const drift = plan.drift === undefined ? '' : ' They count as drift; the apply leaves them as they are.'
  return [
    `${headcount(u.count)} in DoorFlow ${verb(u.count, 'has', 'have')} door access that no roster manages${more}: add them to a roster (npm run export writes entries for them), or disable them in DoorFlow.${drift}`,
    ...u.first.map(
      p =>
        `    DoorFlow person ${p.personId}: ${esc(p.name || '(no name)')}${p.systemId === null ? ', no system_id' : `, system_id ${esc(p.systemId)}`}`
    )
  ]
}
