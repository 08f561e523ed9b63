/**
 * End to end, the export: `node dist/index.js` with the `export` input, and `npm run export`
 * (script/export.ts) in-process, against the fake DoorFlow over a socket. Then the exported
 * roster is applied by the bundle and planned again: no change and nobody created twice.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../../__fixtures__/fake-doorflow.js'
import {
  fakePerson,
  generatePeople,
  GROUP_READ_SCOPE,
  PEOPLE_READ_SCOPES,
  PERSON_WRITE_SCOPE,
  ROLE_READ_SCOPE
} from '../../__fixtures__/fake-people.js'
import { leakedLines, runAction } from '../../__fixtures__/run-action.js'
import { MAX_FILES } from '../../src/roster/roster-files.js'
import { main as exportMain } from '../../script/export.js'
import { main as planMain } from '../../script/plan.js'
import { gfm, hiddenMarkup, rendered } from '../helpers/gfm.js'

const READ_TOKEN = 'dft_read_only_token_0123456789'
let fake: FakeDoorFlow
let workspace: string
let temp: string

/** 300 people: every 3rd without an email, every 4th without a system_id; plus hostile ones. */
function account() {
  return [
    ...generatePeople(300, { noEmailEvery: 3, noSystemIdEvery: 4 }),
    fakePerson(5001, { system_id: 'X-1', first_name: 'Eve', last_name: 'Dots', department: '../../etc', groups: [1] }),
    fakePerson(5002, {
      system_id: 'X-2',
      first_name: 'Quote "Q"',
      last_name: 'a: b #c',
      telephone: '0042',
      groups: [1]
    }),
    fakePerson(5003, { system_id: null, first_name: 'Mal\u202eory', last_name: 'Bidi', groups: [2] })
  ]
}

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: {
      [FAKE_TOKEN]: [SYNC_SCOPE, PERSON_WRITE_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE],
      [READ_TOKEN]: PEOPLE_READ_SCOPES
    },
    people: { people: account() }
  })
  workspace = mkdtempSync(join(tmpdir(), 'export-ws-'))
  temp = mkdtempSync(join(tmpdir(), 'export-temp-'))
})
afterEach(async () => {
  await fake.close()
  rmSync(workspace, { recursive: true, force: true })
  rmSync(temp, { recursive: true, force: true })
})

async function action(inputs: Record<string, string>, token = READ_TOKEN) {
  const run = await runAction(
    { token, 'base-url': fake.url, ...inputs },
    { env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp } }
  )
  expect(leakedLines(run, [FAKE_TOKEN, READ_TOKEN])).toEqual([])
  return run
}
const writes = () => fake.requests.filter(r => r.method !== 'GET')

describe('the export input', () => {
  it('writes the account as roster files, reads in 3 requests, writes nothing to DoorFlow and sends no sync', async () => {
    const run = await action({ export: 'access' })
    expect(run.code).toBe(0)
    expect(fake.requests.map(r => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /api/3/groups',
      'GET /api/3/roles',
      'GET /api/3/people'
    ])
    expect(writes()).toEqual([])
    const files = readdirSync(join(workspace, 'access')).sort()
    expect(files).toEqual(['_manages.yaml', 'engineering.yaml', 'etc.yaml', 'no-department.yaml', 'operations.yaml'])
    expect(run.outputs['exported-people']).toBe('302')
    expect(run.outputs['exported-files'].split('\n').sort()).toEqual(files.map(f => `access/${f}`))
    // The person with a bidi control is left out, named by DoorFlow id, the value never shown.
    expect(run.lines).toContain(
      '::warning title=Export::DoorFlow person 5003 is left out of the export: first_name holds U+202E (bidi control), which the roster refuses.'
    )
    expect(run.stdout).not.toContain('\u202e')
    expect(run.stdout).toMatch(/Exported 302 people of 303 to 5 files in access \(3 requests; 1 left out\)/)
    // The summary reads as the log does once GitHub renders it, and nothing in it links or mentions.
    const html = gfm(run.summary)
    expect(rendered(run.summary)).toMatch(/Exported 302 people of 303 to 5 files in access \(3 requests; 1 left out\)/)
    for (const f of files) expect(rendered(run.summary)).toContain(`access/${f}`)
    expect(html).not.toMatch(/<a |<img /)
    // Nor does anything in it hide a line: no HTML comment, declaration or instruction, raw or rendered.
    expect(hiddenMarkup(run.summary)).toEqual({ raw: [], rendered: [] })
    const other = readFileSync(join(workspace, 'access', 'no-department.yaml'), 'utf8')
    expect(other).toContain(
      '  - id: X-2\n    first_name: "Quote \\"Q\\""\n    last_name: "a: b #c"\n    telephone: "0042"\n'
    )
  })

  it('export → plan: only adoptions by doorflow_id; apply → plan again: 0 changes, nobody created twice', async () => {
    expect((await action({ export: 'access' })).code).toBe(0)
    const before = fake.people.live().length
    const withoutId = fake.people.live().filter(p => p.system_id === null && p.id !== 5003).length
    const planned = await action({ roster: 'access', 'dry-run': 'true' })
    expect(planned.code).toBe(0)
    expect(planned.outputs['changes']).toBe(String(withoutId))
    const plan = JSON.parse(readFileSync(planned.outputs['plan-file'], 'utf8')) as { changes: { kind: string }[] }
    expect(new Set(plan.changes.map(c => c.kind))).toEqual(new Set(['adopt']))

    const applied = await action({ roster: 'access', 'dry-run': 'false' }, FAKE_TOKEN)
    expect(applied.code).toBe(0)
    expect(applied.outputs['adopted']).toBe(String(withoutId))
    expect(applied.outputs['created']).toBe('0')
    expect(fake.requestsTo('POST /api/3/people')).toEqual([])
    expect(fake.people.live()).toHaveLength(before)
    expect(fake.people.people.get(1004)!.system_id).toBe('DF-1004')

    const again = await action({ roster: 'access', 'dry-run': 'true' })
    expect(again.code).toBe(0)
    expect(again.outputs['changes']).toBe('0')
    expect(fake.people.live()).toHaveLength(before)
  })

  it('refuses a directory outside the workspace, an absolute one, one with YAML files, a link out, and roster beside it', async () => {
    const bad = async (inputs: Record<string, string>, message: RegExp) => {
      const run = await action(inputs)
      expect(run.code).toBe(1)
      expect(run.lines.find(l => l.startsWith('::error::'))).toMatch(message)
    }
    await bad({ export: '../out' }, /Input 'export' leads outside the workspace/)
    await bad({ export: '/tmp/out' }, /Input 'export' is an absolute path/)
    await bad({ export: 'access', roster: 'access' }, /Input 'export' and roster are both set/)
    expect(fake.requests).toEqual([])
    mkdirSync(join(workspace, 'old'))
    writeFileSync(join(workspace, 'old', 'roster.yaml'), 'version: 1\n')
    await bad({ export: 'old' }, /already holds 1 YAML file \(roster.yaml\).*Nothing was written to DoorFlow\./)
    expect(readFileSync(join(workspace, 'old', 'roster.yaml'), 'utf8')).toBe('version: 1\n')
    const outside = mkdtempSync(join(tmpdir(), 'export-outside-'))
    try {
      symlinkSync(outside, join(workspace, 'link'))
      await bad({ export: 'link/deeper' }, /a link that leads outside the workspace/)
      expect(readdirSync(outside)).toEqual([])
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
    expect(writes()).toEqual([])
  })
})

describe('an export the roster could not read', () => {
  it('more departments than a roster directory may hold files: refused before any file, and the plan never sees it', async () => {
    fake.people.people.clear()
    for (let i = 1; i <= MAX_FILES + 1; i++)
      fake.people.people.set(
        i,
        fakePerson(i, {
          system_id: `EMP-${i}`,
          first_name: 'A',
          last_name: `B${i}`,
          department: `Dept ${i}`,
          groups: [1]
        })
      )
    const run = await action({ export: 'access' })
    expect(run.code).toBe(1)
    expect(run.lines.find(l => l.startsWith('::error::'))).toBe(
      "::error::Input 'export': the export would be 1,002 files (_manages.yaml and 1,001 of people), more than the 1000 a roster directory may hold, so no roster run could read them. Export with another split (npm run export -- --split group, or --split none for one file). Nothing was written to DoorFlow."
    )
    expect(existsSync(join(workspace, 'access'))).toBe(false)
    expect(run.outputs['exported-files']).toBeUndefined()
    expect(writes()).toEqual([])
  })
})

describe('10,000 people split by department', () => {
  /** How many lines a file's manages and except take. */
  const manageLines = (text: string) => {
    const lines = text.split('\n')
    const start = lines.findIndex(l => /^(manages|except):/.test(l))
    let end = start + 1
    while (start >= 0 && end < lines.length && /^( {2}- |except:|#)/.test(lines[end])) end++
    return start < 0 ? 0 : end - start
  }

  it('declares manages once, in a few lines; a new hire added in one file plans as one create', async () => {
    fake.people.people.clear()
    for (const p of generatePeople(10_000, { noEmailEvery: 7 })) fake.people.people.set(p.id, p)
    const exported = await action({ export: 'access' })
    expect(exported.code).toBe(0)
    const dir = join(workspace, 'access')
    const files = readdirSync(dir).sort()
    expect(files).toEqual(['_manages.yaml', 'engineering.yaml', 'operations.yaml'])
    const texts = files.map(f => readFileSync(join(dir, f), 'utf8'))
    expect(Math.max(...texts.map(manageLines))).toBeLessThanOrEqual(20)
    expect(texts[0]).toContain('manages:\n  - "EMP-*"\n')
    // A department file starts with its people.
    for (const text of texts.slice(1)) expect(text.split('\n').indexOf('people:')).toBeLessThan(5)

    const planned = await action({ roster: 'access', 'dry-run': 'true' })
    expect(planned.code).toBe(0)
    expect(planned.outputs['changes']).toBe('0')

    appendFileSync(
      join(dir, 'operations.yaml'),
      '  - id: EMP-10001\n    first_name: New\n    last_name: Hire\n    email: new.hire@example.com\n    groups: [Engineering]\n'
    )
    const hired = await action({ roster: 'access', 'dry-run': 'true' })
    expect(hired.code).toBe(0)
    expect(hired.outputs['changes']).toBe('1')
    const plan = JSON.parse(readFileSync(hired.outputs['plan-file'], 'utf8')) as {
      changes: { kind: string; systemId: string }[]
    }
    expect(plan.changes.map(c => [c.kind, c.systemId])).toEqual([['create', 'EMP-10001']])
    expect(writes()).toEqual([])
  }, 60_000)
})

describe('npm run export', () => {
  const cwd = process.cwd()
  beforeEach(() => process.chdir(workspace))
  afterEach(() => process.chdir(cwd))

  async function cli(main: typeof exportMain, args: string[], env: Record<string, string> = {}) {
    const out: string[] = []
    const err: string[] = []
    const code = await main(
      args,
      { DOORFLOW_TOKEN: READ_TOKEN, DOORFLOW_BASE_URL: fake.url, ...env },
      l => out.push(l),
      l => err.push(l)
    )
    return { code, out, err }
  }

  it('writes the files, names who is left out on stderr, and the plan of the result adopts only', async () => {
    const run = await cli(exportMain, ['--out', 'people', '--split', 'none', '--id-template', 'LEGACY-{id}'])
    expect(run.code).toBe(0)
    expect(run.out).toEqual(['people/roster.yaml'])
    expect(run.err).toContain(
      'DoorFlow person 5003 is left out of the export: first_name holds U+202E (bidi control), which the roster refuses.'
    )
    expect(run.err.at(-1)).toMatch(/^Exported 302 of 303 people to 1 file \(3 requests, \d+ ms; 1 left out\)/)
    const text = readFileSync('people/roster.yaml', 'utf8')
    expect(text).toContain('manages:\n  - "EMP-*"\n  - "LEGACY-*"\n  - "X-*"\npeople:\n')
    expect(text).toContain('  - id: LEGACY-1004\n    doorflow_id: 1004\n')
    const lines: string[] = []
    const plan = await planMain(
      ['--roster', 'people', '--json'],
      { DOORFLOW_TOKEN: READ_TOKEN, DOORFLOW_BASE_URL: fake.url },
      l => lines.push(l)
    )
    expect(plan).toBe(0)
    const changes = (JSON.parse(lines.join('\n')) as { changes: { kind: string; fields: unknown[] }[] }).changes
    expect(changes.length).toBe(75)
    expect(changes.every(c => c.kind === 'adopt' && c.fields.length === 0)).toBe(true)
    expect(writes()).toEqual([])
  })

  it('says what is wrong with the command line, before any request', async () => {
    expect((await cli(exportMain, [])).code).toBe(2)
    expect((await cli(exportMain, ['--out', 'x', '--split', 'team'])).err[0]).toMatch(/^--split must be one of/)
    expect((await cli(exportMain, ['--out', 'x', '--id-template', 'DF'])).err[0]).toMatch(
      /^--id-template must hold \{id\}/
    )
    expect((await cli(exportMain, ['--out', 'x'], { DOORFLOW_TOKEN: '' })).err[0]).toMatch(/DOORFLOW_TOKEN is empty/)
    expect((await cli(exportMain, ['--help'])).code).toBe(0)
    expect(fake.requests).toEqual([])
    expect(existsSync('x')).toBe(false)
    // The workspace rule is the action's (a terminal takes any path: terminal.e2e.test.ts); an
    // export still never merges into an old roster.
    mkdirSync('old')
    writeFileSync('old/roster.yaml', 'version: 1\n')
    expect((await cli(exportMain, ['--out', 'old'])).err.at(-1)).toMatch(
      /^--out: 'old' already holds 1 YAML file \(roster.yaml\): .* Nothing was written.$/
    )
  })
})
