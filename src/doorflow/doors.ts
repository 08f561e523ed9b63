import type { Outcome } from '../net/http.js'
import { describeOutcome } from '../net/failure-messages.js'
import { parseJsonArray } from '../net/json.js'
import { untrusted } from '../untrusted.js'

/** One door controller, as the job summary lists it; every field is gated server text. */
export interface Door {
  name: string
  connection: string
  syncStatus: string
  lastCompleted: string
}

/** Doors listed at most: a summary is read, not scrolled. */
export const MAX_DOORS = 500

/** The channels list from GET /api/3/channels (at most MAX_DOORS); undefined when the body is not one. */
export function parseDoors(body: string): Door[] | undefined {
  const list = parseJsonArray(body)
  if (!list) return undefined
  return list.slice(0, MAX_DOORS).map(item => {
    const channel = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>
    const sync = (channel['sync'] && typeof channel['sync'] === 'object' ? channel['sync'] : {}) as Record<
      string,
      unknown
    >
    return {
      name: text(channel['name']) || `#${text(channel['id'])}`,
      connection: text(channel['status']),
      syncStatus: text(sync['status']),
      lastCompleted: text(sync['last_sync_completed_at']) || 'never'
    }
  })
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? untrusted(String(value), 120) : ''
}

/** "Front Door, Loading Dock and 3 more": at most five names (already gated by parseDoors), then how many more. */
export function doorNames(doors: Door[]): string {
  const shown = doors.slice(0, 5).map(d => d.name)
  return doors.length > shown.length ? `${shown.join(', ')} and ${doors.length - shown.length} more` : shown.join(', ')
}

/** Doors whose controller reports a failed sync (DoorFlow's channel sync status `fail`). */
export const failingDoors = (doors: Door[]): Door[] => doors.filter(d => /^fail/i.test(d.syncStatus))

/** Doors whose controller is offline: they stay pending until they reconnect. */
export const offlineDoors = (doors: Door[]): Door[] => doors.filter(d => d.connection === 'offline')

/** Why the summary lists no doors: only a 403 means the scope is missing; a 5xx or a timeout says so. */
export function doorsOmitted(outcome: Outcome): string {
  const head = `The job summary lists no doors (GET /api/3/channels: ${describeOutcome(outcome)}`
  if (outcome.kind === 'error') {
    return outcome.reason === 'timeout'
      ? `${head}; DoorFlow did not answer in time).`
      : `${head}; DoorFlow could not be reached).`
  }
  if (outcome.status === 403)
    return `${head}; the token lacks scope account.channel.readonly: re-authorize with it to list the doors).`
  if (outcome.status === 401) return `${head}; DoorFlow refused the token).`
  if (outcome.status >= 500) return `${head}; DoorFlow had an internal error).`
  if (outcome.status === 200) return `${head}; the answer was not a list of doors).`
  return `${head}).`
}
