/**
 * Writing one roster's plan to the pull request as comments, in parts when it is long: which of ours
 * are PATCHed, POSTed or deleted (comments.ts finds them), the out-of-date text our part 1 says while
 * its parts are rewritten or when the plan could not be shown whole, and what is left after a
 * failure (commentFailureFailsStep: whether the step fails for it).
 */
import { type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { type Outcome } from '../net/http.js'
import { parseJsonObject } from '../net/json.js'
import { notProcessed } from '../net/retry-policy.js'
import { gitHubRateLimit } from './rate-limit.js'
import {
  caller,
  COMMENT,
  commentMarker,
  MAX_PLAN_COMMENTS,
  partMarker,
  safeLink,
  scanComments,
  stoppedShort,
  whoAmI,
  type PullRequest
} from './comments.js'

/** A plan in comments: parts 2.. (at most MAX_PLAN_COMMENTS - 1 are written), then part 1 given their links. */
export interface PlanComments {
  rest: string[]
  /** Part 1's text, given each other part's html_url (undefined when GitHub gave none that is safe to link). */
  first: (links: (string | undefined)[]) => string
  /**
   * What our part 1 says while the parts are rewritten, and when the plan could not be shown whole: that it
   * is out of date. It carries no trailer, so it is never read as a review. Without it, part 1 is left as is.
   */
  stale?: string
  /** Whether a comment's body already says `next` (e.g. all but the time it was planned); exact equality by default. */
  same?: (body: string, next: string) => boolean
  /**
   * Set when the plan takes more comments than a pull request is given (MAX_PLAN_COMMENTS): what is
   * written says so and carries no trailer, and this is the step's failure.
   */
  notWhole?: string
}

/** What became of our part 1 of an earlier plan, after a failure (see commentFailureFailsStep). */
export type Earlier =
  /** There was none: nothing on the pull request can be taken for this plan. */
  | 'none'
  /** It says it is out of date (PlanComments.stale): no trailer, never read as a review. */
  | 'marked'
  /** It still shows an earlier plan: GitHub refused to mark it. */
  | 'unmarked'
  /** Our comments could not be read, so whether there is one is not known. */
  | 'unknown'

export interface CommentFailure {
  ok: false
  message: string
  earlier: Earlier
  /** GitHub refused the first write for good (403, not a rate limit): the token may not comment at all. */
  readOnly: boolean
}

export type CommentResult =
  | {
      ok: true
      action: 'created' | 'updated' | 'unchanged'
      url: string
      foreign: number
      /** Parts 2..: created, updated, left as they were; our comments deleted (left over from a longer plan, or repeats). */
      parts: { created: number; updated: number; unchanged: number; deleted: number }
    }
  | CommentFailure

/**
 * Whether a plan that could not be shown on the pull request fails the step. It does, so that no check is
 * green while the pull request shows no plan, an older one, or parts of two. The one exception: GitHub
 * refused our first write for good (403, not a rate limit; a fork's pull request only ever gets a
 * read-only token) and no plan of ours is there. Then nothing on the pull request can be taken for this
 * plan, the apply finds no reviewed plan there, the plan is in the job summary, and a red check would
 * say only that the token may not comment: a warning says it.
 */
export function commentFailureFailsStep(failure: Pick<CommentFailure, 'earlier' | 'readOnly'>): boolean {
  return !(failure.readOnly && failure.earlier === 'none')
}
/** A written comment's html_url, from GitHub's answer, when it is safe to link. */
const linkOf = (body: string) => safeLink(parseJsonObject(body)?.['html_url'])

/** A refusal that waiting will not lift: 403 without any sign of a rate limit. */
function refusedForGood(outcome: Outcome | undefined): boolean {
  // GitHub's own rule says which 403 is a rate limit (rate-limit.ts); any other 403 is for good.
  // Only whether it is one is asked, not the wait, so no clock is needed.
  return outcome?.kind === 'response' && outcome.status === 403 && !gitHubRateLimit(outcome, 0)
}
/**
 * Writes the plan's comments. A body that already says what it would say (PlanComments.same) is left
 * alone: no PATCH of an unchanged body. When any part 2.. is to be written and our part 1 exists, part
 * 1 is first marked out of date (PlanComments.stale), so no reader sees part 1 of one plan beside
 * parts of another; then parts 2.. (PATCHed in place when ours exists, else POSTed), then part 1
 * linking to them, then our parts an earlier, longer plan left (and repeats of a marker) are
 * deleted. On any failure our part 1, if it still shows a plan, is marked out of date, and the
 * failure says what is left (Earlier). Each body gets its marker here.
 */
export async function upsertPlanComments(
  ctx: Context,
  pr: PullRequest,
  token: string,
  roster: string,
  plan: PlanComments
): Promise<CommentResult> {
  const stop = (message: string | undefined, earlier: Earlier, readOnly = false): CommentFailure => ({
    ok: false,
    message: message ?? 'no answer',
    earlier,
    readOnly
  })
  const who = await whoAmI(ctx, pr.apiUrl, token)
  if (!who.ok) return stop(who.message, 'unknown')
  const found = await scanComments(ctx, pr, token, who.me, roster, COMMENT, true)
  if (!found.ok) return stop(found.message, 'unknown')
  const first = found.comment
  const call = caller(ctx, token)
  const base = `${pr.apiUrl}/repos/${pr.repository}/issues`
  const same = plan.same ?? ((a: string, b: string) => a === b)
  let writes = 0
  const write = (existing: number | undefined, text: string) => {
    writes++
    return existing === undefined
      ? withRetries(ctx, COMMENT, t => call('POST', `${base}/${pr.number}/comments`, t, { body: text }), {
          // A repeated POST that GitHub did process would leave two comments.
          mayRepeat: notProcessed
        })
      : withRetries(ctx, COMMENT, t => call('PATCH', `${base}/comments/${existing}`, t, { body: text }), {
          idempotent: true
        })
  }
  const staleBody = plan.stale === undefined ? undefined : `${commentMarker(roster)}\n${plan.stale}`
  let earlier: Earlier = !first
    ? 'none'
    : staleBody !== undefined && same(first.body, staleBody)
      ? 'marked'
      : 'unmarked'
  if (!found.complete) {
    // Not every comment could be read: parts or repeats of ours may be past the last one read.
    if (first && earlier === 'unmarked' && staleBody !== undefined && (await write(first.id, staleBody)).ok)
      earlier = 'marked'
    return stop(stoppedShort(COMMENT, found), first ? earlier : 'unknown')
  }
  /** A write failed: mark our part 1 out of date (once), and say what is left. */
  const failedWrite = async (what: string, written: { outcome?: Outcome; message?: string }, markAgain = true) => {
    const readOnly = writes === 1 && refusedForGood(written.outcome)
    if (first && earlier === 'unmarked' && staleBody !== undefined && !readOnly && markAgain) {
      if ((await write(first.id, staleBody)).ok) earlier = 'marked'
    }
    return stop(`${what}${written.message ?? 'no answer'}`, earlier, readOnly)
  }

  const rest = plan.rest.slice(0, MAX_PLAN_COMMENTS - 1).map((body, i) => `${partMarker(roster, i + 2)}\n${body}`)
  const unchanged = (i: number) => {
    const had = found.parts.get(i + 2)
    return had !== undefined && same(had.body, rest[i])
  }
  if (first && earlier === 'unmarked' && staleBody !== undefined && rest.some((_, i) => !unchanged(i))) {
    // Part 1 still shows the earlier plan, linking to parts about to change: it says it is out of date first.
    const marked = await write(first.id, staleBody)
    if (!marked.ok)
      return failedWrite('our plan comment could not be marked out of date before its parts: ', marked, false)
    earlier = 'marked'
  }
  const parts = { created: 0, updated: 0, unchanged: 0, deleted: 0 }
  const links: (string | undefined)[] = []
  for (const [i, body] of rest.entries()) {
    const had = found.parts.get(i + 2)
    if (had && unchanged(i)) {
      parts.unchanged++
      links.push(had.url)
      continue
    }
    const written = await write(had?.id, body)
    if (!written.ok || written.outcome?.kind !== 'response')
      return failedWrite(`part ${i + 2} of ${rest.length + 1}: `, written)
    parts[had === undefined ? 'created' : 'updated']++
    links.push(linkOf(written.outcome.body))
  }
  const text = `${commentMarker(roster)}\n${plan.first(links)}`
  let action: 'created' | 'updated' | 'unchanged' = first ? 'updated' : 'created'
  let url = first?.url ?? ''
  if (first && same(first.body, text)) action = 'unchanged'
  else {
    const written = await write(first?.id, text)
    if (!written.ok || written.outcome?.kind !== 'response') return failedWrite('', written)
    url = linkOf(written.outcome.body) ?? ''
  }
  // Our parts past this plan's last, and repeats: a reviewer must never read a stale part.
  const stale = [...[...found.parts].filter(([k]) => k > rest.length + 1).map(([, c]) => c.id), ...found.repeats]
  let notDeleted = 0
  for (const id of stale) {
    const gone = await withRetries(ctx, COMMENT, t => call('DELETE', `${base}/comments/${id}`, t), {
      idempotent: true
    })
    // 404: already gone (a repeated DELETE that GitHub did process).
    const status = gone.outcome?.kind === 'response' ? gone.outcome.status : 0
    if (gone.ok || status === 404) parts.deleted++
    else notDeleted++
  }
  // The plan is whole, but a comment of ours from an earlier plan is still there beside it.
  if (notDeleted)
    return stop(
      `${notDeleted === 1 ? 'a plan comment' : `${notDeleted} plan comments`} of ours left over from an earlier plan could not be deleted, beside the current plan`,
      'unmarked'
    )
  return { ok: true, action, url, foreign: found.foreign, parts }
}
