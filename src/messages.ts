import type { Outcome } from './http.js'
import { parseJsonObject } from './json.js'
import type { Decision, Verdict } from './retry.js'
import { seconds } from './time.js'

/** DoorFlow's own words from an error body: `error_description`, else `description`, else `error`. */
export function doorflowSays(body: string): string {
  const json = parseJsonObject(body)
  if (json) {
    const code = typeof json['error'] === 'string' ? json['error'] : ''
    const text = [json['error_description'], json['description']].find(v => typeof v === 'string' && v.trim()) as
      string | undefined
    if (code && text) return `${code}: ${oneLine(text)}`
    if (text || code) return oneLine(text || code)
  }
  const plain = oneLine(body)
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain
}

/** "HTTP 429 (rate_limited: …)" or "connection error (ECONNRESET: …)". */
export function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === 'error') {
    const label = { timeout: 'request timeout', connection: 'connection error', tls: 'TLS error' }[outcome.reason]
    return `${label} (${outcome.detail})`
  }
  const says = doorflowSays(outcome.body)
  return says ? `HTTP ${outcome.status} (${says})` : `HTTP ${outcome.status}`
}

/** One log line for a retry: why, and how long it waits. */
export function retryLine(
  operation: Operation,
  attempt: number,
  maxAttempts: number,
  outcome: Outcome,
  verdict: Verdict,
  delayMs: number
): string {
  const hint =
    verdict.kind === 'rate-limited' && verdict.hintSource
      ? `DoorFlow asked to wait ${seconds(verdict.hintMs ?? 0)} (${verdict.hintSource})`
      : 'backing off'
  return `${operation.label}, attempt ${attempt}/${maxAttempts}: ${describeOutcome(outcome)}; ${hint}, retrying in ${seconds(delayMs)}.`
}

/** What a request was for: its name in messages, and what a 403 there means. */
export interface Operation {
  label: string
  forbidden: string
}

export const SYNC: Operation = {
  label: 'Sync',
  forbidden:
    'The token needs scope account.sync, granted by a DoorFlow user who is allowed to sync this account: re-authorize with that scope.'
}

export const READ_ACCOUNT: Operation = {
  label: 'Reading the account',
  forbidden: "The token's user may not read this DoorFlow account: re-authorize as a user with access to it."
}

export const REFRESH: Operation = {
  label: 'Refreshing the access token',
  forbidden: 'DoorFlow refused the refresh: check that the OAuth app is approved for this account, or re-authorize.'
}

export const TOKEN_INFO: Operation = {
  label: "Reading the token's scopes",
  forbidden: "DoorFlow refused to describe the token's scopes."
}

/** Writing or probing an Actions secret: a 403 means github-token may not write secrets. */
export function secretOperation(label: string, repository: string): Operation {
  return {
    label,
    forbidden:
      `github-token may not write Actions secrets of ${repository}: use a fine-grained personal access token (or GitHub App token) ` +
      'with the "Secrets" repository permission set to read and write (for an environment secret, "Environments" read and write too); the default GITHUB_TOKEN cannot.'
  }
}

export interface FailureFacts {
  operation: Operation
  outcome: Outcome
  verdict: Verdict
  decision: Decision
  attempts: number
  elapsedMs: number
  timeoutMs: number
}

/** The one-line failure: what happened, what DoorFlow said, what to do next. */
export function failureMessage(f: FailureFacts): string {
  const answer = describeOutcome(f.outcome)
  const spent = `${f.attempts} attempt${f.attempts === 1 ? '' : 's'} in ${seconds(f.elapsedMs)}`
  if (f.decision.action === 'give-up') {
    const limits = `timeout-seconds is ${seconds(f.timeoutMs)}`
    if (f.decision.why === 'wait-beyond-budget') {
      const left = Math.max(0, f.timeoutMs - f.elapsedMs)
      const askedMs = f.verdict.kind === 'rate-limited' ? (f.verdict.hintMs ?? 0) : (f.decision.delayMs ?? 0)
      return (
        `${f.operation.label} failed: ${answer}. DoorFlow asked to wait ${seconds(askedMs)}, ` +
        `but only ${seconds(left)} of the budget is left after ${spent} (${limits}); ` +
        'raise timeout-seconds, or run again once the rate-limit window has passed.'
      )
    }
    if (f.decision.why === 'unsafe') {
      return (
        `${f.operation.label} failed: ${answer}. Not retried: the request may have reached DoorFlow, and a repeat could spend the refresh token twice. ` +
        'Run again; if DoorFlow then answers invalid_grant, the token was rotated: re-authorize (npm run authorize) and store the new refresh token.'
      )
    }
    if (f.decision.why === 'attempts') {
      return (
        `${f.operation.label} failed after ${spent} (max-attempts reached); last answer: ${answer}. ` +
        nextStepForRetryable(f.verdict)
      )
    }
    return `${f.operation.label} failed: the time budget ran out after ${spent} (${limits}); last answer: ${answer}. ${nextStepForRetryable(f.verdict)}`
  }
  return `${f.operation.label} failed: ${answer}. ${nextStepForFatal(f.operation, f.outcome, f.verdict)}`
}

function nextStepForRetryable(verdict: Verdict): string {
  return verdict.kind === 'rate-limited'
    ? 'DoorFlow limits syncs per account (typically one per 30 s): raise max-attempts or timeout-seconds, or serialise runs with a concurrency group.'
    : 'DoorFlow or the network between is failing: raise max-attempts or timeout-seconds, or run again later.'
}

function nextStepForFatal(operation: Operation, outcome: Outcome, verdict: Verdict): string {
  if (verdict.kind === 'redirect') {
    return verdict.location
      ? `DoorFlow redirected to ${verdict.location}; redirects are not followed so the token never leaves base-url's host. Set base-url to the API root itself.`
      : 'The answer was a redirect without a Location; check base-url.'
  }
  if (outcome.kind === 'error') {
    return 'The TLS connection could not be verified: check base-url and any proxy that intercepts HTTPS.'
  }
  switch (outcome.status) {
    case 401:
      return 'The access token is invalid or expired (DoorFlow access tokens last one hour): issue a new token and update the secret.'
    case 403:
      return operation.forbidden
    case 404:
      return 'Check base-url: it must be the API root, e.g. https://api.doorflow.com.'
    default:
      return outcome.status >= 500
        ? 'DoorFlow had an internal error: run again later, and contact DoorFlow support if it persists.'
        : 'DoorFlow refused the request: check base-url and the token.'
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
