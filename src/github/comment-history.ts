/**
 * Who last edited our plan comments. GitHub's Write role may "edit and delete anyone's comments on
 * commits, pull requests, and issues" (Repository roles for an organization): the author stays the
 * token's identity and the trailer can be left untouched while the visible plan is changed. REST
 * says nothing of who edited a comment; GraphQL's IssueComment does: `editor` ("the actor who edited
 * the comment", an Actor: a Bot, a User…) and `lastEditedAt`. So, on the apply, every plan comment
 * read (part 1 and each part 2..) is asked by its REST `node_id` in one `nodes(ids:)` request, and
 * a comment edited last by anyone but the token's own identity makes that pull request's plan no
 * review. Identities are compared by id (`databaseId`, the REST `user.id`): GraphQL's login of a bot
 * lacks the `[bot]` suffix REST gives it, so logins are only shown, never compared. A part that
 * part 1 links to and that is gone (Write may delete comments too) makes it no review. No usable answer
 * (a server without these fields, an error, a node missing) is no review either: fail closed.
 */
import type { Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import { parseJsonObject } from '../net/json.js'
import type { Operation } from '../net/failure-messages.js'
import { untrusted } from '../untrusted.js'
import { gitHubRequest, graphqlUrl } from './request.js'
import { gitHubService } from './operations.js'

/** One of our plan comments on a pull request: its part (1 for the one with the trailer) and its GraphQL id. */
export interface PlanCommentNode {
  part: number
  /** The REST answer's `node_id`; undefined when GitHub gave none. */
  nodeId: string | undefined
}

/** `nodes(ids:)` takes at most 100 ids; one plan has at most MAX_PLAN_COMMENTS (20) comments. */
const MAX_NODES = 100

const EDITS: Operation = {
  label: 'Asking GitHub who last edited the plan comments of the merged pull request',
  service: gitHubService('pr-comment-token'),
  forbidden: 'GitHub would not say who last edited the plan comments, so they cannot be trusted as reviewed.'
}

const QUERY = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on IssueComment { id databaseId lastEditedAt author { __typename login ... on Bot { databaseId } ... on User { databaseId } } editor { __typename login ... on Bot { databaseId } ... on User { databaseId } } } } }`

type Actor = { login?: unknown; databaseId?: unknown } | null | undefined

const idOf = (actor: Actor) => (typeof actor?.databaseId === 'number' ? actor.databaseId : undefined)
const nameOf = (actor: Actor) =>
  typeof actor?.login === 'string' ? untrusted(actor.login, 100) : 'an account GitHub does not name'
/** How part 1 of a plan in several comments names the others (roster/run.ts, planComments). */
const OTHER_PARTS = '**The other parts of this plan:** '

/**
 * The parts (2 and up) that part 1 says the plan has: its last line naming them, which the plan run
 * writes after all roster text (inert: no roster value starts a line with it). Empty for a plan in one
 * comment. Part 1 itself is trusted only once nobody else edited it (editedPlanComments).
 */
export function partsNamed(part1: string): number[] {
  const line = part1
    .split('\n')
    .filter(l => l.startsWith(OTHER_PARTS))
    .at(-1)
  return line ? [...line.matchAll(/\bpart (\d{1,3})\b/g)].map(m => Number(m[1])) : []
}

const partName = (part: number, of: number) => (of > 1 ? `part ${part} of the plan comment` : 'the plan comment')

/**
 * Why the plan comments of pull request `pr` are no review because of who last edited them; undefined
 * when each was written by `me` and edited (if ever) last by `me`. `me` is the token's identity
 * (its REST user id). One request for all of `comments`.
 */
export async function editedPlanComments(
  ctx: Context,
  apiUrl: string,
  token: string,
  me: { id: number },
  pr: number,
  comments: PlanCommentNode[],
  /** Part 1's body: a part it names that is not among `comments` was deleted, and is no review either. */
  part1?: string
): Promise<string | undefined> {
  const where = `pull request #${pr}`
  const no = (why: string) => `${why}, so it is no review`
  const gone = partsNamed(part1 ?? '').filter(k => !comments.some(c => c.part === k))
  if (gone.length)
    return no(
      `part ${gone[0]} of the plan comment on ${where} is missing (deleted after it was planned: anyone with Write access may delete comments)`
    )
  const ids = comments.map(c => c.nodeId)
  if (!ids.length || ids.some(id => id === undefined))
    return no(`GitHub gave no node_id for a plan comment on ${where}, so who last edited it cannot be asked`)
  if (ids.length > MAX_NODES) return no(`${where} has more plan comments than can be asked about at once`)
  const got = await askNodes(ctx, apiUrl, token, ids as string[], EDITS)
  const cannot = (detail: string) =>
    no(`Who last edited the plan comment on ${where} could not be asked of GitHub (${untrusted(detail, 300)})`)
  if (!got.ok) return cannot(got.why)
  if (got.error) return cannot(got.error)
  for (const [i, c] of comments.entries()) {
    const node = got.nodes[i]
    const what = `${partName(c.part, comments.length)} on ${where}`
    if (node?.__typename !== 'IssueComment' || node.id !== c.nodeId) return cannot(`no answer for ${what}`)
    if (idOf(node.author) !== me.id) return no(`${what} was not written by the pr-comment-token's identity`)
    if (!wasEdited(node)) continue
    if (idOf(node.editor) !== me.id) return no(`${what} was edited by ${nameOf(node.editor)} after it was planned`)
  }
  return undefined
}

type CommentNode = { __typename?: unknown; id?: unknown; lastEditedAt?: unknown; author?: Actor; editor?: Actor }

const wasEdited = (node: CommentNode) =>
  (node.lastEditedAt !== null && node.lastEditedAt !== undefined) || (node.editor !== null && node.editor !== undefined)

/**
 * One `nodes(ids:)` request (at most MAX_NODES ids): the nodes in the order asked (null where GitHub has
 * none), and `error`, the first of GraphQL's errors, when it gave any; or why there is no usable answer.
 */
async function askNodes(
  ctx: Context,
  apiUrl: string,
  token: string,
  ids: readonly string[],
  operation: Operation,
  counter?: { requests: number }
): Promise<{ ok: true; nodes: (CommentNode | null)[]; error?: string } | { ok: false; why: string }> {
  const got = await withRetries(
    ctx,
    operation,
    t => {
      if (counter) counter.requests++
      return gitHubRequest({
        signal: ctx.signal,
        clock: ctx.clock,
        method: 'POST',
        url: graphqlUrl(apiUrl),
        token,
        json: { query: QUERY, variables: { ids } },
        timeoutMs: t
      })
    },
    { idempotent: true }
  )
  if (!got.ok || got.outcome?.kind !== 'response') return { ok: false, why: got.message ?? 'no answer' }
  const answer = parseJsonObject(got.outcome.body)
  const errors = answer?.['errors']
  const first = Array.isArray(errors) && errors.length ? (errors[0] as { message?: unknown } | null)?.message : null
  const error = first === null ? undefined : `GraphQL: ${typeof first === 'string' ? first : 'an error'}`
  const nodes = (answer?.['data'] as { nodes?: unknown } | undefined)?.nodes
  if (!Array.isArray(nodes) || nodes.length !== ids.length)
    return { ok: false, why: error ?? 'its answer has no node for each comment' }
  return {
    ok: true,
    nodes: nodes.map(n => (n && typeof n === 'object' ? (n as CommentNode) : null)),
    ...(error ? { error } : {})
  }
}

/** Who last edited a comment, as recordEdits tells it. */
export type RecordEdit = { ok: true } | { ok: false; edited: string } | { ok: false; unknown: string }

/**
 * For the access review: whether each comment (by its REST `node_id`) was last edited by anyone but its
 * author (by id: `databaseId`), MAX_NODES a request. A comment GitHub gave no usable answer for (an
 * error, no node, a node of another comment or without an author) is `unknown`: fail closed, as the apply
 * does with its plan comments. `operation` names the request in a failure's words.
 */
export async function recordEdits(
  ctx: Context,
  apiUrl: string,
  token: string,
  ids: readonly string[],
  operation: Operation,
  counter?: { requests: number }
): Promise<Map<string, RecordEdit>> {
  const out = new Map<string, RecordEdit>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += MAX_NODES) {
    const batch = unique.slice(i, i + MAX_NODES)
    const got = await askNodes(ctx, apiUrl, token, batch, operation, counter)
    for (const [k, id] of batch.entries()) {
      if (!got.ok) {
        out.set(id, { ok: false, unknown: untrusted(got.why, 300) })
        continue
      }
      const node = got.nodes[k]
      const author = idOf(node?.author)
      if (node?.__typename !== 'IssueComment' || node.id !== id || author === undefined)
        out.set(id, { ok: false, unknown: untrusted(got.error ?? 'GitHub gave no answer for it', 300) })
      else if (wasEdited(node) && idOf(node.editor) !== author) out.set(id, { ok: false, edited: nameOf(node.editor) })
      else out.set(id, { ok: true })
    }
  }
  return out
}
