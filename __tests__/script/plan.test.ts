/**
 * `npm run plan` in-process against the fake DoorFlow: the roster's plan for a person at a
 * terminal, and problems as file:line:col lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { main } from '../../script/plan.js'

let fake: FakeDoorFlow
let dir: string
const cwd = process.cwd()

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: PEOPLE_READ_SCOPES },
    people: { people: [fakePerson(5, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] })] }
  })
  dir = mkdtempSync(join(tmpdir(), 'plan-cli-'))
  process.chdir(dir)
})
afterEach(async () => {
  process.chdir(cwd)
  rmSync(dir, { recursive: true, force: true })
  await fake.close()
})

async function cli(args: string[], env: Record<string, string> = { DOORFLOW_TOKEN: FAKE_TOKEN }) {
  const lines: string[] = []
  const code = await main(args, { DOORFLOW_BASE_URL: fake.url, ...env }, l => lines.push(l))
  return { code, lines }
}

it('prints the plan in words and writes nothing', async () => {
  writeFileSync(
    'roster.yaml',
    'version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Night Shift]}\n'
  )
  const { code, lines } = await cli(['--roster', 'roster.yaml'])
  expect(code).toBe(0)
  expect(lines.slice(0, 3)).toEqual([
    'Plan: 1 update; 0 unchanged.',
    '  - Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock',
    // A group move locks nobody out: the guard's line says so, with the limit an apply would use.
    'Nobody loses all door access, now or in the next 14 days (max-removals 1, the default).'
  ])
  expect(lines[3]).toMatch(/^\(1 in the roster, 1 in DoorFlow; 3 requests, \d+ ms; nothing was written.\)$/)
  expect(fake.requests.every(r => r.method === 'GET')).toBe(true)
})

it('prints problems as file:line:col and sends no request', async () => {
  writeFileSync(
    'roster.yaml',
    'version: 1\npeople:\n  - id: EMP-1\n    first_name: Ada\n    last_name: L\n    gropus: []\n'
  )
  const { code, lines } = await cli(['--roster', 'roster.yaml'])
  expect(code).toBe(1)
  expect(lines[0]).toBe("roster.yaml:6:5: Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?")
  expect(fake.requests).toEqual([])
})

it('asks for the token from the environment and for --roster', async () => {
  writeFileSync('roster.yaml', 'version: 1\npeople: []\n')
  expect((await cli(['--roster', 'roster.yaml'], {})).lines[0]).toContain('DOORFLOW_TOKEN is empty')
  expect((await cli([])).code).toBe(2)
})

describe('--detailed-exitcode', () => {
  const roster = (groups: string) =>
    writeFileSync(
      'roster.yaml',
      `version: 1\nmanages: EMP-*\npeople:\n  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [${groups}]}\n`
    )

  it('exits 0 when DoorFlow matches the roster', async () => {
    roster('Loading Dock')
    const { code, lines } = await cli(['--roster', 'roster.yaml', '--detailed-exitcode'])
    expect(code).toBe(0)
    expect(lines[0]).toBe('Plan: no changes; 1 unchanged.')
  })

  it('exits 2 when the plan has changes (the same plan exits 0 without the flag)', async () => {
    roster('Night Shift')
    expect((await cli(['--roster', 'roster.yaml', '--detailed-exitcode'])).code).toBe(2)
    expect((await cli(['--roster', 'roster.yaml', '--detailed-exitcode', '--json'])).code).toBe(2)
    expect((await cli(['--roster', 'roster.yaml'])).code).toBe(0)
    expect(fake.requests.every(r => r.method === 'GET')).toBe(true)
  })

  it('exits 1 on any error, a usage error and an unknown group included', async () => {
    roster('No Such Group')
    const unknown = await cli(['--roster', 'roster.yaml', '--detailed-exitcode'])
    expect(unknown.code).toBe(1)
    expect(unknown.lines[0]).toMatch(/^roster.yaml:4:\d+: Unknown group 'No Such Group'/)
    expect((await cli(['--detailed-exitcode'])).code).toBe(1)
    expect((await cli(['--roster', 'roster.yaml', '--detailed-exitcode'], { DOORFLOW_TOKEN: 'wrong' })).code).toBe(1)
    // Without the flag a usage error stays 2.
    expect((await cli([])).code).toBe(2)
  })
})
