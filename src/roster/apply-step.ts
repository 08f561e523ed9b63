/**
 * The apply step of a roster run: the writes, refused before the first one unless the guard's
 * verdict on this very plan lets them through, and what the log, the outputs and the job summary
 * say of them. It returns its result; main.ts alone fails the step.
 */
import * as core from '@actions/core'
import type { Context } from '../net/context.js'
import { inertMarkdown } from '../untrusted.js'
import { headcount, personLabel, plural, seconds } from '../format.js'
import { applyPlan, type ApplyCounts, type ApplyResult, type ChangeResult, type PersonWriter } from './writes.js'
import { planFingerprint } from './digest.js'
import type { GuardVerdict } from './guard.js'
import { revokes, type Plan, type PlannedChange } from './plan.js'
import { published, publishedChange, withoutEmails, type PersonalView } from './personal.js'
import { describeChange, markdown } from './render.js'
import { annotate } from '../annotate.js'

export interface ApplySettings {
  writeConcurrency: number
  /** Whether the log and summary may show personal data (personal.ts); shown when absent. */
  view?: PersonalView
}

/** What the apply step returns: how it ended, with the writes' own result (writes.ts) when any were tried. */
export interface ApplyStepResult {
  /** Every change applied (or none to apply). */
  ok: boolean
  /** Refused by the guard: nothing was written. */
  refused: boolean
  /** Whether any write may have reached DoorFlow (applied, or cut off after it was sent), so that a sync has something to carry. */
  wrote: boolean
  result?: ApplyResult
  /** The failure, in one line. */
  message?: string
}

/** The summary lists at most this many changes (failures first); the log has them all. */
const SUMMARY_ROWS = 200

/**
 * Apply `plan`, which `guarded` (the run's guard step, guard.ts's judgePlan) must have been made
 * for and let through: otherwise nothing is written. `stop` names a reason to start no more
 * writes (a cancelled job); those in flight run until ctx.signal aborts them, and the caller syncs
 * what was applied. Whether a sync was accepted is the caller's to say: no message here claims one.
 */
export async function applyRoster(
  ctx: Context,
  plan: Plan,
  guarded: GuardVerdict,
  writer: PersonWriter,
  settings: ApplySettings,
  stop?: () => string | undefined
): Promise<ApplyStepResult> {
  // The one binding of verdict to plan: the digest it judged is this plan's (plan.ts: nothing edits a plan).
  if (guarded.fingerprint !== planFingerprint(plan)) {
    return {
      ok: false,
      refused: true,
      wrote: false,
      message:
        "Refusing to apply: the guard's verdict was made for another plan. Nothing was written; run again to plan and guard afresh."
    }
  }
  const report = guarded.report
  if (report.refused) {
    return {
      ok: false,
      refused: true,
      wrote: false,
      message: `Refusing to apply: ${settings.view ? published(settings.view, plan).guard?.reason : report.reason} Nothing was written.`
    }
  }
  if (plan.changes.length === 0) {
    core.info('The plan is empty: DoorFlow already matches the roster, nothing to write.')
    return { ok: true, refused: false, wrote: false }
  }
  const revocations = plan.changes.filter(revokes).length
  core.info(
    `Applying ${plural(plan.changes.length, 'change')} (${revocations} that take access away first), up to ${settings.writeConcurrency} writes at a time; ` +
      `${headcount(report.lockOuts)} locked out, ${report.approval ? `as approved on pull request #${report.approval.pr}` : `max-removals ${report.limit}`}.`
  )
  const result = await applyPlan(ctx, plan, writer, {
    concurrency: settings.writeConcurrency,
    stop,
    warn: line => annotate('warning', line, { title: 'Roster apply' }),
    label: change => personLabel(settings.view ? publishedChange(settings.view, change) : change)
  })
  if (settings.view && !settings.view.shown) {
    // DoorFlow's answers (a 422's words) may quote a value sent: its emails are hidden with the rest.
    for (const r of result.results) {
      r.log = r.log.map(withoutEmails)
      if (r.message) r.message = withoutEmails(r.message)
    }
  }
  const { counts } = result
  core.startGroup(`Each change, person by person (${applied(counts)} applied, ${counts.failed} failed)`)
  for (const r of result.results) for (const line of r.log) core.info(line)
  core.endGroup()
  const { wrote } = result
  if (counts.failed === 0 && counts.notAttempted === 0) return { ok: true, refused: false, wrote, result }
  return { ok: false, refused: false, wrote, result, message: failureMessage(result) }
}

function applied(counts: ApplyCounts): number {
  return counts.created + counts.updated + counts.adopted + counts.removed
}

/** One line: how far the apply got, the first failures, and what to do next (the sync's fate is added by the caller). */
function failureMessage(result: ApplyResult): string {
  const { counts } = result
  const total = result.results.length
  const failed = result.results.filter(r => r.status === 'failed')
  const first = failed
    .slice(0, 3)
    .map(r => r.message)
    .join(' ')
  const more = failed.length > 3 ? ` (and ${failed.length - 3} more failures, listed in the job summary)` : ''
  const skipped = counts.notAttempted ? ` ${counts.notAttempted} not attempted: ${result.stopped}.` : ''
  return (
    `The roster was applied in part: ${applied(counts)} of ${total} changes applied, ${counts.failed} failed${counts.failed ? `: ${first}${more}` : '.'}` +
    `${skipped} Fix what failed and run again: a re-run plans afresh and writes only what is still missing.`
  )
}

export const NOTHING_APPLIED: ApplyCounts = {
  created: 0,
  updated: 0,
  removed: 0,
  adopted: 0,
  failed: 0,
  notAttempted: 0
}

/** The apply's outputs: counts of created, updated, removed, adopted and failed; '' when the apply did not run. */
export function setApplyOutputs(counts: ApplyCounts | undefined): void {
  const count = (n: number) => (counts ? String(n) : '')
  core.setOutput('created', count(counts?.created ?? 0))
  core.setOutput('updated', count(counts?.updated ?? 0))
  core.setOutput('removed', count(counts?.removed ?? 0))
  core.setOutput('adopted', count(counts?.adopted ?? 0))
  core.setOutput('failed', count(counts?.failed ?? 0))
}

/** Rows of the summary's table of changes: failures first, then the unattempted, then the applied. */
export function applyRows(
  result: ApplyResult,
  max = SUMMARY_ROWS,
  show: (change: PlannedChange) => PlannedChange = change => change
): { rows: [string, string][]; omitted: number; omittedBy: Record<ChangeResult['status'], number> } {
  const order: ChangeResult['status'][] = ['failed', 'not-attempted', 'applied']
  const sorted = order.flatMap(status => result.results.filter(r => r.status === status))
  const cell = (r: ChangeResult): string => {
    if (r.status === 'applied') return '✅ applied'
    if (r.status === 'not-attempted') return '⏸ not attempted'
    return `❌ failed: ${inertMarkdown(r.message, 400)}`
  }
  const rows = sorted.slice(0, max).map((r): [string, string] => [describeChange(show(r.change), markdown), cell(r)])
  const omittedBy = { failed: 0, 'not-attempted': 0, applied: 0 }
  for (const r of sorted.slice(max)) omittedBy[r.status]++
  return { rows, omitted: Math.max(0, sorted.length - max), omittedBy }
}

/** The apply's headline in a few words, from what happened: "Applied 12 of 12 changes", "Refused: …". */
export function applyHeadline(stepResult: ApplyStepResult): string {
  if (stepResult.refused) return '❌ Refused: the roster was not applied, nothing was written'
  const result = stepResult.result
  if (!result) return '✅ Nothing to apply: DoorFlow already matches the roster'
  const { counts } = result
  const total = result.results.length
  const done = `Applied ${applied(counts)} of ${plural(total, 'change')}`
  if (counts.failed === 0 && counts.notAttempted === 0) return `✅ ${done}`
  const rest = [
    counts.failed ? `${counts.failed} failed` : '',
    counts.notAttempted ? `${counts.notAttempted} not attempted` : ''
  ].filter(Boolean)
  return `❌ ${done}, ${rest.join(', ')}`
}

/**
 * Adds the apply's section to the job summary, unwritten (run.ts's reportApplied writes it): its first line is the
 * headline of what happened, then the failure (once), the counts, and the table of changes, failures first. Markdown, with a
 * blank line before it, so that its heading renders after whatever HTML block came before.
 */
export function addApplySummary(stepResult: ApplyStepResult, view?: PersonalView): void {
  const lines = ['', `### ${applyHeadline(stepResult)}`, '']
  if (stepResult.message) lines.push(inertMarkdown(stepResult.message, 4000), '')
  const result = stepResult.result
  if (stepResult.refused || !result) {
    core.summary.addRaw(lines.join('\n'), true)
    return
  }
  const { counts } = result
  const limited = result.rateLimited
    ? `; DoorFlow rate-limited ${result.rateLimited} requests, ${seconds(result.rateLimitWaitMs)} waited`
    : ''
  lines.push(
    `${counts.created} created, ${counts.updated} updated, ${counts.adopted} adopted, ${counts.removed} removed; ` +
      `${counts.failed} failed, ${counts.notAttempted} not attempted; in ${seconds(result.elapsedMs)}${limited}.`,
    ''
  )
  const { rows, omitted, omittedBy } = applyRows(result, SUMMARY_ROWS, change =>
    view ? publishedChange(view, change) : change
  )
  core.summary.addRaw(lines.join('\n'), true)
  core.summary.addTable([
    [
      { data: 'Change', header: true },
      { data: 'Result', header: true }
    ],
    ...rows
  ])
  if (omitted) {
    const which = [
      omittedBy.failed ? `${omittedBy.failed} failed` : '',
      omittedBy['not-attempted'] ? `${omittedBy['not-attempted']} not attempted` : '',
      omittedBy.applied ? `${omittedBy.applied} applied` : ''
    ].filter(Boolean)
    core.summary.addRaw(`\n${plural(omitted, 'more change')} (${which.join(', ')}) are listed in the log.\n`, true)
  }
}
