/**
 * The review as Markdown for the job summary: counts first, then what the events read did not cover,
 * the leavers, and each group folded (`<details>`), its flagged members first. A job summary holds
 * 1 MiB per step (GitHub: "Job summary: at most 1 MiB per step; larger ones are not uploaded", so one
 * byte over loses all of it), and the text stays under SUMMARY_MAX_BYTES whatever the input: every
 * piece is measured as written (after inertMarkdown, which makes a punctuation mark up to 12 bytes),
 * the groups' folded lines with their counts take at most three quarters of the room and the groups
 * past it are one counted line, and the rows that do not fit are counted; all of it is in the CSV and
 * JSON files. Every name, id and login is text this action did not write and goes through
 * inertMarkdown (untrusted.ts): it cannot open a link, an image, HTML or a table cell, nor start a
 * workflow command. Links are only the ones made here.
 */
import { inertMarkdown } from '../untrusted.js'
import { duration, headcount, plural } from '../format.js'
import { FLAGS, HOUR_MS, type Flag, type GroupReview, type Leaver, type Member, type Review } from './review.js'

/** The summary's budget, under GitHub's 1 MiB a step with room for what else the step writes. */
export const SUMMARY_MAX_BYTES = 900_000

const FLAG_WORDS: Record<Flag, string> = {
  unmanaged: 'no roster manages',
  'not-granted': 'the roster does not grant',
  ending: 'ends soon',
  unused: 'not used',
  'use-unknown': 'use unknown',
  'no-approval': 'no approval found'
}

/** How the review names things it links: a pull request's page, when the run knows the repository. */
export interface MarkdownOptions {
  pullUrl?: (n: number) => string
  /** Where the CSV and JSON files are, in words (ours, not a server's). */
  filesAt?: string
  maxBytes?: number
}

const day = (ms: number | undefined) => (ms === undefined ? '—' : new Date(ms).toISOString().slice(0, 10))
const time = (ms: number | undefined) =>
  ms === undefined ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
/** A delay: "2 min 40 s" under an hour, "30.0 h" from one. */
const delay = (ms: number) => (ms < HOUR_MS ? duration(ms) : `${(ms / HOUR_MS).toFixed(1)} h`)

function pullText(n: number, o: MarkdownOptions): string {
  return o.pullUrl ? `[#${n}](${o.pullUrl(n)})` : `pull request ${n}`
}

function grantCell(m: Member, o: MarkdownOptions): string {
  if (m.source !== 'roster') return '—'
  const g = m.grant
  if (!g?.pull) return `⚠️ ${inertMarkdown(g?.why ?? 'unknown', 200)}`
  const who = g.pull.approvers.length
    ? `approved by ${g.pull.approvers.map(a => inertMarkdown(a, 60)).join(', ')}`
    : '⚠️ no approving review'
  return `${pullText(g.pull.number, o)}, merged ${day(g.pull.mergedAt)}, ${who}`
}

function memberRow(m: Member, o: MarkdownOptions): string {
  const flags = m.flags.map(f => FLAG_WORDS[f]).join(', ') || '—'
  const id = m.systemId === null ? `DoorFlow ${m.doorflowId}` : inertMarkdown(m.systemId, 100)
  return `| ${inertMarkdown(m.name, 120) || '—'} | ${id} | ${grantCell(m, o)} | ${day(m.lastUsed)} | ${day(m.validTo)} | ${flags} |`
}

const MEMBER_HEAD = '| Person | Id | Granted by | Last used | Ends | Flags |\n| --- | --- | --- | --- | --- | --- |'
const NOBODY = 'Nobody can open this group now.\n'
const CLOSING = '\n</details>\n'
/** Room kept for one "…and N more leavers/groups" line (under 100 bytes at any count). */
const FOLD_LINE_MAX = 120
const moreLine = (n: number) => `\n…and ${headcount(n)} more, in the files.\n`

function groupHead(g: GroupReview): string {
  const flagged = g.members.filter(m => m.flags.length).length
  return `<details><summary>${inertMarkdown(g.name, 120)}: ${headcount(g.counts.members)}, ${g.counts.roster} by the roster, ${flagged} flagged</summary>\n\n`
}

/** The bytes a group takes with none of its rows: its folded line, table head, "…and N more" line and closing. */
function groupFixedBytes(g: GroupReview): number {
  const body = g.members.length ? `${MEMBER_HEAD}\n${moreLine(g.members.length)}` : NOBODY
  return Buffer.byteLength(groupHead(g) + body + CLOSING)
}

function leaverRow(l: Leaver, o: MarkdownOptions): string {
  const pr = l.pull ? pullText(l.pull.number, o) : '—'
  const flags = l.flags.length ? `⚠️ ${l.flags.map(f => inertMarkdown(f, 200)).join('; ')}` : '—'
  return `| ${inertMarkdown(l.name, 120) || '—'} | ${inertMarkdown(l.systemId, 100)} | ${l.change} | ${pr} | ${time(l.merged)} | ${time(l.applied)} | ${time(l.synced)} | ${l.delayMs === undefined ? '—' : delay(l.delayMs)} | ${flags} |`
}

/** The review as Markdown, under `maxBytes`. */
export function reviewMarkdown(review: Review, o: MarkdownOptions = {}): string {
  const max = o.maxBytes ?? SUMMARY_MAX_BYTES
  const c = review.counts
  const opt = review.options
  const head: string[] = [
    `## DoorFlow access review as of ${time(opt.asOf)}`,
    '',
    `${plural(c.groups, 'group')}, ${headcount(c.people)} who can enter now, ${plural(c.grants, 'grant')}; ${plural(c.leavers, 'leaver')} in the last ${opt.periodDays} days (${c.leaversFlagged} flagged).`,
    '',
    '| Flag | Grants |',
    '| --- | --- |',
    ...FLAGS.map(f => `| ${FLAG_WORDS[f]}${flagDetail(f, review)} | ${c.flagged[f]} |`),
    ''
  ]
  const u = review.usage
  head.push(
    u.complete
      ? `Usage: ${plural(u.events, 'admit event')} read in ${plural(u.pages, 'page')}, the whole window back to ${day(u.windowStart)}.`
      : `> ⚠️ **Usage not fully read.** DoorFlow's events were read back to ${time(u.coveredFrom)} only, not to ${day(u.windowStart)} ` +
          `(${inertMarkdown(u.stoppedWhy ?? 'the read stopped early', 300)}). Access not seen used since then is "use unknown": ` +
          `nobody is called unused.`,
    ''
  )
  // Notes take at most an eighth of the budget; past it they are counted and left to the JSON file.
  const notes = review.notes.filter(n => !n.startsWith("DoorFlow's events were read"))
  let notesRoom = Math.floor(max / 8)
  for (const [i, note] of notes.entries()) {
    const line = `> ${inertMarkdown(note, 1000)}\n`
    if (Buffer.byteLength(line) + 1 > notesRoom) {
      head.push(`> …and ${plural(notes.length - i, 'more note')}: in the JSON file.`, '')
      break
    }
    notesRoom -= Buffer.byteLength(line) + 1
    head.push(line.slice(0, -1), '')
  }
  let out = head.join('\n')

  // Leavers: each a row; they are few and what an auditor reads first after the counts.
  const leaverHead = `### Leavers in the period\n\n${
    review.leavers.length
      ? '| Person | Id | Change | Pull request | Merged | Applied | Synced | Delay | Flags |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
      : `Nobody was disabled or removed by the roster in the last ${opt.periodDays} days.\n`
  }`.replace(
    '\n\n',
    `\n\nThe delay runs from the merge to the doors (confirmed, else synced, else applied); over ${opt.delayHours} h is flagged.\n\n`
  )
  out += `\n${leaverHead}`
  const groupsHead = '\n### Groups\n\n'
  const filesNote = `_Every row is in the review's CSV and JSON files${o.filesAt ? ` (${o.filesAt})` : ''}._`
  const tail = `\n${filesNote}\n`
  // What is left once the fixed words are in, with room for the two "…and N more" lines (leavers, groups).
  const room = Math.max(
    0,
    max - Buffer.byteLength(out) - Buffer.byteLength(groupsHead) - Buffer.byteLength(tail) - 2 * FOLD_LINE_MAX
  )
  // Each group's folded line, its table head, its closing and its "…and N more" line, measured as written (after
  // inertMarkdown, which makes a punctuation mark up to 12 bytes). They take at most three quarters of the room;
  // the groups past that are one line, counted, and are in the files.
  const fixed = review.groups.map(groupFixedBytes)
  let headsRoom = Math.floor((room * 3) / 4)
  let groupsShown = 0
  for (const bytes of fixed) {
    if (bytes > headsRoom) break
    headsRoom -= bytes
    groupsShown++
  }
  let budget = room - fixed.slice(0, groupsShown).reduce((n, b) => n + b, 0)

  let leftOut = 0
  for (const [i, l] of review.leavers.entries()) {
    const row = `${leaverRow(l, o)}\n`
    if (Buffer.byteLength(row) > budget / 2) {
      leftOut = review.leavers.length - i
      break
    }
    budget -= Buffer.byteLength(row)
    out += row
  }
  if (leftOut) out += `\n…and ${plural(leftOut, 'more leaver')}: not shown here for room.\n`

  out += groupsHead
  // Each group's rows get an even share of what is left; what a group does not use passes on to the next.
  for (const [i, g] of review.groups.slice(0, groupsShown).entries()) {
    const share = Math.floor(budget / (groupsShown - i))
    let rows = ''
    let used = 0
    const ordered = [...g.members.filter(m => m.flags.length), ...g.members.filter(m => !m.flags.length)]
    let shown = 0
    for (const m of ordered) {
      const row = `${memberRow(m, o)}\n`
      const size = Buffer.byteLength(row)
      if (used + size > share) break
      rows += row
      used += size
      shown++
    }
    budget -= used
    out += groupHead(g)
    if (!g.members.length) out += NOBODY
    else out += `${MEMBER_HEAD}\n${rows}${shown < ordered.length ? moreLine(ordered.length - shown) : ''}`
    out += CLOSING
  }
  const folded = review.groups.length - groupsShown
  if (folded) out += `\n…and ${plural(folded, 'more group')}: in the files (access-review.csv/json).\n`
  return out + tail
}

function flagDetail(f: Flag, r: Review): string {
  const o = r.options
  if (f === 'ending') return ` (within ${o.endingDays} days)`
  if (f === 'unused') return ` (in ${o.unusedDays} days)`
  return ''
}
