import type { Outcome } from './http.js'
import { failureMessage, retryLine, type Operation } from './failure-messages.js'
import { BACKOFF, classify, decide, type RetryPolicy, type Classification } from './retry-policy.js'
import { timeLeft, type Context } from './context.js'
import { plural, seconds } from '../format.js'

export interface AttemptsResult<T = never> {
  ok: boolean
  /** What onRateLimited found that made the run a success without a request of its own. */
  found?: T
  /** The last exchange; undefined only when no attempt could start. */
  outcome: Outcome | undefined
  classification: Classification | undefined
  attempts: number
  /** The one-line failure, when not ok. */
  message?: string
  /** ctx.signal aborted the loop (between attempts, in a wait or in a request). */
  cancelled?: boolean
}

export interface RetryOptions<T> {
  /**
   * On a 429, inside the wait before the retry: `withinMs` is the time it may take (the retry
   * goes out at the named moment however long it took; when no retry follows, the budget left),
   * `final` that no retry follows. Something found (a sync that covers this run) ends the loop
   * as a success that carries it.
   */
  onRateLimited?: (withinMs: number, final: boolean) => Promise<T | undefined>
  /** Whether a failed request may be sent again; false where repeating could do harm. */
  mayRepeat?: (outcome: Outcome) => boolean
  /** The request is idempotent (a PUT or DELETE), so every 5xx is worth another try. */
  idempotent?: boolean
  /**
   * The attempt waits at a gate of the caller's that a rate limit closes until the moment the
   * service named (the apply's pool, roster/pool.ts): a retry after a named wait then waits
   * there, exactly that long, with no spread on top and no sleep of its own, so that it goes out
   * the moment the gate opens, with the rest of the pool, and not later.
   */
  gated?: boolean
}

/**
 * Sends `attempt` until it succeeds, fails for good, or runs out of attempts or budget. Each
 * request is limited to the smaller of the request timeout and the budget left.
 */
export async function withRetries<T = never>(
  ctx: Context,
  operation: Operation,
  attempt: (timeoutMs: number, signal?: AbortSignal) => Promise<Outcome>,
  options: RetryOptions<T> = {}
): Promise<AttemptsResult<T>> {
  const { budget, clock, log, signal } = ctx
  const { onRateLimited, mayRepeat, idempotent, gated } = options
  let outcome: Outcome | undefined
  let classification: Classification | undefined
  const cancelled = (attempts: number): AttemptsResult<T> => ({
    ok: false,
    outcome,
    classification,
    attempts,
    cancelled: true,
    message: `${operation.label}: cancelled after ${plural(attempts, 'attempt')}.`
  })
  for (let n = 1; ; n++) {
    if (signal?.aborted) return cancelled(n - 1)
    const left = timeLeft(ctx)
    if (left <= 0) {
      const elapsedMs = clock.now() - budget.startedAt
      const message = outcome
        ? failureMessage({
            operation,
            outcome,
            classification: classification!,
            decision: { action: 'give-up', why: 'budget' },
            attempts: n - 1,
            elapsedMs,
            timeoutMs: budget.timeoutMs
          })
        : `${operation.label} failed: no time left in timeout-seconds (${seconds(budget.timeoutMs)}) to send a request.`
      return { ok: false, outcome, classification, attempts: n - 1, message }
    }
    outcome = await attempt(Math.min(budget.requestTimeoutMs, left), signal)
    const judgedAt = clock.now()
    classification = classify(outcome, judgedAt, idempotent, operation.service.rateLimit)
    // An answer that arrived is kept even when the signal came with it: it may carry a rotated token.
    if (classification.kind === 'success') return { ok: true, outcome, classification, attempts: n }
    if (signal?.aborted) return cancelled(n)
    const elapsedMs = clock.now() - budget.startedAt
    // The budget as it stands now: an outer limit (ctx.limit) can shorten it between attempts.
    const atGate = gated === true && classification.kind === 'rate-limited' && classification.hintMs !== undefined
    const policy: RetryPolicy = {
      maxAttempts: budget.maxAttempts,
      timeoutMs: elapsedMs + timeLeft(ctx),
      ...BACKOFF,
      ...(atGate ? { spreadMs: 0 } : {})
    }
    // A rate limit is a refusal: the service did nothing, so even a request that must not run twice goes again.
    const decision =
      mayRepeat && !mayRepeat(outcome) && classification.kind === 'transient'
        ? ({ action: 'give-up', why: 'unsafe' } as const)
        : decide(classification, n, elapsedMs, policy, () => clock.random())
    const waitStart = clock.now()
    if (decision.action === 'retry')
      log(retryLine(operation, n, budget.maxAttempts, outcome, classification, decision.delayMs))
    if (classification.kind === 'rate-limited' && onRateLimited) {
      const retrying = decision.action === 'retry'
      const found = await onRateLimited(retrying ? decision.delayMs : Math.max(0, timeLeft(ctx)), !retrying)
      if (found !== undefined) return { ok: true, outcome, classification, attempts: n, found }
      if (signal?.aborted) return cancelled(n)
    }
    if (decision.action !== 'retry') {
      const message = failureMessage({
        operation,
        outcome,
        classification,
        decision,
        attempts: n,
        elapsedMs,
        timeoutMs: budget.timeoutMs,
        now: judgedAt
      })
      return { ok: false, outcome, classification, attempts: n, message }
    }
    if (!atGate) await clock.sleep(Math.max(0, decision.delayMs - (clock.now() - waitStart)), signal)
  }
}
