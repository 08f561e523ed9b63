/**
 * A fake GitHub REST API on loopback: the Actions secrets API and a pull request's issue
 * comments (list with per_page/page and a Link header, create, update, delete), shaped as
 * @octokit/openapi describes them.
 *
 * Secrets: repository and environment secrets, each
 * scope with a real libsodium key pair. It decrypts every sealed box it receives, so tests
 * read back the plain value a workflow would get. Tokens in `writers` may write; any other
 * token gets 403 on writes, as the default GITHUB_TOKEN does; readers may get a secret (name
 * and dates, 404 when missing) and the public key. Scripted answers refuse or delay writes
 * per route.
 */
import sodium from 'libsodium-wrappers'
import { bearer, FakeServer, type Answer, type RecordedRequest, type ScriptedAnswer } from './fake-server.js'

export const GITHUB_WRITER_TOKEN = 'ghp_fake_writer_token_0123456789'
export const GITHUB_READONLY_TOKEN = 'ghs_fake_readonly_token_0123456789'
export const REPOSITORY = 'acme/door-config'
/** The workflow's GITHUB_TOKEN with pull-requests: write: may comment, may not write secrets. */
export const GITHUB_ACTIONS_TOKEN = 'ghs_fake_actions_token_pr_write_0123'
/** Another GitHub App's installation token (e.g. a bot from actions/create-github-app-token): may comment. */
export const GITHUB_OTHER_APP_TOKEN = 'ghs_fake_other_app_token_0123456789'

/** Who a token is, as GitHub tells it: a user (personal access token) or an app's bot (installation token). */
export interface Identity {
  login: string
  id: number
  /** An installation token: GET /user answers 403, GraphQL `viewer` answers the app's bot. */
  installation: boolean
}

export const ACTIONS_BOT: Identity = { login: 'github-actions[bot]', id: 41898282, installation: true }
export const OTHER_BOT: Identity = { login: 'acme-door-bot[bot]', id: 190000001, installation: true }
export const WRITER_USER: Identity = { login: 'door-admin', id: 583231, installation: false }

/** A pull request as "list pull requests associated with a commit" needs it. */
export interface FakePull {
  number: number
  /** Set when merged. */
  merged_at: string | null
  merge_commit_sha: string | null
  state: 'open' | 'closed'
  /** The pull request's head commit (its last push); 'aaaa…' when the test does not care. */
  head_sha?: string
  /** The branch it was opened against; main unless said. */
  base_ref?: string
  /** Who opened it; octocat (583231) unless said. */
  author?: Identity
}

/** A pull request review, as "List reviews for a pull request" answers it. */
export interface FakeReview {
  id: number
  pr: number
  reviewer: Identity
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING'
  /** The commit reviewed (the pull request's head when the review was submitted). */
  commit_id: string
  submitted_at: string
  /** The review's text ('' when none was written). */
  body: string
  /** Who edited the body last (GraphQL `editor`) and when (`lastEditedAt`); unset while never edited. */
  editor?: Identity
  lastEditedAt?: string
}

/** A repository permission as "Get repository permissions for a user" says it (maintain reads as write, triage as read). */
export type Permission = 'admin' | 'write' | 'read' | 'none'

/** A person who reviews pull requests: not their author, not a bot. */
export const REVIEWER: Identity = { login: 'door-reviewer', id: 777001, installation: false }
/** Who opens the fake's pull requests unless a test says otherwise (FakePull.author). */
export const PULL_AUTHOR: Identity = { login: 'octocat', id: 583231, installation: false }

export interface IssueComment {
  id: number
  issue: number
  body: string
  login: string
  /** The author's user id (a bot's for a bot). */
  userId: number
  created_at: string
  updated_at: string
  /** Who edited it last (GraphQL `editor`) and when (`lastEditedAt`); unset while never edited. */
  editor?: Identity
  lastEditedAt?: string
}

/**
 * GitHub's answers to a request over a rate limit, as "Rate limits for the REST API" describes
 * them (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api): a primary
 * or secondary limit answers 403 or 429; a secondary limit may carry `retry-after` (seconds), a
 * spent primary limit carries `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (UTC epoch
 * seconds), and a secondary limit's message says so. Script them on a route, e.g.
 * `github.script(PUT_SECRET, secondaryRateLimit({ retryAfter: 1 }))`.
 */
export function secondaryRateLimit({
  status = 403,
  retryAfter
}: { status?: 403 | 429; retryAfter?: number } = {}): ScriptedAnswer & { status: number; body: unknown } {
  return {
    status,
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url:
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: String(status)
    },
    // The primary limit's headers come too, with requests to spare: only the message says which limit this is.
    headers: {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4990',
      'x-ratelimit-used': '10',
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) })
    }
  }
}

/** A spent primary limit: `x-ratelimit-remaining: 0`, and the reset at `resetAt` (ms since the epoch, sent in seconds). */
export function primaryRateLimit({
  status = 403,
  resetAt
}: {
  status?: 403 | 429
  resetAt: number
}): ScriptedAnswer & { status: number; body: unknown; headers: Record<string, string> } {
  return {
    status,
    body: {
      message: 'API rate limit exceeded for user ID 583231.',
      documentation_url:
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-primary-rate-limits',
      status: String(status)
    },
    headers: {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '5000',
      'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
      'x-ratelimit-resource': 'core'
    }
  }
}

/** GitHub's 404 body for a secret it does not have. */
const notFound = (environment: string | undefined) => ({
  message: 'Not Found',
  documentation_url: `https://docs.github.com/rest/actions/secrets#${environment ? 'get-an-environment-secret' : 'get-a-repository-secret'}`,
  status: '404'
})

interface Scope {
  keyId: string
  keyPair: { publicKey: Uint8Array; privateKey: Uint8Array }
  secrets: Map<string, string>
  /** created_at and updated_at of each secret, as "get a secret" reports them. */
  dates: Map<string, { created_at: string; updated_at: string }>
}

export class FakeGitHub extends FakeServer {
  readonly writers = new Set([GITHUB_WRITER_TOKEN])
  readonly readers = new Set([GITHUB_WRITER_TOKEN, GITHUB_READONLY_TOKEN, GITHUB_ACTIONS_TOKEN, GITHUB_OTHER_APP_TOKEN])
  /** Tokens that may create and edit issue comments. */
  readonly commenters = new Set([GITHUB_WRITER_TOKEN, GITHUB_ACTIONS_TOKEN, GITHUB_OTHER_APP_TOKEN])
  /** Issue and pull-request comments, by id. */
  readonly comments = new Map<number, IssueComment>()
  private nextCommentId = 9001
  /** Who each token is (GET /user, GraphQL viewer, and the author of the comments it writes). */
  readonly identities = new Map<string, Identity>([
    [GITHUB_WRITER_TOKEN, WRITER_USER],
    [GITHUB_READONLY_TOKEN, ACTIONS_BOT],
    [GITHUB_ACTIONS_TOKEN, ACTIONS_BOT],
    [GITHUB_OTHER_APP_TOKEN, OTHER_BOT]
  ])
  /** Pull requests associated with each commit SHA (GET /repos/{owner}/{repo}/commits/{sha}/pulls). */
  readonly pullsOfCommit = new Map<string, FakePull[]>()
  /** Reviews of each pull request, oldest first (GET /repos/{owner}/{repo}/pulls/{n}/reviews). */
  readonly reviews = new Map<number, FakeReview[]>()
  private nextReviewId = 80
  /**
   * Each account's permission on the repository, by login (GET …/collaborators/{username}/permission);
   * an account not listed has `read` (anyone may read a public repository and submit a review there).
   */
  readonly permissions = new Map<string, Permission>([
    [REVIEWER.login, 'write'],
    [WRITER_USER.login, 'admin']
  ])
  private readonly scopes = new Map<string, Scope>()
  /**
   * When set, a secondary limit on writes: a REST POST, PATCH, PUT or DELETE that arrives sooner
   * than this after the previous one is refused with 403 and `retry-after: 1`. A simplification:
   * GitHub does not publish the exact rule, only that writes sent less than a second apart risk
   * its secondary limit ("Best practices for using the REST API").
   */
  writeGapMs: number | undefined
  private lastWriteAt = -Infinity

  static async start(): Promise<FakeGitHub> {
    await sodium.ready
    const fake = new FakeGitHub()
    await fake.listen()
    return fake
  }

  /** The plain value of a repository secret (or of an environment's, when `environment` is given). */
  secret(name: string, environment?: string): string | undefined {
    return this.scope(environment).secrets.get(name)
  }

  setSecret(name: string, value: string, environment?: string): void {
    this.store(this.scope(environment), name, value)
  }

  private store(scope: Scope, name: string, value: string): void {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    scope.secrets.set(name, value)
    scope.dates.set(name, { created_at: scope.dates.get(name)?.created_at ?? now, updated_at: now })
  }

  secretNames(environment?: string): string[] {
    return [...this.scope(environment).secrets.keys()]
  }

  private scope(environment = ''): Scope {
    let scope = this.scopes.get(environment)
    if (!scope) {
      scope = {
        keyId: `key-${environment || 'repo'}-${this.scopes.size + 1}`,
        keyPair: sodium.crypto_box_keypair(),
        secrets: new Map(),
        dates: new Map()
      }
      this.scopes.set(environment, scope)
    }
    return scope
  }

  /** Adds a comment as another user would, e.g. a reviewer (or as `author`, e.g. ACTIONS_BOT). */
  addComment(issue: number, body: string, author: string | Identity = 'octocat'): IssueComment {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    const who = typeof author === 'string' ? { login: author, id: 583000 + author.length } : author
    const comment = {
      id: this.nextCommentId++,
      issue,
      body,
      login: who.login,
      userId: who.id,
      created_at: now,
      updated_at: now
    }
    this.comments.set(comment.id, comment)
    return comment
  }

  /**
   * Edits a comment as `editor` would in the web UI: GitHub lets anyone with Write access edit anyone's
   * comment. The author stays; GraphQL's `editor` and `lastEditedAt` say who edited it last.
   */
  editComment(id: number, body: string, editor: Identity): IssueComment {
    const comment = this.comments.get(id)
    if (!comment) throw new Error(`no comment ${id}`)
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    Object.assign(comment, { body, editor, lastEditedAt: now, updated_at: now })
    return comment
  }

  /** A review of pull request `pr` by `reviewer` of commit `commitId` (APPROVED unless said), with `body`, the newest. */
  review(
    pr: number,
    commitId: string,
    reviewer: Identity = REVIEWER,
    state: FakeReview['state'] = 'APPROVED',
    body = ''
  ): FakeReview {
    const review: FakeReview = {
      id: this.nextReviewId++,
      pr,
      reviewer,
      state,
      commit_id: commitId,
      submitted_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      body
    }
    this.reviews.set(pr, [...(this.reviews.get(pr) ?? []), review])
    return review
  }

  /**
   * Edits a review's body as `editor` would ("Update a review" by its reviewer; anyone with Write
   * access may edit others' comments in the web UI). GraphQL's `editor` and `lastEditedAt` say who and when.
   */
  editReview(review: FakeReview, body: string, editor: Identity): void {
    Object.assign(review, { body, editor, lastEditedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') })
  }

  /** Dismisses a review, as "Dismiss a review for a pull request" does: its state becomes DISMISSED. */
  dismiss(review: FakeReview): void {
    review.state = 'DISMISSED'
  }

  commentsOn(issue: number): IssueComment[] {
    return [...this.comments.values()].filter(c => c.issue === issue)
  }

  /**
   * Every answer carries the primary limit's headers, as GitHub's do ("Checking the status of your
   * rate limit"): a plain 403 comes with them too, with requests to spare.
   */
  protected answer(request: RecordedRequest, route: string): Answer {
    const [status, body, headers] = this.answerRoute(request, route)
    this.used++
    const limit = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - this.used)),
      'x-ratelimit-used': String(this.used),
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': route === 'POST /graphql' ? 'graphql' : 'core'
    }
    return [status, body, { ...limit, ...headers }]
  }
  private used = 0

  private answerRoute(request: RecordedRequest, route: string): Answer {
    if (this.writeGapMs !== undefined && request.method !== 'GET' && route !== 'POST /graphql') {
      const early = request.at - this.lastWriteAt < this.writeGapMs
      this.lastWriteAt = request.at
      if (early) {
        const limited = secondaryRateLimit({ retryAfter: 1 })
        return [limited.status, limited.body, limited.headers]
      }
    }
    const comments = this.commentRoute(request, route)
    if (comments) return comments
    const history = this.commitsRoute(request, route)
    if (history) return history
    const who = this.whoRoute(request, route)
    if (who) return who
    const reviews = this.reviewRoute(request, route) ?? this.permissionRoute(request, route)
    if (reviews) return reviews
    const pulls = new RegExp(`^GET /repos/${REPOSITORY}/commits/([^/]+)/pulls$`).exec(route)
    if (pulls) {
      if (!this.readers.has(bearer(request.headers) ?? '')) return [401, { message: 'Bad credentials' }]
      return [200, (this.pullsOfCommit.get(decodeURIComponent(pulls[1])) ?? []).map(p => this.presentPull(p))]
    }
    const match = new RegExp(
      `^(GET|PUT|DELETE) /repos/${REPOSITORY}(?:/environments/([^/]+))?(?:/actions)?/secrets/([^/]+)$`
    ).exec(route)
    const token = bearer(request.headers) ?? ''
    if (!match) return [404, { message: 'Not Found' }]
    if (!this.readers.has(token)) return [401, { message: 'Bad credentials' }]
    const [, method, env, name] = match
    const environment = env ? decodeURIComponent(env) : undefined
    // Repository secrets live under /actions/secrets, environment secrets under /environments/{env}/secrets.
    if (Boolean(environment) === route.includes('/actions/')) return [404, { message: 'Not Found' }]
    const scope = this.scope(environment)
    if (method === 'GET' && name === 'public-key') {
      return [
        200,
        { key_id: scope.keyId, key: sodium.to_base64(scope.keyPair.publicKey, sodium.base64_variants.ORIGINAL) }
      ]
    }
    // "Get a repository secret" / "Get an environment secret": name and dates, never the value; 404 when missing.
    if (method === 'GET') {
      const dates = scope.dates.get(name)
      return dates ? [200, { name, ...dates }] : [404, notFound(environment)]
    }
    if (!this.writers.has(token)) return [403, { message: 'Resource not accessible by integration' }]
    if (method === 'DELETE') {
      scope.dates.delete(name)
      return scope.secrets.delete(name) ? [204, ''] : [404, notFound(environment)]
    }
    if (method !== 'PUT') return [404, { message: 'Not Found' }]
    const body = JSON.parse(request.body || '{}') as { encrypted_value?: string; key_id?: string }
    if (body.key_id !== scope.keyId || !body.encrypted_value)
      return [422, { message: 'Invalid request: key_id or encrypted_value' }]
    let plain: string
    try {
      const sealed = sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL)
      plain = sodium.to_string(sodium.crypto_box_seal_open(sealed, scope.keyPair.publicKey, scope.keyPair.privateKey))
    } catch {
      return [422, { message: 'encrypted_value could not be decrypted with key_id' }]
    }
    const existed = scope.secrets.has(name)
    this.store(scope, name, plain)
    // GitHub: 201 with an empty JSON object when the secret is created, 204 without a body when it is updated.
    return existed ? [204, ''] : [201, {}]
  }

  private commentRoute(request: RecordedRequest, route: string): Answer | undefined {
    const list = new RegExp(`^(GET|POST) /repos/${REPOSITORY}/issues/(\\d+)/comments$`).exec(route)
    const one = new RegExp(`^(GET|PATCH|DELETE) /repos/${REPOSITORY}/issues/comments/(\\d+)$`).exec(route)
    if (!list && !one) return undefined
    const token = bearer(request.headers) ?? ''
    if (!this.readers.has(token)) return [401, { message: 'Bad credentials' }]
    const method = (list ?? one)![1]
    const writing = method !== 'GET'
    if (writing && !this.commenters.has(token)) return [403, { message: 'Resource not accessible by integration' }]
    let body: { body?: unknown } = {}
    if (writing && method !== 'DELETE') {
      try {
        body = JSON.parse(request.body || '{}') as { body?: unknown }
      } catch {
        return [400, { message: 'Problems parsing JSON' }]
      }
      if (typeof body.body !== 'string') return [422, { message: 'Invalid request: body is required' }]
    }
    if (list) {
      const issue = Number(list[2])
      if (method === 'POST')
        return [
          201,
          this.present(this.addComment(issue, body.body as string, this.identities.get(token) ?? ACTIONS_BOT))
        ]
      const q = new URL(request.path, 'http://fake').searchParams
      const perPage = Math.min(100, Math.max(1, Number(q.get('per_page')) || 30))
      const page = Math.max(1, Number(q.get('page')) || 1)
      const all = this.commentsOn(issue).sort((a, b) => a.id - b.id)
      const slice = all.slice((page - 1) * perPage, page * perPage)
      const link = (n: number, rel: string) =>
        `<${this.url}/repos/${REPOSITORY}/issues/${issue}/comments?per_page=${perPage}&page=${n}>; rel="${rel}"`
      const last = Math.max(1, Math.ceil(all.length / perPage))
      const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : []
      return [200, slice.map(c => this.present(c)), links.length ? { Link: links.join(', ') } : {}]
    }
    const comment = this.comments.get(Number(one![2]))
    if (!comment) return [404, { message: 'Not Found' }]
    // GitHub lets only the author (or a maintainer) edit or delete a comment; the fake's tokens are no maintainers.
    if (writing && this.identities.get(token)?.id !== comment.userId)
      return [403, { message: 'Resource not accessible by integration' }]
    if (method === 'DELETE') {
      // GitHub: 204 without a body.
      this.comments.delete(comment.id)
      return [204, '']
    }
    if (method === 'PATCH') {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
      comment.body = body.body as string
      comment.updated_at = now
      comment.editor = this.identities.get(token)
      comment.lastEditedAt = now
    }
    return [200, this.present(comment)]
  }

  /**
   * Who the token is. GET /user answers a user token only: an installation token (the workflow's
   * GITHUB_TOKEN, a GitHub App's) gets 403 "Resource not accessible by integration", as on GitHub.
   * POST /graphql `{ viewer { login databaseId } }` answers both: the user, or the app's bot.
   */
  private whoRoute(request: RecordedRequest, route: string): Answer | undefined {
    if (route !== 'GET /user' && route !== 'POST /graphql') return undefined
    const me = this.identities.get(bearer(request.headers) ?? '')
    if (!me) return [401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }]
    if (route === 'GET /user') {
      if (me.installation)
        return [
          403,
          {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
            status: '403'
          }
        ]
      return [
        200,
        {
          ...this.user(me.login, me.id),
          name: null,
          company: null,
          blog: '',
          location: null,
          email: null,
          hireable: null,
          bio: null,
          public_repos: 1,
          public_gists: 0,
          followers: 0,
          following: 0,
          created_at: '2020-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z'
        }
      ]
    }
    let query = ''
    try {
      const asked = (JSON.parse(request.body || '{}') as { query?: unknown }).query
      query = typeof asked === 'string' ? asked : ''
    } catch {
      return [400, { message: 'Problems parsing JSON' }]
    }
    if (/\bnodes\s*\(\s*ids\s*:/.test(query)) return this.nodes(request)
    if (!/\bviewer\s*\{/.test(query)) return [200, { errors: [{ message: 'The fake answers only viewer and nodes' }] }]
    return [200, { data: { viewer: { login: me.login, databaseId: me.id } } }]
  }

  /**
   * GraphQL `nodes(ids: $ids)` for issue comments and pull-request reviews (`variables.ids`: their REST node_id; a review as `PullRequestReview` with the same fields): each comment as
   * `IssueComment` with `id`, `databaseId`, `lastEditedAt`, `author` and `editor` (an Actor: a `Bot` or
   * a `User`, each with `login` and `databaseId`; a bot's GraphQL login has no `[bot]` suffix). An id
   * that names nothing is `null` in `nodes`, with an error of type NOT_FOUND, as GitHub answers it.
   * `graphqlRefuses` set: the answer is that error for every request (a server without the query).
   */
  private nodes(request: RecordedRequest): Answer {
    if (this.graphqlRefuses) return [200, { errors: [{ message: this.graphqlRefuses }] }]
    const ids = (JSON.parse(request.body || '{}') as { variables?: { ids?: unknown } }).variables?.ids
    if (!Array.isArray(ids) || ids.length > 100)
      return [200, { errors: [{ message: 'ids: a list of at most 100 IDs is required' }] }]
    const actor = (who: Identity | undefined) =>
      who && {
        __typename: who.installation ? 'Bot' : 'User',
        login: who.login.replace(/\[bot\]$/, ''),
        databaseId: who.id
      }
    const errors: unknown[] = []
    const nodes = ids.map((id: unknown, i) => {
      const review = typeof id === 'string' ? this.reviewByNode(id) : undefined
      if (review)
        return {
          __typename: 'PullRequestReview',
          id,
          databaseId: review.id,
          lastEditedAt: review.lastEditedAt ?? null,
          author: actor(review.reviewer),
          editor: actor(review.editor) ?? null
        }
      const comment = typeof id === 'string' ? this.comments.get(Number(/^IC_(\d+)$/.exec(id)?.[1])) : undefined
      if (!comment) {
        errors.push({
          type: 'NOT_FOUND',
          path: ['nodes', i],
          message: `Could not resolve to a node with the global id of '${String(id)}'`
        })
        return null
      }
      const author = [...this.identities.values()].find(w => w.id === comment.userId) ?? {
        login: comment.login,
        id: comment.userId,
        installation: comment.login.endsWith('[bot]')
      }
      return {
        __typename: 'IssueComment',
        id: `IC_${comment.id}`,
        databaseId: comment.id,
        lastEditedAt: comment.lastEditedAt ?? null,
        author: actor(author),
        editor: actor(comment.editor) ?? null
      }
    })
    return [200, { data: { nodes }, ...(errors.length ? { errors } : {}) }]
  }

  /**
   * POST /graphql with the access review's query of many commits (src/github/pull-facts-graphql.ts):
   * `repository(owner: $owner, name: $name) { c0: object(oid: "<sha>") { … } … }`, answered from the
   * same pull requests and reviews the REST routes serve. Strict: any other selection is refused with
   * an `errors` answer and no data, as GitHub refuses a query that does not validate. A pending review
   * is left out (GitHub shows one only to its author). A bot's login has no `[bot]` suffix.
   */
  private commitsRoute(request: RecordedRequest, route: string): Answer | undefined {
    if (route !== 'POST /graphql') return undefined
    let asked: { query?: unknown; variables?: { owner?: unknown; name?: unknown } }
    try {
      asked = JSON.parse(request.body || '{}') as typeof asked
    } catch {
      return undefined
    }
    const query = typeof asked.query === 'string' ? asked.query.replace(/\s+/g, ' ').trim() : ''
    const head = 'query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { '
    if (!query.startsWith(head)) return undefined
    if (!this.readers.has(bearer(request.headers) ?? '')) return [401, { message: 'Bad credentials' }]
    if (this.graphqlRefuses) return [200, { errors: [{ message: this.graphqlRefuses }] }]
    const who = '{ __typename login ... on User { databaseId } ... on Bot { databaseId } }'
    const selection =
      '... on Commit { associatedPullRequests(first: 20) { nodes { number mergedAt mergeCommit { oid } ' +
      `headRefOid author ${who} reviews(first: 100) { pageInfo { hasNextPage } ` +
      `nodes { state commit { oid } authorAssociation author ${who} } } } } }`
    const alias = /^(c\d+): object\(oid: "([0-9a-f]{40})"\) \{ /
    let rest = query.slice(head.length)
    const commits: [string, string][] = []
    for (;;) {
      const m = alias.exec(rest)
      if (!m) break
      const after = rest.slice(m[0].length)
      if (!after.startsWith(`${selection} } `))
        return [200, { errors: [{ message: `The fake does not know the selection of ${m[1]}` }] }]
      commits.push([m[1], m[2]])
      rest = after.slice(selection.length + 3)
    }
    if (rest !== '} }' || !commits.length || commits.length > 100)
      return [200, { errors: [{ message: 'Parse error: the fake answers only the access review query of commits' }] }]
    if (asked.variables?.owner !== REPOSITORY.split('/')[0] || asked.variables?.name !== REPOSITORY.split('/')[1])
      return [
        200,
        {
          data: { repository: null },
          errors: [
            {
              type: 'NOT_FOUND',
              path: ['repository'],
              message: `Could not resolve to a Repository with the name '${String(asked.variables?.owner)}/${String(asked.variables?.name)}'.`
            }
          ]
        }
      ]
    const actor = (w: Identity) => ({
      __typename: w.installation ? 'Bot' : 'User',
      login: w.login.replace(/\[bot\]$/, ''),
      databaseId: w.id
    })
    const repository: Record<string, unknown> = {}
    for (const [name, sha] of commits) {
      const nodes = (this.pullsOfCommit.get(sha) ?? []).slice(0, 20).map(p => {
        const reviews = (this.reviews.get(p.number) ?? []).filter(r => r.state !== 'PENDING')
        return {
          number: p.number,
          mergedAt: p.merged_at,
          mergeCommit: p.merge_commit_sha ? { oid: p.merge_commit_sha } : null,
          headRefOid: p.head_sha ?? 'a'.repeat(40),
          author: actor(p.author ?? PULL_AUTHOR),
          reviews: {
            pageInfo: { hasNextPage: reviews.length > 100 },
            nodes: reviews.slice(0, 100).map(r => ({
              state: r.state,
              commit: { oid: r.commit_id },
              authorAssociation: this.association(r.reviewer),
              author: actor(r.reviewer)
            }))
          }
        }
      })
      repository[name] = { associatedPullRequests: { nodes } }
    }
    return [200, { data: { repository } }]
  }

  /** The review whose REST node_id is `id` (`PRR_<id>`). */
  private reviewByNode(id: string): FakeReview | undefined {
    const n = Number(/^PRR_(\d+)$/.exec(id)?.[1])
    for (const list of this.reviews.values()) for (const r of list) if (r.id === n) return r
    return undefined
  }

  /**
   * A reviewer's author association as GitHub says it (REST `author_association`, GraphQL
   * `authorAssociation`): one with Write access is a MEMBER here, anyone else NONE.
   */
  private association(reviewer: Identity): string {
    const set = this.associations.get(reviewer.login)
    if (set) return set
    return ['admin', 'write'].includes(this.permissions.get(reviewer.login) ?? 'read') ? 'MEMBER' : 'NONE'
  }

  /**
   * An account's author association as a test sets it, whatever its permission: a member of the
   * organization or a collaborator with Read is a MEMBER or COLLABORATOR to GitHub, and may approve.
   */
  readonly associations = new Map<string, 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'NONE'>()

  /** Set: GraphQL `nodes` answers only this error (GitHub Enterprise Server without it, or any refusal). */
  graphqlRefuses: string | undefined

  /** GET /repos/{owner}/{repo}/pulls/{n}/reviews, per_page/page with a Link header, oldest first. */
  private reviewRoute(request: RecordedRequest, route: string): Answer | undefined {
    const m = new RegExp(`^GET /repos/${REPOSITORY}/pulls/(\\d+)/reviews$`).exec(route)
    if (!m) return undefined
    if (!this.readers.has(bearer(request.headers) ?? '')) return [401, { message: 'Bad credentials' }]
    const pr = Number(m[1])
    const q = new URL(request.path, 'http://fake').searchParams
    const perPage = Math.min(100, Math.max(1, Number(q.get('per_page')) || 30))
    const page = Math.max(1, Number(q.get('page')) || 1)
    const all = this.reviews.get(pr) ?? []
    const last = Math.max(1, Math.ceil(all.length / perPage))
    const link = (n: number, rel: string) =>
      `<${this.url}/repos/${REPOSITORY}/pulls/${pr}/reviews?per_page=${perPage}&page=${n}>; rel="${rel}"`
    const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : []
    const api = `${this.url}/repos/${REPOSITORY}`
    const html = `https://github.com/${REPOSITORY}/pull/${pr}`
    const answer = all.slice((page - 1) * perPage, page * perPage).map(r => ({
      id: r.id,
      node_id: `PRR_${r.id}`,
      user: this.user(r.reviewer.login, r.reviewer.id),
      body: r.body,
      state: r.state,
      html_url: `${html}#pullrequestreview-${r.id}`,
      pull_request_url: `${api}/pulls/${pr}`,
      _links: { html: { href: `${html}#pullrequestreview-${r.id}` }, pull_request: { href: `${api}/pulls/${pr}` } },
      ...(r.state === 'PENDING' ? {} : { submitted_at: r.submitted_at }),
      commit_id: r.commit_id,
      author_association: this.association(r.reviewer)
    }))
    return [200, answer, links.length ? { Link: links.join(', ') } : {}]
  }

  /**
   * GET /repos/{owner}/{repo}/collaborators/{username}/permission: the account's `permission` (admin,
   * write, read, none), its `role_name`, and the account as a collaborator; 404 for a login no
   * account of the fake has (GitHub: "Resource not found" for a user that does not exist).
   */
  private permissionRoute(request: RecordedRequest, route: string): Answer | undefined {
    const m = new RegExp(`^GET /repos/${REPOSITORY}/collaborators/([^/]+)/permission$`).exec(route)
    if (!m) return undefined
    if (!this.readers.has(bearer(request.headers) ?? '')) return [401, { message: 'Bad credentials' }]
    const login = decodeURIComponent(m[1])
    const known = [...this.identities.values(), REVIEWER, PULL_AUTHOR, ...this.knownAccounts].find(
      who => who.login === login
    )
    if (!known)
      return [
        404,
        {
          message: 'Not Found',
          documentation_url:
            'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
          status: '404'
        }
      ]
    const permission = this.permissions.get(login) ?? 'read'
    const role = { admin: 'admin', write: 'write', read: 'read', none: 'none' }[permission]
    const can = (...roles: Permission[]) => roles.includes(permission)
    return [
      200,
      {
        permission,
        role_name: role,
        user: {
          ...this.user(known.login, known.id),
          permissions: {
            pull: can('admin', 'write', 'read'),
            triage: can('admin', 'write'),
            push: can('admin', 'write'),
            maintain: can('admin'),
            admin: can('admin')
          },
          role_name: role
        }
      }
    ]
  }

  /** Accounts the fake knows besides the tokens' (reviewers a test adds), for the permission route. */
  readonly knownAccounts: Identity[] = []

  /** A pull-request-simple as the REST description requires it (GET /repos/{owner}/{repo}/commits/{sha}/pulls). */
  private presentPull(p: FakePull): Record<string, unknown> {
    const api = `${this.url}/repos/${REPOSITORY}`
    const link = (href: string) => ({ href })
    const owner = this.user(REPOSITORY.split('/')[0], 100)
    const branch = (ref: string, sha: string) => ({
      label: `${REPOSITORY.split('/')[0]}:${ref}`,
      ref,
      repo: this.repository(),
      sha,
      user: owner
    })
    const merged = p.merge_commit_sha ?? '0'.repeat(40)
    return {
      url: `${api}/pulls/${p.number}`,
      id: 7000 + p.number,
      node_id: `PR_${p.number}`,
      html_url: `https://github.com/${REPOSITORY}/pull/${p.number}`,
      diff_url: `https://github.com/${REPOSITORY}/pull/${p.number}.diff`,
      patch_url: `https://github.com/${REPOSITORY}/pull/${p.number}.patch`,
      issue_url: `${api}/issues/${p.number}`,
      commits_url: `${api}/pulls/${p.number}/commits`,
      review_comments_url: `${api}/pulls/${p.number}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${p.number}/comments`,
      statuses_url: `${api}/statuses/${merged}`,
      number: p.number,
      state: p.state,
      locked: false,
      title: `Pull request ${p.number}`,
      user: this.user((p.author ?? PULL_AUTHOR).login, (p.author ?? PULL_AUTHOR).id),
      body: null,
      labels: [],
      milestone: null,
      assignee: null,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      closed_at: p.merged_at,
      merged_at: p.merged_at,
      merge_commit_sha: p.merge_commit_sha,
      head: branch(`change-${p.number}`, p.head_sha ?? 'a'.repeat(40)),
      base: branch(p.base_ref ?? 'main', merged),
      _links: {
        self: link(`${api}/pulls/${p.number}`),
        html: link(`https://github.com/${REPOSITORY}/pull/${p.number}`),
        issue: link(`${api}/issues/${p.number}`),
        comments: link(`${api}/issues/${p.number}/comments`),
        review_comments: link(`${api}/pulls/${p.number}/comments`),
        review_comment: link(`${api}/pulls/comments{/number}`),
        commits: link(`${api}/pulls/${p.number}/commits`),
        statuses: link(`${api}/statuses/${merged}`)
      },
      author_association: 'MEMBER',
      auto_merge: null
    }
  }

  /** The repository as the REST description's `repository` requires it (a pull's head and base). */
  private repository(): Record<string, unknown> {
    const api = `${this.url}/repos/${REPOSITORY}`
    const [owner, name] = REPOSITORY.split('/')
    const urls = Object.fromEntries(
      (
        [
          ['archive', '/{archive_format}{/ref}'],
          ['assignees', '/assignees{/user}'],
          ['blobs', '/git/blobs{/sha}'],
          ['branches', '/branches{/branch}'],
          ['collaborators', '/collaborators{/collaborator}'],
          ['comments', '/comments{/number}'],
          ['commits', '/commits{/sha}'],
          ['compare', '/compare/{base}...{head}'],
          ['contents', '/contents/{+path}'],
          ['contributors', '/contributors'],
          ['deployments', '/deployments'],
          ['downloads', '/downloads'],
          ['events', '/events'],
          ['forks', '/forks'],
          ['git_commits', '/git/commits{/sha}'],
          ['git_refs', '/git/refs{/sha}'],
          ['git_tags', '/git/tags{/sha}'],
          ['hooks', '/hooks'],
          ['issue_comment', '/issues/comments{/number}'],
          ['issue_events', '/issues/events{/number}'],
          ['issues', '/issues{/number}'],
          ['keys', '/keys{/key_id}'],
          ['labels', '/labels{/name}'],
          ['languages', '/languages'],
          ['merges', '/merges'],
          ['milestones', '/milestones{/number}'],
          ['notifications', '/notifications{?since,all,participating}'],
          ['pulls', '/pulls{/number}'],
          ['releases', '/releases{/id}'],
          ['stargazers', '/stargazers'],
          ['statuses', '/statuses/{sha}'],
          ['subscribers', '/subscribers'],
          ['subscription', '/subscription'],
          ['tags', '/tags'],
          ['teams', '/teams'],
          ['trees', '/git/trees{/sha}']
        ] as const
      ).map(([key, path]) => [`${key}_url`, `${api}${path}`])
    )
    return {
      id: 4200,
      node_id: 'R_fake',
      name,
      full_name: REPOSITORY,
      owner: this.user(owner, 100),
      private: true,
      html_url: `https://github.com/${REPOSITORY}`,
      description: null,
      fork: false,
      url: api,
      ...urls,
      git_url: `git://github.com/${REPOSITORY}.git`,
      ssh_url: `git@github.com:${REPOSITORY}.git`,
      clone_url: `https://github.com/${REPOSITORY}.git`,
      svn_url: `https://github.com/${REPOSITORY}`,
      mirror_url: null,
      homepage: null,
      language: null,
      license: null,
      default_branch: 'main',
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers: 0,
      watchers_count: 0,
      open_issues: 0,
      open_issues_count: 0,
      size: 1,
      has_downloads: true,
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      archived: false,
      disabled: false,
      pushed_at: '2026-01-01T00:00:00Z',
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z'
    }
  }

  /** An issue-comment as the REST description requires it (user as a simple-user). */
  private present(c: IssueComment): Record<string, unknown> {
    const api = `${this.url}/repos/${REPOSITORY}`
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${api}/issues/comments/${c.id}`,
      html_url: `https://github.com/${REPOSITORY}/pull/${c.issue}#issuecomment-${c.id}`,
      body: c.body,
      user: this.user(c.login, c.userId),
      created_at: c.created_at,
      updated_at: c.updated_at,
      issue_url: `${api}/issues/${c.issue}`,
      author_association: c.login.endsWith('[bot]') ? 'NONE' : 'MEMBER',
      performed_via_github_app: null
    }
  }

  /** A simple-user as the REST description requires it. */
  private user(login: string, id: number): Record<string, unknown> {
    const userUrl = `${this.url}/users/${encodeURIComponent(login)}`
    return {
      login,
      id,
      node_id: 'MDQ6VXNlcjE=',
      avatar_url: 'https://avatars.githubusercontent.com/u/1?v=4',
      gravatar_id: '',
      url: userUrl,
      // A bot's page is its app's (a login like github-actions[bot] is no valid URI path).
      html_url: login.endsWith('[bot]')
        ? `https://github.com/apps/${login.slice(0, -'[bot]'.length)}`
        : `https://github.com/${encodeURIComponent(login)}`,
      followers_url: `${userUrl}/followers`,
      following_url: `${userUrl}/following{/other_user}`,
      gists_url: `${userUrl}/gists{/gist_id}`,
      starred_url: `${userUrl}/starred{/owner}{/repo}`,
      subscriptions_url: `${userUrl}/subscriptions`,
      organizations_url: `${userUrl}/orgs`,
      repos_url: `${userUrl}/repos`,
      events_url: `${userUrl}/events{/privacy}`,
      received_events_url: `${userUrl}/received_events`,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
      site_admin: false
    }
  }
}
