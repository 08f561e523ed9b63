/**
 * The action's `access-review` input: sign in with the read scopes and the events scope, run the
 * review (run.ts), write its files into the directory inside the workspace, and show the review in
 * the job summary. Reads only: nothing is written to DoorFlow and no sync is sent. With `roster`,
 * grants are traced through the checkout's history and the pull requests, read with
 * pr-comment-token (the workflow's GITHUB_TOKEN by default), whose identity also wrote the apply
 * records the leavers' times come from.
 */
import * as core from '@actions/core'
import { mkdirSync, realpathSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Context } from '../net/context.js'
import { READ_SCOPES } from '../doorflow/people.js'
import { EVENTS_READ_SCOPE } from '../doorflow/events.js'
import { whoAmI } from '../github/comments.js'
import { writeSummaryOrWarn } from '../report.js'
import type { AccessReviewInput, Settings } from '../settings.js'
import { signIn } from '../sign-in.js'
import type { Hold } from '../signals.js'
import { isInside } from '../runner.js'
import { untrusted } from '../untrusted.js'
import { annotate } from '../annotate.js'
import { plural } from '../format.js'
import { runReview, type ReviewRun } from './run.js'
import { applyTimesOf } from './records.js'
import type { Review } from './review.js'

export async function runAccessReview(
  settings: Settings,
  input: AccessReviewInput,
  ctx: Context,
  hold: Hold
): Promise<{ ok: boolean; message?: string }> {
  const signedIn = await signIn(ctx, settings.auth, settings.baseUrl, hold, [...READ_SCOPES, EVENTS_READ_SCOPE])
  if (!signedIn.ok) return { ok: false, message: signedIn.message }
  const outDir = reviewDirectory(input)
  if (typeof outDir !== 'string') return outDir
  const { runner } = settings
  const token = settings.roster?.commentToken ?? ''
  let github: ReviewRun['github']
  if (settings.roster && token && runner.repository && runner.api.ok) {
    const me = await whoAmI(ctx, runner.api.url, token)
    if (!me.ok) annotate('warning', `The apply records cannot be told apart from others' comments: ${me.message}`)
    const server = runner.runUrl?.replace(/\/actions\/runs\/\d+$/, '')
    github = {
      apiUrl: runner.api.url,
      repository: runner.repository,
      token,
      // By id: GraphQL's login of a bot lacks the [bot] suffix that REST gives it.
      recordAuthor: user => me.ok && user.id === me.me.id,
      sharedAuthor: me.ok && /^github-actions(\[bot\])?$/.test(me.me.login),
      ...(server ? { pullUrl: (n: number) => `${server}/pull/${n}` } : {})
    }
  }
  core.info(`Access review: reading DoorFlow's people, groups and admits of the last ${input.windows.unusedDays} days.`)
  const done = await runReview(ctx, {
    workspace: input.workspace,
    roster: settings.roster?.path,
    outDir,
    options: { asOf: ctx.clock.now(), ...input.windows },
    doorflow: { baseUrl: settings.baseUrl, token: signedIn.accessToken },
    childEnv: runner.childEnv,
    recordTimes: applyTimesOf,
    ...(github ? { github } : {})
  })
  if (!done.ok) {
    for (const p of (done.problems ?? []).slice(0, 9))
      annotate('error', p.message, p.at ? { file: p.at.file, startLine: p.at.line, startColumn: p.at.col } : {})
    return { ok: false, message: `${done.message} No review was written.` }
  }
  const c = done.review.counts
  setReviewOutputs(done.review)
  core.info(
    `Access review: ${plural(c.groups, 'group')}, ${c.people} people, ${plural(c.grants, 'grant')}; ` +
      `${plural(c.leavers, 'leaver')} (${c.leaversFlagged} flagged); files in ${untrusted(input.dir, 200)} ` +
      `(${done.requests.doorflow} DoorFlow and ${done.requests.github} GitHub requests). Nothing was written to DoorFlow.`
  )
  if (!done.review.usage.complete)
    annotate('warning', `Access review: ${done.review.notes.find(n => n.startsWith("DoorFlow's events")) ?? ''}`)
  if (runner.summary) await writeSummaryOrWarn(core.summary.addRaw(done.markdown, true).write())
  return { ok: true }
}

/** The counts a workflow can branch on (action.yml's review-* outputs); numbers only, nothing from a server. */
export function setReviewOutputs(review: Review): void {
  const { flagged, grants, leavers, leaversFlagged } = review.counts
  core.setOutput('review-grants', String(grants))
  core.setOutput('review-unmanaged', String(flagged.unmanaged))
  core.setOutput('review-not-granted', String(flagged['not-granted']))
  core.setOutput('review-ending', String(flagged.ending))
  core.setOutput('review-unused', String(flagged.unused))
  core.setOutput('review-use-unknown', String(flagged['use-unknown']))
  core.setOutput('review-no-approval', String(flagged['no-approval']))
  core.setOutput('review-leavers', String(leavers))
  core.setOutput('review-leavers-flagged', String(leaversFlagged))
  core.setOutput('review-events-complete', String(review.usage.complete))
}

/** The directory, created inside the workspace; its real path must stay inside (settings.ts checked the name). */
function reviewDirectory(input: AccessReviewInput): string | { ok: false; message: string } {
  const fail = (why: string) => ({ ok: false as const, message: `Input 'access-review' ${why} No review was written.` })
  try {
    const root = realpathSync(input.workspace)
    const target = resolve(root, input.dir)
    mkdirSync(target, { recursive: true })
    const real = realpathSync(target)
    if (!isInside(real, root)) return fail('leads outside the workspace.')
    return real
  } catch (err) {
    return fail(`cannot be created: ${untrusted((err as Error).message, 200)}.`)
  }
}
