/**
 * Whether a roster run sends a sync after its apply, and what the outputs and the job summary
 * say when it does not. The decision (syncAfterApply) is pure and run.ts alone makes it; main.ts
 * calls reportNoSync when the run's outcome says no sync is sent.
 */
import * as core from '@actions/core'
import { emptyReport, setOutputs, writeSummaryOrWarn } from '../report.js'
import type { SyncMode } from '../settings.js'

/** The `result` output when a roster run sent no sync because it wrote nothing. */
export const NOT_SENT = 'skipped'

/** The one line the log, the outputs' reader and the job summary get when no sync was sent. */
export const NOTHING_WRITTEN =
  'No sync was sent: nothing was written (sync: auto). Set sync: always to sync even when DoorFlow already matches the roster.'

/**
 * After an apply: sync when a write reached DoorFlow (a revocation must reach the doors), or
 * on `sync: always` even when none did. A run the guard refused never syncs: it was refused.
 */
export function syncAfterApply(
  mode: SyncMode,
  applied: { refused: boolean; wrote: boolean }
): { sync: true } | { sync: false; why?: string } {
  if (applied.refused) return { sync: false }
  if (applied.wrote || mode === 'always') return { sync: true }
  return { sync: false, why: NOTHING_WRITTEN }
}

/**
 * No sync was sent: the sync outputs say so (no status, 0 attempts, not initiated), and so do the
 * log and the summary (when the step has one: `summary`, runner.ts).
 */
export async function reportNoSync(why: string, summary: boolean): Promise<void> {
  core.info(why)
  setOutputs(emptyReport({ result: NOT_SENT }))
  if (!summary) return
  await writeSummaryOrWarn(core.summary.addRaw(`<p>${why}</p>`, true).write())
}
