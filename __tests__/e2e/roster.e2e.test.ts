/**
 * End to end, door access as code (dry run): `node dist/index.js` with a roster in a workspace,
 * against the fake DoorFlow's people, groups and roles, and the fake GitHub's issue comments.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FAKE_TOKEN, SYNC_SCOPE } from '../../__fixtures__/fake-doorflow.js'
import { generatePeople } from '../../__fixtures__/fake-people.js'
import { FakeGitHub, GITHUB_ACTIONS_TOKEN, GITHUB_READONLY_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import {
  apiRequests,
  PLAN_SCOPES,
  ROSTER,
  refreshTokenInputs,
  useRosterWorld
} from '../../__fixtures__/roster-world.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { rendered } from '../helpers/gfm.js'
import type { Plan } from '../../src/roster/plan.js'
import { rosterKey } from '../../src/roster/digest.js'

const world = useRosterWorld(PLAN_SCOPES)

async function plan(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction(
    { token: FAKE_TOKEN, 'base-url': world.fake.url, roster: 'roster.yaml', 'dry-run': 'true', ...inputs },
    { env: { ...world.ws.env, ...env } }
  )
  expect(leakedLines(run, [FAKE_TOKEN, GITHUB_ACTIONS_TOKEN, ...world.fake.issued])).toEqual([])
  return run
}
const writes = () => world.fake.requests.filter(r => r.method !== 'GET')
const annotations = (run: ActionRun) => run.lines.filter(l => l.startsWith('::error'))

describe('the plan', () => {
  it('plans every kind, writes nothing, sends no sync, and reports it in words', async () => {
    const run = await plan()
    expect(run.code).toBe(0)
    expect(writes()).toEqual([])
    expect(world.fake.requests.map(r => r.path.split('?')[0])).toEqual([
      '/api/3/groups',
      '/api/3/roles',
      '/api/3/people'
    ])
    expect(run.outputs['changes']).toBe('4')
    const saved = JSON.parse(readFileSync(run.outputs['plan-file'], 'utf8')) as Plan
    expect(run.outputs['plan-file'].startsWith(world.ws.temp)).toBe(true)
    expect(saved.changes.map(c => `${c.kind} ${c.systemId}`)).toEqual([
      'remove EMP-3',
      'update EMP-1',
      'create EMP-4',
      'adopt EMP-5'
    ])
    expect(saved).toMatchObject({ version: 1, manages: 'EMP-*', prune: 'disable', unchanged: 1, managedCount: 3 })
    expect(run.summary).toContain('Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock; valid to 2027-03-31')
    expect(run.summary).toContain('Edsger Dijkstra (EMP-3) is disabled (not in the roster; had Night Shift)')
    expect(run.summary).toContain('Alan Turing (EMP-4) is created: groups Visitors; email alan@example.com')
    expect(run.summary).toContain('Barbara Liskov (EMP-5) is adopted (DoorFlow person 104')
    // Revocations come first in the summary too.
    expect(run.summary.indexOf('EMP-3')).toBeLessThan(run.summary.indexOf('EMP-4'))
    expect(run.stdout).toContain('Plan: 1 create, 1 update, 1 adoption, 1 removal (disable); 1 unchanged.')
  })

  it('plans by prune mode: off removes nobody', async () => {
    const run = await plan({ prune: 'off' })
    expect(run.outputs['changes']).toBe('3')
  })

  it('reads pages of 100 when DoorFlow ignores skip_pagination', async () => {
    world.fake.people.load(generatePeople(250, { prefix: 'OTHER-' }))
    world.fake.people.honourSkipPagination = false
    const run = await plan()
    expect(run.code).toBe(0)
    expect(
      world.fake
        .requestsTo('GET /api/3/people')
        .map(r => r.path)
        .sort((a, b) => (a.includes('skip') ? -1 : b.includes('skip') ? 1 : a.localeCompare(b)))
    ).toEqual([
      '/api/3/people?skip_pagination=true&per_page=100',
      '/api/3/people?per_page=100&page=2',
      '/api/3/people?per_page=100&page=3'
    ])
    expect(run.outputs['changes']).toBe('4')
  })
})

describe('validation, before any request', () => {
  it('annotates every problem on its file, line and column, all at once', async () => {
    mkdirSync(join(world.ws.dir, 'access'))
    writeFileSync(
      join(world.ws.dir, 'access', 'staff.yaml'),
      `version: 1
manages: EMP-*
people:
  - id: EMP-1
    first_name: Ada
    email: ada@example.com
    gropus: [Engineering]
  - id: EMP-1
    first_name: Ada
    last_name: Lovelace
    email: ada@example.com
    groups: []
    valid_from: 2027-01-01
    valid_to: 2026-12-31
  - id: CON-2
    first_name: Ken
    last_name: Thompson
    email: ADA@example.com
    groups: []
    valid_from: 2026-13-01
`
    )
    writeFileSync(
      join(world.ws.dir, 'access', 'broken.yaml'),
      'version: 1\npeople:\n  - id: EMP-9\n    first_name: "Ada\n'
    )
    const run = await plan({ roster: 'access' })
    expect(run.code).toBe(1)
    // DoorFlow is read (to check the valid part against it), never written.
    expect(writes()).toEqual([])
    expect(annotations(run)).toEqual([
      expect.stringMatching(/^::error title=Roster,file=access\/broken.yaml,line=\d+,col=\d+::YAML syntax: /),
      "::error title=Roster,file=access/staff.yaml,line=7,col=5::Unknown key 'gropus' in person 'EMP-1'; did you mean 'groups'?",
      "::error title=Roster,file=access/staff.yaml,line=4,col=5::Missing last_name in person 'EMP-1'.",
      "::error title=Roster,file=access/staff.yaml,line=4,col=5::Missing groups in person 'EMP-1': list the complete set of DoorFlow groups, or [] for none.",
      "::error title=Roster,file=access/staff.yaml,line=14,col=15::valid_to in person 'EMP-1' (2026-12-31T23:59:59Z) is before valid_from (2027-01-01T00:00:00Z).",
      "::error title=Roster,file=access/staff.yaml,line=20,col=17::valid_from in person 'CON-2': '2026-13-01' is not a calendar date.",
      "::error title=Roster,file=access/staff.yaml,line=8,col=5::Duplicate id 'EMP-1': already used at access/staff.yaml:4.",
      "::error title=Roster,file=access/staff.yaml,line=18,col=12::Duplicate email 'ADA@example.com': already used by 'EMP-1' at access/staff.yaml:4; DoorFlow keeps emails unique.",
      "::error title=Roster,file=access/staff.yaml,line=15,col=9::id 'CON-2' is outside manages ('EMP-*'): this roster may only list people it manages. Change the id or widen manages.",
      expect.stringMatching(
        /^::error::The roster has 9 problems; nothing was written to DoorFlow\. First: access\/broken\.yaml:\d+: YAML syntax: /
      )
    ])
    // The summary lists every problem with its file and line.
    expect(rendered(run.summary)).toContain('access/staff.yaml:14: valid_to in person')
    expect(run.summary.match(/^- /gm)).toHaveLength(9)
  })

  it('names an unknown group or role with a suggestion, on its line, after reading DoorFlow', async () => {
    world.ws.write(
      ROSTER.replace('groups: [Visitors]', 'groups: [Vistors]').replace('roles: [Security]', 'roles: [Securiti]')
    )
    const run = await plan()
    expect(run.code).toBe(1)
    expect(writes()).toEqual([])
    expect(annotations(run)).toEqual([
      "::error title=Roster,file=roster.yaml,line=17,col=14::Unknown group 'Vistors': DoorFlow has no group of that name; did you mean 'Visitors'? Groups are created in DoorFlow itself.",
      "::error title=Roster,file=roster.yaml,line=23,col=13::Unknown role 'Securiti': DoorFlow has no role of that name; did you mean 'Security'? Roles are created in DoorFlow itself.",
      "::error::The roster does not fit DoorFlow: 2 problems; nothing was written to DoorFlow. First: roster.yaml:17: Unknown group 'Vistors': DoorFlow has no group of that name; did you mean 'Visitors'? Groups are created in DoorFlow itself."
    ])
  })

  it('names a roster path that does not exist', async () => {
    const run = await plan({ roster: 'nowhere.yaml' })
    expect(run.code).toBe(1)
    expect(annotations(run)[0]).toContain("Input 'roster': nowhere.yaml does not exist")
  })
})

describe('scopes', () => {
  it('refresh-token mode checks the plan scopes before any read, naming the missing one', async () => {
    world.fake.grantScopes = [SYNC_SCOPE, 'account.person.readonly', 'account.group.readonly']
    const run = await plan(refreshTokenInputs(world.fake))
    expect(run.code).toBe(1)
    expect(apiRequests(world.fake)).toEqual([])
    expect(annotations(run)[0]).toContain('lacks scope account.role.readonly')
    // The rotated refresh token is never lost, whatever the plan comes to.
    expect(world.fake.refreshTokens.has(run.outputs['refresh-token'])).toBe(true)
  })

  it('token mode: a 403 names the scope the read needs', async () => {
    world.fake.tokens.set(FAKE_TOKEN, [SYNC_SCOPE, 'account.group.readonly', 'account.role.readonly'])
    const run = await plan()
    expect(run.code).toBe(1)
    expect(annotations(run)[0]).toContain('The token needs scope account.person.readonly')
  })
})

describe('the pull-request comment', () => {
  let github: FakeGitHub
  let event: string
  beforeEach(async () => {
    github = await FakeGitHub.start()
    event = join(world.ws.temp, 'event.json')
    writeFileSync(event, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } }))
  })
  afterEach(async () => {
    await github.close()
  })
  const onPullRequest = (token = GITHUB_ACTIONS_TOKEN) =>
    plan(
      { 'pr-comment-token': token },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_API_URL: github.url
      }
    )

  it('posts one comment, then updates it in place on the next push', async () => {
    for (let i = 0; i < 120; i++) github.addComment(7, `review comment ${i}`)
    const first = await onPullRequest()
    expect(first.code).toBe(0)
    expect(github.requestsTo(`POST /repos/${REPOSITORY}/issues/7/comments`)).toHaveLength(1)
    const mine = () =>
      github.commentsOn(7).filter(c => c.body.startsWith(`<!-- doorflow-roster-plan ${rosterKey('roster.yaml')} -->`))
    expect(mine()).toHaveLength(1)
    expect(mine()[0].body).toContain('Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock')

    world.ws.write(ROSTER.replace('groups: [Visitors]', 'groups: [Facilities]'))
    const second = await onPullRequest()
    expect(second.code).toBe(0)
    expect(github.requestsTo(`POST /repos/${REPOSITORY}/issues/7/comments`)).toHaveLength(1)
    expect(github.requestsTo(`PATCH /repos/${REPOSITORY}/issues/comments/${mine()[0].id}`)).toHaveLength(1)
    expect(mine()).toHaveLength(1)
    expect(mine()[0].body).toContain('Alan Turing (EMP-4) is created: groups Facilities')
    // The list was read page by page to find the comment beyond the first 100.
    expect(github.requestsTo(`GET /repos/${REPOSITORY}/issues/7/comments`).length).toBeGreaterThanOrEqual(4)
  })

  it('a read-only token (a fork) is a warning, not a red plan', async () => {
    const run = await onPullRequest(GITHUB_READONLY_TOKEN)
    expect(run.code).toBe(0)
    expect(github.commentsOn(7)).toEqual([])
    expect(run.lines.find(l => l.startsWith('::warning::'))).toContain('The plan is not on the pull request')
    expect(run.lines.find(l => l.startsWith('::warning::'))).toContain('pull-requests: write')
  })
})
