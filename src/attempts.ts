import type { Outcome } from './http.js'
import { failureMessage, retryLine, type Operation } from './messages.js'
import { BACKOFF, classify, decide, type RetryPolicy, type Verdict } from './retry.js'

/** Time and chance, passed in so that tests can run a 60-second wait in no time. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: () => Math.random()
}

export interface Budget {
  maxAttempts: number
  /** The step's whole budget, measured from startedAt. */
  timeoutMs: number
  requestTimeoutMs: number
  startedAt: number
}

/** What every part of a run shares: its budget, its clock and where its log lines go. */
export interface Context {
  budget: Budget
  clock: Clock
  log: (line: string) => void
}

/** What is left of the step's budget now (≤ 0 when spent). */
export function timeLeft({ budget, clock }: Pick<Context, 'budget' | 'clock'>): number {
  return budget.timeoutMs - (clock.now() - budget.startedAt)
}

export interface AttemptsResult {
  ok: boolean
  /** The last exchange; undefined only when no attempt could start. */
  outcome: Outcome | undefined
  verdict: Verdict | undefined
  attempts: number
  /** The one-line failure, when not ok. */
  message?: string
}

export interface RetryOptions {
  /** On a 429: true ends the loop as a success (a sync that covers this run is already under way). */
  onRateLimited?: () => Promise<boolean>
  /** Whether a failed request may be sent again; false where repeating could do harm. */
  mayRepeat?: (outcome: Outcome) => boolean
  /** The request is idempotent (a PUT or DELETE), so every 5xx is worth another try. */
  idempotent?: boolean
}

/**
 * Sends `attempt` until it succeeds, fails for good, or runs out of attempts or budget. Each
 * request is limited to the smaller of the request timeout and the budget left.
 */
export async function withRetries(
  ctx: Context,
  operation: Operation,
  attempt: (timeoutMs: number) => Promise<Outcome>,
  options: RetryOptions = {}
): Promise<AttemptsResult> {
  const { budget, clock, log } = ctx
  const { onRateLimited, mayRepeat, idempotent } = options
  const policy: RetryPolicy = { maxAttempts: budget.maxAttempts, timeoutMs: budget.timeoutMs, ...BACKOFF }
  let outcome: Outcome | undefined
  let verdict: Verdict | undefined
  for (let n = 1; ; n++) {
    const left = timeLeft(ctx)
    if (left <= 0) {
      const elapsedMs = clock.now() - budget.startedAt
      const message = outcome
        ? failureMessage({
            operation,
            outcome,
            verdict: verdict!,
            decision: { action: 'give-up', why: 'budget' },
            attempts: n - 1,
            elapsedMs,
            timeoutMs: budget.timeoutMs
          })
        : `${operation.label} failed: no time left in timeout-seconds (${budget.timeoutMs / 1000} s) to send a request.`
      return { ok: false, outcome, verdict, attempts: n - 1, message }
    }
    outcome = await attempt(Math.min(budget.requestTimeoutMs, left))
    verdict = classify(outcome, clock.now(), idempotent)
    if (verdict.kind === 'success') return { ok: true, outcome, verdict, attempts: n }
    if (verdict.kind === 'rate-limited' && onRateLimited && (await onRateLimited())) {
      return { ok: true, outcome, verdict, attempts: n }
    }
    const elapsedMs = clock.now() - budget.startedAt
    const decision =
      mayRepeat && !mayRepeat(outcome) && (verdict.kind === 'transient' || verdict.kind === 'rate-limited')
        ? ({ action: 'give-up', why: 'unsafe' } as const)
        : decide(verdict, n, elapsedMs, policy, () => clock.random())
    if (decision.action !== 'retry') {
      const message = failureMessage({
        operation,
        outcome,
        verdict,
        decision,
        attempts: n,
        elapsedMs,
        timeoutMs: budget.timeoutMs
      })
      return { ok: false, outcome, verdict, attempts: n, message }
    }
    log(retryLine(operation, n, budget.maxAttempts, outcome, verdict, decision.delayMs))
    await clock.sleep(decision.delayMs)
  }
}
