/**
 * The fake DoorFlow's door events over a real socket, as DoorFlow's description has them
 * (GET /api/3/events and /api/3/events/{id}): seeded (the same seed, the same events), many a day
 * per person and door, filtered, sorted and paged with Total and Per-Page.
 */
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { EVENTS_SCOPE, MAX_SEEDED_EVENTS, type FakeEvent } from '../../__fixtures__/fake-events.js'
import { fakePerson } from '../../__fixtures__/fake-people.js'

const DAY = 86_400_000
const FROM = Date.parse('2026-11-30T00:00:00Z')
const people = [
  fakePerson(101, { first_name: 'Ada', last_name: 'Lovelace', system_id: 'EMP-1' }),
  fakePerson(103, { first_name: 'Edsger', last_name: 'Dijkstra', system_id: 'EMP-3' })
]
let fake: FakeDoorFlow
beforeEach(async () => {
  fake = await FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: [EVENTS_SCOPE] }, people: { people } })
})
afterEach(() => fake.close())

async function get(path: string, token = FAKE_TOKEN) {
  const r = await fetch(`${fake.url}${path}`, { headers: { Authorization: `Bearer ${token}` } })
  return { status: r.status, headers: r.headers, body: await r.json() }
}
const seed = (s = 7) => fake.seedEvents({ seed: s, from: FROM, days: 7, perDay: 4 })
const since = `since=${encodeURIComponent('2026-11-01T00:00:00Z')}`

describe('seeded events', () => {
  it('are many a day for each person at each door, in the working day (UTC)', () => {
    const made = seed()
    const all = fake.events.all()
    expect(all).toHaveLength(made)
    for (const person of [101, 103])
      for (const door of [1340, 1341])
        for (let d = 0; d < 7; d++) {
          const day = all.filter(
            e =>
              e.person_id === person &&
              e.channel_id === door &&
              Date.parse(e.created_at) >= FROM + d * DAY &&
              Date.parse(e.created_at) < FROM + (d + 1) * DAY
          )
          expect(day.length).toBeGreaterThanOrEqual(2)
          expect(day.length).toBeLessThanOrEqual(6)
          for (const e of day) expect(new Date(e.created_at).getUTCHours()).toBeGreaterThanOrEqual(7)
        }
  })

  it('are the same for the same seed, and differ for another', async () => {
    seed(7)
    const first = fake.events.all().map(e => [e.event_code, e.created_at, e.person_id, e.channel_id])
    const other = await FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: [EVENTS_SCOPE] }, people: { people } })
    try {
      other.seedEvents({ seed: 7, from: FROM, days: 7, perDay: 4 })
      expect(other.events.all().map(e => [e.event_code, e.created_at, e.person_id, e.channel_id])).toEqual(first)
      const third = await FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: [EVENTS_SCOPE] }, people: { people } })
      third.seedEvents({ seed: 8, from: FROM, days: 7, perDay: 4 })
      expect(third.events.all().map(e => [e.event_code, e.created_at])).not.toEqual(
        first.map(([code, at]) => [code, at])
      )
      await third.close()
    } finally {
      await other.close()
    }
  })

  it('refuse a seed past MAX_SEEDED_EVENTS', () => {
    expect(() => fake.seedEvents({ seed: 1, from: FROM, days: MAX_SEEDED_EVENTS, perDay: 10 })).toThrow(/at most/)
  })
})

describe('GET /api/3/events', () => {
  it('answers the access events newest first, 50 a page, with Total and Per-Page, every field of the schema', async () => {
    seed()
    const r = await get(`/api/3/events?${since}`)
    expect(r.status).toBe(200)
    const events = r.body as FakeEvent[]
    const access = fake.events.all().filter(e => e.event_code >= 10 && e.event_code <= 29)
    expect(events).toHaveLength(50)
    expect(r.headers.get('total')).toBe(String(access.length))
    expect(r.headers.get('per-page')).toBe('50')
    expect(events[0]).toEqual(access.at(-1))
    const times = events.map(e => e.created_at)
    expect([...times].sort().reverse()).toEqual(times)
    expect(Object.keys(events[0]).sort()).toEqual(
      [
        'id',
        'event_id',
        'event_code',
        'event_label',
        'door_controller_id',
        'door_controller_name',
        'channel_id',
        'channel_name',
        'person_id',
        'person_name',
        'credentials_number',
        'created_at',
        'updated_at'
      ].sort()
    )
    expect(events[0].event_label.startsWith(events[0].person_name!)).toBe(true)
  })

  it('pages through every event once with n and page, oldest first with sort=ASC', async () => {
    seed()
    const seen: number[] = []
    for (let page = 1; page < 100; page++) {
      const r = await get(`/api/3/events?${since}&sort=ASC&n=1000&page=${page}`)
      const events = r.body as FakeEvent[]
      if (!events.length) break
      seen.push(...events.map(e => e.id))
    }
    expect(seen).toEqual(fake.events.all().map(e => e.id))
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('filters by person name, door, code and since', async () => {
    seed()
    const ada = (await get(`/api/3/events?${since}&first_name=ada&last_name=Lovelace&n=1000`)).body as FakeEvent[]
    expect(ada.length).toBeGreaterThan(20)
    expect(new Set(ada.map(e => e.person_id))).toEqual(new Set([101]))
    const dock = (await get(`/api/3/events?${since}&door_controllers=1341&n=1000`)).body as FakeEvent[]
    expect(new Set(dock.map(e => e.channel_name))).toEqual(new Set(['Loading Dock']))
    const rejects = (await get(`/api/3/events?${since}&event_codes=20,21&n=1000`)).body as FakeEvent[]
    expect(rejects.length).toBeGreaterThan(0)
    expect(rejects.every(e => e.event_code === 20 || e.event_code === 21)).toBe(true)
    const late = '2026-12-05T00:00:00Z'
    const recent = (await get(`/api/3/events?since=${encodeURIComponent(late)}&n=1000`)).body as FakeEvent[]
    expect(recent.length).toBeGreaterThan(0)
    expect(recent.every(e => e.created_at >= late)).toBe(true)
  })

  it('by default looks back 90 days from now', async () => {
    const now = Date.now()
    fake.events.add(
      now - 91 * DAY,
      { id: 101, first_name: 'Ada', last_name: 'Lovelace' },
      { id: 1340, name: 'Front Door' }
    )
    const recent = fake.events.add(now - DAY, { id: 101, first_name: 'Ada', last_name: 'Lovelace' }, null, 20)
    const r = await get('/api/3/events')
    expect((r.body as FakeEvent[]).map(e => e.id)).toEqual([recent.id])
    expect(recent).toMatchObject({ event_label: 'Ada Lovelace rejected: card not valid', channel_id: null })
  })

  it('answers 400 for an event code the description does not allow, 403 without the scope, 401 for an unknown token', async () => {
    const bad = await get('/api/3/events?event_codes=10,999')
    expect(bad).toMatchObject({
      status: 400,
      body: { error: 'bad_request', error_description: 'The following event codes are not valid for this method: 999' }
    })
    expect((await get('/api/3/events?n=1001')).status).toBe(400)
    fake.tokens.set('dft_people_only_0123456789', ['account.person.readonly'])
    expect((await get('/api/3/events', 'dft_people_only_0123456789')).status).toBe(403)
    expect((await get('/api/3/events', 'dft_nobody')).status).toBe(401)
  })
})

describe('GET /api/3/events/{id}', () => {
  it('answers one event, or 404', async () => {
    seed()
    const one = fake.events.all()[3]
    expect(await get(`/api/3/events/${one.id}`)).toMatchObject({ status: 200, body: one })
    expect(await get('/api/3/events/1')).toMatchObject({ status: 404, body: { error: 'not_found' } })
  })
})
