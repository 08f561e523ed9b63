import * as core from '@actions/core'
import { realClock, withRetries, type Clock } from './attempts.js'
import { DoorFlowClient } from './doorflow.js'
import { parseJsonObject } from './retry.js'
import { maskCredentials, readSettings } from './settings.js'
import { setOutputs, writeSummary, type Report } from './report.js'

const CREDENTIAL_INPUTS = ['token'] as const

/** The action: settings → sync under the retry policy → outputs and summary. The only place that fails the step. */
export async function run(clock: Clock = realClock): Promise<void> {
  const startedAt = clock.now()
  try {
    maskCredentials(name => core.getInput(name), CREDENTIAL_INPUTS)
    const settings = readSettings()
    const client = new DoorFlowClient(settings.baseUrl, settings.token)
    const endpoint = client.endpoint('/api/3/sync')
    core.info(`Requesting a DoorFlow sync: POST ${endpoint}`)

    const sync = await withRetries(
      'Sync',
      timeoutMs => client.sync(timeoutMs),
      { ...settings, startedAt },
      clock,
      line => core.info(line)
    )
    const response = sync.outcome?.kind === 'response' ? sync.outcome : undefined
    const result = sync.ok && response ? resultField(response.body) : ''
    const report: Report = {
      ok: sync.ok,
      endpoint,
      status: response?.status,
      result,
      attempts: sync.attempts,
      elapsedMs: clock.now() - startedAt,
      message: sync.message
    }
    setOutputs(report)
    await writeSummary(report).catch(err => core.warning(`Could not write the job summary: ${errorText(err)}`))
    if (report.ok) {
      core.info(`DoorFlow accepted the sync (HTTP ${report.status}, result '${result || 'none'}') after ${plural(report.attempts, 'attempt')}.`)
    } else {
      core.setFailed(report.message ?? 'Sync failed.')
    }
  } catch (err) {
    setOutputs({ status: undefined, result: '', attempts: 0 })
    core.setFailed(errorText(err))
  }
}

/** DoorFlow's `result` verbatim; a 2xx body that is not JSON still counts as initiated. */
function resultField(body: string): string {
  const value = parseJsonObject(body)?.['result']
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value)
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
