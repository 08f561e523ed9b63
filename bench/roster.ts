/**
 * Door access as code, measured: a roster of N people against an account of N (1 % changed),
 * planned by `node dist/index.js` (dry run) against the fake DoorFlow. The action's own time
 * runs from the moment Node loads the bundle to exit (Node's own start-up left out, see
 * own-time.mjs); peak RSS is the process's maxRSS. `npm run bench -- roster` runs this alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { DEFAULT_GROUPS, generatePeople, PEOPLE_READ_SCOPES, type FakePerson } from '../__fixtures__/fake-people.js'
import { runAction } from '../__fixtures__/run-action.js'
import { OWN_TIME_ENV, ownTime, table } from './measure.js'

export interface RosterRun {
  people: number
  pagination: 'skip_pagination' | 'pages of 100'
  ownMs: number
  rssMb: number
  requests: number
  changes: number
  ok: boolean
}

/** The account's people as a roster, every 100th person moved to another group (1 % changed). */
export function rosterYaml(people: FakePerson[]): string {
  const name = (id: number) => DEFAULT_GROUPS.find(g => g.id === id)!.name
  const lines = ['version: 1', "manages: 'EMP-*'", 'people:']
  people.forEach((p, i) => {
    let groups = p.groups.map(name)
    if (i % 100 === 0) groups = groups.includes('Visitors') ? ['Facilities'] : ['Visitors']
    lines.push(
      `  - id: ${p.system_id}`,
      `    first_name: ${p.first_name}`,
      `    last_name: ${p.last_name}`,
      `    email: ${p.email}`,
      `    groups: [${groups.join(', ')}]`,
      `    department: ${p.department}`
    )
  })
  return `${lines.join('\n')}\n`
}

export async function planRun(n: number, honourSkipPagination: boolean): Promise<RosterRun> {
  const people = generatePeople(n)
  const fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: PEOPLE_READ_SCOPES },
    people: { people, honourSkipPagination }
  })
  const workspace = mkdtempSync(join(tmpdir(), 'bench-roster-'))
  try {
    writeFileSync(join(workspace, 'roster.yaml'), rosterYaml(people))
    const run = await runAction(
      { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'roster.yaml', 'dry-run': 'true' },
      { env: { GITHUB_WORKSPACE: workspace, ...OWN_TIME_ENV } }
    )
    return {
      people: n,
      pagination: honourSkipPagination ? 'skip_pagination' : 'pages of 100',
      ...ownTime(run),
      requests: fake.requests.length,
      changes: Number(run.outputs['changes'] ?? NaN),
      ok: run.code === 0
    }
  } finally {
    await fake.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

/** The benchmark's section: 10,000 against 10,000 both ways, then growth from 1,000 to 50,000. */
export async function rosterBench(log: (line: string) => void = console.log): Promise<string> {
  const runs: RosterRun[] = []
  for (const [n, skip] of [
    [1_000, true],
    [10_000, true],
    [10_000, false],
    [50_000, true]
  ] as const) {
    runs.push(await planRun(n, skip))
    log(`  roster plan: ${n} people, ${skip ? 'skip_pagination' : 'pages'} done`)
  }
  const base = runs[0]
  return `## 5. Door access as code: the plan

A roster of N people against an account of N, 1 % of them changed (moved to another group),
planned with \`roster\` and \`dry-run: true\` by \`node dist/index.js\` against the fake DoorFlow.
*Own time* runs from Node loading the bundle to exit (Node's start-up left out); *peak RSS* is
the process's maxRSS. Targets at 10,000: ≤ 2 s own time, ≤ 3 requests with skip_pagination
(≤ 102 with pages), ≤ 200 MB.

${table(
  [
    'people',
    'people list',
    'own time (s)',
    'peak RSS (MB)',
    'requests',
    'changes planned',
    'time × 1,000',
    'step green'
  ],
  runs.map(r => [
    r.people.toLocaleString('en'),
    r.pagination,
    (r.ownMs / 1000).toFixed(2),
    r.rssMb.toFixed(0),
    r.requests,
    r.changes,
    (r.ownMs / base.ownMs).toFixed(1),
    r.ok ? 'yes' : 'no'
  ])
)}
`
}
