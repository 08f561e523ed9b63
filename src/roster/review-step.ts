/**
 * The review check before every apply: is every change of the plan the one reviewed on the pull
 * request the push merged (the hidden change hashes of its plan comment, reviewed-plan.ts)? It says so in
 * the log and the job summary, and refuses the apply on unreviewed-changes: fail.
 */
import * as core from '@actions/core'
import { annotate } from '../annotate.js'
import type { Context } from '../net/context.js'
import { inertMarkdown, untrusted } from '../untrusted.js'
import type { RosterSettings } from '../settings.js'
import { plural } from '../format.js'
import type { Runner } from '../runner.js'
import { pushOf } from '../github/comments.js'
import { reviewedPlanComments, type ReviewedPull } from '../github/reviewed.js'
import { unapprovedWarnings } from '../github/approvals.js'
import { setApplyOutputs } from './apply-step.js'
import { rosterKey } from './digest.js'
import type { Plan, PlannedChange } from './plan.js'
import { publishedChange, type PersonalView } from './personal.js'
import { describeChange } from './render.js'
import { compareWithReviewed, type FoundReview, type ReviewCheck } from './reviewed-plan.js'
import { approvable, approvalOfMerge } from './batch.js'
import type { GuardApproval } from './plan.js'

/**
 * Before every apply: is every change of this plan reviewed on a pull request the push merged (one,
 * or a merge queue's several)? Only a push has one (the merge's commit leads to it); an apply on any
 * other event (dry-run: false on a dispatch, a schedule…) has none, so it is unreviewed, and
 * unreviewed-changes: fail refuses it as it refuses a push's. `summary`: Markdown for the job
 * summary, below the apply's headline. `refusal`: the apply must not go on (fail, and the plan is
 * not the reviewed one or that cannot be told), and why, in one line. `approval`: when the guard
 * refused the plan's lock-outs as over max-removals, a reviewer's approval of exactly that many on a
 * merged pull request (batch.ts), which the apply's guard verdict takes.
 */
export async function checkReviewed(
  ctx: Context,
  runner: Runner,
  rosterSettings: RosterSettings,
  plan: Plan,
  view: PersonalView
): Promise<{ summary: string; refusal?: string; approval?: GuardApproval; pulls: ReviewedPull[] }> {
  const show = (c: PlannedChange) => publishedChange(view, c)
  const push = pushOf(runner)
  const key = rosterKey(rosterSettings.path)
  let check: ReviewCheck
  let approval: GuardApproval | undefined
  // The merged pull requests whose plan comment of this roster was read: where the apply's record goes.
  let pulls: ReviewedPull[] = []
  if (runner.event !== 'push') {
    const event = runner.event ? `a ${untrusted(runner.event, 100)} event` : 'a run without GITHUB_EVENT_NAME'
    check = compareWithReviewed(plan, key, [], `${event} has no merged pull request, so no plan was reviewed for it`)
  } else if (!push) {
    // A push whose commit cannot be told has no reviewed plan to find: unreviewed, never "not a push".
    check = compareWithReviewed(
      plan,
      key,
      [],
      'GITHUB_REPOSITORY or GITHUB_SHA is missing or malformed, so the merged pull request cannot be found'
    )
  } else if (!rosterSettings.commentToken) {
    check = compareWithReviewed(
      plan,
      key,
      [],
      "pr-comment-token is empty, so the merged pull request cannot be read; leave it unset for the workflow's GITHUB_TOKEN, with permissions pull-requests: read"
    )
  } else {
    // The pull requests the push merged, newest first, until every change is accounted for.
    const enough = (found: FoundReview[]) => compareWithReviewed(plan, key, found, '').same
    const fail = rosterSettings.unreviewedChanges === 'fail'
    const found = await reviewedPlanComments(
      ctx,
      push,
      rosterSettings.commentToken,
      key,
      enough,
      fail,
      approvable(plan.guard)
    )
    if (found.ok) approval = approvalOfMerge(found.found)
    if (found.ok) pulls = found.found
    check = found.ok
      ? compareWithReviewed(plan, key, found.found, '', found.notes, show)
      : compareWithReviewed(plan, key, [], found.message, [], show)
    // Under warn an unapproved pull request's plan still counts: said as a warning, and in the summary.
    for (const line of found.ok ? unapprovedWarnings(found.found) : []) {
      annotate('warning', untrusted(line, 1000), { title: 'Roster' })
      check.summary.push('', `⚠️ ${inertMarkdown(line, 1000)}`)
    }
    if (found.ok && found.looked > 1)
      core.info(
        `Looked up the pull requests of ${plural(found.looked, 'commit')} of this push (of ${push.commits.length}); ` +
          `${plural(found.found.length, 'plan comment')} read.`
      )
  }
  const summary = check.summary.join('\n')
  if (check.same) {
    core.info(check.line)
    return { summary, approval, pulls }
  }
  // An empty plan writes nothing, so nothing unreviewed can reach DoorFlow: refusing it would fail a
  // run whose doors already have the roster.
  if (!plan.changes.length) {
    core.info(`${check.line} The plan is empty: nothing is written, so nothing unreviewed.`)
    return { summary, pulls }
  }
  if (rosterSettings.unreviewedChanges === 'warn') {
    annotate('warning', untrusted(check.line, 2000), { title: 'Roster' })
    for (const c of check.unreviewed.slice(0, 50)) core.info(`  unreviewed: ${describeChange(show(c))}`)
    // A reviewer approved the lock-outs of the plan they read, not a count: when this plan is not
    // that one (DoorFlow or the roster changed since), the same count may be other people, so the
    // approval lets nobody through and the guard's refusal stands.
    if (approval)
      core.info(
        `The approval on pull request #${approval.pr} is of the plan reviewed there, and this plan is not it: the removals are not approved.`
      )
    return { summary, pulls }
  }
  const message =
    `${check.line} unreviewed-changes is fail, so nothing was written. ` +
    'Open a pull request (any change to the roster) to review the current plan and merge it, or set unreviewed-changes: warn.'
  setApplyOutputs(undefined)
  return { summary, refusal: message, pulls }
}
