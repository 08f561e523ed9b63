import * as core from '@actions/core'
import { realClock, type Clock, type Context } from './net/clock.js'
import { untrusted } from './untrusted.js'
import { InputError, maskCredentialInputs, readSettings } from './settings.js'
import { setOutputs, writeSummary, writeSummaryOrWarn, type Report } from './report.js'
import { runSync } from './sync/run.js'
import { Cancellation, type SignalSource } from './signals.js'
import { reportNoSync } from './roster/sync-after.js'

/**
 * The action: reads the settings, runs the export, the roster (roster/run.ts, then the sync after
 * it) or the sync (sync/run.ts), and ends the step. The only place that ends the step: outputs,
 * summary, failure and exit code, a cancel included. `startedAt` begins the budget; the entry
 * passes the process's own start, so that Node's start-up counts against timeout-seconds as it
 * does for the runner.
 */
export async function run(
  clock: Clock = realClock,
  signals: SignalSource = process,
  startedAt = clock.now()
): Promise<void> {
  const cancel = new Cancellation(line => core.info(line), signals)
  try {
    maskCredentialInputs()
    const settings = readSettings()
    if (settings.export) {
      const ctx: Context = {
        budget: { ...settings, startedAt },
        clock,
        log: line => core.info(line),
        signal: cancel.signal
      }
      const { runExport } = await import('./roster/export-step.js')
      const { DEFAULT_ID_TEMPLATE } = await import('./roster/export.js')
      const done = await runExport(
        settings,
        { ...settings.export, split: 'department', idTemplate: DEFAULT_ID_TEMPLATE },
        ctx,
        cancel.hold
      )
      if (cancel.received)
        core.setFailed(`Cancelled (${cancel.received}) during the export: ${done.message ?? 'run again.'}`)
      else if (!done.ok) core.setFailed(done.message ?? 'The export failed.')
      if (cancel.exitCode) process.exitCode = cancel.exitCode
      return
    }
    if (settings.roster) {
      const ctx: Context = {
        budget: { ...settings, startedAt },
        clock,
        log: line => core.info(line),
        signal: cancel.signal
      }
      // Loaded only for a roster, so a plain sync never pays for the YAML parser.
      const { runRoster } = await import('./roster/run.js')
      core.info(settings.roster.dryRunWhy)
      const outcome = await runRoster(settings, settings.roster, ctx, cancel.hold)
      if (outcome.noSync) await reportNoSync(outcome.noSync)
      if (outcome.sync) {
        // Applied (in full or in part): the sync carries it to the doors, with every rule it has.
        const report = await runSync(settings, ctx, cancel, outcome.sync)
        setOutputs(report)
        await writeSummaryOrWarn(writeSummary(report))
        const message = rosterMessage(outcome.ok ? undefined : outcome.message, report, outcome.wrote === true)
        if (cancel.received && !report.cancelled) {
          // The signal came while the sync was held and it went through: still a cancelled step.
          const synced =
            report.initiated || report.result === 'covered'
              ? 'DoorFlow accepted the sync that carries what was applied to the doors.'
              : ''
          core.setFailed(`Cancelled (${cancel.received}) after the roster was applied. ${message ?? synced}`.trim())
        } else if (message) core.setFailed(message)
        if (cancel.exitCode) process.exitCode = cancel.exitCode
        return
      }
      if (cancel.received) {
        // Cancelled at any point of a roster run: one "Cancelled" line and the signal's exit code, as a sync run ends.
        const detail = outcome.cancelled
          ? (outcome.message ?? 'while applying the roster.')
          : `before anything was written: ${outcome.message ?? 'the roster run stopped.'} Nothing was written and no sync was sent; run again.`
        core.setFailed(`Cancelled (${cancel.received}) ${detail}`)
        if (cancel.exitCode) process.exitCode = cancel.exitCode
        return
      }
      if (!outcome.ok) core.setFailed(outcome.message ?? 'The roster run failed.')
      return
    }
    const ctx: Context = {
      budget: { ...settings, startedAt },
      clock,
      log: line => core.info(line),
      signal: cancel.signal
    }
    const report = await runSync(settings, ctx, cancel)
    setOutputs(report)
    await writeSummaryOrWarn(writeSummary(report))
    if (!report.ok) core.setFailed(report.message ?? 'Sync failed.')
    // A cancelled step ends as a signal would have ended it.
    if (report.cancelled && cancel.exitCode) process.exitCode = cancel.exitCode
  } catch (err) {
    // Input errors and anything unforeseen: the summary says so too. An input error is the
    // action's own words; anything else may carry text from elsewhere, so it is gated.
    const message = err instanceof InputError ? err.message : untrusted(errorText(err), 500)
    const failed: Report = {
      ok: false,
      endpoint: '',
      status: undefined,
      result: '',
      initiated: false,
      attempts: 0,
      syncStatus: '',
      elapsedMs: clock.now() - startedAt,
      message
    }
    setOutputs(failed)
    await writeSummaryOrWarn(writeSummary(failed))
    core.setFailed(message)
  } finally {
    cancel.dispose()
  }
}

/**
 * The step's one failure line after a roster apply and its sync: the apply's failure (if any),
 * then what became of the sync. Only a sync DoorFlow accepted in this run is called synced.
 */
export function rosterMessage(applyFailure: string | undefined, sync: Report, wrote: boolean): string | undefined {
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
