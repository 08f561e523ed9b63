/**
 * The export, measured: an account of 10,000 people (every 7th without an email, every 5th
 * without a system_id) exported by `node dist/index.js` with the `export` input, then the
 * exported roster planned (`dry-run: true`) against the same account. Own time and peak RSS as
 * in bench/roster.ts. `npm run bench -- export` runs this alone and prints its section.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
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
  ok: boolean
}

async function exportThenPlan(n: number, honourSkipPagination: boolean): Promise<Measured[]> {
  const fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: PEOPLE_READ_SCOPES },
    people: { people: generatePeople(n, { noEmailEvery: 7, noSystemIdEvery: 5 }), honourSkipPagination }
  })
  const workspace = mkdtempSync(join(tmpdir(), 'bench-export-'))
  const temp = mkdtempSync(join(tmpdir(), 'bench-export-temp-'))
  const env = { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp, ...OWN_TIME_ENV }
  const pagination = honourSkipPagination ? 'skip_pagination' : 'pages of 100'
  try {
    const exported = await runAction({ token: FAKE_TOKEN, 'base-url': fake.url, export: 'access' }, { env })
    const exportRequests = fake.requests.length
    const files = readdirSync(join(workspace, 'access')).length
    const planned = await runAction(
      { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'access', 'dry-run': 'true' },
      { env }
    )
    return [
      {
        step: `export of ${n.toLocaleString('en')}`,
        pagination,
        ...ownTime(exported),
        requests: exportRequests,
        result: `${exported.outputs['exported-people'] ?? '?'} people in ${files} files`,
        ok: exported.code === 0
      },
      {
        step: 'plan of the exported roster',
        pagination,
        ...ownTime(planned),
        requests: fake.requests.length - exportRequests,
        result: `${planned.outputs['changes'] ?? '?'} changes (adoptions by doorflow_id)`,
        ok: planned.code === 0
      }
    ]
  } finally {
    await fake.close()
    rmSync(workspace, { recursive: true, force: true })
    rmSync(temp, { recursive: true, force: true })
  }
}

export async function exportBench(log: (line: string) => void = console.log): Promise<string> {
  const runs: Measured[] = []
  for (const skip of [true, false]) {
    runs.push(...(await exportThenPlan(10_000, skip)))
    log(`  export: ${skip ? 'skip_pagination' : 'pages'} done`)
  }
  return `## 8. Start from your account: the export (\`npm run bench -- export\`)

An account of 10,000 people (every 7th without an email, every 5th without a system_id: 2,000
get \`DF-{id}\` and \`doorflow_id\`) exported by \`node dist/index.js\` with \`export: access\`
(split by department), then that roster planned with \`dry-run: true\` against the same account.
Own time and peak RSS as in section 5. Targets: export ≤ 3 s and ≤ 3 requests with
skip_pagination; plan of the exported roster ≤ 2 s.

${table(
  ['step', 'people list', 'own time (s)', 'peak RSS (MB)', 'requests', 'result', 'step green'],
  runs.map(r => [
    r.step,
    r.pagination,
    (r.ownMs / 1000).toFixed(2),
    r.rssMb.toFixed(0),
    r.requests,
    r.result,
    r.ok ? 'yes' : 'no'
  ])
)}
`
}
