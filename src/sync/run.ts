/**
 * The plain sync, in the action: sign in, read the account's last sync (only when waiting), send
 * the sync under the retry policy (on a 429, a sync already under way may cover it), wait for the
 * doors to report it, read the doors, and tell it all as one Report. Called from main.ts, which
 * alone ends the step: for a plain run, and after a roster apply with the roster's sign-in.
 */
import * as core from '@actions/core'
import { timeLeft, type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { parseJsonObject } from '../net/json.js'
import { doorsOmitted, parseDoors, type Door } from '../doorflow/doors.js'
import { DoorFlowClient } from '../doorflow/client.js'
import { iso, plural, seconds } from '../format.js'
import { describeOutcome } from '../net/failure-messages.js'
import { READ_ACCOUNT, scopeList, SYNC } from '../doorflow/operations.js'
import { untrusted } from '../untrusted.js'
import type { Settings } from '../settings.js'
import { grantedScopes, signIn } from '../sign-in.js'
import { emptyReport, type Report } from '../report.js'
import { heldContext, type Cancellation } from '../signals.js'
import { isNewerSync } from './state.js'
import { parseSyncState } from '../doorflow/account.js'
import { waitForCompletion } from './wait.js'

/**
 * The sync step: what it came to, for the outputs, the summary and the step's end. `ctx` is the
 * step's (its signal `cancel.signal`); `given`: a sign-in already made for this run (a roster
 * apply), so the refresh token is not spent twice.
 */
export async function runSync(
  settings: Settings,
  ctx: Context,
  cancel: Cancellation,
  given?: { accessToken: string; note: string }
): Promise<Report> {
  const { clock } = ctx
  const { startedAt } = ctx.budget
  const endpoint = `${settings.baseUrl}/api/3/sync`
  const cancelled = (report: Report, detail: string): Report => ({
    ...report,
    ok: false,
    cancelled: true,
    elapsedMs: clock.now() - startedAt,
    message: `Cancelled (${cancel.received ?? 'signal'}) ${detail}`
  })
  const signedIn = given
    ? { ok: true as const, ...given }
    : await signIn(ctx, settings.auth, settings.baseUrl, cancel.hold)
  if (!signedIn.ok) {
    const elapsedMs = clock.now() - startedAt
    return emptyReport({
      endpoint,
      elapsedMs,
      message: signedIn.cancelled ? `Cancelled (${cancel.received ?? 'signal'}) ${signedIn.message}` : signedIn.message,
      cancelled: signedIn.cancelled
    })
  }
  const client = new DoorFlowClient(settings.baseUrl, signedIn.accessToken)

  // Waiting: the account's last_sync before this run's sync, so that only a newer one is taken
  // as this sync's (or as covering it). Read only when waiting: a plain run sends one request.
  let baseline: number | null | undefined
  if (settings.waitForCompletion) {
    const before = await readLastSync(ctx, client)
    const unsent = emptyReport({ endpoint, signIn: signedIn.note, elapsedMs: clock.now() - startedAt })
    if (!before.ok && before.cancelled) {
      return cancelled(unsent, 'before any sync request: nothing was synced; run again.')
    }
    if (!before.ok) {
      const message =
        `${before.message} wait-for-completion needs the account's sync state, so nothing was synced ` +
        '(set wait-for-completion: false to sync without waiting).'
      return { ...unsent, message }
    }
    baseline = before.lastSync
    core.debug(`The account's last sync before this run's: ${baseline === null ? 'none' : iso(baseline)}.`)
  }

  core.info(`Requesting a DoorFlow sync: POST ${endpoint}`)
  const coalescing = settings.coalesce ? new CoveringSync(ctx, client, baseline) : undefined
  const send = (c: Context) =>
    withRetries(c, SYNC, (t, s) => client.sync(t, s), {
      onRateLimited: coalescing && ((withinMs, final) => coalescing.find(withinMs, final))
    })
  // After a roster apply the sync is held against a cancel: it carries writes (revocations among
  // them) already in DoorFlow, so it gets what time the runner leaves rather than being cut off.
  const sync = given
    ? await cancel.hold('syncing what the roster applied', held => send(heldContext(ctx, held)))
    : await send(ctx)

  const response = sync.outcome?.kind === 'response' ? sync.outcome : undefined
  const coveredBy = sync.ok ? sync.found : undefined
  const covered = coveredBy !== undefined
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
    message: sync.message,
    ...(sync.ok ? { acceptedAt: clock.now() } : {})
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
      `A sync DoorFlow initiated at ${iso(coveredBy)}, after this run read the account, covers this run's changes: no sync of its own needed.`
    )
  } else {
    core.info(
      `DoorFlow accepted the sync (HTTP ${report.status}, result '${report.result || 'none'}') after ${plural(report.attempts, 'attempt')}.`
    )
  }
  if (!settings.waitForCompletion) return report

  core.info(`Waiting for DoorFlow to report the sync complete (first poll in ${seconds(settings.pollIntervalMs)}).`)
  const reads = { account: (t: number) => client.account(t, cancel.signal), doors: () => fetchDoors(ctx, client) }
  const waitStart = clock.now()
  const wait = await waitForCompletion(ctx, reads, baseline ?? null, settings.pollIntervalMs)
  if (cancel.signal.aborted) {
    return cancelled(
      { ...report, syncStatus: wait.status, syncDescription: wait.description, waitedMs: wait.waitedMs },
      `after ${seconds(wait.waitedMs)} of waiting for the sync to complete: DoorFlow accepted the sync, ` +
        `${wait.status ? `last reported '${wait.status}'` : 'no status read yet'}; the doors may not have it yet.`
    )
  }
  return {
    ...report,
    ok: wait.ok,
    syncStatus: wait.status,
    syncDescription: wait.description,
    waitedMs: wait.waitedMs,
    nothingToSync: wait.nothingToSync,
    doors: wait.doors,
    elapsedMs: clock.now() - startedAt,
    message: wait.message,
    // The poll that read complete came waitedMs after the wait began (the door table is read after it).
    ...(wait.ok && wait.status === 'complete' ? { confirmedAt: waitStart + wait.waitedMs } : {})
  }
}

/** The account's `last_sync` (null: none yet), read under the retry policy and the step's budget. */
async function readLastSync(
  ctx: Context,
  client: DoorFlowClient
): Promise<{ ok: true; lastSync: number | null } | { ok: false; message: string; cancelled?: boolean }> {
  const read = await withRetries(ctx, READ_ACCOUNT, (t, s) => client.account(t, s))
  const state = read.ok && read.outcome?.kind === 'response' ? parseSyncState(read.outcome.body) : undefined
  if (state) return { ok: true, lastSync: state.lastSync }
  return {
    ok: false,
    cancelled: read.cancelled,
    message: read.ok
      ? `Reading the account failed: the answer carried no sync status (${describeOutcome(read.outcome!)}).`
      : (read.message ?? 'Reading the account failed.')
  }
}

/**
 * Coalescing: on a 429, whether a sync that began after this run read the account already
 * covers its changes. Only DoorFlow's own `last_sync` values are compared, never a Date header
 * with anything: the baseline is the account read before the sync when waiting, else the read
 * at the first 429 (which can therefore never find a cover itself). Coalescing is only an
 * optimisation, so any failure to read the account is logged and the run carries on as without it.
 */
class CoveringSync {
  constructor(
    private readonly ctx: Context,
    private readonly client: DoorFlowClient,
    /** `last_sync` as this run first read it; undefined until then. */
    private baseline: number | null | undefined
  ) {}

  /** The covering sync's last_sync, if DoorFlow reports one; the read takes at most `withinMs`. */
  async find(withinMs: number, final: boolean): Promise<number | undefined> {
    // With no baseline and no retry to come, a read could find nothing.
    if (this.baseline === undefined && final) return undefined
    const timeoutMs = Math.min(this.ctx.budget.requestTimeoutMs, withinMs, timeLeft(this.ctx))
    if (timeoutMs < 1) return undefined
    const outcome = await this.client.account(timeoutMs, this.ctx.signal)
    const state = outcome.kind === 'response' && outcome.status === 200 ? parseSyncState(outcome.body) : undefined
    if (!state) {
      core.info(
        `Could not check for a sync already covering this run (reading the account: ${describeOutcome(outcome)}); retrying as usual.`
      )
      return undefined
    }
    if (this.baseline === undefined) {
      this.baseline = state.lastSync
      // An account that never synced has last_sync null: said as such, never as a time.
      core.info(
        state.lastSync === null
          ? 'DoorFlow has no record of a sync; the first one it records would cover this run.'
          : `DoorFlow's last sync began at ${iso(state.lastSync)}; a later one would cover this run.`
      )
      return undefined
    }
    if (!isNewerSync(state.lastSync, this.baseline)) {
      const when = (at: number | null) => (at === null ? 'no sync on record' : `a sync begun at ${iso(at)}`)
      core.debug(`DoorFlow reports ${when(state.lastSync)}, no newer than ${when(this.baseline)} as this run read it.`)
      return undefined
    }
    return state.lastSync!
  }
}

/** The per-door table; needs scope account.channel.readonly, so a refusal only omits it. Never past the budget. */
async function fetchDoors(ctx: Context, client: DoorFlowClient): Promise<Door[] | undefined> {
  const left = timeLeft(ctx)
  if (left < 1 || ctx.signal?.aborted) {
    if (left < 1) core.info('The job summary lists no doors (no time was left in timeout-seconds to read them).')
    return undefined
  }
  const outcome = await client.channels(Math.min(ctx.budget.requestTimeoutMs, left), ctx.signal)
  const doors = outcome.kind === 'response' && outcome.status === 200 ? parseDoors(outcome.body) : undefined
  if (!doors) core.info(doorsOmitted(outcome))
  return doors
}

/** DoorFlow's `result`: verbatim when a short one-line string, else gated; a 2xx body that is not JSON still counts as initiated. */
function resultField(body: string): string {
  return untrusted(parseJsonObject(body)?.['result'], 100)
}
