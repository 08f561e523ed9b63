/**
 * The context every part of a run is handed (Context): the step's time budget, the clock it is
 * measured on, where log lines go and the cancel; and what is left of the budget (timeLeft).
 */

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

/**
 * The step's context: its budget (the inputs' limits, from `startedAt`), its clock, its log and
 * its cancel. The budget takes the three limits only, so no other setting rides along with it.
 */
export function stepContext(
  limits: Omit<Budget, 'startedAt'>,
  startedAt: number,
  clock: Clock,
  log: (line: string) => void,
  signal?: AbortSignal
): Context {
  const { maxAttempts, timeoutMs, requestTimeoutMs } = limits
  return { budget: { maxAttempts, timeoutMs, requestTimeoutMs, startedAt }, clock, log, signal }
}

/** What is left of the step's budget now (≤ 0 when spent), within the outer limit if there is one. */
export function timeLeft({ budget, clock, limit }: Pick<Context, 'budget' | 'clock' | 'limit'>): number {
  const left = budget.timeoutMs - (clock.now() - budget.startedAt)
  return limit ? Math.min(left, limit()) : left
}
