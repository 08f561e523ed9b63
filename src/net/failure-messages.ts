import type { Outcome } from './http.js'
import { parseJsonObject } from './json.js'
import type { Decision, RateLimitRule, Classification } from './retry-policy.js'
import { iso, plural, seconds } from '../format.js'
import { htmlPageText, untrusted } from '../untrusted.js'

/**
 * The words for an exchange that failed or is retried: what the server said, what happened, and
 * what to do next. Generic: the advice that depends on who answered comes from the operation's
 * Service (doorflow/operations.ts, github/operations.ts), so no message gives one service's advice
 * about another.
 */

/**
 * What a server said in an error body, gated: `error` with `error_description`, `description`
 * or GitHub's `message`; an HTML page's title or first heading; else the start of the body.
 */
export function serverSays(body: string): string {
  const json = parseJsonObject(body)
  if (json) {
    const code = untrusted(typeof json['error'] === 'string' ? json['error'] : '', 80)
    const found = [json['error_description'], json['description'], json['message']].find(
      v => typeof v === 'string' && v.trim()
    )
    const text = untrusted(found, 200)
    if (code && text) return `${code}: ${text}`
    if (text || code) return text || code
  }
  return htmlPageText(body) ?? untrusted(body, 200)
}

/** "HTTP 429 (rate_limited: …)" or "connection error (ECONNRESET: …)"; every server or OS word gated. */
export function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === 'error') {
    const label = {
      timeout: 'request timeout',
      connection: 'connection error',
      tls: 'TLS error',
      dns: 'DNS error',
      proxy: 'proxy error',
      request: 'invalid request',
      cancelled: 'cancelled'
    }[outcome.reason]
    return `${label} (${untrusted(outcome.detail, 200)})`
  }
  const says = serverSays(outcome.body)
  // A body over the read cap is judged on its first MiB; the line says so.
  const cut = outcome.truncated ? ' [over 1 MiB: only the first MiB was read]' : ''
  return `${says ? `HTTP ${outcome.status} (${says})` : `HTTP ${outcome.status}`}${cut}`
}

/** One log line for a retry: why, and how long it waits. */
export function retryLine(
  operation: Operation,
  attempt: number,
  maxAttempts: number,
  outcome: Outcome,
  classification: Classification,
  delayMs: number
): string {
  const name = operation.service.name
  const hint =
    classification.kind === 'rate-limited' && classification.hintSource
      ? `${name} asked to wait ${seconds(classification.hintMs ?? 0)} (${classification.hintSource})`
      : classification.kind === 'rate-limited' && classification.floorMs !== undefined
        ? `${name} rate-limited the request without naming a wait (it asks for at least ${seconds(classification.floorMs)}, longer while it persists)`
        : 'backing off'
  return `${operation.label}, attempt ${attempt}/${maxAttempts}: ${describeOutcome(outcome)}; ${hint}, retrying in ${seconds(delayMs)}.`
}

/** What a request was for: its name in messages, and what a 403 there means. */
export interface Operation {
  label: string
  forbidden: string
  /** Whose API answers. Advice is only ever about that service. */
  service: Service
  /** What to do when its rate limit outlasts the retries, when the service's general advice does not fit. */
  rateLimited?: string
  /** What a 404 there means, when the service's general advice does not fit. */
  notFound?: string
  /** Why a failed request that may have taken effect was not repeated, and what to do: ends "…may have reached DoorFlow, and ". */
  unsafe?: string
}

/** Who answers a request, and that service's advice for a failure retrying cannot change. */
export interface Service {
  /** "DoorFlow", "GitHub": in "DoorFlow asked to wait 30 s". */
  name: string
  /** A 401 said as what it is: "DoorFlow refused the token". */
  refused: string
  /** The next step once retries ran out: while rate-limited, or while failing. */
  rateLimited: string
  failing: string
  /** The next step after an answer a retry cannot change (a 401, 403, 404, redirect, TLS failure…). */
  nextStep(operation: Operation, outcome: Outcome, classification: Classification): string
  /**
   * Which of its answers are its rate limit, and the wait each names (classify asks it): the
   * service's own statuses, headers and body fields. Without one, HTTP's rule holds (a 429 and
   * its Retry-After).
   */
  rateLimit?: RateLimitRule
}

export interface FailureFacts {
  operation: Operation
  outcome: Outcome
  classification: Classification
  decision: Decision
  attempts: number
  elapsedMs: number
  timeoutMs: number
  /** When the last answer was judged (the run's clock): says when a rate limit would let the request through. */
  now?: number
}

/** The one-line failure: what happened, what the server said, what to do next. */
export function failureMessage(f: FailureFacts): string {
  const answer = describeOutcome(f.outcome)
  const spent = `${plural(f.attempts, 'attempt')} in ${seconds(f.elapsedMs)}`
  if (f.decision.action === 'give-up') {
    const limits = `timeout-seconds is ${seconds(f.timeoutMs)}`
    if (f.decision.why === 'wait-beyond-budget') {
      const left = Math.max(0, f.timeoutMs - f.elapsedMs)
      const name = f.operation.service.name
      const askedMs =
        f.classification.kind === 'rate-limited'
          ? (f.classification.hintMs ?? f.decision.delayMs ?? 0)
          : (f.decision.delayMs ?? 0)
      const named = f.classification.kind === 'rate-limited' && f.classification.hintMs !== undefined
      const at = instant(f.now, askedMs)
      const when = at ? ` (at ${at})` : ''
      return (
        `${f.operation.label} failed: ${name} rate-limited the request: ${answer}. ` +
        `${name} ${named ? 'asked to wait' : 'asks to wait at least'} ${seconds(askedMs)}, ` +
        `but only ${seconds(left)} of the budget is left after ${spent} (${limits}); ` +
        `raise timeout-seconds, or run again once the rate-limit window has passed${when}.`
      )
    }
    if (f.decision.why === 'unsafe') {
      return (
        `${f.operation.label} failed: ${answer}. Not retried: the request may have reached ${f.operation.service.name}, and ` +
        (f.operation.unsafe ??
          `sending it again could do it twice. Run again: the next run reads what ${f.operation.service.name} has before it writes.`)
      )
    }
    if (f.decision.why === 'attempts') {
      return (
        `${f.operation.label} failed after ${spent} (max-attempts reached); last answer: ${answer}. ` +
        nextStepForRetryable(f.operation, f.classification, f.outcome, f.now)
      )
    }
    return `${f.operation.label} failed: the time budget ran out after ${spent} (${limits}); last answer: ${answer}. ${nextStepForRetryable(f.operation, f.classification, f.outcome, f.now)}`
  }
  return `${f.operation.label} failed: ${refusal(f.operation, f.outcome) ?? answer}. ${f.operation.service.nextStep(f.operation, f.outcome, f.classification)}`
}

/** A 401 said as what it is: "DoorFlow refused the token (HTTP 401: invalid_token: …)". */
function refusal(operation: Operation, outcome: Outcome): string | undefined {
  if (outcome.kind !== 'response' || outcome.status !== 401) return undefined
  const says = serverSays(outcome.body)
  return `${operation.service.refused} (HTTP 401${says ? `: ${says}` : ''})`
}

function nextStepForRetryable(
  operation: Operation,
  classification: Classification,
  outcome: Outcome,
  now?: number
): string {
  // A proxy's failure, or one with a known fix, is not the server's.
  if (outcome.kind === 'error' && outcome.hint) return outcome.hint
  if (classification.kind !== 'rate-limited') return operation.service.failing
  const advice = operation.rateLimited ?? operation.service.rateLimited
  const at = instant(now, classification.hintMs)
  return at ? `${advice} ${operation.service.name} named ${at} as when it would allow the request again.` : advice
}

/** `now + ms` as an instant, when both are known and it is a date at all (a server may name any wait). */
function instant(now: number | undefined, ms: number | undefined): string | undefined {
  if (now === undefined || ms === undefined) return undefined
  const at = now + ms
  return Number.isFinite(at) && Math.abs(at) <= 8.64e15 ? iso(at) : undefined
}
