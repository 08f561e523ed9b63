import type { Clock } from '../net/context.js'
import type { Outcome } from '../net/http.js'

/**
 * A shared rate-limit gate: when DoorFlow answers one write with a 429, no write of the pool
 * starts until the time it named. Writes already in flight finish as they will (a 429 among
 * them only pushes the gate further). The gate never waits into a certain failure: a write
 * that would have to wait past the time left (`left`, the step's budget) is refused at once.
 */
export class Gate {
  private until = 0
  /** The answer that set `until`. */
  private shutBy: Outcome | undefined

  constructor(
    private readonly clock: Clock,
    /** Ms left of the step's budget; a wait as long is refused rather than slept. */
    private readonly left: () => number = () => Infinity
  ) {}

  /**
   * Keeps every new write back until `at` (ms), because of `answer` (DoorFlow's 429); returns
   * how much longer than before the gate now stays shut.
   */
  close(at: number, answer: Outcome): number {
    const before = Math.max(this.until, this.clock.now())
    if (at <= before) return 0
    this.until = at
    this.shutBy = answer
    return at - before
  }

  /** When the gate opens again (ms); at or before now when it is open. */
  get opensAt(): number {
    return this.until
  }

  /**
   * Resolves with undefined once the gate is open (or `signal` aborts); a gate closed further
   * while waiting is waited out too. When the gate stays shut for at least the time left, it
   * resolves at once with the answer that shut it, for the caller to take as this write's own:
   * DoorFlow has asked every write to wait longer than the step may run, so the write fails
   * now, naming DoorFlow's figure, instead of sleeping until the runner kills the step.
   */
  async pass(signal?: AbortSignal): Promise<Outcome | undefined> {
    for (let wait = this.until - this.clock.now(); wait > 0 && !signal?.aborted; wait = this.until - this.clock.now()) {
      if (wait >= this.left()) return this.shutBy
      await this.clock.sleep(wait, signal)
    }
    return undefined
  }
}

/**
 * Runs `work` on every item with at most `concurrency` at once, in the items' order of
 * starting. Before each start `stop()` is asked; once it names a reason no further item
 * starts (those in flight finish). Returns the indexes that never started.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  stop: () => string | undefined = () => undefined
): Promise<number[]> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length && stop() === undefined) {
      const index = next++
      await work(items[index], index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
  return Array.from({ length: items.length - next }, (_, i) => next + i)
}
