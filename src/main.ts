import * as core from '@actions/core'
import { realClock, timeLeft, withRetries, type Clock, type Context } from './attempts.js'
import { parseDoors, type Door } from './doors.js'
import { DoorFlowClient } from './doorflow.js'
import { header, type Outcome } from './http.js'
import { iso, plural, seconds } from './time.js'
import { describeOutcome, doorsOmitted, scopeList, SYNC } from './messages.js'
import { untrusted } from './untrusted.js'
import { parseJsonObject } from './json.js'
import { InputError, maskCredentialInputs, readSettings, type Settings } from './settings.js'
import { grantedScopes, signIn } from './sign-in.js'
import { setOutputs, writeSummary, type Report } from './report.js'
import { coversRun, parseHttpDate, parseSyncState } from './sync-state.js'
import { waitForCompletion } from './wait.js'
import { Cancellation, type SignalSource } from './signals.js'

/**
 * The action: settings → sync under the retry policy → (wait) → outputs and summary. The only
 * place that ends the step: outputs, summary, failure and exit code, a cancel included.
 */
export async function run(clock: Clock = realClock, signals: SignalSource = process): Promise<void> {
  const startedAt = clock.now()
  const cancel = new Cancellation(line => core.info(line), signals)
  try {
    maskCredentialInputs()
    const settings = readSettings()
    const report = await syncAndReport(settings, clock, startedAt, cancel)
    setOutputs(report)
    await writeSummary(report).catch(err =>
      core.warning(`Could not write the job summary: ${untrusted(errorText(err))}`)
    )
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
    await writeSummary(failed).catch(e => core.warning(`Could not write the job summary: ${untrusted(errorText(e))}`))
    core.setFailed(message)
  } finally {
    cancel.dispose()
  }
}

async function syncAndReport(
  settings: Settings,
  clock: Clock,
  startedAt: number,
  cancel: Cancellation
): Promise<Report> {
  const ctx: Context = {
    budget: { ...settings, startedAt },
    clock,
    log: line => core.info(line),
    signal: cancel.signal
  }
  const endpoint = `${settings.baseUrl}/api/3/sync`
  const cancelled = (report: Report, detail: string): Report => ({
    ...report,
    ok: false,
    cancelled: true,
    elapsedMs: clock.now() - startedAt,
    message: `Cancelled (${cancel.received ?? 'signal'}) ${detail}`
  })
  const signedIn = await signIn(ctx, settings.auth, settings.baseUrl, cancel.hold)
  if (signedIn.refreshToken) core.setOutput('refresh-token', signedIn.refreshToken)
  if (!signedIn.ok) {
    const elapsedMs = clock.now() - startedAt
    return {
      ok: false,
      endpoint,
      status: undefined,
      result: '',
      initiated: false,
      attempts: 0,
      syncStatus: '',
      elapsedMs,
      message: signedIn.cancelled ? `Cancelled (${cancel.received ?? 'signal'}) ${signedIn.message}` : signedIn.message,
      cancelled: signedIn.cancelled
    }
  }
  const client = new DoorFlowClient(settings.baseUrl, signedIn.accessToken, cancel.signal)
  core.info(`Requesting a DoorFlow sync: POST ${endpoint}`)

  // DoorFlow's own time of this run's first answer: what "after this run asked" is measured by.
  let firstAnsweredAt: number | undefined
  let coveredBy: number | undefined
  const attempt = async (timeoutMs: number): Promise<Outcome> => {
    const outcome = await client.sync(timeoutMs)
    if (firstAnsweredAt === undefined && outcome.kind === 'response')
      firstAnsweredAt = parseHttpDate(header(outcome.headers, 'date'))
    return outcome
  }
  const coveringSync = async (): Promise<boolean> => {
    coveredBy = await findCoveringSync(ctx, client, firstAnsweredAt)
    return coveredBy !== undefined
  }
  const sync = await withRetries(ctx, SYNC, attempt, { onRateLimited: settings.coalesce ? coveringSync : undefined })

  const response = sync.outcome?.kind === 'response' ? sync.outcome : undefined
  const covered = sync.ok && coveredBy !== undefined
  const report: Report = {
    ok: sync.ok,
    endpoint,
    signIn: signedIn.note,
    status: response?.status,
    result: covered ? 'covered' : sync.ok && response ? resultField(response.body) : '',
    initiated: sync.ok && !covered,
    attempts: sync.attempts,
    syncStatus: '',
    elapsedMs: clock.now() - startedAt,
    message: sync.message
  }
  if (sync.cancelled) {
    const sent = sync.outcome?.kind === 'error' && sync.outcome.reason === 'cancelled'
    return cancelled(
      report,
      `after ${plural(sync.attempts, 'sync request')} in ${seconds(report.elapsedMs)}, before DoorFlow accepted a sync` +
        `${sent ? ' (the last request was cut off: DoorFlow may have received it)' : ''}: the doors may not have the change; run again.`
    )
  }
  if (!sync.ok) {
    // In token mode the scopes are read only to explain a refusal, never as a pre-check.
    if (response?.status === 403 && settings.auth.mode === 'token') {
      const scopes = await grantedScopes(ctx, client)
      if (scopes) report.message += ` The token's scopes: ${scopeList(scopes)}.`
    }
    return report
  }
  if (covered) {
    core.info(
      `A sync DoorFlow initiated at ${iso(coveredBy!)}, after this run first asked, covers this run's changes: no sync of its own needed.`
    )
  } else {
    core.info(
      `DoorFlow accepted the sync (HTTP ${report.status}, result '${report.result || 'none'}') after ${plural(report.attempts, 'attempt')}.`
    )
  }
  if (!settings.waitForCompletion) return report

  // The sync began at DoorFlow's Date on the answer that initiated it (whole seconds, so one
  // second earlier counts too), or at the covering sync's own last_sync.
  const initiatedAt = parseHttpDate(header(response!.headers, 'date')) ?? clock.now()
  const since = covered ? coveredBy! : initiatedAt - 1000
  core.info(`Waiting for DoorFlow to report the sync complete (first poll in ${seconds(settings.pollIntervalMs)}).`)
  const wait = await waitForCompletion(ctx, t => client.account(t), since, settings.pollIntervalMs)
  if (cancel.signal.aborted) {
    return cancelled(
      { ...report, syncStatus: wait.status, syncDescription: wait.description, waitedMs: wait.waitedMs },
      `after ${seconds(wait.waitedMs)} of waiting for the sync to complete: DoorFlow accepted the sync, ` +
        `last reported '${wait.status || 'unknown'}'; the doors may not have it yet.`
    )
  }
  const doors = await fetchDoors(ctx, client)
  return {
    ...report,
    ok: wait.ok,
    syncStatus: wait.status,
    syncDescription: wait.description,
    waitedMs: wait.waitedMs,
    doors,
    elapsedMs: clock.now() - startedAt,
    message: wait.message
  }
}

/**
 * When a sync request is rate-limited: the last_sync of a sync that began after this run
 * first asked, if DoorFlow reports one. Coalescing is only an optimisation, so any failure to
 * read the account is logged and the run carries on as without it.
 */
async function findCoveringSync(
  ctx: Context,
  client: DoorFlowClient,
  firstAnsweredAt: number | undefined
): Promise<number | undefined> {
  if (firstAnsweredAt === undefined) {
    core.info('Cannot tell whether a sync already covers this run (DoorFlow sent no Date header); retrying as usual.')
    return undefined
  }
  const outcome = await client.account(Math.max(1, Math.min(ctx.budget.requestTimeoutMs, timeLeft(ctx))))
  const state = outcome.kind === 'response' && outcome.status === 200 ? parseSyncState(outcome.body) : undefined
  if (!state) {
    core.info(
      `Could not check for a sync already covering this run (reading the account: ${describeOutcome(outcome)}); retrying as usual.`
    )
    return undefined
  }
  if (!coversRun(state.lastSync, firstAnsweredAt)) {
    core.debug(
      `Last sync ${state.lastSync === null ? 'never' : iso(state.lastSync)} began before this run first asked (${iso(firstAnsweredAt)}).`
    )
    return undefined
  }
  return state.lastSync!
}

/** The per-door table for the summary; needs scope account.channel.readonly, so a refusal only omits it. */
async function fetchDoors(ctx: Context, client: DoorFlowClient): Promise<Door[] | undefined> {
  const outcome = await client.channels(Math.min(ctx.budget.requestTimeoutMs, Math.max(timeLeft(ctx), 5000)))
  const doors = outcome.kind === 'response' && outcome.status === 200 ? parseDoors(outcome.body) : undefined
  if (!doors) core.info(doorsOmitted(outcome))
  return doors
}

/** DoorFlow's `result`: verbatim when a short one-line string, else gated; a 2xx body that is not JSON still counts as initiated. */
function resultField(body: string): string {
  return untrusted(parseJsonObject(body)?.['result'], 100)
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
