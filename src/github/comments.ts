/**
 * The plan as one comment on the pull request, updated in place on every push. The comment is
 * ours when its author is the identity of the token in use AND its first line is the hidden marker
 * of its roster (commentMarker: two roster workflows on one pull request each have their own);
 * only that one is PATCHed, any other (a reviewer's, another bot's, one quoting the marker) is left
 * alone, and without ours a comment is POSTed. A plan too long for one comment takes more (at most
 * MAX_PLAN_COMMENTS): part K has its own marker (partMarker) and the same rule. What was reviewed
 * is read from part 1's last line only (roster/digest.ts, the trailer).
 *
 * Who the token is: `GET /user` answers a user's token (a personal access token). An installation
 * token — the workflow's GITHUB_TOKEN, a GitHub App's — gets 403 "Resource not accessible by
 * integration" there; GraphQL's `viewer { login databaseId }` answers it with the app's bot
 * (the GitHub Actions bot for the GITHUB_TOKEN). A comment matches on both the login and the user
 * id. When neither answers, no comment is touched.
 *
 * A plan that cannot be shown whole fails the step (commentFailureFailsStep), and our earlier
 * part 1 is marked out of date where GitHub lets it: no check is green while the pull request shows
 * an older plan or parts of two. A body that already says what it would is never written again.
 * On a push (the apply after a merge) the same rule reads the plan that was reviewed: the merged
 * pull request is found through the commit.
 *
 * This file finds the comments (who the token is, the walk over a pull request's comments, our plan
 * comment); plan-comments.ts writes them, reviewed.ts reads the reviewed plans of a push.
 */
import { type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { header, type Outcome } from '../net/http.js'
import { gitHubRequest, graphqlUrl } from './request.js'
import { parseJsonArray, parseJsonObject } from '../net/json.js'
import type { Operation } from '../net/failure-messages.js'
import { gitHubService } from './operations.js'
import type { Runner } from '../runner.js'
import type { PlanCommentNode } from './comment-history.js'

export interface PullRequest {
  apiUrl: string
  /** owner/name */
  repository: string
  number: number
  /** The pull request's head commit (the code planned), when the event says it. */
  headSha?: string
}

/** A push: on the default branch after a merge (or a merge queue's group), the apply's event. */
export interface PushedCommit {
  apiUrl: string
  repository: string
  /** The commit pushed last (`after`, GITHUB_SHA). */
  sha: string
  /**
   * Every commit the push brought, newest first (`sha` first), as the event's `commits` lists them
   * (GitHub lists at most 2048); just `sha` when the event file says none.
   */
  commits: string[]
  /** The repository's default branch, as the event says it; undefined when it does not. */
  defaultBranch?: string
}

/**
 * The push this run is for, from the runner's context: its last commit (GITHUB_SHA) and every commit
 * the event's `commits` lists, newest first; undefined for any other event, or when
 * GITHUB_REPOSITORY, GITHUB_SHA or GITHUB_API_URL is unusable. Without a payload the push is
 * GITHUB_SHA alone.
 */
export function pushOf(runner: Runner): PushedCommit | undefined {
  if (runner.event !== 'push' || !runner.repository || !runner.sha || !runner.api.ok) return undefined
  const sha = runner.sha.toLowerCase()
  const listed = [...(runner.push?.commits ?? [])].reverse()
  return {
    apiUrl: runner.api.url,
    repository: runner.repository,
    sha,
    commits: [...new Set([sha, ...listed])],
    defaultBranch: runner.defaultBranch
  }
}

/**
 * The pull request this run is for, from the runner's event; undefined for any other event. A
 * review (pull_request_review: "submitted", "edited", "dismissed") plans the pull request again, so
 * that its comment says whether a reviewer approved the removals (removal-approval.ts).
 */
export function pullRequestOf(runner: Runner): PullRequest | undefined {
  const { event, pullRequest, repository, api } = runner
  if (event !== 'pull_request' && event !== 'pull_request_target' && event !== 'pull_request_review') return undefined
  if (!pullRequest || !repository || !api.ok) return undefined
  return { apiUrl: api.url, repository, number: pullRequest.number, headSha: pullRequest.headSha ?? runner.sha }
}

/** How every plan comment's first line starts, whichever roster and part it is. */
const MARKER_START = '<!-- doorflow-roster-plan'

/**
 * The hidden marker that finds this action's plan comment (part 1) for one roster on a pull
 * request: `roster` is the roster's key (rosterKey, hex), so two roster workflows on one pull
 * request never update or delete each other's comments.
 */
export function commentMarker(roster: string): string {
  return `${MARKER_START} ${roster} -->`
}

/** The markers an earlier version wrote, for one plan per pull request: our comments with them are stale. */
const LEGACY = /^<!-- doorflow-roster-plan (?:part [1-9]\d{0,2} )?-->/

/** GitHub answering for pr-comment-token: its advice names that input, not github-token. */
export const GITHUB = gitHubService('pr-comment-token')

export const COMMENT: Operation = {
  label: 'Commenting the plan on the pull request',
  service: GITHUB,
  forbidden:
    'The token may not comment: give the job `permissions: pull-requests: write` (a pull request from a fork only ever gets a read-only token; the plan is in the job summary).'
}

const IDENTITY: Operation = {
  label: 'Asking GitHub who the pr-comment-token is',
  service: GITHUB,
  forbidden: 'GitHub would not say who the pr-comment-token is, so no comment can be told to be ours.'
}

/**
 * Reading the comments. GitHub lists a pull request's comments oldest first, at most 100 a page
 * ("List issue comments", per_page), and a comment body holds at most 65,536 characters. In a list
 * answer a character takes at most 6 bytes (a `\u003c` escape; any other character is UTF-8, at
 * most 4), and the rest of a comment (author, URLs, reactions, an app) well under 16 KiB: so
 * COMMENT_MAX_BYTES is the most one comment can take, and a page of SMALL_PAGE comments always fits
 * in PAGE_BYTES. Pages are read 100 at a time; one over PAGE_BYTES (others' long comments) is read
 * again SMALL_PAGE at a time, so no length of others' comments stops the walk. Only our comments'
 * bodies are kept. The walk stops at MAX_COMMENTS comments or MAX_LIST_REQUESTS requests, and then
 * says plainly that it could not read further.
 */
const COMMENTS_PER_PAGE = 100
const SMALL_PAGE = 10
const COMMENT_MAX_BYTES = 65_536 * 6 + 16 * 1024
const PAGE_BYTES = SMALL_PAGE * COMMENT_MAX_BYTES
const MAX_COMMENTS = 5_000
const MAX_LIST_REQUESTS = 100

/** Who a token is, as GitHub says. */
export interface Identity {
  login: string
  id: number
}

type Call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  timeoutMs: number,
  json?: unknown,
  maxBodyBytes?: number
) => Promise<Outcome>

export function caller(ctx: Context, token: string): Call {
  // Every request is torn down when the run is cancelled (ctx.signal), as the sync client's are.
  return (method, url, timeoutMs, json, maxBodyBytes) =>
    gitHubRequest({ signal: ctx.signal, clock: ctx.clock, method, url, token, json, timeoutMs, maxBodyBytes })
}

export const failed = (message: string | undefined) => ({ ok: false as const, message: message ?? 'no answer' })

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
  const graphql = graphqlUrl(apiUrl)
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

/** Comments one plan takes at most: part 1 and up to 19 more; a longer plan's last parts are in the job summary and log. */
export const MAX_PLAN_COMMENTS = 20

/**
 * The hidden marker of part K (2 and up) of one roster's plan that takes several comments. It never
 * starts with that roster's commentMarker, so a part is never read as part 1 (the one carrying the
 * reviewed digest).
 */
export function partMarker(roster: string, k: number): string {
  return `${MARKER_START} ${roster} part ${k} -->`
}
const PART = /^<!-- doorflow-roster-plan ([0-9a-f]{12}) part ([1-9]\d{0,2}) -->/

/** The part number (2 and up) a comment body's marker says for `roster`; undefined for part 1, another roster and any other comment. */
export function partOf(body: unknown, roster: string): number | undefined {
  if (typeof body !== 'string') return undefined
  const m = PART.exec(body)
  const k = m && m[1] === roster ? Number(m[2]) : 0
  return k >= 2 ? k : undefined
}

/** Whether the token's identity wrote the comment. */
function byMe(comment: { user?: unknown }, me: Identity): boolean {
  const user = comment.user as { login?: unknown; id?: unknown } | null | undefined
  return user?.login === me.login && user?.id === me.id
}

/** Whether `body`'s first line is exactly `marker`. */
export function firstLineIs(body: string, marker: string): boolean {
  return body === marker || body.startsWith(`${marker}\n`)
}

/** A comment is ours when the token's identity wrote it and its first line is exactly `marker`. */
export function isOurs(comment: { body?: unknown; user?: unknown }, me: Identity, marker: string): boolean {
  return typeof comment.body === 'string' && firstLineIs(comment.body, marker) && byMe(comment, me)
}

/** One comment of ours: its id, its body (to skip writing it unchanged) and its html_url (to link it). */
interface Ours {
  id: number
  body: string
  url: string | undefined
  /** GraphQL's id of the comment (the REST `node_id`), to ask who last edited it. */
  nodeId: string | undefined
}

export interface Scan {
  ok: true
  comment?: Ours
  /** Our part-K comments (K ≥ 2), the first of each K. */
  parts: Map<number, Ours>
  /**
   * Our comments to delete once the plan is written: repeats of a part already found (part 1
   * included), and comments of ours an earlier version wrote for one plan per pull request.
   */
  repeats: number[]
  foreign: number
  /** Every comment was looked at (the walk did not stop at MAX_COMMENTS or MAX_LIST_REQUESTS). */
  complete: boolean
  /** Comments looked at. */
  seen: number
}

type Listed = { id?: unknown; node_id?: unknown; body?: unknown; user?: unknown; html_url?: unknown }

/** One page of comments, `size` a page: the comments, and whether GitHub says there are more; or why not. */
async function listPage(
  ctx: Context,
  pr: PullRequest,
  token: string,
  operation: Operation,
  size: number,
  page: number
): Promise<{ ok: true; comments: Listed[]; more: boolean } | { ok: false; message: string; truncated?: boolean }> {
  const url = `${pr.apiUrl}/repos/${pr.repository}/issues/${pr.number}/comments?per_page=${size}&page=${page}`
  const call = caller(ctx, token)
  const got = await withRetries(ctx, operation, t => call('GET', url, t, undefined, PAGE_BYTES), { idempotent: true })
  if (!got.ok || got.outcome?.kind !== 'response') return failed(got.message)
  if (got.outcome.truncated)
    return {
      ok: false,
      truncated: true,
      message: `${operation.label} failed: a page of ${size} comments is over ${Math.round(PAGE_BYTES / 1024)} KiB, more than GitHub's comments can hold.`
    }
  const comments = parseJsonArray(got.outcome.body) as Listed[] | undefined
  if (!comments) return failed(`${operation.label} failed: GitHub's comment list is not JSON.`)
  const more = /<[^>]+>;\s*rel="next"/.test(header(got.outcome.headers, 'link') ?? '')
  return { ok: true, comments, more: more && comments.length > 0 }
}

/**
 * Our plan comments for `roster` on the pull request, read page by page (see COMMENTS_PER_PAGE);
 * `foreign` counts comments that carry this roster's marker but are not ours (left alone). Another
 * roster's comments are neither ours nor foreign. The author is checked first: only our comments'
 * bodies are kept. With `all` unset the walk stops at part 1.
 */
export async function scanComments(
  ctx: Context,
  pr: PullRequest,
  token: string,
  me: Identity,
  roster: string,
  operation: Operation,
  all: boolean,
  /** The first line that makes a comment ours: the plan's part 1 unless another (the apply record's) is given. */
  marker = commentMarker(roster)
): Promise<Scan | { ok: false; message: string }> {
  const scan: Scan = { ok: true, parts: new Map(), repeats: [], foreign: 0, complete: false, seen: 0 }
  const take = (c: Listed) => {
    if (c === null || typeof c !== 'object' || typeof c.body !== 'string') return
    if (!byMe(c, me)) {
      if (c.body.startsWith(marker) || partOf(c.body, roster) !== undefined) scan.foreign++
      return
    }
    if (typeof c.id !== 'number') return
    const nodeId = typeof c.node_id === 'string' ? c.node_id : undefined
    const mine: Ours = { id: c.id, body: c.body, url: safeLink(c.html_url), nodeId }
    const k = partOf(c.body, roster)
    if (isOurs(c, me, marker)) {
      // A second part 1 of ours (two runs that each found none and posted one) is a repeat:
      // deleted once the first holds the new plan, so no reviewer reads the stale one.
      if (scan.comment) scan.repeats.push(c.id)
      else scan.comment = mine
    } else if (k !== undefined && isOurs(c, me, partMarker(roster, k))) {
      if (scan.parts.has(k)) scan.repeats.push(c.id)
      else scan.parts.set(k, mine)
    } else if (LEGACY.test(c.body)) scan.repeats.push(c.id)
  }
  let requests = 0
  while (scan.seen < MAX_COMMENTS && requests < MAX_LIST_REQUESTS) {
    requests++
    const page = await listPage(ctx, pr, token, operation, COMMENTS_PER_PAGE, scan.seen / COMMENTS_PER_PAGE + 1)
    let more: boolean
    if (page.ok) {
      for (const c of page.comments) take(c)
      scan.seen += page.comments.length
      more = page.more && page.comments.length === COMMENTS_PER_PAGE
    } else if (page.truncated) {
      // Others' long comments: the same span again, SMALL_PAGE at a time (always under PAGE_BYTES).
      const first = scan.seen
      more = true
      while (more && scan.seen < first + COMMENTS_PER_PAGE && requests < MAX_LIST_REQUESTS) {
        requests++
        const small = await listPage(ctx, pr, token, operation, SMALL_PAGE, scan.seen / SMALL_PAGE + 1)
        if (!small.ok) return failed(small.message)
        for (const c of small.comments) take(c)
        scan.seen += small.comments.length
        more = small.more && small.comments.length === SMALL_PAGE
      }
      if (more && scan.seen < first + COMMENTS_PER_PAGE) break
    } else return failed(page.message)
    if (!more) {
      scan.complete = true
      return scan
    }
    if (scan.comment && !all) return scan
  }
  return scan
}

/** Why a walk that stopped short could not say what it was asked. */
export const stoppedShort = (operation: Operation, scan: Scan) =>
  `${operation.label} failed: only the first ${scan.seen.toLocaleString('en-US')} comments on the pull request could be read (at most ${MAX_COMMENTS.toLocaleString('en-US')} in ${MAX_LIST_REQUESTS} requests), and ${scan.comment ? 'comments of the plan may be past them' : 'the plan comment is not among them'}.`

export type FoundComment =
  | { ok: true; comment?: { id: number; body: string; nodes: PlanCommentNode[] }; foreign: number }
  | { ok: false; message: string }

/**
 * Our plan comment (part 1) for `roster` on the pull request, read page by page (see
 * COMMENTS_PER_PAGE); `foreign` counts comments that carry its marker but are not ours (left alone).
 * A walk that stopped short of it says so: never "no plan comment" when it was not looked for.
 */
export async function findPlanComment(
  ctx: Context,
  pr: PullRequest,
  token: string,
  me: Identity,
  roster: string,
  operation: Operation = COMMENT,
  /** Read every comment, for every part (`nodes`: part 1 and each part 2..); else stop at part 1. */
  all = false
): Promise<FoundComment> {
  const scan = await scanComments(ctx, pr, token, me, roster, operation, all)
  if (!scan.ok) return scan
  if ((!scan.comment || all) && !scan.complete) return failed(stoppedShort(operation, scan))
  const parts = [...scan.parts].map(([part, c]) => ({ part, nodeId: c.nodeId }))
  const comment = scan.comment && {
    id: scan.comment.id,
    body: scan.comment.body,
    nodes: [{ part: 1, nodeId: scan.comment.nodeId }, ...parts]
  }
  return { ok: true, comment, foreign: scan.foreign }
}

/** A URL GitHub gave, when it is safe to put in a Markdown link. */
export function safeLink(url: unknown): string | undefined {
  return typeof url === 'string' && url.length <= 300 && /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(url) ? url : undefined
}
