import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { seconds } from './time.js'
import { untrusted } from './untrusted.js'
import { USER_AGENT } from './version.js'

/** What one HTTP exchange came to: an answer with its body, or no answer at all. */
export type Outcome =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: string }
  | { kind: 'error'; reason: 'timeout' | 'connection' | 'tls'; detail: string; code?: string }

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  headers?: OutgoingHttpHeaders
  body?: string
  /** Hard limit for the whole exchange, body included. */
  timeoutMs: number
}

/** Where request and response lines go: the step's debug log; a local command may silence it. */
export const httpLog = { debug: (line: string): void => core.debug(line) }

/**
 * Sends one request and never throws: every failure becomes an Outcome the retry policy can
 * judge. Redirects and the client's own retries are off, so a 3xx comes back as it is and the
 * Authorization header never travels to another host. Each request gets its own client, so
 * that a timed-out exchange can be torn down (socket destroyed) without touching the next one.
 */
export async function send(request: HttpRequest): Promise<Outcome> {
  const client = new HttpClient(USER_AGENT, [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: request.timeoutMs
  })
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<Outcome>(resolve => {
    timer = setTimeout(
      () =>
        resolve({
          kind: 'error',
          reason: 'timeout',
          detail: `no complete answer within ${seconds(request.timeoutMs)}`
        }),
      request.timeoutMs
    )
  })
  const exchange = (async (): Promise<Outcome> => {
    try {
      const res = await client.request(request.method, request.url, request.body ?? null, request.headers ?? {})
      const body = await res.readBody()
      return { kind: 'response', status: res.message.statusCode ?? 0, headers: res.message.headers, body }
    } catch (err) {
      return describeError(err, request.timeoutMs)
    }
  })()
  const started = Date.now()
  httpLog.debug(`${request.method} ${request.url} (limit ${seconds(request.timeoutMs)})`)
  try {
    const outcome = await Promise.race([exchange, deadline])
    httpLog.debug(`${request.method} ${request.url} → ${debugLine(outcome)} after ${Date.now() - started} ms`)
    return outcome
  } finally {
    clearTimeout(timer)
    // Destroys the socket of an exchange that is still hanging, so the process can exit.
    client.dispose()
  }
}

/** Never the request's headers: they carry the token. */
function debugLine(outcome: Outcome): string {
  if (outcome.kind === 'error') return `${outcome.reason}: ${untrusted(outcome.detail)}`
  const { date, 'retry-after': retryAfter, location } = outcome.headers
  const notable = Object.entries({ date, 'retry-after': retryAfter, location })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${untrusted(String(v), 200)}`)
  return `HTTP ${outcome.status}, ${Buffer.byteLength(outcome.body)} bytes${notable.length ? ` (${notable.join('; ')})` : ''}`
}

const TLS_CODES = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_)/

function describeError(err: unknown, timeoutMs: number): Outcome {
  const error = err as NodeJS.ErrnoException
  const message = error?.message ?? String(err)
  if (/^Request timeout/.test(message)) {
    return { kind: 'error', reason: 'timeout', detail: `no answer within ${seconds(timeoutMs)}` }
  }
  const code = typeof error?.code === 'string' ? error.code : ''
  if (TLS_CODES.test(code)) return { kind: 'error', reason: 'tls', detail: `${code}: ${message}` }
  return {
    kind: 'error',
    reason: 'connection',
    detail: code && !message.includes(code) ? `${code}: ${message}` : message,
    code
  }
}

/** The first value of a header, whatever shape Node gave it. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
