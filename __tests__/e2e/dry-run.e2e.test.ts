/**
 * End to end, where a roster run plans and where it applies: `node dist/index.js` with a roster
 * and the runner's GITHUB_EVENT_NAME, against the fake DoorFlow with a token that may write
 * people and sync, so that only the action's own choice keeps a pull request from writing.
 * And after an apply that wrote nothing, whether a sync is sent (the `sync` input).
 */
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { APPLY_SCOPES, MATCHING_ROSTER, pushRunEnv, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'

// The roster world: applied, its roster is four writes (Edsger disabled, Ada's groups, Alan
// created, Barbara adopted).
const world = useRosterWorld(APPLY_SCOPES)

/** A run on `event`; 'push' is a push to the default branch, its payload naming it, as GitHub sends it. */
async function run(
  event: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
): Promise<ActionRun> {
  const runner = event === 'push' ? pushRunEnv(world.ws) : { GITHUB_EVENT_NAME: event }
  const result = await runAction(
    { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', ...inputs },
    { env: { ...world.ws.env, ...runner, ...env } }
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

  it('on a push to the default branch: applies, then syncs', async () => {
    const apply = await run('push')
    expect(apply.code).toBe(0)
    expect(apply.lines).toContain('dry-run auto: applying on a push to the default branch, main.')
    expect(writes().filter(r => r.path.startsWith('/api/3/people'))).toHaveLength(4)
    expect(syncs()).toHaveLength(1)
    expect(apply.outputs).toMatchObject({ created: '1', updated: '1', removed: '1', adopted: '1', initiated: 'true' })
  })
})

// Only a merge applies. GitHub Docs, "Events that trigger workflows"
// (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows):
// issue_comment, workflow_run, check_run, repository_dispatch and schedule run on the default branch's
// last commit, workflow_dispatch on any branch chosen, and merge_group on the merge queue's test merge
// (GITHUB_SHA "SHA of the merge group"), which is not the merge: none of them is a reviewed change
// landing. Only a push whose ref is refs/heads/<repository.default_branch> (push payload, "Webhook
// events and payloads") is. Before this, auto applied on every event but the pull request ones.
describe('dry-run auto applies only on a push to the default branch', () => {
  const notMerges = [
    'issue_comment',
    'workflow_run',
    'check_run',
    'repository_dispatch',
    'workflow_dispatch',
    'schedule',
    'merge_group'
  ]
  it.each(notMerges)('on %s: plans, writes nothing and sends no sync', async event => {
    const plan = await run(event)
    expect(plan.code).toBe(0)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    expect(plan.outputs['changes']).toBe('4')
    expect(plan.stdout).toContain('Dry run: nothing was written and no sync was sent.')
    expect(plan.lines).toContainEqual(expect.stringMatching(/^dry-run auto: planning only on a \w+ event/))
  })

  it('on a push to a feature branch: plans, and says the default branch is where it applies', async () => {
    const plan = await run('push', {}, pushRunEnv(world.ws, 'refs/heads/feature'))
    expect(plan.code).toBe(0)
    expect(writes()).toEqual([])
    expect(plan.lines).toContain(
      'dry-run auto: planning only on a push to refs/heads/feature, not to the default branch main; auto applies only on a push to the default branch (set dry-run: false to apply here).'
    )
  })

  it('on a push without its event payload (the default branch cannot be told): plans', async () => {
    const plan = await run('push', {}, { GITHUB_EVENT_PATH: '' })
    expect(plan.code).toBe(0)
    expect(writes()).toEqual([])
    expect(plan.lines).toContainEqual(
      expect.stringMatching(
        /^dry-run auto: planning only on a push whose event payload does not name the default branch/
      )
    )
  })
})

// unreviewed-changes: fail refuses every apply that has no reviewed plan, whatever the event: only a
// push (the merge) leads to a merged pull request whose plan was reviewed. Before this, the check was
// skipped on any event but push, so a dispatch with dry-run: false applied unreviewed changes under fail.
describe('unreviewed-changes: fail on an apply that is not a push', () => {
  it('workflow_dispatch with dry-run: false is refused before any write', async () => {
    const refused = await run('workflow_dispatch', { 'dry-run': 'false', 'unreviewed-changes': 'fail' })
    expect(refused.code).toBe(1)
    expect(writes()).toEqual([])
    expect(syncs()).toEqual([])
    expect(refused.lines).toContainEqual(
      expect.stringMatching(
        /^::error::No reviewed plan to compare with \(a workflow_dispatch event has no merged pull request, so no plan was reviewed for it\).*unreviewed-changes is fail, so nothing was written\./
      )
    )
  })

  it('an empty plan is not refused: it writes nothing', async () => {
    world.ws.write(MATCHING_ROSTER)
    const done = await run('workflow_dispatch', { 'dry-run': 'false', 'unreviewed-changes': 'fail' })
    expect(done.code).toBe(0)
    expect(writes()).toEqual([])
  })

  it('under warn (the default) it applies, and warns that nothing was reviewed', async () => {
    const applied = await run('workflow_dispatch', { 'dry-run': 'false' })
    expect(applied.code).toBe(0)
    expect(applied.lines).toContainEqual(
      expect.stringMatching(/^::warning title=Roster::No reviewed plan to compare with \(a workflow_dispatch event/)
    )
    expect(syncs()).toHaveLength(1)
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
