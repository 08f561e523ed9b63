/**
 * A fake DoorFlow API on loopback, written from DoorFlow's OpenAPI description (v3):
 * POST /api/3/sync, GET /api/3/account, GET /api/3/channels, people, groups and roles
 * (fake-people.ts), door events (fake-events.ts), and OAuth (GET /oauth/authorize,
 * POST /oauth/token, GET /oauth/token/info). Tests, the demo and CI all use it.
 *
 * By default it behaves like DoorFlow: it checks the bearer token and its scopes, applies a
 * per-account sync window (a sync inside it answers 429 with `retry_in`), moves the account's
 * `sync.status` along a plan after each sync, and rotates refresh tokens (a used one answers
 * `invalid_grant`). Scripted answers (see FakeServer) replace the default per route.
 */
import { createHash, randomBytes } from 'node:crypto'
import { FakeEvents, type SeedOptions } from './fake-events.js'
import { FakePeople, type FakePeopleOptions } from './fake-people.js'
import { bearer, FakeServer, type Answer, type RecordedRequest } from './fake-server.js'
import type { TlsIdentity } from './tls.js'

export type { RecordedRequest, ScriptedAnswer } from './fake-server.js'

export const FAKE_TOKEN = 'dft_fake_access_token_0123456789'
export const FAKE_CLIENT_ID = 'fake-client-id'
export const FAKE_CLIENT_SECRET = 'fake-client-secret-0123456789'
export const SYNC_SCOPE = 'account.sync'
export const CHANNELS_SCOPE = 'account.channel.readonly'

/** DoorFlow's 429 to a sync inside its rate-limit window, asking to wait `retryIn` seconds. */
export const rateLimited = (retryIn: number) => ({
  status: 429,
  body: {
    error: 'rate_limited',
    description: 'Sync rate limit exceeded. Please wait before trying again.',
    retry_in: retryIn
  }
})

export type SyncStatus = 'complete' | 'failing' | 'syncing' | 'pending'

/** How a sync runs once initiated: each phase lasts its ms, then `outcome` holds. */
export interface SyncPlan {
  phases: { status: SyncStatus; ms: number }[]
  outcome: 'complete' | 'failing'
  description?: string
  /** With outcome failing: the doors (channel names) that fail; the others report ok. Every door when absent. */
  failingDoors?: string[]
}

export interface Channel {
  id: number
  name: string
  /** An offline channel stays pending whatever the plan says. */
  status: 'online' | 'offline' | 'pending_encryption'
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
  /** Scopes granted to tokens issued by /oauth/token. */
  grantScopes?: string[]
  /** Whether a refresh answers with a new refresh token (DoorFlow rotates). */
  rotate?: boolean
  /** Serve HTTPS with this certificate instead of plain HTTP. */
  tls?: TlsIdentity
  /** DoorFlow's clock minus the real one: shifts `last_sync` and the Date header. */
  clockOffsetMs?: number
  /** Whether answers carry a Date header (default true). */
  sendDate?: boolean
  /** A lagging account view: after each sync, this many account reads still show the state from before it. */
  accountLagReads?: number
  /** People, groups and roles (see FakePeople). */
  people?: FakePeopleOptions
}

interface AuthorizationCode {
  clientId: string
  redirectUri: string
  challenge: string | null
  scopes: string[]
}

export class FakeDoorFlow extends FakeServer {
  readonly tokens: Map<string, string[]>
  windowMs: number
  plan: SyncPlan
  channels: Channel[]
  grantScopes: string[]
  rotate: boolean
  /** People, groups and roles, served under /api/3/people, /api/3/groups and /api/3/roles. */
  readonly people: FakePeople
  /** Door events, served under /api/3/events (none until a test seeds or adds them). */
  readonly events = new FakeEvents()
  readonly clients = new Map([[FAKE_CLIENT_ID, FAKE_CLIENT_SECRET]])
  /** Every token this fake handed out (access and refresh), for scanning logs. */
  readonly issued: string[] = []
  /** Refresh tokens that may still be used, with the scopes they grant. */
  readonly refreshTokens = new Map<string, string[]>()
  private readonly codes = new Map<string, AuthorizationCode>()
  /** When the last sync was initiated (ms), or null before any. */
  lastSyncAt: number | null = null
  /** Syncs this fake initiated in answer to POST /api/3/sync (not those of initiateSync). */
  syncsInitiated = 0
  accountLagReads: number
  /** The plan in force when the last sync began: changing `plan` afterwards changes only later syncs. */
  private lastSyncPlan: SyncPlan | undefined
  /** What a lagging account view still shows, and for how many more reads. */
  private lagging: { state: ReturnType<FakeDoorFlow['syncState']>; reads: number } | undefined

  private constructor(options: FakeOptions) {
    super()
    this.tokens = new Map(Object.entries(options.tokens ?? { [FAKE_TOKEN]: [SYNC_SCOPE, CHANNELS_SCOPE] }))
    this.windowMs = options.windowMs ?? 0
    this.plan = options.plan ?? { phases: [], outcome: 'complete' }
    this.channels = options.channels ?? [
      { id: 1340, name: 'Front Door', status: 'online' },
      { id: 1341, name: 'Loading Dock', status: 'online' }
    ]
    this.grantScopes = options.grantScopes ?? [SYNC_SCOPE, CHANNELS_SCOPE]
    this.rotate = options.rotate ?? true
    this.clockOffsetMs = options.clockOffsetMs ?? 0
    this.sendDate = options.sendDate ?? true
    this.accountLagReads = options.accountLagReads ?? 0
    this.people = new FakePeople(options.people)
    // DoorFlow's clock: the default `since` of the event list is 90 days before it.
    this.events.now = () => Date.now() + this.clockOffsetMs
  }

  static async start(options: FakeOptions = {}): Promise<FakeDoorFlow> {
    const fake = new FakeDoorFlow(options)
    await fake.listen(options.host, options.port, options.tls)
    return fake
  }

  /**
   * Seeds door events (fake-events.ts) for every person DoorFlow holds now at every door (channel),
   * unless `people` or `doors` say others; returns how many were made.
   */
  seedEvents(o: Omit<SeedOptions, 'people' | 'doors'> & Partial<Pick<SeedOptions, 'people' | 'doors'>>): number {
    const people = o.people ?? this.people.live()
    const doors = o.doors ?? this.channels.map(c => ({ id: c.id, name: c.name }))
    return this.events.seed({ ...o, people, doors }).length
  }

  /** Starts a sync as another client would, e.g. to open the rate-limit window. */
  initiateSync(at = Date.now()): void {
    this.lastSyncAt = at
    this.lastSyncPlan = this.plan
  }

  /** A refresh token that the fake will accept once, as a user would have from authorizing. */
  issueRefreshToken(scopes = this.grantScopes): string {
    const token = `dfr_${randomBytes(12).toString('hex')}`
    this.refreshTokens.set(token, scopes)
    this.issued.push(token)
    return token
  }

  /** The account's sync state at `now`, as GET /api/3/account reports it. */
  syncState(now = Date.now()): { status: SyncStatus; last_sync: string | null; description: string | null } {
    if (this.lastSyncAt === null) return { status: 'complete', last_sync: null, description: null }
    let t = now - this.lastSyncAt
    const plan = this.lastSyncPlan ?? this.plan
    let status: SyncStatus = plan.outcome
    for (const phase of plan.phases) {
      if (t < phase.ms) {
        status = phase.status
        break
      }
      t -= phase.ms
    }
    if (status === 'complete' && this.channels.some(c => c.status === 'offline')) status = 'pending'
    const description = status === 'failing' ? (plan.description ?? 'Sync failed') : null
    return { status, last_sync: isoSeconds(this.lastSyncAt + this.clockOffsetMs), description }
  }

  protected answer(request: RecordedRequest, route: string): Answer | Promise<Answer> {
    switch (route) {
      case 'GET /oauth/authorize':
        return this.authorize(new URL(request.path, 'http://fake').searchParams)
      case 'POST /oauth/token':
        return this.token(new URLSearchParams(request.body))
    }
    const needed: Record<string, string | null> = {
      'POST /api/3/sync': SYNC_SCOPE,
      'GET /api/3/account': null,
      'GET /api/3/channels': CHANNELS_SCOPE,
      'GET /oauth/token/info': null
    }
    const peopleScopes = this.people.scopesFor(route)
    const eventScopes = this.events.scopesFor(route)
    const scoped = peopleScopes ?? eventScopes
    if (scoped) {
      const granted = this.tokens.get(bearer(request.headers) ?? '')
      if (!granted) return [401, { error: 'invalid_token', error_description: 'The access token is invalid' }]
      if (!scoped.some(s => granted.includes(s)))
        return [403, { error: 'forbidden', error_description: `The access token lacks the ${scoped[0]} scope` }]
      return peopleScopes ? this.people.answer(request, route) : this.events.answer(request, route)
    }
    if (!(route in needed))
      return [404, { error: 'not_found', error_description: 'The requested resource was not found' }]
    const token = bearer(request.headers) ?? ''
    const scopes = this.tokens.get(token)
    if (!scopes) return [401, { error: 'invalid_token', error_description: 'The access token is invalid' }]
    const scope = needed[route]
    if (scope && !scopes.includes(scope)) {
      return [403, { error: 'forbidden', error_description: `The access token lacks the ${scope} scope` }]
    }
    const now = Date.now()
    switch (route) {
      case 'POST /api/3/sync': {
        const left = this.lastSyncAt === null ? 0 : this.lastSyncAt + this.windowMs - now
        if (left > 0) {
          const { status, body } = rateLimited(Math.ceil(left / 1000))
          return [status, body]
        }
        if (this.accountLagReads > 0) this.lagging = { state: this.syncState(now), reads: this.accountLagReads }
        this.lastSyncAt = now
        this.lastSyncPlan = this.plan
        this.syncsInitiated++
        return [200, { result: 'ok' }]
      }
      case 'GET /api/3/account':
        return [200, this.account(now)]
      case 'GET /oauth/token/info':
        return [
          200,
          {
            resource_owner_id: 1,
            account_id: 'abc123xyz',
            scope: scopes,
            expires_in: 3600,
            created_at: Math.floor(now / 1000)
          }
        ]
      default:
        return [200, this.channelList(now)]
    }
  }

  /** The consent screen, approved at once: back to redirect_uri with a code (and the state). */
  private authorize(q: URLSearchParams): Answer {
    const clientId = q.get('client_id') ?? ''
    const redirectUri = q.get('redirect_uri') ?? ''
    // DoorFlow's description: a bad authorize request gets an HTML error page shown to the user.
    if (q.get('response_type') !== 'code' || !this.clients.has(clientId) || !redirectUri)
      return errorPage('response_type=code, a known client_id and redirect_uri are required')
    if (q.get('code_challenge') && q.get('code_challenge_method') !== 'S256')
      return errorPage('code_challenge_method must be S256')
    const code = randomBytes(8).toString('hex')
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean)
    this.codes.set(code, { clientId, redirectUri, challenge: q.get('code_challenge'), scopes })
    const back = new URL(redirectUri)
    back.searchParams.set('code', code)
    if (q.get('state') !== null) back.searchParams.set('state', q.get('state')!)
    return [302, '', { Location: back.toString() }]
  }

  private token(form: URLSearchParams): Answer {
    const clientId = form.get('client_id') ?? ''
    if (!this.clients.has(clientId) || this.clients.get(clientId) !== form.get('client_secret')) {
      return [401, { error: 'invalid_client', error_description: 'Client authentication failed' }]
    }
    const invalidGrant: Answer = [
      400,
      {
        error: 'invalid_grant',
        error_description:
          'The provided authorization grant is invalid, expired, revoked, or does not match the redirection URI'
      }
    ]
    let scopes: string[]
    switch (form.get('grant_type')) {
      case 'authorization_code': {
        const code = this.codes.get(form.get('code') ?? '')
        this.codes.delete(form.get('code') ?? '')
        if (!code || code.clientId !== clientId || code.redirectUri !== form.get('redirect_uri')) return invalidGrant
        const verifier = form.get('code_verifier') ?? ''
        if (code.challenge && createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
          return invalidGrant
        scopes = code.scopes.length ? code.scopes.filter(s => this.grantScopes.includes(s)) : this.grantScopes
        return [200, this.issue(scopes, true)]
      }
      case 'refresh_token': {
        const used = form.get('refresh_token') ?? ''
        const granted = this.refreshTokens.get(used)
        if (!granted) return invalidGrant
        if (this.rotate) this.refreshTokens.delete(used)
        return [200, this.issue(granted, this.rotate)]
      }
      default:
        return [
          400,
          {
            error: 'unsupported_grant_type',
            error_description: 'grant_type must be authorization_code or refresh_token'
          }
        ]
    }
  }

  private issue(scopes: string[], withRefresh: boolean): Record<string, unknown> {
    const access = `dfa_${randomBytes(12).toString('hex')}`
    this.tokens.set(access, scopes)
    this.issued.push(access)
    const body: Record<string, unknown> = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: scopes.join(' '),
      created_at: Math.floor(Date.now() / 1000)
    }
    if (withRefresh) body['refresh_token'] = this.issueRefreshToken(scopes)
    return body
  }

  private account(now: number): unknown {
    return {
      id: 'abc123xyz',
      name: 'Acme Corporation',
      time_zone: 'Europe/London',
      monitored: true,
      reseller: null,
      sync: this.laggingState() ?? this.syncState(now),
      user: { id: 1, first_name: 'Ada', last_name: 'Admin', email: 'ada@example.com' },
      passport: { remote_unlock_enabled: false, hid_mobile_access: false }
    }
  }

  /** The state a lagging view still shows, counting the read; undefined once it has caught up. */
  private laggingState(): ReturnType<FakeDoorFlow['syncState']> | undefined {
    if (!this.lagging || this.lagging.reads <= 0) return undefined
    this.lagging.reads--
    return this.lagging.state
  }

  private channelList(now: number): unknown {
    const state = this.syncState(now)
    return this.channels.map((c, i) => {
      const synced = c.status !== 'offline' && state.status === 'complete' && this.lastSyncAt !== null
      const failingDoors = this.plan.failingDoors
      const fine = state.status === 'failing' && failingDoors !== undefined && !failingDoors.includes(c.name)
      const status =
        c.status === 'offline'
          ? 'pending'
          : fine
            ? 'ok'
            : (({ failing: 'fail', complete: 'ok' } as Record<string, string>)[state.status] ?? state.status)
      return {
        id: c.id,
        name: c.name,
        mac_address: `00:11:22:33:44:${(0x55 + i).toString(16).padStart(2, '0')}`,
        status: c.status,
        unit: 1,
        mode: { description: 'normal', relock_at: null, change_stamp: null },
        sync: { status, last_sync_completed_at: synced ? isoSeconds(this.lastSyncAt! + this.clockOffsetMs) : null }
      }
    })
  }
}

/** The consent screen's error page: HTML for a person in a browser, not JSON. */
function errorPage(text: string): Answer {
  const html = `<!DOCTYPE html>\n<html><head><title>Authorization error</title></head><body><h1>Invalid request</h1><p>${text}</p></body></html>\n`
  return [400, html, { 'Content-Type': 'text/html; charset=utf-8' }]
}

/** DoorFlow's timestamps carry whole seconds. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
