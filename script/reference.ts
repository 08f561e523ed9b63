/**
 * `npm run docs:reference`: writes docs/reference.md, every input and output of action.yml with
 * its default and description, so the reference never says other than the contract does.
 * `npm run docs:reference -- --check` exits 1 when the file is stale (the interface test does the
 * same check).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { format, resolveConfig } from 'prettier'
import { parse } from 'yaml'
import { ROOT } from '../__fixtures__/run-action.js'

export const REFERENCE = join(ROOT, 'docs', 'reference.md')

interface ActionYml {
  inputs: Record<string, { description?: string; default?: string }>
  outputs: Record<string, { description?: string }>
}

/** Text for one table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
}

/** A value as code, with a fence longer than any backtick run inside it. */
function code(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map(m => m[0].length)) + 1)
  return fence.length > 1 ? `${fence} ${text} ${fence}` : `\`${text}\``
}

/** docs/reference.md as action.yml describes it, formatted as `npm run format` would leave it. */
export async function referenceMarkdown(actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8')): Promise<string> {
  const action = parse(actionYml) as ActionYml
  const lines = [
    '# Inputs and outputs',
    '',
    '<!-- Generated from action.yml by `npm run docs:reference`: edit action.yml, then run it. -->',
    '',
    'Every input and output of the action, as `action.yml` declares them. How to use them: the',
    '[README](../README.md), and for `roster` and its inputs [door access as code](roster.md).',
    '',
    '## Inputs',
    '',
    'Give **one** way to sign in: `token`, or `client-id` + `client-secret` + `refresh-token`. Empty inputs fall',
    'back to the defaults; every bad input fails the step before any request, with one line naming the input.',
    '',
    '| input | default | description |',
    '| --- | --- | --- |',
    ...Object.entries(action.inputs).map(
      ([name, i]) =>
        `| ${code(name)} | ${i.default === undefined || i.default === '' ? '' : cell(code(String(i.default)))} | ${cell(i.description ?? '')} |`
    ),
    '',
    '## Outputs',
    '',
    'Set on success and on failure alike, but for the review-* outputs: only a finished access review sets them.',
    '',
    '| output | description |',
    '| --- | --- |',
    ...Object.entries(action.outputs).map(([name, o]) => `| ${code(name)} | ${cell(o.description ?? '')} |`),
    ''
  ]
  const options = (await resolveConfig(REFERENCE)) ?? {}
  return format(lines.join('\n'), { ...options, parser: 'markdown' })
}

export async function main(argv: string[], out: (line: string) => void): Promise<number> {
  const wanted = await referenceMarkdown()
  let current = ''
  try {
    current = readFileSync(REFERENCE, 'utf8')
  } catch {
    // Missing: written below, or stale for --check.
  }
  if (argv.includes('--check')) {
    if (current === wanted) return 0
    out('docs/reference.md is stale: run npm run docs:reference and commit the result.')
    return 1
  }
  if (current !== wanted) writeFileSync(REFERENCE, wanted)
  out(`docs/reference.md ${current === wanted ? 'is up to date' : 'written'} from action.yml.`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), line => console.log(line))
}
