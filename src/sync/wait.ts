import { timeLeft, type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { doorNames, failingDoors, offlineDoors, type Door } from '../doorflow/doors.js'
import type { Outcome } from '../net/http.js'
import { plural, seconds } from '../format.js'
import { describeOutcome } from '../net/failure-messages.js'
import { READ_ACCOUNT } from '../doorflow/operations.js'
import { judgePoll, pollIntervalMs, SYNC_WINDOW_MS } from './state.js'
import { parseSyncState, type SyncState } from '../doorflow/account.js'

export interface WaitResult {
  ok: boolean
  /** The last `sync.status` seen; '' when no poll answered. */
  status: string
  description: string
  polls: number
  waitedMs: number
  /** `last_sync` never moved past the baseline within a sync window: DoorFlow had nothing to sync. */
  nothingToSync?: boolean
  /** The per-door table, when DoorFlow gave it. */
  doors?: Door[]
  message?: string
}

/** What the wait reads: the account (each poll), and the doors once, before the wait says how the sync ended. */
export interface WaitReads {
  account: (timeoutMs: number) => Promise<Outcome>
  doors: () => Promise<Door[] | undefined>
}

/** No poll is started with less than this left: it could not finish inside the budget, and the door table gets it. */
const LAST_POLL_MARGIN_MS = 1000

/**
 * Polls GET /api/3/account until this sync is `complete` (ok) or `failing`, or the step's
 * budget runs out; then reads the door table, so that a failure can name the doors. `baseline`
 * is the account's `last_sync` as read before this run's sync: only a newer one is this sync's
 * (see judgePoll). Call it the moment DoorFlow accepted the sync.
 */
export async function waitForCompletion(
  ctx: Context,
  reads: WaitReads,
  baseline: number | null,
  firstIntervalMs: number
): Promise<WaitResult> {
  const { budget, clock, log } = ctx
  const waitStart = clock.now()
  let last: SyncState | undefined
  const end = async (result: Omit<WaitResult, 'doors' | 'message'>, message: (doors: Door[]) => string) => {
    const doors = await reads.doors()
    return { ...result, doors, message: result.ok ? undefined : message(doors ?? []) }
  }
  for (let polls = 0; ;) {
    const left = timeLeft(ctx)
    const waitedMs = clock.now() - waitStart
    if (left <= LAST_POLL_MARGIN_MS) {
      const status = last?.status ?? ''
      return end({ ok: false, status, description: last?.description ?? '', polls, waitedMs }, doors =>
        notConfirmedMessage(status, waitedMs, budget.timeoutMs, doors)
      )
    }
    await clock.sleep(Math.min(pollIntervalMs(firstIntervalMs, polls + 1), left - LAST_POLL_MARGIN_MS), ctx.signal)
    polls++
    const poll = await withRetries(ctx, READ_ACCOUNT, reads.account)
    const answer = poll.outcome?.kind === 'response' ? poll.outcome : undefined
    const state = poll.ok && answer ? parseSyncState(answer.body) : undefined
    const elapsed = clock.now() - waitStart
    if (!state) {
      const message = poll.ok
        ? `Waiting for the sync failed: DoorFlow's account answer carried no sync status (${describeOutcome(poll.outcome!)}).`
        : (poll.message ?? 'Reading the account failed.')
      const result = { ok: false, status: last?.status ?? '', description: last?.description ?? '', polls }
      return end({ ...result, waitedMs: elapsed }, () => message)
    }
    last = state
    const reading = judgePoll(state, baseline, elapsed)
    if (reading.kind === 'complete' || reading.kind === 'failing') {
      const { nothingToSync } = reading
      if (nothingToSync) log(nothingToSyncLine(state.status))
      const result = { status: state.status, description: state.description, polls, waitedMs: elapsed, nothingToSync }
      if (reading.kind === 'complete') {
        log(`Sync status: complete after ${seconds(elapsed)} (${plural(polls, 'poll')}).`)
        return end({ ok: true, ...result }, () => '')
      }
      return end({ ok: false, ...result }, doors => failingMessage(reading.description, elapsed, doors))
    }
    const next = Math.min(pollIntervalMs(firstIntervalMs, polls + 1), Math.max(0, timeLeft(ctx) - LAST_POLL_MARGIN_MS))
    const what =
      reading.reason === 'previous-sync'
        ? `${state.status} (of an earlier sync; this one has not shown yet)`
        : state.status
    log(`Sync status: ${what}, elapsed ${seconds(elapsed)}; next poll in ${seconds(next)}.`)
  }
}

function nothingToSyncLine(status: string): string {
  return (
    `DoorFlow's last_sync has not moved since before this run's sync for ${seconds(SYNC_WINDOW_MS)} (its sync window): ` +
    `DoorFlow had nothing to sync, so its status '${status}' stands.`
  )
}

function failingMessage(description: string, elapsedMs: number, doors: Door[]): string {
  const why = description ? ` (${description})` : ''
  const failing = failingDoors(doors)
  const named = failing.length ? ` Failing: ${doorNames(failing)}.` : ''
  return (
    `Sync failed on the doors: DoorFlow reports 'failing'${why} after ${seconds(elapsedMs)}.${named} ` +
    'Check the controllers DoorFlow lists as failing, then run again.'
  )
}

function notConfirmedMessage(status: string, waitedMs: number, timeoutMs: number, doors: Door[]): string {
  const offline = status === 'pending' ? offlineDoors(doors) : []
  const named = offline.length ? ` Offline: ${doorNames(offline)}.` : ''
  const advice =
    status === 'pending'
      ? ' Controllers that are offline stay pending until they reconnect: check that the doors are online.'
      : ''
  return (
    `Sync not confirmed: DoorFlow still reports '${status || 'unknown'}' after waiting ${seconds(waitedMs)} ` +
    `(timeout-seconds is ${seconds(timeoutMs)}).${named}${advice} Raise timeout-seconds to wait longer.`
  )
}
