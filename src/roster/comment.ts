/**
 * A roster run's words for review: the plan as pull-request comments (in parts when it is long),
 * the dry run's job summary, and the comment itself, written in place on the pull request (or why
 * there is no plan), with the out-of-date text that stands while its parts are rewritten, and the
 * stamp that dates a comment.
 */
import * as core from '@actions/core'
import { annotate } from '../annotate.js'
import type { Context } from '../net/context.js'
import { inertMarkdown, untrusted } from '../untrusted.js'
import type { RosterSettings } from '../settings.js'
import { plural } from '../format.js'
import type { Runner } from '../runner.js'
import { MAX_PLAN_COMMENTS, pullRequestOf, type PullRequest } from '../github/comments.js'
import { commentFailureFailsStep, upsertPlanComments, type PlanComments } from '../github/plan-comments.js'
import { hiddenDigestLine, planDigest, rosterKey } from './digest.js'
import type { Plan } from './plan.js'
import { planMarkdownParts, type PlannedCommit } from './render.js'
import { plannedCommitOf, type PlannedOf } from './planned-commit.js'

/** "commit 1a2b3c4d5e6f · 2026-12-05 18:00 UTC": when and of what a comment was written. */
export function stamp(sha: string | undefined, nowMs: number): string {
  const time = new Date(nowMs).toISOString().slice(0, 16).replace('T', ' ')
  const commit = sha && /^[0-9a-f]{7,64}$/i.test(sha) ? `commit \`${sha.slice(0, 12)}\` · ` : ''
  return `${commit}${time} UTC`
}

/** Room kept in part 1 for the links to the other parts (MAX_PLAN_COMMENTS - 1 links of up to 300 characters, and a note). */
const LINKS_RESERVE = 7_000

/**
 * The plan as pull-request comments, each under GitHub's 65,536 characters: part 1 (access changes
 * first, the digest, the hidden change hashes the apply reads) links to parts 2..; each other part
 * names the digest and commit it belongs to, so a reviewer can tell it matches part 1. Past
 * MAX_PLAN_COMMENTS parts, part 1 says where the rest is.
 */
export function planComments(
  plan: Plan,
  files: string[],
  commit: PlannedCommit,
  pr: PullRequest,
  roster: string,
  now: number,
  planned?: PlannedOf,
  shown: Plan = plan
): PlanComments {
  // A plan of another commit than the pull request's is never recorded as its reviewed plan: it
  // carries no trailer, so no apply finds a digest in it.
  const notTheHead = planned && !planned.isPullRequestHead ? notReviewedNote(planned) : undefined
  const trailer = notTheHead ? '' : hiddenDigestLine(plan, { roster, head: pr.headSha })
  const digest = planDigest(plan)
  const parts = planMarkdownParts(shown, {
    files,
    commit,
    restAt: 'on this pull request, linked at the end of this comment',
    maxChars: 60_000 - trailer.length - LINKS_RESERVE,
    footer: `_Planned by the DoorFlow Sync action for ${pr.repository}#${pr.number}; updated on every push._`
  })
  if (notTheHead) parts[0] = `${notTheHead}\n\n${parts[0]}`
  const count = parts.length
  // A plan whose last parts are not on the pull request was never shown whole to its reviewers: it
  // carries no trailer (so no apply takes it for a review), and the step fails (notWhole).
  const whole = count <= MAX_PLAN_COMMENTS
  const hidden = whole ? trailer : ''
  // Stamped with the commit planned: the head's only when it is the pull request's plan.
  const stamped = notTheHead ? planned?.commit.sha : pr.headSha
  const tag = `Plan digest \`${digest}\` · ${stamp(stamped, now)}`
  const rest = parts
    .slice(1, MAX_PLAN_COMMENTS)
    .map((part, i) =>
      [part, '', `Part ${i + 2} of ${count} of the plan with digest \`${digest}\` · ${stamp(stamped, now)}`].join('\n')
    )
  const first = (links: (string | undefined)[]) => {
    if (count === 1) return [parts[0], '', tag, hidden].join('\n')
    const named = links.map((url, i) => (url ? `[part ${i + 2}](${url})` : `part ${i + 2} (below)`))
    const over =
      count > MAX_PLAN_COMMENTS
        ? [
            '',
            `> Parts ${MAX_PLAN_COMMENTS + 1}–${count} are not on the pull request (a plan takes at most ${MAX_PLAN_COMMENTS} comments), so this plan cannot be reviewed here and no apply takes it for a review: split the change into smaller pull requests. Every change is in this run's job summary and log (the group "The plan, person by person"), and in the plan-file output.`
          ]
        : []
    return [parts[0], '', `**The other parts of this plan:** ${named.join(' · ')}`, ...over, '', tag, hidden].join('\n')
  }
  const notWhole = whole
    ? undefined
    : `The plan takes ${count} comments and a pull request is given at most ${MAX_PLAN_COMMENTS}: parts ${MAX_PLAN_COMMENTS + 1}–${count} are not on pull request #${pr.number}, so it cannot be reviewed there and carries no digest for the apply. Split the change into smaller pull requests; every change is in this run's job summary.`
  return { rest, first, ...(notWhole ? { notWhole } : {}) }
}

/**
 * The plan's first line when it is not of the pull request's code (another commit was checked
 * out, e.g. the base on pull_request_target): said plainly, so nobody reviews it as the change's.
 */
export function notReviewedNote(planned: PlannedOf): string {
  const why = planned.why.charAt(0).toUpperCase() + planned.why.slice(1)
  // Our own words and hex SHAs read as they are; anything else (git's words) goes through the gate.
  return `> ⚠️ **Not a reviewed plan.** ${/^[\w\s'(),;.-]+$/.test(why) ? why : inertMarkdown(why, 1000)}.`
}

/** A job summary holds 1 MiB: the plan's parts stay under this many bytes, and the rest is in the log. */
const SUMMARY_MAX_BYTES = 900_000

/** The dry run's job summary: every part of the plan that fits in SUMMARY_MAX_BYTES, in order, access changes first. */
export function summaryParts(plan: Plan, files: string[], commit: PlannedCommit): string {
  const footer = '_Dry run: nothing was written to DoorFlow._'
  const parts = planMarkdownParts(plan, { files, commit, footer, restAt: 'below' })
  let out = ''
  for (const [i, part] of parts.entries()) {
    if (Buffer.byteLength(out + part) > SUMMARY_MAX_BYTES) {
      const rest = `${parts.length - i} of ${parts.length}`
      return `${out}\n> The last ${rest} parts of the plan do not fit in a job summary: every change is in the log (the group "The plan, person by person") and in the plan-file output.\n\n${footer}\n`
    }
    out += `${part}\n`
  }
  return out
}

/**
 * On a pull request (a dry run), comments updated in place: the plan (in parts when it is long), or
 * why there is none (and any part an earlier plan left is deleted). Returns the step's failure, in
 * one line, when the plan could not be shown whole (commentFailureFailsStep): then our earlier plan
 * comment says it is out of date, or the line says it could not be marked. A token that may not
 * comment at all, with no plan of ours on the pull request, is a warning only.
 */
export async function commentOnPullRequest(
  ctx: Context,
  runner: Runner,
  rosterSettings: RosterSettings,
  body: (pr: PullRequest) => string | PlanComments,
  planned?: PlannedOf
): Promise<string | undefined> {
  if (!rosterSettings.dryRun) return undefined
  const pr = pullRequestOf(runner)
  if (!pr) return undefined
  if (!rosterSettings.commentToken) {
    core.info('No pr-comment-token: the plan is in the job summary only.')
    return undefined
  }
  // What the workspace holds is what was read: a comment of another commit than the pull request's
  // is stamped with that commit, and a problems comment says it too (a plan's does, in planComments).
  const of = planned ?? (await plannedCommitOf(runner, rosterSettings.workspace))
  const shown = of.isPullRequestHead ? pr : { ...pr, headSha: of.commit.sha }
  const made = body(shown)
  const text = typeof made === 'string' && !of.isPullRequestHead ? `${notReviewedNote(of)}\n\n${made}` : made
  const result = await upsertPlanComments(ctx, pr, rosterSettings.commentToken, rosterKey(rosterSettings.path), {
    ...(typeof text === 'string' ? { rest: [], first: () => text } : text),
    stale: staleComment(runner.runUrl, pr, ctx.clock.now()),
    same: sameButTime
  })
  if (!result.ok) {
    const why = untrusted(result.message, 1000).replace(/\.$/, '')
    if (!commentFailureFailsStep(result)) {
      // The failure's advice says why a token may not comment, and that the plan is in the job summary.
      annotate('warning', `The plan is not on the pull request: ${why}.`)
      return undefined
    }
    const earlier = {
      none: '',
      marked: ' Our earlier plan comment now says it is out of date.',
      unmarked: ' Our earlier plan comment could not be marked out of date: it is stale, do not approve it.',
      unknown: ' Our plan comments could not be read, so an earlier plan there may be stale: do not approve it.'
    }[result.earlier]
    return `The plan could not be shown whole on pull request #${pr.number}: ${why}.${earlier} Re-run this job once GitHub accepts the comments; the plan is in this run's job summary.`
  }
  const { created, updated, unchanged, deleted } = result.parts
  const url = result.url ? `: ${untrusted(result.url, 300)}` : ''
  core.info(
    result.action === 'unchanged'
      ? `Plan comment on pull request #${pr.number} already shows this plan; not written again${url}.`
      : `Plan comment ${result.action} on pull request #${pr.number}${url}.`
  )
  if (created + updated + unchanged)
    core.info(
      `The plan's parts 2–${created + updated + unchanged + 1} are further comments on #${pr.number}: ${created} created, ${updated} updated, ${unchanged} unchanged.`
    )
  if (deleted) core.info(`${plural(deleted, 'plan comment')} left over from an earlier, longer plan deleted.`)
  if (result.foreign)
    core.info(
      `${plural(result.foreign, 'other comment')} on #${pr.number} carry the plan's marker but were not written by this token; left alone.`
    )
  return typeof text === 'string' ? undefined : text.notWhole
}

/**
 * What our part 1 says while a plan's parts are rewritten, and when the plan could not be shown whole:
 * out of date, with no trailer (so never read as a review), and where the run is.
 */
function staleComment(runUrl: string | undefined, pr: PullRequest, now: number): string {
  const link = runUrl ? `[this run](${runUrl})` : "this run's log"
  return [
    '### ⚠️ DoorFlow roster plan: out of date',
    '',
    `A newer plan is being written to this pull request, or could not be: until this comment shows it, it holds no plan, and no plan here may be approved. See ${link}.`,
    '',
    stamp(pr.headSha, now)
  ].join('\n')
}

/** Two comment bodies that differ only in the time they were planned at (the stamp's) say the same. */
function sameButTime(body: string, next: string): boolean {
  const sans = (text: string) => text.replace(/(^| · )\d{4}-\d\d-\d\d \d\d:\d\d UTC$/gm, '$1')
  return body === next || sans(body) === sans(next)
}
