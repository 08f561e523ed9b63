import * as core from '@actions/core'
import type { Door } from './doors.js'
import { seconds } from './time.js'

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
  doors?: Door[]
  elapsedMs: number
  /** The failure, in one line. */
  message?: string
}

export function setOutputs(report: Pick<Report, 'status' | 'result' | 'attempts' | 'initiated' | 'syncStatus'>): void {
  core.setOutput('status', report.status === undefined ? '' : String(report.status))
  core.setOutput('result', report.result)
  core.setOutput('attempts', String(report.attempts))
  core.setOutput('initiated', String(report.initiated))
  core.setOutput('sync-status', report.syncStatus)
}

function outcomeText(report: Report): string {
  if (!report.ok) return '❌ failed'
  const how = report.result === 'covered' ? 'covered by a sync already under way' : 'sync initiated'
  return report.syncStatus === 'complete' ? `✅ ${how}, complete on the doors` : `✅ ${how}`
}

/** Rows of the summary table; pure so the wording is tested without a summary file. */
export function summaryRows(report: Report): [string, string][] {
  const rows: [string, string][] = [
    ['Endpoint', report.endpoint],
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
  if (report.message) rows.push(['Message', report.message])
  return rows
}

export function doorRows(doors: Door[]): string[][] {
  return doors.map(d => [d.name, d.connection, d.syncStatus, d.lastCompleted])
}

export async function writeSummary(report: Report): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.debug('GITHUB_STEP_SUMMARY is not set; skipping the job summary.')
    return
  }
  const header = (...cells: string[]) => cells.map(data => ({ data, header: true }))
  const summary = core.summary
    .addHeading('DoorFlow sync', 3)
    .addTable([header('Item', 'Value'), ...summaryRows(report)])
  if (report.doors) {
    summary
      .addHeading('Doors', 4)
      .addTable([header('Door', 'Connection', 'Sync status', 'Last completed'), ...doorRows(report.doors)])
  }
  await summary.write()
}
