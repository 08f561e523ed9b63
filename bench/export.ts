/**
 * The export, measured: an account of 10,000 people (every 7th without an email, every 5th
 * without a system_id) exported by `node dist/index.js` with the `export` input, then the
 * exported roster planned (`dry-run: true`) against the same account, then planned again with a
 * new hire added to one file. Own time and peak RSS as in bench/roster.ts; the longest `manages`
 * (with its `except`) of any file, in lines. `npm run bench -- export` runs this alone and
 * prints its section; BENCH_BUNDLE=<index.js> measures another build instead of dist/index.js.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { generatePeople, PEOPLE_READ_SCOPES } from '../__fixtures__/fake-people.js'
import { runAction } from '../__fixtures__/run-action.js'
import { OWN_TIME_ENV, ownTime, table } from './measure.js'

interface Measured {
  step: string
  pagination: string
  ownMs: number
  rssMb: number
  requests: number
  result: string
  /** The longest manages (and except) of any exported file, in lines; '' for a plan. */
  manages: string
  ok: boolean
}

/** How many lines a roster file's manages and except take (0 when it has none). */
export function manageLines(text: string): number {
  const lines = text.split('\n')
  const start = lines.findIndex(l => /^(manages|except):/.test(l))
  if (start < 0) return 0
  let end = start + 1
  while (end < lines.length && /^( {2}- |except:|#)/.test(lines[end])) end++
  return end - start
}

/** A new hire, as a reviewer would add them: one entry, appended to one department's file. */
const NEW_HIRE = '  - id: EMP-10001\n    first_name: New\n    last_name: Hire\n    groups: [Engineering]\n'

async function exportThenPlan(n: number, honourSkipPagination: boolean, entry?: string): Promise<Measured[]> {
  const fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: PEOPLE_READ_SCOPES },
    people: { people: generatePeople(n, { noEmailEvery: 7, noSystemIdEvery: 5 }), honourSkipPagination }
  })
  const workspace = mkdtempSync(join(tmpdir(), 'bench-export-'))
  const temp = mkdtempSync(join(tmpdir(), 'bench-export-temp-'))
  const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp, ...OWN_TIME_ENV }
  const pagination = honourSkipPagination ? 'skip_pagination' : 'pages of 100'
  try {
    const exported = await runAction({ token: FAKE_TOKEN, 'base-url': fake.url, export: 'access' }, { env, entry })
    const exportRequests = fake.requests.length
    const dir = join(workspace, 'access')
    const names = readdirSync(dir).sort()
    const files = names.length
    const longest = Math.max(...names.map(f => manageLines(readFileSync(join(dir, f), 'utf8'))))
    const plan = () =>
      runAction({ token: FAKE_TOKEN, 'base-url': fake.url, roster: 'access', 'dry-run': 'true' }, { env, entry })
    const planned = await plan()
    const planRequests = fake.requests.length - exportRequests
    // The new hire goes into the last department's file, after its last person.
    appendFileSync(join(dir, names[names.length - 1]), NEW_HIRE)
    const hired = await plan()
    return [
      {
        step: `export of ${n.toLocaleString('en')}`,
        pagination,
        ...ownTime(exported),
        requests: exportRequests,
        result: `${exported.outputs['exported-people'] ?? '?'} people in ${files} files`,
        manages: String(longest),
        ok: exported.code === 0
      },
      {
        step: 'plan of the exported roster',
        pagination,
        ...ownTime(planned),
        requests: planRequests,
        result: `${planned.outputs['changes'] ?? '?'} changes (adoptions by doorflow_id)`,
        manages: '',
        ok: planned.code === 0
      },
      {
        step: 'plan with a new hire added to one file',
        pagination,
        ...ownTime(hired),
        requests: fake.requests.length - exportRequests - planRequests,
        result: hired.code === 0 ? `${hired.outputs['changes'] ?? '?'} changes` : 'refused',
        manages: '',
        ok: hired.code === 0
      }
    ]
  } finally {
    await fake.close()
    rmSync(workspace, { recursive: true, force: true })
    rmSync(temp, { recursive: true, force: true })
  }
}

export async function exportBench(
  log: (line: string) => void = console.log,
  entry = process.env['BENCH_BUNDLE']
): Promise<string> {
  const runs: Measured[] = []
  for (const skip of [true, false]) {
    runs.push(...(await exportThenPlan(10_000, skip, entry)))
    log(`  export: ${skip ? 'skip_pagination' : 'pages'} done`)
  }
  return `## 8. Start from your account: the export (\`npm run bench -- export\`)

An account of 10,000 people (every 7th without an email, every 5th without a system_id: 2,000
get \`DF-{id}\` and \`doorflow_id\`) exported by \`node dist/index.js\` with \`export: access\`
(split by department), then that roster planned with \`dry-run: true\` against the same account,
then planned again with a new hire (\`EMP-10001\`) appended to one department's file and nowhere
else. Own time and peak RSS as in section 5; *manages* is the longest \`manages\` of any exported
file, its \`except\` included, in lines. Targets: export ≤ 3 s and ≤ 3 requests with
skip_pagination; no \`manages\` over 20 lines; plan of the exported roster ≤ 2 s; the new hire
plans as 1 change more than the export's plan.

${table(
  ['step', 'people list', 'own time (s)', 'peak RSS (MB)', 'requests', 'manages (lines)', 'result', 'step green'],
  runs.map(r => [
    r.step,
    r.pagination,
    (r.ownMs / 1000).toFixed(2),
    r.rssMb.toFixed(0),
    r.requests,
    r.manages,
    r.result,
    r.ok ? 'yes' : 'no'
  ])
)}
`
}
