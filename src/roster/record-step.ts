/**
 * The apply's last step, after the sync that carries it: its record on each merged pull request
 * whose plan of this roster the review check read (apply-record.ts says what the record holds).
 * main.ts calls it with the sync's report; after a refused apply (guard, unreviewed-changes: fail),
 * with no sync; after a cancel once writes began, held, when the kill leaves it the time. A record
 * GitHub refuses is a warning, never the step's failure: the doors already have the change, and
 * the record then goes into the job summary.
 */
import * as core from '@actions/core'
import { annotate } from '../annotate.js'
import type { Context } from '../net/context.js'
import { untrusted } from '../untrusted.js'
import { writeSummaryOrWarn } from '../report.js'
import type { Runner } from '../runner.js'
import { upsertMarkedComment } from '../github/record-comment.js'
import type { ReviewedPull } from '../github/reviewed.js'
import type { ApplyStepResult } from './apply-step.js'
import {
  MAX_REVOKED_IDS,
  nextRecord,
  readRecord,
  recordComment,
  recordMarker,
  type RecordOutcome,
  type RecordRun
} from './apply-record.js'
import { revokes } from './plan.js'
import { rosterKey } from './digest.js'
import type { RosterSettings } from '../settings.js'

/** Where and what the record of one apply is: all but what became of the sync, known once the apply ends. */
export interface RecordTarget {
  token: string
  apiUrl: string
  repository: string
  /** rosterKey of the roster applied. */
  roster: string
  /** The commit applied (the push's). */
  commit: string
  pulls: { number: number; mergedAt?: number }[]
  runUrl?: string
  run: Omit<RecordRun, 'sync' | 'synced' | 'confirmed'>
}

/** What of the roster run the record's target is made from (run.ts's RosterRun). */
interface RosterRunOf {
  settings: { runner: Runner }
  rosterSettings: Pick<RosterSettings, 'commentToken' | 'path'>
  ctx: Pick<Context, 'clock'>
}

/** What one run of the apply came to, for its record: what it wrote (applied or cancelled), or that it was refused. */
export type RecordOf =
  { stepResult: ApplyStepResult; cancelled?: true } | { refused: Exclude<RecordOutcome, 'cancelled'>; planned: number }

/**
 * The record's target after an apply, from the run's context and the merged pull requests the review
 * check read (`pulls`); undefined when there is none to write on (not a push, no token, no plan of
 * this roster on a merged pull request, said in the log; a cancel before any write). A refused run wrote nothing: all its
 * `planned` changes are not attempted.
 */
export function recordTargetOf(
  { settings: { runner }, rosterSettings, ctx }: RosterRunOf,
  pulls: readonly ReviewedPull[],
  of: RecordOf
): RecordTarget | undefined {
  const token = rosterSettings.commentToken
  const roster = rosterKey(rosterSettings.path)
  const appliedAt = ctx.clock.now()
  if (runner.event !== 'push' || !token || !runner.sha || !runner.repository || !runner.api.ok) return undefined
  if (!pulls.length) {
    core.info("No merged pull request of this push has this roster's plan: the apply leaves no record on one.")
    return undefined
  }
  const where = {
    token,
    apiUrl: runner.api.url,
    repository: runner.repository,
    roster,
    commit: runner.sha.toLowerCase(),
    pulls: pulls.map(p => ({ number: p.pr, ...(p.mergedAt === undefined ? {} : { mergedAt: p.mergedAt }) })),
    runUrl: runner.runUrl
  }
  if ('refused' in of) {
    const run = { applied: appliedAt, outcome: of.refused, written: 0, failed: 0, notAttempted: of.planned }
    return { ...where, run: { ...run, revoked: [], revokedMore: 0 } }
  }
  const results = of.stepResult.result?.results ?? []
  const counts = of.stepResult.result?.counts
  // Cancelled before its first write, the merge is as unapplied as if no run had started: no row.
  if (of.cancelled && !(counts && counts.created + counts.updated + counts.adopted + counts.removed + counts.failed))
    return undefined
  const revoked = results
    .filter(r => r.status === 'applied' && revokes(r.change) && 'personId' in r.change)
    .map(r => (r.change as { personId: number }).personId)
  return {
    ...where,
    run: {
      applied: appliedAt,
      ...(of.cancelled ? { outcome: 'cancelled' as const } : {}),
      written: counts ? counts.created + counts.updated + counts.adopted + counts.removed : 0,
      failed: counts?.failed ?? 0,
      notAttempted: counts?.notAttempted ?? 0,
      revoked: revoked.slice(0, MAX_REVOKED_IDS),
      revokedMore: Math.max(0, revoked.length - MAX_REVOKED_IDS)
    }
  }
}

/**
 * After a cancel the record is written only with at least this long left before the runner's kill
 * (signals.ts): it is a few requests to GitHub, paced (rate-limit.ts's WritePacer), and a record cut
 * off half way helps no one. After SIGINT the runner gives 10 s, so an apply cancelled at once has
 * them; after SIGTERM (2.5 s) it never writes.
 */
export const RECORD_AFTER_CANCEL_MIN_MS = 4000

/** Whether a cancelled run has time left (`timeLeft` ms before the kill, less the exit margin) to write its record. */
export function recordFitsBeforeKill(timeLeft: number): boolean {
  return timeLeft >= RECORD_AFTER_CANCEL_MIN_MS
}

/** What the sync after the apply came to (main.ts's report; undefined: none was sent), in the record's words. */
export function recordSyncOf(
  report: { ok: boolean; acceptedAt?: number; confirmedAt?: number } | undefined
): Pick<RecordRun, 'sync' | 'synced' | 'confirmed'> {
  if (!report) return { sync: 'not-sent' }
  if (report.acceptedAt === undefined) return { sync: 'failed' }
  return {
    sync: 'accepted',
    synced: report.acceptedAt,
    ...(report.confirmedAt === undefined ? {} : { confirmed: report.confirmedAt })
  }
}

/**
 * Writes the record on each pull request of `target`, one at a time: the earlier record of the same
 * roster and commit (a re-run) keeps its runs and gains this one. A pull request GitHub will not
 * write on gets a warning naming what to do, and the record goes into the job summary instead.
 */
export async function writeApplyRecord(
  ctx: Context,
  target: RecordTarget,
  sync: Pick<RecordRun, 'sync' | 'synced' | 'confirmed'>,
  summary: boolean
): Promise<void> {
  const run: RecordRun = { ...target.run, ...sync }
  const marker = recordMarker(target.roster)
  for (const pull of target.pulls) {
    const pr = { apiUrl: target.apiUrl, repository: target.repository, number: pull.number }
    const of = { roster: target.roster, commit: target.commit, merged: pull.mergedAt }
    // What goes into the job summary when GitHub will not take it: this run's record, or the one it read and grew.
    let text = recordComment(nextRecord(undefined, of, run), target.runUrl)
    const written = await upsertMarkedComment(ctx, pr, target.token, marker, earlierBody => {
      const earlier = earlierBody === undefined ? undefined : readRecord(earlierBody)
      const record = nextRecord(earlier, of, run)
      text = recordComment(record, target.runUrl)
      return earlier && record === earlier ? undefined : text
    })
    if (written.ok) {
      if (written.distrusted)
        annotate(
          'warning',
          `The earlier apply record on pull request #${pull.number} was not read back (${untrusted(written.distrusted, 500)}): it now holds this run's only.`,
          { title: 'Roster' }
        )
      const url = written.url ? `: ${untrusted(written.url, 300)}` : ''
      core.info(
        written.action === 'unchanged'
          ? `The apply record on pull request #${pull.number} already says this run's (it wrote nothing and sent no sync); not written again${url}.`
          : `Apply record ${written.action} on pull request #${pull.number}${url}.`
      )
      continue
    }
    const why = untrusted(written.message, 1000).replace(/\.$/, '')
    // Only a sync DoorFlow accepted carries the apply to the doors: otherwise the record says so, not this line.
    const doors = sync.sync === 'accepted' ? 'The doors have what was applied, so the' : 'The'
    const todo = 'Give the apply job `permissions: pull-requests: write`, then re-run it to write the record.'
    annotate(
      'warning',
      `The apply record could not be written on pull request #${pull.number}: ${why}. ` +
        `${doors} step is not failed for it; the record is in the job summary.` +
        (why.toLowerCase().includes(todo.toLowerCase().slice(0, -1)) ? '' : ` ${todo}`),
      { title: 'Roster' }
    )
    if (summary)
      await writeSummaryOrWarn(
        core.summary
          .addRaw(`\n### The apply record for pull request #${pull.number} (not written there)\n\n${text}\n`, true)
          .write()
      )
  }
}
