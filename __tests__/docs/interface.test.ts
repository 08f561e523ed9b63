/**
 * action.yml, the code and docs/reference.md must name the same inputs and outputs, with the
 * same defaults: action.yml is the public contract, docs/reference.md its reference, generated
 * from it by `npm run docs:reference`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../__fixtures__/run-action.js'
import { referenceMarkdown, REFERENCE } from '../../script/reference.js'
import { CREDENTIAL_INPUTS } from '../../src/credentials.js'
import { DEFAULTS } from '../../src/inputs.js'
import { readRunner } from '../../src/runner.js'
import { parseSettings } from '../../src/settings.js'

interface ActionYml {
  name: string
  description: string
  author: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml
const reference = readFileSync(REFERENCE, 'utf8')
const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter(f => f.endsWith('.ts'))
  .map(f => ({ file: f, text: readFileSync(join(ROOT, 'src', f), 'utf8') }))

/** Every input name parseSettings reads, over inputs that reach each branch (token mode, refresh mode with a secret store). */
function inputsRead(): Set<string> {
  const names = new Set<string>()
  const modes: Record<string, string>[] = [
    { token: 't' },
    { 'client-id': 'c', 'client-secret': 's', 'refresh-token': 'r', 'refresh-token-secret': 'RT', 'github-token': 'g' },
    { token: 't', roster: 'roster.yaml', 'dry-run': 'true' }
  ]
  for (const inputs of modes) {
    parseSettings(
      name => {
        names.add(name)
        return inputs[name] ?? ''
      },
      readRunner(name => ({ GITHUB_REPOSITORY: 'a/b' })[name], {})
    )
  }
  return names
}

/** Rows `| \`name\` | … |` of the reference's table under `## heading`, as [name, second cell]. */
function referenceTable(heading: string): [string, string][] {
  const section = reference.split(/^## /m).find(s => s.startsWith(`${heading}\n`))
  if (!section) throw new Error(`docs/reference.md has no '## ${heading}' section`)
  return section
    .split('\n')
    .filter(line => /^\| `[^`]+` /.test(line))
    .map(line => {
      const cells = line.split('|').map(c => c.trim())
      return [cells[1].replace(/`/g, ''), cells[2].replace(/`/g, '')]
    })
}

describe('action.yml', () => {
  it('fills name, description, author and branding, and runs dist/index.js on node24', () => {
    expect(action.name).toBeTruthy()
    expect(action.description).toBeTruthy()
    expect(action.author).toBeTruthy()
    expect(action.branding.icon).toBeTruthy()
    expect(action.branding.color).toBeTruthy()
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('describes every input and output', () => {
    for (const [name, input] of Object.entries(action.inputs))
      expect([name, input.description?.trim()]).toEqual([name, expect.any(String)])
    for (const [name, output] of Object.entries(action.outputs))
      expect([name, output.description?.trim()]).toEqual([name, expect.any(String)])
  })

  it('declares exactly the inputs the code reads', () => {
    expect([...inputsRead()].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('masks credential inputs that exist', () => {
    for (const name of CREDENTIAL_INPUTS) expect(Object.keys(action.inputs)).toContain(name)
  })

  it('declares the defaults the code applies', () => {
    // A `${{ … }}` default is filled in by the runner (e.g. github.token), never by the code.
    const declared = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, i]) => i.default !== undefined && !String(i.default).startsWith('${{'))
        .map(([n, i]) => [n, String(i.default)])
    )
    expect(declared).toEqual(DEFAULTS)
  })

  it('declares exactly the outputs the code sets', () => {
    const set = new Set(sources.flatMap(s => [...s.text.matchAll(/core\.setOutput\('([^']+)'/g)].map(m => m[1])))
    expect([...set].sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('reads inputs only in settings.ts', () => {
    const readers = sources.filter(s => /core\.get(Boolean|Multiline)?Input\(/.test(s.text)).map(s => s.file)
    expect(readers).toEqual(['settings.ts'])
  })
})

describe('input names in messages', () => {
  // What a user is told to check must be an input they can set: every word in src/ that starts
  // like an input (refresh-…, max-…, wait-…) and is not a module path is an input or output of action.yml.
  const heads = new Set(Object.keys(action.inputs).map(name => name.split('-')[0]))
  // A retry decision's name (retry-policy.ts), never shown as such; the GITHUB_TOKEN's bot, github-actions[bot].
  const notInputs = new Set(['wait-beyond-budget', 'github-actions'])
  const named = (text: string) =>
    [...text.matchAll(/(?<![\w./-])([a-z]+(?:-[a-z]+)+)(?![\w-]|\.(?:js|ts)\b)/g)]
      .map(m => m[1])
      .filter(word => heads.has(word.split('-')[0]) && !notInputs.has(word))

  it('names only inputs and outputs that exist', () => {
    const known = new Set([...Object.keys(action.inputs), ...Object.keys(action.outputs)])
    const unknown = sources.flatMap(({ file, text }) =>
      text
        .split('\n')
        .filter(line => !/^\s*import\b/.test(line))
        .flatMap(line =>
          named(line)
            .filter(word => !known.has(word))
            .map(word => `${file}: ${word}`)
        )
    )
    expect(unknown).toEqual([])
  })

  it('catches a name that is not an input', () => {
    expect(named('check refresh-token-environment and max-removals (sync-after.ts).')).toEqual([
      'refresh-token-environment',
      'max-removals'
    ])
  })
})

describe('docs/reference.md', () => {
  it('is what npm run docs:reference writes from action.yml (run it after changing action.yml)', async () => {
    expect(reference === (await referenceMarkdown()) ? 'up to date' : 'stale: run npm run docs:reference').toBe(
      'up to date'
    )
  })

  it('lists exactly the inputs of action.yml, with the same defaults', () => {
    const rows = referenceTable('Inputs')
    expect(rows.map(([name]) => name)).toEqual(Object.keys(action.inputs))
    for (const [name, shown] of rows) expect([name, shown]).toEqual([name, action.inputs[name].default ?? ''])
  })

  it('lists exactly the outputs of action.yml', () => {
    expect(referenceTable('Outputs').map(([name]) => name)).toEqual(Object.keys(action.outputs))
  })

  it('tells a stale file from a fresh one', async () => {
    const changed = readFileSync(join(ROOT, 'action.yml'), 'utf8').replace(
      /^( {2}token:\n {4}description: )/m,
      '$1A new word. '
    )
    const regenerated = await referenceMarkdown(changed)
    expect(regenerated).not.toBe(reference)
    expect(regenerated).toContain('| A new word. DoorFlow OAuth access token')
  })
})
