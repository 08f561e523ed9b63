/**
 * A big batch of removals, approved where it is reviewed (github/removal-approval.ts has the rules).
 * On the pull request the plan asks GitHub whether a reviewer approved exactly its lock-outs and
 * says so in its comment (who approved, or the line still needed and why an approval there does not
 * count); on the merge the apply asks the same of the merged pull request (github/reviewed.ts) and
 * the guard lets exactly that many through (guard.ts's approveGuard).
 */
import * as core from '@actions/core'
import type { Context } from '../net/context.js'
import { untrusted } from '../untrusted.js'
import type { RosterSettings } from '../settings.js'
import type { Runner } from '../runner.js'
import { pullRequestOf, whoAmI } from '../github/comments.js'
import { latestVerdicts } from '../github/approvals.js'
import { batchApproval } from '../github/removal-approval.js'
import { approveGuard } from './guard.js'
import type { GuardApproval, GuardReport, Plan } from './plan.js'

/** The lock-outs a reviewer may approve: the plan's, when max-removals alone refused it; else undefined. */
export function approvable(guard: GuardReport): number | undefined {
  return guard.refused && guard.rule === 'max-removals' ? guard.lockOuts : undefined
}

/** What the plan's comment says of the approval: the approval, or why none counts yet. */
export type BatchOnPullRequest = { approval: GuardApproval } | { why: string } | undefined

/**
 * On a pull request (a dry run), whether a reviewer approved the plan's lock-outs: undefined when
 * the guard does not refuse them as over max-removals (or there is no pull request or token to ask
 * with). Never fails the run: what GitHub does not answer is no approval, and the comment says why.
 */
export async function batchOnPullRequest(
  ctx: Context,
  runner: Runner,
  roster: Pick<RosterSettings, 'commentToken'>,
  plan: Pick<Plan, 'guard'>,
  isPullRequestHead: boolean
): Promise<BatchOnPullRequest> {
  const wanted = approvable(plan.guard)
  const pr = pullRequestOf(runner)
  if (wanted === undefined || !pr || !roster.commentToken) return undefined
  if (!isPullRequestHead) return { why: "this plan is not of the pull request's head commit" }
  const token = roster.commentToken
  const who = await whoAmI(ctx, pr.apiUrl, token)
  if (!who.ok) return { why: `GitHub would not say who the pr-comment-token is (${untrusted(who.message, 300)})` }
  const pull = { number: pr.number, headSha: pr.headSha, authorId: runner.pullRequest?.authorId }
  if (!pull.headSha || pull.authorId === undefined)
    return { why: "the event does not say the pull request's head commit and author" }
  const read = await latestVerdicts(ctx, pr.apiUrl, pr.repository, token, pr.number)
  if (!read.ok) return { why: read.why }
  const got = await batchApproval(ctx, pr.apiUrl, pr.repository, token, who.me, pull, read.latest, wanted)
  return got.ok ? { approval: got.approval } : { why: got.why }
}

/**
 * The plan as its comment shows it, with what the pull request says of the approval: the guard
 * approved (and who approved it), or its refusal with why no approval counts yet. The plan itself
 * is never edited (its digest covers only its changes, so the reviewed trailer is the same).
 */
export function shownWithBatch<P extends Pick<Plan, 'guard'>>(shown: P, batch: BatchOnPullRequest): P {
  if (!batch) return shown
  if ('approval' in batch) {
    const approved = approveGuard(shown.guard, batch.approval)
    return approved ? { ...shown, guard: approved } : shown
  }
  const reason = `${shown.guard.reason ?? ''} Not approved yet: ${batch.why}.`
  return { ...shown, guard: { ...shown.guard, reason } }
}

/**
 * On the merge, the approval the apply takes: the first merged pull request whose reviewers approved
 * exactly the plan's lock-outs; the log says who, or why none counts (the guard's refusal then stands).
 */
export function approvalOfMerge(
  found: { pr: number; batch?: { ok: true; approval: GuardApproval } | { ok: false; why: string } }[]
): GuardApproval | undefined {
  for (const f of found) {
    if (f.batch?.ok) {
      const a = f.batch.approval
      core.info(
        `The removals are approved on pull request #${a.pr} by @${untrusted(a.by, 100)}: ${a.count} people may be locked out in this run.`
      )
      return a
    }
  }
  for (const f of found)
    if (f.batch && !f.batch.ok)
      core.info(`No approval of the removals on pull request #${f.pr}: ${untrusted(f.batch.why, 1000)}.`)
  return undefined
}
