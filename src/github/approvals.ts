/**
 * Whether anyone approved a merged pull request: a plan comment only says what was planned, not that
 * a person read it. GitHub's "List reviews for a pull request"
 * (`GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews`, pages of at most 100, "in chronological
 * order") gives each review's `user`, `state` (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED,
 * PENDING) and `commit_id` (the commit reviewed). A pull request is approved when some reviewer's
 * standing review is APPROVED of its final head commit (`head.sha`), that reviewer being neither the
 * pull request's author, nor the pr-comment-token's identity, nor any bot (a workflow's
 * GITHUB_TOKEN may approve where the repository lets Actions approve pull requests: no person read
 * it). A reviewer's standing review is their latest that is not COMMENTED or PENDING, as GitHub
 * counts approvals: a comment after an approval leaves it standing, a dismissed approval
 * (state DISMISSED) or a later request for changes does not. Reading is bounded (MAX_REVIEW_PAGES,
 * REVIEW_PAGE_BYTES); what cannot be read whole is not an approval.
 */
import type { Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { header } from '../net/http.js'
import { parseJsonArray } from '../net/json.js'
import type { Operation } from '../net/failure-messages.js'
import { untrusted } from '../untrusted.js'
import { gitHubRequest } from './request.js'
import { gitHubService } from './operations.js'

const REVIEWS_PER_PAGE = 100
/** At most 1,000 reviews are read. */
export const MAX_REVIEW_PAGES = 10

/**
 * The author associations of the repository's own people: its owner, a member of its organization, an
 * invited collaborator. Anyone else (CONTRIBUTOR, FIRST_TIMER, FIRST_TIME_CONTRIBUTOR, MANNEQUIN, NONE)
 * may submit an approving review on a public repository. GitHub's CommentAuthorAssociation:
 * https://docs.github.com/en/graphql/reference/enums#commentauthorassociation (REST's
 * `author_association` takes the same values). An association is no role: WRITE_PERMISSIONS is.
 */
export const REPOSITORY_ASSOCIATIONS: ReadonlySet<string> = new Set(['OWNER', 'MEMBER', 'COLLABORATOR'])

/**
 * The repository permissions that may write, as "Get repository permissions for a user" names them
 * (maintain reads as write):
 * https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */
export const WRITE_PERMISSIONS: ReadonlySet<string> = new Set(['admin', 'write'])
/** A page of 100 reviews with long bodies; a larger one is not read (and the pull request is not approved). */
const REVIEW_PAGE_BYTES = 16 * 1024 * 1024

const REVIEWS: Operation = {
  label: 'Reading the reviews of the merged pull request',
  service: gitHubService('pr-comment-token'),
  forbidden: 'The pr-comment-token may not read pull requests: give the job `permissions: pull-requests: read` on push.'
}

/** A review as "List reviews for a pull request" gives it: only these fields are read. */
export type Review = {
  id?: unknown
  node_id?: unknown
  user?: { id?: unknown; login?: unknown; type?: unknown } | null
  state?: unknown
  commit_id?: unknown
  body?: unknown
  author_association?: unknown
}

/** The merged pull request whose approval is asked: its number, final head commit and author (GitHub's `user.id`). */
export interface MergedPull {
  number: number
  headSha: string | undefined
  authorId: number | undefined
}

/**
 * Each reviewer's latest verdict on pull request `number` (their latest review that is not COMMENTED
 * or PENDING, see the file's note), in the order GitHub lists them; or why the reviews could not be
 * read whole.
 */
export async function latestVerdicts(
  ctx: Context,
  apiUrl: string,
  repository: string,
  token: string,
  number: number
): Promise<{ ok: true; latest: Review[] } | { ok: false; why: string }> {
  const where = `pull request #${number}`
  const latest = new Map<number, Review>()
  for (let page = 1; ; page++) {
    if (page > MAX_REVIEW_PAGES)
      return {
        ok: false,
        why: `${where} has more than ${MAX_REVIEW_PAGES * REVIEWS_PER_PAGE} reviews, more than are read, so its approval cannot be told`
      }
    const url = `${apiUrl}/repos/${repository}/pulls/${number}/reviews?per_page=${REVIEWS_PER_PAGE}&page=${page}`
    const got = await withRetries(
      ctx,
      REVIEWS,
      t =>
        gitHubRequest({
          signal: ctx.signal,
          clock: ctx.clock,
          method: 'GET',
          url,
          token,
          timeoutMs: t,
          maxBodyBytes: REVIEW_PAGE_BYTES
        }),
      { idempotent: true }
    )
    const cannot = (why: string) => ({
      ok: false as const,
      why: `the reviews of ${where} could not be read (${untrusted(why, 500)})`
    })
    if (!got.ok || got.outcome?.kind !== 'response') return cannot(got.message ?? 'no answer')
    if (got.outcome.truncated) return cannot(`a page of reviews is over ${REVIEW_PAGE_BYTES / 1024 / 1024} MiB`)
    const reviews = parseJsonArray(got.outcome.body) as Review[] | undefined
    if (!reviews) return cannot("GitHub's list of reviews is not JSON")
    for (const r of reviews) {
      if (r === null || typeof r !== 'object' || typeof r.user?.id !== 'number') continue
      if (r.state === 'COMMENTED' || r.state === 'PENDING') continue
      // A reviewer's later verdict replaces the earlier one, in GitHub's (chronological) order.
      latest.delete(r.user.id)
      latest.set(r.user.id, r)
    }
    const more = /<[^>]+>;\s*rel="next"/.test(header(got.outcome.headers, 'link') ?? '')
    if (!more || reviews.length < REVIEWS_PER_PAGE) break
  }
  return { ok: true, latest: [...latest.values()] }
}

/**
 * Why pull request `pull` is not approved at its final head commit, or undefined when it is (see the
 * file's note). `me`: the pr-comment-token's identity, whose approval never counts. `latest`: the
 * reviewers' latest verdicts (latestVerdicts). Pure.
 */
export function unapprovedOf(latest: readonly Review[], me: { id: number }, pull: MergedPull): string | undefined {
  const where = `pull request #${pull.number}`
  if (!pull.headSha) return `GitHub did not say ${where}'s final head commit, so no approval of it can be found`
  if (pull.authorId === undefined)
    return `GitHub did not say who opened ${where}, so no approval can be told apart from theirs`
  const head = pull.headSha.toLowerCase()
  for (const r of latest) {
    const id = r.user?.id
    if (id === pull.authorId || id === me.id || r.user?.type === 'Bot') continue
    if (r.state === 'APPROVED' && typeof r.commit_id === 'string' && r.commit_id.toLowerCase() === head)
      return undefined
  }
  return `${where} has no approving review of its final head commit ${head.slice(0, 12)} by someone other than its author (a dismissed approval, or one of an earlier commit, does not count)`
}

/** unapprovedOf, after reading the reviews (latestVerdicts); a pull request whose reviews cannot be read is not approved. */
export async function unapproved(
  ctx: Context,
  apiUrl: string,
  repository: string,
  token: string,
  me: { id: number },
  pull: MergedPull
): Promise<string | undefined> {
  if (!pull.headSha || pull.authorId === undefined) return unapprovedOf([], me, pull)
  const read = await latestVerdicts(ctx, apiUrl, repository, token, pull.number)
  return read.ok ? unapprovedOf(read.latest, me, pull) : read.why
}

/** The warnings of pull requests whose plan counts although nobody approved them (unreviewed-changes: warn). */
export function unapprovedWarnings(found: { unapproved?: string; refused?: string }[]): string[] {
  return found.flatMap(f =>
    f.unapproved && !f.refused
      ? [
          `${f.unapproved.charAt(0).toUpperCase()}${f.unapproved.slice(1)}: its plan counts as reviewed only because unreviewed-changes is warn.`
        ]
      : []
  )
}
