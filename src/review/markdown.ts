/**
 * The review as Markdown for the job summary: counts first, then what the events read did not cover,
 * the leavers, and each group folded (`<details>`), its flagged members first. A job summary holds
 * 1 MiB per step (GitHub: "Job summary: at most 1 MiB per step; larger ones are not uploaded"), so the
 * text stays under SUMMARY_MAX_BYTES: every group keeps its folded line with its counts, and the rows
 * that do not fit are counted and left to the CSV and JSON files. Every name, id and login is text
 * this action did not write and goes through inertMarkdown (untrusted.ts): it cannot open a link, an
 * image, HTML or a table cell, nor start a workflow command. Links are only the ones made here.
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

function groupHead(g: GroupReview): string {
  const flagged = g.members.filter(m => m.flags.length).length
  return `<details><summary>${inertMarkdown(g.name, 120)}: ${headcount(g.counts.members)}, ${g.counts.roster} by the roster, ${flagged} flagged</summary>\n\n`
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
  for (const note of review.notes.filter(n => !n.startsWith("DoorFlow's events were read")))
    head.push(`> ${inertMarkdown(note, 1000)}`, '')
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
  const groupHeads = review.groups.map(groupHead)
  const closing = '\n</details>\n'
  // Every group's folded line and the closing words are reserved first: they always fit.
  const tail = (filesNote: string) => `\n${filesNote}\n`
  const filesNote = `_Every row is in the review's CSV and JSON files${o.filesAt ? ` (${o.filesAt})` : ''}._`
  const reserved =
    groupHeads.reduce((n, h) => n + Buffer.byteLength(h) + closing.length + 80, 0) +
    Buffer.byteLength(tail(filesNote)) +
    200
  let budget = max - Buffer.byteLength(out) - reserved
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

  out += '\n### Groups\n\n'
  // Each group gets an even share of what is left; what a group does not use passes on to the next.
  for (const [i, g] of review.groups.entries()) {
    const share = Math.floor(budget / (review.groups.length - i))
    let part = groupHead(g)
    let used = Buffer.byteLength(part)
    if (g.members.length) {
      part += `${MEMBER_HEAD}\n`
      used += MEMBER_HEAD.length + 1
    }
    const ordered = [...g.members.filter(m => m.flags.length), ...g.members.filter(m => !m.flags.length)]
    let shown = 0
    for (const m of ordered) {
      const row = `${memberRow(m, o)}\n`
      const size = Buffer.byteLength(row)
      if (used + size > share) break
      part += row
      used += size
      shown++
    }
    if (!g.members.length) part += 'Nobody can open this group now.\n'
    else if (shown < ordered.length) part += `\n…and ${headcount(ordered.length - shown)} more, in the files.\n`
    part += closing
    budget -= Buffer.byteLength(part)
    out += part
  }
  return out + tail(filesNote)
}

function flagDetail(f: Flag, r: Review): string {
  const o = r.options
  if (f === 'ending') return ` (within ${o.endingDays} days)`
  if (f === 'unused') return ` (in ${o.unusedDays} days)`
  return ''
}
