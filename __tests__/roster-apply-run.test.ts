/**
 * Door access as code, applied in-process: run() with a roster and dry-run off against the fake
 * DoorFlow, so that coverage sees the apply step, its guard and its summary (apply.e2e.test.ts
 * runs the same through the bundle).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES, PERSON_WRITE_SCOPE } from '../__fixtures__/fake-people.js'
import { leakedLines } from '../__fixtures__/run-action.js'
import { removeRunFiles, runInProcess, type InProcessRun } from './helpers/in-process.js'

const ROSTER = `version: 1
manages: EMP-*
people:
  - id: EMP-1
    first_name: Ada
    last_name: Lovelace
    groups: [Engineering]
  - id: EMP-4
    first_name: Alan
    last_name: Turing
    groups: [Visitors]
`

let fake: FakeDoorFlow
let workspace: string

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [SYNC_SCOPE, PERSON_WRITE_SCOPE, ...PEOPLE_READ_SCOPES] },
    people: {
      people: [
        fakePerson(101, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [1, 3] }),
        fakePerson(103, { system_id: 'EMP-3', first_name: 'Edsger', last_name: 'Dijkstra', groups: [2] })
      ]
    }
  })
  workspace = mkdtempSync(join(tmpdir(), 'roster-apply-in-process-'))
  writeFileSync(join(workspace, 'roster.yaml'), ROSTER)
})
afterEach(async () => {
  await fake.close()
  rmSync(workspace, { recursive: true, force: true })
})
afterAll(removeRunFiles)

async function apply(inputs: Record<string, string> = {}): Promise<InProcessRun> {
  const run = await runInProcess(
    { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'roster.yaml', 'dry-run': 'false', ...inputs },
    { env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace } }
  )
  expect(leakedLines(run, [FAKE_TOKEN])).toEqual([])
  return run
}

const writes = () => fake.requests.filter(r => r.path.startsWith('/api/3/people') && r.method !== 'GET')
const syncs = () => fake.requests.filter(r => r.method === 'POST' && r.path === '/api/3/sync')

describe('a roster apply, in-process', () => {
  it('writes the revocation first, then the grants, syncs once, and a re-run writes nothing', async () => {
    const run = await apply()
    expect(run.exitCode).toBeUndefined()
    expect(run.outputs).toMatchObject({ created: '1', updated: '1', removed: '1', adopted: '0', failed: '0' })
    expect(writes()[0]).toMatchObject({ method: 'PUT', path: '/api/3/people/103' })
    expect(fake.people.bySystemId('EMP-3')[0]).toMatchObject({ enabled: false })
    expect(fake.people.bySystemId('EMP-4')).toHaveLength(1)
    expect(syncs()).toHaveLength(1)
    expect(syncs()[0].at).toBeGreaterThanOrEqual(writes().at(-1)!.at)

    const before = writes().length
    const again = await apply()
    expect(again.exitCode).toBeUndefined()
    expect(writes()).toHaveLength(before)
    expect(again.outputs).toMatchObject({ created: '0', updated: '0', removed: '0', failed: '0' })
  })

  it('refuses more removals than max-removals before any write, naming who, and sends no sync', async () => {
    writeFileSync(
      join(workspace, 'roster.yaml'),
      'version: 1\nmanages: EMP-*\npeople:\n  - id: EMP-1\n    first_name: Ada\n    last_name: Lovelace\n    groups: [Engineering]\n'
    )
    const run = await apply({ 'max-removals': '0' })
    expect(run.exitCode).toBe(1)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    expect(run.lines.find(l => l.startsWith('::error::'))).toContain('Edsger Dijkstra')
  })
})
