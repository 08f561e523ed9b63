/**
 * End to end, where a roster run plans and where it applies: `node dist/index.js` with a roster
 * and the runner's GITHUB_EVENT_NAME, against the fake DoorFlow with a token that may write
 * people and sync, so that only the action's own choice keeps a pull request from writing.
 * And after an apply that wrote nothing, whether a sync is sent (the `sync` input).
 */
import { FAKE_TOKEN } from '../__fixtures__/fake-doorflow.js'
import { APPLY_SCOPES, MATCHING_ROSTER, useRosterWorld } from '../__fixtures__/roster-world.js'
import { leakedLines, runAction, type ActionRun } from '../__fixtures__/run-action.js'

// The roster world: applied, its roster is four writes (Edsger disabled, Ada's groups, Alan
// created, Barbara adopted).
const world = useRosterWorld(APPLY_SCOPES)

async function run(event: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const result = await runAction(
    { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', ...inputs },
    { env: { ...world.ws.env, GITHUB_EVENT_NAME: event } }
  )
  expect(leakedLines(result, [FAKE_TOKEN, ...world.fake.issued])).toEqual([])
  return result
}

const writes = () => world.fake.requests.filter(r => r.method !== 'GET')
const syncs = () => world.fake.requestsTo('POST /api/3/sync')

describe('dry-run auto (the default)', () => {
  it('on a pull_request event: plans, writes nothing and sends no sync, and says why', async () => {
    const plan = await run('pull_request')
    expect(plan.code).toBe(0)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    expect(plan.outputs['changes']).toBe('4')
    expect(plan.lines).toContain('dry-run auto: planning only on a pull_request event.')
    expect(plan.stdout).toContain('Dry run: nothing was written and no sync was sent.')
    expect(world.fake.people.people.get(103)?.enabled).toBe(true)
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
    expect(writes().filter(r => r.path.startsWith('/api/3/people'))).toHaveLength(4)
    expect(syncs()).toHaveLength(1)
    expect(apply.outputs).toMatchObject({ created: '1', updated: '1', removed: '1', adopted: '1', initiated: 'true' })
  })
})

describe('dry-run: false where a pull request would write the roster', () => {
  it.each(['pull_request_target', 'pull_request'])(
    'on %s: refused before any request, naming the input',
    async event => {
      const refused = await run(event, { 'dry-run': 'false' })
      expect(refused.code).toBe(1)
      expect(world.fake.requests).toEqual([])
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
  beforeEach(() => world.ws.write(MATCHING_ROSTER))

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
