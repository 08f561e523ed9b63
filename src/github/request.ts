/**
 * One request to GitHub's API with a token, as every GitHub client here sends it: the bearer
 * token, the media type and API version GitHub asks for, a JSON body when there is one, and
 * GITHUB_API_URL as the setting that failure advice names. The User-Agent is net/http's, on
 * every request. A write (POST, PATCH, PUT, DELETE) waits its turn on the run's WritePacer, so
 * writes go one at a time and a second apart, as GitHub asks (rate-limit.ts). Like `send`, it
 * never throws.
 */
import type { Clock } from '../net/context.js'
import { send, type HttpRequest, type Outcome } from '../net/http.js'
import { MUTATIVE, writePacer } from './rate-limit.js'

/** The REST API version every call is written against. */
export const GITHUB_API_VERSION = '2022-11-28'

export interface GitHubRequest {
  method: HttpRequest['method']
  url: string
  token: string
  /** The whole of this request: a write's wait for its turn included. */
  timeoutMs: number
  /** The run's clock: a write waits its turn on it. */
  clock: Clock
  /** The run's cancel: aborting it tears the request down. */
  signal?: AbortSignal
  /** Sent as JSON with its Content-Type; no body when undefined. */
  json?: unknown
  /** Read at most this much of the answer (net/http's default when undefined). */
  maxBodyBytes?: number
}

export function gitHubRequest(request: GitHubRequest): Promise<Outcome> {
  const { token, json, clock, ...rest } = request
  const sendNow = (timeoutMs: number): Promise<Outcome> =>
    send({
      ...rest,
      timeoutMs,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': GITHUB_API_VERSION,
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' })
      },
      body: json === undefined ? undefined : JSON.stringify(json),
      setting: 'GITHUB_API_URL'
    })
  if (!isWrite(request)) return sendNow(request.timeoutMs)
  return writePacer(clock).run(async waitedMs => {
    const left = request.timeoutMs - waitedMs
    // The wait for its turn took the time this attempt had: it ends as a timeout, unsent, and the budget decides.
    // (A cancel during the wait is send's to say: it answers 'cancelled' without sending.)
    if (left <= 0 && !request.signal?.aborted)
      return {
        kind: 'error',
        reason: 'timeout',
        detail: `no time left to send after waiting ${Math.round(waitedMs)} ms for the turn between writes to GitHub`
      }
    return sendNow(left)
  }, request.signal)
}

/**
 * Whether a request writes, to GitHub's limits: POST, PATCH, PUT and DELETE do, but a POST to
 * GraphQL that carries a query and no mutation reads. GitHub charges a GraphQL request without
 * mutations 1 point, as it does a GET, and one with mutations 5, as it does a REST write ("Rate
 * limits and query limits for the GraphQL API", "Calculating points for the secondary rate limit",
 * https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api#calculating-points-for-the-secondary-rate-limit).
 * So a query goes at once, as a GET does, and a mutation (or any document not plainly a query) waits its turn.
 */
export function isWrite(request: Pick<GitHubRequest, 'method' | 'url' | 'json'>): boolean {
  if (!MUTATIVE.has(request.method)) return false
  if (request.method !== 'POST' || !/\/graphql$/.test(request.url)) return true
  const query = (request.json as { query?: unknown } | undefined)?.query
  // A document that is one query: `query …` or the shorthand `{ … }`, comments aside, and no mutation in it.
  if (typeof query !== 'string') return true
  const text = query.replace(/#[^\n]*/g, '').trim()
  return !/^(query\b|\{)/.test(text) || /\b(mutation|subscription)\b/.test(text)
}

/** GraphQL's endpoint beside a REST root: `<host>/api/graphql` on GitHub Enterprise Server, `<root>/graphql` elsewhere. */
export function graphqlUrl(apiUrl: string): string {
  return apiUrl.endsWith('/api/v3') ? `${apiUrl.slice(0, -'/v3'.length)}/graphql` : `${apiUrl}/graphql`
}
