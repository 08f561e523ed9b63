/**
 * The documentation holds together: every relative link in the Markdown files points at a file
 * that exists, and every #anchor at a heading of that file (as GitHub makes its ids); the README
 * stays short enough to read, with the details in docs/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ROOT } from '../../__fixtures__/run-action.js'

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter(f => f.endsWith('.md'))
    .map(f => `docs/${f}`)
]

/** The text outside fenced code blocks and inline code, where links and headings live. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '')
}

/** GitHub's ids for the headings of a Markdown file: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const ids = new Set<string>()
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
  for (const m of text.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    ids.add(n ? `${base}-${n}` : base)
  }
  return ids
}

/** Every link target `[text](target)` in a file's prose. */
function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map(m => m[1])
}

/** What is wrong with each relative link of `file`, as `file: target (reason)`. */
function broken(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const problems: string[] = []
  for (const target of links(text)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue // https:, mailto: …
    const [path, anchor] = target.split('#') as [string, string | undefined]
    const resolved = path ? resolve(ROOT, dirname(file), decodeURIComponent(path)) : join(ROOT, file)
    // ../../actions/… is GitHub's own page for the repository (the CI badge), not a file in it.
    if (relative(ROOT, resolved).startsWith('..')) continue
    if (!existsSync(resolved)) {
      problems.push(`${file}: ${target} (no such file)`)
      continue
    }
    if (anchor !== undefined && resolved.endsWith('.md') && statSync(resolved).isFile()) {
      if (!anchors(readFileSync(resolved, 'utf8')).has(anchor))
        problems.push(`${file}: ${target} (no heading with that id)`)
    }
  }
  return problems
}

describe('documentation links', () => {
  it.each(DOCS)('every relative link in %s leads to a file and heading that exist', file => {
    expect(broken(file)).toEqual([])
  })

  it('finds a broken file link and a broken anchor', () => {
    expect(links('see [a](docs/nope.md) and `[b](x.md)` and [c](#top "t")')).toEqual(['docs/nope.md', '#top'])
    expect(
      broken('docs/x.md', '[a](../README.md#no-such-heading) [b](missing.md) [c](roster.md#applying) [d](#x)\n# X\n')
    ).toEqual([
      'docs/x.md: ../README.md#no-such-heading (no heading with that id)',
      'docs/x.md: missing.md (no such file)',
      'docs/x.md: #x (no such file)'
    ])
    expect(anchors('# Set up in ten minutes\n## `dry-run`: auto?\n## Set up in ten minutes\n')).toEqual(
      new Set(['set-up-in-ten-minutes', 'dry-run-auto', 'set-up-in-ten-minutes-1'])
    )
  })
})

describe('README', () => {
  it('stays under 15 kB: details belong in docs/', () => {
    expect(readFileSync(join(ROOT, 'README.md')).length).toBeLessThanOrEqual(15_000)
  })

  it('names both jobs and the two commands a newcomer needs on its first screen', () => {
    const first = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').slice(0, 30).join('\n')
    expect(first).toMatch(/Sync the doors/)
    expect(first).toMatch(/Door access as code/)
    expect(first).toMatch(/pull\s+request.*\*\*plan\*\*/s)
    expect(first).toMatch(/on merge.*appl/s)
    expect(first).toContain('npm ci && npm start')
    expect(first).toContain('npm test')
  })
})
