import type { SyncState } from '../doorflow/account.js'

const wholeSecond = (ms: number) => Math.floor(ms / 1000)

/**
 * Whether `lastSync` is a sync that began after `baseline`, the account's `last_sync` as this
 * run read it (null: DoorFlow reported no sync then). Both come from DoorFlow's account, so one
 * clock and whole seconds on both sides: nothing depends on a Date header or the runner's clock
 * agreeing with DoorFlow's.
 */
export function isNewerSync(lastSync: number | null, baseline: number | null): boolean {
  return lastSync !== null && (baseline === null || wholeSecond(lastSync) > wholeSecond(baseline))
}

/** DoorFlow's sync window: a sync it accepted shows in `last_sync` well within this. */
export const SYNC_WINDOW_MS = 30_000

export const MAX_POLL_INTERVAL_MS = 30_000

/** The wait before poll n+1: the first interval, ×1.5 per poll, never past 30 s. */
export function pollIntervalMs(firstMs: number, polls: number): number {
  return Math.min(MAX_POLL_INTERVAL_MS, Math.round(firstMs * 1.5 ** Math.max(0, polls - 1)))
}

/** What one poll of the account reads as: the sync complete or failing, or still to wait for. */
export type PollReading =
  | { kind: 'complete'; nothingToSync: boolean }
  | { kind: 'failing'; description: string; nothingToSync: boolean }
  | { kind: 'waiting'; reason: 'in-progress' | 'previous-sync' }

/**
 * What one poll means. `baseline` is `last_sync` as read before this run's sync (or when it
 * was covered); `acceptedForMs` is how long ago, on the runner's own clock, DoorFlow accepted
 * the sync. Only a status whose `last_sync` is newer than the baseline is this sync's. When
 * `last_sync` is still unchanged a whole sync window after DoorFlow accepted the sync, DoorFlow
 * had nothing to sync and the status it reports stands (nothingToSync).
 */
export function judgePoll(state: SyncState, baseline: number | null, acceptedForMs: number): PollReading {
  const nothingToSync = !isNewerSync(state.lastSync, baseline)
  if (nothingToSync && acceptedForMs < SYNC_WINDOW_MS) return { kind: 'waiting', reason: 'previous-sync' }
  if (state.status === 'complete') return { kind: 'complete', nothingToSync }
  if (state.status === 'failing') return { kind: 'failing', description: state.description, nothingToSync }
  return { kind: 'waiting', reason: 'in-progress' }
}
