/**
 * The example workflows (examples/workflows/) and the docs that show them: one source. Every YAML
 * block of the README and docs/ that is a complete workflow says which file it is
 * (`<!-- example: examples/workflows/NAME.yml -->` just above it) and is that file, byte for byte.
 * And the files keep the rules docs/workflows.md explains: refresh-token mode, one concurrency
 * group per refresh token, write credentials only in the environment, pinned actions.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../__fixtures__/run-action.js'
import {
  ACTION_REF,
  checkoutStep,
  doorflowStep,
  exampleFiles,
  onlyJob,
  readExample
} from '../helpers/example-workflows.js'

const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter(f => f.endsWith('.md'))
    .map(f => `docs/${f}`)
]

interface YamlBlock {
  doc: string
  line: number
  text: string
  /** The file the block says it is, from the marker above it. */
  claims?: string
}

/** Every ```yaml block of a Markdown file (indented ones too), with the marker above it, if any. */
function yamlBlocks(doc: string): YamlBlock[] {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n')
  const blocks: YamlBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ya?ml\s*$/.exec(lines[i])
    if (!open) continue
    const indent = open[1]
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && lines[j].trim() !== '```'; j++) body.push(lines[j].slice(indent.length))
    let k = i - 1
    while (k >= 0 && lines[k].trim() === '') k--
    const marker = k >= 0 ? /^\s*<!-- example: (\S+) -->\s*$/.exec(lines[k]) : null
    blocks.push({ doc, line: i + 1, text: body.join('\n') + '\n', claims: marker?.[1] })
    i = j
  }
  return blocks
}

const blocks = DOCS.flatMap(yamlBlocks)
const isWorkflow = (text: string) => {
  try {
    const value = parse(text) as Record<string, unknown> | null
    return !!value && typeof value === 'object' && 'on' in value && 'jobs' in value
  } catch {
    return false
  }
}

describe('the docs show the example workflows from one source', () => {
  it.each(blocks.filter(b => b.claims).map(b => [`${b.doc}:${b.line}`, b] as const))(
    '%s is the file it names',
    (_, block) => {
      expect(block.claims).toMatch(/^examples\/workflows\/[a-z-]+\.yml$/)
      expect(block.text).toBe(readFileSync(join(ROOT, block.claims!), 'utf8'))
    }
  )

  it('every complete workflow in the docs names its example file', () => {
    const unnamed = blocks.filter(b => !b.claims && isWorkflow(b.text)).map(b => `${b.doc}:${b.line}`)
    expect(unnamed).toEqual([])
  })

  it('docs/workflows.md shows every example file; the README shows the sync and links the rest', () => {
    const shown = (doc: string) => blocks.filter(b => b.doc === doc && b.claims).map(b => b.claims)
    expect(shown('docs/workflows.md').sort()).toEqual(exampleFiles().map(f => `examples/workflows/${f}`))
    expect(shown('README.md')).toEqual(['examples/workflows/doorflow-sync.yml'])
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    for (const file of exampleFiles()) expect(readme).toContain(`examples/workflows/${file}`)
  })

  it('every workflow shown states its permissions: for the workflow, or for each of its jobs', () => {
    // Without `permissions:` the GITHUB_TOKEN has the repository's default permissions; the key sets them for the
    // whole workflow or within each job: https://docs.github.com/en/actions/using-jobs/assigning-permissions-to-jobs
    const parsed = blocks.flatMap(b => {
      try {
        const value = parse(b.text) as {
          jobs?: Record<string, { permissions?: unknown }>
          permissions?: unknown
        } | null
        return value && typeof value === 'object' && value.jobs ? [{ at: `${b.doc}:${b.line}`, value }] : []
      } catch {
        return []
      }
    })
    expect(parsed.length).toBeGreaterThanOrEqual(exampleFiles().length + 1)
    const unstated = parsed
      .filter(({ value }) => value.permissions === undefined)
      .filter(({ value }) => Object.values(value.jobs!).some(job => job?.permissions === undefined))
      .map(({ at }) => at)
    expect(unstated).toEqual([])
  })

  it('no doc shows an access token for a roster workflow', () => {
    const roster = blocks.filter(
      b => /roster:|export:/.test(b.text) && /token: \$\{\{ secrets\.DOORFLOW_TOKEN/.test(b.text)
    )
    expect(roster.map(b => `${b.doc}:${b.line}`)).toEqual([])
  })
})

describe('the example workflows keep the rules of docs/workflows.md', () => {
  const workflows = exampleFiles().map(readExample)

  it('are the six of the docs', () => {
    expect(workflows.map(w => w.file)).toEqual([
      'access-review.yml',
      'doorflow-sync.yml',
      'roster-apply.yml',
      'roster-drift.yml',
      'roster-export.yml',
      'roster-plan.yml'
    ])
  })

  it.each(workflows.map(w => [w.file, w] as const))('%s signs in with a refresh token it stores back', (_, w) => {
    const inputs = doorflowStep(w).with
    expect(inputs['token']).toBeUndefined()
    const secret = /^\$\{\{ secrets\.([A-Z_]+) \}\}$/.exec(inputs['refresh-token'])?.[1]
    expect(inputs['refresh-token-secret']).toBe(secret)
    expect(inputs['client-id']).toBe('${{ secrets.DOORFLOW_CLIENT_ID }}')
    expect(inputs['client-secret']).toBe('${{ secrets.DOORFLOW_CLIENT_SECRET }}')
    expect(inputs['github-token']).toBe('${{ secrets.SECRETS_WRITER_TOKEN }}')
    // The environment the job reads its secrets from is the one the rotated token is written to.
    expect(inputs['refresh-token-secret-environment']).toBe(onlyJob(w).environment)
    expect(w.concurrency?.['cancel-in-progress']).toBe(false)
    expect(w.permissions).toBeDefined()
  })

  it.each(workflows.map(w => [w.file, w] as const))(
    '%s: a job that an if: may skip holds the group itself, so a skipped run never cancels a waiting one',
    (_, w) => {
      // "Any existing pending job or workflow in the same concurrency group ... will be canceled and
      // the new queued job or workflow will take its place":
      // https://docs.github.com/en/actions/using-jobs/using-concurrency. A workflow-level group is
      // entered by every run, a review that skips the plan included; a job-level one only by a job
      // that runs.
      if (onlyJob(w).if !== undefined) expect(w.concurrencyOn).toBe('job')
      else expect(w.concurrencyOn).toBeDefined()
    }
  )

  it('one concurrency group per refresh token, and one refresh token per group', () => {
    const pairs = new Set(workflows.map(w => `${doorflowStep(w).with['refresh-token-secret']} ${w.concurrency!.group}`))
    expect([...pairs].sort()).toEqual([
      'DOORFLOW_PLAN_REFRESH_TOKEN doorflow-plan',
      'DOORFLOW_REFRESH_TOKEN doorflow-sync'
    ])
  })

  it('write credentials only in the environment, never in a job a pull request starts', () => {
    for (const w of workflows) {
      const inputs = doorflowStep(w).with
      const pullRequest = Object.keys(w.on).some(e => e.startsWith('pull_request'))
      const writes = inputs['refresh-token-secret'] === 'DOORFLOW_REFRESH_TOKEN'
      expect({ file: w.file, environment: onlyJob(w).environment }).toEqual({
        file: w.file,
        environment: writes ? 'doorflow' : undefined
      })
      if (pullRequest)
        expect({ file: w.file, writes, dryRun: inputs['dry-run'] }).toEqual({
          file: w.file,
          writes: false,
          dryRun: 'true'
        })
      // Jobs in the environment run on the default branch only: push to main, schedule, by hand.
      if (writes)
        expect(Object.keys(w.on).filter(e => !['push', 'schedule', 'workflow_dispatch'].includes(e))).toEqual([])
    }
  })

  it('the plan checks out the merge commit’s parent, for drift marks', () => {
    const plan = readExample('roster-plan.yml')
    expect(checkoutStep(plan)?.with?.['fetch-depth']).toBe(2)
  })

  it('every other action is pinned by a full commit SHA, with its release in a comment', () => {
    for (const w of workflows)
      for (const step of onlyJob(w).steps.filter(s => s.uses && s.uses !== ACTION_REF)) {
        expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/)
        expect(w.text).toMatch(new RegExp(`uses: ${step.uses!.replace(/[.]/g, '\\.')} # v\\d+\\.\\d+\\.\\d+\\n`))
      }
  })
})
