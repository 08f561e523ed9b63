/**
 * The example workflows of examples/workflows/, read as GitHub reads them: triggers, the
 * concurrency group, permissions, and each job's environment and steps. The docs test holds the
 * docs to these files; the weeks test runs their DoorFlow steps against the fakes.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../__fixtures__/run-action.js'

export const EXAMPLES_DIR = join(ROOT, 'examples', 'workflows')
/** How the examples name this action: `uses: OWNER/doorflow-sync-action@v1`. */
export const ACTION_REF = 'OWNER/doorflow-sync-action@v1'

export interface Step {
  uses?: string
  id?: string
  run?: string
  with?: Record<string, string | number | boolean>
}

export interface Job {
  if?: string
  environment?: string
  concurrency?: { group: string; 'cancel-in-progress'?: boolean }
  steps: Step[]
}

export interface ExampleWorkflow {
  /** The file name, e.g. roster-apply.yml. */
  file: string
  text: string
  name: string
  on: Record<string, unknown>
  /** The workflow's `concurrency:`, or its one job's when the workflow has none. */
  concurrency?: { group: string; 'cancel-in-progress'?: boolean }
  /** Where the file sets `concurrency:`. */
  concurrencyOn?: 'workflow' | 'job'
  permissions?: Record<string, string>
  jobs: Record<string, Job>
}

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter(f => f.endsWith('.yml'))
    .sort()
}

export function readExample(file: string): ExampleWorkflow {
  const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8')
  // YAML 1.1 would read the key `on` as true; the yaml package reads 1.2, as GitHub does.
  const read = { file, text, ...(parse(text) as Omit<ExampleWorkflow, 'file' | 'text' | 'concurrencyOn'>) }
  if (read.concurrency) return { ...read, concurrencyOn: 'workflow' }
  const jobs = Object.values(read.jobs)
  const job = jobs.length === 1 ? jobs[0].concurrency : undefined
  return job ? { ...read, concurrency: job, concurrencyOn: 'job' } : read
}

/** The one job of an example workflow (each has exactly one). */
export function onlyJob(workflow: ExampleWorkflow): Job {
  const jobs = Object.values(workflow.jobs)
  if (jobs.length !== 1) throw new Error(`${workflow.file}: expected one job, found ${jobs.length}`)
  return jobs[0]
}

/** The step that runs this action. */
export function doorflowStep(workflow: ExampleWorkflow): Step & { with: Record<string, string> } {
  const steps = onlyJob(workflow).steps.filter(s => s.uses === ACTION_REF)
  if (steps.length !== 1) throw new Error(`${workflow.file}: expected one step of ${ACTION_REF}`)
  const inputs = Object.fromEntries(Object.entries(steps[0].with ?? {}).map(([k, v]) => [k, String(v)]))
  return { ...steps[0], with: inputs }
}

/** The `with:` of the actions/checkout step, or undefined when the job checks nothing out. */
export function checkoutStep(workflow: ExampleWorkflow): Step | undefined {
  return onlyJob(workflow).steps.find(s => s.uses?.startsWith('actions/checkout@'))
}
