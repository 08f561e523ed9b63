import { doorNames, failingDoors, offlineDoors, parseDoors, type Door } from '../../src/doorflow/doors.js'

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

describe('doorNames', () => {
  const door = (name: string, connection = 'online', syncStatus = 'ok'): Door => ({
    name,
    connection,
    syncStatus,
    lastCompleted: 'never'
  })
  it('names up to five doors, then says how many more', () => {
    expect(doorNames([])).toBe('')
    expect(doorNames([door('Front Door')])).toBe('Front Door')
    expect(doorNames(['A', 'B', 'C', 'D', 'E'].map(n => door(n)))).toBe('A, B, C, D, E')
    expect(doorNames(['A', 'B', 'C', 'D', 'E', 'F'].map(n => door(n)))).toBe('A, B, C, D, E and 1 more')
  })
  it('picks the failing and the offline doors', () => {
    const doors = [door('A', 'online', 'fail'), door('B', 'offline', 'pending'), door('C')]
    expect(failingDoors(doors).map(d => d.name)).toEqual(['A'])
    expect(offlineDoors(doors).map(d => d.name)).toEqual(['B'])
  })
})
