import { parseEventPage, UsageFold } from '../../src/doorflow/events.js'

const NOW = Date.parse('2026-12-07T06:00:00Z')
const DAY = 86_400_000
const event = (person: number | null, at: number, code = 10) => ({
  id: at,
  event_code: code,
  event_label: 'x',
  person_id: person,
  created_at: new Date(at).toISOString(),
  updated_at: new Date(at).toISOString()
})

describe('parseEventPage', () => {
  it('keeps admits with a person, and the oldest time of any event', () => {
    const page = parseEventPage(
      JSON.stringify([event(1, NOW), event(2, NOW - 1000, 21), event(null, NOW - 2000, 30), event(3, NOW - 3000, 70)])
    )
    expect(page).toEqual({
      admits: [
        { personId: 1, at: NOW },
        { personId: 3, at: NOW - 3000 }
      ],
      oldest: NOW - 3000,
      count: 4
    })
  })

  it('refuses a body that is not a list of dated events', () => {
    expect(parseEventPage('{"error":"x"}')).toBeUndefined()
    expect(parseEventPage(JSON.stringify([{ id: 1, event_code: 10 }]))).toBeUndefined()
    expect(parseEventPage(JSON.stringify([{ ...event(1, NOW), created_at: 'yesterday' }]))).toBeUndefined()
  })
})

describe('UsageFold', () => {
  const since = NOW - 90 * DAY

  it('keeps each person newest admit, and is whole at a short page', () => {
    const fold = new UsageFold({ since, now: NOW })
    expect(
      fold.add(
        {
          admits: [
            { personId: 1, at: NOW - DAY },
            { personId: 2, at: NOW - 2 * DAY }
          ],
          oldest: NOW - 2 * DAY,
          count: 2
        },
        2
      )
    ).toBe(false)
    expect(fold.coveredFrom).toBe(NOW - 2 * DAY)
    expect(fold.add({ admits: [{ personId: 1, at: NOW - 3 * DAY }], oldest: NOW - 3 * DAY, count: 1 }, 2)).toBe(true)
    expect([...fold.lastUsed]).toEqual([
      [1, NOW - DAY],
      [2, NOW - 2 * DAY]
    ])
    expect(fold.coveredFrom).toBe(since)
    expect(fold.pages).toBe(2)
    expect(fold.events).toBe(3)
  })

  it('ends at an event older than the window, should DoorFlow not honour since, and ignores what lies outside', () => {
    const fold = new UsageFold({ since, now: NOW })
    const done = fold.add(
      {
        admits: [
          { personId: 1, at: NOW + DAY },
          { personId: 2, at: since - 1 }
        ],
        oldest: since - 1,
        count: 2
      },
      2
    )
    expect(done).toBe(true)
    expect(fold.lastUsed.size).toBe(0)
  })

  it('covers only as far back as it read while pages are full', () => {
    const fold = new UsageFold({ since, now: NOW })
    fold.add({ admits: [], oldest: NOW - 5 * DAY, count: 1000 }, 1000)
    expect(fold.coveredFrom).toBe(NOW - 5 * DAY)
  })
})
