/**
 * When each person last opened a door: DoorFlow's access events (`GET /api/3/events`, scope
 * account.event.access.readonly), admits only (`event_codes` 10-18 and 70), since the window's start,
 * newest first (`sort=DESC`), in pages of 1,000 (`n`, DoorFlow's largest). Newest first, an event
 * that arrives while the pages are read pushes older ones one place on: one may be read twice, none
 * is skipped. The read is bounded three ways: the window (`since`; an event older than it ends the
 * read, should DoorFlow not honour `since`), a number of pages, and the budget (it stops while
 * `reserveMs` of it is left for what comes after). When it stops early, it says how far back it read
 * and why, so that the review never takes "not seen" for "not used".
 */
import { timeLeft, type Context } from '../net/context.js'
import { plural } from '../format.js'
import { withRetries } from '../net/retry.js'
import { header, send, type Outcome } from '../net/http.js'
import { parseJsonArray } from '../net/json.js'
import { doorflowOperation } from './operations.js'
import { untrusted } from '../untrusted.js'

export const EVENTS_READ_SCOPE = 'account.event.access.readonly'
/** Admit codes: card, PIN, manual, REX, AUX, application, unlocked, Apple, Google (10-18); multi-factor admit (70). */
export const ADMIT_CODES = [10, 11, 12, 13, 14, 15, 16, 17, 18, 70] as const
/** DoorFlow's largest page of events. */
export const EVENTS_PAGE_SIZE = 1000
/** The most pages read: 2,000 pages of 1,000, two million admits. */
export const MAX_EVENT_PAGES = 2000
/** A page of 1,000 events with long labels; a larger answer is not read. */
const EVENTS_PAGE_BYTES = 8 * 1024 * 1024

export const READ_EVENTS = doorflowOperation(
  'Reading access events',
  `The token needs scope ${EVENTS_READ_SCOPE}: authorize with it (npm run authorize -- --scope "${EVENTS_READ_SCOPE} account.person.readonly account.group.readonly account.role.readonly") and use the new token.`
)

/** One admit as the review needs it. */
export interface Admit {
  personId: number
  at: number
}

/**
 * A page of events: each event's person and time. Events without a person (a REX press) are
 * skipped; undefined when the body is not a list of events with a created_at.
 */
export function parseEventPage(
  body: string
): { admits: Admit[]; oldest: number | undefined; count: number } | undefined {
  const list = parseJsonArray(body)
  if (!list) return undefined
  const admits: Admit[] = []
  let oldest: number | undefined
  for (const item of list) {
    const o = item as Record<string, unknown> | null
    if (!o || typeof o !== 'object' || typeof o['created_at'] !== 'string') return undefined
    const at = Date.parse(o['created_at'])
    if (Number.isNaN(at)) return undefined
    oldest = oldest === undefined ? at : Math.min(oldest, at)
    const code = o['event_code']
    if (typeof o['person_id'] === 'number' && (ADMIT_CODES as readonly unknown[]).includes(code))
      admits.push({ personId: o['person_id'], at })
  }
  return { admits, oldest, count: list.length }
}

/** What the read found: see review.ts's Usage. */
export interface UsageRead {
  lastUsed: Map<number, number>
  coveredFrom: number
  complete: boolean
  stoppedWhy?: string
  events: number
  pages: number
  requests: number
}

export interface EventLimits {
  /** The window's start (ms). */
  since: number
  /** The review's instant (ms): nothing newer is asked for, and coverage starts here. */
  now: number
  maxPages: number
  /** Stop reading while this much of the budget is left (for GitHub and the files). */
  reserveMs: number
}

/** The fold over pages, newest first: pure. */
export class UsageFold {
  readonly lastUsed = new Map<number, number>()
  coveredFrom: number
  events = 0
  pages = 0
  constructor(readonly limits: Pick<EventLimits, 'since' | 'now'>) {
    this.coveredFrom = limits.now
  }

  /** Takes one page; true when the window is read whole (a short page, or an event older than the window). */
  add(page: { admits: Admit[]; oldest: number | undefined; count: number }, pageSize: number): boolean {
    this.pages++
    this.events += page.count
    for (const a of page.admits) {
      if (a.at < this.limits.since || a.at > this.limits.now) continue
      const seen = this.lastUsed.get(a.personId)
      if (seen === undefined || a.at > seen) this.lastUsed.set(a.personId, a.at)
    }
    if (page.oldest !== undefined) this.coveredFrom = Math.min(this.coveredFrom, page.oldest)
    const done = page.count < pageSize || (page.oldest !== undefined && page.oldest < this.limits.since)
    if (done) this.coveredFrom = this.limits.since
    return done
  }
}

/** GET /api/3/events, one page. */
function eventsPage(baseUrl: string, token: string, since: number, page: number) {
  const q = new URLSearchParams({
    event_codes: ADMIT_CODES.join(','),
    since: new Date(since).toISOString(),
    sort: 'DESC',
    n: String(EVENTS_PAGE_SIZE),
    page: String(page)
  })
  return (timeoutMs: number, signal?: AbortSignal): Promise<Outcome> =>
    send({
      signal,
      method: 'GET',
      url: `${baseUrl}/api/3/events?${q.toString().replace(/%2C/g, ',')}`,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      timeoutMs,
      maxBodyBytes: EVENTS_PAGE_BYTES
    })
}

/**
 * Reads admits newest first until the window is covered or a bound is reached. Never fails: a page
 * that cannot be read ends the read early, and the result says why.
 */
export async function readUsage(ctx: Context, baseUrl: string, token: string, limits: EventLimits): Promise<UsageRead> {
  const fold = new UsageFold(limits)
  let requests = 0
  const stop = (why: string): UsageRead => ({
    lastUsed: fold.lastUsed,
    coveredFrom: fold.coveredFrom,
    complete: false,
    stoppedWhy: why,
    events: fold.events,
    pages: fold.pages,
    requests
  })
  for (let page = 1; ; page++) {
    if (page > limits.maxPages) return stop(`the read stops at ${limits.maxPages} pages of ${EVENTS_PAGE_SIZE} events`)
    if (ctx.signal?.aborted) return stop('the run was cancelled')
    if (timeLeft(ctx) <= limits.reserveMs)
      return stop(
        `the time budget ran out after ${plural(fold.pages, 'page')} (the rest is kept for the pull requests and the files)`
      )
    const got = await withRetries(ctx, READ_EVENTS, (t, signal) => {
      requests++
      return eventsPage(baseUrl, token, limits.since, page)(t, signal)
    })
    if (!got.ok || got.outcome?.kind !== 'response')
      return stop(`page ${page} could not be read: ${untrusted(got.message ?? 'no answer', 300)}`)
    if (got.outcome.truncated) return stop(`page ${page} is larger than ${EVENTS_PAGE_BYTES} bytes`)
    const parsed = parseEventPage(got.outcome.body)
    if (!parsed) return stop(`page ${page} is not the documented list of events`)
    const perPage = Number(header(got.outcome.headers, 'per-page') ?? EVENTS_PAGE_SIZE)
    const size = Number.isInteger(perPage) && perPage > 0 ? Math.min(perPage, EVENTS_PAGE_SIZE) : EVENTS_PAGE_SIZE
    if (fold.add(parsed, size))
      return {
        lastUsed: fold.lastUsed,
        coveredFrom: fold.coveredFrom,
        complete: true,
        events: fold.events,
        pages: fold.pages,
        requests
      }
  }
}
