/**
 * End to end, door access as code (apply): `node dist/index.js` with a roster and dry-run off,
 * against the fake DoorFlow's people API with its fault knobs (a write rate limit, a create
 * that hangs after it happened, a 422 for one person). What DoorFlow received, and in which
 * order, is read from the fake's own records.
 */
import { FAKE_TOKEN, SYNC_SCOPE } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, GROUP_READ_SCOPE, ROLE_READ_SCOPE } from '../../__fixtures__/fake-people.js'
import {
  apiRequests,
  APPLY_SCOPES,
  ROSTER,
  refreshTokenInputs,
  useRosterWorld
} from '../../__fixtures__/roster-world.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { gfm, rendered } from '../helpers/gfm.js'

// The roster world: Ada loses Loading Dock and gains Night Shift; Alan is new; Barbara is adopted
// by email; Edsger (EMP-3) has left; Ken (CON-1) is outside manages.
const world = useRosterWorld(APPLY_SCOPES)

async function apply(inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction(
    // No push to the default branch here, so dry-run auto would only plan: false applies.
    { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', 'dry-run': 'false', ...inputs },
    { env: world.ws.env }
  )
  expect(leakedLines(run, [FAKE_TOKEN, ...world.fake.issued])).toEqual([])
  return run
}

const WRITE = /^(POST|PUT|DELETE) \/api\/3\/people/
const writes = () => world.fake.requests.filter(r => WRITE.test(`${r.method} ${r.path}`))
const syncs = () => world.fake.requestsTo('POST /api/3/sync')
const counts = (run: ActionRun) =>
  Object.fromEntries(['created', 'updated', 'removed', 'adopted', 'failed'].map(k => [k, run.outputs[k]]))
const person = (id: number) => world.fake.people.people.get(id)!

describe('apply', () => {
  it('applies a plan of every kind, revocations first, then syncs', async () => {
    const run = await apply()
    expect(run.code).toBe(0)
    expect(counts(run)).toEqual({ created: '1', updated: '1', removed: '1', adopted: '1', failed: '0' })
    expect(person(101).groups).toEqual([1, 2])
    expect(person(103).enabled).toBe(false)
    expect(person(104).system_id).toBe('EMP-5')
    expect(world.fake.people.bySystemId('EMP-4')).toEqual([
      expect.objectContaining({ first_name: 'Alan', groups: [4] })
    ])
    expect(person(105)).toMatchObject({ system_id: 'CON-1', enabled: true, groups: [3] })
    // Revocations (Edsger disabled, Ada losing Loading Dock) are answered before any grant is sent.
    const order = writes().map(r => `${r.method} ${r.path}`)
    expect(order.slice(0, 2).sort()).toEqual(['PUT /api/3/people/101', 'PUT /api/3/people/103'])
    expect(order.slice(2).sort()).toEqual(['POST /api/3/people', 'PUT /api/3/people/104'])
    expect(syncs()).toHaveLength(1)
    expect(syncs()[0].at).toBeGreaterThanOrEqual(writes().at(-1)!.at)
    // The summary's first line is the headline of what happened.
    expect(run.summary.trimStart().split('\n')[0]).toBe('### ✅ Applied 4 of 4 changes')
    expect(run.stdout).toMatch(/Applied 4 of 4 changes/)
    expect(run.lines).toContain('::group::Each change, person by person (4 applied, 0 failed)')
  })

  it('prune: delete soft-deletes the leaver; off leaves a leaver alone', async () => {
    const deleted = await apply({ prune: 'delete' })
    expect(deleted.code).toBe(0)
    expect(world.fake.requestsTo('DELETE /api/3/people/103')).toHaveLength(1)
    expect(world.fake.people.bySystemId('EMP-3')).toEqual([])
    world.fake.people.load([fakePerson(106, { system_id: 'EMP-6', first_name: 'Tim', last_name: 'Lee' })])
    const off = await apply({ prune: 'off' })
    expect(off.code).toBe(0)
    expect(off.outputs['removed']).toBe('0')
    expect(person(106)).toMatchObject({ enabled: true, deleted: false })
  })

  it('a re-run converges: the second plan is empty, and nothing is written', async () => {
    expect((await apply()).code).toBe(0)
    const before = writes().length
    const again = await apply()
    expect(again.code).toBe(0)
    expect(writes()).toHaveLength(before)
    expect(counts(again)).toEqual({ created: '0', updated: '0', removed: '0', adopted: '0', failed: '0' })
    expect(again.stdout).toContain('The plan is empty')
    // Nothing written, nothing to carry to the doors: the second run sends no sync (sync: auto).
    expect(syncs()).toHaveLength(1)
    expect(again.outputs['result']).toBe('skipped')
  })
})

describe('guard rails, before any write', () => {
  it('refuses more removals than max-removals, naming who, with nothing written and no sync', async () => {
    world.ws.write(ROSTER.replace(/ {2}- id: EMP-2\n( {4}.*\n)+?(?= {2}- id)/, ''))
    const run = await apply({ 'max-removals': '1' })
    expect(run.code).toBe(1)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    const error = run.lines.find(l => l.startsWith('::error::'))!
    expect(error).toMatch(
      /^::error::Refusing to apply: the plan locks 2 people out of every door, now or in the next 14 days, more than max-removals \(1, set by the workflow\): /
    )
    expect(error).toContain('Edsger Dijkstra (EMP-3, removed)')
    expect(error).toContain('Grace Hopper (EMP-2, removed)')
    expect(counts(run)).toEqual({ created: '', updated: '', removed: '', adopted: '', failed: '' })
  })

  it('a roster with no people removes nobody, whatever max-removals says', async () => {
    world.ws.write('version: 1\nmanages: EMP-*\npeople: []\n')
    const run = await apply({ 'max-removals': '1000' })
    expect(run.code).toBe(1)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    expect(run.lines.find(l => l.startsWith('::error::'))).toMatch(/the roster lists no people.*Nothing was written\.$/)
  })
})

describe('faults', () => {
  it('a 429 storm: every write waits what DoorFlow named; none lost or doubled', async () => {
    const people = Array.from({ length: 16 }, (_, i) => i + 10)
    world.ws.write(
      `version: 1\nmanages: NEW-*\npeople:\n${people.map(n => `  - { id: NEW-${n}, first_name: P, last_name: "${n}", groups: [Visitors] }\n`).join('')}`
    )
    world.fake.people.writesPerSecond = 4
    const run = await apply()
    expect(run.code).toBe(0)
    expect(run.outputs['created']).toBe('16')
    for (const n of people) expect(world.fake.people.bySystemId(`NEW-${n}`)).toHaveLength(1)
    expect(world.fake.people.writesCarriedOut).toHaveLength(16)
    expect(world.fake.people.rateLimited).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/rate-limit answers/)
  })

  it('a create that happens but never answers: looked up, not repeated; a re-run changes nothing', async () => {
    world.fake.people.hangAfterCreate.add('EMP-4')
    const run = await apply({ 'request-timeout-seconds': '2' })
    expect(run.code).toBe(0)
    expect(world.fake.people.bySystemId('EMP-4')).toHaveLength(1)
    expect(world.fake.requestsTo('POST /api/3/people')).toHaveLength(1)
    expect(
      world.fake.requests.some(r => r.path.startsWith('/api/3/people?') && r.path.includes('system_id=EMP-4'))
    ).toBe(true)
    const again = await apply()
    expect(again.code).toBe(0)
    expect(world.fake.requestsTo('POST /api/3/people')).toHaveLength(1)
    expect(world.fake.people.bySystemId('EMP-4')).toHaveLength(1)
  })

  it('a 422 on one person: the others are applied and synced, the step is red and says what DoorFlow said', async () => {
    world.fake.people.refuse.set('EMP-4', 'Email is blocked by policy')
    const run = await apply()
    expect(run.code).toBe(1)
    expect(counts(run)).toEqual({ created: '0', updated: '1', removed: '1', adopted: '1', failed: '1' })
    expect(person(103).enabled).toBe(false)
    expect(syncs()).toHaveLength(1)
    const error = run.lines.find(l => l.startsWith('::error::'))!
    expect(error).toMatch(
      /applied in part: 3 of 4 changes applied, 1 failed: Creating Alan Turing \(EMP-4\) failed: DoorFlow rejected the data \(HTTP 422: .*Email is blocked by policy/
    )
    expect(run.summary).toMatch(/failed: Creating Alan Turing/)
    // The headline of what happened comes first, above the table, and the failure is said once.
    const text = rendered(run.summary)
    expect(run.summary.trimStart().split('\n')[0]).toBe('### ❌ Applied 3 of 4 changes, 1 failed')
    expect(gfm(run.summary).trim().split('\n')[0]).toBe('<h3>❌ Applied 3 of 4 changes, 1 failed</h3>')
    expect(text.indexOf('Applied 3 of 4 changes, 1 failed')).toBeLessThan(text.indexOf('Change'))
    expect(text.split('The roster was applied in part').length).toBe(2)
  })
})

describe('scopes', () => {
  it('refresh-token mode: a token without account.person is refused before any read or write', async () => {
    world.fake.grantScopes = [SYNC_SCOPE, 'account.person.readonly', GROUP_READ_SCOPE, ROLE_READ_SCOPE]
    const run = await apply(refreshTokenInputs(world.fake))
    expect(run.code).toBe(1)
    expect(apiRequests(world.fake)).toEqual([])
    expect(run.lines.find(l => l.startsWith('::error::'))).toMatch(
      /lacks scope account\.person .*so it cannot change people, and nothing was written/
    )
  })

  it('token mode: a token without account.person fails on the first write, and no more are sent', async () => {
    world.fake.tokens.set(FAKE_TOKEN, [SYNC_SCOPE, 'account.person.readonly', GROUP_READ_SCOPE, ROLE_READ_SCOPE])
    const run = await apply({ 'write-concurrency': '1' })
    expect(run.code).toBe(1)
    expect(writes()).toHaveLength(1)
    expect(run.lines.find(l => l.startsWith('::error::'))).toMatch(/account\.person/)
  })
})
