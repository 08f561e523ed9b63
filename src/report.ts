import * as core from '@actions/core'
import { seconds } from './http.js'

/** What the step came to, as the outputs and the job summary tell it. */
export interface Report {
  ok: boolean
  endpoint: string
  /** HTTP status of the last sync response; undefined when none came back. */
  status: number | undefined
  /** DoorFlow's `result` from a 2xx body, verbatim; '' when it has none. */
  result: string
  attempts: number
  elapsedMs: number
  /** The failure, in one line. */
  message?: string
}

export function setOutputs(report: Pick<Report, 'status' | 'result' | 'attempts'>): void {
  core.setOutput('status', report.status === undefined ? '' : String(report.status))
  core.setOutput('result', report.result)
  core.setOutput('attempts', String(report.attempts))
}

/** Rows of the summary table; pure so the wording is tested without a summary file. */
export function summaryRows(report: Report): [string, string][] {
  const rows: [string, string][] = [
    ['Endpoint', report.endpoint],
    ['Outcome', report.ok ? '✅ sync initiated' : '❌ failed'],
    ['HTTP status', report.status === undefined ? 'no response' : String(report.status)],
    ['Attempts', String(report.attempts)],
    ['Time spent', seconds(report.elapsedMs)]
  ]
  if (report.result) rows.push(['DoorFlow result', report.result])
  if (report.message) rows.push(['Message', report.message])
  return rows
}

export async function writeSummary(report: Report): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) {
    core.debug('GITHUB_STEP_SUMMARY is not set; skipping the job summary.')
    return
  }
  await core.summary
    .addHeading('DoorFlow sync', 3)
    .addTable([
      [
        { data: 'Item', header: true },
        { data: 'Value', header: true }
      ],
      ...summaryRows(report)
    ])
    .write()
}
