/**
 * What a person watching a long apply reads: the pace of the writes (pure, from counts and times),
 * and the progress lines, at most one per interval, with an early warning when the plan cannot fit
 * the budget at the pace measured. writes.ts reports to it as each write finishes.
 */
import { timeLeft, type Context } from '../net/context.js'
import { duration, seconds } from '../format.js'

/** What became of one change of the plan. */
export type ChangeStatus = 'applied' | 'failed' | 'not-attempted'

/** The pace of an apply, once enough writes have finished to measure it. */
export interface Pace {
  /** Writes finished per second so far. */
  perSecond: number
  /** Time the remaining writes need at that pace. */
  etaMs: number
  /** Whether they fit in the time left before the sync reserve. */
  fits: boolean
  /** The timeout-seconds that would fit the whole run at this pace (whole minutes), when they do not. */
  timeoutSeconds?: number
}

/** Writes and time needed before a pace is worth telling. */
const PACE_MIN_WRITES = 10
const PACE_MIN_MS = 2000

/**
 * Pure: the pace, from `done` writes finished in `applyingMs`, with `remaining` still to write and
 * `leftMs` before the sync reserve. `stepElapsedMs` (since the step began) and `reserveMs` size the
 * timeout-seconds to suggest, with a quarter kept spare for a slower DoorFlow.
 */
export function pace(p: {
  done: number
  applyingMs: number
  remaining: number
  leftMs: number
  stepElapsedMs: number
  reserveMs: number
}): Pace | undefined {
  if (p.done < PACE_MIN_WRITES || p.applyingMs < PACE_MIN_MS) return undefined
  const perSecond = (p.done * 1000) / p.applyingMs
  const etaMs = Math.ceil((p.remaining * 1000) / perSecond)
  if (etaMs <= p.leftMs) return { perSecond, etaMs, fits: true }
  const needMs = p.stepElapsedMs + etaMs * 1.25 + p.reserveMs
  return { perSecond, etaMs, fits: false, timeoutSeconds: Math.ceil(needMs / 60_000) * 60 }
}

/**
 * Progress lines a person can follow during a long apply: at most one per `everyMs` (with the
 * pace and the time still needed), one for each long wait, and one early warning when the plan
 * cannot fit the budget at the pace measured.
 */
export class Progress {
  /** Changes applied so far. */
  applied = 0
  private failed = 0
  private lastAt: number
  private readonly startedAt: number
  private warned = false
  /** Rate-limit answers and time the pool stood still since the last line. */
  private limited = 0
  private waitedMs = 0

  constructor(
    private readonly ctx: Context,
    private readonly total: number,
    private readonly everyMs: number,
    private readonly reserveMs: number,
    private readonly warn: (line: string) => void = ctx.log
  ) {
    this.lastAt = this.startedAt = ctx.clock.now()
  }

  finished(status: ChangeStatus): void {
    if (status === 'applied') this.applied++
    else if (status === 'failed') this.failed++
    const now = this.pace()
    if (now && !now.fits && !this.warned) {
      this.warned = true
      const done = this.applied + this.failed
      this.warn(
        `At ${now.perSecond.toFixed(1)} writes/s, the ${this.total - done} changes left need about ${duration(now.etaMs)}, ` +
          `but ${duration(Math.max(0, timeLeft(this.ctx)))} are left for writes in timeout-seconds: the rest will be left for a re-run. ` +
          `To apply this plan in one run, set timeout-seconds: ${now.timeoutSeconds}.`
      )
    }
    if (this.due()) this.line('')
  }

  private pace(): Pace | undefined {
    const { clock, budget } = this.ctx
    const done = this.applied + this.failed
    return pace({
      done,
      applyingMs: clock.now() - this.startedAt,
      remaining: this.total - done,
      leftMs: Math.max(0, timeLeft(this.ctx)),
      stepElapsedMs: clock.now() - budget.startedAt,
      reserveMs: this.reserveMs
    })
  }

  /** A 429 that kept the pool back `longerMs` more, until `waitMs` from now. */
  rateLimited(longerMs: number, waitMs: number, source: string | undefined): void {
    this.limited++
    this.waitedMs += longerMs
    if (longerMs === 0 || !(waitMs >= this.everyMs || this.due())) return
    this.line(`; DoorFlow is rate limiting writes: every write waits ${seconds(waitMs)}${source ? ` (${source})` : ''}`)
  }

  private due(): boolean {
    return this.ctx.clock.now() - this.lastAt >= this.everyMs
  }

  private line(now: string): void {
    const remaining = this.total - this.applied - this.failed
    const since = this.limited
      ? `; ${this.limited} rate-limit answers since the last line, ${seconds(this.waitedMs)} waited`
      : ''
    const p = this.pace()
    const eta = p ? `; ${p.perSecond.toFixed(1)} writes/s, about ${duration(p.etaMs)} to go` : ''
    this.ctx.log(
      `Applying: ${this.applied} applied, ${this.failed} failed, ${remaining} remaining${eta}${now || since}.`
    )
    this.lastAt = this.ctx.clock.now()
    this.limited = 0
    this.waitedMs = 0
  }
}
