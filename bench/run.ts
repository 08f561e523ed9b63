/**
 * `npm run bench`: the action side by side with the alternatives, against the fake DoorFlow
 * on loopback, in one run. Prints a table and writes bench/results.md.
 *
 *  1. Rate-limit recovery: a run starts while DoorFlow's window has W s left (W = 3, 10, 30).
 *     Ours vs `curl --retry 10 --retry-all-errors` vs a fixed 3-second wait-and-retry loop.
 *  2. Cold start: median wall time of one successful run over 20, against a minimal ncc
 *     bundle of @actions/core + @actions/http-client sending one POST (the floor for our
 *     dependencies), `node -e 0` and curl; sizes of the files in dist/.
 *  3. Burst: N = 2, 6, 12 concurrent runs just after another sync began (W = 4 s), with and
 *     without coalesce.
 *  4. Wait for completion: a sync that completes 8 s after it starts.
 *  5. Door access as code: a roster of 1,000 / 10,000 / 50,000 planned against as many people
 *     (bench/roster.ts). `npm run bench -- roster` runs this section alone.
 *  6. Roster apply: 500 changes under a write rate limit, ours vs a naive sequential client
 *     (bench/apply.ts). `npm run bench -- apply` runs this section alone.
 * 10. The apply's pace against the fake's write limit (60/min, 10/s, 20/s) through the bundle
 *     (bench/apply.ts): `npm run bench -- pace` (or `pace 60/min 180` for one case), run alone.
 * 11. The roster's worst cases within the 16 MiB file cap (bench/linear.ts):
 *     `npm run bench -- linear`, run alone.
 * 12. The access review: 10,000 people, 50 groups, a million events in the window
 *     (bench/review.ts): `npm run bench -- review`, run alone.
 *
 * Times come from the fake's request timestamps and process.hrtime; nothing here is a test.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, type } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { applyBench, importBench, paceBench, paceRun } from './apply.js'
import { ROOT, runAction } from '../__fixtures__/run-action.js'
import { rosterBench } from './roster.js'
import { linearBench } from './linear.js'
import { exportBench } from './export.js'
import { reviewBench } from './review.js'
import { table } from './measure.js'

const TMP = join(ROOT, 'bench', 'tmp')
const seconds = (ms: number) => (ms / 1000).toFixed(2)
const ratio = (x: number) => x.toFixed(3)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** Runs a command to its end; resolves with its exit code. */
function exec(command: string, args: string[], env: Record<string, string> = {}): Promise<number | null> {
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: 'ignore', env: { PATH: process.env['PATH'] ?? '', ...env } })
    child.on('close', resolve)
  })
}

function hrms(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

// ── 1. Rate-limit recovery ──────────────────────────────────────────────────────────────

type Client = 'doorflow-sync-action' | 'curl --retry 10 --retry-all-errors' | 'fixed 3 s wait-and-retry loop'
const CLIENTS: Client[] = [
  'doorflow-sync-action',
  'curl --retry 10 --retry-all-errors',
  'fixed 3 s wait-and-retry loop'
]

function runClient(client: Client, url: string): Promise<unknown> {
  const sync = `${url}/api/3/sync`
  switch (client) {
    case 'doorflow-sync-action':
      return runAction({ token: FAKE_TOKEN, 'base-url': url, 'max-attempts': '20' })
    case 'curl --retry 10 --retry-all-errors':
      return exec('curl', [
        '-sS',
        '-o',
        '/dev/null',
        '--fail',
        '-X',
        'POST',
        '-H',
        `Authorization: Bearer ${FAKE_TOKEN}`,
        '--retry',
        '10',
        '--retry-all-errors',
        sync
      ])
    default:
      return exec('bash', [
        '-c',
        `for i in $(seq 40); do code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer ${FAKE_TOKEN}" ${sync}); [ "$code" = 200 ] && exit 0; sleep 3; done; exit 1`
      ])
  }
}

interface Recovery {
  w: number
  client: Client
  successS: number
  idealS: number
  ratio: number
  requests: number
}

async function recovery(w: number, client: Client): Promise<Recovery> {
  const fake = await FakeDoorFlow.start({ windowMs: w * 1000 })
  try {
    const t0 = Date.now()
    fake.initiateSync(t0)
    await runClient(client, fake.url)
    const syncs = fake.requestsTo('POST /api/3/sync')
    const okAt = fake.lastSyncAt! // the fake moves lastSyncAt when it answers 200
    // What DoorFlow stated at the first request: the earliest moment any client can know of.
    const idealS = Math.ceil((t0 + w * 1000 - syncs[0].at) / 1000)
    const successS = (okAt - t0) / 1000
    return { w, client, successS, idealS, ratio: successS / idealS, requests: syncs.length }
  } finally {
    await fake.close()
  }
}

// ── 2. Cold start ───────────────────────────────────────────────────────────────────────

const MINIMAL_SOURCE = `import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'
const client = new HttpClient('minimal')
const res = await client.post(core.getInput('base-url') + '/api/3/sync', '', { Authorization: 'Bearer ' + core.getInput('token') })
await res.readBody()
core.setOutput('status', String(res.message.statusCode))
`

function buildMinimal(): string {
  const dir = join(TMP, 'minimal')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'index.mjs'), MINIMAL_SOURCE)
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'),
      'build',
      join(dir, 'index.mjs'),
      '-o',
      join(dir, 'dist'),
      '-q'
    ],
    {
      cwd: ROOT,
      stdio: 'ignore'
    }
  )
  return join(dir, 'dist', 'index.mjs')
}

async function coldStart(runs: number): Promise<Record<string, number>> {
  const minimal = buildMinimal()
  const fake = await FakeDoorFlow.start()
  const candidates: Record<string, () => Promise<unknown>> = {
    'doorflow-sync-action (dist/index.js)': () => runAction({ token: FAKE_TOKEN, 'base-url': fake.url }),
    'minimal core + http-client bundle': () =>
      runAction({ token: FAKE_TOKEN, 'base-url': fake.url }, { entry: minimal }),
    // Another build beside ours (BENCH_BUNDLE=<its index.js>), e.g. the bundle before a change.
    ...(process.env['BENCH_BUNDLE']
      ? {
          [`BENCH_BUNDLE (${process.env['BENCH_BUNDLE']})`]: () =>
            runAction({ token: FAKE_TOKEN, 'base-url': fake.url }, { entry: process.env['BENCH_BUNDLE'] })
        }
      : {}),
    'node -e 0': () => exec(process.execPath, ['-e', '0']),
    'curl -X POST': () =>
      exec('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-X',
        'POST',
        '-H',
        `Authorization: Bearer ${FAKE_TOKEN}`,
        `${fake.url}/api/3/sync`
      ])
  }
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map(k => [k, []]))
  try {
    for (const run of Object.values(candidates)) await run() // warm the file cache
    // Interleaved, so that drift on the machine touches every candidate alike.
    for (let i = 0; i < runs; i++) {
      for (const [name, run] of Object.entries(candidates)) {
        const start = hrms()
        await run()
        times[name].push(hrms() - start)
      }
    }
  } finally {
    await fake.close()
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]))
}

// ── 3. Burst ────────────────────────────────────────────────────────────────────────────

interface Burst {
  n: number
  coalesce: boolean
  makespanS: number
  syncs: number
  requests: number
  allGreen: boolean
}

async function burst(n: number, coalesce: boolean, w = 4): Promise<Burst> {
  const fake = await FakeDoorFlow.start({ windowMs: w * 1000 })
  try {
    const t0 = Date.now()
    fake.initiateSync(t0)
    const runs = await Promise.all(
      Array.from({ length: n }, () =>
        runAction({
          token: FAKE_TOKEN,
          'base-url': fake.url,
          coalesce: String(coalesce),
          'max-attempts': '30',
          'timeout-seconds': '120'
        })
      )
    )
    return {
      n,
      coalesce,
      makespanS: (Math.max(...runs.map(r => r.endedAt)) - t0) / 1000,
      syncs: fake.syncsInitiated,
      requests: fake.requests.length,
      allGreen: runs.every(r => r.code === 0)
    }
  } finally {
    await fake.close()
  }
}

// ── 4. Wait for completion ──────────────────────────────────────────────────────────────

async function waitForCompletion(): Promise<{ delayS: number; polls: number; intervalS: number; ok: boolean }> {
  const fake = await FakeDoorFlow.start({ plan: { phases: [{ status: 'syncing', ms: 8000 }], outcome: 'complete' } })
  try {
    const run = await runAction({ token: FAKE_TOKEN, 'base-url': fake.url, 'wait-for-completion': 'true' })
    const completeAt = fake.lastSyncAt! + 8000
    const polls = fake.requestsTo('GET /api/3/account')
    // The interval in force when completion happened: 5 s, then ×1.5 per poll.
    const before = polls.filter(p => p.at < completeAt).length
    return {
      delayS: (run.endedAt - completeAt) / 1000,
      polls: polls.length,
      intervalS: 5 * 1.5 ** before,
      ok: run.code === 0
    }
  } finally {
    await fake.close()
  }
}

// ── Report ──────────────────────────────────────────────────────────────────────────────

/**
 * A section the full run does not measure, as the last bench/results.md has it: the first import
 * (`npm run bench -- import`) takes five minutes and is run alone, its table written from its
 * output. Kept word for word, so a full run never drops it; empty when there is none.
 */
function carriedOver(heading: string): string {
  let previous = ''
  try {
    previous = readFileSync(join(ROOT, 'bench', 'results.md'), 'utf8')
  } catch {
    return ''
  }
  const start = previous.indexOf(`\n${heading}`)
  if (start < 0) return ''
  // It ends at the next section, or at the closing line of the whole benchmark.
  const ends = ['\n## ', '\nWhole benchmark:'].map(m => previous.indexOf(m, start + 1)).filter(i => i >= 0)
  const end = ends.length ? Math.min(...ends) : -1
  return `${previous.slice(start + 1, end < 0 ? undefined : end + 1).trimEnd()}\n`
}

const started = hrms()
console.log('Benchmarking against the fake DoorFlow on loopback …')

// `npm run bench -- roster`: the roster section alone, printed (bench/results.md is left as it is).
if (process.argv.slice(2).includes('roster')) {
  console.log(`\n${await rosterBench()}`)
  process.exit(0)
}
// `npm run bench -- import`: a first import of 10,000 people through the bundle (BENCH_BUNDLE: another build).
if (process.argv.slice(2).includes('import')) {
  console.log(JSON.stringify(await importBench(), null, 2))
  process.exit(0)
}
// `npm run bench -- export`: the export section alone, printed.
if (process.argv.slice(2).includes('export')) {
  console.log(`\n${await exportBench()}`)
  process.exit(0)
}
// `npm run bench -- cold`: the cold-start medians alone, printed (the table of section 2).
if (process.argv.slice(2).includes('cold')) {
  const cold = await coldStart(20)
  const floor = cold['minimal core + http-client bundle']
  console.log(
    table(
      ['command', 'median (ms)', '× floor'],
      Object.entries(cold).map(([k, v]) => [k, v.toFixed(1), ratio(v / floor)])
    )
  )
  process.exit(0)
}
// `npm run bench -- pace`: the apply's pace against the write limit alone, printed;
// `npm run bench -- pace 60/min 180` one case (N/s, N/min or N/h, and M writes).
if (process.argv.slice(2).includes('pace')) {
  const [, limit, writes] = process.argv.slice(2)
  const m = limit ? /^(\d+)\/(s|min|h)$/.exec(limit) : null
  if (m) {
    const perMs = { s: 1000, min: 60_000, h: 3_600_000 }[m[2] as 's' | 'min' | 'h']
    console.log(
      JSON.stringify(await paceRun({ writes: Number(m[1]), perMs }, Number(writes ?? 3 * Number(m[1]))), null, 2)
    )
  } else console.log(`\n${await paceBench()}`)
  process.exit(0)
}
// `npm run bench -- review`: the access review alone, printed (section 12; a minute or two to set up).
if (process.argv.slice(2).includes('review')) {
  console.log(`\n${await reviewBench()}`)
  process.exit(0)
}
// `npm run bench -- linear`: the roster's worst cases at 16 MiB, printed (section 11; minutes on a busy machine).
if (process.argv.slice(2).includes('linear')) {
  console.log(`\n${linearBench()}`)
  process.exit(0)
}
// `npm run bench -- apply`: the apply section alone, likewise.
if (process.argv.slice(2).includes('apply')) {
  console.log(`\n${await applyBench()}`)
  process.exit(0)
}

// Recovery runs mostly wait on DoorFlow's window, so all of them run at once.
const recoveries = await Promise.all([3, 10, 30].flatMap(w => CLIENTS.map(c => recovery(w, c))))
console.log('  rate-limit recovery done')
const bursts: Burst[] = []
for (const n of [2, 6, 12]) bursts.push(await burst(n, true))
bursts.push(...(await Promise.all([2, 6, 12].map(n => burst(n, false)))))
console.log('  bursts done')
const wait = await waitForCompletion()
console.log('  wait for completion done')
const cold = await coldStart(20)
console.log('  cold start done')
const roster = await rosterBench()
const apply = await applyBench()
const exported = await exportBench()
console.log('  roster, apply and export done')

const ours = cold['doorflow-sync-action (dist/index.js)']
const floor = cold['minimal core + http-client bundle']
const dist = readdirSync(join(ROOT, 'dist')).map(f => [
  f,
  `${(statSync(join(ROOT, 'dist', f)).size / 1024).toFixed(1)} KiB`
])
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${type()}, Node ${process.version}`

const importSection = carriedOver('## 7. ')
// Section 9 was measured once, in a scratch install (its text says how): carried over too.
const githubSection = carriedOver('## 9. ')
// Sections 10 (the apply's pace: minutes of waiting on the write limit) and 11 (the worst cases
// at 16 MiB) run alone, like section 7: carried over.
const paceSection = carriedOver('## 10. ')
const linearSection = carriedOver('## 11. ')
// Section 12 (the access review over a million events) runs alone too.
const reviewSection = carriedOver('## 12. ')
const alone = [importSection && '7', paceSection && '10', linearSection && '11', reviewSection && '12']
  .filter(Boolean)
  .join(', ')
const report = `# Benchmark results

Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${machine}.
Every number below comes from this one run, against the fake DoorFlow on 127.0.0.1${alone ? `, but sections ${alone}: they run alone, and are carried over from their own runs` : ''}.

## 1. Rate-limit recovery

A run starts while DoorFlow's sync window has W s left. *Ideal* is the \`retry_in\` DoorFlow
states on the first request, the earliest moment any client can know of; *ratio* is the time
to a successful sync over it. Targets for the action: ≤ 1.05 at W = 10, ≤ 1.02 at W = 30, with
exactly 2 sync requests.

${table(
  ['W (s)', 'client', 'time to success (s)', 'ideal (s)', 'ratio', 'sync requests'],
  recoveries.map(r => [r.w, r.client, seconds(r.successS * 1000), r.idealS, ratio(r.ratio), r.requests])
)}

## 2. Cold start

Median wall time of one successful run over 20 (interleaved), process start to exit. The
floor is a minimal ncc bundle of @actions/core + @actions/http-client that sends one POST,
built by the benchmark. Target: ≤ 1.10 × the floor.

${table(
  ['command', 'median (ms)', '× floor'],
  Object.entries(cold).map(([k, v]) => [k, v.toFixed(1), ratio(v / floor)])
)}

Files in dist/ (libsodium is a chunk of its own, loaded only in refresh-token mode with a secret to write):

${table(['file', 'size'], dist)}

## 3. Burst of concurrent runs

N runs start together just after another sync began; DoorFlow's window W = 4 s. Target with
coalesce on: makespan ≤ 1.5 × W = 6 s and ≤ 2 syncs for every N.

${table(
  ['N', 'coalesce', 'makespan (s)', 'syncs initiated', 'requests sent', 'all green'],
  bursts.map(b => [
    b.n,
    b.coalesce ? 'on' : 'off',
    seconds(b.makespanS * 1000),
    b.syncs,
    b.requests,
    b.allGreen ? 'yes' : 'no'
  ])
)}

## 4. Wait for completion

A sync that completes 8 s after it starts; \`wait-for-completion: true\` with the default
\`poll-interval-seconds: 5\`. Target: completion noticed within one poll interval.

${table(['completion → step ended (s)', 'poll interval then (s)', 'polls', 'step green'], [[seconds(wait.delayS * 1000), wait.intervalS.toFixed(2), wait.polls, wait.ok ? 'yes' : 'no']])}

${roster}

${apply}
${importSection}
${exported}${githubSection ? `\n${githubSection}` : ''}${paceSection ? `\n${paceSection}` : ''}${linearSection ? `\n${linearSection}` : ''}${reviewSection ? `\n${reviewSection}` : ''}
Whole benchmark: ${seconds(hrms() - started)} s${alone ? ` (sections ${alone} not included: they run alone)` : ''}.
`

mkdirSync(join(ROOT, 'bench'), { recursive: true })
writeFileSync(join(ROOT, 'bench', 'results.md'), report)
console.log(`\n${report}`)
console.log(`Ours vs the floor: ${ratio(ours / floor)} ×. Written to bench/results.md.`)
