/**
 * DoorFlow's people, groups and roles (API v3): the reads the planner needs, under the retry
 * policy, and the single-request writes the apply step repeats under its own rules.
 */
import { type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { header, send, type Outcome } from '../net/http.js'
import { describeOutcome, type Operation } from '../net/failure-messages.js'
import { parseJsonArray } from '../net/json.js'
import { doorflowOperation } from './operations.js'
import { untrusted } from '../untrusted.js'

/** Person fields the roster may set and the export reads, by DoorFlow's API names (PersonInput). */
export const PERSON_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'enabled',
  'valid_from',
  'valid_to',
  'salutation',
  'job_title',
  'department',
  'telephone',
  'mobile',
  'notes',
  'custom_1',
  'custom_2',
  'custom_3',
  'custom_4',
  'custom_5'
] as const
export type PersonField = (typeof PERSON_FIELDS)[number]
export type FieldValue = string | boolean | null

/** A DoorFlow group or role, by id and by the name a reviewer reads. */
export interface Named {
  id: number
  name: string
}

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
/** What reading people, groups and roles needs: a roster's dry run, and the export. */
export const READ_SCOPES = [PEOPLE_READ_SCOPE, GROUPS_READ_SCOPE, ROLES_READ_SCOPE] as const

/** What a 403 on a read says: the scope, and how to get a token with every scope the plan reads with. */
const readForbidden = (scope: string) =>
  `The token needs scope ${scope}: authorize with the plan's scopes (npm run authorize -- --scope "${PEOPLE_READ_SCOPE} ${GROUPS_READ_SCOPE} ${ROLES_READ_SCOPE}") and use the new token.`

export const READ_PEOPLE = doorflowOperation('Reading people', readForbidden(PEOPLE_READ_SCOPE))
export const READ_GROUPS = doorflowOperation('Reading groups', readForbidden(GROUPS_READ_SCOPE))
export const READ_ROLES = doorflowOperation('Reading roles', readForbidden(ROLES_READ_SCOPE))

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
  listPeople(
    query: Record<string, string | number | boolean>,
    timeoutMs: number,
    signal?: AbortSignal
  ): Promise<Outcome> {
    const q = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()
    const all = query['skip_pagination'] === true || query['skip_pagination'] === 'true'
    return this.call(
      'GET',
      `/api/3/people${q ? `?${q}` : ''}`,
      timeoutMs,
      undefined,
      all ? this.maxListBytes : undefined,
      signal
    )
  }

  /** GET /api/3/people?system_id=…: the lookup after a create whose answer was lost. */
  findBySystemId(systemId: string, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.listPeople({ system_id: systemId, skip_pagination: true }, timeoutMs, signal)
  }

  getPerson(id: number, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('GET', `/api/3/people/${id}`, timeoutMs, undefined, undefined, signal)
  }

  /** POST /api/3/people: 201 with the Person. Not idempotent: never repeat blindly. */
  createPerson(input: PersonInput, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('POST', '/api/3/people', timeoutMs, input, undefined, signal)
  }

  /** PUT /api/3/people/{id}: 201 with the Person; only the fields sent change. Idempotent. */
  updatePerson(id: number, input: PersonInput, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('PUT', `/api/3/people/${id}`, timeoutMs, input, undefined, signal)
  }

  /** DELETE /api/3/people/{id}: DoorFlow's soft delete, 200. Idempotent. */
  deletePerson(id: number, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('DELETE', `/api/3/people/${id}`, timeoutMs, undefined, undefined, signal)
  }

  groups(timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('GET', '/api/3/groups', timeoutMs, undefined, undefined, signal)
  }

  roles(timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('GET', '/api/3/roles', timeoutMs, undefined, undefined, signal)
  }

  private call(
    method: Method,
    path: string,
    timeoutMs: number,
    body?: unknown,
    maxBodyBytes?: number,
    signal?: AbortSignal
  ): Promise<Outcome> {
    return send({
      signal,
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

/** The most pages of people read: 1,000 pages of 100, so 100,000 people. A longer list fails the read. */
export const MAX_PAGES = 1000

/** How a walk over the people list stops short; tests lower `maxPages` to reach the ceiling in a few requests. */
export interface WalkLimits {
  maxPages: number
}

const NOTHING_WRITTEN = 'Nothing was written.'
const PAGING_BROKEN =
  "This is DoorFlow's answer (or a proxy's), not the roster: run again, and if it repeats, report this line to DoorFlow support."

/** A page as the walk sees it: its people, and the Total and Per-Page headers as sent (absent: undefined). */
export interface Page {
  people: readonly DoorFlowPerson[]
  total: string | undefined
  perPage: string | undefined
}

/** What the walk does next: read from page `from` (with Total's hint of the last page, if any), stop, or fail. */
export type WalkStep =
  { next: 'page'; from: number; last?: number } | { next: 'done' } | { next: 'fail'; message: string }

/**
 * The page walk over GET /api/3/people, as pure decisions: after each answer, whether the list
 * is complete, where to read next, or why DoorFlow's paging cannot be believed. The list ends
 * at the first short page (fewer than PAGE_SIZE people); a Total header only says how many
 * pages may be read at once, never that the list has ended. People are kept in page order,
 * each id once: an id seen twice fails the walk, because a list that shifted or repeated while
 * it was read may also have lost someone, and a plan made from it could create a person twice.
 */
export class PageWalk {
  readonly people: DoorFlowPerson[] = []
  /** Page on which each id was read (0: the skip_pagination answer). */
  private readonly seenOn = new Map<number, number>()
  private previous: { page: number; ids: number[] } | undefined
  /** The short page that ended the list, once read. */
  private endedAt: number | undefined

  constructor(private readonly limits: WalkLimits = { maxPages: MAX_PAGES }) {}

  /** The answer to skip_pagination=true&per_page=PAGE_SIZE. */
  first(page: Page): WalkStep {
    const n = page.people.length
    const perPage = intOf(page.perPage)
    // Per-Page is either the page size asked (DoorFlow paginated anyway) or the whole list's length.
    if (page.perPage !== undefined && perPage !== PAGE_SIZE && perPage !== n) {
      return this.broken(
        `asked for every person (skip_pagination, per_page=${PAGE_SIZE}), it sent ${n} with Per-Page: ${shown(page.perPage)}`
      )
    }
    if (n > this.limits.maxPages * PAGE_SIZE) return this.ceiling()
    const added = this.add(0, page.people)
    if (added) return added
    // More than a page of what was asked: skip_pagination was honoured and this is everyone.
    if (n > PAGE_SIZE) return { next: 'done' }
    const total = intOf(page.total)
    // Exactly a page: the first of several, or everyone; page 2 tells.
    if (n === PAGE_SIZE) return this.limits.maxPages > 1 ? this.from(2, total) : this.ceiling()
    // Fewer than a page, yet Total says there are more: the pages were not the size asked. Read them afresh.
    if (total !== undefined && total > n) {
      this.people.length = 0
      this.seenOn.clear()
      this.previous = undefined
      return this.from(1, total)
    }
    return { next: 'done' }
  }

  /** The answer to per_page=PAGE_SIZE&page=`number`; pages are given in order. */
  page(number: number, page: Page): WalkStep {
    const n = page.people.length
    if (page.perPage !== undefined && intOf(page.perPage) !== PAGE_SIZE) {
      return this.broken(
        `asked for page ${number} with per_page=${PAGE_SIZE}, it answered Per-Page: ${shown(page.perPage)}`
      )
    }
    if (n > PAGE_SIZE) return this.broken(`asked for page ${number} with per_page=${PAGE_SIZE}, it sent ${n} people`)
    if (this.endedAt !== undefined) {
      if (n === 0) return { next: 'done' }
      return this.broken(
        `page ${this.endedAt} ended the list, yet page ${number} holds ${n} people (the list changed while it was read, or the pages disagree)`
      )
    }
    const added = this.add(number, page.people)
    if (added) return added
    if (n < PAGE_SIZE) {
      this.endedAt = number
      return { next: 'done' }
    }
    if (number >= this.limits.maxPages) return this.ceiling()
    return this.from(number + 1, intOf(page.total))
  }

  /** Reading on from page `from`; Total, when it names later pages, lets them be read a few at once. */
  private from(from: number, total: number | undefined): WalkStep {
    const last = total === undefined ? undefined : Math.min(Math.ceil(total / PAGE_SIZE), this.limits.maxPages)
    return last !== undefined && last > from ? { next: 'page', from, last } : { next: 'page', from }
  }

  /** Keeps a page's people, or fails when one of them was already read. */
  private add(number: number, people: readonly DoorFlowPerson[]): WalkStep | undefined {
    const ids = people.map(p => p.id)
    const where = (page: number) => (page === 0 ? 'the first answer' : `page ${page}`)
    const previous = this.previous
    if (previous && ids.length && ids.length === previous.ids.length && ids.every((id, i) => id === previous.ids[i])) {
      return this.broken(
        `page ${number} repeats ${where(previous.page)}: the same ${ids.length} people (ids ${ids[0]}–${ids.at(-1)}), as if the page parameter were ignored`
      )
    }
    for (const person of people) {
      const before = this.seenOn.get(person.id)
      if (before !== undefined) {
        return this.broken(
          before === number
            ? `${where(number)} lists person ${person.id} twice`
            : `person ${person.id} is on ${where(before)} and again on page ${number} (the list changed while it was read, or the pages overlap)`
        )
      }
      this.seenOn.set(person.id, number)
      this.people.push(person)
    }
    this.previous = { page: number, ids }
    return undefined
  }

  private broken(what: string): WalkStep {
    return {
      next: 'fail',
      message: `Reading people failed: DoorFlow's paging of the people list cannot be trusted: ${what}. ${NOTHING_WRITTEN} ${PAGING_BROKEN}`
    }
  }

  private ceiling(): WalkStep {
    const pages = this.limits.maxPages
    return {
      next: 'fail',
      message:
        `Reading people failed: DoorFlow's people list goes on past ${pages.toLocaleString('en-US')} pages of ${PAGE_SIZE} ` +
        `(${(pages * PAGE_SIZE).toLocaleString('en-US')} people), the most this action reads. ${NOTHING_WRITTEN} ` +
        `If the account has fewer people, DoorFlow's paging does not end: report this line to DoorFlow support; ` +
        'if it has more, it is too large for one roster run.'
    }
  }
}

/**
 * Reads groups, roles and every person. People come in one request with skip_pagination
 * (asked with per_page=100, so that when DoorFlow ignores it the answer is a full first page
 * and nothing is wasted); then pages of 100 until a short page says done (see PageWalk), a few
 * at once where the Total header says how many there are. Every request is under the budget.
 */
export async function readAccount(
  ctx: Context,
  client: PeopleClient,
  limits: WalkLimits = { maxPages: MAX_PAGES }
): Promise<ReadResult> {
  let requests = 0
  let truncated = false
  const get = async <T>(
    operation: Operation,
    attempt: (t: number, signal?: AbortSignal) => Promise<Outcome>,
    parse: (body: string) => T | undefined
  ): Promise<{ ok: true; value: T; outcome: Outcome & { kind: 'response' } } | { ok: false; message: string }> => {
    // withRetries hands each attempt ctx.signal, so a cancel ends a read in flight, not only between attempts.
    const result = await withRetries(ctx, operation, (t, signal) => {
      requests++
      return attempt(t, signal)
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
  const pageOf = (answer: { value: DoorFlowPerson[]; outcome: Outcome & { kind: 'response' } }): Page => ({
    people: answer.value,
    total: header(answer.outcome.headers, 'total'),
    perPage: header(answer.outcome.headers, 'per-page')
  })

  const groups = await get(READ_GROUPS, (t, s) => client.groups(t, s), parseNamedList)
  if (!groups.ok) return groups
  const roles = await get(READ_ROLES, (t, s) => client.roles(t, s), parseNamedList)
  if (!roles.ok) return roles

  const walk = new PageWalk(limits)
  const first = await get(
    READ_PEOPLE,
    (t, s) => client.listPeople({ skip_pagination: true, per_page: PAGE_SIZE }, t, s),
    // A list cut at PEOPLE_LIST_MAX_BYTES is read again in pages, from the first.
    body => (truncated ? [] : parsePeople(body))
  )
  if (!first.ok) return first
  let step: WalkStep = truncated ? { next: 'page', from: 1 } : walk.first(pageOf(first))
  if (truncated)
    ctx.log(`The people list is longer than ${client.maxListBytes} bytes: reading it in pages of ${PAGE_SIZE}.`)
  else if (step.next === 'page')
    ctx.log(`DoorFlow paginated the people list (skip_pagination not honoured): reading pages of ${PAGE_SIZE}.`)
  while (step.next === 'page') {
    // Pages up to the one Total names are read a few at a time; past it, one by one until a short page.
    const from = step.from
    const upTo = Math.max(from, Math.min(step.last ?? from, from + PAGE_CONCURRENCY - 1))
    const batch = Array.from({ length: upTo - from + 1 }, (_, i) =>
      get(READ_PEOPLE, (t, s) => client.listPeople({ per_page: PAGE_SIZE, page: from + i }, t, s), parsePeople)
    )
    const answers = await Promise.all(batch)
    let next: WalkStep = { next: 'done' }
    for (const [i, answer] of answers.entries()) {
      if (!answer.ok) return answer
      next = walk.page(from + i, pageOf(answer))
      if (next.next === 'fail') return { ok: false, message: next.message }
    }
    // A walk that ended inside the batch has checked the pages after it; otherwise read on.
    step = next.next === 'page' ? { ...next, last: next.last ?? step.last } : next
  }
  if (step.next === 'fail') return { ok: false, message: step.message }
  return { ok: true, account: { people: walk.people, groups: groups.value, roles: roles.value, requests } }
}

function intOf(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined
}

/** A header value DoorFlow sent, as it may appear in a message. */
function shown(raw: string): string {
  return `'${untrusted(raw, 40)}'`
}

/** A JSON array whose every item `parseItem` accepts, in order; undefined when the body is not one. */
function parseEvery<T>(body: string, parseItem: (item: unknown) => T | undefined): T[] | undefined {
  const list = parseJsonArray(body)
  if (!list) return undefined
  const parsed: T[] = []
  for (const item of list) {
    const value = parseItem(item)
    if (value === undefined) return undefined
    parsed.push(value)
  }
  return parsed
}

/** A group or role list: [{ id, name, … }]; undefined when the body is not one. */
export function parseNamedList(body: string): Named[] | undefined {
  return parseEvery(body, item => {
    const o = item as Record<string, unknown> | null
    return o && typeof o['id'] === 'number' && typeof o['name'] === 'string'
      ? { id: o['id'], name: o['name'] }
      : undefined
  })
}

/** One Person object; undefined when it lacks what the schema requires. */
export function parseDoorFlowPerson(value: unknown): DoorFlowPerson | undefined {
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
  return parseEvery(body, parseDoorFlowPerson)
}
