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
 */
import { type Context } from '../net/clock.js'
import { withRetries } from '../net/retry.js'
import { header, type Outcome } from '../net/http.js'
import { gitHubRequest } from './request.js'
import { parseJsonArray, parseJsonObject } from '../net/json.js'
import { untrusted } from '../untrusted.js'
import type { Operation } from '../net/failure.js'
import { gitHubService } from './operations.js'
import { gitHubRateLimit } from './rate-limit.js'
import { notProcessed } from '../net/retry-policy.js'
import type { Runner } from '../runner.js'

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

/** The pull request this run is for, from the runner's event; undefined for any other event. */
export function pullRequestOf(runner: Runner): PullRequest | undefined {
  const { event, pullRequest, repository, api } = runner
  if (event !== 'pull_request' && event !== 'pull_request_target') return undefined
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
const GITHUB = gitHubService('pr-comment-token')

const COMMENT: Operation = {
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

const REVIEWED: Operation = {
  label: 'Reading the reviewed plan from the merged pull request',
  service: GITHUB,
  forbidden: 'The pr-comment-token may not read pull requests: give the job `permissions: pull-requests: read` on push.'
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

function caller(ctx: Context, token: string): Call {
  // Every request is torn down when the run is cancelled (ctx.signal), as the sync client's are.
  return (method, url, timeoutMs, json, maxBodyBytes) =>
    gitHubRequest({ signal: ctx.signal, clock: ctx.clock, method, url, token, json, timeoutMs, maxBodyBytes })
}

const failed = (message: string | undefined) => ({ ok: false as const, message: message ?? 'no answer' })

/** `GET /user` for a user's token; on its 403 (an installation token), GraphQL `viewer`. */
async function whoAmI(
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

/** A comment is ours when the token's identity wrote it and its first line is exactly `marker`. */
export function isOurs(comment: { body?: unknown; user?: unknown }, me: Identity, marker: string): boolean {
  return (
    typeof comment.body === 'string' &&
    (comment.body === marker || comment.body.startsWith(`${marker}\n`)) &&
    byMe(comment, me)
  )
}

/** One comment of ours: its id, its body (to skip writing it unchanged) and its html_url (to link it). */
interface Ours {
  id: number
  body: string
  url: string | undefined
}

interface Scan {
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

type Listed = { id?: unknown; body?: unknown; user?: unknown; html_url?: unknown }

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
async function scanComments(
  ctx: Context,
  pr: PullRequest,
  token: string,
  me: Identity,
  roster: string,
  operation: Operation,
  all: boolean
): Promise<Scan | { ok: false; message: string }> {
  const marker = commentMarker(roster)
  const scan: Scan = { ok: true, parts: new Map(), repeats: [], foreign: 0, complete: false, seen: 0 }
  const take = (c: Listed) => {
    if (c === null || typeof c !== 'object' || typeof c.body !== 'string') return
    if (!byMe(c, me)) {
      if (c.body.startsWith(marker) || partOf(c.body, roster) !== undefined) scan.foreign++
      return
    }
    if (typeof c.id !== 'number') return
    const mine: Ours = { id: c.id, body: c.body, url: safeLink(c.html_url) }
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
const stoppedShort = (operation: Operation, scan: Scan) =>
  `${operation.label} failed: only the first ${scan.seen.toLocaleString('en-US')} comments on the pull request could be read (at most ${MAX_COMMENTS.toLocaleString('en-US')} in ${MAX_LIST_REQUESTS} requests), and ${scan.comment ? 'comments of the plan may be past them' : 'the plan comment is not among them'}.`

export type FoundComment =
  { ok: true; comment?: { id: number; body: string }; foreign: number } | { ok: false; message: string }

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
  operation: Operation = COMMENT
): Promise<FoundComment> {
  const scan = await scanComments(ctx, pr, token, me, roster, operation, false)
  if (!scan.ok) return scan
  if (!scan.comment && !scan.complete) return failed(stoppedShort(operation, scan))
  const comment = scan.comment && { id: scan.comment.id, body: scan.comment.body }
  return { ok: true, comment, foreign: scan.foreign }
}

/** A plan in comments: parts 2.. (at most MAX_PLAN_COMMENTS - 1 are written), then part 1 given their links. */
export interface PlanComments {
  rest: string[]
  /** Part 1's text, given each other part's html_url (undefined when GitHub gave none that is safe to link). */
  first: (links: (string | undefined)[]) => string
  /**
   * What our part 1 says while the parts are rewritten, and when the plan could not be shown whole: that it
   * is out of date. It carries no trailer, so it is never read as a review. Without it, part 1 is left as is.
   */
  stale?: string
  /** Whether a comment's body already says `next` (e.g. all but the time it was planned); exact equality by default. */
  same?: (body: string, next: string) => boolean
  /**
   * Set when the plan takes more comments than a pull request is given (MAX_PLAN_COMMENTS): what is
   * written says so and carries no trailer, and this is the step's failure.
   */
  notWhole?: string
}

/** What became of our part 1 of an earlier plan, after a failure (see commentFailureFailsStep). */
export type Earlier =
  /** There was none: nothing on the pull request can be taken for this plan. */
  | 'none'
  /** It says it is out of date (PlanComments.stale): no trailer, never read as a review. */
  | 'marked'
  /** It still shows an earlier plan: GitHub refused to mark it. */
  | 'unmarked'
  /** Our comments could not be read, so whether there is one is not known. */
  | 'unknown'

export interface CommentFailure {
  ok: false
  message: string
  earlier: Earlier
  /** GitHub refused the first write for good (403, not a rate limit): the token may not comment at all. */
  readOnly: boolean
}

export type CommentResult =
  | {
      ok: true
      action: 'created' | 'updated' | 'unchanged'
      url: string
      foreign: number
      /** Parts 2..: created, updated, left as they were; our comments deleted (left over from a longer plan, or repeats). */
      parts: { created: number; updated: number; unchanged: number; deleted: number }
    }
  | CommentFailure

/**
 * Whether a plan that could not be shown on the pull request fails the step. It does, so that no check is
 * green while the pull request shows no plan, an older one, or parts of two. The one exception: GitHub
 * refused our first write for good (403, not a rate limit; a fork's pull request only ever gets a
 * read-only token) and no plan of ours is there. Then nothing on the pull request can be taken for this
 * plan, the apply finds no reviewed plan there, the plan is in the job summary, and a red check would
 * say only that the token may not comment: a warning says it.
 */
export function commentFailureFailsStep(failure: Pick<CommentFailure, 'earlier' | 'readOnly'>): boolean {
  return !(failure.readOnly && failure.earlier === 'none')
}

/** A URL GitHub gave, when it is safe to put in a Markdown link. */
function safeLink(url: unknown): string | undefined {
  return typeof url === 'string' && url.length <= 300 && /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(url) ? url : undefined
}

/** A written comment's html_url, from GitHub's answer, when it is safe to link. */
const linkOf = (body: string) => safeLink(parseJsonObject(body)?.['html_url'])

/** A refusal that waiting will not lift: 403 without any sign of a rate limit. */
function refusedForGood(outcome: Outcome | undefined): boolean {
  // GitHub's own rule says which 403 is a rate limit (rate-limit.ts); any other 403 is for good.
  // Only whether it is one is asked, not the wait, so no clock is needed.
  return outcome?.kind === 'response' && outcome.status === 403 && !gitHubRateLimit(outcome, 0)
}

/**
 * Writes the plan's comments. A body that already says what it would say (PlanComments.same) is left
 * alone: no PATCH of an unchanged body. When any part 2.. is to be written and our part 1 exists, part
 * 1 is first marked out of date (PlanComments.stale), so no reader sees part 1 of one plan beside
 * parts of another; then parts 2.. (PATCHed in place when ours exists, else POSTed), then part 1
 * linking to them, then our parts an earlier, longer plan left (and repeats of a marker) are
 * deleted. On any failure our part 1, if it still shows a plan, is marked out of date, and the
 * failure says what is left (Earlier). Each body gets its marker here.
 */
export async function upsertPlanComments(
  ctx: Context,
  pr: PullRequest,
  token: string,
  roster: string,
  plan: PlanComments
): Promise<CommentResult> {
  const stop = (message: string | undefined, earlier: Earlier, readOnly = false): CommentFailure => ({
    ok: false,
    message: message ?? 'no answer',
    earlier,
    readOnly
  })
  const who = await whoAmI(ctx, pr.apiUrl, token)
  if (!who.ok) return stop(who.message, 'unknown')
  const found = await scanComments(ctx, pr, token, who.me, roster, COMMENT, true)
  if (!found.ok) return stop(found.message, 'unknown')
  const first = found.comment
  const call = caller(ctx, token)
  const base = `${pr.apiUrl}/repos/${pr.repository}/issues`
  const same = plan.same ?? ((a: string, b: string) => a === b)
  let writes = 0
  const write = (existing: number | undefined, text: string) => {
    writes++
    return existing === undefined
      ? withRetries(ctx, COMMENT, t => call('POST', `${base}/${pr.number}/comments`, t, { body: text }), {
          // A repeated POST that GitHub did process would leave two comments.
          mayRepeat: notProcessed
        })
      : withRetries(ctx, COMMENT, t => call('PATCH', `${base}/comments/${existing}`, t, { body: text }), {
          idempotent: true
        })
  }
  const staleBody = plan.stale === undefined ? undefined : `${commentMarker(roster)}\n${plan.stale}`
  let earlier: Earlier = !first
    ? 'none'
    : staleBody !== undefined && same(first.body, staleBody)
      ? 'marked'
      : 'unmarked'
  if (!found.complete) {
    // Not every comment could be read: parts or repeats of ours may be past the last one read.
    if (first && earlier === 'unmarked' && staleBody !== undefined && (await write(first.id, staleBody)).ok)
      earlier = 'marked'
    return stop(stoppedShort(COMMENT, found), first ? earlier : 'unknown')
  }
  /** A write failed: mark our part 1 out of date (once), and say what is left. */
  const failedWrite = async (what: string, written: { outcome?: Outcome; message?: string }, markAgain = true) => {
    const readOnly = writes === 1 && refusedForGood(written.outcome)
    if (first && earlier === 'unmarked' && staleBody !== undefined && !readOnly && markAgain) {
      if ((await write(first.id, staleBody)).ok) earlier = 'marked'
    }
    return stop(`${what}${written.message ?? 'no answer'}`, earlier, readOnly)
  }

  const rest = plan.rest.slice(0, MAX_PLAN_COMMENTS - 1).map((body, i) => `${partMarker(roster, i + 2)}\n${body}`)
  const unchanged = (i: number) => {
    const had = found.parts.get(i + 2)
    return had !== undefined && same(had.body, rest[i])
  }
  if (first && earlier === 'unmarked' && staleBody !== undefined && rest.some((_, i) => !unchanged(i))) {
    // Part 1 still shows the earlier plan, linking to parts about to change: it says it is out of date first.
    const marked = await write(first.id, staleBody)
    if (!marked.ok)
      return failedWrite('our plan comment could not be marked out of date before its parts: ', marked, false)
    earlier = 'marked'
  }
  const parts = { created: 0, updated: 0, unchanged: 0, deleted: 0 }
  const links: (string | undefined)[] = []
  for (const [i, body] of rest.entries()) {
    const had = found.parts.get(i + 2)
    if (had && unchanged(i)) {
      parts.unchanged++
      links.push(had.url)
      continue
    }
    const written = await write(had?.id, body)
    if (!written.ok || written.outcome?.kind !== 'response')
      return failedWrite(`part ${i + 2} of ${rest.length + 1}: `, written)
    parts[had === undefined ? 'created' : 'updated']++
    links.push(linkOf(written.outcome.body))
  }
  const text = `${commentMarker(roster)}\n${plan.first(links)}`
  let action: 'created' | 'updated' | 'unchanged' = first ? 'updated' : 'created'
  let url = first?.url ?? ''
  if (first && same(first.body, text)) action = 'unchanged'
  else {
    const written = await write(first?.id, text)
    if (!written.ok || written.outcome?.kind !== 'response') return failedWrite('', written)
    url = linkOf(written.outcome.body) ?? ''
  }
  // Our parts past this plan's last, and repeats: a reviewer must never read a stale part.
  const stale = [...[...found.parts].filter(([k]) => k > rest.length + 1).map(([, c]) => c.id), ...found.repeats]
  let notDeleted = 0
  for (const id of stale) {
    const gone = await withRetries(ctx, COMMENT, t => call('DELETE', `${base}/comments/${id}`, t), {
      idempotent: true
    })
    // 404: already gone (a repeated DELETE that GitHub did process).
    const status = gone.outcome?.kind === 'response' ? gone.outcome.status : 0
    if (gone.ok || status === 404) parts.deleted++
    else notDeleted++
  }
  // The plan is whole, but a comment of ours from an earlier plan is still there beside it.
  if (notDeleted)
    return stop(
      `${notDeleted === 1 ? 'a plan comment' : `${notDeleted} plan comments`} of ours left over from an earlier plan could not be deleted, beside the current plan`,
      'unmarked'
    )
  return { ok: true, action, url, foreign: found.foreign, parts }
}

/** A plan comment of ours on a pull request the push merged. */
export interface ReviewedPull {
  pr: number
  body: string
  /** The merged pull request's final head commit (GitHub's `head.sha`), when GitHub gave a SHA. */
  headSha: string | undefined
}

export type ReviewedComments =
  | {
      ok: true
      /** Our plan comment on each pull request the push merged that has one, the newest merge first. */
      found: ReviewedPull[]
      /** What the look-up left out, each a phrase: merged pull requests without our plan comment, a bound reached. */
      notes: string[]
      /** Requests of "pull requests of a commit" sent (retries aside). */
      looked: number
    }
  | { ok: false; message: string }

/** Pull requests asked of one commit (one page). */
const MAX_PULLS = 20
/** Commits of one push whose pull requests are looked up at most, newest first. */
export const MAX_PUSH_COMMITS = 100
/** Merged pull requests of one push whose plan comment is read at most. */
export const MAX_REVIEWED_PULLS = 20

type Pull = { number?: unknown; merged_at?: unknown; merge_commit_sha?: unknown; head?: unknown; base?: unknown }

/**
 * Our plan comment for `roster` on each pull request the push merged, with each one's final head
 * commit to hold its plan against. The push's commits are taken newest first (at most
 * MAX_PUSH_COMMITS); each commit's associated pull requests are asked of GitHub, and a pull request
 * counts as merged by this push when it is merged, into the default branch (when the event names
 * it), as one of the push's commits (`merge_commit_sha`: the merge commit, the squashed commit, or
 * the last rebased commit). So a merge commit, a squash and a rebase find their one pull request,
 * and a merge queue's push every pull request of its group. At most MAX_REVIEWED_PULLS plan
 * comments are read; `enough` is asked after each and ends the walk once it holds (every change is
 * accounted for), so a push of one pull request costs one look-up however many commits it has.
 */
export async function reviewedPlanComments(
  ctx: Context,
  push: PushedCommit,
  token: string,
  roster: string,
  enough: (found: ReviewedPull[]) => boolean
): Promise<ReviewedComments> {
  const call = caller(ctx, token)
  const pushed = new Set(push.commits)
  const found: ReviewedPull[] = []
  const notes: string[] = []
  const seen = new Set<number>()
  let me: Identity | undefined
  let looked = 0
  const done = (): ReviewedComments => {
    if (found.length) return { ok: true, found, notes, looked }
    const what =
      looked === 1 ? `commit ${push.sha.slice(0, 12)}` : `any of the ${looked} commits looked up of this push`
    return failed(notes.length ? notes.join('; ') : `no merged pull request is associated with ${what}`)
  }
  for (const sha of push.commits) {
    if (looked === MAX_PUSH_COMMITS) {
      notes.push(
        `this push brought ${push.commits.length} commits: the pull requests of the newest ${MAX_PUSH_COMMITS} were looked up, so a change reviewed only on an older one counts as unreviewed`
      )
      return done()
    }
    looked++
    const url = `${push.apiUrl}/repos/${push.repository}/commits/${sha}/pulls?per_page=${MAX_PULLS}`
    const got = await withRetries(ctx, REVIEWED, t => call('GET', url, t), { idempotent: true })
    if (!got.ok || got.outcome?.kind !== 'response') {
      if (!found.length && !notes.length) return failed(got.message)
      notes.push(
        `the pull requests of commit ${sha.slice(0, 12)} could not be read (${untrusted(got.message ?? 'no answer', 500)})`
      )
      return done()
    }
    const pulls = parseJsonArray(got.outcome.body) as Pull[] | undefined
    if (!pulls) return failed(`${REVIEWED.label} failed: GitHub's list of the commit's pull requests is not JSON.`)
    for (const pull of pulls.slice(0, MAX_PULLS)) {
      if (!mergedByPush(pull, pushed, push.defaultBranch)) continue
      const number = pull.number as number
      if (seen.has(number)) continue
      seen.add(number)
      if (seen.size > MAX_REVIEWED_PULLS) {
        notes.push(
          `this push merged more than ${MAX_REVIEWED_PULLS} pull requests: the plans of the newest ${MAX_REVIEWED_PULLS} were read, so a change reviewed only on another counts as unreviewed`
        )
        return done()
      }
      if (!me) {
        const who = await whoAmI(ctx, push.apiUrl, token)
        if (!who.ok) return who
        me = who.me
      }
      const pr = { apiUrl: push.apiUrl, repository: push.repository, number }
      const comment = await findPlanComment(ctx, pr, token, me, roster, REVIEWED)
      if (!comment.ok) {
        if (!found.length && !notes.length) return comment
        // What was read still counts; this pull request's changes count as unreviewed.
        notes.push(`the comments of pull request #${number} could not be read (${untrusted(comment.message, 500)})`)
        return done()
      }
      if (!comment.comment) {
        notes.push(
          `pull request #${number} has no plan comment by ${untrusted(me.login, 100)}${comment.foreign ? ` (${comment.foreign} by others with the marker were ignored)` : ''}`
        )
        continue
      }
      const head = (pull.head as { sha?: unknown } | null | undefined)?.sha
      const headSha =
        typeof head === 'string' && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(head) ? head.toLowerCase() : undefined
      found.push({ pr: number, body: comment.comment.body, headSha })
      if (enough(found)) return { ok: true, found, notes, looked }
    }
  }
  return done()
}

/** Whether `pull` was merged into the default branch (when known) as one of the push's commits. */
function mergedByPush(pull: Pull, pushed: Set<string>, defaultBranch: string | undefined): boolean {
  if (pull === null || typeof pull !== 'object') return false
  if (typeof pull.number !== 'number' || !Number.isInteger(pull.number) || pull.number < 1) return false
  if (typeof pull.merged_at !== 'string' || typeof pull.merge_commit_sha !== 'string') return false
  if (!pushed.has(pull.merge_commit_sha.toLowerCase())) return false
  const base = (pull.base as { ref?: unknown } | null | undefined)?.ref
  return defaultBranch === undefined || base === defaultBranch
}
