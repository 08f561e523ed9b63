/**
 * Roster apply under a write rate limit: 500 changes (creates, updates with membership changes,
 * adoptions, removals) against the fake DoorFlow that accepts R writes in any one-second span
 * and answers 429 with a whole-second `retry_in` beyond that. The apply engine over real HTTP
 * (the action's own client, retry policy and pool) at several write-concurrency values, and a
 * naive client beside it: one request after another, no retry policy.
 *
 * Counted from the fake's own records: writes it carried out (each change exactly once is the
 * goal: fewer is a lost write, more a doubled one), duplicates by system_id, 429s answered.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { realClock, type Context } from '../src/net/context.js'
import { httpLog } from '../src/net/http.js'
import { applyPlan, writeFor } from '../src/roster/writes.js'
import { PeopleClient } from '../src/doorflow/people.js'
import type { Plan, PlannedChange } from '../src/roster/plan.js'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../__fixtures__/fake-doorflow.js'
import {
  fakePerson,
  generatePeople,
  GROUP_READ_SCOPE,
  PERSON_WRITE_SCOPE,
  ROLE_READ_SCOPE,
  type WriteLimit
} from '../__fixtures__/fake-people.js'
import { runAction } from '../__fixtures__/run-action.js'
import { table } from './measure.js'
import { rosterYaml } from './roster.js'

export interface ApplyBench {
  client: string
  changes: number
  perSecond: number
  makespanS: number
  idealS: number
  /** Writes the fake carried out, and how many of the plan's changes that leaves lost or doubled. */
  carriedOut: number
  lost: number
  doubled: number
  duplicatesBySystemId: number
  rateLimited: number
  requests: number
}

const EXISTING = 350
const CREATES = 150
const UPDATES = 200
const ADOPTS = 50
const REMOVES = 100

/** The account before, and a plan of 500 changes against it. */
function scenario(): { people: ReturnType<typeof generatePeople>; plan: Pick<Plan, 'changes'> } {
  const people = generatePeople(EXISTING)
  // People without a system_id, to be adopted by email.
  for (let n = 1; n <= ADOPTS; n++) {
    people.push(fakePerson(10_000 + n, { first_name: 'Adoptee', last_name: String(n), email: `a${n}@example.com` }))
  }
  const changes: PlannedChange[] = []
  for (let n = 1; n <= REMOVES; n++) {
    const p = people[UPDATES + n - 1]
    changes.push({
      kind: 'remove',
      systemId: p.system_id!,
      name: `${p.first_name} ${p.last_name}`,
      personId: p.id,
      mode: 'disable',
      groups: []
    })
  }
  for (let n = 1; n <= UPDATES; n++) {
    const p = people[n - 1]
    changes.push({
      kind: 'update',
      systemId: p.system_id!,
      name: `${p.first_name} ${p.last_name}`,
      personId: p.id,
      fields: [{ field: 'job_title', from: null, to: `Engineer ${n}` }],
      memberships: {
        groupIds: [2],
        roleIds: [],
        groupsGained: [{ id: 2, name: 'Night Shift' }],
        groupsLost: [],
        rolesGained: [],
        rolesLost: []
      }
    })
  }
  for (let n = 1; n <= ADOPTS; n++) {
    changes.push({ kind: 'adopt', systemId: `ADOPT-${n}`, name: `Adoptee ${n}`, personId: 10_000 + n, fields: [] })
  }
  for (let n = 1; n <= CREATES; n++) {
    changes.push({
      kind: 'create',
      systemId: `NEW-${n}`,
      name: `New ${n}`,
      fields: { first_name: 'New', last_name: String(n), email: `new${n}@example.com` },
      groups: [{ id: 1, name: 'Engineering' }],
      roles: []
    })
  }
  return {
    people,
    plan: { changes }
  }
}

async function once(client: string, perSecond: number, concurrency: number | undefined): Promise<ApplyBench> {
  // The clients' request lines are the step's debug log; here they would only flood the terminal.
  httpLog.debug = () => {}
  const { people, plan } = scenario()
  const fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [PERSON_WRITE_SCOPE] },
    people: { people, writesPerSecond: perSecond }
  })
  try {
    const writer = new PeopleClient(fake.url, FAKE_TOKEN)
    const started = performance.now()
    if (concurrency !== undefined) {
      const ctx: Context = {
        budget: { maxAttempts: 10, timeoutMs: 600_000, requestTimeoutMs: 30_000, startedAt: realClock.now() },
        clock: realClock,
        log: () => {}
      }
      await applyPlan(ctx, plan, writer, { concurrency })
    } else {
      for (const change of plan.changes) {
        const write = writeFor(change)
        if (write.method === 'POST') await writer.createPerson(write.body, 30_000)
        else if (write.method === 'PUT') await writer.updatePerson(write.personId, write.body, 30_000)
        else await writer.deletePerson(write.personId, 30_000)
      }
    }
    const makespanS = (performance.now() - started) / 1000
    const carried = fake.people.writesCarriedOut
    const perChange = new Map<string, number>()
    for (const key of carried) perChange.set(key, (perChange.get(key) ?? 0) + 1)
    const targets = plan.changes.map(c => (c.kind === 'create' ? `create ${c.systemId}` : `write ${c.personId}`))
    const lost = targets.filter(t => !perChange.has(t)).length
    const doubled = [...perChange.values()].reduce((sum, n) => sum + n - 1, 0)
    const duplicatesBySystemId = plan.changes
      .filter(c => c.kind === 'create')
      .reduce((sum, c) => sum + Math.max(0, fake.people.bySystemId(c.systemId).length - 1), 0)
    return {
      client,
      changes: plan.changes.length,
      perSecond,
      makespanS,
      idealS: plan.changes.length / perSecond,
      carriedOut: carried.length,
      lost,
      doubled,
      duplicatesBySystemId,
      rateLimited: fake.people.rateLimited,
      requests: fake.requests.length
    }
  } finally {
    await fake.close()
  }
}

/**
 * Ours at write-concurrency 4 (the default), 1 and 8, and the naive client, at R writes per
 * second; the section of bench/results.md, as Markdown.
 */
export async function applyBench(perSecond = 20, log: (line: string) => void = console.log): Promise<string> {
  const runs: ApplyBench[] = []
  for (const concurrency of [4, 1, 8]) {
    runs.push(await once(`doorflow-sync-action, write-concurrency ${concurrency}`, perSecond, concurrency))
    log(`  apply at write-concurrency ${concurrency} done`)
  }
  runs.push(await once('naive sequential client, no retry policy', perSecond, undefined))
  log('  naive client done')
  const head = [
    'client',
    'makespan (s)',
    '× 500/R',
    'writes carried out',
    'lost',
    'doubled',
    'duplicate people',
    '429s',
    'requests'
  ]
  const rows = runs.map(r => [
    r.client,
    r.makespanS.toFixed(2),
    (r.makespanS / r.idealS).toFixed(3),
    r.carriedOut,
    r.lost,
    r.doubled,
    r.duplicatesBySystemId,
    r.rateLimited,
    r.requests
  ])
  return [
    '## 6. Roster apply under a write rate limit',
    '',
    `${runs[0].changes} changes (${CREATES} creates, ${UPDATES} updates with a membership change, ${ADOPTS} adoptions, ${REMOVES} removals)`,
    `against the fake DoorFlow allowing R = ${perSecond} writes in any one second and answering 429 with a whole-second`,
    `\`retry_in\` beyond that; the ideal is 500/R = ${(runs[0].changes / perSecond).toFixed(0)} s. Target for the action: makespan ≤ 1.1 × 500/R`,
    'with no write lost or doubled. *Lost* and *doubled* are counted from the writes the fake carried out.',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map(r => `| ${r.join(' | ')} |`),
    ''
  ].join('\n')
}

export interface ImportBench {
  code: number | null
  elapsedS: number
  /** Leavers disabled, of LEAVERS; and whether every one was answered before the first create arrived. */
  revoked: number
  revocationsFirst: boolean
  created: number
  notAttempted: number
  syncs: number
  /** Sync arrival after the last write, and before the step ended, in seconds (undefined: no sync). */
  syncAfterLastWriteS?: number
  syncBeforeEndS?: number
  /** Writes carried out per second between the first and the last, against the fake's limit. */
  writesPerSecond: number
  rateLimited: number
  warned: boolean
}

const IMPORT = 10_000
const LEAVERS = 50

/**
 * A first import: a roster of 10,000 people none of whom DoorFlow has, against an account whose
 * 50 managed people are not in the roster (disabled first), at R writes per second, by
 * `node <bundle>` with the default timeout-seconds (300). `bundle` lets the same case run an
 * older build for a before/after.
 */
export async function importBench(perSecond = 20, bundle = process.env['BENCH_BUNDLE']): Promise<ImportBench> {
  const all = generatePeople(IMPORT + LEAVERS)
  const fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [PERSON_WRITE_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE, SYNC_SCOPE] },
    people: { people: all.slice(IMPORT), writesPerSecond: perSecond }
  })
  const workspace = mkdtempSync(join(tmpdir(), 'bench-import-'))
  try {
    writeFileSync(join(workspace, 'roster.yaml'), rosterYaml(all.slice(0, IMPORT)))
    const run = await runAction(
      {
        token: FAKE_TOKEN,
        'base-url': fake.url,
        roster: 'roster.yaml',
        'dry-run': 'false',
        'max-removals': String(LEAVERS)
      },
      { env: { GITHUB_WORKSPACE: workspace }, entry: bundle }
    )
    const writes = fake.requests.filter(r =>
      /^(POST \/api\/3\/people|PUT \/api\/3\/people\/\d+)$/.test(`${r.method} ${r.path}`)
    )
    const creates = writes.filter(r => r.method === 'POST')
    const disables = writes.filter(r => r.method === 'PUT')
    const carried = fake.people.writesCarriedOut
    const sync = fake.requestsTo('POST /api/3/sync')[0]
    const lastWrite = writes.at(-1)?.at ?? run.startedAt
    const spanS = ((writes.at(-1)?.at ?? 0) - (writes[0]?.at ?? 0)) / 1000
    return {
      code: run.code,
      elapsedS: (run.endedAt - run.startedAt) / 1000,
      revoked: fake.people.live().filter(p => !p.enabled).length,
      revocationsFirst: disables.length > 0 && creates.every(c => c.at >= Math.max(...disables.map(d => d.at))),
      created: carried.filter(k => k.startsWith('create ')).length,
      notAttempted: IMPORT - carried.filter(k => k.startsWith('create ')).length,
      syncs: fake.requestsTo('POST /api/3/sync').length,
      syncAfterLastWriteS: sync ? (sync.at - lastWrite) / 1000 : undefined,
      syncBeforeEndS: sync ? (run.endedAt - sync.at) / 1000 : undefined,
      writesPerSecond: spanS > 0 ? carried.length / spanS : 0,
      rateLimited: fake.people.rateLimited,
      warned: run.lines.some(l => l.startsWith('::warning') && l.includes('set timeout-seconds'))
    }
  } finally {
    await fake.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

export interface PaceRun {
  limit: WriteLimit
  writes: number
  code: number | null
  /** Writes the fake carried out, and the 429s it answered. */
  carriedOut: number
  rateLimited: number
  /** From the first write's arrival to the last's, in seconds. */
  spanS: number
  /** Writes per second: carried out ÷ (span + one window), the limit's own measure (see paceBench). */
  perSecond: number
  /** perSecond over the limit's writes per second. */
  ofLimit: number
  elapsedS: number
}

/**
 * One apply through the bundle, as a merge runs it: a roster of `writes` people DoorFlow does not
 * have (every change a create), against the fake allowing `limit.writes` in any `limit.perMs`.
 */
export async function paceRun(
  limit: WriteLimit,
  writes: number,
  bundle = process.env['BENCH_BUNDLE']
): Promise<PaceRun> {
  const people = generatePeople(writes)
  const fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [PERSON_WRITE_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE, SYNC_SCOPE] },
    people: { writeLimit: limit }
  })
  const workspace = mkdtempSync(join(tmpdir(), 'bench-pace-'))
  try {
    writeFileSync(join(workspace, 'roster.yaml'), rosterYaml(people))
    const run = await runAction(
      { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'roster.yaml', 'dry-run': 'false' },
      { env: { GITHUB_WORKSPACE: workspace }, entry: bundle }
    )
    const posts = fake.requestsTo('POST /api/3/people')
    const spanS = ((posts.at(-1)?.at ?? 0) - (posts[0]?.at ?? 0)) / 1000
    const carriedOut = fake.people.writesCarriedOut.length
    const perSecond = carriedOut / (spanS + limit.perMs / 1000)
    return {
      limit,
      writes,
      code: run.code,
      carriedOut,
      rateLimited: fake.people.rateLimited,
      spanS,
      perSecond,
      ofLimit: perSecond / ((limit.writes * 1000) / limit.perMs),
      elapsedS: (run.endedAt - run.startedAt) / 1000
    }
  } finally {
    await fake.close()
    rmSync(workspace, { recursive: true, force: true })
  }
}

const perUnit = (l: WriteLimit) =>
  `${l.writes}/${{ 1000: 's', 60_000: 'min', 3_600_000: 'h' }[l.perMs] ?? `${l.perMs} ms`}`

/**
 * The apply's pace against DoorFlow's write limit (`npm run fake-doorflow -- --write-limit`):
 * a limit of N writes in any window W lets a client write N at once, then N more each W, so M
 * writes (M a multiple of N) take at best (M/N − 1)·W from the first to the last; M ÷ (that span
 * + W) is then exactly N/W. The section of bench/results.md, as Markdown.
 */
export async function paceBench(log: (line: string) => void = console.log): Promise<string> {
  const cases: [WriteLimit, number][] = [
    [{ writes: 60, perMs: 60_000 }, 180],
    [{ writes: 10, perMs: 1000 }, 300],
    [{ writes: 20, perMs: 1000 }, 600]
  ]
  const runs: PaceRun[] = []
  for (const [limit, writes] of cases) {
    runs.push(await paceRun(limit, writes))
    log(`  apply pace at ${perUnit(limit)}: ${writes} writes done`)
  }
  return `## 10. Apply pace against the write limit (\`npm run bench -- pace\`)

A roster of M people DoorFlow does not have (M creates), applied by \`node dist/index.js\` with the
defaults (write-concurrency 4, max-attempts 5, timeout-seconds 300) against the fake DoorFlow
limiting writes to N in any window W (\`npm run fake-doorflow -- --write-limit N/min\`), answering
429 with a whole-second \`retry_in\` beyond it. *Pace* is the writes carried out ÷ (first write to
last + W): N/W for a client that writes each window's N as soon as the window lets it. A
whole-second \`retry_in\` is counted from the 429, which comes after the window's burst, so each
window costs the burst's own time too: under a one-second window that is a few per cent, more on a
busy machine (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores as this ended). Target: pace ≥ 0.9 × the limit,
every write carried out once.

${table(
  [
    'limit',
    'writes (M)',
    'exit',
    'carried out',
    '429s',
    'first → last write (s)',
    'pace (writes/s)',
    '× limit',
    'step (s)'
  ],
  runs.map(r => [
    perUnit(r.limit),
    r.writes,
    r.code ?? 'killed',
    r.carriedOut,
    r.rateLimited,
    r.spanS.toFixed(2),
    r.perSecond.toFixed(3),
    r.ofLimit.toFixed(3),
    r.elapsedS.toFixed(1)
  ])
)}
`
}
