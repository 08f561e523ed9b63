/**
 * On a push (the apply after a merge), the plan that was reviewed: the pull requests the push merged,
 * found through its commits, and our plan comment on each (comments.ts's findPlanComment, by the
 * same rule that writes it).
 */
import { type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { parseJsonArray } from '../net/json.js'
import { untrusted } from '../untrusted.js'
import type { Operation } from '../net/failure-messages.js'
import { caller, failed, findPlanComment, GITHUB, whoAmI, type Identity, type PushedCommit } from './comments.js'
import { editedPlanComments } from './comment-history.js'
import { latestVerdicts, unapprovedOf } from './approvals.js'
import { batchApproval, type BatchApproval } from './removal-approval.js'

const REVIEWED: Operation = {
  label: 'Reading the reviewed plan from the merged pull request',
  service: GITHUB,
  forbidden: 'The pr-comment-token may not read pull requests: give the job `permissions: pull-requests: read` on push.'
}

/** A plan comment of ours on a pull request the push merged. */
export interface ReviewedPull {
  pr: number
  body: string
  /** The merged pull request's final head commit (GitHub's `head.sha`), when GitHub gave a SHA. */
  headSha: string | undefined
  /** Why this plan is no review (edited by another identity; unapproved under requireApproval): comment-history.ts, approvals.ts. */
  refused?: string
  /** Why nobody approved this pull request at its final head commit (approvals.ts); undefined when someone did. */
  unapproved?: string
  /** Asked for (`batch`): a reviewer's approval of exactly that many removals (removal-approval.ts), or why there is none. */
  batch?: { ok: true; approval: BatchApproval } | { ok: false; why: string }
  /** When GitHub says it was merged (its `merged_at`, ms), when that is a time. */
  mergedAt?: number
}

export type ReviewedComments =
  | {
      ok: true
      /** Our plan comment on each pull request the push merged that has one, the newest merge first. */
      found: ReviewedPull[]
      /** What the look-up left out, each a phrase: merged pull requests without our plan comment, a bound reached. */
      notes: string[]
      /** Requests of "pull requests of a commit" sent (retries aside). */
      looked: number
    }
  | { ok: false; message: string }

/** Pull requests asked of one commit (one page). */
const MAX_PULLS = 20
/** Commits of one push whose pull requests are looked up at most, newest first. */
export const MAX_PUSH_COMMITS = 100
/** Merged pull requests of one push whose plan comment is read at most. */
export const MAX_REVIEWED_PULLS = 20

type Pull = {
  number?: unknown
  merged_at?: unknown
  merge_commit_sha?: unknown
  head?: unknown
  base?: unknown
  user?: unknown
}

/**
 * Our plan comment for `roster` on each pull request the push merged, with each one's final head
 * commit to hold its plan against. The push's commits are taken newest first (at most
 * MAX_PUSH_COMMITS); each commit's associated pull requests are asked of GitHub, and a pull request
 * counts as merged by this push when it is merged, into the default branch (when the event names
 * it), as one of the push's commits (`merge_commit_sha`: the merge commit, the squashed commit, or
 * the last rebased commit). So a merge commit, a squash and a rebase find their one pull request,
 * and a merge queue's push every pull request of its group. At most MAX_REVIEWED_PULLS plan
 * comments are read; `enough` is asked after each and ends the walk once it holds (every change is
 * accounted for), so a push of one pull request costs one look-up however many commits it has.
 */
export async function reviewedPlanComments(
  ctx: Context,
  push: PushedCommit,
  token: string,
  roster: string,
  enough: (found: ReviewedPull[]) => boolean,
  /** An unapproved pull request's plan is no review (unreviewed-changes: fail). */
  requireApproval = false,
  /** The plan's lock-outs when the guard refused them as over max-removals: each pull request's approval of that many is asked. */
  batch?: number
): Promise<ReviewedComments> {
  const call = caller(ctx, token)
  const pushed = new Set(push.commits)
  const found: ReviewedPull[] = []
  const notes: string[] = []
  const seen = new Set<number>()
  let me: Identity | undefined
  let looked = 0
  const done = (): ReviewedComments => {
    if (found.length) return { ok: true, found, notes, looked }
    const what =
      looked === 1 ? `commit ${push.sha.slice(0, 12)}` : `any of the ${looked} commits looked up of this push`
    return failed(notes.length ? notes.join('; ') : `no merged pull request is associated with ${what}`)
  }
  for (const sha of push.commits) {
    if (looked === MAX_PUSH_COMMITS) {
      notes.push(
        `this push brought ${push.commits.length} commits: the pull requests of the newest ${MAX_PUSH_COMMITS} were looked up, so a change reviewed only on an older one counts as unreviewed`
      )
      return done()
    }
    looked++
    const url = `${push.apiUrl}/repos/${push.repository}/commits/${sha}/pulls?per_page=${MAX_PULLS}`
    const got = await withRetries(ctx, REVIEWED, t => call('GET', url, t), { idempotent: true })
    if (!got.ok || got.outcome?.kind !== 'response') {
      if (!found.length && !notes.length) return failed(got.message)
      notes.push(
        `the pull requests of commit ${sha.slice(0, 12)} could not be read (${untrusted(got.message ?? 'no answer', 500)})`
      )
      return done()
    }
    const pulls = parseJsonArray(got.outcome.body) as Pull[] | undefined
    if (!pulls) return failed(`${REVIEWED.label} failed: GitHub's list of the commit's pull requests is not JSON.`)
    for (const pull of pulls.slice(0, MAX_PULLS)) {
      if (!mergedByPush(pull, pushed, push.defaultBranch)) continue
      const number = pull.number as number
      if (seen.has(number)) continue
      seen.add(number)
      if (seen.size > MAX_REVIEWED_PULLS) {
        notes.push(
          `this push merged more than ${MAX_REVIEWED_PULLS} pull requests: the plans of the newest ${MAX_REVIEWED_PULLS} were read, so a change reviewed only on another counts as unreviewed`
        )
        return done()
      }
      if (!me) {
        const who = await whoAmI(ctx, push.apiUrl, token)
        if (!who.ok) return who
        me = who.me
      }
      const pr = { apiUrl: push.apiUrl, repository: push.repository, number }
      const comment = await findPlanComment(ctx, pr, token, me, roster, REVIEWED, true)
      if (!comment.ok) {
        if (!found.length && !notes.length) return comment
        // What was read still counts; this pull request's changes count as unreviewed.
        notes.push(`the comments of pull request #${number} could not be read (${untrusted(comment.message, 500)})`)
        return done()
      }
      if (!comment.comment) {
        notes.push(
          `pull request #${number} has no plan comment by ${untrusted(me.login, 100)}${comment.foreign ? ` (${comment.foreign} by others with the marker were ignored)` : ''}`
        )
        continue
      }
      const head = (pull.head as { sha?: unknown } | null | undefined)?.sha
      const headSha =
        typeof head === 'string' && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(head) ? head.toLowerCase() : undefined
      // Trusted only when nobody else edited it, and (requireApproval) someone approved its head.
      const { nodes, body } = comment.comment
      const edited = await editedPlanComments(ctx, push.apiUrl, token, me, number, nodes, body)
      const author = (pull.user as { id?: unknown } | null | undefined)?.id
      const authorId = typeof author === 'number' ? author : undefined
      const merged = { number, headSha, authorId }
      let notApproved: string | undefined
      let approval: ReviewedPull['batch']
      if (!edited) {
        const early = !headSha || authorId === undefined ? unapprovedOf([], me, merged) : undefined
        const read = early ? undefined : await latestVerdicts(ctx, push.apiUrl, push.repository, token, number)
        notApproved = early ?? (read?.ok ? unapprovedOf(read.latest, me, merged) : read?.why)
        if (batch !== undefined)
          approval = read?.ok
            ? await batchApproval(ctx, push.apiUrl, push.repository, token, me, merged, read.latest, batch)
            : { ok: false, why: notApproved ?? 'its reviews were not read' }
      }
      const refused = edited ?? (requireApproval ? notApproved : undefined)
      const mergedAt = Date.parse(pull.merged_at as string)
      found.push({
        pr: number,
        body: comment.comment.body,
        headSha,
        refused,
        unapproved: notApproved,
        ...(approval ? { batch: approval } : {}),
        ...(Number.isNaN(mergedAt) ? {} : { mergedAt })
      })
      if (enough(found)) return { ok: true, found, notes, looked }
    }
  }
  return done()
}

/** Whether `pull` was merged into the default branch (when known) as one of the push's commits. */
function mergedByPush(pull: Pull, pushed: Set<string>, defaultBranch: string | undefined): boolean {
  if (pull === null || typeof pull !== 'object') return false
  if (typeof pull.number !== 'number' || !Number.isInteger(pull.number) || pull.number < 1) return false
  if (typeof pull.merged_at !== 'string' || typeof pull.merge_commit_sha !== 'string') return false
  if (!pushed.has(pull.merge_commit_sha.toLowerCase())) return false
  const base = (pull.base as { ref?: unknown } | null | undefined)?.ref
  return defaultBranch === undefined || base === defaultBranch
}
