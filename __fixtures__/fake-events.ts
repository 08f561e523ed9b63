/**
 * Door events for the fake DoorFlow, written from DoorFlow's OpenAPI description
 * (`GET /api/3/events`, `GET /api/3/events/{id}`, scope `account.event.access.readonly`, schema
 * `Event`): who was admitted or rejected at which door, and when. `seed()` makes many a day per
 * person and door from a seed, so the same seed always gives the same events; `add()` puts one in
 * (e.g. a leaver's card used after the merge). Mounted by FakeDoorFlow, which checks the token.
 *
 * The list as the description has it: `event_codes` (comma-separated; default the person access
 * events, admits 10–18 and 70, rejects 20–29 and 71–73; a code it does not allow answers 400),
 * `first_name`, `last_name`, `channels` / `door_controllers` (comma-separated ids), `since`
 * (date-time; default 90 days before now), `level=debug` (adds the channel status events 1–3),
 * `sort` (ASC or DESC, default DESC, by created_at), `n` (default 50, at most 1000) and `page`
 * (from 1), with the `Total` and `Per-Page` headers.
 */
import type { Answer, RecordedRequest } from './fake-server.js'

export const EVENTS_SCOPE = 'account.event.access.readonly'

/** An event as DoorFlow's `Event` schema has it. */
export interface FakeEvent {
  id: number
  event_id: number | null
  event_code: number
  event_label: string
  door_controller_id: number | null
  door_controller_name: string | null
  channel_id: number | null
  channel_name: string | null
  person_id: number | null
  person_name: string | null
  credentials_number: string | null
  created_at: string
  updated_at: string
}

/** Who events are made for: a DoorFlow person's id and names. */
export interface EventPerson {
  id: number
  first_name: string | null
  last_name: string | null
}

/** A door (channel) events happen at. */
export interface EventDoor {
  id: number
  name: string
}

const ADMITS = [10, 11, 12, 13, 14, 15, 16, 17, 18, 70]
const REJECTS = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 71, 72, 73]
const CHANNEL_STATUS = [1, 2, 3]
/** Every code the description allows in `event_codes`. */
const ALLOWED = new Set([
  ...ADMITS,
  ...REJECTS,
  ...CHANNEL_STATUS,
  30,
  31,
  32,
  33,
  34,
  35,
  36,
  37,
  40,
  41,
  42,
  90,
  91,
  100,
  101,
  102,
  103,
  104,
  105,
  106,
  107,
  220,
  223,
  224,
  225
])

/** What each code seeded says, after the person's name. */
const LABELS: Record<number, string> = {
  10: 'admitted using card',
  11: 'admitted using PIN',
  17: 'admitted using Apple Wallet',
  20: 'rejected: card not valid',
  21: 'rejected: out of hours'
}

const DAY_MS = 86_400_000
/** Events one seed() makes at most: a test that wants more says what it measures. */
export const MAX_SEEDED_EVENTS = 200_000

export interface SeedOptions {
  /** The same seed, people, doors and days give the same events. */
  seed: number
  people: readonly EventPerson[]
  doors: readonly EventDoor[]
  /** The first day (its UTC midnight, ms) and how many days from it. */
  from: number
  days: number
  /** Events per person and door a day, on average (each day draws from half to one and a half times this). */
  perDay: number
}

/** mulberry32: a small seeded generator, [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** DoorFlow's timestamps in this list carry milliseconds, as the description's examples do. */
const iso = (ms: number) => new Date(ms).toISOString()

export class FakeEvents {
  /** Every event, by created_at then id. */
  private events: FakeEvent[] = []
  private nextId = 500_000_001
  /** Each person's first and last name (lower case) as their events were made, for the name filters. */
  private readonly names = new Map<number, { first: string; last: string }>()
  /** The fake's now (ms), for the default `since`; the real clock unless a test sets it. */
  now: () => number = () => Date.now()

  /** Events made from `o`, added to those there are: seeded admits (and a few rejects) in the working day, UTC. */
  seed(o: SeedOptions): FakeEvent[] {
    const random = generator(o.seed)
    const made: Omit<FakeEvent, 'id' | 'event_id'>[] = []
    const budget = o.people.length * o.doors.length * o.days * Math.ceil(o.perDay * 1.5)
    if (budget > MAX_SEEDED_EVENTS)
      throw new Error(`seed() would make up to ${budget} events; at most ${MAX_SEEDED_EVENTS}`)
    for (let day = 0; day < o.days; day++) {
      const midnight = o.from + day * DAY_MS
      for (const person of o.people) {
        const card = String(1_000_000_000 + ((person.id * 7919) % 9_000_000_000))
        for (const door of o.doors) {
          const count = Math.round(o.perDay * (0.5 + random()))
          for (let i = 0; i < count; i++) {
            // 07:00–19:00 UTC, to the millisecond.
            const at = midnight + 7 * 3_600_000 + Math.floor(random() * 12 * 3_600_000)
            const roll = random()
            const code = roll < 0.03 ? 20 : roll < 0.05 ? 21 : roll < 0.2 ? 11 : roll < 0.25 ? 17 : 10
            made.push(this.shape(code, at, person, door, code === 11 ? null : card))
          }
        }
      }
    }
    return this.put(made)
  }

  /** One event, e.g. a leaver's card at a door after the merge; `code` 10 (admitted using card) unless said. */
  add(at: number, person: EventPerson | null, door: EventDoor | null, code = 10): FakeEvent {
    return this.put([this.shape(code, at, person, door, person ? '1234567890' : null)])[0]
  }

  /** Every event, oldest first. */
  all(): readonly FakeEvent[] {
    return this.events
  }

  private shape(
    code: number,
    at: number,
    person: EventPerson | null,
    door: EventDoor | null,
    card: string | null
  ): Omit<FakeEvent, 'id' | 'event_id'> {
    const name = person ? [person.first_name, person.last_name].filter(Boolean).join(' ') : null
    if (person)
      this.names.set(person.id, {
        first: (person.first_name ?? '').toLowerCase(),
        last: (person.last_name ?? '').toLowerCase()
      })
    const what = LABELS[code] ?? `event ${code}`
    return {
      event_code: code,
      event_label: name ? `${name} ${what}` : `${door?.name ?? 'Door'}: ${what}`,
      door_controller_id: door?.id ?? null,
      door_controller_name: door?.name ?? null,
      channel_id: door?.id ?? null,
      channel_name: door?.name ?? null,
      person_id: person?.id ?? null,
      person_name: name,
      credentials_number: card,
      created_at: iso(at),
      updated_at: iso(at)
    }
  }

  /** Ids in created_at order among those put together; the list stays sorted. */
  private put(made: Omit<FakeEvent, 'id' | 'event_id'>[]): FakeEvent[] {
    made.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0))
    const out = made.map(e => {
      const id = this.nextId++
      return { id, event_id: id, ...e }
    })
    this.events = [...this.events, ...out].sort((a, b) =>
      a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id
    )
    return out
  }

  /** The scope each route needs; undefined for a route that is not the events'. */
  scopesFor(route: string): string[] | undefined {
    return route === 'GET /api/3/events' || /^GET \/api\/3\/events\/\d+$/.test(route) ? [EVENTS_SCOPE] : undefined
  }

  answer(request: RecordedRequest, route: string): Answer {
    const one = /^GET \/api\/3\/events\/(\d+)$/.exec(route)
    if (one) {
      const event = this.events.find(e => e.id === Number(one[1]))
      return event
        ? [200, event]
        : [404, { error: 'not_found', error_description: 'The requested resource was not found' }]
    }
    return this.list(new URL(request.path, 'http://fake').searchParams)
  }

  private list(q: URLSearchParams): Answer {
    const bad = (text: string): Answer => [400, { error: 'bad_request', error_description: text }]
    const ids = (name: string): number[] | undefined | null => {
      const raw = q.get(name)
      if (raw === null || raw === '') return undefined
      const parts = raw.split(',')
      return parts.every(p => /^\d+$/.test(p.trim())) ? parts.map(p => Number(p.trim())) : null
    }
    const asked = ids('event_codes')
    if (asked === null) return bad(`The following event codes are not valid for this method: ${q.get('event_codes')}`)
    const invalid = (asked ?? []).filter(c => !ALLOWED.has(c))
    if (invalid.length) return bad(`The following event codes are not valid for this method: ${invalid.join(', ')}`)
    const codes = new Set(asked ?? [...ADMITS, ...REJECTS])
    if (q.get('level') === 'debug') CHANNEL_STATUS.forEach(c => codes.add(c))
    else if (q.get('level') !== null) return bad('level must be debug')
    const byChannel = ids('channels')
    const byController = ids('door_controllers')
    if (byChannel === null || byController === null) return bad('channels must be comma-separated ids')
    const channels = byChannel ?? byController
    const sinceRaw = q.get('since')
    const since = sinceRaw === null ? this.now() - 90 * DAY_MS : Date.parse(sinceRaw)
    if (Number.isNaN(since)) return bad('since must be a date-time')
    const sort = q.get('sort') ?? 'DESC'
    if (sort !== 'ASC' && sort !== 'DESC') return bad('sort must be ASC or DESC')
    const n = q.get('n') === null ? 50 : Number(q.get('n'))
    const page = q.get('page') === null ? 1 : Number(q.get('page'))
    if (!Number.isInteger(n) || n < 1 || n > 1000) return bad('n must be a whole number from 1 to 1000')
    if (!Number.isInteger(page) || page < 1) return bad('page must be a whole number from 1')
    const first = q.get('first_name')?.toLowerCase()
    const last = q.get('last_name')?.toLowerCase()
    const people = first || last ? this.names : undefined
    const matching = this.events.filter(e => {
      if (!codes.has(e.event_code) || Date.parse(e.created_at) < since) return false
      if (channels && (e.channel_id === null || !channels.includes(e.channel_id))) return false
      if (people) {
        const names = e.person_id === null ? undefined : people.get(e.person_id)
        if (!names) return false
        if (first && names.first !== first) return false
        if (last && names.last !== last) return false
      }
      return true
    })
    const ordered = sort === 'ASC' ? matching : [...matching].reverse()
    return [200, ordered.slice((page - 1) * n, page * n), { Total: String(matching.length), 'Per-Page': String(n) }]
  }
}
