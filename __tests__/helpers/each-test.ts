import { afterEach, beforeEach } from '@jest/globals'
import type { Context } from '../../src/net/context.js'
import { fastClock } from './virtual-clock.js'

/**
 * A fake server of its own for every test of the suite: `start` runs before each test and the
 * server is closed after it. Returns the running one (call it inside a test or a hook).
 */
export function fakeEachTest<T extends { close(): unknown }>(start: () => Promise<T>): () => T {
  let server: T | undefined
  beforeEach(async () => {
    server = await start()
  })
  afterEach(async () => {
    await server?.close()
    server = undefined
  })
  return () => {
    if (server === undefined) throw new Error('fakeEachTest: the fake runs only inside a test')
    return server
  }
}

/**
 * The context an in-process client test runs a request in: two attempts, 30 s in all, 5 s a
 * request, on a clock whose waits take no time, and no log.
 */
export function clientContext(): Context {
  const clock = fastClock()
  return {
    budget: { maxAttempts: 2, timeoutMs: 30_000, requestTimeoutMs: 5_000, startedAt: clock.now() },
    clock,
    log: () => {}
  }
}
