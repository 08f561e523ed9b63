/**
 * GitHub's rate limits, as GitHub documents them ("Rate limits for the REST API",
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api, and "Best
 * practices for using the REST API",
 * https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api):
 *
 * - A primary or secondary limit answers 403 or 429. With `retry-after`, wait that many seconds;
 *   else, with `x-ratelimit-remaining: 0`, wait until `x-ratelimit-reset` (UTC epoch seconds);
 *   else wait at least a minute, longer while it persists (gitHubRateLimit, the rule classify asks).
 * - POST, PATCH, PUT and DELETE go one at a time, at least a second apart (WritePacer); a POST to
 *   GraphQL holding only a query is a read (request.ts, isWrite).
 *
 * A 403 that is none of these (no rate-limit header, no secondary-limit message) is a refusal:
 * the token's permissions, said as such by operations.ts.
 */
import { header } from '../net/http.js'
import { parseJsonObject } from '../net/json.js'
import { parseRetryAfter, type RateLimitRule } from '../net/retry-policy.js'
import type { Clock } from '../net/context.js'

/** The least wait GitHub asks for after a rate limit that names none: one minute. */
export const GITHUB_LEAST_WAIT_MS = 60_000

/** GitHub's error message for a secondary rate limit ("You have exceeded a secondary rate limit…"). */
const SECONDARY = /\bsecondary rate limit/i

/**
 * Which of GitHub's answers are a rate limit, and the wait each names. Only 403 and 429 can be.
 * `retry-after` first; then, when `x-ratelimit-remaining` is 0, `x-ratelimit-reset` measured
 * against the answer's own Date header (so a runner whose clock is off waits as long as GitHub
 * means); else — a 429, or a 403 whose message names the secondary limit — no wait is named and
 * the least is a minute (doubled by decide while it persists).
 */
export const gitHubRateLimit: RateLimitRule = (answer, now) => {
  if (answer.status !== 403 && answer.status !== 429) return undefined
  const { headers } = answer
  const date = header(headers, 'date')
  const retryAfter = parseRetryAfter(header(headers, 'retry-after'), date, now)
  if (retryAfter !== undefined) return { hintMs: retryAfter, hintSource: 'retry-after' }
  const none = { hintMs: undefined, hintSource: undefined, floorMs: GITHUB_LEAST_WAIT_MS }
  if (header(headers, 'x-ratelimit-remaining')?.trim() === '0') {
    const reset = header(headers, 'x-ratelimit-reset')?.trim() ?? ''
    if (!/^\d{1,12}$/.test(reset)) return none
    const serverNow = date ? Date.parse(date) : NaN
    const reference = Number.isNaN(serverNow) ? now : serverNow
    return { hintMs: Math.max(0, Number(reset) * 1000 - reference), hintSource: 'x-ratelimit-reset' }
  }
  const message = parseJsonObject(answer.body)?.['message']
  if (answer.status === 429 || (typeof message === 'string' && SECONDARY.test(message))) return none
  return undefined
}

/** GitHub's "mutative" requests, which it asks to be sent one at a time and a second apart. */
export const MUTATIVE: ReadonlySet<string> = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

/** The least time between the end of one write to GitHub and the start of the next. */
export const WRITE_GAP_MS = 1000

/**
 * Writes to GitHub one at a time, each starting at least `gapMs` after the previous one's answer
 * (or failure) came: a queue, so writes that are asked for together still go in turn. The wait
 * is the run's clock's, so it is cancelled with the run and takes no time in unit tests.
 */
export class WritePacer {
  private lastEndedAt = -Infinity
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly clock: Clock,
    readonly gapMs = WRITE_GAP_MS
  ) {}

  /** Runs `write` in its turn; it is told how long it waited for that turn (its queue place and the gap). */
  run<T>(write: (waitedMs: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const askedAt = this.clock.now()
    const turn = this.queue.then(async () => {
      const wait = this.lastEndedAt + this.gapMs - this.clock.now()
      if (wait > 0 && !signal?.aborted) await this.clock.sleep(wait, signal)
      try {
        return await write(this.clock.now() - askedAt)
      } finally {
        this.lastEndedAt = this.clock.now()
      }
    })
    this.queue = turn.catch(() => undefined)
    return turn
  }
}

/** One pacer per clock: every write of a run to GitHub shares its run's (the step's real clock in the action). */
const pacers = new WeakMap<Clock, WritePacer>()

export function writePacer(clock: Clock): WritePacer {
  let pacer = pacers.get(clock)
  if (!pacer) pacers.set(clock, (pacer = new WritePacer(clock)))
  return pacer
}
