/**
 * A big batch of removals approved where it is reviewed: on the pull request, by a reviewer. The
 * guard refuses a plan that locks out more people than max-removals; a reviewer lets exactly that
 * many through with one line in an approving review:
 *
 *     doorflow: allow 250 removals
 *
 * What counts, and why each rule (docs/roster.md, "Big batches"):
 * - Only a review body is read: never the pull request's text, a comment or a roster value, which
 *   the roster's author writes. A line quoted there approves nothing.
 * - The review is its reviewer's latest verdict (as approvals.ts counts them): APPROVED, of the pull
 *   request's final head commit. A review of an earlier commit, a dismissed one (state DISMISSED) or
 *   one followed by a request for changes approves nothing; GitHub records the commit each review was
 *   of (`commit_id`, "List reviews for a pull request").
 * - The reviewer is not the pull request's author (its `user.id`), not the pr-comment-token's
 *   identity and no bot (`user.type` Bot): whatever GitHub lets them do, nobody approves their own batch.
 * - The reviewer has Write access (`write`, `maintain` or `admin`): "By default, in public
 *   repositories, any user can submit reviews that approve" a pull request
 *   (https://docs.github.com/articles/about-pull-request-reviews), while required reviews count
 *   only "approving reviews from people with write or admin permissions"
 *   (https://docs.github.com/articles/approving-a-pull-request-with-required-reviews). Asked of
 *   GitHub ("Get repository permissions for a user", whose `permission` maps maintain to write:
 *   https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user).
 * - The body was never edited by anyone but its reviewer: Write access may edit anyone's comments,
 *   and a review's body is one (GraphQL `PullRequestReview.editor`, as comment-history.ts asks of
 *   the plan comments). An approval someone else turned into an allowance allows nothing.
 * - The count is exactly the plan's lock-outs: a line allowing 250 lets 250 through, not 249 or 251.
 *   A body with two different counts allows nothing.
 * Anything GitHub does not answer, or answers in another shape, is no approval: fail closed.
 */
import type { Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { parseJsonObject } from '../net/json.js'
import type { Operation } from '../net/failure-messages.js'
import { untrusted } from '../untrusted.js'
import { gitHubRequest, graphqlUrl } from './request.js'
import { gitHubService } from './operations.js'
import { REPOSITORY_ASSOCIATIONS, WRITE_PERMISSIONS, type MergedPull, type Review } from './approvals.js'

/** The line, alone on its line of a review body (spaces at either end aside); the count has no sign, no separators. */
const ALLOW_LINE = /^doorflow: allow ([1-9]\d{0,6}) removals?$/

/** The line a reviewer writes to allow `count` removals. */
export function allowLine(count: number): string {
  return `doorflow: allow ${count} removals`
}

/** The count a review body allows: every allowance line in it must say the same count; undefined when none does or two differ. */
export function allowedIn(body: unknown): number | undefined {
  if (typeof body !== 'string') return undefined
  const counts = new Set<number>()
  for (const line of body.split(/\r?\n/)) {
    const m = ALLOW_LINE.exec(line.trim())
    if (m) counts.add(Number(m[1]))
  }
  return counts.size === 1 ? [...counts][0] : undefined
}

/** A review whose body carries an allowance, and who wrote it. */
export interface Allowance {
  reviewId: number
  nodeId: string | undefined
  login: string
  userId: number
  count: number
  /** GitHub says the reviewer is the owner, a member or a collaborator (`author_association`): checked first. */
  insider: boolean
}

/**
 * Which of the reviewers' latest verdicts (approvals.ts's latestVerdicts) would allow exactly `wanted`
 * removals on pull request `pull`, before GitHub is asked about edits and access; `refused` says, for
 * each review with an allowance line that does not count, why (for the plan comment). Pure.
 */
export function allowances(
  latest: readonly Review[],
  pull: Pick<MergedPull, 'headSha' | 'authorId'>,
  me: { id: number } | undefined,
  wanted: number
): { found: Allowance[]; refused: string[] } {
  const found: Allowance[] = []
  const refused: string[] = []
  const head = pull.headSha?.toLowerCase()
  for (const r of latest) {
    const count = allowedIn(r.body)
    if (count === undefined || typeof r.user?.id !== 'number') continue
    const who = `@${untrusted(typeof r.user.login === 'string' ? r.user.login : String(r.user.id), 100)}`
    const not = (why: string) => refused.push(`${who}'s review ${why}`)
    if (r.user.id === pull.authorId) not("is by the pull request's author")
    else if (me && r.user.id === me.id) not("is by the pr-comment-token's identity")
    else if (r.user.type === 'Bot') not('is by a bot')
    else if (r.state !== 'APPROVED') not(r.state === 'DISMISSED' ? 'was dismissed' : 'does not approve')
    else if (!head || typeof r.commit_id !== 'string' || r.commit_id.toLowerCase() !== head)
      not(
        `is of an earlier commit${typeof r.commit_id === 'string' ? ` (${untrusted(r.commit_id, 64).slice(0, 12)})` : ''}`
      )
    else if (count !== wanted) not(`allows ${count}, and the plan locks out ${wanted}`)
    else if (typeof r.id !== 'number') not('has no id GitHub gave')
    else
      found.push({
        reviewId: r.id,
        nodeId: typeof r.node_id === 'string' ? r.node_id : undefined,
        login: typeof r.user.login === 'string' ? r.user.login : String(r.user.id),
        userId: r.user.id,
        count,
        // The repository's own reviewers' allowances are checked first ("List reviews for a pull request"
        // gives `author_association`), so approvals anyone may submit on a public repository cannot fill the
        // checks before a maintainer's. Only an order: the permission is still asked of GitHub for each.
        insider: REPOSITORY_ASSOCIATIONS.has(r.author_association as string)
      })
  }
  return { found, refused }
}

/** At most this many allowances are checked with GitHub (each costs a request): the first that holds wins. */
export const MAX_ALLOWANCES_CHECKED = 5

const CHECK: Operation = {
  label: 'Checking the reviewer who approved the removals',
  service: gitHubService('pr-comment-token'),
  forbidden:
    'GitHub would not say who may approve the removals, so no approval counts: give the job `permissions: pull-requests: read`.'
}

/** A batch approved on a pull request: who approved it, how many removals, on which pull request. */
export interface BatchApproval {
  by: string
  count: number
  pr: number
}

const REVIEW_QUERY = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on PullRequestReview { id lastEditedAt author { login ... on User { databaseId } } editor { login ... on User { databaseId } ... on Bot { databaseId } } } } }`

/**
 * The approval of exactly `wanted` removals on pull request `pull` (see the file's note), or why
 * there is none, in one phrase. `latest`: the reviewers' latest verdicts, already read
 * (approvals.ts). Asks GitHub, for the allowances that hold so far, who last edited each (one
 * GraphQL request) and each reviewer's permission (one request each, at most MAX_ALLOWANCES_CHECKED).
 */
export async function batchApproval(
  ctx: Context,
  apiUrl: string,
  repository: string,
  token: string,
  me: { id: number } | undefined,
  pull: MergedPull,
  latest: readonly Review[],
  wanted: number
): Promise<{ ok: true; approval: BatchApproval } | { ok: false; why: string }> {
  const line = `\`${allowLine(wanted)}\``
  const { found, refused } = allowances(latest, pull, me, wanted)
  const none = (more: string[]) => {
    const told = [...refused, ...more].slice(0, 5)
    return {
      ok: false as const,
      why: `no approving review of the last commit carries the line ${line}${told.length ? ` (${told.join('; ')})` : ''}`
    }
  }
  if (!found.length) return none([])
  const checked = [...found.filter(a => a.insider), ...found.filter(a => !a.insider)].slice(0, MAX_ALLOWANCES_CHECKED)
  const request = (method: 'GET' | 'POST', url: string, json?: unknown) =>
    withRetries(
      ctx,
      CHECK,
      t => gitHubRequest({ signal: ctx.signal, clock: ctx.clock, method, url, token, json, timeoutMs: t }),
      { idempotent: true }
    )
  const edits = await editedBy(request, apiUrl, checked)
  const more: string[] = []
  for (const a of checked) {
    const who = `@${untrusted(a.login, 100)}`
    const edit = edits.get(a.reviewId)
    if (edit) {
      more.push(`${who}'s review ${edit}`)
      continue
    }
    const url = `${apiUrl}/repos/${repository}/collaborators/${encodeURIComponent(a.login)}/permission`
    const got = await request('GET', url)
    const answer = got.ok && got.outcome?.kind === 'response' ? parseJsonObject(got.outcome.body) : undefined
    const permission = answer?.['permission']
    const user = answer?.['user'] as { id?: unknown } | null | undefined
    if (!answer || typeof permission !== 'string') {
      more.push(
        `${who}'s access could not be read (${untrusted(got.message ?? 'an answer without a permission', 300)})`
      )
      continue
    }
    if (user?.id !== a.userId) {
      more.push(`GitHub's answer on ${who}'s access names another account`)
      continue
    }
    if (!WRITE_PERMISSIONS.has(permission)) {
      more.push(`${who} has ${permission === 'none' ? 'no' : untrusted(permission, 20)} access, not Write`)
      continue
    }
    return { ok: true, approval: { by: a.login, count: a.count, pr: pull.number } }
  }
  return none(more)
}

type Request = (method: 'GET' | 'POST', url: string, json?: unknown) => ReturnType<typeof withRetries>

/**
 * For each allowance whose body someone else may have changed, why it does not count: edited by
 * another account than its reviewer, or GitHub could not say. One GraphQL `nodes(ids:)` request.
 */
async function editedBy(request: Request, apiUrl: string, checked: Allowance[]): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  const all = (why: string) => {
    for (const a of checked) out.set(a.reviewId, why)
    return out
  }
  const ids = checked.map(a => a.nodeId)
  if (ids.some(id => id === undefined)) return all('has no node_id, so who last edited it cannot be asked')
  const got = await request('POST', graphqlUrl(apiUrl), { query: REVIEW_QUERY, variables: { ids } })
  if (!got.ok || got.outcome?.kind !== 'response')
    return all(`could not be checked for edits (${untrusted(got.message ?? 'no answer', 300)})`)
  const answer = parseJsonObject(got.outcome.body)
  const errors = answer?.['errors']
  const nodes = (answer?.['data'] as { nodes?: unknown } | undefined)?.nodes
  if ((Array.isArray(errors) && errors.length) || !Array.isArray(nodes) || nodes.length !== ids.length)
    return all('could not be checked for edits (GitHub gave no usable answer)')
  for (const [i, a] of checked.entries()) {
    type Actor = { login?: unknown; databaseId?: unknown } | null | undefined
    const node = nodes[i] as
      { __typename?: unknown; id?: unknown; lastEditedAt?: unknown; author?: Actor; editor?: Actor } | null | undefined
    if (node?.__typename !== 'PullRequestReview' || node.id !== a.nodeId) {
      out.set(a.reviewId, 'could not be checked for edits (no answer for it)')
      continue
    }
    if (node.author?.databaseId !== a.userId) {
      out.set(a.reviewId, 'is not by the account GitHub lists for it')
      continue
    }
    const edited = node.lastEditedAt !== null && node.lastEditedAt !== undefined
    if (!edited && (node.editor === null || node.editor === undefined)) continue
    if (node.editor?.databaseId !== a.userId) {
      const by = typeof node.editor?.login === 'string' ? `@${untrusted(node.editor.login, 100)}` : 'another account'
      out.set(a.reviewId, `was edited by ${by}`)
    }
  }
  return out
}
