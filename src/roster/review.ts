/**
 * What the pull-request comment and the apply's summary say about review: the roster's problems
 * as a list (file and line, inert text), the stamp that dates a comment (commit and UTC time),
 * the plan's digest, and after a merge whether the plan applied is the one reviewed.
 */
import { inertMarkdown as md, untrusted } from '../untrusted.js'
import { plural } from '../format.js'
import { changeHash, planDigest, reviewedDigest, unreviewedChanges } from './digest.js'
import type { Plan, PlannedChange } from './plan.js'
import { describeChange } from './render.js'
import type { Problem } from './roster.js'

/** At most this many problems are listed in a comment or summary; one more line gives the rest's count. */
export const MAX_LISTED_PROBLEMS = 50

/** The problems as a Markdown list, each with its file and line. */
export function problemsMarkdown(problems: Problem[]): string[] {
  const lines = problems
    .slice(0, MAX_LISTED_PROBLEMS)
    .map(p => `- ${p.at ? `${md(`${p.at.file}:${p.at.line}`, 200)}: ` : ''}${md(p.message, 500)}`)
  const more = problems.length - MAX_LISTED_PROBLEMS
  if (more > 0) lines.push(`- …and ${plural(more, 'more problem')} (${problems.length} in all).`)
  return lines
}

/** One problem in a line of log: "roster.yaml:4: unknown group …". */
export function problemLine(p: Problem): string {
  return untrusted(p.at ? `${p.at.file}:${p.at.line}: ${p.message}` : p.message, 500)
}

/** "commit 1a2b3c4d5e6f · 2026-12-05 18:00 UTC": when and of what a comment was written. */
export function stamp(sha: string | undefined, nowMs: number): string {
  const time = new Date(nowMs).toISOString().slice(0, 16).replace('T', ' ')
  const commit = sha && /^[0-9a-f]{7,64}$/i.test(sha) ? `commit \`${sha.slice(0, 12)}\` · ` : ''
  return `${commit}${time} UTC`
}

/** The comment for a roster that cannot be planned: its problems, no plan. */
export function problemsComment(problems: Problem[], files: string[], note?: string): string {
  return [
    '### ❌ DoorFlow roster: not planned',
    '',
    `The roster ${files.length ? files.map(f => md(f, 200)).join(', ') + ' ' : ''}has ${plural(problems.length, 'problem')}; ` +
      'there is no plan until they are fixed, and nothing was written to DoorFlow.',
    '',
    ...problemsMarkdown(problems),
    ...(note ? ['', md(note, 1000)] : [])
  ].join('\n')
}

export interface ReviewCheck {
  /** Whether the plan applied is the one reviewed. */
  same: boolean
  /** Markdown lines for the summary. */
  summary: string[]
  /** One line for the log and, under fail, the step's failure. */
  line: string
  /** The changes that were not in the reviewed plan (empty when unknown or the same). */
  unreviewed: PlannedChange[]
}

/** The plan comment found on the merged pull request, and that pull request's final head commit. */
export interface FoundReview {
  body: string
  pr?: number
  /** The merged pull request's final head commit, as GitHub gave it; undefined when it did not. */
  headSha: string | undefined
}

/**
 * Compares the plan about to be applied with the reviewed comment's trailer. A plan counts as
 * reviewed only when the trailer is for this roster (`roster`, its rosterKey) and was made of the
 * merged pull request's final head commit: a plan of an earlier push, or of a workspace that was
 * not the head, is no review. `found` undefined: no plan comment was found (`why` says why).
 */
export function compareWithReviewed(
  plan: Plan,
  roster: string,
  found: FoundReview | undefined,
  why: string
): ReviewCheck {
  const digest = planDigest(plan)
  const where = found?.pr ? `pull request #${found.pr}` : 'the merged pull request'
  const reviewed = found === undefined ? undefined : reviewedDigest(found.body)
  const none = (line: string): ReviewCheck => ({ same: false, line, summary: [`⚠️ ${md(line, 1000)}`], unreviewed: [] })
  const unchecked = `this plan (digest ${digest}) was not checked against a review.`
  if (!found) return none(`No reviewed plan to compare with (${why}): ${unchecked}`)
  if (!reviewed || reviewed.roster !== roster)
    return none(`The plan comment on ${where} carries no digest: ${unchecked}`)
  if (!reviewed.head)
    return none(
      `The plan comment on ${where} was not made of the pull request's head commit, so it is no review: ${unchecked}`
    )
  if (!found.headSha || reviewed.head !== found.headSha)
    return none(
      `The plan comment on ${where} is of commit ${reviewed.head.slice(0, 12)}, not of the pull request's final head commit ` +
        `${found.headSha ? found.headSha.slice(0, 12) : '(GitHub did not say which)'}: the last push was never planned, so ${unchecked}`
    )
  if (reviewed.digest === digest) {
    const line = `This plan (digest ${digest}) is the one reviewed on ${where}.`
    return { same: true, line, summary: [`✅ ${line}`], unreviewed: [] }
  }
  const unreviewed = reviewed.changes ? unreviewedChanges(plan, reviewed.changes) : []
  const dropped = reviewed.changes ? countDropped(plan, reviewed.changes) : 0
  const line =
    `This plan (digest ${digest}) is not the one reviewed on ${where} (digest ${reviewed.digest}): ` +
    (reviewed.changes
      ? `${plural(unreviewed.length, 'change')} not in the reviewed plan` +
        (dropped ? `, ${plural(dropped, 'reviewed change')} no longer planned` : '') +
        '. DoorFlow or the roster changed after the review.'
      : 'the reviewed plan was too large to list its changes. DoorFlow or the roster changed after the review.')
  const esc = (text: string) => md(text, 120)
  return {
    same: false,
    line,
    unreviewed,
    summary: [
      `⚠️ ${line}`,
      ...(unreviewed.length ? ['', '**Not in the reviewed plan:**', ''] : []),
      ...unreviewed.slice(0, 200).map(c => `- ${describeChange(c, esc)}`),
      ...(unreviewed.length > 200 ? [`- …and ${plural(unreviewed.length - 200, 'more change')}.`] : [])
    ]
  }
}

/** Reviewed changes that the current plan no longer has. */
function countDropped(plan: Plan, reviewed: Set<string>): number {
  const hashes = new Set(plan.changes.map(changeHash))
  let n = 0
  for (const h of reviewed) if (!hashes.has(h)) n++
  return n
}
