import { header, type Outcome } from './http.js'
import { FATAL_REASONS } from './connection-errors.js'

export interface RetryPolicy {
  /** Most requests to send, the first included. */
  maxAttempts: number
  /** Budget for every attempt and every wait together. */
  timeoutMs: number
  /** Backoff: first ceiling, doubled per retry, capped at maxDelayMs (full jitter below it). */
  baseDelayMs: number
  maxDelayMs: number
  /** Random spread added on top of a wait the server named, so it is never shorter. */
  spreadMs: number
}

export const BACKOFF = { baseDelayMs: 1000, maxDelayMs: 30_000, spreadMs: 100 } as const

/** How an answer is to be treated, before budgets are considered. */
export type Classification =
  | { kind: 'success' }
  | { kind: 'fatal' }
  | { kind: 'redirect'; location: string | undefined }
  | {
      kind: 'rate-limited'
      hintMs: number | undefined
      hintSource: string | undefined
      /** No wait named: wait at least this long, doubled per attempt (GitHub's "at least one minute"). */
      floorMs?: number
    }
  | { kind: 'transient' }

/** What a service's rate-limit rule found in an answer: the wait it named, or the least wait when it named none. */
export interface RateLimit {
  hintMs: number | undefined
  hintSource: string | undefined
  floorMs?: number
}

/** A service's rule for telling its rate limit apart: undefined when the answer is not one. */
export type RateLimitRule = (answer: Extract<Outcome, { kind: 'response' }>, now: number) => RateLimit | undefined

/**
 * HTTP's own rule, for a service that supplies none: a 429 is a rate limit (RFC 6585), with the
 * wait a standard Retry-After names.
 */
export const httpRateLimit: RateLimitRule = (answer, now) => {
  if (answer.status !== 429) return undefined
  const hintMs = parseRetryAfter(header(answer.headers, 'retry-after'), header(answer.headers, 'date'), now)
  return { hintMs, hintSource: hintMs === undefined ? undefined : 'Retry-After' }
}

/**
 * Whether a request certainly was not carried out, so that repeating it cannot do anything
 * twice: the connection was refused or the host unresolved, or the server said to come back
 * (429, 503). Requests that must not run twice (a refresh, a create) repeat only then, or when
 * the service's own rule calls the answer a rate limit (withRetries).
 */
export function notProcessed(outcome: Outcome): boolean {
  if (outcome.kind === 'error') return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(outcome.code ?? '')
  return outcome.status === 429 || outcome.status === 503
}

const TRANSIENT_STATUSES = new Set([408, 502, 503, 504])

/**
 * `idempotent`: a repeat does no harm (a PUT or DELETE), so every 5xx is worth another try;
 * for a sync, a 500 means DoorFlow failed and is reported at once. `rateLimit` is the answering
 * service's rule for its rate limit (which statuses, which headers or body name the wait); it is
 * asked about every answer that is not a success or a redirect, before any other rule.
 */
export function classify(outcome: Outcome, now: number, idempotent = false, rateLimit = httpRateLimit): Classification {
  if (outcome.kind === 'error') return FATAL_REASONS.has(outcome.reason) ? { kind: 'fatal' } : { kind: 'transient' }
  const { status } = outcome
  if (status >= 200 && status < 300) return { kind: 'success' }
  if (status >= 300 && status < 400) return { kind: 'redirect', location: header(outcome.headers, 'location') }
  const limited = rateLimit(outcome, now)
  if (limited) return { kind: 'rate-limited', ...limited }
  if (TRANSIENT_STATUSES.has(status) || (idempotent && status >= 500)) return { kind: 'transient' }
  return { kind: 'fatal' }
}

/**
 * A Retry-After header in ms: delta-seconds, or an HTTP-date. A date is measured against the
 * response's own Date header when there is one, so a runner whose clock is off does not
 * shorten or stretch the wait; otherwise against `now`. A date in the past means no wait.
 */
export function parseRetryAfter(
  value: string | undefined,
  dateHeader: string | undefined,
  now: number
): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  if (!/[a-z]/i.test(text)) return undefined
  const at = Date.parse(text)
  if (Number.isNaN(at)) return undefined
  const serverNow = dateHeader ? Date.parse(dateHeader) : NaN
  const reference = Number.isNaN(serverNow) ? now : serverNow
  return Math.max(0, at - reference)
}

/** Full-jitter exponential backoff: a random wait below min(max, base·2^(retry-1)). */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1))
  return Math.floor(random() * ceiling)
}

export type Decision =
  | { action: 'stop' }
  | { action: 'retry'; delayMs: number }
  | { action: 'give-up'; why: 'attempts' | 'budget' | 'wait-beyond-budget' | 'unsafe'; delayMs?: number }

/**
 * Whether to send attempt `attempt + 1`, and after how long. `elapsedMs` is the time spent
 * so far. A wait that would end past the budget gives up now instead of sleeping into a
 * certain failure.
 */
export function decide(
  classification: Classification,
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
  random: () => number
): Decision {
  if (classification.kind !== 'rate-limited' && classification.kind !== 'transient') return { action: 'stop' }
  const named = classification.kind === 'rate-limited' ? classification.hintMs : undefined
  // A rate limit that named no wait but has a least one: that, doubled for each attempt it persists.
  const least =
    classification.kind === 'rate-limited' && named === undefined && classification.floorMs !== undefined
      ? classification.floorMs * 2 ** Math.max(0, attempt - 1)
      : undefined
  const spread = () => Math.floor(random() * (policy.spreadMs + 1))
  const delayMs =
    named !== undefined ? named + spread() : least !== undefined ? least + spread() : backoffMs(attempt, policy, random)
  if (attempt >= policy.maxAttempts) return { action: 'give-up', why: 'attempts' }
  const remaining = policy.timeoutMs - elapsedMs
  if (remaining <= 0) return { action: 'give-up', why: 'budget' }
  if (delayMs >= remaining) {
    return {
      action: 'give-up',
      why: named !== undefined || least !== undefined ? 'wait-beyond-budget' : 'budget',
      delayMs
    }
  }
  return { action: 'retry', delayMs }
}
