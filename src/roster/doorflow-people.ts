/**
 * DoorFlow's people, groups and roles (API v3): the reads the planner needs, under the retry
 * policy, and the single-request writes the apply step repeats under its own rules.
 */
import { withRetries, type Context } from '../attempts.js'
import { header, send, type Outcome } from '../http.js'
import { describeOutcome, type Operation } from '../messages.js'
import { PERSON_FIELDS, type FieldValue, type Named, type PersonField } from './plan.js'

/** A person as DoorFlow reports it (the fields the roster may set, plus identity and memberships). */
export interface DoorFlowPerson extends Partial<Record<Exclude<PersonField, 'enabled'>, string | null>> {
  id: number
  first_name: string
  last_name: string
  enabled: boolean
  system_id: string | null
  /** Group ids. */
  groups: number[]
  /** Role ids. */
  roles: number[]
}

/** The body of POST /api/3/people and PUT /api/3/people/{id} (PersonInput). */
export type PersonInput = Partial<Record<PersonField, FieldValue>> & {
  system_id?: string | null
  group_ids?: number[]
  role_ids?: number[]
}

export const PEOPLE_READ_SCOPE = 'account.person.readonly'
export const PEOPLE_WRITE_SCOPE = 'account.person'
export const GROUPS_READ_SCOPE = 'account.group.readonly'
export const ROLES_READ_SCOPE = 'account.role.readonly'

/** What a 403 on a read says: the scope, and how to get a token with every scope the plan reads with. */
const readForbidden = (scope: string) =>
  `The token needs scope ${scope}: authorize with the plan's scopes (npm run authorize -- --scope "${PEOPLE_READ_SCOPE} ${GROUPS_READ_SCOPE} ${ROLES_READ_SCOPE}") and use the new token.`

export const READ_PEOPLE: Operation = { label: 'Reading people', forbidden: readForbidden(PEOPLE_READ_SCOPE) }
export const READ_GROUPS: Operation = { label: 'Reading groups', forbidden: readForbidden(GROUPS_READ_SCOPE) }
export const READ_ROLES: Operation = { label: 'Reading roles', forbidden: readForbidden(ROLES_READ_SCOPE) }

/** DoorFlow's largest page. */
export const PAGE_SIZE = 100

/** Pages of people read at once when DoorFlow paginates. */
const PAGE_CONCURRENCY = 4

/**
 * How much of an unpaginated people list is read: about 500 bytes a person, so 100,000 people.
 * A longer list is cut and read again in pages, each well under the usual 1 MiB cap.
 */
export const PEOPLE_LIST_MAX_BYTES = 64 * 1024 * 1024

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** People, groups and roles, one request per call; retries belong to the caller (see readAccount). */
export class PeopleClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    /** Most bytes of an unpaginated people list to read (tests lower it). */
    readonly maxListBytes = PEOPLE_LIST_MAX_BYTES
  ) {}

  /** GET /api/3/people with the given query (skip_pagination, per_page, page, system_id, email). */
  listPeople(query: Record<string, string | number | boolean>, timeoutMs: number): Promise<Outcome> {
    const q = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()
    const all = query['skip_pagination'] === true || query['skip_pagination'] === 'true'
    return this.call(
      'GET',
      `/api/3/people${q ? `?${q}` : ''}`,
      timeoutMs,
      undefined,
      all ? this.maxListBytes : undefined
    )
  }

  /** GET /api/3/people?system_id=…: the lookup after a create whose answer was lost. */
  findBySystemId(systemId: string, timeoutMs: number): Promise<Outcome> {
    return this.listPeople({ system_id: systemId, skip_pagination: true }, timeoutMs)
  }

  getPerson(id: number, timeoutMs: number): Promise<Outcome> {
    return this.call('GET', `/api/3/people/${id}`, timeoutMs)
  }

  /** POST /api/3/people: 201 with the Person. Not idempotent: never repeat blindly. */
  createPerson(input: PersonInput, timeoutMs: number): Promise<Outcome> {
    return this.call('POST', '/api/3/people', timeoutMs, input)
  }

  /** PUT /api/3/people/{id}: 201 with the Person; only the fields sent change. Idempotent. */
  updatePerson(id: number, input: PersonInput, timeoutMs: number): Promise<Outcome> {
    return this.call('PUT', `/api/3/people/${id}`, timeoutMs, input)
  }

  /** DELETE /api/3/people/{id}: DoorFlow's soft delete, 200. Idempotent. */
  deletePerson(id: number, timeoutMs: number): Promise<Outcome> {
    return this.call('DELETE', `/api/3/people/${id}`, timeoutMs)
  }

  groups(timeoutMs: number): Promise<Outcome> {
    return this.call('GET', '/api/3/groups', timeoutMs)
  }

  roles(timeoutMs: number): Promise<Outcome> {
    return this.call('GET', '/api/3/roles', timeoutMs)
  }

  private call(
    method: Method,
    path: string,
    timeoutMs: number,
    body?: unknown,
    maxBodyBytes?: number
  ): Promise<Outcome> {
    return send({
      maxBodyBytes,
      method,
      url: `${this.baseUrl}${path}`,
      headers: {
        Authorization: `Bearer ${this.token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs
    })
  }
}

/** What DoorFlow holds, as the planner needs it. */
export interface Account {
  people: DoorFlowPerson[]
  groups: Named[]
  roles: Named[]
  /** Requests sent (retries included), for the log and the benchmark. */
  requests: number
}

export type ReadResult = { ok: true; account: Account } | { ok: false; message: string }

/**
 * Reads groups, roles and every person. People come in one request with skip_pagination
 * (asked with per_page=100, so that when DoorFlow ignores it the answer is a full first page
 * and nothing is wasted); then pages of 100 until the Total header (or a short page) says done.
 */
export async function readAccount(ctx: Context, client: PeopleClient): Promise<ReadResult> {
  let requests = 0
  let truncated = false
  const get = async <T>(
    operation: Operation,
    attempt: (t: number) => Promise<Outcome>,
    parse: (body: string) => T | undefined
  ): Promise<{ ok: true; value: T; outcome: Outcome & { kind: 'response' } } | { ok: false; message: string }> => {
    const result = await withRetries(ctx, operation, t => {
      requests++
      return attempt(t)
    })
    if (!result.ok || result.outcome?.kind !== 'response')
      return { ok: false, message: result.message ?? `${operation.label} failed.` }
    truncated = result.outcome.truncated === true
    const value = parse(result.outcome.body)
    if (value === undefined) {
      return {
        ok: false,
        message: `${operation.label} failed: DoorFlow's answer is not the documented list (${describeOutcome(result.outcome)}).`
      }
    }
    return { ok: true, value, outcome: result.outcome }
  }

  const groups = await get(READ_GROUPS, t => client.groups(t), parseNamedList)
  if (!groups.ok) return groups
  const roles = await get(READ_ROLES, t => client.roles(t), parseNamedList)
  if (!roles.ok) return roles

  const first = await get(
    READ_PEOPLE,
    t => client.listPeople({ skip_pagination: true, per_page: PAGE_SIZE }, t),
    // A list cut at PEOPLE_LIST_MAX_BYTES is read again in pages, from the first.
    body => (truncated ? [] : parsePeople(body))
  )
  if (!first.ok) return first
  const people = first.value
  const total = intHeader(first.outcome, 'total')
  const perPage = truncated ? PAGE_SIZE : (intHeader(first.outcome, 'per-page') ?? PAGE_SIZE)
  // skip_pagination was honoured when the answer holds every record, or, without a Total, less than a page.
  let more = truncated || (total !== undefined ? people.length < total : people.length >= perPage)
  if (truncated)
    ctx.log(`The people list is longer than ${client.maxListBytes} bytes: reading it in pages of ${perPage}.`)
  else if (more)
    ctx.log(`DoorFlow paginated the people list (skip_pagination not honoured): reading pages of ${perPage}.`)
  let page = truncated ? 1 : 2
  if (more && total !== undefined) {
    // The Total says how many pages there are: read them a few at a time, in order.
    const last = Math.ceil(total / perPage)
    let lastLength = perPage
    let latestTotal = total
    while (page <= last) {
      const batch: ReturnType<typeof get<DoorFlowPerson[]>>[] = []
      for (; batch.length < PAGE_CONCURRENCY && page <= last; page++) {
        const n = page
        batch.push(get(READ_PEOPLE, t => client.listPeople({ per_page: perPage, page: n }, t), parsePeople))
      }
      for (const next of await Promise.all(batch)) {
        if (!next.ok) return next
        people.push(...next.value)
        lastLength = next.value.length
        latestTotal = Math.max(latestTotal, intHeader(next.outcome, 'total') ?? 0)
      }
    }
    // People added while reading: go on page by page.
    more = lastLength >= perPage && people.length < latestTotal
  }
  for (; more; page++) {
    const next = await get(READ_PEOPLE, t => client.listPeople({ per_page: perPage, page }, t), parsePeople)
    if (!next.ok) return next
    people.push(...next.value)
    more = next.value.length >= perPage
  }
  // A person created or deleted between pages can shift one onto two pages: keep one record per id.
  const byId = new Map(people.map(p => [p.id, p]))
  return { ok: true, account: { people: [...byId.values()], groups: groups.value, roles: roles.value, requests } }
}

function intHeader(outcome: Outcome & { kind: 'response' }, name: string): number | undefined {
  const raw = header(outcome.headers, name)
  return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined
}

function parseArray(body: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** A group or role list: [{ id, name, … }]; undefined when the body is not one. */
export function parseNamedList(body: string): Named[] | undefined {
  const list = parseArray(body)
  if (!list) return undefined
  const named: Named[] = []
  for (const item of list) {
    const o = item as Record<string, unknown> | null
    if (!o || typeof o['id'] !== 'number' || typeof o['name'] !== 'string') return undefined
    named.push({ id: o['id'], name: o['name'] })
  }
  return named
}

/** One Person object; undefined when it lacks what the schema requires. */
export function parsePerson(value: unknown): DoorFlowPerson | undefined {
  const o = value as Record<string, unknown> | null
  if (!o || typeof o !== 'object' || typeof o['id'] !== 'number') return undefined
  const ids = (v: unknown) => (Array.isArray(v) && v.every(n => typeof n === 'number') ? v : undefined)
  const groups = ids(o['groups'])
  const roles = ids(o['roles'])
  if (!groups || !roles || typeof o['enabled'] !== 'boolean') return undefined
  const person: DoorFlowPerson = {
    id: o['id'],
    first_name: typeof o['first_name'] === 'string' ? o['first_name'] : '',
    last_name: typeof o['last_name'] === 'string' ? o['last_name'] : '',
    enabled: o['enabled'],
    system_id: typeof o['system_id'] === 'string' && o['system_id'] !== '' ? o['system_id'] : null,
    groups,
    roles
  }
  for (const field of PERSON_FIELDS) {
    if (field === 'first_name' || field === 'last_name' || field === 'enabled') continue
    const v = o[field]
    person[field] = typeof v === 'string' ? v : null
  }
  return person
}

/** A people list; undefined when the body is not an array of Person objects. */
export function parsePeople(body: string): DoorFlowPerson[] | undefined {
  const list = parseArray(body)
  if (!list) return undefined
  const people: DoorFlowPerson[] = []
  for (const item of list) {
    const person = parsePerson(item)
    if (!person) return undefined
    people.push(person)
  }
  return people
}
