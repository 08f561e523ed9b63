/**
 * After a merge, whether the plan applied is the one reviewed: the plan comments found on the
 * pull requests the push merged, which of them count as a review, and the check's words for the
 * log and the apply's summary.
 */
import { inertMarkdown as md } from '../untrusted.js'
import { plural } from '../format.js'
import { changeHash, planDigest, reviewedDigest, type ReviewedPlan } from './digest.js'
import type { Plan, PlannedChange } from './plan.js'
import { describeChange } from './render.js'

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

/** The plan comment found on a pull request merged by the push, and that pull request's final head commit. */
export interface FoundReview {
  body: string
  pr?: number
  /** The merged pull request's final head commit, as GitHub gave it; undefined when it did not. */
  headSha: string | undefined
  /** Why it is no review although its trailer is (edited by another identity, not approved): a phrase. */
  refused?: string
}

/** A pull request's reviewed plan that counts, or why it does not. */
type Counted = { ok: true; pr: number | undefined; reviewed: ReviewedPlan } | { ok: false; why: string }

const prName = (pr: number | undefined) => (pr ? `pull request #${pr}` : 'the merged pull request')

/**
 * Whether one pull request's plan comment is a review of what it merged: its trailer is for this
 * roster (`roster`, its rosterKey) and was made of the pull request's final head commit. A plan of
 * an earlier push, or of a workspace that was not the head, is no review.
 */
function counted(found: FoundReview, roster: string): Counted {
  const where = prName(found.pr)
  const reviewed = reviewedDigest(found.body)
  if (!reviewed || reviewed.roster !== roster)
    return { ok: false, why: `The plan comment on ${where} carries no digest` }
  if (!reviewed.head)
    return {
      ok: false,
      why: `The plan comment on ${where} was not made of the pull request's head commit, so it is no review`
    }
  if (!found.headSha || reviewed.head !== found.headSha)
    return {
      ok: false,
      why:
        `The plan comment on ${where} is of commit ${reviewed.head.slice(0, 12)}, not of the pull request's final head commit ` +
        `${found.headSha ? found.headSha.slice(0, 12) : '(GitHub did not say which)'}: the last push was never planned`
    }
  if (found.refused) return { ok: false, why: `${found.refused.charAt(0).toUpperCase()}${found.refused.slice(1)}` }
  return { ok: true, pr: found.pr, reviewed }
}

/** "pull request #7", "pull requests #8 and #9", "pull requests #8, #9 and #10". */
function prList(prs: (number | undefined)[]): string {
  if (prs.length === 1) return prName(prs[0])
  const names = prs.map(pr => (pr ? `#${pr}` : 'one more'))
  return `pull requests ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/** At most this many changes are listed in the summary, each with the pull request that reviewed it, or as unreviewed. */
const MAX_LISTED_CHANGES = 200

/**
 * Compares the plan about to be applied with the plans reviewed on the pull requests the push
 * merged (one for a merge commit, a squash or a rebase; several for a merge queue). Each counts
 * only as counted() says. The plan is the reviewed one when every change it writes was in some
 * counted plan (its hash, digest.ts: what is written, not labels), each named with the pull
 * request that reviewed it; a plan that was too large to carry its hashes counts only when this
 * plan is exactly it (the same digest). An empty plan writes nothing: with a counted review it is
 * that review already applied. `found` empty: no plan comment was found (`why` says why); `notes`:
 * what the look-up left out, each a phrase (pull requests without a plan comment, a bound
 * reached), said when the plan is not the reviewed one. `show`: a change as the summary may name it
 * (personal.ts: without personal data where that is hidden).
 */
export function compareWithReviewed(
  plan: Plan,
  roster: string,
  found: FoundReview[],
  why: string,
  notes: string[] = [],
  show: (change: PlannedChange) => PlannedChange = change => change
): ReviewCheck {
  const digest = planDigest(plan)
  const none = (line: string): ReviewCheck => ({ same: false, line, summary: [`⚠️ ${md(line, 1000)}`], unreviewed: [] })
  const unchecked = `this plan (digest ${digest}) was not checked against a review.`
  const counts = found.map(f => counted(f, roster))
  const reviews = counts.filter(c => c.ok)
  const sentence = (phrase: string) => `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`
  const asides = [...counts.flatMap(c => (c.ok ? [] : [c.why])), ...notes].map(sentence)
  const aside = asides.join(' ')
  if (!found.length) return none(`No reviewed plan to compare with (${why}): ${unchecked}`)
  if (!reviews.length) {
    const [first, ...rest] = counts.flatMap(c => (c.ok ? [] : [c.why]))
    const more = [...rest, ...notes].map(sentence).join(' ')
    return none(`${first}: ${unchecked}${more ? ` ${more}` : ''}`)
  }
  const same = (line: string, listed: string[] = []): ReviewCheck => ({
    same: true,
    line,
    summary: [`✅ ${line}`, ...listed],
    unreviewed: []
  })
  const exact = reviews.find(r => r.reviewed.digest === digest)
  if (exact && plan.changes.length)
    return same(`This plan (digest ${digest}) is the one reviewed on ${prName(exact.pr)}.`)
  const prs = reviews.map(r => r.pr)
  if (!plan.changes.length)
    return same(
      `The reviewed plan${prs.length > 1 ? 's' : ''} of ${prList(prs)} ${prs.length > 1 ? 'are' : 'is'} already applied: nothing to write.`
    )
  // The union: each change with the first counted plan that lists its hash.
  const hashed = reviews.filter(r => r.reviewed.changes)
  const by = new Map<PlannedChange, number | undefined>()
  for (const c of plan.changes) {
    const hash = changeHash(c)
    const r = hashed.find(h => h.reviewed.changes!.has(hash))
    if (r) by.set(c, r.pr)
  }
  const unreviewed = plan.changes.filter(c => !by.has(c))
  const reviewedHashes = new Set(hashed.flatMap(r => [...r.reviewed.changes!]))
  const dropped = countDropped(plan, reviewedHashes)
  const esc = (text: string) => md(text, 120)
  const list = (changes: readonly PlannedChange[], tail: (c: PlannedChange) => string) => [
    ...changes.slice(0, MAX_LISTED_CHANGES).map(c => `- ${describeChange(show(c), esc)}${tail(c)}`),
    ...(changes.length > MAX_LISTED_CHANGES
      ? [`- …and ${plural(changes.length - MAX_LISTED_CHANGES, 'more change')}.`]
      : [])
  ]
  const noLonger = dropped
    ? ` ${plural(dropped, 'reviewed change')} ${dropped === 1 ? 'is' : 'are'} no longer planned.`
    : ''
  if (!unreviewed.length) {
    const perPr = prs
      .map(pr => [pr, plan.changes.filter(c => by.get(c) === pr).length] as const)
      .filter(([, n]) => n > 0)
      .map(([pr, n]) => `${n} on ${prName(pr)}`)
    const line = `Every change of this plan (digest ${digest}) was reviewed: ${perPr.join(', ')}.${noLonger}`
    return same(line, ['', '**Reviewed on:**', '', ...list(plan.changes, c => ` (${prName(by.get(c))})`)])
  }
  const digests = reviews.map(r => `${prName(r.pr)} (digest ${r.reviewed.digest})`)
  const large = reviews.filter(r => !r.reviewed.changes).map(r => r.pr)
  const tooLarge = large.length
    ? `the plan reviewed on ${prList(large)} was too large to list its changes, so it counts only when this plan is exactly it`
    : ''
  const line =
    `This plan (digest ${digest}) is not the one reviewed on ${digests.length > 1 ? `any of ${digests.join(', ')}` : digests[0]}: ` +
    (hashed.length
      ? `${plural(unreviewed.length, 'change')} not in ${reviews.length > 1 ? 'any reviewed plan' : 'the reviewed plan'}` +
        (dropped ? `, ${plural(dropped, 'reviewed change')} no longer planned` : '') +
        (tooLarge ? `; ${tooLarge}` : '') +
        '. DoorFlow or the roster changed after the review.'
      : `${tooLarge}. DoorFlow or the roster changed after the review.`) +
    (aside ? ` ${aside}` : '')
  const shown = hashed.length ? unreviewed : []
  return {
    same: false,
    line,
    unreviewed: shown,
    summary: [
      `⚠️ ${md(line, 2000)}`,
      ...(shown.length ? ['', '**Not in the reviewed plan:**', '', ...list(shown, () => '')] : []),
      ...(by.size ? ['', '**Reviewed on:**', '', ...list([...by.keys()], c => ` (${prName(by.get(c))})`)] : [])
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
