/**
 * One comment of ours, found by its marker and updated in place: the apply's record on a merged
 * pull request (roster/apply-record.ts says what it holds). Found by the same rule as the plan
 * comment (comments.ts: written by the token's identity, first line exactly the marker); PATCHed
 * when it says something else, left alone when it already says it, POSTed only when every comment
 * was read and none is ours, so a re-run never leaves two. Our comment last edited by another identity
 * is not given to `next` (it is written over whole). Writes go through gitHubRequest, so
 * GitHub's write pacing (rate-limit.ts's WritePacer) holds.
 */
import { type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { parseJsonObject } from '../net/json.js'
import { notProcessed } from '../net/retry-policy.js'
import type { Operation } from '../net/failure-messages.js'
import { editedPlanComments } from './comment-history.js'
import { caller, GITHUB, safeLink, scanComments, stoppedShort, whoAmI, type PullRequest } from './comments.js'

export const RECORD: Operation = {
  label: 'Writing the apply record on the merged pull request',
  service: GITHUB,
  forbidden:
    'The pr-comment-token may not comment on the merged pull request: give the apply job `permissions: pull-requests: write`, then re-run it to write the record.'
}

export type RecordWrite =
  | {
      ok: true
      action: 'created' | 'updated' | 'unchanged'
      url?: string
      foreign: number
      /** Why our earlier comment was not read back (edited by another identity, or who edited it is unknown). */
      distrusted?: string
    }
  | { ok: false; message: string }

/**
 * Writes our comment with `marker` on `pr`: `next` is given our comment's body (without the
 * marker line; undefined when there is none) and answers the new text (without the marker), or
 * undefined to leave the comment as it is.
 */
export async function upsertMarkedComment(
  ctx: Context,
  pr: PullRequest,
  token: string,
  marker: string,
  next: (earlier: string | undefined) => string | undefined
): Promise<RecordWrite> {
  const who = await whoAmI(ctx, pr.apiUrl, token)
  if (!who.ok) return who
  // The roster key is the marker's own; scanComments reads plan parts beside it, which are ignored here.
  const found = await scanComments(ctx, pr, token, who.me, '', RECORD, false, marker)
  if (!found.ok) return found
  const ours = found.comment
  if (!ours && !found.complete) return { ok: false, message: stoppedShort(RECORD, found) }
  // Anyone with Write access may edit our comment: one last edited by another identity is not read
  // back (comment-history.ts asks GitHub who), and is written over whole.
  const edited = ours
    ? await editedPlanComments(ctx, pr.apiUrl, token, who.me, pr.number, [{ part: 1, nodeId: ours.nodeId }])
    : undefined
  const earlier = ours && !edited ? ours.body.slice(marker.length + 1) : undefined
  const text = next(earlier)
  // Its words are of a plan's review; here only who edited it (or that GitHub would not say) matters.
  const why = edited
    ?.replace(/, so it is no review$/, '')
    .replace(' after it was planned', '')
    .replace('plan comment', 'comment')
  const distrusted = why ? { distrusted: why } : {}
  if (text === undefined) return { ok: true, action: 'unchanged', url: ours?.url, foreign: found.foreign }
  const body = `${marker}\n${text}`
  if (ours && ours.body === body) return { ok: true, action: 'unchanged', url: ours.url, foreign: found.foreign }
  const call = caller(ctx, token)
  const base = `${pr.apiUrl}/repos/${pr.repository}/issues`
  const written = ours
    ? await withRetries(ctx, RECORD, t => call('PATCH', `${base}/comments/${ours.id}`, t, { body }), {
        idempotent: true
      })
    : await withRetries(ctx, RECORD, t => call('POST', `${base}/${pr.number}/comments`, t, { body }), {
        // A repeated POST that GitHub did process would leave two records.
        mayRepeat: notProcessed
      })
  if (!written.ok || written.outcome?.kind !== 'response') return { ok: false, message: written.message ?? 'no answer' }
  const url = safeLink(parseJsonObject(written.outcome.body)?.['html_url'])
  return { ok: true, action: ours ? 'updated' : 'created', url, foreign: found.foreign, ...distrusted }
}
