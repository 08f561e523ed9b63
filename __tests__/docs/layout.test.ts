/**
 * CONTRIBUTING.md's layout table against the tree: every folder and top-level file of src/ has a
 * row, and every path the table names exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../__fixtures__/run-action.js'

/** The backticked paths in the first column of the table under "## Layout". */
export function layoutPaths(markdown: string): string[] {
  const section = markdown.split(/^## /m).find(s => s.startsWith('Layout\n')) ?? ''
  return section
    .split('\n')
    .filter(line => line.startsWith('| `'))
    .map(line => /^\| `([^`]+)`/.exec(line)![1])
}

describe('CONTRIBUTING.md layout', () => {
  const named = layoutPaths(readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8'))
  const src = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).map(e =>
    e.isDirectory() ? `src/${e.name}/` : `src/${e.name}`
  )

  it('names every folder and top-level file of src/', () => {
    expect(src.filter(path => !named.includes(path))).toEqual([])
  })

  it('names nothing that does not exist', () => {
    expect(named.filter(path => !existsSync(join(ROOT, path)))).toEqual([])
  })

  it('reads the paths of the table, and only those', () => {
    const table =
      '## Layout\n\n| path | what |\n| --- | --- |\n| `src/a/` | x `src/b.ts` |\n| `c.ts` | y |\n\n## Next\n| `d` | z |\n'
    expect(layoutPaths(table)).toEqual(['src/a/', 'c.ts'])
  })
})
