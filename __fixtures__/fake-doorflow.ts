/**
 * A fake DoorFlow API on loopback, written from DoorFlow's OpenAPI description (v3):
 * POST /api/3/sync, GET /api/3/account, GET /api/3/channels. Tests, the demo and CI all use it.
 *
 * By default it behaves like DoorFlow: it checks the bearer token and its scopes, applies a
 * per-account sync window (a sync inside it answers 429 with `retry_in`), and moves the
 * account's `sync.status` along a script after each sync. Per route, a queue of scripted
 * answers (status, body, headers, delay, hang, connection reset) replaces the default answer
 * for the next requests. Every request is recorded with the time it arrived.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export const FAKE_TOKEN = 'dft_fake_access_token_0123456789'
export const SYNC_SCOPE = 'account.sync'
export const CHANNELS_SCOPE = 'account.channel.readonly'

export interface ScriptedAnswer {
  status?: number
  /** An object is sent as JSON; a string as it is. */
  body?: unknown
  headers?: Record<string, string>
  /** Wait this long before answering. */
  delayMs?: number
  /** Never answer; the socket stays open until the client gives up or the fake closes. */
  hang?: boolean
  /** Destroy the connection without an answer. */
  reset?: boolean
}

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** Arrival time, ms since the epoch. */
  at: number
}

export type SyncStatus = 'complete' | 'failing' | 'syncing' | 'pending'

/** How a sync runs once initiated: each phase lasts its ms, then `outcome` holds. */
export interface SyncPlan {
  phases: { status: SyncStatus; ms: number }[]
  outcome: 'complete' | 'failing'
  description?: string
}

export interface Channel {
  id: number
  name: string
  status: 'online' | 'offline' | 'pending_encryption'
  /** Offline channels stay pending whatever the plan says. */
}

export interface FakeOptions {
  host?: string
  port?: number
  /** Valid access tokens and their scopes. */
  tokens?: Record<string, string[]>
  /** Per-account sync window: a sync within this many ms of the last one answers 429. 0 = none. */
  windowMs?: number
  plan?: SyncPlan
  channels?: Channel[]
}

export class FakeDoorFlow {
  readonly requests: RecordedRequest[] = []
  readonly tokens: Map<string, string[]>
  windowMs: number
  plan: SyncPlan
  channels: Channel[]
  /** When the last sync was initiated (ms), or null before any. */
  lastSyncAt: number | null = null
  /** Syncs this fake initiated in answer to POST /api/3/sync (not those of initiateSync). */
  syncsInitiated = 0
  private readonly queues = new Map<string, ScriptedAnswer[]>()
  private readonly sockets = new Set<Socket>()

  private constructor(
    private readonly server: Server,
    options: FakeOptions
  ) {
    this.tokens = new Map(Object.entries(options.tokens ?? { [FAKE_TOKEN]: [SYNC_SCOPE, CHANNELS_SCOPE] }))
    this.windowMs = options.windowMs ?? 0
    this.plan = options.plan ?? { phases: [], outcome: 'complete' }
    this.channels = options.channels ?? [
      { id: 1340, name: 'Front Door', status: 'online' },
      { id: 1341, name: 'Loading Dock', status: 'online' }
    ]
  }

  static async start(options: FakeOptions = {}): Promise<FakeDoorFlow> {
    const server = createServer()
    const fake = new FakeDoorFlow(server, options)
    server.on('connection', socket => {
      fake.sockets.add(socket)
      socket.on('close', () => fake.sockets.delete(socket))
    })
    server.on('request', (req, res) => void fake.handle(req, res))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
    })
    return fake
  }

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`
  }

  /** Queues answers for the next requests to `route`, e.g. 'POST /api/3/sync'. */
  script(route: string, ...answers: ScriptedAnswer[]): this {
    const queue = this.queues.get(route) ?? []
    queue.push(...answers)
    this.queues.set(route, queue)
    return this
  }

  /** Requests to one route, e.g. 'POST /api/3/sync'. */
  requestsTo(route: string): RecordedRequest[] {
    return this.requests.filter(r => `${r.method} ${r.path.split('?')[0]}` === route)
  }

  /** Starts a sync as another client would, e.g. to open the rate-limit window. */
  initiateSync(at = Date.now()): void {
    this.lastSyncAt = at
  }

  /** The account's sync state at `now`, as GET /api/3/account reports it. */
  syncState(now = Date.now()): { status: SyncStatus; last_sync: string | null; description: string | null } {
    if (this.lastSyncAt === null) return { status: 'complete', last_sync: null, description: null }
    let t = now - this.lastSyncAt
    let status: SyncStatus = this.plan.outcome
    for (const phase of this.plan.phases) {
      if (t < phase.ms) {
        status = phase.status
        break
      }
      t -= phase.ms
    }
    if (status === 'complete' && this.channels.some(c => c.status === 'offline')) status = 'pending'
    const description = status === 'failing' ? (this.plan.description ?? 'Sync failed') : null
    return { status, last_sync: isoSeconds(this.lastSyncAt), description }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const path = req.url ?? '/'
    const route = `${req.method} ${path.split('?')[0]}`
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })

    const scripted = this.queues.get(route)?.shift()
    if (scripted) return this.answerScripted(req, res, scripted)
    const [status, body] = this.answerDefault(route, req.headers)
    send(res, status, body)
  }

  private async answerScripted(req: IncomingMessage, res: ServerResponse, answer: ScriptedAnswer): Promise<void> {
    if (answer.delayMs) await new Promise(resolve => setTimeout(resolve, answer.delayMs))
    if (answer.reset) {
      req.socket.destroy()
      return
    }
    if (answer.hang) return
    send(res, answer.status ?? 200, answer.body ?? { result: 'ok' }, answer.headers)
  }

  private answerDefault(route: string, headers: IncomingHttpHeaders): [number, unknown] {
    const known: Record<string, string | null> = {
      'POST /api/3/sync': SYNC_SCOPE,
      'GET /api/3/account': null,
      'GET /api/3/channels': CHANNELS_SCOPE
    }
    if (!(route in known)) return [404, { error: 'not_found', error_description: 'The requested resource was not found' }]
    const scopes = this.tokens.get(bearer(headers) ?? '')
    if (!scopes) return [401, { error: 'invalid_token', error_description: 'The access token is invalid' }]
    const needed = known[route]
    if (needed && !scopes.includes(needed)) {
      return [403, { error: 'forbidden', error_description: `The access token lacks the ${needed} scope` }]
    }
    const now = Date.now()
    switch (route) {
      case 'POST /api/3/sync': {
        const left = this.lastSyncAt === null ? 0 : this.lastSyncAt + this.windowMs - now
        if (left > 0) {
          return [429, { error: 'rate_limited', description: 'Sync rate limit exceeded. Please wait before trying again.', retry_in: Math.ceil(left / 1000) }]
        }
        this.lastSyncAt = now
        this.syncsInitiated++
        return [200, { result: 'ok' }]
      }
      case 'GET /api/3/account':
        return [200, this.account(now)]
      default:
        return [200, this.channelList(now)]
    }
  }

  private account(now: number): unknown {
    return {
      id: 'abc123xyz',
      name: 'Acme Corporation',
      time_zone: 'Europe/London',
      monitored: true,
      reseller: null,
      sync: this.syncState(now),
      user: { id: 1, first_name: 'Ada', last_name: 'Admin', email: 'ada@example.com' },
      passport: { remote_unlock_enabled: false, hid_mobile_access: false }
    }
  }

  private channelList(now: number): unknown {
    const state = this.syncState(now)
    return this.channels.map((c, i) => {
      const synced = c.status !== 'offline' && state.status === 'complete' && this.lastSyncAt !== null
      return {
        id: c.id,
        name: c.name,
        mac_address: `00:11:22:33:44:${(0x55 + i).toString(16).padStart(2, '0')}`,
        status: c.status,
        unit: 1,
        mode: 'normal',
        sync: {
          status: c.status === 'offline' ? 'pending' : state.status === 'failing' ? 'fail' : state.status === 'complete' ? 'ok' : state.status,
          last_sync_completed_at: synced ? isoSeconds(this.lastSyncAt!) : null
        }
      }
    })
  }
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer (.+)$/.exec(headers.authorization ?? '')
  return match?.[1]
}

/** DoorFlow's timestamps carry whole seconds. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const type = typeof body === 'string' ? 'text/plain' : 'application/json'
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}
