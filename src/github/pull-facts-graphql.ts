/**
 * For the access review: the pull requests of many commits in one GraphQL request, instead of one
 * REST read per commit and one per pull request (pull-facts.ts). Each commit is an alias,
 * `cN: object(oid: "<sha>") { ... on Commit { associatedPullRequests(first: 20) { … reviews(first: 100) } } }`,
 * inside `repository(owner:, name:)`: COMMITS_PER_QUERY commits a request.
 *
 * GitHub's limits ("Rate limits and query limits for the GraphQL API", "Node limit",
 * https://docs.github.com/en/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api#node-limit):
 * every connection needs `first` or `last`, within 1-100, and one call may ask for at most 500,000
 * nodes. Here: 50 commits + 50 × 20 pull requests + 50 × 20 × 100 reviews = 101,050 nodes. A query
 * without mutations costs 1 point of the secondary rate limit, as a GET does (same page,
 * "Calculating points for the secondary rate limit"), so request.ts paces it as a read.
 *
 * The same answers as the REST path: the same 20 pull requests a commit lists (REST asks per_page=20),
 * the same choice among them and the same approval rule (pull-facts.ts's standingApprovers: each review's
 * commit, the pull request's final head `headRefOid` and the reviewer's `authorAssociation`), over the
 * same reviews in the same order (oldest first). What GraphQL cannot give in this one request is left
 * to REST: a pull request with more than 100 reviews (its reviews are read page by page), and any commit
 * whose answer is missing, null or not of the expected shape (an error at its path, a partial answer).
 */
import type { Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { parseJsonObject } from '../net/json.js'
import type { Operation } from '../net/failure-messages.js'
import { untrusted } from '../untrusted.js'
import { gitHubRequest, graphqlUrl } from './request.js'
import { gitHubService } from './operations.js'

export const COMMITS_PER_QUERY = 50
const PULLS_PER_COMMIT = 20
const REVIEWS_PER_PULL = 100
const ANSWER_BYTES = 16 * 1024 * 1024

const READ_PULLS: Operation = {
  label: "Reading the roster history's pull requests",
  service: gitHubService('github-token'),
  forbidden:
    'The token may not read pull requests: give the job `permissions: pull-requests: read` (and contents: read).'
}

const ACTOR = '{ __typename login ... on User { databaseId } ... on Bot { databaseId } }'
/** What is asked of each commit. The fake GitHub answers exactly this selection. */
export const COMMIT_SELECTION =
  `... on Commit { associatedPullRequests(first: ${PULLS_PER_COMMIT}) { nodes { number mergedAt mergeCommit { oid } ` +
  `headRefOid author ${ACTOR} reviews(first: ${REVIEWS_PER_PULL}) { pageInfo { hasNextPage } ` +
  `nodes { state commit { oid } authorAssociation author ${ACTOR} } } } } }`

/**
 * One review as both paths see it: who (by id), whether a bot, its state, the commit it reviewed (REST
 * `commit_id`, GraphQL `commit { oid }`) and the reviewer's standing in the repository (REST
 * `author_association`, GraphQL `authorAssociation`).
 */
export interface ReviewFact {
  id?: number
  login?: string
  bot: boolean
  state: string
  commit?: string
  association?: string
}

/** A commit's associated pull request, as GraphQL answered it. */
export interface GraphPull {
  number: number
  mergedAt?: string
  mergeCommit?: string
  /** The pull request's final head commit (`headRefOid`). */
  headOid?: string
  authorId?: number
  /** undefined: more than REVIEWS_PER_PULL, to be read over REST. */
  reviews?: ReviewFact[]
}

/** The query for these commits (lowercase 40-hex SHAs only: anything else is never put in a query). */
export function commitsQuery(shas: readonly string[]): string {
  const aliases = shas.map((sha, i) => {
    if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`not a commit SHA: ${untrusted(sha, 60)}`)
    return `c${i}: object(oid: "${sha}") { ${COMMIT_SELECTION} }`
  })
  return `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ${aliases.join(' ')} } }`
}

function actor(a: unknown): { id?: number; login?: string; bot: boolean } | undefined {
  if (a === null) return { bot: false }
  if (!a || typeof a !== 'object') return undefined
  const o = a as { __typename?: unknown; login?: unknown; databaseId?: unknown }
  return {
    ...(typeof o.databaseId === 'number' ? { id: o.databaseId } : {}),
    ...(typeof o.login === 'string' ? { login: o.login } : {}),
    bot: o.__typename === 'Bot'
  }
}

function pullOf(p: unknown): GraphPull | undefined {
  if (!p || typeof p !== 'object') return undefined
  const o = p as Record<string, unknown>
  if (typeof o['number'] !== 'number') return undefined
  const author = actor(o['author'])
  const reviews = o['reviews'] as { pageInfo?: { hasNextPage?: unknown }; nodes?: unknown } | null | undefined
  if (!author || !reviews || typeof reviews !== 'object' || !Array.isArray(reviews.nodes)) return undefined
  const more = reviews.pageInfo?.hasNextPage
  if (typeof more !== 'boolean') return undefined
  const list: ReviewFact[] = []
  for (const r of reviews.nodes) {
    const who = r && typeof r === 'object' ? actor((r as { author?: unknown }).author) : undefined
    const review = r as { state?: unknown; commit?: { oid?: unknown } | null; authorAssociation?: unknown } | null
    const state = review?.state
    if (!who || typeof state !== 'string') return undefined
    // A review whose commit is gone (null) or whose standing is not said is no approval of anything.
    const commit = review?.commit?.oid
    const association = review?.authorAssociation
    list.push({
      ...who,
      state,
      ...(typeof commit === 'string' ? { commit } : {}),
      ...(typeof association === 'string' ? { association } : {})
    })
  }
  const merge = (o['mergeCommit'] as { oid?: unknown } | null | undefined)?.oid
  const head = o['headRefOid']
  return {
    number: o['number'],
    ...(typeof o['mergedAt'] === 'string' ? { mergedAt: o['mergedAt'] } : {}),
    ...(typeof merge === 'string' ? { mergeCommit: merge } : {}),
    ...(typeof head === 'string' ? { headOid: head } : {}),
    ...(author.id !== undefined ? { authorId: author.id } : {}),
    ...(more ? {} : { reviews: list })
  }
}

/**
 * The pull requests of each commit GitHub answered in full; a commit left out (its alias missing, null,
 * or of another shape) is for REST to ask. `error`: the whole answer is unusable, and why.
 */
export function parseCommitsAnswer(
  body: string,
  shas: readonly string[]
): { pulls: Map<string, GraphPull[]>; error?: string } {
  const pulls = new Map<string, GraphPull[]>()
  const answer = parseJsonObject(body)
  if (!answer) return { pulls, error: 'its answer is not JSON' }
  const repo = (answer['data'] as { repository?: unknown } | null | undefined)?.repository
  if (!repo || typeof repo !== 'object') {
    const errors = answer['errors']
    const first = Array.isArray(errors) ? (errors[0] as { message?: unknown } | null)?.message : undefined
    return {
      pulls,
      error: `GraphQL: ${untrusted(typeof first === 'string' ? first : 'no repository in its answer', 300)}`
    }
  }
  shas.forEach((sha, i) => {
    const commit = (repo as Record<string, unknown>)[`c${i}`]
    const nodes = (commit as { associatedPullRequests?: { nodes?: unknown } | null } | null | undefined)
      ?.associatedPullRequests?.nodes
    if (!Array.isArray(nodes)) return
    const list = nodes.map(pullOf)
    if (list.every(p => p !== undefined)) pulls.set(sha, list)
  })
  return { pulls }
}

/** One GraphQL request for these commits (at most COMMITS_PER_QUERY). */
export async function askCommits(
  ctx: Context,
  where: { apiUrl: string; repository: string; token: string },
  shas: readonly string[],
  counter: { requests: number }
): Promise<{ pulls: Map<string, GraphPull[]>; error?: string }> {
  const [owner, name] = where.repository.split('/')
  const got = await withRetries(
    ctx,
    READ_PULLS,
    t => {
      counter.requests++
      return gitHubRequest({
        signal: ctx.signal,
        clock: ctx.clock,
        method: 'POST',
        url: graphqlUrl(where.apiUrl),
        token: where.token,
        json: { query: commitsQuery(shas), variables: { owner, name } },
        timeoutMs: t,
        maxBodyBytes: ANSWER_BYTES
      })
    },
    { idempotent: true }
  )
  if (!got.ok || got.outcome?.kind !== 'response')
    return { pulls: new Map(), error: untrusted(got.message ?? 'no answer', 300) }
  return parseCommitsAnswer(got.outcome.body, shas)
}
