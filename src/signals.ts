/**
 * The one place that listens for the runner's cancel. A signal outside a held window aborts
 * the run at once (sleeps wake, requests are torn down); inside a held window it is recorded,
 * the held work is given what time the runner leaves it, and the run is aborted when the
 * window closes.
 *
 * GitHub's runner cancels a step by sending SIGINT to its process, then SIGTERM if it has not
 * exited within 7500 ms, then kills the process tree if it is still running 2500 ms later
 * ("Workflow cancellation reference":
 * https://docs.github.com/en/actions/reference/workflow-cancellation-reference).
 */
import type { Context } from './net/context.js'

export type CancelSignal = 'SIGINT' | 'SIGTERM'

export const CANCEL_SIGNALS: readonly CancelSignal[] = ['SIGINT', 'SIGTERM']

/** How long the runner lets the process live after each signal (see above). */
export const KILL_AFTER_MS: Record<CancelSignal, number> = { SIGINT: 7500 + 2500, SIGTERM: 2500 }

/** Held work ends this long before the kill, leaving time for outputs, summary and exit. */
export const EXIT_MARGIN_MS = 200

/** The conventional exit code of a process stopped by the signal (128 + its number). */
export const EXIT_CODE: Record<CancelSignal, number> = { SIGINT: 130, SIGTERM: 143 }

/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(event: CancelSignal, listener: () => void): unknown
  off(event: CancelSignal, listener: () => void): unknown
}

/** Time, injected: `now` and a timer that returns its own cancel. */
export interface Timers {
  now(): number
  after(ms: number, fn: () => void): () => void
}

export const realTimers: Timers = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  }
}

/** What held work is given: when it must stop, as an AbortSignal and as ms left. */
export interface Held {
  /**
   * Aborts `reserveMs` before the step's end (the runner's kill less the exit margin) once a
   * signal has arrived, before or during the hold; never before one arrives.
   */
  signal(reserveMs?: number): AbortSignal
  /** Ms left before that point; Infinity while no signal has been received. */
  timeLeft(reserveMs?: number): number
}

/**
 * `ctx` for held work: its requests and sleeps are aborted, and its time runs out, `reserveMs`
 * before the runner's kill once a signal has been held (never before one arrives).
 */
export function heldContext(ctx: Context, held: Held, reserveMs = 0): Context {
  return { ...ctx, signal: held.signal(reserveMs), limit: () => held.timeLeft(reserveMs) }
}

/** Runs `work` with SIGINT and SIGTERM held; `what` names it in the log. */
export type Hold = <T>(what: string, work: (held: Held) => Promise<T>) => Promise<T>

export class Cancellation {
  /** The first signal received, if any. */
  received: CancelSignal | undefined
  private readonly controller = new AbortController()
  private readonly listeners: [CancelSignal, () => void][]
  private killAt = Infinity
  private holding: string | undefined
  private readonly deadlines = new Set<{ reserveMs: number; controller: AbortController; clear?: () => void }>()

  constructor(
    private readonly log: (line: string) => void,
    private readonly source: SignalSource = process,
    private readonly timers: Timers = realTimers
  ) {
    this.listeners = CANCEL_SIGNALS.map(name => [name, () => this.receive(name)])
    for (const [name, listener] of this.listeners) source.on(name, listener)
  }

  /** Aborted when the run must stop: at a signal, or when the held window it arrived in closes. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  /** The exit code for the signal received, if any. */
  get exitCode(): number | undefined {
    return this.received && EXIT_CODE[this.received]
  }

  readonly hold: Hold = async (what, work) => {
    this.holding = what
    const held: Held = {
      signal: (reserveMs = 0) => this.deadline(reserveMs),
      timeLeft: (reserveMs = 0) => this.killAt - EXIT_MARGIN_MS - reserveMs - this.timers.now()
    }
    try {
      return await work(held)
    } finally {
      this.holding = undefined
      for (const deadline of this.deadlines) deadline.clear?.()
      this.deadlines.clear()
      if (this.received) this.controller.abort()
    }
  }

  /** Stops listening; a later signal gets Node's default (the process ends). */
  dispose(): void {
    for (const [name, listener] of this.listeners) this.source.off(name, listener)
    for (const deadline of this.deadlines) deadline.clear?.()
  }

  private receive(name: CancelSignal): void {
    const first = this.received === undefined
    this.received ??= name
    // The kill is recorded whether or not work is held: work held later (an apply that starts
    // just after the signal) must see it, stop before any write and keep its reserve.
    const killAt = this.timers.now() + KILL_AFTER_MS[name]
    if (killAt < this.killAt) {
      this.killAt = killAt
      for (const deadline of this.deadlines) this.arm(deadline)
    }
    if (this.holding === undefined) {
      if (first) this.log(`Received ${name}: stopping.`)
      this.controller.abort()
      return
    }
    this.log(
      `Received ${name} while ${this.holding}: holding it until that is done (the runner stops this step ` +
        `${KILL_AFTER_MS[name] / 1000} s after ${name}; the rest of the work gets ${Math.max(0, this.killAt - EXIT_MARGIN_MS - this.timers.now())} ms).`
    )
  }

  private deadline(reserveMs: number): AbortSignal {
    const deadline = { reserveMs, controller: new AbortController(), clear: undefined as (() => void) | undefined }
    this.deadlines.add(deadline)
    if (this.killAt !== Infinity) this.arm(deadline)
    return deadline.controller.signal
  }

  private arm(deadline: { reserveMs: number; controller: AbortController; clear?: () => void }): void {
    deadline.clear?.()
    const ms = this.killAt - EXIT_MARGIN_MS - deadline.reserveMs - this.timers.now()
    if (ms <= 0) deadline.controller.abort()
    else deadline.clear = this.timers.after(ms, () => deadline.controller.abort())
  }
}
