/**
 * The plan's fingerprint, so that what a reviewer approved can be told from what a merge applies:
 * a SHA-256 over a canonical JSON of what the changes do to DoorFlow (ids and values, never the
 * display names shown with them; keys sorted, so the same changes always hash alike), shown as its
 * first 12 hex digits. Each change has its own short hash too; the
 * pull-request comment carries them in a hidden line, and the apply after the merge reads them
 * back to name the changes nobody reviewed.
 */
import { createHash } from 'node:crypto'
import { posix } from 'node:path'
import type { Named } from '../doorflow/people.js'
import type { Plan, PlannedChange } from './plan.js'

/** Hex digits shown of a digest or a change's hash (48 bits: no two plans of one roster collide by chance). */
export const DIGEST_CHARS = 12

/** JSON with every object's keys in sorted order, at every depth. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, DIGEST_CHARS)

/**
 * What the review's digest and hashes cover of a change: what it does to DoorFlow — which person
 * (system_id, DoorFlow id), each field with its value before and after, the group and role ids
 * written, gained and lost, the removal's mode — and none of the labels shown with it (the
 * person's display name, group and role names). A display name changed by another pull request
 * (or a group renamed in DoorFlow) leaves a reviewed change the same change; a value or an id
 * never does. The guard's fingerprint keeps the labels (planFingerprint): it is of one plan.
 */
function reviewedPart(change: PlannedChange): Record<string, unknown> {
  const { drift: _drift, name: _name, ...rest } = change
  const ids = (list: readonly Named[]) => list.map(n => n.id)
  if (rest.kind === 'create') return { ...rest, groups: ids(rest.groups), roles: ids(rest.roles) }
  if (rest.kind === 'remove') return { ...rest, groups: ids(rest.groups) }
  const m = rest.memberships
  if (!m) return rest
  return {
    ...rest,
    memberships: {
      groupIds: m.groupIds,
      roleIds: m.roleIds,
      groupsGained: ids(m.groupsGained),
      groupsLost: ids(m.groupsLost),
      rolesGained: ids(m.rolesGained),
      rolesLost: ids(m.rolesLost)
    }
  }
}

/** One change's short hash: of what it writes, not of its labels (reviewedPart). */
export function changeHash(change: PlannedChange): string {
  return sha256(canonicalJson(reviewedPart(change)))
}

/** The plan's digest: over its change list, in order, as changeHash sees each (an empty plan has one too). */
export function planDigest(plan: Pick<Plan, 'changes'>): string {
  return sha256(canonicalJson(plan.changes.map(reviewedPart)))
}

/**
 * The full SHA-256 of the whole finished plan, as its JSON file has it (labels, drift, the guard's
 * report and all): what a guard verdict holds (guard.ts's judgePlan), and what the apply compares
 * with its own plan's, once, before the first write.
 */
export function planFingerprint(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex')
}

/**
 * Which roster a plan comment is for: the first 12 hex digits of the SHA-256 of the roster input's
 * path as the workflow gives it, normalised (`./access/`, `access` and `access\\` are one roster).
 * Two roster workflows on one pull request (London's and Paris's) so have comments of their own,
 * and an apply reads only its own roster's plan. Hex only: it is inert in any comment.
 */
export function rosterKey(path: string): string {
  const normal = posix
    .normalize(path.trim().replace(/\\/g, '/'))
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '')
  return sha256(normal || '.')
}

/** What a plan comment's trailer says: which roster, planned at which pull-request head commit, with which digest. */
export interface ReviewedPlan {
  /** rosterKey of the roster planned. */
  roster: string
  /** The pull request's head commit whose roster was planned; undefined when the plan was not of the head (never reviewable). */
  head: string | undefined
  digest: string
  /** Each change's hash; undefined when the plan was too large to carry them. */
  changes?: Set<string>
}

const TRAILER =
  /^<!-- doorflow-plan-digest roster ([0-9a-f]{12}) head ([0-9a-f]{40}|[0-9a-f]{64}|-) digest ([0-9a-f]{12}) changes (-|[0-9a-f]{12}(?: [0-9a-f]{12})*) -->$/

/**
 * At most this many change hashes go into the comment (13 characters each, ~20 kB of the 65,536 a
 * comment holds); a bigger plan carries its digest only, and a differing digest then cannot name
 * which changes are new.
 */
export const MAX_HIDDEN_CHANGES = 1500

/**
 * The trailer a plan comment ends with: the roster, the head commit planned (`-` when the workspace
 * was not the pull request's head), the digest and each change's hash. Hex only, so it stays inert
 * whatever the roster or DoorFlow say; it is the comment's last line, where no roster text can stand.
 */
export function hiddenDigestLine(
  plan: Pick<Plan, 'changes'>,
  of: { roster: string; head: string | undefined },
  max = MAX_HIDDEN_CHANGES
): string {
  const hashes = plan.changes.length > max ? '-' : plan.changes.map(changeHash).join(' ')
  const head = of.head && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(of.head) ? of.head.toLowerCase() : '-'
  return `<!-- doorflow-plan-digest roster ${of.roster} head ${head} digest ${planDigest(plan)} changes ${hashes} -->`
}

/**
 * What a plan comment says was reviewed, read from its last line only (trailing white space
 * aside): the trailer hiddenDigestLine wrote. A digest line anywhere else (a roster value quoted in
 * the plan, a reviewer's text) is never read. Undefined when the last line is not a well-formed
 * trailer.
 */
export function reviewedDigest(body: string): ReviewedPlan | undefined {
  const text = body.trimEnd()
  const m = TRAILER.exec(text.slice(text.lastIndexOf('\n') + 1))
  if (!m) return undefined
  const [, roster, head, digest, hashes] = m
  return {
    roster,
    head: head === '-' ? undefined : head,
    digest,
    ...(hashes === '-' ? {} : { changes: new Set(hashes.split(' ')) })
  }
}
