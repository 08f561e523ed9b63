/**
 * What the benchmark's sections share: the preload that has a run of `node dist/index.js`
 * report its own time and peak RSS (own-time.mjs), reading that report back, and the Markdown
 * table every section prints.
 */
import { join } from 'node:path'
import { ROOT, type ActionRun } from '../__fixtures__/run-action.js'

/** The environment that preloads own-time.mjs into the action's process. */
export const OWN_TIME_ENV = { NODE_OPTIONS: `--import=${join(ROOT, 'bench', 'own-time.mjs')}` }

/** The action's own time (ms) and peak RSS (MB) as own-time.mjs reported them; NaN when it did not. */
export function ownTime(run: ActionRun): { ownMs: number; rssMb: number } {
  const m = /BENCH own_ms=([\d.]+) rss_mb=([\d.]+)/.exec(run.stderr)
  return { ownMs: Number(m?.[1] ?? NaN), rssMb: Number(m?.[2] ?? NaN) }
}

/** A Markdown table: the head row, its rule, then one row a line. */
export function table(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map(r => `| ${r.join(' | ')} |`)
  ].join('\n')
}
