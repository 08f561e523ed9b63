/**
 * What every fake server here shares: listening on loopback (plain HTTP, or HTTPS with a
 * throwaway certificate), recording each request with its arrival time, and per-route queues
 * of scripted answers (status, body, headers, delay, hang, connection reset, a trickling or
 * cut-off body) that replace the default answer for the next requests, or a standing answer
 * that replaces it for every request once the queue is empty.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import type { TlsIdentity } from './tls.js'

export interface ScriptedAnswer {
  status?: number
  /** An object is sent as JSON; a string or a Buffer (any bytes, invalid UTF-8 too) as it is. */
  body?: unknown
  headers?: Record<string, string>
  /** Wait this long before answering. */
  delayMs?: number
  /** Never answer; the socket stays open until the client gives up or the fake closes. */
  hang?: boolean
  /** Destroy the connection without an answer. */
  reset?: boolean
  /** After the delay, give the default answer (a slow but real answer). */
  pass?: boolean
  /** Send the headers, then the body one byte per this many ms. */
  trickleMs?: number
  /** Declare the whole body's Content-Length, send only this many bytes of it, then close the connection. */
  cutAfterBytes?: number
  /** A 200 whose JSON body runs to this many bytes, written as fast as the client reads; see `streamed`. */
  streamBytes?: number
}

/** How far a `streamBytes` answer got: bytes written, and whether the client closed before the end. */
export interface Streamed {
  bytes: number
  closedEarly: boolean
}

export interface RecordedRequest {
  method: string
  /** Path with its query. */
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** Arrival time, ms since the epoch. */
  at: number
}

/** A default answer: status, body (object → JSON, string as is), extra headers. */
export type Answer = [number, unknown, Record<string, string>?]

export abstract class FakeServer {
  readonly requests: RecordedRequest[] = []
  readonly streamed: Streamed[] = []
  /** How far the server's clock is from the real one (its Date header and its timestamps). */
  clockOffsetMs = 0
  /** Whether answers carry a Date header at all (a scripted header still overrides it). */
  sendDate = true
  private server: Server | undefined
  private readonly queues = new Map<string, ScriptedAnswer[]>()
  private readonly standing = new Map<string, ScriptedAnswer>()
  private readonly sockets = new Set<Socket>()

  /** The answer when nothing is scripted for the request's route. */
  protected abstract answer(request: RecordedRequest, route: string): Answer | Promise<Answer>

  private scheme = 'http'

  /** With `tls`, serves HTTPS with that certificate (the client must trust it, e.g. NODE_EXTRA_CA_CERTS). */
  protected async listen(host = '127.0.0.1', port = 0, tls?: TlsIdentity): Promise<void> {
    const server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }) : createServer()
    this.scheme = tls ? 'https' : 'http'
    this.server = server
    server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    server.on('request', (req, res) => void this.handle(req, res))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, resolve)
    })
  }

  get url(): string {
    const { address, port } = this.server!.address() as AddressInfo
    return `${this.scheme}://${address.includes(':') ? `[${address}]` : address}:${port}`
  }

  /** Queues answers for the next requests to `route`, e.g. 'POST /api/3/sync'. */
  script(route: string, ...answers: ScriptedAnswer[]): this {
    const queue = this.queues.get(route) ?? []
    queue.push(...answers)
    this.queues.set(route, queue)
    return this
  }

  /** Answers every request to `route` so once its queue is empty, e.g. a server that always fails. */
  always(route: string, answer: ScriptedAnswer): this {
    this.standing.set(route, answer)
    return this
  }

  /** Requests to one route (method and path without the query), e.g. 'POST /api/3/sync'. */
  requestsTo(route: string): RecordedRequest[] {
    return this.requests.filter(r => routeOf(r) === route)
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const request: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now()
    }
    this.requests.push(request)
    const route = routeOf(request)
    res.sendDate = false
    if (this.sendDate) res.setHeader('Date', new Date(Date.now() + this.clockOffsetMs).toUTCString())
    const scripted = this.queues.get(route)?.shift() ?? this.standing.get(route)
    if (scripted?.delayMs) await new Promise(resolve => setTimeout(resolve, scripted.delayMs))
    if (!scripted || scripted.pass) {
      const [status, body, headers] = await this.answer(request, route)
      return send(res, status, body, headers)
    }
    if (scripted.reset) return void req.socket.destroy()
    if (scripted.hang) return
    if (scripted.streamBytes !== undefined) return stream(res, scripted.streamBytes, this.streamed)
    if (scripted.trickleMs !== undefined || scripted.cutAfterBytes !== undefined) return partial(res, scripted)
    send(res, scripted.status ?? 200, scripted.body ?? '', scripted.headers)
  }
}

/** `{"result":"ok","padding":"xxx…"}` of `total` bytes, written chunk by chunk as the socket drains. */
function stream(res: ServerResponse, total: number, log: Streamed[]): void {
  const record: Streamed = { bytes: 0, closedEarly: false }
  log.push(record)
  const head = Buffer.from('{"result":"ok","padding":"')
  const chunk = Buffer.alloc(64 * 1024, 'x')
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': total })
  res.on('close', () => (record.closedEarly = !res.writableFinished))
  const next = (): void => {
    while (record.bytes < total) {
      const part = record.bytes === 0 ? head : chunk.subarray(0, Math.min(chunk.length, total - record.bytes - 2))
      const piece = record.bytes + part.length >= total - 2 ? Buffer.concat([part, Buffer.from('"}')]) : part
      record.bytes += piece.length
      if (!res.write(piece)) return void res.once('drain', next)
    }
    res.end()
  }
  next()
}

/** An answer whose body arrives a byte at a time, or stops short of its Content-Length. */
function partial(res: ServerResponse, scripted: ScriptedAnswer): void {
  const text = Buffer.from(typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body ?? {}))
  res.writeHead(scripted.status ?? 200, {
    'Content-Type': 'application/json',
    'Content-Length': text.length,
    ...scripted.headers
  })
  if (scripted.cutAfterBytes !== undefined) {
    res.write(text.subarray(0, scripted.cutAfterBytes), () => res.socket?.destroy())
    return
  }
  let sent = 0
  const timer = setInterval(() => {
    if (res.destroyed || sent >= text.length) {
      clearInterval(timer)
      return void res.end()
    }
    res.write(text.subarray(sent, ++sent))
  }, scripted.trickleMs)
  res.on('close', () => clearInterval(timer))
}

export function routeOf(request: Pick<RecordedRequest, 'method' | 'path'>): string {
  return `${request.method} ${request.path.split('?')[0]}`
}

export function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1]
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const raw = typeof body === 'string' || Buffer.isBuffer(body)
  const text = raw ? body : JSON.stringify(body)
  const type = raw ? 'text/plain' : 'application/json'
  // 204 and 304 carry no body, so no Content-Type either.
  if (status === 204 || status === 304) return void res.writeHead(status, headers).end()
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}
