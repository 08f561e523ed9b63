/**
 * What every fake server here shares: listening on loopback, recording each request with its
 * arrival time, and per-route queues of scripted answers (status, body, headers, delay, hang,
 * connection reset) that replace the default answer for the next requests.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

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
  private server: Server | undefined
  private readonly queues = new Map<string, ScriptedAnswer[]>()
  private readonly sockets = new Set<Socket>()

  /** The answer when nothing is scripted for the request's route. */
  protected abstract answer(request: RecordedRequest, route: string): Answer | Promise<Answer>

  protected async listen(host = '127.0.0.1', port = 0): Promise<void> {
    const server = createServer()
    this.server = server
    server.on('connection', socket => {
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
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`
  }

  /** Queues answers for the next requests to `route`, e.g. 'POST /api/3/sync'. */
  script(route: string, ...answers: ScriptedAnswer[]): this {
    const queue = this.queues.get(route) ?? []
    queue.push(...answers)
    this.queues.set(route, queue)
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
    const scripted = this.queues.get(route)?.shift()
    if (scripted?.delayMs) await new Promise(resolve => setTimeout(resolve, scripted.delayMs))
    if (!scripted || scripted.pass) {
      const [status, body, headers] = await this.answer(request, route)
      return send(res, status, body, headers)
    }
    if (scripted.reset) return void req.socket.destroy()
    if (scripted.hang) return
    send(res, scripted.status ?? 200, scripted.body ?? '', scripted.headers)
  }
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
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}
