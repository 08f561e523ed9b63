import * as core from '@actions/core'
import { realClock, stepContext, type Clock, type Context } from './net/context.js'
import { inertMarkdown, untrusted } from './untrusted.js'
import { InputError } from './inputs.js'
import { NoSecretsOnFork } from './credentials.js'
import { maskCredentialInputs, readSettings, type Settings } from './settings.js'
import { emptyReport, publishReport, setOutputs, writeSummaryOrWarn, type Report } from './report.js'
import { runSync } from './sync/run.js'
import { Cancellation, heldContext, type SignalSource } from './signals.js'
import { reportNoSync } from './roster/sync-after.js'
import type { RosterOutcome } from './roster/outcome.js'
import { annotate, endAnnotations } from './annotate.js'
import { readRunner, type Runner } from './runner.js'
import { httpProxy } from './net/http.js'

/**
 * The action: reads the runner's context once (`context`: runner.ts's readRunner, the one reader of
 * the environment and the event file) and the settings, runs the export, the access review
 * (review/step.ts), the roster (roster/run.ts, then the sync after it) or the sync (sync/run.ts), and
 * ends the step. Only here is the step failed (core.setFailed) and its exit code set, a cancel's
 * included, and a sync's report published (publishReport). The rest of the outputs and the summary are written as the run goes: the
 * roster's and the export's by them, the empty sync outputs of a run that sent none by reportNoSync
 * (roster/sync-after.ts) and forkWithoutSecrets below. `startedAt` begins the budget; the entry
 * passes the process's own start, so that Node's start-up counts against timeout-seconds as it
 * does for the runner.
 */
export async function run(
  clock: Clock = realClock,
  signals: SignalSource = process,
  startedAt = clock.now(),
  context: () => Runner = readRunner
): Promise<void> {
  const cancel = new Cancellation(line => core.info(line), signals)
  // Whether the step has a job summary; known once the context is read, and needed on every way out.
  let summary = false
  try {
    maskCredentialInputs()
    const runner = context()
    summary = runner.summary
    httpProxy.variables = name => runner.proxy[name]
    const settings = readSettings(runner)
    const ctx = stepContext(settings, startedAt, clock, line => core.info(line), cancel.signal)
    if (settings.export) {
      // One lazy import: the bundle keeps the export in one chunk, loaded only for an export.
      const { runExport } = await import('./export/run.js')
      const done = await runExport(settings, settings.export, ctx, cancel.hold)
      const failure = cancel.received
        ? `Cancelled (${cancel.received}) during the export: ${done.message ?? 'run again.'}`
        : done.ok
          ? undefined
          : (done.message ?? 'The export failed.')
      await endStep({ failure, exitCode: cancel.exitCode }, summary)
      return
    }
    if (settings.accessReview) {
      // Loaded only for a review: it reads, writes its files and the summary, and sends no sync.
      const { runAccessReview } = await import('./review/step.js')
      const done = await runAccessReview(settings, settings.accessReview, ctx, cancel.hold)
      const failure = cancel.received
        ? `Cancelled (${cancel.received}) during the access review: ${done.message ?? 'run again.'}`
        : done.ok
          ? undefined
          : (done.message ?? 'The access review failed.')
      await endStep({ failure, exitCode: cancel.exitCode }, summary)
      return
    }
    if (settings.roster) {
      // Loaded only for a roster, so a plain sync never pays for the YAML parser.
      const { runRoster } = await import('./roster/run.js')
      core.info(settings.roster.dryRunWhy)
      const outcome = await runRoster(settings, settings.roster, ctx, cancel.hold)
      await endStep(await endOfRoster(outcome, settings, ctx, cancel), summary)
      return
    }
    const report = await runSync(settings, ctx, cancel)
    // A cancelled step ends as a signal would have ended it.
    await endStep(
      {
        report,
        failure: report.ok ? undefined : (report.message ?? 'Sync failed.'),
        exitCode: report.cancelled ? cancel.exitCode : undefined
      },
      summary
    )
  } catch (err) {
    if (err instanceof NoSecretsOnFork) {
      await forkWithoutSecrets(err.message, summary)
      return
    }
    // Input errors and anything unforeseen: the summary says so too. An input error is the
    // action's own words; anything else may carry text from elsewhere, so it is gated.
    const message = err instanceof InputError ? err.message : untrusted(errorText(err), 500)
    await endStep({ report: emptyReport({ elapsedMs: clock.now() - startedAt, message }), failure: message }, summary)
  } finally {
    cancel.dispose()
  }
}

/** How the step ends: the sync's report (when the run has one), the failure, a cancel's exit code. */
interface End {
  report?: Report
  failure?: string
  exitCode?: number
}

/**
 * How a roster run ends the step, by its outcome: after an apply, the sync that carries it (with
 * every rule of a plain sync) or why none was sent; a cancel at any point is one "Cancelled" line
 * and the signal's exit code, as a sync run ends.
 */
async function endOfRoster(
  outcome: RosterOutcome,
  settings: Settings,
  ctx: Context,
  cancel: Cancellation
): Promise<End> {
  switch (outcome.kind) {
    case 'applied': {
      const end = await syncTheApply(outcome, settings, ctx, cancel)
      await recordTheApply(outcome, ctx, cancel, settings, end.report)
      return end
    }
    case 'applied-no-sync':
      await reportNoSync(outcome.why, settings.runner.summary)
      await recordTheApply(outcome, ctx, cancel, settings, undefined)
      return unsynced(outcome.failure, cancel)
    case 'cancelled':
      // Cancelled while applying: the message says what was written and the one sync sent.
      await recordTheCancel(outcome, ctx, cancel, settings)
      return {
        failure: cancel.received ? `Cancelled (${cancel.received}) ${outcome.message}` : outcome.message,
        exitCode: cancel.exitCode
      }
    case 'planned':
      return unsynced(outcome.failure, cancel)
    case 'problems':
    case 'not-planned':
      return unsynced(outcome.message, cancel)
    case 'refused':
    case 'guard-refused':
      // Refused: the merged pull request says so (and the step still fails), unless cancelled meanwhile.
      if (outcome.record && !cancel.received) {
        const { writeApplyRecord } = await import('./roster/record-step.js')
        await writeApplyRecord(ctx, outcome.record, { sync: 'not-sent' }, settings.runner.summary)
      }
      return unsynced(outcome.message, cancel)
  }
}

/**
 * After an apply and its sync (`report`; undefined when none was sent): the apply's record on the merged
 * pull request (roster/record-step.ts), which never fails the step. Not after a cancel: the time left is the sync's.
 */
async function recordTheApply(
  outcome: Extract<RosterOutcome, { kind: 'applied' | 'applied-no-sync' }>,
  ctx: Context,
  cancel: Cancellation,
  settings: Settings,
  report: Report | undefined
): Promise<void> {
  if (!outcome.record || cancel.received || report?.cancelled) return
  const { recordSyncOf, writeApplyRecord } = await import('./roster/record-step.js')
  await writeApplyRecord(ctx, outcome.record, recordSyncOf(report), settings.runner.summary)
}

/**
 * Cancelled after the apply's writes began: its record says what was written, held against the cancel
 * with the time the runner leaves (signals.ts), and only when that is enough for it (record-step.ts).
 */
async function recordTheCancel(
  outcome: Extract<RosterOutcome, { kind: 'cancelled' }>,
  ctx: Context,
  cancel: Cancellation,
  settings: Settings
): Promise<void> {
  const target = outcome.record
  if (!target) return
  const { recordFitsBeforeKill, writeApplyRecord } = await import('./roster/record-step.js')
  await cancel.hold('writing the apply record', async held => {
    const left = held.timeLeft()
    if (!recordFitsBeforeKill(left)) {
      core.info(
        `Cancelled: ${Math.max(0, Math.floor(left))} ms before the runner stops this step is too little to write the apply record; a re-run writes its own.`
      )
      return
    }
    const sync = outcome.accepted === undefined ? 'not-sent' : outcome.accepted ? 'accepted' : 'failed'
    await writeApplyRecord(heldContext(ctx, held), target, { sync }, settings.runner.summary)
  })
}

/** A roster run that sent no sync: its failure, or after a cancel one line saying nothing was written. */
function unsynced(failure: string | undefined, cancel: Cancellation): End {
  if (!cancel.received) return { failure }
  const detail = `before anything was written: ${failure ?? 'the roster run stopped.'} Nothing was written and no sync was sent; run again.`
  return { failure: `Cancelled (${cancel.received}) ${detail}`, exitCode: cancel.exitCode }
}

/** Applied (in full or in part): the sync carries it to the doors, with every rule it has. */
async function syncTheApply(
  outcome: Extract<RosterOutcome, { kind: 'applied' }>,
  settings: Settings,
  ctx: Context,
  cancel: Cancellation
): Promise<End> {
  const report = await runSync(settings, ctx, cancel, outcome.sync)
  const message = rosterMessage(outcome.failure, report, outcome.wrote)
  if (cancel.received && !report.cancelled) {
    // The signal came while the sync was held and it went through: still a cancelled step.
    const synced =
      report.initiated || report.result === 'covered'
        ? 'DoorFlow accepted the sync that carries what was applied to the doors.'
        : ''
    return {
      report,
      failure: `Cancelled (${cancel.received}) after the roster was applied. ${message ?? synced}`.trim(),
      exitCode: cancel.exitCode
    }
  }
  return { report, failure: message || undefined, exitCode: cancel.exitCode }
}

/**
 * A fork's pull request has no secrets, so nothing was planned or sent: a warning, the empty sync
 * outputs and a summary that say so, and the step passes (the contributor cannot give secrets).
 */
async function forkWithoutSecrets(message: string, summary: boolean): Promise<void> {
  annotate('warning', message, { title: 'DoorFlow' })
  setOutputs(emptyReport({ result: 'skipped' }))
  if (!summary) return
  await writeSummaryOrWarn(
    core.summary
      .addRaw(`\n### ⚠️ DoorFlow: not planned on a fork's pull request\n\n${inertMarkdown(message, 2000)}\n`, true)
      .write()
  )
}

/**
 * Ends the step, in this order: the sync outputs and the job summary of `report` (when the run
 * has one; the summary only when the step has one, `summary`), the notice of errors and warnings
 * only logged (annotate.ts), the failure (none: the step passes), and the exit code of a cancel's
 * signal.
 */
async function endStep(end: End, summary: boolean): Promise<void> {
  if (end.report) await publishReport(end.report, summary)
  endAnnotations()
  if (end.failure !== undefined) core.setFailed(end.failure)
  if (end.exitCode) process.exitCode = end.exitCode
}

/**
 * The step's one failure line after a roster apply and its sync: the apply's failure (if any),
 * then what became of the sync. Only a sync DoorFlow accepted in this run is called synced.
 */
function rosterMessage(applyFailure: string | undefined, sync: Report, wrote: boolean): string | undefined {
  if (sync.ok) {
    if (!applyFailure) return undefined
    const how =
      sync.result === 'covered'
        ? 'A sync already under way covers what was applied.'
        : 'DoorFlow accepted the sync that carries what was applied to the doors.'
    return `${applyFailure} ${how}`
  }
  if (sync.cancelled) return [sync.message, applyFailure].filter(Boolean).join(' ')
  const unsynced = wrote
    ? ' What was written to DoorFlow may not be on the doors yet: send a sync (run again, or sync in DoorFlow).'
    : ''
  return [applyFailure, `${sync.message ?? 'The sync failed.'}${unsynced}`].filter(Boolean).join(' ')
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
