import type { Clock } from '../attempts.js'

/**
 * A shared rate-limit gate: when DoorFlow answers one write with a 429, no write of the pool
 * starts until the time it named. Writes already in flight finish as they will (a 429 among
 * them only pushes the gate further).
 */
export class Gate {
  private until = 0

  constructor(private readonly clock: Clock) {}

  /** Keeps every new write back until `at` (ms); returns how much longer than before the gate now stays shut. */
  close(at: number): number {
    const before = Math.max(this.until, this.clock.now())
    if (at <= before) return 0
    this.until = at
    return at - before
  }

  /** When the gate opens again (ms); at or before now when it is open. */
  get opensAt(): number {
    return this.until
  }

  /** Resolves once the gate is open (or `signal` aborts); a gate closed further while waiting is waited out too. */
  async pass(signal?: AbortSignal): Promise<void> {
    for (let wait = this.until - this.clock.now(); wait > 0 && !signal?.aborted; wait = this.until - this.clock.now()) {
      await this.clock.sleep(wait, signal)
    }
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
