/**
 * People, groups and roles for the fake DoorFlow, written from DoorFlow's OpenAPI description:
 * GET/POST /api/3/people (filters system_id and email, per_page ≤ 100, page, skip_pagination;
 * headers Total and Per-Page), GET/PUT/DELETE /api/3/people/{id} (PUT answers 201, DELETE is a
 * soft delete, 422 on invalid data), GET /api/3/groups and GET /api/3/roles (no pagination).
 * Mounted by FakeDoorFlow, which checks the token; this module names the scope each route needs.
 */
import type { Answer, RecordedRequest } from './fake-server.js'

export const PERSON_READ_SCOPE = 'account.person.readonly'
export const PERSON_WRITE_SCOPE = 'account.person'
export const GROUP_READ_SCOPE = 'account.group.readonly'
export const ROLE_READ_SCOPE = 'account.role.readonly'
export const PEOPLE_READ_SCOPES = [PERSON_READ_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE]

const STRING_FIELDS = [
  'first_name',
  'last_name',
  'salutation',
  'job_title',
  'email',
  'system_id',
  'department',
  'telephone',
  'mobile',
  'notes',
  'barcode',
  'custom_1',
  'custom_2',
  'custom_3',
  'custom_4',
  'custom_5'
] as const
type StringField = (typeof STRING_FIELDS)[number]

export interface FakePerson extends Record<StringField, string | null> {
  id: number
  enabled: boolean
  valid_from: string | null
  valid_to: string | null
  groups: number[]
  roles: number[]
  deleted: boolean
  created_at: string
  updated_at: string
}

export interface FakeGroup {
  id: number
  name: string
}

export type FakeRole = FakeGroup

export const DEFAULT_GROUPS: FakeGroup[] = [
  { id: 1, name: 'Engineering' },
  { id: 2, name: 'Night Shift' },
  { id: 3, name: 'Loading Dock' },
  { id: 4, name: 'Visitors' },
  { id: 5, name: 'Facilities' }
]
export const DEFAULT_ROLES: FakeRole[] = [
  { id: 11, name: 'Office Staff' },
  { id: 12, name: 'Security' },
  { id: 13, name: 'Cleaning Crew' }
]

const CREATED_AT = '2026-01-05T09:00:00.000Z'

/** A person as POST would store it, filling what the caller leaves out. */
export function fakePerson(id: number, fields: Partial<FakePerson> = {}): FakePerson {
  const blank = Object.fromEntries(STRING_FIELDS.map(f => [f, null])) as Record<StringField, null>
  return {
    ...blank,
    first_name: 'First',
    last_name: `Person${id}`,
    id,
    enabled: true,
    valid_from: null,
    valid_to: null,
    groups: [],
    roles: [],
    deleted: false,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
    ...fields
  }
}

/**
 * What DoorFlow holds before examples/roster/ is applied: its plan is one of each kind of change
 * (EMP-1042 updated, Grace adopted by email, CON-7 created, EMP-0999 disabled) and EMP-1044 is
 * unchanged. `npm start` and `npm run fake-doorflow -- --scenario people` serve them.
 */
export function examplePeople(): FakePerson[] {
  return [
    fakePerson(201, { system_id: 'EMP-1042', first_name: 'Ada', last_name: 'Lovelace', groups: [1, 3], roles: [11] }),
    fakePerson(202, {
      system_id: null,
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.com',
      groups: [1]
    }),
    fakePerson(203, { system_id: 'EMP-1044', first_name: 'Alan', last_name: 'Turing', enabled: false }),
    fakePerson(204, { system_id: 'EMP-0999', first_name: 'Ken', last_name: 'Thompson', groups: [3] })
  ]
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Lee']

/**
 * N people with system_ids `${prefix}${n}` (n from 1), emails `p${n}@example.com`, one or two
 * groups and at most one role each, deterministically from their number. `noEmailEvery: k`
 * leaves every k-th person without an email, `noSystemIdEvery: k` every k-th without a
 * system_id (0: none), as an account that grew before door access as code looks.
 */
export function generatePeople(
  count: number,
  {
    prefix = 'EMP-',
    firstId = 1000,
    groups = DEFAULT_GROUPS,
    roles = DEFAULT_ROLES,
    noEmailEvery = 0,
    noSystemIdEvery = 0
  } = {}
): FakePerson[] {
  const people: FakePerson[] = []
  for (let n = 1; n <= count; n++) {
    const g = [groups[n % groups.length].id]
    if (n % 3 === 0) g.push(groups[(n + 1) % groups.length].id)
    people.push(
      fakePerson(firstId + n, {
        first_name: FIRST[n % FIRST.length],
        last_name: `${LAST[Math.floor(n / FIRST.length) % LAST.length]}${n}`,
        email: noEmailEvery && n % noEmailEvery === 0 ? null : `p${n}@example.com`,
        system_id: noSystemIdEvery && n % noSystemIdEvery === 0 ? null : `${prefix}${n}`,
        department: n % 2 ? 'Operations' : 'Engineering',
        groups: [...new Set(g)],
        roles: n % 4 === 0 ? [roles[n % roles.length].id] : []
      })
    )
  }
  return people
}

export interface FakePeopleOptions {
  people?: FakePerson[]
  groups?: FakeGroup[]
  roles?: FakeRole[]
  /** Whether GET /api/3/people honours skip_pagination (DoorFlow documents it; a proxy or older API may not). */
  honourSkipPagination?: boolean
  /** A write rate limit: at most this many writes in any one second (see FakePeople.writesPerSecond). */
  writesPerSecond?: number
  /** A write rate limit over any span: at most `writes` in any `perMs` (see FakePeople.writeLimit). */
  writeLimit?: WriteLimit
  /** Misbehaviour of the people list (see FakePeople.paging). */
  paging?: PagingFaults
}

/**
 * Ways a people list can break DoorFlow's description of it, for the page walk's tests. None
 * is set by default: the fake then pages as the description says.
 */
export interface PagingFaults {
  /** The Total header says this, whatever the number of people; null leaves the header out. */
  total?: number | null
  /** The Per-Page header says this (e.g. '0'), whatever the page size used. */
  perPage?: string
  /** `page` is ignored: every paginated answer is the first page. */
  ignorePage?: boolean
  /** The list never ends: past the real people, every page is full of made-up people with fresh ids. */
  endless?: boolean
}

/** At most `writes` writes in any span of `perMs` ms (a sliding window, as DoorFlow counts its sync window). */
export interface WriteLimit {
  writes: number
  perMs: number
}

/** DoorFlow's 429 body (RateLimitedError in its description) to a write over the write limit. */
export const writeRateLimited = (retryIn: number) => ({
  error: 'rate_limited',
  description: 'Rate limit exceeded. Please wait before trying again.',
  retry_in: retryIn
})

/** The first id of the made-up people of an endless list. */
export const ENDLESS_FIRST_ID = 1_000_000_000

const WRITE_ROUTE = /^(POST \/api\/3\/people|(PUT|DELETE) \/api\/3\/people\/\d+)$/

export class FakePeople {
  readonly people = new Map<number, FakePerson>()
  groups: FakeGroup[]
  roles: FakeRole[]
  honourSkipPagination: boolean
  /**
   * Fault knob: at most `writes` writes (POST, PUT, DELETE) in any span of `perMs`; beyond it a
   * write answers 429 `{error: "rate_limited", description, retry_in}`, retry_in in whole
   * seconds until the oldest write in the span leaves it (a slot frees). Undefined: no limit.
   */
  writeLimit: WriteLimit | undefined
  /** Fault knob: how GET /api/3/people breaks its description (a lying Total, pages that never end, …). */
  paging: PagingFaults
  /** Fault knob: system_ids whose next create is carried out, then never answered (the client times out). */
  readonly hangAfterCreate = new Set<string>()
  /** Fault knob: person ids whose next PUT or DELETE is received and never answered, nor carried out. */
  readonly hangWrite = new Set<number>()
  /** Fault knob: system_ids whose every create or update DoorFlow refuses with 422 and this description. */
  readonly refuse = new Map<string, string>()
  /** Writes carried out, in order: `create <system_id>` or `write <id>` (PUT or DELETE). */
  readonly writesCarriedOut: string[] = []
  /** 429s answered by the write limit. */
  rateLimited = 0
  /** When each write inside the current span was accepted, oldest first. */
  private writeTimes: number[] = []
  private nextId = 1
  /** Every id, sorted, kept while no one is added (a 10,000-person account is read in 100 pages). */
  private sortedIds: number[] = []

  constructor(options: FakePeopleOptions = {}) {
    this.groups = options.groups ?? DEFAULT_GROUPS
    this.roles = options.roles ?? DEFAULT_ROLES
    this.honourSkipPagination = options.honourSkipPagination ?? true
    this.writeLimit =
      options.writeLimit ??
      (options.writesPerSecond === undefined ? undefined : { writes: options.writesPerSecond, perMs: 1000 })
    this.paging = options.paging ?? {}
    this.load(options.people ?? [])
  }

  /** Replaces or adds people as they are (no validation), e.g. from generatePeople. */
  load(people: FakePerson[]): void {
    for (const p of people) {
      this.people.set(p.id, p)
      this.nextId = Math.max(this.nextId, p.id + 1)
    }
  }

  /** The write limit as writes per second, when its span is one second (FakePeople.writeLimit). */
  get writesPerSecond(): number | undefined {
    return this.writeLimit?.perMs === 1000 ? this.writeLimit.writes : undefined
  }

  set writesPerSecond(writes: number | undefined) {
    this.writeLimit = writes === undefined ? undefined : { writes, perMs: 1000 }
  }

  /** The live (not deleted) people. */
  live(): FakePerson[] {
    return [...this.people.values()].filter(p => !p.deleted)
  }

  bySystemId(systemId: string): FakePerson[] {
    return this.live().filter(p => p.system_id === systemId)
  }

  /** The scopes any of which allows `route`; undefined when the route is not this module's. */
  scopesFor(route: string): string[] | undefined {
    if (route === 'GET /api/3/groups') return [GROUP_READ_SCOPE, 'account.group']
    if (route === 'GET /api/3/roles') return [ROLE_READ_SCOPE, 'account.role']
    if (route === 'GET /api/3/people' || /^GET \/api\/3\/people\/\d+$/.test(route))
      return [PERSON_READ_SCOPE, PERSON_WRITE_SCOPE]
    if (route === 'POST /api/3/people' || /^(PUT|DELETE) \/api\/3\/people\/\d+$/.test(route))
      return [PERSON_WRITE_SCOPE]
    return undefined
  }

  /** The answer, after the fault knobs: the write limit, a refusal, a create that never answers. */
  answer(request: RecordedRequest, route: string): Answer | Promise<Answer> {
    if (!WRITE_ROUTE.test(route)) return this.serve(request, route)
    const now = Date.now()
    const limit = this.writeLimit
    if (limit) {
      let expired = 0
      while (expired < this.writeTimes.length && this.writeTimes[expired] <= now - limit.perMs) expired++
      if (expired) this.writeTimes = this.writeTimes.slice(expired)
      if (this.writeTimes.length >= limit.writes) {
        this.rateLimited++
        // Whole seconds, rounded up: waiting retry_in always finds a free slot.
        const retryIn = Math.max(1, Math.ceil((this.writeTimes[0] + limit.perMs - now) / 1000))
        return [429, writeRateLimited(retryIn)]
      }
      this.writeTimes.push(now)
    }
    const create = route === 'POST /api/3/people'
    const id = Number(route.split('/').pop())
    if (!create && this.hangWrite.delete(id)) return new Promise<Answer>(() => {})
    const systemId = create ? parseBody(request.body)?.['system_id'] : this.people.get(id)?.system_id
    const refusal =
      typeof systemId === 'string' && route.split(' ')[0] !== 'DELETE' ? this.refuse.get(systemId) : undefined
    if (refusal) return unprocessable(refusal)
    const answer = this.serve(request, route)
    if (answer[0] >= 300) return answer
    this.writesCarriedOut.push(create ? `create ${String(systemId)}` : `write ${id}`)
    if (create && typeof systemId === 'string' && this.hangAfterCreate.delete(systemId)) {
      return new Promise<Answer>(() => {})
    }
    return answer
  }

  private serve(request: RecordedRequest, route: string): Answer {
    const now = new Date().toISOString()
    if (route === 'GET /api/3/groups') return [200, this.groups.map(g => ({ ...g, ...GROUP_EXTRA }))]
    if (route === 'GET /api/3/roles') return [200, this.roles.map(r => ({ ...r, ...ROLE_EXTRA }))]
    if (route === 'GET /api/3/people') return this.list(new URL(request.path, 'http://fake').searchParams)
    if (route === 'POST /api/3/people') {
      const input = parseBody(request.body)
      if (!input) return unprocessable('The request body must be a JSON object (PersonInput).')
      const person = fakePerson(this.nextId, { first_name: '', last_name: '' })
      const invalid = this.apply(person, input)
      if (invalid) return invalid
      person.created_at = person.updated_at = now
      this.nextId++
      this.people.set(person.id, person)
      return [201, present(person)]
    }
    const [method, path] = route.split(' ')
    const person = this.people.get(Number(path.split('/').pop()))
    if (!person || person.deleted)
      return [404, { error: 'not_found', error_description: 'The requested resource was not found' }]
    if (method === 'GET') return [200, present(person)]
    if (method === 'DELETE') {
      person.deleted = true
      person.updated_at = now
      return [200, { result: 'ok' }]
    }
    const input = parseBody(request.body)
    if (!input) return unprocessable('The request body must be a JSON object (PersonInput).')
    const copy = { ...person }
    const invalid = this.apply(copy, input)
    if (invalid) return invalid
    copy.updated_at = now
    this.people.set(person.id, copy)
    return [201, present(copy)]
  }

  private list(q: URLSearchParams): Answer {
    if (this.sortedIds.length !== this.people.size) this.sortedIds = [...this.people.keys()].sort((a, b) => a - b)
    let people = this.sortedIds.map(id => this.people.get(id)!).filter(p => !p.deleted)
    const systemId = q.get('system_id')
    if (systemId !== null) people = people.filter(p => p.system_id === systemId)
    const email = q.get('email')
    // DoorFlow's email filter is a case-insensitive partial match.
    if (email !== null) people = people.filter(p => p.email?.toLowerCase().includes(email.toLowerCase()))
    const faults = this.paging
    const total: Record<string, string> = faults.total === null ? {} : { Total: String(faults.total ?? people.length) }
    if (q.get('skip_pagination') === 'true' && this.honourSkipPagination) {
      return [200, people.map(present), { ...total, 'Per-Page': faults.perPage ?? String(people.length) }]
    }
    const perPage = Math.min(100, Math.max(1, Number(q.get('per_page')) || 50))
    const page = faults.ignorePage ? 1 : Math.max(1, Number(q.get('page')) || 1)
    const slice = people.slice((page - 1) * perPage, page * perPage)
    // An endless list: the page is filled up with made-up people, numbered on from the real ones.
    for (let i = (page - 1) * perPage + slice.length; faults.endless && slice.length < perPage; i++) {
      slice.push(fakePerson(ENDLESS_FIRST_ID + i, { system_id: `ENDLESS-${i}` }))
    }
    return [200, slice.map(present), { ...total, 'Per-Page': faults.perPage ?? String(perPage) }]
  }

  /** Validates PersonInput onto `person` (DoorFlow's 422 rules); an Answer when invalid. */
  private apply(person: FakePerson, input: Record<string, unknown>): Answer | undefined {
    const errors: Record<string, string[]> = {}
    const fail = (field: string, message: string) => (errors[field] ??= []).push(message)
    for (const field of STRING_FIELDS) {
      if (!(field in input)) continue
      const v = input[field]
      if (v !== null && typeof v !== 'string') fail(field, 'must be a string or null')
      else person[field] = v === '' ? null : v
    }
    if ('enabled' in input) {
      if (typeof input['enabled'] !== 'boolean') fail('enabled', 'must be true or false')
      else person.enabled = input['enabled']
    }
    for (const field of ['valid_from', 'valid_to'] as const) {
      if (!(field in input)) continue
      const v = input[field]
      if (v === null || v === '') person[field] = null
      else if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) fail(field, 'is not a valid date-time')
      else person[field] = new Date(v).toISOString()
    }
    const ids = (field: 'group_ids' | 'role_ids', known: FakeGroup[], target: 'groups' | 'roles') => {
      if (!(field in input)) return
      const v = input[field]
      if (!Array.isArray(v) || !v.every(n => Number.isInteger(n))) {
        fail(field, 'must be an array of ids')
        return
      }
      const missing = (v as number[]).filter(id => !known.some(k => k.id === id))
      if (missing.length) fail(field, `not found for this account: ${missing.join(', ')}`)
      else person[target] = [...new Set(v as number[])]
    }
    ids('group_ids', this.groups, 'groups')
    ids('role_ids', this.roles, 'roles')
    if (!person.first_name) fail('first_name', "can't be blank")
    if (!person.last_name) fail('last_name', "can't be blank")
    // Checked when the write sets the email: an account can hold addresses that differ only in
    // case (imported, or older than the rule), and a write that leaves the email alone is not refused for it.
    if (person.email !== null && 'email' in input) {
      if (!/^[^@\s]+@[^@\s]+$/.test(person.email)) fail('email', 'is invalid')
      const email = person.email.toLowerCase()
      if (this.live().some(p => p.id !== person.id && p.email?.toLowerCase() === email))
        fail('email', 'has already been taken')
    }
    if (person.valid_from && person.valid_to && Date.parse(person.valid_to) < Date.parse(person.valid_from))
      fail('valid_to', 'must be after valid_from')
    const fields = Object.keys(errors)
    if (!fields.length) return undefined
    const description = fields.map(f => `${f.replace(/_/g, ' ')} ${errors[f].join(', ')}`).join('; ')
    return unprocessable(description, errors)
  }
}

const GROUP_EXTRA = { notes: null, global_across_sites: false, created_at: CREATED_AT, updated_at: CREATED_AT }
const ROLE_EXTRA = { shift_id: null, notes: null, created_at: CREATED_AT, updated_at: CREATED_AT }

/** The Person schema: every documented field, groups and roles as id arrays; `deleted` stays inside. */
function present(p: FakePerson): Record<string, unknown> {
  const { deleted: _deleted, ...rest } = p
  return { ...rest, organisation_id: null, image_url: null, image_thumbnail_url: null }
}

function parseBody(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function unprocessable(description: string, errors: Record<string, string[]> = {}): Answer {
  return [422, { error: 'unprocessable_entity', error_description: description, errors }]
}
