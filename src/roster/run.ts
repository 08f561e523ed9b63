/**
 * Door access as code, in the action: the roster pipeline. rosterPipeline is its steps in order:
 * plan the roster (planTheRoster: read and parse it, every problem annotated on its line before
 * any request; read DoorFlow, signed in with the scopes the run needs; plan; guard, once: the apply
 * takes that verdict), show the plan (log, outputs, plan file); then a dry run puts it up for
 * review (job summary, pull-request comment), and an apply checks that it is the plan reviewed,
 * applies it, reports what was applied and says whether a sync carries it. The steps come first,
 * their helpers after them. `npm run plan` (script/plan.ts) runs planTheRoster with its own words.
 * Called from main.ts, which ends the step with the outcome (outcome.ts).
 */
import * as core from '@actions/core'
import { writeSummaryOrWarn } from '../report.js'
import { annotate } from '../annotate.js'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { DoorFlowClient } from '../doorflow/client.js'
import { SYNC } from '../doorflow/operations.js'
import { inertMarkdown, untrusted } from '../untrusted.js'
import type { Settings, RosterSettings } from '../settings.js'
import { signIn } from '../sign-in.js'
import { heldContext, type Hold } from '../signals.js'
import { headcount, plural, verb } from '../format.js'
import {
  GROUPS_READ_SCOPE,
  PEOPLE_WRITE_SCOPE,
  PeopleClient,
  READ_SCOPES,
  readAccount,
  ROLES_READ_SCOPE,
  type Account
} from '../doorflow/people.js'
import { addApplySummary, applyRoster, NOTHING_APPLIED, setApplyOutputs, type ApplyStepResult } from './apply-step.js'
import { judgePlan, type GuardVerdict } from './guard.js'
import { parseRoster } from './parse.js'
import { readRosterFiles } from './roster-files.js'
import type { GuardApproval, Plan } from './plan.js'
import { batchOnPullRequest, shownWithBatch } from './batch.js'
import { personalView, published, publishedProblems, repositoryVisibility, type PersonalView } from './personal.js'
import { planRoster } from './planner.js'
import { planDigest, rosterKey } from './digest.js'
import { syncAfterApply } from './sync-after.js'
import { driftCount, driftLines, guardLine, planText, unmanagedLines } from './render.js'
import { changedFiles, type ChangedFiles } from './drift.js'
import { plannedCommitOf } from './planned-commit.js'
import { commentOnPullRequest, notReviewedNote, planComments, summaryParts } from './comment.js'
import { annotateProblems, notPlanned, peopleNames, problemsFound, reportProblems } from './problems.js'
import { checkReviewed } from './review-step.js'
import { recordTargetOf } from './record-step.js'
import type { ReviewedPull } from '../github/reviewed.js'
import { summariseFailure, type RosterOutcome, type SignedIn, type Stop } from './outcome.js'
import type { Runner } from '../runner.js'
import type { Problem, Roster } from './roster.js'

/** What applying needs: writing people (which covers reading them), reading groups and roles, and the sync after. */
export const APPLY_SCOPES = [PEOPLE_WRITE_SCOPE, GROUPS_READ_SCOPE, ROLES_READ_SCOPE, 'account.sync'] as const

/**
 * What planTheRoster's steps use, in the action and in `npm run plan` alike: the roster's settings,
 * the clock and budget, and what each front end does where they differ (`End`: how it ends a run
 * that cannot plan; the action's is a RosterOutcome, the terminal's an exit code).
 */
export interface PlanRun<End = RosterOutcome> {
  rosterSettings: Pick<RosterSettings, 'path' | 'workspace' | 'prune' | 'unmanaged' | 'dryRun'>
  /** The guard's max-removals (undefined for the default). */
  maxRemovals: number | undefined
  ctx: Context
  /** Whether problems may show personal data (personal.ts); the plan itself always has it. */
  view: PersonalView
  /** The DoorFlow API root read from. */
  baseUrl: string
  /** Where the steps say what they did: the step's log in the action. */
  log: (line: string) => void
  /** Signs in to DoorFlow with these scopes. */
  signIn: (scopes: readonly string[]) => Promise<({ ok: true } & SignedIn) | { ok: false; message: string }>
  /** The files the commit planned changed, to tell drift by (drift.ts). */
  changedFiles: () => Promise<ChangedFiles>
  /** How a run that cannot plan ends. */
  cannotPlan: {
    /** The roster's own files have problems (`problems` as they may be shown); nothing was read yet. */
    rosterProblems: (roster: Roster, problems: Problem[]) => Promise<End>
    /** DoorFlow could not be signed in to or read. */
    unreadable: (files: string[], message: string) => Promise<End>
    /** The roster does not fit what DoorFlow holds. */
    misfit: (files: string[], problems: Problem[]) => Promise<End>
  }
}

/** What every step of the action's roster run may use: planTheRoster's, the step's settings, the cancel hold. */
interface RosterRun extends PlanRun {
  settings: Settings
  rosterSettings: RosterSettings
  hold: Hold
}

/** The roster path of the action; a failure is also the job summary's first line. */
export async function runRoster(
  settings: Settings,
  rosterSettings: RosterSettings,
  ctx: Context,
  hold: Hold
): Promise<RosterOutcome> {
  const view = personalView(rosterSettings.personalData, repositoryVisibility(settings.runner))
  core.info(view.why)
  const run: RosterRun = {
    settings,
    rosterSettings,
    ctx,
    hold,
    view,
    maxRemovals: settings.maxRemovals,
    baseUrl: settings.baseUrl,
    log: line => core.info(line),
    signIn: scopes => signIn(ctx, settings.auth, settings.baseUrl, hold, scopes),
    changedFiles: () => changedFiles(settings.runner, rosterSettings.workspace),
    cannotPlan: {
      rosterProblems: async (parsed, problems) => {
        annotateProblems(problems)
        return { kind: 'problems', ...(await reportProblems(run, { roster: parsed, problems })) }
      },
      unreadable: async (files, message) => ({
        kind: 'not-planned',
        ...(await notPlanned(ctx, settings.runner, rosterSettings, files, message))
      }),
      misfit: async (files, problems) => {
        annotateProblems(problems)
        return { kind: 'problems', ...(await problemsFound(ctx, settings.runner, rosterSettings, files, problems, [])) }
      }
    }
  }
  const outcome = (await strangersRosterWithSecrets(settings.runner, rosterSettings)) ?? (await rosterPipeline(run))
  await summariseFailure(settings.runner, outcome)
  return outcome
}

/**
 * A pull_request_target run holds the repository's secrets; when its workspace is the head of a
 * pull request from a fork, the roster there is a stranger's, and nothing of it is read: the one
 * pattern docs/roster.md says never to use. (A fork's pull request plans on pull_request, with no
 * secrets; pull_request_target's own checkout is the base, whose plan says it is not the head.)
 */
async function strangersRosterWithSecrets(
  runner: Settings['runner'],
  rosterSettings: RosterSettings
): Promise<RosterOutcome | undefined> {
  const pr = runner.pullRequest
  if (runner.event !== 'pull_request_target' || !pr?.fromFork) return undefined
  const planned = await plannedCommitOf(runner, rosterSettings.workspace)
  if (!planned.isPullRequestHead) return undefined
  const from = pr.headRepo ? ` (from ${untrusted(pr.headRepo, 200)})` : ''
  return {
    kind: 'not-planned',
    message:
      `This pull_request_target run has checked out the head of pull request #${pr.number}, from a fork${from}: its roster is a stranger's, ` +
      "in a job that holds this repository's secrets, so nothing of it was read and nothing was read from or written to DoorFlow. " +
      'Plan pull requests on pull_request (a fork gets no secrets), or keep pull_request_target on its own checkout of the base (docs/roster.md, "Pull requests from forks").'
  }
}

/**
 * The pipeline, one named step a line: plan the roster (read and parse it, read DoorFlow, plan,
 * guard), show the plan; then a dry run reviews it on the pull request, and an apply checks it
 * was the plan reviewed, applies it under the guard's verdict and says whether a sync carries it.
 * A step that must end the run returns its outcome (a Stop).
 */
async function rosterPipeline(run: RosterRun): Promise<RosterOutcome> {
  const planned = await planTheRoster(run)
  if ('stop' in planned) return planned.stop
  const { plan, verdict, doorflow } = planned
  const digest = showPlan(run, plan)
  if (run.rosterSettings.dryRun) return reviewOnPullRequest(run, plan, planned.roster.files, digest)
  const reviewed = await checkBeforeApply(run, plan)
  if ('stop' in reviewed) return reviewed.stop
  const applied = await applyUnderGuard(run, plan, verdict, doorflow, reviewed.approval)
  await reportApplied(run.settings.runner, applied, reviewed.summary, run.view)
  return syncAfter(run, applied, doorflow.signedIn, reviewed.pulls)
}

/** The roster planned against DoorFlow and guarded, with what was read to plan it. */
export interface PlannedRoster {
  roster: Roster
  doorflow: DoorFlowRead
  plan: Plan
  verdict: GuardVerdict
}

/**
 * The pipeline's first step, which `npm run plan` runs too: read and parse the roster, read
 * DoorFlow, plan, guard. A run that cannot plan ends as its front end says (`cannotPlan`).
 */
export async function planTheRoster<End>(run: PlanRun<End>): Promise<PlannedRoster | Stop<End>> {
  const parsed = await readAndParseRoster(run)
  if ('stop' in parsed) return parsed
  const doorflow = await readDoorFlow(run, parsed.roster)
  if ('stop' in doorflow) return doorflow
  const planned = await planAgainstAccount(run, parsed.roster, doorflow.account)
  if ('stop' in planned) return planned
  const verdict = guardPlan(planned.plan)
  return { roster: parsed.roster, doorflow, plan: planned.plan, verdict }
}

/** Reads and validates the roster's files; on a problem nothing is written, and the run ends (see reportProblems). */
async function readAndParseRoster<End>(run: PlanRun<End>): Promise<{ roster: Roster } | Stop<End>> {
  const { rosterSettings } = run
  const loaded = loadRoster(rosterSettings.path, rosterSettings.workspace)
  if (loaded.problems.length) {
    const problems = publishedProblems(run.view, loaded.problems, () => peopleNames(loaded.roster))
    return { stop: await run.cannotPlan.rosterProblems(loaded.roster, problems) }
  }
  run.log(
    `Roster: ${headcount(loaded.roster.people.length)} from ${untrusted(loaded.roster.files.join(', '))}; ` +
      (loaded.roster.manages.length
        ? `manages ${untrusted(loaded.roster.manages.join(', '))}` +
          (loaded.roster.except?.length ? ` except ${headcount(loaded.roster.except.length)} by id` : '')
        : 'no manages (nobody is ever removed)') +
      `; prune: ${rosterSettings.prune}.`
  )
  return { roster: loaded.roster }
}

/** What the run signed in with and read from DoorFlow. */
interface DoorFlowRead {
  signedIn: SignedIn
  client: PeopleClient
  account: Account
}

/** Signs in with the scopes the run needs, and reads DoorFlow's groups, roles and people. */
async function readDoorFlow<End>(run: PlanRun<End>, roster: Roster): Promise<DoorFlowRead | Stop<End>> {
  const { ctx, baseUrl } = run
  const scopes = run.rosterSettings.dryRun ? READ_SCOPES : APPLY_SCOPES
  const signedIn = await run.signIn(scopes)
  if (!signedIn.ok) return { stop: await run.cannotPlan.unreadable(roster.files, signedIn.message) }
  const client = new PeopleClient(baseUrl, signedIn.accessToken)
  run.log(`Reading groups, roles and people from ${baseUrl}.`)
  const read = await readAccount(ctx, client)
  if (!read.ok) return { stop: await run.cannotPlan.unreadable(roster.files, read.message) }
  const { account } = read
  run.log(
    `Read ${headcount(account.people.length)}, ${plural(account.groups.length, 'group')} and ${plural(account.roles.length, 'role')} in ${plural(account.requests, 'request')}.`
  )
  return { signedIn: { accessToken: signedIn.accessToken, note: signedIn.note }, client, account }
}

/**
 * Plans the roster against what DoorFlow holds, who can open a door judged at the clock's now, with
 * every input that shapes the plan given to the planner (unmanaged, the changed files for drift,
 * max-removals for the guard's report): the plan comes back finished, and nothing edits it after. A
 * roster that does not fit DoorFlow ends the run.
 */
async function planAgainstAccount<End>(
  run: PlanRun<End>,
  parsed: Roster,
  account: Account
): Promise<{ plan: Plan } | Stop<End>> {
  const { rosterSettings, ctx } = run
  const changed = await run.changedFiles()
  const planned = planRoster(parsed, account, rosterSettings.prune, {
    now: ctx.clock.now(),
    maxRemovals: run.maxRemovals,
    unmanaged: rosterSettings.unmanaged,
    drift: { changed, rosterPath: rosterSettings.path }
  })
  const { plan } = planned
  const problems = publishedProblems(run.view, planned.problems, () => peopleNames(parsed, account))
  if (problems.length) return { stop: await run.cannotPlan.misfit(parsed.files, problems) }
  if (changed.kind === 'unknown') run.log(`Drift: no change is marked as drift: ${changed.why}.`)
  else if (changed.kind === 'all') run.log(`Drift: ${changed.why}.`)
  else if (plan.changes.length) run.log(`Drift: judged from ${changed.why}.`)
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
function showPlan({ rosterSettings, settings, view }: RosterRun, plan: Plan): string {
  const planFile = writePlanFile(settings.runner.temp, plan)
  const shown = published(view, plan)
  const digest = planDigest(plan)
  core.setOutput('changes', String(plan.changes.length))
  core.setOutput('drift', String(driftCount(plan) ?? ''))
  core.setOutput('plan-file', planFile)
  const [headline, ...details] = planText(shown, { withGuard: false, withNotes: false })
  const mode = rosterSettings.dryRun ? 'Dry run: nothing was written and no sync was sent.' : 'Applying it.'
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
  const { rosterSettings, ctx } = run
  const unmanaged = unmanagedFailure(rosterSettings, plan)
  const { runner } = run.settings
  const planned = await plannedCommitOf(runner, rosterSettings.workspace)
  // Lock-outs over max-removals: has a reviewer approved exactly that many on the pull request?
  const batch = await batchOnPullRequest(ctx, runner, rosterSettings, plan, planned.isPullRequestHead)
  const shown = shownWithBatch(published(run.view, plan), batch)
  if (shown.guard?.refused)
    annotate('warning', `The apply would be refused: ${shown.guard.reason ?? ''}`, { title: 'Roster' })
  else if (batch && 'approval' in batch) core.info(guardLine(shown))
  const notTheHead = runner.pullRequest && !planned.isPullRequestHead ? notReviewedNote(planned) : undefined
  if (notTheHead) annotate('warning', untrusted(`${planned.why}.`, 1000), { title: 'Roster' })
  const body = `${notTheHead ? `${notTheHead}\n\n` : ''}${summaryParts(shown, files, planned.commit)}`
  if (runner.summary) {
    await writeSummaryOrWarn(core.summary.addRaw(`${body}\n\nPlan digest \`${digest}\`.\n`, true).write())
  }
  const notShown = await commentOnPullRequest(
    ctx,
    runner,
    rosterSettings,
    pr =>
      planComments(plan, files, planned.commit, pr, rosterKey(rosterSettings.path), ctx.clock.now(), planned, shown),
    planned
  )
  const failures = [unmanaged && `${unmanaged} Dry run: nothing was written.`, notShown].filter(Boolean)
  return failures.length ? { kind: 'planned', failure: failures.join(' ') } : { kind: 'planned' }
}

/**
 * Before an apply: nothing is written when unmanaged: fail finds people no roster manages, or
 * (see checkReviewed) when this plan is not the one reviewed on the merged pull request.
 * `summary`: what the review check says, for the job summary below the apply's headline.
 */
async function checkBeforeApply(
  run: RosterRun,
  plan: Plan
): Promise<{ summary: string; approval?: GuardApproval; pulls: ReviewedPull[] } | Stop> {
  const unmanaged = unmanagedFailure(run.rosterSettings, plan)
  if (unmanaged) return { stop: { kind: 'refused', message: `${unmanaged} Nothing was written.` } }
  const review = await checkReviewed(run.ctx, run.settings.runner, run.rosterSettings, plan, run.view)
  if (review.refusal) {
    const record = recordTargetOf(run, review.pulls, { refused: 'refused-unreviewed', planned: plan.changes.length })
    return { stop: { kind: 'refused', message: review.refusal, details: review.summary, record } }
  }
  return { summary: review.summary, approval: review.approval, pulls: review.pulls }
}

/** How the apply went: its result, and after a cancel whether the one sync sent at once was accepted. */
interface Applied {
  stepResult: ApplyStepResult
  cancelled: boolean
  /** After a cancel: what became of the sync sent at once, and whether DoorFlow accepted it. */
  synced?: string
  accepted?: boolean
  /** The plan's changes: all not attempted when the guard refused it. */
  planned: number
}

/**
 * The writes, under the guard's verdict on this plan (applyRoster refuses before the first
 * write unless it lets the plan through); with a reviewer's approval of exactly the plan's
 * lock-outs on the merged pull request (`approval`, batch.ts), the verdict judged with it. A cancel stops new writes, lets those under way run until
 * the reserve before the kill (then aborts them), and sends one sync at once, so that revocations
 * already written reach the doors before the runner ends the step.
 */
async function applyUnderGuard(
  run: RosterRun,
  plan: Plan,
  judged: GuardVerdict,
  doorflow: DoorFlowRead,
  approval?: GuardApproval
): Promise<Applied> {
  const { settings, ctx } = run
  const guarded = approval ? judgePlan(plan, approval) : judged
  const apply = { writeConcurrency: settings.writeConcurrency, view: run.view }
  let cancelled = false
  let synced: string | undefined
  let accepted: boolean | undefined
  const stepResult = await run.hold('applying the roster', async held => {
    const stop = () => (held.timeLeft() === Infinity ? undefined : 'the job was cancelled')
    const writes = heldContext(ctx, held, SYNC_RESERVE_BEFORE_KILL_MS)
    const done = await applyRoster(writes, plan, guarded, doorflow.client, apply, stop)
    cancelled = stop() !== undefined
    if (cancelled && done.wrote) {
      core.info('Cancelled: sending one sync now, so that the changes already written reach the doors.')
      const client = new DoorFlowClient(settings.baseUrl, doorflow.signedIn.accessToken)
      const sync = await withRetries(heldContext(ctx, held), SYNC, (t, s) => client.sync(t, s))
      accepted = sync.ok
      synced = sync.ok
        ? 'DoorFlow accepted a sync that carries what was written to the doors.'
        : `No sync was accepted (${sync.message ?? 'not sent'}): the doors may not have what was written; run again.`
      core.info(synced)
    } else if (cancelled) {
      synced = 'Nothing was written, so no sync was sent.'
    }
    return done
  })
  return { stepResult, cancelled, synced, accepted, planned: plan.changes.length }
}

/**
 * Reports the apply: its outputs, and its section of the job summary with the review check below
 * it; after a cancel, one line under it for the cancel and the sync it sent (the section already
 * says what was and was not written, so the run's failure is not said again).
 */
async function reportApplied(
  runner: Runner,
  { stepResult, cancelled, synced }: Applied,
  reviewSummary: string,
  view: PersonalView
): Promise<void> {
  setApplyOutputs(stepResult.refused ? undefined : (stepResult.result?.counts ?? NOTHING_APPLIED))
  addApplySummary(stepResult, view)
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
 * sync: always (sync-after.ts). A cancelled run already sent its one sync. After the sync main.ts
 * writes the apply's record on `pulls`, the merged pull requests the review check read (record-step.ts).
 */
function syncAfter(run: RosterRun, applied: Applied, signedIn: SignedIn, pulls: ReviewedPull[]): RosterOutcome {
  const { stepResult, cancelled, synced, accepted, planned } = applied
  if (cancelled) {
    const message = `while applying the roster. ${stepResult.message ?? ''} ${synced ?? ''}`.replace(/\s+/g, ' ').trim()
    const record = recordTargetOf(run, pulls, { stepResult, cancelled: true })
    return { kind: 'cancelled', message, ...(record ? { record, accepted } : {}) }
  }
  const failure = stepResult.ok ? undefined : (stepResult.message ?? 'The roster run failed.')
  const after = syncAfterApply(run.rosterSettings.sync, stepResult)
  const record =
    after.sync || after.why !== undefined
      ? recordTargetOf(run, pulls, { stepResult })
      : recordTargetOf(run, pulls, { refused: 'refused-guard', planned })
  const recorded = record ? { record } : {}
  if (after.sync) return { kind: 'applied', failure, wrote: stepResult.wrote, sync: signedIn, ...recorded }
  if (after.why === undefined)
    return { kind: 'guard-refused', message: failure ?? 'The roster run failed.', ...recorded }
  return { kind: 'applied-no-sync', failure, why: after.why, ...recorded }
}

/** The roster's files, parsed and validated: no request is sent before this says ok. */
export function loadRoster(path: string, workspace: string): { roster: Roster; problems: Problem[] } {
  const read = readRosterFiles(path, workspace)
  if (read.problems.length) return { roster: { manages: [], people: [], files: [] }, problems: read.problems }
  return parseRoster(read.files)
}

/**
 * With unmanaged: fail, the failure when DoorFlow has people with door access whom no roster
 * manages. `setting` names the setting as the front end has it (`npm run plan`: its option).
 */
export function unmanagedFailure(
  rosterSettings: Pick<RosterSettings, 'unmanaged'>,
  plan: Plan,
  setting = { is: 'Input unmanaged is', set: 'set unmanaged: report' }
): string | undefined {
  const count = plan.unmanaged?.count ?? 0
  if (rosterSettings.unmanaged !== 'fail' || !count) return undefined
  return `${setting.is} fail, and ${headcount(count)} in DoorFlow ${verb(count, 'has', 'have')} door access that no roster manages (named above): add them to a roster (npm run export writes entries for them), disable them in DoorFlow, or ${setting.set}.`
}

/**
 * Time kept back, after a cancel, from what is left before the runner kills the job, for the one
 * sync that carries what was applied: writes in flight are aborted when only this is left. 3 s: one
 * sync request that DoorFlow answers within 3 s, inside the 10 s SIGINT gives (SIGTERM's 2.5 s
 * leaves less than this, so writes stop at once; see signals.ts). Not the budget's reserve for the
 * sync after a finished apply (writes.ts's SYNC_RESERVE_IN_BUDGET_MS).
 */
export const SYNC_RESERVE_BEFORE_KILL_MS = 3000

/** The plan as JSON in a new file under RUNNER_TEMP (the plan-file output). */
function writePlanFile(base: string, plan: Plan): string {
  mkdirSync(base, { recursive: true })
  const file = join(mkdtempSync(join(base, 'doorflow-roster-')), 'plan.json')
  writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`)
  return file
}
