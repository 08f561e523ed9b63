/**
 * CONTRIBUTING.md's roster pipeline against the code: its numbered steps are the calls of
 * rosterPipeline (src/roster/run.ts), in order, and every file a step names exists.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/run-action.js'

/** The numbered lines of the section "### The roster pipeline": each step's function, and the files it names. */
export function documentedSteps(markdown: string): { step: string; files: string[] }[] {
  const section = markdown.split(/^### /m).find(s => s.startsWith('The roster pipeline\n')) ?? ''
  return section
    .split('\n')
    .filter(line => /^\d+\. `/.test(line))
    .map(line => {
      const m = /^\d+\. `(\w+)` \(([^)]*)\)/.exec(line)
      return { step: m?.[1] ?? line, files: [...(m?.[2] ?? '').matchAll(/`([^`]+)`/g)].map(f => f[1]) }
    })
}

/** The functions a function's body calls, in order of first call. */
export function callsIn(source: string, name: string): string[] {
  const start = source.indexOf(`async function ${name}(`)
  if (start < 0) return []
  const open = source.indexOf('{\n', source.indexOf(')', start))
  const body = source.slice(open, source.indexOf('\n}\n', open))
  const calls = [...body.matchAll(/\b([a-zA-Z]\w*)\(/g)].map(m => m[1])
  return [...new Set(calls)]
}

describe('CONTRIBUTING.md: the roster pipeline', () => {
  const steps = documentedSteps(readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8'))
  const run = readFileSync(join(ROOT, 'src', 'roster', 'run.ts'), 'utf8')

  it('lists the steps rosterPipeline calls, in its order', () => {
    expect(steps.length).toBeGreaterThan(5)
    expect(steps.map(s => s.step)).toEqual(callsIn(run, 'rosterPipeline'))
  })

  it('names files that exist, in src/roster/ or else in src/', () => {
    const missing = steps
      .flatMap(s => s.files)
      .filter(f => !existsSync(join(ROOT, 'src', 'roster', f)) && !existsSync(join(ROOT, 'src', f)))
    expect(missing).toEqual([])
  })

  it('reads a step line and a function body as meant', () => {
    const md =
      '### The roster pipeline\n\n1. `a` (`x.ts`, `y/z.ts`): one\n2. `b` (`w.ts`): two\n\n### Next\n3. `c` (`v.ts`)\n'
    expect(documentedSteps(md)).toEqual([
      { step: 'a', files: ['x.ts', 'y/z.ts'] },
      { step: 'b', files: ['w.ts'] }
    ])
    const src =
      'async function p(run: R): Promise<O> {\n  const x = await a(run)\n  if (b(x)) return a(x)\n  return c()\n}\n'
    expect(callsIn(src, 'p')).toEqual(['a', 'b', 'c'])
  })
})
