import * as core from '@actions/core'
import { doorNames, failingDoors, offlineDoors, type Door } from './doorflow/doors.js'
import { seconds } from './format.js'
import { escapeHtml, untrusted } from './untrusted.js'
import { annotate } from './annotate.js'

/** What the step came to, as the outputs and the job summary tell it. */
export interface Report {
  ok: boolean
  endpoint: string
  /** How the run signed in, e.g. "access token" or what became of the refresh token. */
  signIn?: string
  /** HTTP status of the last sync response; undefined when none came back. */
  status: number | undefined
  /** DoorFlow's `result` from a 2xx body, verbatim, or 'covered'; '' when there is none. */
  result: string
  /** Whether DoorFlow answered 200 to this run's own sync request. */
  initiated: boolean
  attempts: number
  /** The last `sync.status` seen while waiting; '' when not waiting. */
  syncStatus: string
  syncDescription?: string
  waitedMs?: number
  /** The wait concluded that DoorFlow had nothing to sync: last_sync did not move within its sync window. */
  nothingToSync?: boolean
  doors?: Door[]
  elapsedMs: number
  /** The failure, in one line. */
  message?: string
  /** The runner cancelled the step (SIGINT/SIGTERM); `message` says what was done. */
  cancelled?: boolean
  /** When DoorFlow accepted this run's sync, or this run found a sync that covers it (the run's clock, ms). */
  acceptedAt?: number
  /** With wait-for-completion: when a poll read the sync complete on the doors (the run's clock, ms). */
  confirmedAt?: number
}

/**
 * A report with no sync answered: not ok, no endpoint, status or result, no attempt, no time;
 * `fields` add what is known (e.g. the time spent and the failure).
 */
export function emptyReport(fields: Partial<Report> = {}): Report {
  return {
    ok: false,
    endpoint: '',
    status: undefined,
    result: '',
    initiated: false,
    attempts: 0,
    syncStatus: '',
    elapsedMs: 0,
    ...fields
  }
}

export function setOutputs(report: Pick<Report, 'status' | 'result' | 'attempts' | 'initiated' | 'syncStatus'>): void {
  core.setOutput('status', report.status === undefined ? '' : String(report.status))
  core.setOutput('result', report.result)
  core.setOutput('attempts', String(report.attempts))
  core.setOutput('initiated', String(report.initiated))
  core.setOutput('sync-status', report.syncStatus)
}

function outcomeText(report: Report): string {
  if (report.cancelled) return '⏹️ cancelled'
  if (!report.ok) return '❌ failed'
  const how = report.result === 'covered' ? 'covered by a sync already under way' : 'sync initiated'
  return report.syncStatus === 'complete' ? `✅ ${how}, complete on the doors` : `✅ ${how}`
}

/** The summary's first line: its headline, one sentence, plain text (escaped when written). */
export function syncHeadline(report: Report): string {
  const doors = report.doors ?? []
  if (report.cancelled) return `⏹️ ${firstSentence(report.message ?? 'Cancelled.')}`
  if (report.ok) {
    const covered = report.result === 'covered'
    if (report.syncStatus === 'complete' && report.nothingToSync) {
      return "✅ Nothing to sync: DoorFlow's last_sync did not move within its 30 s sync window, and it reports complete"
    }
    if (report.syncStatus === 'complete') {
      return covered
        ? '✅ Doors have the change: a sync already under way covered this run, and DoorFlow reports it complete'
        : '✅ Doors have the change: DoorFlow reports the sync complete'
    }
    return covered
      ? "✅ A sync already under way covers this run's changes (the step did not wait for the doors)"
      : '✅ DoorFlow accepted the sync (the step did not wait for the doors; wait-for-completion confirms them)'
  }
  const failed = failingDoors(doors)
  if (failed.length) return `❌ ${failed.length} of ${doors.length} doors failed: ${doorNames(failed)}`
  const offline = offlineDoors(doors)
  if (report.syncStatus === 'pending' && offline.length) {
    return `❌ Not confirmed: ${offline.length} of ${doors.length} doors offline: ${doorNames(offline)}`
  }
  return `❌ ${firstSentence(report.message ?? 'The step failed.')}`
}

/** The first sentence of a message: up to the first full stop outside parentheses (server text stands inside them). */
export function firstSentence(message: string): string {
  let depth = 0
  for (let i = 0; i < message.length; i++) {
    const c = message[i]
    if (c === '(') depth++
    else if (c === ')') depth = Math.max(0, depth - 1)
    else if (c === '.' && depth === 0 && (i + 1 === message.length || message[i + 1] === ' ')) {
      return message.slice(0, i)
    }
  }
  return message.length > 300 ? `${message.slice(0, 300)}…` : message
}

/** Rows of the details table; pure so the wording is tested without a summary file. */
export function summaryRows(report: Report): [string, string][] {
  const rows: [string, string][] = [
    ...(report.endpoint ? [['Endpoint', report.endpoint] as [string, string]] : []),
    ['Outcome', outcomeText(report)],
    ...(report.signIn ? [['Signed in with', report.signIn] as [string, string]] : []),
    ['HTTP status', report.status === undefined ? 'no response' : String(report.status)],
    ['Attempts', String(report.attempts)],
    ['Time spent', seconds(report.elapsedMs)]
  ]
  if (report.result) rows.push(['DoorFlow result', report.result])
  if (report.syncStatus) {
    const description = report.syncDescription ? ` (${report.syncDescription})` : ''
    rows.push(['Sync status', `${report.syncStatus}${description}`])
  }
  if (report.waitedMs !== undefined) rows.push(['Waited for completion', seconds(report.waitedMs)])
  if (report.nothingToSync) {
    rows.push(['Concluded', "nothing to sync: DoorFlow's last_sync did not move within its 30 s sync window"])
  }
  if (report.message) rows.push(['Message', report.message])
  return rows
}

export function doorRows(doors: Door[]): string[][] {
  return doors.map(d => [d.name, d.connection, d.syncStatus, d.lastCompleted])
}

/**
 * The job summary as HTML: the headline first, then the doors, then the details folded. Every
 * cell is escaped here, whatever it holds, so no text can add markup or break the table.
 */
export function summaryHtml(report: Report): string {
  const table = (head: string[], rows: string[][]) =>
    `<table><tr>${head.map(h => `<th>${escapeHtml(h)}</th>`).join('')}</tr>` +
    rows.map(r => `<tr>${r.map(c => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('') +
    '</table>'
  return [
    `<h3>${escapeHtml(syncHeadline(report))}</h3>`,
    ...(report.doors?.length
      ? [table(['Door', 'Connection', 'Sync status', 'Last completed'], doorRows(report.doors))]
      : []),
    '<details><summary>DoorFlow sync: details</summary>',
    '',
    table(['Item', 'Value'], summaryRows(report)),
    '</details>',
    ''
  ].join('\n')
}

/** The job summary of `report`, when the step has one (`summary`: GITHUB_STEP_SUMMARY is set, runner.ts). */
export async function writeSummary(report: Report, summary: boolean): Promise<void> {
  if (!summary) {
    core.debug('GITHUB_STEP_SUMMARY is not set; skipping the job summary.')
    return
  }
  await core.summary.addRaw(summaryHtml(report)).write()
}

/** The step's sync outputs and its job summary (when it has one), both from `report`. */
export async function publishReport(report: Report, summary: boolean): Promise<void> {
  setOutputs(report)
  await writeSummaryOrWarn(writeSummary(report, summary))
}

/**
 * Awaits a job summary write; a summary that cannot be written is a warning, never the step's failure.
 * The error may carry the OS's words, so it is gated.
 */
export async function writeSummaryOrWarn(write: Promise<unknown>): Promise<void> {
  await write.catch((err: unknown) =>
    annotate(
      'warning',
      `Could not write the job summary: ${untrusted(err instanceof Error ? err.message : String(err))}`
    )
  )
}
