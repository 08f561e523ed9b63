/**
 * End to end, where a roster run plans and where it applies: `node dist/index.js` with a roster
 * and the runner's GITHUB_EVENT_NAME, against the fake DoorFlow with a token that may write
 * people and sync, so that only the action's own choice keeps a pull request from writing.
 * And after an apply that wrote nothing, whether a sync is sent (the `sync` input).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../__fixtures__/fake-doorflow.js'
import { fakePerson, GROUP_READ_SCOPE, PERSON_WRITE_SCOPE, ROLE_READ_SCOPE } from '../__fixtures__/fake-people.js'
import { leakedLines, runAction, type ActionRun } from '../__fixtures__/run-action.js'

let fake: FakeDoorFlow
let workspace: string
let temp: string

/** Ada gains Night Shift, Alan is new, Edsger (EMP-3) has left: three writes if applied. */
const ROSTER = `version: 1
manages: EMP-*
people:
  - id: EMP-1
    first_name: Ada
    last_name: Lovelace
    groups: [Engineering, Night Shift]
  - id: EMP-4
    first_name: Alan
    last_name: Turing
    groups: [Visitors]
`

/** What DoorFlow already has: the plan is empty. */
const MATCHING = `version: 1
manages: EMP-*
people:
  - id: EMP-1
    first_name: Ada
    last_name: Lovelace
    groups: [Engineering]
  - id: EMP-3
    first_name: Edsger
    last_name: Dijkstra
    groups: [Night Shift]
`

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [SYNC_SCOPE, PERSON_WRITE_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE] },
    people: {
      people: [
        fakePerson(101, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [1] }),
        fakePerson(103, { system_id: 'EMP-3', first_name: 'Edsger', last_name: 'Dijkstra', groups: [2] })
      ]
    }
  })
  workspace = mkdtempSync(join(tmpdir(), 'dry-run-ws-'))
  temp = mkdtempSync(join(tmpdir(), 'dry-run-temp-'))
  writeFileSync(join(workspace, 'roster.yaml'), ROSTER)
})
afterEach(async () => {
  await fake.close()
  rmSync(workspace, { recursive: true, force: true })
  rmSync(temp, { recursive: true, force: true })
})

async function run(event: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const result = await runAction(
    { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'roster.yaml', ...inputs },
    { env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp, GITHUB_EVENT_NAME: event } }
  )
  expect(leakedLines(result, [FAKE_TOKEN, ...fake.issued])).toEqual([])
  return result
}

const writes = () => fake.requests.filter(r => r.method !== 'GET')
const syncs = () => fake.requestsTo('POST /api/3/sync')

describe('dry-run auto (the default)', () => {
  it('on a pull_request event: plans, writes nothing and sends no sync, and says why', async () => {
    const plan = await run('pull_request')
    expect(plan.code).toBe(0)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    expect(plan.outputs['changes']).toBe('3')
    expect(plan.lines).toContain('dry-run auto: planning only on a pull_request event.')
    expect(plan.stdout).toContain('Dry run: nothing was written and no sync was sent.')
    expect(fake.people.people.get(103)?.enabled).toBe(true)
  })

  it('on a pull_request_target event: plans and writes nothing', async () => {
    const plan = await run('pull_request_target')
    expect(plan.code).toBe(0)
    expect(writes()).toEqual([])
    expect(plan.lines).toContain('dry-run auto: planning only on a pull_request_target event.')
  })

  it('on a push: applies, then syncs', async () => {
    const apply = await run('push')
    expect(apply.code).toBe(0)
    expect(apply.lines).toContain('dry-run auto: applying on a push event.')
    expect(writes().filter(r => r.path.startsWith('/api/3/people'))).toHaveLength(3)
    expect(syncs()).toHaveLength(1)
    expect(apply.outputs).toMatchObject({ created: '1', updated: '1', removed: '1', initiated: 'true' })
  })
})

describe('dry-run: false where a pull request would write the roster', () => {
  it.each(['pull_request_target', 'pull_request'])(
    'on %s: refused before any request, naming the input',
    async event => {
      const refused = await run(event, { 'dry-run': 'false' })
      expect(refused.code).toBe(1)
      expect(fake.requests).toEqual([])
      expect(refused.lines).toContainEqual(
        expect.stringMatching(new RegExp(`^::error::Input 'dry-run' is false on a ${event} event: `))
      )
      expect(refused.summary).toContain(`Input &#39;dry-run&#39; is false on a ${event} event`)
    }
  )

  it('on a push: applies', async () => {
    const apply = await run('push', { 'dry-run': 'false' })
    expect(apply.code).toBe(0)
    expect(apply.lines).toContain('dry-run false: applying on a push event.')
    expect(syncs()).toHaveLength(1)
  })
})

describe('sync after an empty plan', () => {
  beforeEach(() => writeFileSync(join(workspace, 'roster.yaml'), MATCHING))

  it('sync auto (the default): nothing written, no sync sent, and the outputs and summary say so', async () => {
    const apply = await run('push')
    expect(apply.code).toBe(0)
    expect(apply.outputs['changes']).toBe('0')
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    expect(apply.outputs).toMatchObject({ result: 'skipped', attempts: '0', initiated: 'false', status: '' })
    expect(apply.lines).toContainEqual(expect.stringMatching(/^No sync was sent: nothing was written \(sync: auto\)/))
    expect(apply.summary).toContain('No sync was sent: nothing was written')
  })

  it('sync always: the sync is sent even though nothing was written', async () => {
    const apply = await run('push', { sync: 'always' })
    expect(apply.code).toBe(0)
    expect(writes().filter(r => r.path.startsWith('/api/3/people'))).toEqual([])
    expect(syncs()).toHaveLength(1)
    expect(apply.outputs).toMatchObject({ result: 'ok', attempts: '1', initiated: 'true', status: '200' })
    expect(apply.summary).not.toContain('No sync was sent')
  })
})
