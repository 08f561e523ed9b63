/**
 * Applying a plan: every change becomes one write to DoorFlow's people API, sent under the
 * project's retry policy by a small pool that shares one rate-limit gate. Revocations are
 * written, and answered, before any grant starts. A create is never blindly repeated: when
 * its answer is lost, the person is looked up by system_id first. Nothing here reads inputs
 * or fails the step: the caller gets every change's result and decides.
 */
import { timeLeft, type Context } from '../net/context.js'
import { withRetries, type AttemptsResult } from '../net/retry.js'
import type { Outcome } from '../net/http.js'
import { parseJsonObject } from '../net/json.js'
import { describeOutcome, serverSays, type Operation } from '../net/failure-messages.js'
import { doorflowOperation, doorflowRateLimit } from '../doorflow/operations.js'
import { FATAL_REASONS } from '../net/connection-errors.js'
import { notProcessed } from '../net/retry-policy.js'
import { personLabel, seconds } from '../format.js'
import { untrusted } from '../untrusted.js'
import { revokes, type Plan, type PlannedChange } from './plan.js'
import type { PersonInput } from '../doorflow/people.js'
import { Gate, runPool } from './pool.js'
import { Progress, type ChangeStatus } from './progress.js'

/** DoorFlow's people API, one request per call; retries belong to the caller. */
export interface PersonWriter {
  /** POST /api/3/people → 201 with the Person. */
  createPerson(body: PersonInput, timeoutMs: number, signal?: AbortSignal): Promise<Outcome>
  /** PUT /api/3/people/{id} → 201 with the Person. */
  updatePerson(personId: number, body: PersonInput, timeoutMs: number, signal?: AbortSignal): Promise<Outcome>
  /** DELETE /api/3/people/{id}: DoorFlow's soft delete. */
  deletePerson(personId: number, timeoutMs: number, signal?: AbortSignal): Promise<Outcome>
  /** GET /api/3/people?system_id=… → an array of Person. */
  findBySystemId(systemId: string, timeoutMs: number, signal?: AbortSignal): Promise<Outcome>
}

/** The one request a change comes to. */
export type Write =
  | { method: 'POST'; body: PersonInput }
  | { method: 'PUT'; personId: number; body: PersonInput }
  | { method: 'DELETE'; personId: number }

/** Pure: the request for a change, exactly as the plan describes it. */
export function writeFor(change: PlannedChange): Write {
  switch (change.kind) {
    case 'create': {
      const body: PersonInput = { ...change.fields, system_id: change.systemId }
      body.group_ids = change.groups.map(g => g.id)
      body.role_ids = change.roles.map(r => r.id)
      return { method: 'POST', body }
    }
    case 'update':
    case 'adopt': {
      const body: PersonInput = change.kind === 'adopt' ? { system_id: change.systemId } : {}
      for (const f of change.fields) body[f.field] = f.to
      if (change.memberships) {
        body.group_ids = [...change.memberships.groupIds]
        body.role_ids = [...change.memberships.roleIds]
      }
      return { method: 'PUT', personId: change.personId, body }
    }
    case 'remove':
      return change.mode === 'delete'
        ? { method: 'DELETE', personId: change.personId }
        : { method: 'PUT', personId: change.personId, body: { enabled: false } }
  }
}

export interface ChangeResult {
  change: PlannedChange
  status: ChangeStatus
  /** For a failure: what happened and what DoorFlow said, in one line. */
  message?: string
  /** The DoorFlow person the change wrote (for a create, the new one). */
  personId?: number
  /** For a failure: the HTTP status of DoorFlow's last answer, if one came. */
  httpStatus?: number
  /** What happened to this change, line by line (retries, look-ups), for the folded log. */
  log: string[]
  /** A failure whose write may still have reached DoorFlow (its answer was lost or cut off). */
  maybeWritten?: boolean
}

export interface ApplyCounts {
  created: number
  updated: number
  removed: number
  adopted: number
  failed: number
  notAttempted: number
}

export interface ApplyResult {
  /** Every change of the plan, in the plan's order. */
  results: ChangeResult[]
  counts: ApplyCounts
  /** Requests sent, look-ups included. */
  requests: number
  /** 429 answers received, and the time the pool stood still for them. */
  rateLimited: number
  rateLimitWaitMs: number
  /** Why changes were left unattempted, when some were. */
  stopped?: string
  elapsedMs: number
  /** Whether any write may have reached DoorFlow (applied, or cut off with its answer lost), so a sync has work to carry. */
  wrote: boolean
  /** Time kept back from the writes for the sync. */
  reserveMs: number
}

export interface ApplyOptions {
  /** Most writes in flight at once. */
  concurrency: number
  /** Least time between two progress lines. */
  progressEveryMs?: number
  /** Asked before each write starts: a reason to start no more (e.g. the job was cancelled). */
  stop?: () => string | undefined
  /** Where the early warning goes that the plan cannot fit the budget (an annotation in the action); default ctx.log. */
  warn?: (line: string) => void
  /** How the log names the person of a change (personal.ts: by id only where personal data is hidden); personLabel by default. */
  label?: (change: PlannedChange) => string
}

/**
 * Time kept back from the step's time budget (timeout-seconds), from the first write on, for the
 * sync that carries the writes to the doors. 10 s: a sync request, a retry after the 1 s backoff,
 * and a third try when DoorFlow answers in a second or two. Never more than a third of the budget,
 * so a short budget still writes. (A cancel keeps its own reserve: run.ts's SYNC_RESERVE_BEFORE_KILL_MS.)
 */
export const SYNC_RESERVE_IN_BUDGET_MS = 10_000

export function syncReserveInBudgetMs(timeoutMs: number): number {
  return Math.max(0, Math.min(SYNC_RESERVE_IN_BUDGET_MS, Math.floor(timeoutMs / 3)))
}

const PERSON_SCOPE =
  'The token needs scope account.person to change people: re-authorize with it (npm run authorize) and store the new token.'

/** Carries out `plan` through `writer`: revocations first, then grants, each at most `concurrency` at a time. */
export async function applyPlan(
  ctx: Context,
  plan: Pick<Plan, 'changes'>,
  writer: PersonWriter,
  options: ApplyOptions
): Promise<ApplyResult> {
  const { clock, budget } = ctx
  const startedAt = clock.now()
  const results: ChangeResult[] = plan.changes.map(change => ({ change, status: 'not-attempted', log: [] }))
  const reserveMs = syncReserveInBudgetMs(budget.timeoutMs)
  // Writes end `reserveMs` before the budget does: a request's timeout is cut to it, and no write
  // starts after it, so the sync after them always has its time.
  const outer = ctx.limit
  const writeCtx: Context = {
    ...ctx,
    limit: () => Math.min(outer ? outer() : Infinity, budget.timeoutMs - (clock.now() - budget.startedAt) - reserveMs)
  }
  const gate = new Gate(clock, () => timeLeft(writeCtx))
  const progress = new Progress(
    writeCtx,
    plan.changes.length,
    options.progressEveryMs ?? 10_000,
    reserveMs,
    options.warn
  )
  const stats = { requests: 0, rateLimited: 0, waitMs: 0 }
  let stopped: string | undefined

  /** Wraps one request: waits for the gate, sends, and closes the gate for everyone on a 429. */
  const through =
    (request: (timeoutMs: number, signal?: AbortSignal) => Promise<Outcome>) =>
    async (timeoutMs: number, signal?: AbortSignal): Promise<Outcome> => {
      // A gate shut past the time for writes answers for DoorFlow at once: the write fails naming DoorFlow's wait.
      const refused = await gate.pass(signal)
      if (refused) return refused
      const outcome = await request(Math.max(1, Math.min(timeoutMs, timeLeft(writeCtx))), signal)
      stats.requests++
      if (outcome.kind === 'response' && outcome.status === 429) {
        stats.rateLimited++
        const { hintMs, hintSource } = doorflowRateLimit(outcome, clock.now()) ?? {}
        const longer = gate.close(clock.now() + (hintMs ?? 1000), outcome)
        stats.waitMs += longer
        progress.rateLimited(longer, gate.opensAt - clock.now(), hintSource)
      }
      return outcome
    }

  const stop = (): string | undefined => {
    if (stopped) return stopped
    stopped = options.stop?.()
    if (stopped) return stopped
    const reserved = `writes stop ${seconds(reserveMs)} before timeout-seconds runs out, keeping that time for the sync that carries them to the doors`
    if (timeLeft(writeCtx) <= 0) {
      stopped = timeLeft(ctx) <= 0 ? 'the time budget (timeout-seconds) ran out' : reserved
    } else if (gate.opensAt - clock.now() >= timeLeft(writeCtx)) {
      stopped = `DoorFlow asked to wait ${seconds(gate.opensAt - clock.now())}, longer than the time left for writes (${reserved})`
    }
    return stopped
  }

  const apply = async (index: number): Promise<void> => {
    const result = results[index]
    const log = (line: string) => result.log.push(line)
    Object.assign(
      result,
      await applyOne(
        { ...writeCtx, log },
        result.change,
        writer,
        through,
        (options.label ?? personLabel)(result.change)
      )
    )
    // A refused token refuses every write alike: the rest are left unattempted rather than sent to fail.
    if (result.httpStatus === 401 || result.httpStatus === 403) stopped ??= result.message
    progress.finished(result.status)
  }

  // Revocations first: every one is answered before the first grant is sent.
  const order = plan.changes.map((change, index) => ({ change, index }))
  for (const phase of [order.filter(c => revokes(c.change)), order.filter(c => !revokes(c.change))]) {
    await runPool(phase, options.concurrency, ({ index }) => apply(index), stop)
  }
  for (const r of results) if (r.status === 'not-attempted' && stopped) r.log.push(`Not attempted: ${stopped}.`)

  const counts: ApplyCounts = { created: 0, updated: 0, removed: 0, adopted: 0, failed: 0, notAttempted: 0 }
  for (const r of results) {
    if (r.status === 'failed') counts.failed++
    else if (r.status === 'not-attempted') counts.notAttempted++
    else if (r.change.kind === 'create') counts.created++
    else if (r.change.kind === 'update') counts.updated++
    else if (r.change.kind === 'adopt') counts.adopted++
    else counts.removed++
  }
  const elapsedMs = clock.now() - startedAt
  writeCtx.log(appliedLine(progress.applied, plan.changes.length, counts, stats.rateLimited, stats.waitMs, elapsedMs))
  const applied = results.length - counts.failed - counts.notAttempted
  return {
    wrote: applied > 0 || results.some(r => r.maybeWritten),
    reserveMs,
    results,
    counts,
    requests: stats.requests,
    rateLimited: stats.rateLimited,
    rateLimitWaitMs: stats.waitMs,
    stopped,
    elapsedMs
  }
}

type Request = (timeoutMs: number, signal?: AbortSignal) => Promise<Outcome>
type Through = (request: Request) => Request

type Settled = Pick<ChangeResult, 'status' | 'message' | 'personId' | 'httpStatus' | 'maybeWritten'>

async function applyOne(
  ctx: Context,
  change: PlannedChange,
  writer: PersonWriter,
  through: Through,
  who: string
): Promise<Settled> {
  const write = writeFor(change)
  const verb = { create: 'Creating', update: 'Updating', adopt: 'Adopting', remove: 'Removing' }[change.kind]
  const operation = doorflowOperation(`${verb} ${who}`, PERSON_SCOPE)
  let settled: Settled
  if (write.method === 'POST') {
    settled = await create(ctx, operation, write.body, change.systemId, writer, through)
  } else {
    const send: Request =
      write.method === 'PUT'
        ? (t, signal) => writer.updatePerson(write.personId, write.body, t, signal)
        : (t, signal) => writer.deletePerson(write.personId, t, signal)
    const r = await withRetries(ctx, operation, through(send), { idempotent: true, gated: true })
    if (r.cancelled) return interrupted(operation, r)
    // A DELETE repeated after an answer was lost finds the person already gone: that is the goal reached.
    const gone = write.method === 'DELETE' && r.attempts > 1 && statusOf(r.outcome) === 404
    settled = r.ok || gone ? { status: 'applied', personId: write.personId } : failure(operation, r)
  }
  const how = { POST: 'POST /api/3/people', PUT: 'PUT /api/3/people/', DELETE: 'DELETE /api/3/people/' }[write.method]
  const target = write.method === 'POST' ? '' : String(write.personId)
  ctx.log(
    settled.status === 'applied'
      ? `✓ ${operation.label}: ${how}${target} done${settled.personId !== undefined ? ` (person ${settled.personId})` : ''}.`
      : `✗ ${settled.message}`
  )
  return settled
}

/**
 * POST under the retry policy, repeated at once only when it certainly did not arrive. When
 * the answer is lost (timeout, dropped connection, a gateway's 502/504), DoorFlow may have
 * created the person: it is looked up by system_id, and only when absent is the POST sent again.
 */
async function create(
  ctx: Context,
  operation: Operation,
  body: PersonInput,
  systemId: string,
  writer: PersonWriter,
  through: Through
): Promise<Settled> {
  // The roster's text, gated like every other word a log line takes from it.
  const shown = untrusted(systemId, 120)
  const lookUp = doorflowOperation(`Looking up ${shown} by system_id`, PERSON_SCOPE)
  for (let round = 1; ; round++) {
    const r = await withRetries(
      ctx,
      operation,
      through((t, signal) => writer.createPerson(body, t, signal)),
      {
        mayRepeat: notProcessed,
        gated: true
      }
    )
    if (r.ok) return { status: 'applied', personId: personIdIn(r.outcome) }
    if (r.cancelled) return interrupted(operation, r)
    if (!answerLost(r.outcome)) return failure(operation, r)
    ctx.log(`${operation.label}: ${describeOutcome(r.outcome!)}; the person may exist now, looking up ${shown}.`)
    const found = await withRetries(
      ctx,
      lookUp,
      through((t, signal) => writer.findBySystemId(systemId, t, signal)),
      {
        idempotent: true,
        gated: true
      }
    )
    if (!found.ok) {
      return {
        status: 'failed',
        maybeWritten: true,
        message:
          `${operation.label} failed: ${describeOutcome(r.outcome!)}, and looking the person up failed too (${found.message}). ` +
          'The person may or may not exist: run again, and the plan will show which.'
      }
    }
    const id = matchingPerson(found.outcome, systemId)
    if (id !== undefined) {
      ctx.log(`${operation.label}: DoorFlow has person ${id} with system_id ${shown}: created, not sent again.`)
      return { status: 'applied', personId: id }
    }
    const transient = r.classification?.kind === 'transient' || r.classification?.kind === 'rate-limited'
    if (!transient || round >= ctx.budget.maxAttempts || timeLeft(ctx) <= 0) return failure(operation, r)
    ctx.log(`${operation.label}: no person with system_id ${shown}, so the create did not happen; sending it again.`)
  }
}

/** Whether a request may have been carried out although no answer told so. */
function answerLost(outcome: Outcome | undefined): boolean {
  if (!outcome || notProcessed(outcome)) return false
  if (outcome.kind === 'error') return !FATAL_REASONS.has(outcome.reason)
  return outcome.status === 408 || outcome.status >= 500
}

/** A write the job's cancel cut short: it may or may not have reached DoorFlow. */
function interrupted(operation: Operation, r: AttemptsResult): Settled {
  const sent = r.outcome?.kind === 'error' && r.outcome.reason === 'cancelled'
  return {
    status: 'failed',
    maybeWritten: sent || answerLost(r.outcome),
    message: `${operation.label}: cancelled${sent ? ' while the request was under way (DoorFlow may have received it)' : ''}. Run again: the plan shows what is still missing.`
  }
}

function failure(operation: Operation, r: AttemptsResult): Settled {
  const status = statusOf(r.outcome)
  if (status === 422 && r.outcome?.kind === 'response') {
    return {
      status: 'failed',
      httpStatus: status,
      message: `${operation.label} failed: DoorFlow rejected the data (HTTP 422: ${validationText(r.outcome.body)}). Fix the person in the roster and run again.`
    }
  }
  if (status === 404) {
    return {
      status: 'failed',
      httpStatus: status,
      message: `${operation.label} failed: DoorFlow has no such person any more (HTTP 404). Run again: the plan is made afresh from DoorFlow's people.`
    }
  }
  return {
    status: 'failed',
    httpStatus: status,
    maybeWritten: answerLost(r.outcome),
    message: r.message ?? `${operation.label} failed.`
  }
}

/** DoorFlow's words from a 422, gated: its error text, then each field's errors ("email: has already been taken"). */
export function validationText(body: string): string {
  const json = parseJsonObject(body)
  const errors = json?.['errors']
  const fields =
    errors && typeof errors === 'object' && !Array.isArray(errors)
      ? Object.entries(errors as Record<string, unknown>).map(([field, list]) => {
          const texts = (Array.isArray(list) ? list : [list]).filter(t => typeof t === 'string')
          return `${untrusted(field, 40)}: ${untrusted(texts.join(', '), 200)}`
        })
      : []
  return untrusted([serverSays(body), ...fields].filter(Boolean).join('; '), 400) || 'no reason given'
}

function statusOf(outcome: Outcome | undefined): number | undefined {
  return outcome?.kind === 'response' ? outcome.status : undefined
}

function personIdIn(outcome: Outcome | undefined): number | undefined {
  const id = outcome?.kind === 'response' ? parseJsonObject(outcome.body)?.['id'] : undefined
  return typeof id === 'number' ? id : undefined
}

/** The id of the person whose system_id is exactly `systemId` in a GET /api/3/people answer. */
function matchingPerson(outcome: Outcome | undefined, systemId: string): number | undefined {
  if (outcome?.kind !== 'response') return undefined
  let list: unknown
  try {
    list = JSON.parse(outcome.body)
  } catch {
    return undefined
  }
  if (!Array.isArray(list)) return undefined
  const person = (list as Record<string, unknown>[]).find(
    p => typeof p === 'object' && p !== null && p['system_id'] === systemId && typeof p['id'] === 'number'
  )
  return person?.['id'] as number | undefined
}

/** The apply's last line: how many changes were applied of how many, by kind, and the rate limit's cost. */
function appliedLine(
  applied: number,
  total: number,
  counts: ApplyCounts,
  rateLimited: number,
  waitMs: number,
  elapsedMs: number
): string {
  const limited = rateLimited ? `; ${rateLimited} rate-limit answers, ${seconds(waitMs)} waited for them` : ''
  const skipped = counts.notAttempted ? `, ${counts.notAttempted} not attempted` : ''
  return (
    `Applied ${applied} of ${total} changes in ${seconds(elapsedMs)} (${counts.created} created, ${counts.updated} updated, ` +
    `${counts.adopted} adopted, ${counts.removed} removed; ${counts.failed} failed${skipped})${limited}.`
  )
}
