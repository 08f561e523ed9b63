/** DoorFlow's account (GET /api/3/account): the part the sync reads, its last sync. */
import { parseJsonObject } from '../net/json.js'
import { untrusted } from '../untrusted.js'

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
