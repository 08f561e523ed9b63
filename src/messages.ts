import type { Outcome } from './net/http.js'
import { parseJsonObject } from './net/json.js'
import type { Decision, Verdict } from './net/retry-policy.js'
import { seconds } from './format.js'
import { htmlPageText, untrusted } from './untrusted.js'

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

/** Granted scopes for a message: gated and capped as one list. */
export function scopeList(scopes: string[]): string {
  return untrusted(scopes.join(', '), 200) || 'none'
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
      ? `${serviceOf(operation)} asked to wait ${seconds(verdict.hintMs ?? 0)} (${verdict.hintSource})`
      : 'backing off'
  return `${operation.label}, attempt ${attempt}/${maxAttempts}: ${describeOutcome(outcome)}; ${hint}, retrying in ${seconds(delayMs)}.`
}

/** What a request was for: its name in messages, and what a 403 there means. */
export interface Operation {
  label: string
  forbidden: string
  /** Whose API answers; DoorFlow when absent. Advice is only ever about that service. */
  service?: 'DoorFlow' | 'GitHub'
  /** What a 404 there means, when not a wrong base-url. */
  notFound?: string
}

const serviceOf = (operation: Operation) => operation.service ?? 'DoorFlow'

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

/** Writing or probing an Actions secret: GitHub's answer, explained in GitHub's terms. */
export function secretOperation(label: string, repository: string, environment?: string): Operation {
  const where = environment ? `environment ${environment} of ${repository}` : repository
  return {
    label,
    service: 'GitHub',
    forbidden:
      `github-token may not write Actions secrets of ${where}: it lacks the "Secrets" repository permission (read and write)` +
      `${environment ? ' and "Environments" (read and write)' : ''}. Use a fine-grained personal access token (or GitHub App token) with ` +
      `${environment ? 'those permissions' : 'that permission'}; the default GITHUB_TOKEN cannot.`,
    notFound: environment
      ? `GitHub has no environment ${environment} in ${repository}, or github-token cannot see it: check refresh-token-secret-environment and the token's repository access.`
      : `GitHub has no repository ${repository}, or github-token cannot see it: check the token's repository access.`
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
        `${f.operation.label} failed: ${answer}. ${serviceOf(f.operation)} asked to wait ${seconds(askedMs)}, ` +
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
        nextStepForRetryable(f.operation, f.verdict, f.outcome)
      )
    }
    return `${f.operation.label} failed: the time budget ran out after ${spent} (${limits}); last answer: ${answer}. ${nextStepForRetryable(f.operation, f.verdict, f.outcome)}`
  }
  return `${f.operation.label} failed: ${refusal(f.operation, f.outcome) ?? answer}. ${nextStepForFatal(f.operation, f.outcome, f.verdict)}`
}

/** A 401 said as what it is: "DoorFlow refused the token (HTTP 401: invalid_token: …)". */
function refusal(operation: Operation, outcome: Outcome): string | undefined {
  if (outcome.kind !== 'response' || outcome.status !== 401) return undefined
  const says = serverSays(outcome.body)
  const whose = serviceOf(operation) === 'GitHub' ? 'GitHub refused github-token' : 'DoorFlow refused the token'
  return `${whose} (HTTP 401${says ? `: ${says}` : ''})`
}

function nextStepForRetryable(operation: Operation, verdict: Verdict, outcome: Outcome): string {
  // A proxy's failure, or one with a known fix, is not the server's.
  if (outcome.kind === 'error' && outcome.hint) return outcome.hint
  if (serviceOf(operation) === 'GitHub') {
    return verdict.kind === 'rate-limited'
      ? "GitHub is rate-limiting github-token: run again once GitHub's limit has reset."
      : "GitHub's API or the network between is failing: run again later."
  }
  return verdict.kind === 'rate-limited'
    ? 'DoorFlow limits syncs per account (typically one per 30 s): raise max-attempts or timeout-seconds, or serialise runs with a concurrency group.'
    : 'DoorFlow or the network between is failing: raise max-attempts or timeout-seconds, or run again later.'
}

function nextStepForFatal(operation: Operation, outcome: Outcome, verdict: Verdict): string {
  if (serviceOf(operation) === 'GitHub') return gitHubNextStep(operation, outcome, verdict)
  if (verdict.kind === 'redirect') {
    return verdict.location
      ? `DoorFlow redirected to ${untrusted(verdict.location, 200)}; redirects are not followed so the token never leaves base-url's host. Set base-url to the API root itself.`
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
      return 'Check base-url: it must be the API root, e.g. https://api.doorflow.com.'
    default:
      return outcome.status >= 500
        ? 'DoorFlow had an internal error: run again later, and contact DoorFlow support if it persists.'
        : 'DoorFlow refused the request: check base-url and the token.'
  }
}

/** GitHub's answers, with the fix in GitHub's terms: never DoorFlow's advice. */
function gitHubNextStep(operation: Operation, outcome: Outcome, verdict: Verdict): string {
  if (verdict.kind === 'redirect') {
    return verdict.location
      ? `GitHub redirected to ${untrusted(verdict.location, 200)} (a renamed or moved repository?); redirects are not followed so github-token never leaves the API host.`
      : 'GitHub answered with a redirect without a Location.'
  }
  if (outcome.kind === 'error') {
    return (
      outcome.hint ??
      "The TLS connection to GitHub's API could not be verified: check GITHUB_API_URL and any proxy that intercepts HTTPS."
    )
  }
  switch (outcome.status) {
    case 401:
      return 'github-token is invalid or expired: create a new token and update the secret that github-token reads.'
    case 403:
      return operation.forbidden
    case 404:
      return operation.notFound ?? 'GitHub found no such resource, or github-token cannot see it.'
    case 422:
      return `GitHub rejected the request as unprocessable: ${serverSays(outcome.body) || 'it gave no reason'}.`
    default:
      return outcome.status >= 500
        ? 'GitHub had an internal error: run again later.'
        : 'GitHub refused the request: check github-token and its permissions on the repository.'
  }
}

/** Why the summary lists no doors: only a 403 means the scope is missing; a 5xx or a timeout says so. */
export function doorsOmitted(outcome: Outcome): string {
  const head = `The job summary lists no doors (GET /api/3/channels: ${describeOutcome(outcome)}`
  if (outcome.kind === 'error') {
    return outcome.reason === 'timeout'
      ? `${head}; DoorFlow did not answer in time).`
      : `${head}; DoorFlow could not be reached).`
  }
  if (outcome.status === 403)
    return `${head}; the token lacks scope account.channel.readonly: re-authorize with it to list the doors).`
  if (outcome.status === 401) return `${head}; DoorFlow refused the token).`
  if (outcome.status >= 500) return `${head}; DoorFlow had an internal error).`
  if (outcome.status === 200) return `${head}; the answer was not a list of doors).`
  return `${head}).`
}
