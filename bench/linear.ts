/**
 * The roster's worst cases that fit its file caps (roster-files.ts: a file of at most 16 MiB),
 * read as a pull request from a stranger may write them: one person with as many group names as
 * fit, the same name over and over, as many people as fit (their ids or emails duplicated), one
 * line of 16 MiB (an email, a key, a group name, an id), as many unknown keys or `manages`
 * patterns as fit. Each is parsed (parse.ts), planned against an account (planner.ts: 1,000
 * groups, 10,000 people), its problems made fit to publish with personal data hidden
 * (personal.ts, as on a public repository) and the first 50 problems' lines found (as the
 * annotations need them), each stage timed in this process. Every check there is meant to be
 * linear: at 16 MiB each case should take a few seconds at most. `npm run bench -- linear`.
 */
import { cpus, loadavg } from 'node:os'
import { generatePeople } from '../__fixtures__/fake-people.js'
import type { Account, DoorFlowPerson, Named } from '../src/doorflow/people.js'
import { parseRoster } from '../src/roster/parse.js'
import { planRoster } from '../src/roster/planner.js'
import { publishedProblems } from '../src/roster/personal.js'
import { peopleNames } from '../src/roster/problems.js'
import { MAX_LISTED_PROBLEMS } from '../src/roster/roster.js'
import { MAX_FILE_BYTES } from '../src/roster/roster-files.js'
import { table } from './measure.js'

const HEAD = "version: 1\nmanages: 'EMP-*'\npeople:\n"
const PERSON = '  - id: EMP-1\n    first_name: Ada\n    last_name: Lovelace\n'

/** Lines `line(i)` for i = 0, 1, … after `head`, as many as fit in `bytes`, then `tail`. */
function fill(bytes: number, head: string, line: (i: number) => string, tail = ''): string {
  const parts = [head]
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail)
  for (let i = 0; ; i++) {
    const next = line(i)
    const n = Buffer.byteLength(next)
    if (size + n > bytes) break
    parts.push(next)
    size += n
  }
  parts.push(tail)
  return parts.join('')
}

/** A string of `n` characters made of `unit` repeated. */
const long = (n: number, unit = 'a') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)

export interface LinearCase {
  name: string
  text: (bytes: number) => string
}

export const CASES: LinearCase[] = [
  {
    name: 'one person, as many distinct group names as fit (a block list)',
    text: b => fill(b, `${HEAD}${PERSON}    groups:\n`, i => `      - G${i}\n`)
  },
  {
    name: 'one person, as many distinct group names as fit (one flow line)',
    text: b => fill(b, `${HEAD}${PERSON}    groups: [`, i => `G${i}, `, 'G]\n')
  },
  {
    name: 'one person, one group name listed again and again',
    text: b => fill(b, `${HEAD}${PERSON}    groups:\n`, () => `      - Engineering\n`)
  },
  {
    name: 'one person, as many names of DoorFlow’s groups as fit, each once, then again',
    text: b => fill(b, `${HEAD}${PERSON}    groups:\n`, i => `      - Group ${i % 1000}\n`)
  },
  {
    name: 'as many people as fit, each with a group',
    text: b => fill(b, HEAD, i => `  - {id: EMP-${i}, first_name: A, last_name: B${i}, groups: [Group 1]}\n`)
  },
  {
    name: 'as many people as fit, every id twice',
    text: b => fill(b, HEAD, i => `  - {id: EMP-${i >> 1}, first_name: A, last_name: B${i}, groups: []}\n`)
  },
  {
    name: 'as many people as fit, one email for all',
    text: b =>
      fill(b, HEAD, i => `  - {id: EMP-${i}, first_name: A, last_name: B${i}, email: a@example.com, groups: []}\n`)
  },
  {
    name: 'as many people as fit, every one outside manages',
    text: b => fill(b, HEAD, i => `  - {id: X-${i}, first_name: A, last_name: B${i}, groups: []}\n`)
  },
  {
    name: 'one line: an email of 16 MiB that is not one',
    text: b => `${HEAD}${PERSON}    groups: []\n    email: a@${long(b - 200, 'a.')}@\n`
  },
  {
    name: 'one line: an unknown key of 16 MiB',
    text: b => `${HEAD}${PERSON}    groups: []\n    ${long(b - 200)}: x\n`
  },
  {
    name: 'one line: a group name of 16 MiB',
    text: b => `${HEAD}${PERSON}    groups: [${long(b - 200, 'Group ')}]\n`
  },
  {
    name: 'one line: an id of 16 MiB (outside manages)',
    text: b => `${HEAD}  - id: ${long(b - 200, 'EMP-')}\n    first_name: A\n    last_name: B\n    groups: []\n`
  },
  {
    name: 'one line: a date of 16 MiB',
    text: b => `${HEAD}${PERSON}    groups: []\n    valid_to: 2026-01-01T00:00:00.${long(b - 200, '1')}x\n`
  },
  {
    name: 'as many unknown keys as fit in one person',
    text: b => fill(b, `${HEAD}${PERSON}    groups: []\n`, i => `    k${i}: x\n`)
  },
  {
    name: 'as many manages patterns as fit, with stars, and 1,000 people',
    text: b =>
      fill(
        b - 80_000,
        'version: 1\nmanages:\n',
        i => `  - 'EMP-${i}*X'\n`,
        `people:\n${Array.from({ length: 1000 }, (_, i) => `  - {id: EMP-${i}, first_name: A, last_name: B, groups: []}\n`).join('')}`
      )
  }
]

/** The account each case is planned against: 1,000 groups, 20 roles, 10,000 people (EMP-1 …). */
export function account(): Pick<Account, 'people' | 'groups' | 'roles'> {
  const groups: Named[] = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, name: `Group ${i}` }))
  const roles: Named[] = Array.from({ length: 20 }, (_, i) => ({ id: 1001 + i, name: `Role ${i}` }))
  const people: DoorFlowPerson[] = generatePeople(10_000, {
    groups: groups.slice(0, 5),
    roles: roles.slice(0, 3)
  }).map(p => ({ ...p }) as unknown as DoorFlowPerson)
  return { people, groups, roles }
}

export interface LinearRun {
  name: string
  mib: number
  parseMs: number
  planMs: number
  publishMs: number
  positionsMs: number
  problems: number
  firstProblem: string
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6

export function linearRun(c: LinearCase, bytes = MAX_FILE_BYTES, against = account()): LinearRun {
  const text = c.text(bytes)
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw new Error(`${c.name}: over the file cap`)
  const file = { file: 'roster.yaml', text }
  let t = process.hrtime.bigint()
  const parsed = parseRoster([file])
  const parseMs = ms(t)
  t = process.hrtime.bigint()
  const planned = planRoster(parsed.roster, against, 'disable', { now: Date.parse('2026-12-07T00:00:00Z') })
  const planMs = ms(t)
  const problems = [...parsed.problems, ...planned.problems]
  t = process.hrtime.bigint()
  const shown = publishedProblems({ shown: false, why: '' }, problems, () =>
    peopleNames(parsed.roster, against as Account)
  )
  const publishMs = ms(t)
  t = process.hrtime.bigint()
  let lines = 0
  for (const p of shown.slice(0, MAX_LISTED_PROBLEMS)) lines += p.at?.line ?? 0
  const positionsMs = ms(t)
  return {
    name: c.name,
    mib: Buffer.byteLength(text) / 2 ** 20,
    parseMs,
    planMs,
    publishMs,
    positionsMs: lines >= 0 ? positionsMs : NaN,
    problems: problems.length,
    firstProblem: (shown[0]?.message ?? '').slice(0, 90)
  }
}

/** The benchmark's section, as Markdown: every case at 16 MiB, each timed in this process. */
export function linearBench(log: (line: string) => void = console.log, bytes = MAX_FILE_BYTES): string {
  const against = account()
  const runs = CASES.map(c => {
    const r = linearRun(c, bytes, against)
    log(`  ${c.name}: ${((r.parseMs + r.planMs + r.publishMs + r.positionsMs) / 1000).toFixed(2)} s`)
    return r
  })
  return linearSection(runs)
}

/** The section for `runs`, with the machine's load average as they ended (the times scale with it). */
export function linearSection(runs: LinearRun[], load = loadavg()[0]): string {
  const s = (x: number) => (x / 1000).toFixed(2)
  return `## 11. The roster's worst cases within the file cap (\`npm run bench -- linear\`)

Each file is at most 16 MiB (the cap of one roster file), written as a stranger's pull request may
write it, parsed (parse.ts), planned against an account of 1,000 groups and 10,000 people
(planner.ts), its problems published with personal data hidden (personal.ts, as on a public
repository) and the first ${MAX_LISTED_PROBLEMS} problems' lines found for their annotations (yaml.ts); times in
seconds, in the benchmark's own process (run alone; load average ${load.toFixed(1)} on ${cpus().length} cores as
it ended: the times scale with it). Target: every check linear, so that no case is hours.

${table(
  ['case', 'MiB', 'parse', 'plan', 'publish', 'lines', 'total', 'problems'],
  runs.map(r => [
    r.name,
    r.mib.toFixed(1),
    s(r.parseMs),
    s(r.planMs),
    s(r.publishMs),
    s(r.positionsMs),
    s(r.parseMs + r.planMs + r.publishMs + r.positionsMs),
    r.problems.toLocaleString('en')
  ])
)}
`
}
