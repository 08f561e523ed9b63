/** One door controller, as the job summary lists it. */
export interface Door {
  name: string
  connection: string
  syncStatus: string
  lastCompleted: string
}

/** The channels list from GET /api/3/channels; undefined when the body is not one. */
export function parseDoors(body: string): Door[] | undefined {
  let list: unknown
  try {
    list = JSON.parse(body)
  } catch {
    return undefined
  }
  if (!Array.isArray(list)) return undefined
  return list.map(item => {
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
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}
