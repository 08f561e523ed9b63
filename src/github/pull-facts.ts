/**
 * For the access review: the pull request behind a commit of the roster's history, who approved it,
 * and the comments it carries (where the apply's record is). The commits are asked 50 to a GraphQL
 * request (pull-facts-graphql.ts); what that answer leaves out is read over REST: GitHub's
 * "List pull requests associated with a commit" (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`),
 * then "List reviews for a pull request" (`GET /repos/{owner}/{repo}/pulls/{n}/reviews`, oldest first,
 * pages of 100). A reviewer approves when their standing review (the latest that is not COMMENTED or
 * PENDING, as approvals.ts counts them) is APPROVED of the pull request's final head commit, and they
 * are neither the pull request's author nor a bot, their author association is the repository's
 * (standingApprovers, one rule for both paths), and GitHub says they may write to it (writeCheck, once
 * per approver a run). Answers are cached by commit (PullCache) so
 * a commit is asked once however many grants it made, and a later review (the next quarter's) asks
 * only of commits it has not seen; the approvers are kept by pull request too, so the commits of one
 * pull request (a rebase merge puts each on the main line) ask for its reviews once.
 */
import type { Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { header } from '../net/http.js'
import { parseJsonArray, parseJsonObject } from '../net/json.js'
import type { Operation } from '../net/failure-messages.js'
import { untrusted } from '../untrusted.js'
import { gitHubRequest } from './request.js'
import { gitHubService } from './operations.js'
import { askCommits, COMMITS_PER_QUERY, type GraphPull, type ReviewFact } from './pull-facts-graphql.js'
import { REPOSITORY_ASSOCIATIONS, WRITE_PERMISSIONS } from './approvals.js'

const READ_PULLS: Operation = {
  label: "Reading the roster history's pull requests",
  service: gitHubService('github-token'),
  forbidden:
    'The token may not read pull requests: give the job `permissions: pull-requests: read` (and contents: read).'
}

/** The pull request that carried a commit, as the review shows it. */
export interface PullOfCommit {
  number: number
  /** ms; undefined when GitHub gave none. */
  mergedAt?: number
  approvers: string[]
  /**
   * Its merge commit (40 lowercase hex) when GitHub said it: a leaver's apply record must be of the
   * leaver's commit or of this one, in a cached review too.
   */
  mergeCommit?: string
}

type Read = PullOfCommit | { none: string }

/** Commits asked of GitHub, by SHA: a pull request, or why none is named. JSON-safe, for a cache file. */
export type PullCache = Record<string, PullOfCommit | { none: string }>

const PAGE_BYTES = 8 * 1024 * 1024
const MAX_REVIEW_PAGES = 10
const MAX_COMMENT_PAGES = 10

type Pull = {
  number?: unknown
  merged_at?: unknown
  merge_commit_sha?: unknown
  user?: unknown
  head?: { sha?: unknown } | null
}
type Review = {
  user?: { id?: unknown; login?: unknown; type?: unknown } | null
  state?: unknown
  commit_id?: unknown
  author_association?: unknown
}

export interface Where {
  apiUrl: string
  repository: string
  token: string
}

function get(ctx: Context, where: Where, path: string, counter: { requests: number }) {
  return withRetries(
    ctx,
    READ_PULLS,
    t => {
      counter.requests++
      return gitHubRequest({
        signal: ctx.signal,
        clock: ctx.clock,
        method: 'GET',
        url: `${where.apiUrl}/repos/${where.repository}${path}`,
        token: where.token,
        timeoutMs: t,
        maxBodyBytes: PAGE_BYTES
      })
    },
    { idempotent: true }
  )
}

/**
 * Keeps the approvers who may write to the repository, asking GitHub once a login a run ("Get
 * repository permissions for a user",
 * https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user):
 * an author association of MEMBER or COLLABORATOR says nothing of the role (a member of the
 * organization, a collaborator with Read, may approve), and required reviews count only "approving
 * reviews from people with write or admin permissions". A permission GitHub does not give makes the
 * approvers unknown (a string saying why), never fewer.
 */
export type WriteCheck = (logins: readonly string[]) => Promise<string[] | string>

export function writeCheck(ctx: Context, where: Where, counter: { requests: number }): WriteCheck {
  const may = new Map<string, boolean>()
  return async logins => {
    const kept: string[] = []
    for (const login of logins) {
      if (!may.has(login)) {
        const got = await get(ctx, where, `/collaborators/${encodeURIComponent(login)}/permission`, counter)
        const answer = got.ok && got.outcome?.kind === 'response' ? parseJsonObject(got.outcome.body) : undefined
        const permission = answer?.['permission']
        if (typeof permission !== 'string')
          return `${untrusted(login, 100)}'s access could not be read (${untrusted(got.message ?? 'an answer without a permission', 300)})`
        may.set(login, WRITE_PERMISSIONS.has(permission))
      }
      if (may.get(login)) kept.push(login)
    }
    return kept
  }
}

/**
 * The merged pull request that carried `sha` (the one whose merge commit it is, else the first merged
 * one listed) and its approvers; `{ none }` saying why when there is none or it cannot be read.
 */
export async function pullOfCommit(
  ctx: Context,
  where: Where,
  sha: string,
  counter: { requests: number },
  /** Approvers already read, by pull request number; an answer read here is added. */
  known: Map<number, string[]> = new Map(),
  writers: WriteCheck = writeCheck(ctx, where, counter)
): Promise<Read> {
  const got = await get(ctx, where, `/commits/${sha}/pulls?per_page=20`, counter)
  if (!got.ok || got.outcome?.kind !== 'response')
    return { none: `its pull requests could not be read (${untrusted(got.message ?? 'no answer', 300)})` }
  // Only a whole answer that is a list says which pull requests there are: a cut or malformed one is no
  // answer (not cached, asked again), never "pushed without one".
  if (got.outcome.truncated)
    return { none: `its pull requests could not be read (GitHub's answer is over ${PAGE_BYTES / 1024 / 1024} MiB)` }
  const list = parseJsonArray(got.outcome.body)
  if (!list) return { none: "its pull requests could not be read (GitHub's answer is not a JSON list)" }
  const pulls = list as Pull[]
  const merged = pulls.filter(
    p => p && typeof p === 'object' && typeof p.number === 'number' && typeof p.merged_at === 'string'
  )
  const pull =
    merged.find(p => typeof p.merge_commit_sha === 'string' && p.merge_commit_sha.toLowerCase() === sha) ?? merged[0]
  if (!pull) return { none: 'GitHub lists no merged pull request for this commit (pushed without one)' }
  const number = pull.number as number
  const mergedAt = Date.parse(pull.merged_at as string)
  const author = (pull.user as { id?: unknown } | null)?.id
  const head = pull.head?.sha
  const standing =
    known.get(number) ??
    (await approversOf(
      ctx,
      where,
      number,
      typeof author === 'number' ? author : undefined,
      typeof head === 'string' ? head : undefined,
      counter
    ))
  if (typeof standing === 'string') return { none: standing }
  const approvers = known.has(number) ? standing : await writers(standing)
  if (typeof approvers === 'string') return { none: `the approvers of pull request ${number}: ${approvers}` }
  known.set(number, approvers)
  const merge = typeof pull.merge_commit_sha === 'string' ? pull.merge_commit_sha.toLowerCase() : undefined
  return {
    number,
    ...(Number.isNaN(mergedAt) ? {} : { mergedAt }),
    approvers,
    ...(merge ? { mergeCommit: merge } : {})
  }
}

async function approversOf(
  ctx: Context,
  where: Where,
  number: number,
  authorId: number | undefined,
  headSha: string | undefined,
  counter: { requests: number }
): Promise<string[] | string> {
  const reviews: ReviewFact[] = []
  for (let page = 1; page <= MAX_REVIEW_PAGES; page++) {
    const got = await get(ctx, where, `/pulls/${number}/reviews?per_page=100&page=${page}`, counter)
    if (!got.ok || got.outcome?.kind !== 'response')
      return `the reviews of pull request ${number} could not be read (${untrusted(got.message ?? 'no answer', 300)})`
    const cannot = (why: string) => `the reviews of pull request ${number} could not be read (${why})`
    if (got.outcome.truncated) return cannot(`a page is over ${PAGE_BYTES / 1024 / 1024} MiB`)
    const list = parseJsonArray(got.outcome.body) as Review[] | undefined
    if (!list) return cannot("GitHub's answer is not a JSON list")
    for (const r of list) {
      if (!r || typeof r !== 'object' || !r.user || typeof r.user !== 'object') continue
      reviews.push({
        ...(typeof r.user.id === 'number' ? { id: r.user.id } : {}),
        ...(typeof r.user.login === 'string' ? { login: r.user.login } : {}),
        bot: r.user.type === 'Bot',
        state: typeof r.state === 'string' ? r.state : '',
        ...(typeof r.commit_id === 'string' ? { commit: r.commit_id } : {}),
        ...(typeof r.author_association === 'string' ? { association: r.author_association } : {})
      })
    }
    const more = /<[^>]+>;\s*rel="next"/.test(header(got.outcome.headers, 'link') ?? '')
    if (!more || list.length < 100) return standingApprovers(reviews, authorId, headSha)
  }
  // Reviews past the pages read could withdraw an approval read here (a later request for changes):
  // counting what was read would credit it, so the approval is unknown.
  return `the reviews of pull request ${number} could not be read (more than ${MAX_REVIEW_PAGES * 100} reviews)`
}

/**
 * Who approved, from a pull request's reviews oldest first (REST or GraphQL): each reviewer's standing
 * review is their latest that is not COMMENTED or PENDING; they approve when it is APPROVED of the pull
 * request's final head commit `headSha` (an approval of an earlier push approved other changes), they
 * are neither the pull request's author nor a bot, and their author association is OWNER, MEMBER or
 * COLLABORATOR (REPOSITORY_ASSOCIATIONS). A review with no reviewer id (a deleted account) counts not; with no head
 * commit known, nobody's does. The association says nothing of the role: writeCheck then keeps those
 * who may write.
 */
export function standingApprovers(
  reviews: readonly ReviewFact[],
  authorId: number | undefined,
  headSha: string | undefined
): string[] {
  const latest = new Map<number, ReviewFact>()
  for (const r of reviews) {
    if (r.id === undefined || r.state === 'COMMENTED' || r.state === 'PENDING') continue
    latest.set(r.id, r)
  }
  const head = headSha?.toLowerCase()
  const out: string[] = []
  for (const [id, r] of latest)
    if (
      id !== authorId &&
      !r.bot &&
      r.state === 'APPROVED' &&
      head !== undefined &&
      r.commit?.toLowerCase() === head &&
      r.association !== undefined &&
      REPOSITORY_ASSOCIATIONS.has(r.association) &&
      r.login !== undefined
    )
      out.push(untrusted(r.login, 100))
  return out.sort()
}

/** A comment of the identity that writes the records: its body and its GraphQL id (REST `node_id`). */
export interface OurComment {
  body: string
  nodeId?: string
}

/** The comments read on a pull request (at most MAX_COMMENTS): more than these were not read. */
export const MAX_COMMENTS = MAX_COMMENT_PAGES * 100

/**
 * The comments on pull request `number` whose author `isAuthor` takes (GitHub's `user`: by id in the
 * action, the identity of the token that writes the records; by login from a terminal), oldest first:
 * where the apply's record is. Anyone may comment on a pull request, so only that identity's comments
 * are read; others', a quoted trailer included, never are. `cut`: the pull request has more than
 * MAX_COMMENTS comments and those past them were not read.
 */
export async function commentsBy(
  ctx: Context,
  where: Where,
  number: number,
  isAuthor: (user: { login?: unknown; id?: unknown }) => boolean,
  counter: { requests: number }
): Promise<{ comments: OurComment[]; cut: boolean } | { none: string }> {
  const comments: OurComment[] = []
  for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
    const got = await get(ctx, where, `/issues/${number}/comments?per_page=100&page=${page}`, counter)
    if (!got.ok || got.outcome?.kind !== 'response')
      return {
        none: `the comments of pull request ${number} could not be read (${untrusted(got.message ?? 'no answer', 300)})`
      }
    const list = parseJsonArray(got.outcome.body) as
      { body?: unknown; node_id?: unknown; user?: { login?: unknown; id?: unknown } | null }[] | undefined
    if (!list) return { none: `GitHub's comments of pull request ${number} are not JSON` }
    for (const c of list)
      if (c && typeof c === 'object' && typeof c.body === 'string' && c.user && isAuthor(c.user))
        comments.push({ body: c.body, ...(typeof c.node_id === 'string' ? { nodeId: c.node_id } : {}) })
    const more = /<[^>]+>;\s*rel="next"/.test(header(got.outcome.headers, 'link') ?? '')
    if (!more || list.length < 100) return { comments, cut: false }
  }
  return { comments, cut: true }
}

/** The pull request GraphQL named for `sha` as the REST path chooses it, its approvers read over REST when it has more reviews than one answer holds. */
async function fromGraph(
  ctx: Context,
  where: Where,
  sha: string,
  pulls: readonly GraphPull[],
  counter: { requests: number },
  known: Map<number, string[]>,
  writers: WriteCheck
): Promise<Read> {
  const merged = pulls.filter(p => p.mergedAt !== undefined)
  const pull = merged.find(p => p.mergeCommit?.toLowerCase() === sha) ?? merged[0]
  if (!pull) return { none: 'GitHub lists no merged pull request for this commit (pushed without one)' }
  const mergedAt = Date.parse(pull.mergedAt as string)
  const standing =
    known.get(pull.number) ??
    (pull.reviews
      ? standingApprovers(pull.reviews, pull.authorId, pull.headOid)
      : await approversOf(ctx, where, pull.number, pull.authorId, pull.headOid, counter))
  if (typeof standing === 'string') return { none: standing }
  const approvers = known.has(pull.number) ? standing : await writers(standing)
  if (typeof approvers === 'string') return { none: `the approvers of pull request ${pull.number}: ${approvers}` }
  known.set(pull.number, approvers)
  return {
    number: pull.number,
    ...(Number.isNaN(mergedAt) ? {} : { mergedAt }),
    approvers,
    ...(pull.mergeCommit ? { mergeCommit: pull.mergeCommit.toLowerCase() } : {})
  }
}

/**
 * The pull request of each commit, asking GitHub only of those the cache lacks: COMMITS_PER_QUERY
 * commits a GraphQL request (pull-facts-graphql.ts), REST for what that answer leaves out, and for the
 * reviews of each pull request once; the cache grows. A commit whose pull requests could not be read is
 * not cached (the next review asks again): `failed` says why. `stop()` is asked before each request
 * of commits: true leaves the rest unasked (`skipped`).
 */
export async function pullsOfCommits(
  ctx: Context,
  where: Where,
  commits: readonly string[],
  cache: PullCache,
  counter: { requests: number },
  stop: () => boolean
): Promise<{ asked: number; skipped: number; failed: Map<string, string> }> {
  let asked = 0
  let skipped = 0
  const failed = new Map<string, string>()
  // The approvers of the pull requests the cache already holds: the same answer it gives their commits.
  const known = new Map<number, string[]>()
  for (const c of Object.values(cache)) if (!('none' in c)) known.set(c.number, c.approvers)
  const todo = [...new Set(commits.filter(sha => !cache[sha]))]
  const writers = writeCheck(ctx, where, counter)
  const keep = (sha: string, read: Read) => {
    if ('none' in read && read.none.includes('could not be read')) failed.set(sha, read.none)
    else cache[sha] = read
  }
  // Only a SHA as git writes it goes into a query; anything else is asked over REST, as before.
  const hex = todo.filter(sha => /^[0-9a-f]{40}$/.test(sha))
  const rest = todo.filter(sha => !/^[0-9a-f]{40}$/.test(sha))
  for (let i = 0; i < hex.length; i += COMMITS_PER_QUERY) {
    if (stop() || ctx.signal?.aborted) {
      skipped += hex.length - i
      break
    }
    const batch = hex.slice(i, i + COMMITS_PER_QUERY)
    const answer = await askCommits(ctx, where, batch, counter)
    for (const sha of batch) {
      const pulls = answer.pulls.get(sha)
      if (pulls) {
        asked++
        keep(sha, await fromGraph(ctx, where, sha, pulls, counter, known, writers))
      } else rest.push(sha)
    }
  }
  for (const sha of rest) {
    if (stop() || ctx.signal?.aborted) {
      skipped++
      continue
    }
    asked++
    keep(sha, await pullOfCommit(ctx, where, sha, counter, known, writers))
  }
  return { asked, skipped, failed }
}
