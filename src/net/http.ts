import * as core from '@actions/core'
import {
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type RequestOptions
} from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { connectRefused, describeNetError, type ErrorFacts, type NetError } from './connection-errors.js'
import { InvalidProxy, proxyFor, type EnvReader, type ProxyChoice } from './proxy.js'
import { seconds } from '../format.js'
import { untrusted } from '../untrusted.js'
import { USER_AGENT } from '../version.js'

/** The most of any answer's body that is read; the rest is never fetched (the connection is closed). */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * What one HTTP exchange came to: an answer with its body, or no answer at all. `truncated`:
 * the body ran past MAX_BODY_BYTES, and `body` holds only its first MAX_BODY_BYTES.
 */
export type Outcome =
  { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: string; truncated?: boolean } | NetError

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  headers?: OutgoingHttpHeaders
  body?: string
  /** Hard limit for the whole exchange: proxy tunnel, TLS handshake, request and body. */
  timeoutMs: number
  /** The input or variable the URL came from, named in advice (default base-url). */
  setting?: string
  /** Aborting it ends the exchange at once (every socket destroyed), as a 'cancelled' outcome. */
  signal?: AbortSignal
  /** Read at most this much of the body (default MAX_BODY_BYTES); only a list known to be large raises it. */
  maxBodyBytes?: number
}

/** Where request and response lines go: the step's debug log; a local command may silence it. */
export const httpLog = { debug: (line: string): void => core.debug(line) }

/**
 * The proxy variables every request is routed by (proxy.ts): main.ts gives the runner's, as
 * runner.ts read them once, before the first request; a local command gives its own environment's.
 * None until then: a request goes direct.
 */
export const httpProxy: { variables: EnvReader } = { variables: () => undefined }

/**
 * Sends one request and never throws: every failure becomes an Outcome the retry policy can
 * judge. Redirects are not followed, so a 3xx comes back as it is and the Authorization
 * header never travels to another host.
 */
export async function send(request: HttpRequest): Promise<Outcome> {
  const started = Date.now()
  httpLog.debug(`${request.method} ${request.url} (limit ${seconds(request.timeoutMs)})`)
  const outcome = await exchange(request)
  httpLog.debug(`${request.method} ${request.url} → ${debugLine(outcome)} after ${Date.now() - started} ms`)
  return outcome
}

/**
 * One exchange on node:http/https directly, so that this module owns every socket it opens —
 * the proxy connection, the tunnelled TLS socket, the request and the response — and destroys
 * them all the moment the exchange is settled (answer, error, body cap or deadline). No
 * socket outlives its request, so the process can exit as soon as the step knows how it ends.
 */
function exchange(request: HttpRequest): Promise<Outcome> {
  return new Promise(resolve => {
    const open = new Set<{ destroy(): unknown }>()
    let done = false
    const { signal } = request
    const finish = (outcome: Outcome): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', cancel)
      for (const handle of open) handle.destroy()
      resolve(outcome)
    }
    const cancel = (): void => finish({ kind: 'error', reason: 'cancelled', detail: 'cancelled before an answer came' })
    const timer = setTimeout(
      () =>
        finish({ kind: 'error', reason: 'timeout', detail: `no complete answer within ${seconds(request.timeoutMs)}` }),
      request.timeoutMs
    )
    if (signal?.aborted) return cancel()
    signal?.addEventListener('abort', cancel, { once: true })
    const track = <T extends { destroy(): unknown }>(handle: T): T => {
      if (done) handle.destroy()
      else open.add(handle)
      return handle
    }

    const target = new URL(request.url)
    const https = target.protocol === 'https:'
    const host = unbracket(target.hostname)
    const port = Number(target.port) || (https ? 443 : 80)
    const facts: ErrorFacts = {
      target: `${target.hostname}:${port}`,
      host,
      setting: request.setting ?? 'base-url',
      atProxy: false
    }
    const fail = (err: unknown): void => finish(describeNetError(err, facts))
    const headers: OutgoingHttpHeaders = { 'User-Agent': USER_AGENT, ...request.headers, Host: target.host }
    if (request.body !== undefined) headers['Content-Length'] = Buffer.byteLength(request.body)
    const path = `${target.pathname}${target.search}`

    const onResponse = (res: IncomingMessage): void => {
      track(res)
      const chunks: Buffer[] = []
      let size = 0
      const answer = (truncated: boolean): void =>
        finish({
          kind: 'response',
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(truncated ? { truncated } : {})
        })
      const cap = request.maxBodyBytes ?? MAX_BODY_BYTES
      res.on('data', (chunk: Buffer) => {
        const room = cap - size
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room))
          size = cap
          return answer(true)
        }
        chunks.push(chunk)
        size += chunk.length
      })
      res.on('end', () => answer(false))
      // The server closed the connection before the body was complete: a connection error now,
      // not a wait for the deadline.
      const cut = (): void => {
        if (res.complete) return
        finish({
          kind: 'error',
          reason: 'connection',
          code: 'ECONNRESET',
          detail: `closed mid-body after ${size} bytes of an HTTP ${res.statusCode} answer`
        })
      }
      res.on('aborted', cut)
      res.on('error', cut)
      res.on('close', cut)
    }
    const go = (req: ClientRequest): void => {
      track(req)
      req.on('socket', socket => track(socket))
      req.on('error', fail)
      req.on('response', onResponse)
      req.end(request.body)
    }

    try {
      let proxy: ProxyChoice | undefined
      try {
        proxy = proxyFor(target, httpProxy.variables)
      } catch (err) {
        if (!(err instanceof InvalidProxy)) throw err
        return finish({ kind: 'error', reason: 'proxy', detail: err.message, hint: `Fix ${err.variable}.` })
      }
      facts.proxy = proxy
      const base: RequestOptions = { method: request.method, headers }
      if (!proxy) {
        go((https ? httpsRequest : httpRequest)({ ...base, host, port, path, agent: false }))
      } else if (!https) {
        // Plain HTTP through a proxy: the absolute URL, to the proxy.
        facts.atProxy = true
        go(
          proxyClient(proxy)({
            ...base,
            ...proxyAddress(proxy),
            path: target.href,
            headers: { ...headers, ...proxyAuthorization(proxy) },
            agent: false
          })
        )
      } else {
        tunnel(proxy)
      }
    } catch (err) {
      fail(err)
    }

    /** HTTPS through a proxy: CONNECT, then TLS to the target inside the tunnel, then the request. */
    function tunnel(proxy: ProxyChoice): void {
      facts.atProxy = true
      const authority = `${target.hostname}:${port}`
      const connect = track(
        proxyClient(proxy)({
          ...proxyAddress(proxy),
          method: 'CONNECT',
          path: authority,
          headers: { Host: authority, 'User-Agent': USER_AGENT, ...proxyAuthorization(proxy) },
          agent: false
        })
      )
      connect.on('socket', socket => track(socket))
      connect.on('error', fail)
      connect.on('connect', (res: IncomingMessage, socket: Socket, head: Buffer) => {
        track(socket)
        if (res.statusCode !== 200) return finish(connectRefused(res.statusCode ?? 0, { ...facts, proxy }))
        facts.atProxy = false
        if (head.length) socket.unshift(head)
        const secure = track(tlsConnect({ socket, host, servername: isIP(host) ? undefined : host }))
        secure.on('error', fail)
        go(httpRequest({ method: request.method, headers, path, createConnection: () => secure }))
      })
      connect.end()
    }
  })
}

function proxyClient(proxy: ProxyChoice): typeof httpRequest {
  return proxy.url.protocol === 'https:' ? httpsRequest : httpRequest
}

function proxyAddress(proxy: ProxyChoice): { host: string; port: number } {
  return {
    host: unbracket(proxy.url.hostname),
    port: Number(proxy.url.port) || (proxy.url.protocol === 'https:' ? 443 : 80)
  }
}

/** Basic credentials from the proxy URL (percent-decoded, as @actions/http-client sends them). */
function proxyAuthorization(proxy: ProxyChoice): OutgoingHttpHeaders {
  const { username, password } = proxy.url
  if (!username && !password) return {}
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text)
    } catch {
      return text
    }
  }
  return {
    'Proxy-Authorization': `Basic ${Buffer.from(`${decode(username)}:${decode(password)}`).toString('base64')}`
  }
}

/** `[::1]` as a URL writes it; `::1` as a socket needs it. */
export function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
}

/** Never the request's headers: they carry the token. */
function debugLine(outcome: Outcome): string {
  if (outcome.kind === 'error') return `${outcome.reason}: ${untrusted(outcome.detail)}`
  const { date, 'retry-after': retryAfter, location } = outcome.headers
  const notable = Object.entries({ date, 'retry-after': retryAfter, location })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${untrusted(String(v), 200)}`)
  const size = `${Buffer.byteLength(outcome.body)} bytes${outcome.truncated ? ' (read capped; the rest was not fetched)' : ''}`
  return `HTTP ${outcome.status}, ${size}${notable.length ? ` (${notable.join('; ')})` : ''}`
}

/** The first value of a header, whatever shape Node gave it. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
