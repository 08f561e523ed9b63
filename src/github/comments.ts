/**
 * The plan as one comment on the pull request, updated in place on every push: the comment is
 * found by a hidden marker at the start of its body (issue comments, listed page by page), and
 * PATCHed; without one, a comment is POSTed. A failure here never fails the plan: a fork's
 * pull request gets a read-only token, and the plan is still in the job summary.
 */
import { readFileSync } from 'node:fs'
import { withRetries, type Context } from '../net/retry.js'
import { header, send, type Outcome } from '../net/http.js'
import type { Operation } from '../messages.js'
import { notProcessed } from '../net/retry-policy.js'
import { COMMENT_MARKER } from '../roster/render.js'

export interface PullRequest {
  apiUrl: string
  /** owner/name */
  repository: string
  number: number
}

/** The pull request this run is for, from the runner's event; undefined for any other event. */
export function pullRequestOf(env: (name: string) => string | undefined): PullRequest | undefined {
  const event = env('GITHUB_EVENT_NAME') ?? ''
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined
  const path = env('GITHUB_EVENT_PATH')
  const repository = env('GITHUB_REPOSITORY') ?? ''
  if (!path || !/^[^/\s]+\/[^/\s]+$/.test(repository)) return undefined
  try {
    const payload = JSON.parse(readFileSync(path, 'utf8')) as { pull_request?: { number?: unknown }; number?: unknown }
    const number = payload.pull_request?.number ?? payload.number
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return undefined
    return { apiUrl: (env('GITHUB_API_URL') || 'https://api.github.com').replace(/\/+$/, ''), repository, number }
  } catch {
    return undefined
  }
}

const COMMENT: Operation = {
  label: 'Commenting the plan on the pull request',
  forbidden:
    'The token may not comment: give the job `permissions: pull-requests: write` (a pull request from a fork only ever gets a read-only token; the plan is in the job summary).'
}

export type CommentResult = { ok: true; action: 'created' | 'updated'; url: string } | { ok: false; message: string }

/** Creates or updates the plan comment. `body` must not carry the marker; it is added here. */
export async function upsertComment(
  ctx: Context,
  pr: PullRequest,
  token: string,
  body: string
): Promise<CommentResult> {
  // Every request is torn down when the run is cancelled (ctx.signal), as the sync client's are.
  const call = (method: 'GET' | 'POST' | 'PATCH', path: string, timeoutMs: number, json?: unknown): Promise<Outcome> =>
    send({
      signal: ctx.signal,
      method,
      url: `${pr.apiUrl}/repos/${pr.repository}${path}`,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' })
      },
      body: json === undefined ? undefined : JSON.stringify(json),
      timeoutMs
    })
  const text = `${COMMENT_MARKER}\n${body}`

  let existing: number | undefined
  for (let page = 1; existing === undefined; page++) {
    const got = await withRetries(
      ctx,
      COMMENT,
      t => call('GET', `/issues/${pr.number}/comments?per_page=100&page=${page}`, t),
      { idempotent: true }
    )
    if (!got.ok || got.outcome?.kind !== 'response') return { ok: false, message: got.message ?? 'no answer' }
    let comments: { id?: unknown; body?: unknown }[]
    try {
      comments = JSON.parse(got.outcome.body) as typeof comments
      if (!Array.isArray(comments)) throw new Error('not a list')
    } catch {
      return { ok: false, message: `${COMMENT.label} failed: GitHub's comment list is not JSON.` }
    }
    const mine = comments.find(c => typeof c.body === 'string' && c.body.startsWith(COMMENT_MARKER))
    if (mine && typeof mine.id === 'number') existing = mine.id
    const next = /<[^>]+>;\s*rel="next"/.test(header(got.outcome.headers, 'link') ?? '')
    if (!next || comments.length === 0) break
  }

  const written =
    existing === undefined
      ? await withRetries(ctx, COMMENT, t => call('POST', `/issues/${pr.number}/comments`, t, { body: text }), {
          // A repeated POST that GitHub did process would leave two comments.
          mayRepeat: notProcessed
        })
      : await withRetries(ctx, COMMENT, t => call('PATCH', `/issues/comments/${existing}`, t, { body: text }), {
          idempotent: true
        })
  if (!written.ok || written.outcome?.kind !== 'response') return { ok: false, message: written.message ?? 'no answer' }
  let url = ''
  try {
    const json = JSON.parse(written.outcome.body) as { html_url?: unknown }
    if (typeof json.html_url === 'string') url = json.html_url
  } catch {
    // The comment is written; only its link is missing.
  }
  return { ok: true, action: existing === undefined ? 'created' : 'updated', url }
}
