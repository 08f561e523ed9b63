/**
 * The step's annotation budget: GitHub shows 10 errors and 10 warnings per step, so no more are
 * raised; the rest are log lines, and one notice counts them. And no file of src/ raises an
 * annotation but through it.
 */
import { jest } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ANNOTATIONS_PER_KIND, AnnotationBudget } from '../src/annotate.js'
import { ROOT } from '../__fixtures__/run-action.js'

function printed(work: () => void): string[] {
  const out: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    out.push(String(chunk))
    return true
  })
  try {
    work()
  } finally {
    spy.mockRestore()
  }
  return out.join('').split('\n').filter(Boolean)
}

describe('AnnotationBudget', () => {
  it('raises 9 errors (the 10th is the step failure) and 10 warnings, logs the rest, and counts them once', () => {
    const budget = new AnnotationBudget()
    const lines = printed(() => {
      for (let i = 1; i <= 30; i++)
        budget.annotate('error', `problem ${i}`, { title: 'Roster', file: 'roster.yaml', startLine: i, startColumn: 3 })
      for (let i = 1; i <= 12; i++) budget.annotate('warning', `warning ${i}`)
      budget.end()
    })
    expect(lines.filter(l => l.startsWith('::error'))).toHaveLength(ANNOTATIONS_PER_KIND - 1)
    expect(lines.filter(l => l.startsWith('::warning'))).toHaveLength(ANNOTATIONS_PER_KIND)
    expect(lines[0]).toBe('::error title=Roster,file=roster.yaml,line=1,col=3::problem 1')
    // Nothing is lost: the rest, in order, where a person searching the log finds them.
    expect(lines).toContain('Error (not annotated): Roster: roster.yaml:10:3: problem 10')
    expect(lines).toContain('Error (not annotated): Roster: roster.yaml:30:3: problem 30')
    expect(lines).toContain('Warning (not annotated): warning 12')
    expect(lines.filter(l => l.startsWith('::notice'))).toEqual([
      '::notice title=More in the log::…and 23 more problems (42 in all) in the log only (21 errors and 2 warnings, on lines starting "Error (not annotated)" or "Warning (not annotated)"): GitHub shows at most 10 error and 10 warning annotations per step.'
    ])
  })

  it('says nothing more when every one was annotated', () => {
    const budget = new AnnotationBudget()
    const lines = printed(() => {
      for (let i = 1; i <= 9; i++) budget.annotate('error', `problem ${i}`)
      budget.end()
    })
    expect(lines).toHaveLength(9)
    expect(budget.leftOutLine()).toBeUndefined()
  })

  it('counts errors only counted, not listed, into the one notice', () => {
    const budget = new AnnotationBudget()
    const lines = printed(() => {
      for (let i = 1; i <= 12; i++) budget.annotate('error', `problem ${i}`)
      budget.unlistedErrors(1000)
      budget.end()
    })
    expect(lines.filter(l => l.startsWith('::error'))).toHaveLength(9)
    expect(lines.at(-1)).toBe(
      '::notice title=More in the log::…and 1,003 more problems (1,012 in all) in the log only (3 errors, on lines starting "Error (not annotated)"); 1,000 errors not listed (fix those above and run again): GitHub shows at most 10 error and 10 warning annotations per step.'
    )
  })

  it('keeps a logged line one line of plain data', () => {
    const budget = new AnnotationBudget()
    const lines = printed(() => {
      for (let i = 1; i <= 10; i++) budget.annotate('warning', `w${i}`)
      budget.annotate('warning', 'x\n::error::injected')
    })
    expect(lines.at(-1)).toBe('Warning (not annotated): x ::error::injected')
  })
})

describe('src/', () => {
  it('raises errors and warnings only through the budget (core.error and core.warning live in annotate.ts)', () => {
    const files = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[]).filter(f => f.endsWith('.ts'))
    const raising = files.filter(
      f => f !== 'annotate.ts' && /core\.(error|warning|notice)\(/.test(readFileSync(join(ROOT, 'src', f), 'utf8'))
    )
    expect(raising).toEqual([])
  })
})
