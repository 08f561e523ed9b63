import { parseDoors } from '../src/doors.js'

describe('parseDoors', () => {
  it('reads the channel list', () => {
    const body = JSON.stringify([
      {
        id: 1,
        name: 'Front Door',
        status: 'online',
        sync: { status: 'ok', last_sync_completed_at: '2026-11-25T12:00:00Z' }
      },
      { id: 2, name: '', status: 'offline', sync: { status: 'pending', last_sync_completed_at: null } },
      { id: 3 }
    ])
    expect(parseDoors(body)).toEqual([
      { name: 'Front Door', connection: 'online', syncStatus: 'ok', lastCompleted: '2026-11-25T12:00:00Z' },
      { name: '#2', connection: 'offline', syncStatus: 'pending', lastCompleted: 'never' },
      { name: '#3', connection: '', syncStatus: '', lastCompleted: 'never' }
    ])
  })
  it('returns undefined for what is not a list', () => {
    expect(parseDoors('{"error":"forbidden"}')).toBeUndefined()
    expect(parseDoors('<html>')).toBeUndefined()
  })
})
