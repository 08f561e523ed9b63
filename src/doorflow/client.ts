import { send, type Outcome } from '../net/http.js'

/** POST /oauth/token (form-encoded, no bearer): the refresh grant here, the code grant in `npm run authorize`. */
export function tokenRequest(
  baseUrl: string,
  form: Record<string, string>,
  timeoutMs: number,
  signal?: AbortSignal
): Promise<Outcome> {
  return send({
    signal,
    method: 'POST',
    url: `${baseUrl}/oauth/token`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    timeoutMs
  })
}

/**
 * DoorFlow's v3 API, one request per call; retries belong to the caller. Each call takes the signal
 * that aborts it (withRetries passes its context's), so one client serves a run and its held windows.
 */
export class DoorFlowClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string
  ) {}

  /** POST /api/3/sync: pushes pending changes to every door controller. */
  sync(timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('POST', '/api/3/sync', timeoutMs, signal)
  }

  /** GET /api/3/account: carries `sync.status`, `sync.last_sync` and `sync.description`. */
  account(timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('GET', '/api/3/account', timeoutMs, signal)
  }

  /** GET /api/3/channels: every door controller with its connection and sync status (scope account.channel.readonly). */
  channels(timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('GET', '/api/3/channels?skip_pagination=true', timeoutMs, signal)
  }

  /** GET /oauth/token/info: the token's granted scopes. */
  tokenInfo(timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return this.call('GET', '/oauth/token/info', timeoutMs, signal)
  }

  endpoint(path: string): string {
    return `${this.baseUrl}${path}`
  }

  private call(method: 'GET' | 'POST', path: string, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    return send({
      method,
      url: this.endpoint(path),
      headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
      body: method === 'POST' ? '' : undefined,
      timeoutMs,
      signal
    })
  }
}
