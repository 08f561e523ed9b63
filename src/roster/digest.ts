/**
 * The plan's fingerprint, so that what a reviewer approved can be told from what a merge applies:
 * a SHA-256 over a canonical JSON of the change list (keys sorted, so the same changes always
 * hash alike), shown as its first 12 hex digits. Each change has its own short hash too; the
 * pull-request comment carries them in a hidden line, and the apply after the merge reads them
 * back to name the changes nobody reviewed.
 */
import { createHash } from 'node:crypto'
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
 * What a change writes, without the run's notes about it: `drift` depends on which files the
 * event changed (a pull request's diff, then the merge's), not on what is applied.
 */
function written(change: PlannedChange): Omit<PlannedChange, 'drift'> {
  const { drift: _drift, ...rest } = change
  return rest
}

/** One change's short hash. */
export function changeHash(change: PlannedChange): string {
  return sha256(canonicalJson(written(change)))
}

/** The plan's digest: over its change list, in order (an empty plan has one too). */
export function planDigest(plan: Pick<Plan, 'changes'>): string {
  return sha256(canonicalJson(plan.changes.map(written)))
}

/**
 * The full SHA-256 of everything the guard reads of a plan: its changes as written, the unchanged
 * and managed counts, and the lock-outs. A guard verdict carries it (guard.ts), and the apply
 * refuses a plan whose fingerprint differs: another plan, or this one changed after it was judged.
 */
export function guardedFingerprint(plan: Pick<Plan, 'changes' | 'unchanged' | 'managedCount' | 'lockOuts'>): string {
  const { changes, unchanged, managedCount, lockOuts } = plan
  const judged = { changes: changes.map(written), unchanged, managedCount, lockOuts }
  return createHash('sha256').update(canonicalJson(judged)).digest('hex')
}

const HIDDEN = /<!-- doorflow-plan-digest ([0-9a-f]{12}) changes (-|[0-9a-f ]*) -->/

/**
 * At most this many change hashes go into the comment (13 characters each, ~20 kB of the 65,536 a
 * comment holds); a bigger plan carries its digest only, and a differing digest then cannot name
 * which changes are new.
 */
export const MAX_HIDDEN_CHANGES = 1500

/**
 * The hidden line the comment carries: the digest and each change's hash, hex only, so it stays
 * inert whatever the roster says.
 */
export function hiddenDigestLine(plan: Pick<Plan, 'changes'>, max = MAX_HIDDEN_CHANGES): string {
  const hashes = plan.changes.length > max ? '-' : plan.changes.map(changeHash).join(' ')
  return `<!-- doorflow-plan-digest ${planDigest(plan)} changes ${hashes} -->`
}

/**
 * What a comment says was reviewed; undefined when it carries no digest line (or a malformed
 * one). `changes` is undefined when the comment carried the digest only.
 */
export function reviewedDigest(body: string): { digest: string; changes?: Set<string> } | undefined {
  const m = HIDDEN.exec(body)
  if (!m) return undefined
  if (m[2] === '-') return { digest: m[1] }
  return { digest: m[1], changes: new Set(m[2].split(' ').filter(h => /^[0-9a-f]{12}$/.test(h))) }
}

/** The changes of `plan` whose hash is not among those reviewed. */
export function unreviewedChanges(plan: Pick<Plan, 'changes'>, reviewed: Set<string>): PlannedChange[] {
  return plan.changes.filter(c => !reviewed.has(changeHash(c)))
}
