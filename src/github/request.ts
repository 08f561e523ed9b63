/**
 * One request to GitHub's API with a token, as every GitHub client here sends it: the bearer
 * token, the media type and API version GitHub asks for, a JSON body when there is one, and
 * GITHUB_API_URL as the setting that failure advice names. The User-Agent is net/http's, on
 * every request. Like `send`, it never throws.
 */
import { send, type HttpRequest, type Outcome } from '../net/http.js'

/** The REST API version every call is written against. */
export const GITHUB_API_VERSION = '2022-11-28'

export interface GitHubRequest {
  method: HttpRequest['method']
  url: string
  token: string
  timeoutMs: number
  /** The run's cancel: aborting it tears the request down. */
  signal?: AbortSignal
  /** Sent as JSON with its Content-Type; no body when undefined. */
  json?: unknown
  /** Read at most this much of the answer (net/http's default when undefined). */
  maxBodyBytes?: number
}

export function gitHubRequest(request: GitHubRequest): Promise<Outcome> {
  const { token, json, ...rest } = request
  return send({
    ...rest,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': GITHUB_API_VERSION,
      ...(json === undefined ? {} : { 'Content-Type': 'application/json' })
    },
    body: json === undefined ? undefined : JSON.stringify(json),
    setting: 'GITHUB_API_URL'
  })
}
