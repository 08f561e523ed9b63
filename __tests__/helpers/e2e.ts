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

/**
 * The run's "Time spent" in its job summary, in ms: the action's own clock from the process's
 * start (src/index.ts) to its report, rounded to a tenth of a second. What a budget bounds is
 * this: the action's decisions, which no load on the test machine moves. The test's wall clock
 * around the process also holds the teardown after the report (the summary file, and under
 * `npm test` the V8 coverage the process writes at exit), which on a loaded machine can take
 * a second or more.
 */
export function timeSpent(run: ActionRun): number {
  const cell = /<td>Time spent<\/td><td>(\d+(?:\.\d)?) s<\/td>/.exec(run.summary)
  if (!cell) throw new Error('the job summary has no Time spent row')
  return Number(cell[1]) * 1000
}
