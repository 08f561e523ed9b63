/**
 * Runs the action's `run()` inside the test process, so that coverage sees main.ts, sign-in.ts,
 * github-secrets.ts and doorflow.ts. Nothing is mocked: inputs are INPUT_<NAME> variables and
 * the outputs and summary real files, exactly as for `node dist/index.js`, and every request
 * goes over a real socket to the fakes on loopback. Waits run in no time on a fast clock.
 *
 * What a run changes for the whole process is put back after it: the environment,
 * process.exitCode, and stdout (captured while the run lasts). Cancel signals come from an
 * EventEmitter of the test, never from the process.
 */
import { jest } from '@jest/globals'
import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { realClock, type Clock } from '../../src/net/retry.js'
import { run } from '../../src/main.js'
import { parseOutputFile } from '../../__fixtures__/run-action.js'

export interface InProcessRun {
  /** process.exitCode as the run left it (1 when the step failed, 130/143 when cancelled). */
  exitCode: number | undefined
  lines: string[]
  outputs: Record<string, string>
  summary: string
  /** How long the clock was made to wait, in total. */
  waitedMs: number
}

/**
 * A clock whose waits take (almost) no time: a wait of `ms` really lasts `ms × realShare`, and
 * `now()` is real time plus the rest of every wait so far, so that request deadlines (real
 * timers), the fakes' real-time plans and the budget (this clock) still agree.
 */
export function fastClock(realShare = 0): Clock & { waitedMs: number } {
  const clock = {
    waitedMs: 0,
    now: () => Date.now() + clock.waitedMs,
    sleep: async (ms: number, signal?: AbortSignal) => {
      const real = Math.round(ms * realShare)
      clock.waitedMs += ms - real
      if (real > 0) await realClock.sleep(real, signal)
    },
    random: () => 0.5
  }
  return clock
}

/**
 * One directory per test file: @actions/core resolves GITHUB_STEP_SUMMARY once per module
 * instance, so every run of a file writes the same (emptied) files.
 */
const dir = mkdtempSync(join(tmpdir(), 'doorflow-in-process-'))
const outputFile = join(dir, 'output')
const summaryFile = join(dir, 'summary')

export function removeRunFiles(): void {
  rmSync(dir, { recursive: true, force: true })
}

export interface InProcessOptions {
  env?: Record<string, string>
  clock?: Clock & { waitedMs: number }
  signals?: EventEmitter
  /** Called once the run has started, e.g. to send a signal. */
  during?: (signals: EventEmitter) => void
}

export async function runInProcess(
  inputs: Record<string, string>,
  options: InProcessOptions = {}
): Promise<InProcessRun> {
  const savedEnv = { ...process.env }
  const savedExitCode = process.exitCode
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  // The event is the test's to set: this repository's own CI runs on pull requests, where dry-run auto plans.
  delete process.env['GITHUB_EVENT_NAME']
  Object.assign(process.env, { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...options.env })
  delete process.env['RUNNER_DEBUG']
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value

  let stdout = ''
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  })
  const clock = options.clock ?? fastClock()
  const signals = options.signals ?? new EventEmitter()
  process.exitCode = undefined
  try {
    const running = run(clock, signals)
    options.during?.(signals)
    await running
    return {
      exitCode: typeof process.exitCode === 'number' ? process.exitCode : undefined,
      lines: stdout.split('\n').filter(Boolean),
      outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      waitedMs: clock.waitedMs
    }
  } finally {
    write.mockRestore()
    process.exitCode = savedExitCode
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name]
    Object.assign(process.env, savedEnv)
  }
}
