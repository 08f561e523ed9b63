/**
 * The house rule for imports, held to the code: CONTRIBUTING.md lists the rooms of src/ in
 * order, lowest first; a file imports only from its own room or from rooms on earlier lines, so
 * no arrow runs upward, two rooms on one line never import each other, and no files import one
 * another in a loop.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { ROOT } from '../../__fixtures__/run-action.js'

/** The rooms on each line of the numbered list under "### Import order", lowest first. */
export function importOrder(markdown: string): string[][] {
  const section = markdown.split(/^#{2,3} /m).find(s => s.startsWith('Import order\n')) ?? ''
  return section
    .split('\n')
    .filter(line => /^\d+\. /.test(line))
    .map(line => [...line.matchAll(/`(src\/[^`]+)`/g)].map(m => m[1]))
}

/** Every relative import of a file: static, re-exports and lazy `import()`, as paths from ROOT. */
export function importsOf(file: string, source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.[^']+)'/gm),
    ...source.matchAll(/^\s*import\s+'(\.[^']+)'/gm),
    ...source.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)
  ].map(m => m[1])
  return specifiers.map(s => relative(ROOT, join(ROOT, dirname(file), s)).replace(/\.js$/, '.ts'))
}

/** The room a file lives in: its folder under src/ (`src/net/`), or the file itself at the top. */
export function roomOf(file: string): string {
  const parts = file.split('/')
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : file
}

/** The arrows that break the order: upward, sideways between rooms on one line, or to a room not listed. */
export function wrongArrows(edges: [string, string][], order: string[][]): string[] {
  const line = new Map(order.flatMap((rooms, i) => rooms.map(room => [room, i] as const)))
  const wrong: string[] = []
  for (const [from, to] of edges) {
    const a = roomOf(from)
    const b = roomOf(to)
    if (a === b) continue
    const la = line.get(a)
    const lb = line.get(b)
    if (la === undefined || lb === undefined)
      wrong.push(`${from} -> ${to}: ${la === undefined ? a : b} is not in the order`)
    else if (lb >= la) wrong.push(`${from} -> ${to}: ${b} is ${lb === la ? 'beside' : 'above'} ${a}`)
  }
  return wrong
}

/** Every loop of files importing one another (strongly connected components of more than one file, or a self-import). */
export function loops(edges: [string, string][]): string[][] {
  const next = new Map<string, string[]>()
  for (const [a, b] of edges) next.set(a, [...(next.get(a) ?? []), b])
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  let counter = 0
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) found.push(component.sort())
    }
  }
  for (const v of new Set(edges.flat())) if (!index.has(v)) visit(v)
  return found
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []
  )
}

describe('imports follow the order in CONTRIBUTING.md', () => {
  const order = importOrder(readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8'))
  const files = sourceFiles('src')
  const edges = files.flatMap(file =>
    importsOf(file, readFileSync(join(ROOT, file), 'utf8')).map(to => [file, to] as [string, string])
  )

  it('lists every room of src/ exactly once', () => {
    const rooms = [...new Set(files.map(roomOf))].sort()
    expect([...order.flat()].sort()).toEqual(rooms)
  })

  it('has no arrow running upward or sideways', () => {
    expect(edges.length).toBeGreaterThan(100)
    expect(wrongArrows(edges, order)).toEqual([])
  })

  it('has no loop of files importing one another', () => {
    expect(loops(edges)).toEqual([])
  })

  it('imports only files that exist', () => {
    expect(edges.filter(([, to]) => !files.includes(to))).toEqual([])
  })
})

describe('the import rule itself', () => {
  const order = [['src/untrusted.ts'], ['src/net/'], ['src/doorflow/', 'src/github/'], ['src/main.ts']]

  it('reads the numbered list under "### Import order", and only that', () => {
    const md =
      '## Layout\n\n1. `src/x/` not this\n\n### Import order\n\n1. `src/a.ts`\n2. `src/net/`, `src/b.ts` (why)\n\n## Next\n3. `src/c/`\n'
    expect(importOrder(md)).toEqual([['src/a.ts'], ['src/net/', 'src/b.ts']])
  })

  it('finds static, type, re-export and lazy imports, resolved from the importing file', () => {
    const source = [
      "import { a } from './http.js'",
      "import type { B } from '../untrusted.js'",
      "export { c } from './json.js'",
      "import {\n  d,\n  e\n} from '../doorflow/people.js'",
      "const { f } = await import('../roster/run.js')",
      "import * as core from '@actions/core'",
      "// text that mentions from './not-an-import.js'"
    ].join('\n')
    expect(importsOf('src/net/retry.ts', source)).toEqual([
      'src/net/http.ts',
      'src/untrusted.ts',
      'src/net/json.ts',
      'src/doorflow/people.ts',
      'src/roster/run.ts'
    ])
  })

  it('flags an upward arrow, a sideways one and a room left out; allows downward and same-room ones', () => {
    expect(
      wrongArrows(
        [
          ['src/net/http.ts', 'src/untrusted.ts'],
          ['src/net/retry.ts', 'src/net/http.ts'],
          ['src/main.ts', 'src/doorflow/people.ts'],
          ['src/net/retry.ts', 'src/doorflow/operations.ts'],
          ['src/doorflow/people.ts', 'src/github/request.ts'],
          ['src/roster/run.ts', 'src/net/http.ts']
        ],
        order
      )
    ).toEqual([
      'src/net/retry.ts -> src/doorflow/operations.ts: src/doorflow/ is above src/net/',
      'src/doorflow/people.ts -> src/github/request.ts: src/github/ is beside src/doorflow/',
      'src/roster/run.ts -> src/net/http.ts: src/roster/ is not in the order'
    ])
  })

  it('finds a loop of files, however long, and a file importing itself', () => {
    expect(
      loops([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
        ['e', 'e']
      ])
    ).toEqual([['a', 'b', 'c'], ['e']])
    expect(
      loops([
        ['a', 'b'],
        ['b', 'c']
      ])
    ).toEqual([])
  })
})
