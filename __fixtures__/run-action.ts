/**
 * Runs the committed bundle, `node dist/index.js`, the way the runner does: inputs as
 * INPUT_<NAME> variables (upper-cased, hyphens kept), and real GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files. Used by the end-to-end tests, the demo and the benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const BUNDLE = join(ROOT, 'dist', 'index.js')

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  /** stdout and stderr, line by line. */
  lines: string[]
  outputs: Record<string, string>
  summary: string
  startedAt: number
  endedAt: number
  /** When the last output came (stdout or stderr), or endedAt when there was none. */
  lastOutputAt: number
}

export interface RunOptions {
  /** Extra environment, e.g. RUNNER_DEBUG or proxy variables. */
  env?: Record<string, string>
  /** The script to run instead of dist/index.js. */
  entry?: string
  /** Called with the running process, e.g. to send it a signal. */
  onSpawn?: (child: ChildProcess) => void
}

export async function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'doorflow-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    // Under `npm test`, script/test.mjs names a directory: each run leaves its V8 coverage there,
    // which the runner maps back to src/ through dist/*.js.map once jest is done.
    ...(process.env['DOORFLOW_BUNDLE_COVERAGE'] ? { NODE_V8_COVERAGE: process.env['DOORFLOW_BUNDLE_COVERAGE'] } : {}),
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value

  const startedAt = Date.now()
  const child = spawn(process.execPath, [options.entry ?? BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  let lastOutputAt: number | undefined
  child.stdout.on('data', d => ((stdout += d), (lastOutputAt = Date.now())))
  child.stderr.on('data', d => ((stderr += d), (lastOutputAt = Date.now())))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const endedAt = Date.now()
  const run: ActionRun = {
    code,
    stdout,
    stderr,
    lines: `${stdout}\n${stderr}`.split('\n').filter(l => l !== ''),
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    startedAt,
    endedAt,
    lastOutputAt: lastOutputAt ?? endedAt
  }
  rmSync(dir, { recursive: true, force: true })
  return run
}

/** Parses the `name<<delimiter` blocks that @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const head = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (head) {
      const [, name, delimiter] = head
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i])
      outputs[name] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

/**
 * Log and summary lines that show a secret. The runner consumes `::add-mask::` commands and
 * never prints them, so those are the one place a secret may stand. (Outputs are not shown;
 * an output may carry a masked credential on purpose.)
 */
export function leakedLines(run: Pick<ActionRun, 'lines' | 'summary'>, secrets: string[]): string[] {
  const shown = [...run.lines, ...run.summary.split('\n')]
  return shown.filter(line => !line.startsWith('::add-mask::') && secrets.some(s => s && line.includes(s)))
}
