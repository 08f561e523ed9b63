import type { Outcome } from './http.js'
import { failureMessage, retryLine, type Operation } from '../messages.js'
import { BACKOFF, classify, decide, type RetryPolicy, type Verdict } from './retry-policy.js'

/** Time and chance, passed in so that tests can run a 60-second wait in no time. */
export interface Clock {
  now(): number
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  random(): number
}

/**
 * The longest delay a Node timer holds (2^31−1 ms, about 24.8 days): a longer one fires at once,
 * with a TimeoutOverflowWarning. Longer sleeps are made of timers no longer than this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise(resolve => {
      if (signal?.aborted) return resolve()
      let timer: ReturnType<typeof setTimeout> | undefined
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const arm = (left: number) => {
        const step = Math.min(left, MAX_TIMER_MS)
        timer = setTimeout(left > step ? () => arm(left - step) : done, step)
      }
      arm(ms)
      signal?.addEventListener('abort', done, { once: true })
    }),
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
  /** Aborts sleeps and requests in flight: the run is cancelled, or a held window must end. */
  signal?: AbortSignal
  /** An outer limit in ms left (e.g. before the runner kills a cancelled step); the budget stays the other one. */
  limit?: () => number
}

/** What is left of the step's budget now (≤ 0 when spent), within the outer limit if there is one. */
export function timeLeft({ budget, clock, limit }: Pick<Context, 'budget' | 'clock' | 'limit'>): number {
  const left = budget.timeoutMs - (clock.now() - budget.startedAt)
  return limit ? Math.min(left, limit()) : left
}

export interface AttemptsResult<T = never> {
  ok: boolean
  /** What onRateLimited found that made the run a success without a request of its own. */
  found?: T
  /** The last exchange; undefined only when no attempt could start. */
  outcome: Outcome | undefined
  verdict: Verdict | undefined
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
  const { onRateLimited, mayRepeat, idempotent } = options
  let outcome: Outcome | undefined
  let verdict: Verdict | undefined
  const cancelled = (attempts: number): AttemptsResult<T> => ({
    ok: false,
    outcome,
    verdict,
    attempts,
    cancelled: true,
    message: `${operation.label}: cancelled after ${attempts} attempt${attempts === 1 ? '' : 's'}.`
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
            verdict: verdict!,
            decision: { action: 'give-up', why: 'budget' },
            attempts: n - 1,
            elapsedMs,
            timeoutMs: budget.timeoutMs
          })
        : `${operation.label} failed: no time left in timeout-seconds (${budget.timeoutMs / 1000} s) to send a request.`
      return { ok: false, outcome, verdict, attempts: n - 1, message }
    }
    outcome = await attempt(Math.min(budget.requestTimeoutMs, left), signal)
    verdict = classify(outcome, clock.now(), idempotent)
    // An answer that arrived is kept even when the signal came with it: it may carry a rotated token.
    if (verdict.kind === 'success') return { ok: true, outcome, verdict, attempts: n }
    if (signal?.aborted) return cancelled(n)
    const elapsedMs = clock.now() - budget.startedAt
    // The budget as it stands now: an outer limit (ctx.limit) can shorten it between attempts.
    const policy: RetryPolicy = { maxAttempts: budget.maxAttempts, timeoutMs: elapsedMs + timeLeft(ctx), ...BACKOFF }
    const decision =
      mayRepeat && !mayRepeat(outcome) && (verdict.kind === 'transient' || verdict.kind === 'rate-limited')
        ? ({ action: 'give-up', why: 'unsafe' } as const)
        : decide(verdict, n, elapsedMs, policy, () => clock.random())
    const waitStart = clock.now()
    if (decision.action === 'retry')
      log(retryLine(operation, n, budget.maxAttempts, outcome, verdict, decision.delayMs))
    if (verdict.kind === 'rate-limited' && onRateLimited) {
      const retrying = decision.action === 'retry'
      const found = await onRateLimited(retrying ? decision.delayMs : Math.max(0, timeLeft(ctx)), !retrying)
      if (found !== undefined) return { ok: true, outcome, verdict, attempts: n, found }
      if (signal?.aborted) return cancelled(n)
    }
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
    await clock.sleep(Math.max(0, decision.delayMs - (clock.now() - waitStart)), signal)
  }
}
