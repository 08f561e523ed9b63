import { expect } from '@jest/globals'
import { FAKE_TOKEN, type FakeDoorFlow } from '../../__fixtures__/fake-doorflow.js'
import { leakedLines, runAction, type ActionRun, type RunOptions } from '../../__fixtures__/run-action.js'

/**
 * Runs `node dist/index.js` against `fake` with the fake's token; every run's log and summary
 * are scanned for `secrets` (the token always), so no test can let one slip.
 */
export async function act(
  fake: FakeDoorFlow,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
  secrets: string[] = []
): Promise<ActionRun> {
  const run = await runAction({ token: FAKE_TOKEN, 'base-url': fake.url, ...inputs }, { env })
  expect(leakedLines(run, [FAKE_TOKEN, ...secrets, ...(inputs['token'] ? [inputs['token']] : [])])).toEqual([])
  return run
}

export const errorLines = (run: ActionRun) => run.lines.filter(l => l.startsWith('::error::'))

/**
 * Sends `signal` to the action `delayMs` after `ready()` first holds (checked every 20 ms);
 * `sentAt()` says when it went.
 */
export function signalWhen(ready: () => boolean, delayMs: number, signal: NodeJS.Signals) {
  let sentAt = 0
  const onSpawn: RunOptions['onSpawn'] = child => {
    const timer = setInterval(() => {
      if (!ready()) return
      clearInterval(timer)
      setTimeout(() => {
        sentAt = Date.now()
        child.kill(signal)
      }, delayMs)
    }, 20)
    child.on('exit', () => clearInterval(timer))
  }
  return { onSpawn, sentAt: () => sentAt }
}
