/**
 * Door access as code, in the action: the roster pipeline. rosterPipeline is its steps in order:
 * read and parse the roster (every problem annotated on its line, before any request), read
 * DoorFlow (signed in with the scopes the run needs), plan, guard (once: the apply takes that
 * verdict), show the plan (log, outputs, plan file); then a dry run puts it up for review (job
 * summary, pull-request comment), and an apply checks that it is the plan reviewed, applies it,
 * reports what was applied and says whether a sync carries it. The steps come first, their
 * helpers after them. Called from main.ts, which alone fails the step.
 */
import * as core from '@actions/core'
import { writeSummaryOrWarn } from '../report.js'
import { annotate, unlistedErrors } from '../annotate.js'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Context } from '../net/clock.js'
import { withRetries } from '../net/retry.js'
import { DoorFlowClient } from '../doorflow/client.js'
import { SYNC } from '../doorflow/operations.js'
import { inertMarkdown, untrusted } from '../untrusted.js'
import type { PruneMode, Settings, RosterSettings } from '../settings.js'
import { signIn } from '../sign-in.js'
import { heldContext, type Hold } from '../signals.js'
import { people, plural, verb } from '../format.js'
import {
  GROUPS_READ_SCOPE,
  PEOPLE_WRITE_SCOPE,
  PeopleClient,
  READ_SCOPES,
  readAccount,
  ROLES_READ_SCOPE,
  type Account
} from '../doorflow/people.js'
import { addApplySummary, applyRoster, NOTHING_APPLIED, setApplyOutputs, type ApplyVerdict } from './apply-step.js'
import { judgePlan, type GuardVerdict } from './guard.js'
import { parseRoster } from './parse.js'
import { readRosterFiles } from './roster-files.js'
import type { Plan, PlannedChange } from './plan.js'
import {
  personalView,
  published,
  publishedChange,
  publishedProblems,
  repositoryVisibility,
  type PersonalView
} from './personal.js'
import { planRoster } from './planner.js'
import {
  commentFailureFailsStep,
  MAX_PLAN_COMMENTS,
  pullRequestOf,
  pushOf,
  reviewedPlanComments,
  upsertPlanComments,
  type PlanComments,
  type PullRequest
} from '../github/comments.js'
import { hiddenDigestLine, planDigest, rosterKey } from './digest.js'
import {
  compareWithReviewed,
  MAX_LISTED_PROBLEMS,
  problemLine,
  problemsComment,
  problemsMarkdown,
  stamp,
  type FoundReview,
  type ReviewCheck
} from './review.js'
import { syncAfterApply } from './sync-after.js'
import {
  describeChange,
  driftLines,
  guardLine,
  planMarkdownParts,
  planText,
  unmanagedLines,
  type PlannedCommit
} from './render.js'
import { changedFiles } from './drift.js'
import { plannedCommitOf, type PlannedOf } from './commit.js'
import type { Runner } from '../runner.js'
import type { Problem, Roster } from './roster.js'

/** What applying needs: writing people (which covers reading them), reading groups and roles, and the sync after. */
export const APPLY_SCOPES = [PEOPLE_WRITE_SCOPE, GROUPS_READ_SCOPE, ROLES_READ_SCOPE, 'account.sync'] as const

export interface RosterOutcome {
  ok: boolean
  /** The failure, in one line. */
  message?: string
  plan?: Plan
  /** After an apply: sync with this sign-in (main.ts runs the sync with every rule it has). */
  sync?: { accessToken: string; note: string }
  /** The job was cancelled while applying. */
  cancelled?: boolean
  /** After an apply that sent no sync (nothing written, sync: auto): why, for the log, outputs and summary. */
  noSync?: string
  /** Whether any write may have reached DoorFlow (so the run's end must say whether a sync carried it). */
  wrote?: boolean
  /** The job summary already says the failure (the apply's section): runRoster does not say it again. */
  summarised?: boolean
  /** Markdown (already gated) for the summary under the failure line, e.g. the problems listed. */
  details?: string
}

/** What every step of a roster run may use: the step's settings, the roster's, the clock and budget, the cancel hold. */
interface RosterRun {
  settings: Settings
  roster: RosterSettings
  ctx: Context
  hold: Hold
  /** Whether the log, summary and comment show personal data (personal.ts); the plan file always does. */
  view: PersonalView
}

/** A step ends the run here, with this outcome. */
interface Stop {
  stop: RosterOutcome
}

/** The roster path of the action; a failure is also the job summary's first line. */
export async function runRoster(
  settings: Settings,
  roster: RosterSettings,
  ctx: Context,
  hold: Hold
): Promise<RosterOutcome> {
  const view = personalView(roster.personalData, repositoryVisibility(settings.runner))
  core.info(view.why)
  const outcome = await rosterPipeline({ settings, roster, ctx, hold, view })
  await summariseFailure(settings.runner, outcome)
  return outcome
}

/**
 * The pipeline, one named step a line: read and parse the roster, read DoorFlow, plan, guard,
 * show the plan; then a dry run reviews it on the pull request, and an apply checks it was the
 * plan reviewed, applies it under the guard's verdict and says whether a sync carries it. A step
 * that must end the run returns its outcome (a Stop).
 */
async function rosterPipeline(run: RosterRun): Promise<RosterOutcome> {
  const parsed = await readAndParseRoster(run)
  if ('stop' in parsed) return parsed.stop
  const doorflow = await readDoorFlow(run, parsed.roster)
  if ('stop' in doorflow) return doorflow.stop
  const planned = await planAgainstAccount(run, parsed.roster, doorflow.account)
  if ('stop' in planned) return planned.stop
  const verdict = guardPlan(planned.plan)
  const digest = showPlan(run, planned.plan)
  if (run.roster.dryRun) return reviewOnPullRequest(run, planned.plan, parsed.roster.files, digest)
  const reviewed = await checkBeforeApply(run, planned.plan)
  if ('stop' in reviewed) return reviewed.stop
  const applied = await applyUnderGuard(run, planned.plan, verdict, doorflow)
  await reportApplied(run.settings.runner, applied, reviewed.summary, run.view)
  return syncAfter(run, planned.plan, applied, doorflow.signedIn)
}

/** Reads and validates the roster's files; on a problem nothing is written, and the run ends (see reportProblems). */
async function readAndParseRoster(run: RosterRun): Promise<{ roster: Roster } | Stop> {
  const { roster } = run
  const loaded = loadRoster(roster.path, roster.workspace)
  if (loaded.problems.length) {
    const problems = publishedProblems(run.view, loaded.problems, () => peopleNames(loaded.roster))
    annotateProblems(problems)
    return { stop: await reportProblems(run, { roster: loaded.roster, problems }) }
  }
  core.info(
    `Roster: ${people(loaded.roster.people.length)} from ${untrusted(loaded.roster.files.join(', '))}; ` +
      (loaded.roster.manages.length
        ? `manages ${untrusted(loaded.roster.manages.join(', '))}`
        : 'no manages (nobody is ever removed)') +
      `; prune: ${roster.prune}.`
  )
  return { roster: loaded.roster }
}

/** What the run signed in with and read from DoorFlow. */
interface DoorFlowRead {
  signedIn: { accessToken: string; note: string }
  client: PeopleClient
  account: Account
}

/** Signs in with the scopes the run needs, and reads DoorFlow's groups, roles and people. */
async function readDoorFlow(run: RosterRun, roster: Roster): Promise<DoorFlowRead | Stop> {
  const { settings, ctx } = run
  const scopes = run.roster.dryRun ? READ_SCOPES : APPLY_SCOPES
  const signedIn = await signIn(ctx, settings.auth, settings.baseUrl, run.hold, scopes)
  if (!signedIn.ok) return { stop: await notPlanned(ctx, settings.runner, run.roster, roster.files, signedIn.message) }
  const client = new PeopleClient(settings.baseUrl, signedIn.accessToken)
  core.info(`Reading groups, roles and people from ${settings.baseUrl}.`)
  const read = await readAccount(ctx, client)
  if (!read.ok) return { stop: await notPlanned(ctx, settings.runner, run.roster, roster.files, read.message) }
  const { account } = read
  core.info(
    `Read ${people(account.people.length)}, ${plural(account.groups.length, 'group')} and ${plural(account.roles.length, 'role')} in ${plural(account.requests, 'request')}.`
  )
  return { signedIn, client, account }
}

/**
 * Plans the roster against what DoorFlow holds, who can open a door judged at the clock's now, with
 * every input that shapes the plan given to the planner (unmanaged, the changed files for drift,
 * max-removals for the guard's report): the plan comes back finished, and nothing edits it after. A
 * roster that does not fit DoorFlow ends the run.
 */
async function planAgainstAccount(run: RosterRun, parsed: Roster, account: Account): Promise<{ plan: Plan } | Stop> {
  const { roster, ctx } = run
  const changed = await changedFiles(run.settings.runner, roster.workspace)
  const planned = planRoster(parsed, account, roster.prune, {
    now: ctx.clock.now(),
    maxRemovals: run.settings.maxRemovals,
    unmanaged: roster.unmanaged,
    drift: { changed, rosterPath: roster.path }
  })
  const { plan } = planned
  const problems = publishedProblems(run.view, planned.problems, () => peopleNames(parsed, account))
  if (problems.length) {
    annotateProblems(problems)
    return { stop: await problemsFound(ctx, run.settings.runner, roster, parsed.files, problems, []) }
  }
  if (changed.kind === 'unknown') core.info(`Drift: no change is marked as drift: ${changed.why}.`)
  else if (changed.kind === 'all') core.info(`Drift: ${changed.why}.`)
  else if (plan.changes.length) core.info(`Drift: judged from ${changed.why}.`)
  return { plan }
}

/**
 * The guard's verdict, once per run, judged from the finished plan (whose report the planner
 * made with the run's max-removals): what the apply takes. It holds the plan's digest, and
 * applyRoster refuses a plan whose digest is not that one.
 */
export function guardPlan(plan: Plan): GuardVerdict {
  return judgePlan(plan)
}

/** Shows the plan in the log (without personal data when hidden), the outputs and the plan file (all of it); returns its digest. */
function showPlan({ roster, settings, view }: RosterRun, plan: Plan): string {
  const planFile = writePlanFile(settings.runner.temp, plan)
  const shown = published(view, plan)
  const digest = planDigest(plan)
  core.setOutput('changes', String(plan.changes.length))
  core.setOutput('drift', plan.drift === undefined ? '' : String(plan.drift))
  core.setOutput('plan-file', planFile)
  const [headline, ...details] = planText(shown, { withGuard: false, withNotes: false })
  const mode = roster.dryRun ? 'Dry run: nothing was written and no sync was sent.' : 'Applying it.'
  core.info(`${headline} Digest ${digest}. ${mode} The plan as JSON: ${planFile}`)
  const guarded = guardLine(shown)
  if (!plan.guard.refused) core.info(guarded)
  if (details.length) {
    core.startGroup(`The plan, person by person (${plural(plan.changes.length, 'change')})`)
    for (const line of details) core.info(line)
    core.endGroup()
  }
  for (const line of [...driftLines(shown), ...unmanagedLines(shown)]) core.info(line)
  return digest
}

/**
 * A dry run's last step: the plan for review, in the job summary and on the pull request. A plan
 * the apply would refuse is said here, not first after the merge.
 */
async function reviewOnPullRequest(
  run: RosterRun,
  plan: Plan,
  files: string[],
  digest: string
): Promise<RosterOutcome> {
  const { roster, ctx } = run
  const unmanaged = unmanagedFailure(roster, plan)
  const shown = published(run.view, plan)
  if (shown.guard?.refused)
    annotate('warning', `The apply would be refused: ${shown.guard.reason ?? ''}`, { title: 'Roster' })
  const { runner } = run.settings
  const planned = await plannedCommitOf(runner, roster.workspace)
  const notTheHead = runner.pullRequest && !planned.isPullRequestHead ? notReviewedNote(planned) : undefined
  if (notTheHead) annotate('warning', untrusted(`${planned.why}.`, 1000), { title: 'Roster' })
  const body = `${notTheHead ? `${notTheHead}\n\n` : ''}${summaryParts(shown, files, planned.commit)}`
  if (runner.summary) {
    await writeSummaryOrWarn(core.summary.addRaw(`${body}\n\nPlan digest \`${digest}\`.\n`, true).write())
  }
  const notShown = await commentOnPullRequest(
    ctx,
    runner,
    roster,
    pr => planComments(plan, files, planned.commit, pr, rosterKey(roster.path), ctx.clock.now(), planned, shown),
    planned
  )
  const failures = [unmanaged && `${unmanaged} Dry run: nothing was written.`, notShown].filter(Boolean)
  if (failures.length) return { ok: false, message: failures.join(' '), plan }
  return { ok: true, plan }
}

/**
 * Before an apply: nothing is written when unmanaged: fail finds people no roster manages, or
 * (see checkReviewed) when this plan is not the one reviewed on the merged pull request.
 * `summary`: what the review check says, for the job summary below the apply's verdict.
 */
async function checkBeforeApply(run: RosterRun, plan: Plan): Promise<{ summary: string } | Stop> {
  const unmanaged = unmanagedFailure(run.roster, plan)
  if (unmanaged) return { stop: { ok: false, message: `${unmanaged} Nothing was written.`, plan } }
  const review = await checkReviewed(run.ctx, run.settings.runner, run.roster, plan, run.view)
  return review.stop ? { stop: review.stop } : { summary: review.summary }
}

/** How the apply went: its verdict, and after a cancel whether the one sync sent at once was accepted. */
interface Applied {
  verdict: ApplyVerdict
  cancelled: boolean
  /** After a cancel: what became of the sync sent at once. */
  synced?: string
}

/**
 * The writes, under the guard's verdict on this plan (applyRoster refuses before the first
 * write unless it lets the plan through). A cancel stops new writes, lets those under way run until
 * the reserve before the kill (then aborts them), and sends one sync at once, so that revocations
 * already written reach the doors before the runner ends the step.
 */
async function applyUnderGuard(
  run: RosterRun,
  plan: Plan,
  guarded: GuardVerdict,
  doorflow: DoorFlowRead
): Promise<Applied> {
  const { settings, ctx } = run
  const apply = { writeConcurrency: settings.writeConcurrency, view: run.view }
  let cancelled = false
  let synced: string | undefined
  const verdict = await run.hold('applying the roster', async held => {
    const stop = () => (held.timeLeft() === Infinity ? undefined : 'the job was cancelled')
    const writes = heldContext(ctx, held, CANCEL_SYNC_RESERVE_MS)
    const done = await applyRoster(writes, plan, guarded, doorflow.client, apply, stop)
    cancelled = stop() !== undefined
    if (cancelled && done.wrote) {
      core.info('Cancelled: sending one sync now, so that the changes already written reach the doors.')
      const client = new DoorFlowClient(settings.baseUrl, doorflow.signedIn.accessToken)
      const sync = await withRetries(heldContext(ctx, held), SYNC, (t, s) => client.sync(t, s))
      synced = sync.ok
        ? 'DoorFlow accepted a sync that carries what was written to the doors.'
        : `No sync was accepted (${sync.message ?? 'not sent'}): the doors may not have what was written; run again.`
      core.info(synced)
    } else if (cancelled) {
      synced = 'Nothing was written, so no sync was sent.'
    }
    return done
  })
  return { verdict, cancelled, synced }
}

/**
 * Reports the apply: its outputs, and its section of the job summary with the review check below
 * it; after a cancel, one line under it for the cancel and the sync it sent (the section already
 * says what was and was not written, so the run's failure is not said again).
 */
async function reportApplied(
  runner: Runner,
  { verdict, cancelled, synced }: Applied,
  reviewSummary: string,
  view: PersonalView
): Promise<void> {
  setApplyOutputs(verdict.refused ? undefined : (verdict.result?.counts ?? NOTHING_APPLIED))
  addApplySummary(verdict, view)
  if (cancelled)
    core.summary.addRaw(`\n### ⏹️ Cancelled while applying the roster\n\n${inertMarkdown(synced ?? '', 500)}\n`, true)
  core.summary.addRaw(`\n${reviewSummary}\n`, true)
  if (runner.summary) {
    await writeSummaryOrWarn(core.summary.write())
  }
}

/**
 * The last step of an apply: whether a sync carries what was applied. main.ts sends it, with the token
 * signed in here; nothing to carry when the guard refused, and nothing written syncs only on
 * sync: always (sync-after.ts). A cancelled run already sent its one sync.
 */
function syncAfter(run: RosterRun, plan: Plan, applied: Applied, signedIn: DoorFlowRead['signedIn']): RosterOutcome {
  const { verdict, cancelled, synced } = applied
  if (cancelled) {
    return {
      ok: false,
      cancelled: true,
      summarised: true,
      wrote: verdict.wrote,
      plan,
      message: `while applying the roster. ${verdict.message ?? ''} ${synced ?? ''}`.replace(/\s+/g, ' ').trim()
    }
  }
  const after = syncAfterApply(run.settings.roster?.sync ?? 'auto', verdict)
  return {
    ok: verdict.ok,
    message: verdict.message,
    summarised: true,
    plan,
    wrote: verdict.wrote,
    ...(after.sync ? { sync: signedIn } : { noSync: after.why })
  }
}

/** A failed run's outcome as the job summary's first line, unless the apply's section already says it. */
async function summariseFailure(runner: Runner, outcome: RosterOutcome): Promise<void> {
  if (outcome.ok || outcome.summarised || !runner.summary) return
  // The blank line first: a heading right after an HTML block (the apply's) would show as text.
  const message = inertMarkdown(outcome.message ?? 'The roster run failed.', 2000)
  await writeSummaryOrWarn(
    core.summary
      .addRaw(`\n### ❌ DoorFlow roster failed\n\n${message}\n${outcome.details ? `\n${outcome.details}\n` : ''}`, true)
      .write()
  )
}

/** The roster's files, parsed and validated: no request is sent before this says ok. */
export function loadRoster(path: string, workspace: string): { roster: Roster; problems: Problem[] } {
  const read = readRosterFiles(path, workspace)
  if (read.problems.length) return { roster: { manages: [], people: [], files: [] }, problems: read.problems }
  return parseRoster(read.files)
}

export type Planned = { ok: true; plan: Plan; problems: Problem[]; account: Account } | { ok: false; message: string }

/**
 * Reads groups, roles and people, and plans the roster against them, who can open a door judged
 * at the clock's now, with the default max-removals and no drift marked (nothing is applied from it).
 */
export async function planAgainstDoorFlow(
  ctx: Context,
  client: PeopleClient,
  roster: Roster,
  prune: PruneMode
): Promise<Planned> {
  const read = await readAccount(ctx, client)
  if (!read.ok) return read
  const { plan, problems } = planRoster(roster, read.account, prune, { now: ctx.clock.now() })
  return { ok: true, plan, problems, account: read.account }
}

/** The names ("First Last") of the roster's people and of DoorFlow's, as problems may quote them. */
function peopleNames(roster: Roster, account?: Account): string[] {
  const name = (first: unknown, last: unknown) =>
    `${typeof first === 'string' ? first : ''} ${typeof last === 'string' ? last : ''}`.trim()
  return [
    ...roster.people.map(p => name(p.fields.first_name, p.fields.last_name)),
    ...(account?.people ?? []).map(p => name(p.first_name, p.last_name))
  ]
}

/**
 * One error per problem, on its file and line when it has one, in the order found (the file's own
 * problems first, top to bottom), for the first MAX_LISTED_PROBLEMS (as the summary and comment
 * list them): the step's annotation budget (annotate.ts) makes the first ones annotations and logs
 * the rest. Those past them are only counted, so a file with 100,000 typos is not 100,000 lines of
 * log; the step's end says how many were left out.
 */
export function annotateProblems(problems: Problem[]): void {
  for (const p of problems.slice(0, MAX_LISTED_PROBLEMS)) {
    const message = untrusted(p.message, 2000)
    annotate(
      'error',
      message,
      p.at ? { title: 'Roster', file: p.at.file, startLine: p.at.line, startColumn: p.at.col } : { title: 'Roster' }
    )
  }
  if (problems.length > MAX_LISTED_PROBLEMS) unlistedErrors(problems.length - MAX_LISTED_PROBLEMS)
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

/** With unmanaged: fail, the failure when DoorFlow has people with door access whom no roster manages. */
export function unmanagedFailure(roster: Pick<RosterSettings, 'unmanaged'>, plan: Plan): string | undefined {
  const count = plan.unmanaged?.count ?? 0
  if (roster.unmanaged !== 'fail' || !count) return undefined
  return `Input unmanaged is fail, and ${people(count)} in DoorFlow ${verb(count, 'has', 'have')} door access that no roster manages (named above): add them to a roster (npm run export writes entries for them), disable them in DoorFlow, or set unmanaged: report.`
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
 * The roster file has problems: nothing is written. When DoorFlow can be read, the valid part of
 * the roster is planned against it (read-only scopes), so that unknown groups and taken emails
 * come in the same run as the file's own problems.
 */
async function reportProblems(
  { settings, roster, ctx, hold, view }: RosterRun,
  loaded: { roster: Roster; problems: Problem[] }
): Promise<RosterOutcome> {
  const files = loaded.roster.files
  let later: Problem[] = []
  let note: string | undefined
  if (files.length) {
    const signedIn = await signIn(ctx, settings.auth, settings.baseUrl, hold, READ_SCOPES)
    if (signedIn.ok) {
      core.info(`Checking the valid part of the roster against DoorFlow (${settings.baseUrl}); nothing is written.`)
      const client = new PeopleClient(settings.baseUrl, signedIn.accessToken)
      const planned = await planAgainstDoorFlow(ctx, client, loaded.roster, roster.prune)
      if (planned.ok)
        later = publishedProblems(view, planned.problems, () => peopleNames(loaded.roster, planned.account))
      else note = `DoorFlow could not be read (${planned.message}), so the roster was not checked against it.`
    } else note = `DoorFlow could not be read (${signedIn.message}), so the roster was not checked against it.`
  }
  if (later.length) annotateProblems(later)
  if (note) annotate('warning', untrusted(note, 2000), { title: 'Roster' })
  const read = files.length > 0 && note === undefined
  return problemsFound(ctx, settings.runner, roster, files, [...loaded.problems, ...later], loaded.problems, note, read)
}

/** The roster cannot be planned: its problems go to the log, the summary and the pull request. */
async function problemsFound(
  ctx: Context,
  runner: Runner,
  roster: RosterSettings,
  files: string[],
  problems: Problem[],
  fileProblems: Problem[],
  note?: string,
  readDoorFlow = true
): Promise<RosterOutcome> {
  const against = problems.length - fileProblems.length
  const split =
    fileProblems.length && against ? ` (${fileProblems.length} in the file, ${against} against DoorFlow)` : ''
  const where = fileProblems.length
    ? `The roster has ${plural(problems.length, 'problem')}${split}`
    : `The roster does not fit DoorFlow: ${plural(problems.length, 'problem')}`
  const notShown = await commentOnPullRequest(ctx, runner, roster, pr =>
    [problemsComment(problems, files, note), '', stamp(pr.headSha, ctx.clock.now())].join('\n')
  )
  // The run fails for the problems; the comment's failure is said beside them.
  if (notShown) annotate('warning', notShown)
  return {
    ok: false,
    message: `${where}; nothing was ${readDoorFlow ? '' : 'read from or '}written to DoorFlow. First: ${problemLine(problems[0])}`,
    details: problemsMarkdown(problems).join('\n')
  }
}

/** No plan could be made (sign-in or reading DoorFlow failed): said on the pull request too. */
async function notPlanned(
  ctx: Context,
  runner: Runner,
  roster: RosterSettings,
  files: string[],
  message: string
): Promise<RosterOutcome> {
  const notShown = await commentOnPullRequest(ctx, runner, roster, pr =>
    [
      '### ❌ DoorFlow roster: not planned',
      '',
      `The roster ${files.map(f => inertMarkdown(f, 200)).join(', ')} could not be planned: ${inertMarkdown(message, 2000)}`,
      '',
      stamp(pr.headSha, ctx.clock.now())
    ].join('\n')
  )
  if (notShown) annotate('warning', notShown)
  return { ok: false, message }
}

/**
 * Before every apply: is every change of this plan reviewed on a pull request the push merged (one,
 * or a merge queue's several)? Only a push has one (the merge's commit leads to it); an apply on any
 * other event (dry-run: false on a dispatch, a schedule…) has none, so it is unreviewed, and
 * unreviewed-changes: fail refuses it as it refuses a push's. `summary`: Markdown for the job
 * summary, below the apply's verdict. `stop`: the apply must not go on (fail, and the plan is not
 * the reviewed one or that cannot be told).
 */
async function checkReviewed(
  ctx: Context,
  runner: Runner,
  roster: RosterSettings,
  plan: Plan,
  view: PersonalView
): Promise<{ summary: string; stop?: RosterOutcome }> {
  const show = (c: PlannedChange) => publishedChange(view, c)
  const push = pushOf(runner)
  const key = rosterKey(roster.path)
  let check: ReviewCheck
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
  } else if (!roster.commentToken) {
    check = compareWithReviewed(
      plan,
      key,
      [],
      "pr-comment-token is empty, so the merged pull request cannot be read; leave it unset for the workflow's GITHUB_TOKEN, with permissions pull-requests: read"
    )
  } else {
    // The pull requests the push merged, newest first, until every change is accounted for.
    const enough = (found: FoundReview[]) => compareWithReviewed(plan, key, found, '').same
    const found = await reviewedPlanComments(ctx, push, roster.commentToken, key, enough)
    check = found.ok
      ? compareWithReviewed(plan, key, found.found, '', found.notes, show)
      : compareWithReviewed(plan, key, [], found.message, [], show)
    if (found.ok && found.looked > 1)
      core.info(
        `Looked up the pull requests of ${plural(found.looked, 'commit')} of this push (of ${push.commits.length}); ` +
          `${plural(found.found.length, 'plan comment')} read.`
      )
  }
  const summary = check.summary.join('\n')
  if (check.same) {
    core.info(check.line)
    return { summary }
  }
  // An empty plan writes nothing, so nothing unreviewed can reach DoorFlow: refusing it would fail a
  // run whose doors already have the roster.
  if (!plan.changes.length) {
    core.info(`${check.line} The plan is empty: nothing is written, so nothing unreviewed.`)
    return { summary }
  }
  if (roster.unreviewedChanges === 'warn') {
    annotate('warning', untrusted(check.line, 2000), { title: 'Roster' })
    for (const c of check.unreviewed.slice(0, 50)) core.info(`  unreviewed: ${describeChange(show(c))}`)
    return { summary }
  }
  const message =
    `${check.line} unreviewed-changes is fail, so nothing was written. ` +
    'Open a pull request (any change to the roster) to review the current plan and merge it, or set unreviewed-changes: warn.'
  setApplyOutputs(undefined)
  return { summary, stop: { ok: false, plan, message, details: summary } }
}

/**
 * Time kept back from the writes after a cancel, for the one sync that carries what was applied:
 * a sync request that answers within 3 s. Writes in flight are aborted when only this is left
 * before the runner's kill (SIGINT gives 10 s, SIGTERM 2.5 s; see signals.ts).
 */
export const CANCEL_SYNC_RESERVE_MS = 3000

/** The plan as JSON in a new file under RUNNER_TEMP (the plan-file output). */
function writePlanFile(base: string, plan: Plan): string {
  mkdirSync(base, { recursive: true })
  const file = join(mkdtempSync(join(base, 'doorflow-roster-')), 'plan.json')
  writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`)
  return file
}

/**
 * On a pull request (a dry run), comments updated in place: the plan (in parts when it is long), or
 * why there is none (and any part an earlier plan left is deleted). Returns the step's failure, in
 * one line, when the plan could not be shown whole (commentFailureFailsStep): then our earlier plan
 * comment says it is out of date, or the line says it could not be marked. A token that may not
 * comment at all, with no plan of ours on the pull request, is a warning only.
 */
async function commentOnPullRequest(
  ctx: Context,
  runner: Runner,
  roster: RosterSettings,
  body: (pr: PullRequest) => string | PlanComments,
  planned?: PlannedOf
): Promise<string | undefined> {
  if (!roster.dryRun) return undefined
  const pr = pullRequestOf(runner)
  if (!pr) return undefined
  if (!roster.commentToken) {
    core.info('No pr-comment-token: the plan is in the job summary only.')
    return undefined
  }
  // What the workspace holds is what was read: a comment of another commit than the pull request's
  // is stamped with that commit, and a problems comment says it too (a plan's does, in planComments).
  const of = planned ?? (await plannedCommitOf(runner, roster.workspace))
  const shown = of.isPullRequestHead ? pr : { ...pr, headSha: of.commit.sha }
  const made = body(shown)
  const text = typeof made === 'string' && !of.isPullRequestHead ? `${notReviewedNote(of)}\n\n${made}` : made
  const result = await upsertPlanComments(ctx, pr, roster.commentToken, rosterKey(roster.path), {
    ...(typeof text === 'string' ? { rest: [], first: () => text } : text),
    stale: staleComment(pr, ctx.clock.now()),
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
function staleComment(pr: PullRequest, now: number): string {
  const server = process.env['GITHUB_SERVER_URL'] ?? ''
  const run = process.env['GITHUB_RUN_ID'] ?? ''
  const link =
    /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(server) && /^\d{1,20}$/.test(run) && /^[\w.-]+\/[\w.-]+$/.test(pr.repository)
      ? `[this run](${server.replace(/\/+$/, '')}/${pr.repository}/actions/runs/${run})`
      : "this run's log"
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
