/**
 * The plan as one comment on the pull request, updated in place on every push. The comment is
 * ours when its author is the identity of the token in use AND its body starts with the hidden
 * marker; only that one is PATCHed, any other (a reviewer's, another bot's, one quoting the
 * marker) is left alone, and without ours a comment is POSTed.
 *
 * Who the token is: `GET /user` answers a user's token (a personal access token). An installation
 * token — the workflow's GITHUB_TOKEN, a GitHub App's — gets 403 "Resource not accessible by
 * integration" there; GraphQL's `viewer { login databaseId }` answers it with the app's bot
 * (the GitHub Actions bot for the GITHUB_TOKEN). A comment matches on both the login and the user
 * id. When neither answers, no comment is touched.
 *
 * A failure here never fails the plan: a fork's pull request gets a read-only token, and the
 * plan is still in the job summary. On a push (the apply after a merge) the same rule reads the
 * plan that was reviewed: the merged pull request is found through the commit.
 */
import { readFileSync } from 'node:fs'
import { withRetries, type Context } from '../net/retry.js'
import { header, send, type Outcome } from '../net/http.js'
import { parseJsonObject } from '../net/json.js'
import { untrusted } from '../untrusted.js'
import type { Operation } from '../messages.js'
import { notProcessed } from '../net/retry-policy.js'
import { COMMENT_MARKER } from '../roster/render.js'

export interface PullRequest {
  apiUrl: string
  /** owner/name */
  repository: string
  number: number
  /** The pull request's head commit (the code planned), when the event says it. */
  headSha?: string
}

/** A push's commit: on the default branch after a merge, the apply's event. */
export interface PushedCommit {
  apiUrl: string
  repository: string
  sha: string
}

const apiUrlOf = (env: (name: string) => string | undefined) =>
  (env('GITHUB_API_URL') || 'https://api.github.com').replace(/\/+$/, '')

/** The commit this push run is for, from the runner's environment; undefined for any other event. */
export function pushOf(env: (name: string) => string | undefined): PushedCommit | undefined {
  if (env('GITHUB_EVENT_NAME') !== 'push') return undefined
  const repository = env('GITHUB_REPOSITORY') ?? ''
  const sha = env('GITHUB_SHA') ?? ''
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository) || !/^[0-9a-f]{40}$/i.test(sha)) return undefined
  return { apiUrl: apiUrlOf(env), repository, sha }
}

/** The pull request this run is for, from the runner's event; undefined for any other event. */
export function pullRequestOf(env: (name: string) => string | undefined): PullRequest | undefined {
  const event = env('GITHUB_EVENT_NAME') ?? ''
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined
  const path = env('GITHUB_EVENT_PATH')
  const repository = env('GITHUB_REPOSITORY') ?? ''
  if (!path || !/^[^/\s]+\/[^/\s]+$/.test(repository)) return undefined
  try {
    const payload = JSON.parse(readFileSync(path, 'utf8')) as {
      pull_request?: { number?: unknown; head?: { sha?: unknown } }
      number?: unknown
    }
    const number = payload.pull_request?.number ?? payload.number
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return undefined
    const head = payload.pull_request?.head?.sha
    const headSha = typeof head === 'string' && /^[0-9a-f]{40}$/i.test(head) ? head : env('GITHUB_SHA')
    return { apiUrl: apiUrlOf(env), repository, number, headSha }
  } catch {
    return undefined
  }
}

const COMMENT: Operation = {
  label: 'Commenting the plan on the pull request',
  service: 'GitHub',
  forbidden:
    'The token may not comment: give the job `permissions: pull-requests: write` (a pull request from a fork only ever gets a read-only token; the plan is in the job summary).'
}

const IDENTITY: Operation = {
  label: 'Asking GitHub who the pr-comment-token is',
  service: 'GitHub',
  forbidden: 'GitHub would not say who the pr-comment-token is, so no comment can be told to be ours.'
}

const REVIEWED: Operation = {
  label: 'Reading the reviewed plan from the merged pull request',
  service: 'GitHub',
  forbidden: 'The pr-comment-token may not read pull requests: give the job `permissions: pull-requests: read` on push.'
}

/** Comments read per page, and pages at most (2,000 comments): a page of long comments stays a few MB. */
export const COMMENTS_PER_PAGE = 50
export const MAX_COMMENT_PAGES = 40
const MAX_PAGE_BYTES = 8 * 1024 * 1024

/** Who a token is, as GitHub says. */
export interface Identity {
  login: string
  id: number
}

type Call = (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  timeoutMs: number,
  json?: unknown,
  maxBodyBytes?: number
) => Promise<Outcome>

function caller(ctx: Context, token: string): Call {
  // Every request is torn down when the run is cancelled (ctx.signal), as the sync client's are.
  return (method, url, timeoutMs, json, maxBodyBytes) =>
    send({
      signal: ctx.signal,
      method,
      url,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' })
      },
      body: json === undefined ? undefined : JSON.stringify(json),
      setting: 'GITHUB_API_URL',
      timeoutMs,
      maxBodyBytes
    })
}

const failed = (message: string | undefined) => ({ ok: false as const, message: message ?? 'no answer' })

/** `GET /user` for a user's token; on its 403 (an installation token), GraphQL `viewer`. */
export async function whoAmI(
  ctx: Context,
  apiUrl: string,
  token: string
): Promise<{ ok: true; me: Identity } | { ok: false; message: string }> {
  const call = caller(ctx, token)
  const user = await withRetries(ctx, IDENTITY, t => call('GET', `${apiUrl}/user`, t), { idempotent: true })
  const answer = user.outcome?.kind === 'response' ? user.outcome : undefined
  if (user.ok && answer) {
    const json = parseJsonObject(answer.body)
    if (json && typeof json['login'] === 'string' && typeof json['id'] === 'number')
      return { ok: true, me: { login: json['login'], id: json['id'] } }
    return failed(`${IDENTITY.label} failed: GitHub's answer to GET /user has no login and id.`)
  }
  if (answer?.status !== 403) return failed(user.message)
  // An installation token: GET /user is not for it; GraphQL's viewer is its app's bot.
  const graphql = apiUrl.endsWith('/api/v3') ? `${apiUrl.slice(0, -'/v3'.length)}/graphql` : `${apiUrl}/graphql`
  const viewer = await withRetries(
    ctx,
    IDENTITY,
    t => call('POST', graphql, t, { query: 'query { viewer { login databaseId } }' }),
    { idempotent: true }
  )
  if (!viewer.ok || viewer.outcome?.kind !== 'response') return failed(viewer.message)
  const data = parseJsonObject(viewer.outcome.body)?.['data'] as { viewer?: { login?: unknown; databaseId?: unknown } }
  const v = data?.viewer
  if (v && typeof v.login === 'string' && typeof v.databaseId === 'number')
    return { ok: true, me: { login: v.login, id: v.databaseId } }
  return failed(`${IDENTITY.label} failed: GitHub's GraphQL viewer answer has no login and databaseId.`)
}

/** A comment is ours when the token's identity wrote it and it starts with the marker. */
export function isOurs(comment: { body?: unknown; user?: unknown }, me: Identity): boolean {
  const user = comment.user as { login?: unknown; id?: unknown } | null | undefined
  return (
    typeof comment.body === 'string' &&
    comment.body.startsWith(COMMENT_MARKER) &&
    user?.login === me.login &&
    user?.id === me.id
  )
}

export type FoundComment =
  { ok: true; comment?: { id: number; body: string }; foreign: number } | { ok: false; message: string }

/**
 * Our plan comment on the pull request, read page by page (at most MAX_COMMENT_PAGES); `foreign`
 * counts comments that carry the marker but are not ours (left alone).
 */
export async function findPlanComment(
  ctx: Context,
  pr: PullRequest,
  token: string,
  me: Identity,
  operation: Operation = COMMENT
): Promise<FoundComment> {
  const call = caller(ctx, token)
  let foreign = 0
  let found: { id: number; body: string } | undefined
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const url = `${pr.apiUrl}/repos/${pr.repository}/issues/${pr.number}/comments?per_page=${COMMENTS_PER_PAGE}&page=${page}`
    const got = await withRetries(ctx, operation, t => call('GET', url, t, undefined, MAX_PAGE_BYTES), {
      idempotent: true
    })
    if (!got.ok || got.outcome?.kind !== 'response') return failed(got.message)
    if (got.outcome.truncated)
      return failed(`${operation.label} failed: a page of comments is over ${MAX_PAGE_BYTES / 1024 / 1024} MB.`)
    let comments: { id?: unknown; body?: unknown; user?: unknown }[]
    try {
      comments = JSON.parse(got.outcome.body) as typeof comments
      if (!Array.isArray(comments)) throw new Error('not a list')
    } catch {
      return failed(`${operation.label} failed: GitHub's comment list is not JSON.`)
    }
    for (const c of comments) {
      if (c === null || typeof c !== 'object') continue
      if (isOurs(c, me) && typeof c.id === 'number') found ??= { id: c.id, body: c.body as string }
      else if (typeof c.body === 'string' && c.body.startsWith(COMMENT_MARKER)) foreign++
    }
    const next = /<[^>]+>;\s*rel="next"/.test(header(got.outcome.headers, 'link') ?? '')
    if (found || !next || comments.length === 0) return { ok: true, comment: found, foreign }
  }
  return { ok: true, comment: found, foreign }
}

export type CommentResult =
  { ok: true; action: 'created' | 'updated'; url: string; foreign: number } | { ok: false; message: string }

/** Creates or updates the plan comment. `body` must not carry the marker; it is added here. */
export async function upsertComment(
  ctx: Context,
  pr: PullRequest,
  token: string,
  body: string
): Promise<CommentResult> {
  const who = await whoAmI(ctx, pr.apiUrl, token)
  if (!who.ok) return who
  const found = await findPlanComment(ctx, pr, token, who.me)
  if (!found.ok) return found
  const call = caller(ctx, token)
  const text = `${COMMENT_MARKER}\n${body}`
  const base = `${pr.apiUrl}/repos/${pr.repository}/issues`
  const existing = found.comment?.id
  const written =
    existing === undefined
      ? await withRetries(ctx, COMMENT, t => call('POST', `${base}/${pr.number}/comments`, t, { body: text }), {
          // A repeated POST that GitHub did process would leave two comments.
          mayRepeat: notProcessed
        })
      : await withRetries(ctx, COMMENT, t => call('PATCH', `${base}/comments/${existing}`, t, { body: text }), {
          idempotent: true
        })
  if (!written.ok || written.outcome?.kind !== 'response') return failed(written.message)
  const url = parseJsonObject(written.outcome.body)?.['html_url']
  return {
    ok: true,
    action: existing === undefined ? 'created' : 'updated',
    url: typeof url === 'string' ? url : '',
    foreign: found.foreign
  }
}

export type ReviewedComment =
  { ok: true; pr: number; body: string; foreign: number } | { ok: false; message: string; pr?: number }

/** At most this many pull requests of one commit are looked at. */
const MAX_PULLS = 20

/**
 * The plan comment of the pull request merged as `push.sha`: the commit's associated pull
 * requests, the one merged as this commit first (else the one merged most recently), then our
 * comment on it (per whoAmI). Each failure is one line saying what was missing.
 */
export async function reviewedPlanComment(ctx: Context, push: PushedCommit, token: string): Promise<ReviewedComment> {
  const call = caller(ctx, token)
  const got = await withRetries(
    ctx,
    REVIEWED,
    t => call('GET', `${push.apiUrl}/repos/${push.repository}/commits/${push.sha}/pulls?per_page=${MAX_PULLS}`, t),
    { idempotent: true }
  )
  if (!got.ok || got.outcome?.kind !== 'response') return failed(got.message)
  let pulls: { number?: unknown; merged_at?: unknown; merge_commit_sha?: unknown }[]
  try {
    pulls = JSON.parse(got.outcome.body) as typeof pulls
    if (!Array.isArray(pulls)) throw new Error('not a list')
  } catch {
    return failed(`${REVIEWED.label} failed: GitHub's list of the commit's pull requests is not JSON.`)
  }
  const merged = pulls
    .slice(0, MAX_PULLS)
    .filter(p => p && typeof p.number === 'number' && typeof p.merged_at === 'string')
    .sort((a, b) => {
      const exact = Number(b.merge_commit_sha === push.sha) - Number(a.merge_commit_sha === push.sha)
      return exact || String(b.merged_at).localeCompare(String(a.merged_at))
    })
  const pull = merged[0]
  if (!pull) return failed(`no merged pull request is associated with commit ${push.sha.slice(0, 12)}`)
  const number = pull.number as number
  const who = await whoAmI(ctx, push.apiUrl, token)
  if (!who.ok) return { ...who, pr: number }
  const pr = { apiUrl: push.apiUrl, repository: push.repository, number }
  const found = await findPlanComment(ctx, pr, token, who.me, REVIEWED)
  if (!found.ok) return { ...found, pr: number }
  if (!found.comment)
    return {
      ok: false,
      pr: number,
      message: `pull request #${number} has no plan comment by ${untrusted(who.me.login, 100)}${found.foreign ? ` (${found.foreign} by others with the marker were ignored)` : ''}`
    }
  return { ok: true, pr: number, body: found.comment.body, foreign: found.foreign }
}
