import { timeLeft, withRetries, type Context } from './attempts.js'
import type { Outcome } from './http.js'
import { seconds } from './time.js'
import { describeOutcome, READ_ACCOUNT } from './messages.js'
import { belongsToSync, judgePoll, parseSyncState, pollIntervalMs, type SyncState } from './sync-state.js'

export interface WaitResult {
  ok: boolean
  /** The last `sync.status` seen; '' when no poll answered. */
  status: string
  description: string
  polls: number
  waitedMs: number
  message?: string
}

/** No poll is started with less than this left: it could not finish inside the budget. */
const LAST_POLL_MARGIN_MS = 1000

/**
 * Polls GET /api/3/account until this sync is `complete` (ok) or `failing`, or the step's
 * budget runs out. `since` is when this run's sync began in DoorFlow's time; a status whose
 * `last_sync` is older belongs to an earlier sync and is not taken (unless it stays older for
 * two polls: then DoorFlow had nothing to sync).
 */
export async function waitForCompletion(
  ctx: Context,
  readAccount: (timeoutMs: number) => Promise<Outcome>,
  since: number,
  firstIntervalMs: number
): Promise<WaitResult> {
  const { budget, clock, log } = ctx
  const waitStart = clock.now()
  let last: SyncState | undefined
  let stale = 0
  for (let polls = 0; ;) {
    const left = timeLeft(ctx)
    const waitedMs = clock.now() - waitStart
    if (left <= LAST_POLL_MARGIN_MS) {
      const status = last?.status ?? ''
      const offline =
        status === 'pending'
          ? ' Controllers that are offline stay pending until they reconnect: check that the doors are online.'
          : ''
      return {
        ok: false,
        status,
        description: last?.description ?? '',
        polls,
        waitedMs,
        message:
          `Sync not confirmed: DoorFlow still reports '${status || 'unknown'}' after waiting ${seconds(waitedMs)} ` +
          `(timeout-seconds is ${seconds(budget.timeoutMs)}).${offline} Raise timeout-seconds to wait longer.`
      }
    }
    await clock.sleep(Math.min(pollIntervalMs(firstIntervalMs, polls + 1), left - LAST_POLL_MARGIN_MS), ctx.signal)
    polls++
    const poll = await withRetries(ctx, READ_ACCOUNT, readAccount)
    const answer = poll.outcome?.kind === 'response' ? poll.outcome : undefined
    const state = poll.ok && answer ? parseSyncState(answer.body) : undefined
    const elapsed = clock.now() - waitStart
    if (!state) {
      const message = poll.ok
        ? `Waiting for the sync failed: DoorFlow's account answer carried no sync status (${describeOutcome(poll.outcome!)}).`
        : (poll.message ?? 'Reading the account failed.')
      return {
        ok: false,
        status: last?.status ?? '',
        description: last?.description ?? '',
        polls,
        waitedMs: elapsed,
        message
      }
    }
    last = state
    stale = belongsToSync(state, since) ? 0 : stale + 1
    const verdict = judgePoll(state, since, stale)
    if (verdict.kind === 'complete') {
      log(`Sync status: complete after ${seconds(elapsed)} (${polls} poll${polls === 1 ? '' : 's'}).`)
      return { ok: true, status: state.status, description: state.description, polls, waitedMs: elapsed }
    }
    if (verdict.kind === 'failing') {
      const why = verdict.description ? ` (${verdict.description})` : ''
      return {
        ok: false,
        status: state.status,
        description: state.description,
        polls,
        waitedMs: elapsed,
        message: `Sync failed on the doors: DoorFlow reports 'failing'${why} after ${seconds(elapsed)}. Check the controllers DoorFlow lists as failing, then run again.`
      }
    }
    const next = Math.min(pollIntervalMs(firstIntervalMs, polls + 1), Math.max(0, timeLeft(ctx) - LAST_POLL_MARGIN_MS))
    const what =
      verdict.reason === 'previous-sync'
        ? `${state.status} (of an earlier sync; this one has not shown yet)`
        : state.status
    log(`Sync status: ${what}, elapsed ${seconds(elapsed)}; next poll in ${seconds(next)}.`)
  }
}
