/**
 * Door access as code, measured: a roster of N people against an account of N (1 % changed),
 * planned by `node dist/index.js` (dry run) against the fake DoorFlow. The action's own time
 * runs from the moment Node loads the bundle to exit (Node's own start-up left out, see
 * own-time.mjs); peak RSS is the process's maxRSS. Then, in this process, the roster's two YAML
 * libraries on the same file (src/roster/yaml.ts says why both). `npm run bench -- roster` runs
 * this alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { DEFAULT_GROUPS, generatePeople, PEOPLE_READ_SCOPES, type FakePerson } from '../__fixtures__/fake-people.js'
import { runAction } from '../__fixtures__/run-action.js'
import { OWN_TIME_ENV, ownTime, table } from './measure.js'
import { parseRoster } from '../src/roster/parse.js'
import { Locator, readValues } from '../src/roster/yaml.js'

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

/** The median of `runs` timings of `f` in ms, after one run to warm up. */
function medianMs(runs: number, f: () => unknown): number {
  f()
  const times = Array.from({ length: runs }, () => {
    const start = process.hrtime.bigint()
    f()
    return Number(process.hrtime.bigint() - start) / 1e6
  }).sort((a, b) => a - b)
  return times[Math.floor(runs / 2)]
}

export interface YamlTimes {
  people: number
  kb: number
  /** js-yaml reading every value (yaml.ts's readValues): what every run does. */
  values: number
  /** The `yaml` Document with its line counter (Locator.document): only when there is a problem to show. */
  document: number
  /** The whole parse and validation (parse.ts's parseRoster) of a roster without problems. */
  parse: number
}

/** The two YAML libraries on a roster of `n` people, in this process: medians of 5 runs. */
export function yamlTimes(n: number): YamlTimes {
  const file = { file: 'roster.yaml', text: rosterYaml(generatePeople(n)) }
  const ignore = () => {}
  return {
    people: n,
    kb: Buffer.byteLength(file.text) / 1024,
    values: medianMs(5, () => readValues(file, new Locator(file), ignore)),
    document: medianMs(5, () => new Locator(file).document()),
    parse: medianMs(5, () => parseRoster([file]))
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
  const yaml = [1_000, 10_000].map(n => yamlTimes(n))
  log('  roster YAML: js-yaml and yaml done')
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

**The two YAML libraries** (src/roster/yaml.ts), on the same roster file, in the benchmark's own process
(medians of 5 runs): js-yaml reads the values on every run; the \`yaml\` Document (with its line counter)
gives each node's position and every syntax error, and is built only when there is a problem to show.

${table(
  ['people', 'file (KiB)', 'js-yaml values (ms)', 'yaml Document (ms)', 'Document ÷ values', 'whole parse (ms)'],
  yaml.map(y => [
    y.people.toLocaleString('en'),
    y.kb.toFixed(0),
    y.values.toFixed(0),
    y.document.toFixed(0),
    (y.document / y.values).toFixed(1),
    y.parse.toFixed(0)
  ])
)}
`
}
