import { parseJsonObject } from './json.js'
import { untrusted } from './untrusted.js'

/** The account's sync state, as GET /api/3/account reports it. */
export interface SyncState {
  status: string
  /** Time of the last sync initiation (ms), or null when DoorFlow reports none. */
  lastSync: number | null
  description: string
}

/** `sync` from an account body, its status and description gated; undefined when the body does not carry one. */
export function parseSyncState(body: string): SyncState | undefined {
  const sync = parseJsonObject(body)?.['sync']
  if (!sync || typeof sync !== 'object') return undefined
  const { status, last_sync: lastSync, description } = sync as Record<string, unknown>
  if (typeof status !== 'string') return undefined
  const at = typeof lastSync === 'string' ? Date.parse(lastSync) : NaN
  return {
    status: untrusted(status, 60),
    lastSync: Number.isNaN(at) ? null : at,
    description: typeof description === 'string' ? untrusted(description, 200) : ''
  }
}

/** A `Date` header in ms, or undefined. */
export function parseHttpDate(value: string | undefined): number | undefined {
  const at = value ? Date.parse(value) : NaN
  return Number.isNaN(at) ? undefined : at
}

const wholeSecond = (ms: number) => Math.floor(ms / 1000)

/**
 * Whether a sync initiated at `lastSync` started after this run first asked (DoorFlow's Date
 * on the first answer this run received). Both carry whole seconds, so only a later second
 * counts: a sync that started in the same second may have started before the run asked.
 */
export function coversRun(lastSync: number | null, firstAskedAt: number): boolean {
  return lastSync !== null && wholeSecond(lastSync) > wholeSecond(firstAskedAt)
}

/**
 * Whether the status DoorFlow reports is about this run's sync: `last_sync` is at or after
 * `since`, the earliest moment this sync can carry (the caller allows for whole seconds).
 */
export function belongsToSync(state: SyncState, since: number): boolean {
  return state.lastSync !== null && state.lastSync >= since
}

export const MAX_POLL_INTERVAL_MS = 30_000

/** The wait before poll n+1: the first interval, ×1.5 per poll, never past 30 s. */
export function pollIntervalMs(firstMs: number, polls: number): number {
  return Math.min(MAX_POLL_INTERVAL_MS, Math.round(firstMs * 1.5 ** Math.max(0, polls - 1)))
}

export type PollVerdict =
  | { kind: 'complete' }
  | { kind: 'failing'; description: string }
  | { kind: 'waiting'; reason: 'in-progress' | 'previous-sync' }

/**
 * What one poll means. A status of an older sync never turns the step green; but when
 * `last_sync` stays older for two polls, DoorFlow had nothing to sync and its status stands.
 */
export function judgePoll(state: SyncState, since: number, stalePolls: number): PollVerdict {
  if (!belongsToSync(state, since) && stalePolls < 2) return { kind: 'waiting', reason: 'previous-sync' }
  if (state.status === 'complete') return { kind: 'complete' }
  if (state.status === 'failing') return { kind: 'failing', description: state.description }
  return { kind: 'waiting', reason: 'in-progress' }
}
