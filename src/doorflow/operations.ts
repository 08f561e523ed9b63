import type { Outcome } from '../net/http.js'
import { httpRateLimit, type RateLimitRule, type Classification } from '../net/retry-policy.js'
import type { Operation, Service } from '../net/failure-messages.js'
import { parseJsonObject } from '../net/json.js'
import { untrusted } from '../untrusted.js'

/** `retry_in` from a DoorFlow error body, in ms; undefined when absent or not a sane number. */
export function parseRetryIn(body: string): number | undefined {
  const value = parseJsonObject(body)?.['retry_in']
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.ceil(n * 1000) : undefined
}

/**
 * DoorFlow's rate limit: a 429, whose wait is `retry_in` (seconds, in the JSON body) first, then
 * a standard Retry-After header.
 */
export const doorflowRateLimit: RateLimitRule = (answer, now) => {
  if (answer.status !== 429) return undefined
  const retryIn = parseRetryIn(answer.body)
  return retryIn !== undefined ? { hintMs: retryIn, hintSource: 'retry_in' } : httpRateLimit(answer, now)
}

/** DoorFlow's advice, in DoorFlow's terms: base-url, the token, its scopes and the sync limit. */
export const DOORFLOW: Service = {
  name: 'DoorFlow',
  refused: 'DoorFlow refused the token',
  rateLimited:
    'DoorFlow is rate-limiting this account: raise max-attempts or timeout-seconds, run again later, or serialise runs with a concurrency group.',
  failing: 'DoorFlow or the network between is failing: raise max-attempts or timeout-seconds, or run again later.',
  nextStep,
  rateLimit: doorflowRateLimit
}

function nextStep(operation: Operation, outcome: Outcome, classification: Classification): string {
  if (classification.kind === 'redirect') {
    return classification.location
      ? `DoorFlow redirected to ${untrusted(classification.location, 200)}; redirects are not followed so the token never leaves base-url's host. Set base-url to the API root itself.`
      : 'The answer was a redirect without a Location; check base-url.'
  }
  if (outcome.kind === 'error') {
    return (
      outcome.hint ?? 'The TLS connection could not be verified: check base-url and any proxy that intercepts HTTPS.'
    )
  }
  switch (outcome.status) {
    case 401:
      return 'The access token is invalid or expired (DoorFlow access tokens last one hour): issue a new token and update the secret.'
    case 403:
      return operation.forbidden
    case 404:
      return operation.notFound ?? 'Check base-url: it must be the API root, e.g. https://api.doorflow.com.'
    default:
      return outcome.status >= 500
        ? 'DoorFlow had an internal error: run again later, and contact DoorFlow support if it persists.'
        : 'DoorFlow refused the request: check base-url and the token.'
  }
}

/** A request to DoorFlow: its name in messages and what a 403 there means. */
export const doorflowOperation = (label: string, forbidden: string): Operation => ({
  label,
  forbidden,
  service: DOORFLOW
})

export const SYNC: Operation = {
  ...doorflowOperation(
    'Sync',
    'The token needs scope account.sync, granted by a DoorFlow user who is allowed to sync this account: re-authorize with that scope.'
  ),
  // The sync has its own window; other requests are limited otherwise (or not at all).
  rateLimited:
    'DoorFlow limits syncs per account (typically one per 30 s): raise max-attempts or timeout-seconds, or serialise runs with a concurrency group.'
}

export const READ_ACCOUNT = doorflowOperation(
  'Reading the account',
  "The token's user may not read this DoorFlow account: re-authorize as a user with access to it."
)

export const REFRESH: Operation = {
  ...doorflowOperation(
    'Refreshing the access token',
    'DoorFlow refused the refresh: check that the OAuth app is approved for this account, or re-authorize.'
  ),
  // A repeat of a refresh DoorFlow did process would spend the just-rotated refresh token.
  unsafe:
    'a repeat could spend the refresh token twice. Run again; if DoorFlow then answers invalid_grant, the token was rotated: re-authorize (npm run authorize) and store the new refresh token.'
}

export const TOKEN_INFO = doorflowOperation(
  "Reading the token's scopes",
  "DoorFlow refused to describe the token's scopes."
)

/** Granted scopes for a message: gated and capped as one list. */
export function scopeList(scopes: string[]): string {
  return untrusted(scopes.join(', '), 200) || 'none'
}
