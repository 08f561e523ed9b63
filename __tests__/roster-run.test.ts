/**
 * Door access as code in-process: run() with a roster against the fake DoorFlow's people,
 * groups and roles and the fake GitHub's issue comments, so that coverage sees the roster's
 * run, rendering and pull-request comment (roster.e2e.test.ts runs the same through the bundle).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../__fixtures__/fake-doorflow.js'
import { fakePerson, PEOPLE_READ_SCOPES } from '../__fixtures__/fake-people.js'
import { FakeGitHub, GITHUB_ACTIONS_TOKEN, GITHUB_READONLY_TOKEN, REPOSITORY } from '../__fixtures__/fake-github.js'
import { leakedLines } from '../__fixtures__/run-action.js'
import type { Plan } from '../src/roster/plan.js'
import { removeRunFiles, runInProcess, type InProcessRun } from './helpers/in-process.js'

const ROSTER = `version: 1
manages: EMP-*
people:
  - id: EMP-1
    first_name: Ada
    last_name: Lovelace
    groups: [Engineering, Night Shift]
    valid_to: 2027-03-31
  - id: EMP-4
    first_name: Alan
    last_name: Turing
    email: alan@example.com
    groups: [Visitors]
`

let fake: FakeDoorFlow
let github: FakeGitHub
let workspace: string

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [SYNC_SCOPE, ...PEOPLE_READ_SCOPES] },
    people: {
      people: [
        fakePerson(101, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [1, 3] }),
        fakePerson(103, { system_id: 'EMP-3', first_name: 'Edsger', last_name: 'Dijkstra', groups: [2] })
      ]
    }
  })
  github = await FakeGitHub.start()
  workspace = mkdtempSync(join(tmpdir(), 'roster-in-process-'))
  writeFileSync(join(workspace, 'roster.yaml'), ROSTER)
  writeFileSync(
    join(workspace, 'event.json'),
    JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 } })
  )
})
afterEach(async () => {
  await fake.close()
  await github.close()
  rmSync(workspace, { recursive: true, force: true })
})
afterAll(removeRunFiles)

async function plan(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<InProcessRun> {
  const run = await runInProcess(
    { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'roster.yaml', 'dry-run': 'true', ...inputs },
    { env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace, ...env } }
  )
  expect(leakedLines(run, [FAKE_TOKEN, GITHUB_ACTIONS_TOKEN])).toEqual([])
  return run
}

const onPullRequest = (token: string) =>
  plan(
    { 'pr-comment-token': token },
    {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(workspace, 'event.json'),
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_API_URL: github.url
    }
  )
const errors = (run: InProcessRun) => run.lines.filter(l => l.startsWith('::error'))

describe('a roster dry run, in-process', () => {
  it('plans, writes nothing, and shows the plan in the log, summary and plan file', async () => {
    const run = await plan()
    expect(errors(run)).toEqual([])
    expect(fake.requests.filter(r => r.method !== 'GET')).toEqual([])
    expect(run.outputs['changes']).toBe('3')
    const saved = JSON.parse(readFileSync(run.outputs['plan-file'], 'utf8')) as Plan
    expect(saved.changes.map(c => `${c.kind} ${c.systemId}`)).toEqual(['remove EMP-3', 'update EMP-1', 'create EMP-4'])
    expect(run.summary).toContain('Ada Lovelace (EMP-1) gains Night Shift, loses Loading Dock; valid to 2027-03-31')
    expect(run.summary).toContain('Edsger Dijkstra (EMP-3) is disabled')
    expect(run.lines.some(l => l.startsWith('Plan: 1 create, 1 update, 1 removal (disable)'))).toBe(true)
  })

  it('annotates a problem on its line and reads nothing from DoorFlow', async () => {
    writeFileSync(join(workspace, 'roster.yaml'), ROSTER.replace('groups: [Visitors]', 'gropus: [Visitors]'))
    const run = await plan()
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain("file=roster.yaml,line=13,col=5::Unknown key 'gropus'")
    expect(fake.requests).toEqual([])
  })

  it('names an unknown group after reading DoorFlow', async () => {
    writeFileSync(join(workspace, 'roster.yaml'), ROSTER.replace('groups: [Visitors]', 'groups: [Vistors]'))
    const run = await plan()
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain("did you mean 'Visitors'?")
  })

  it('posts the plan on the pull request, then updates the same comment', async () => {
    expect((await onPullRequest(GITHUB_ACTIONS_TOKEN)).exitCode).toBeUndefined()
    writeFileSync(join(workspace, 'roster.yaml'), ROSTER.replace('groups: [Visitors]', 'groups: [Facilities]'))
    const second = await onPullRequest(GITHUB_ACTIONS_TOKEN)
    expect(errors(second)).toEqual([])
    const mine = github.commentsOn(7).filter(c => c.body.startsWith('<!-- doorflow-roster-plan -->'))
    expect(mine).toHaveLength(1)
    expect(mine[0].body).toContain('Alan Turing (EMP-4) is created: groups Facilities')
    expect(github.requestsTo(`PATCH /repos/${REPOSITORY}/issues/comments/${mine[0].id}`)).toHaveLength(1)
  })

  it('a token that may not comment (a fork) only warns', async () => {
    const run = await onPullRequest(GITHUB_READONLY_TOKEN)
    expect(run.exitCode).toBeUndefined()
    expect(github.commentsOn(7)).toEqual([])
    expect(run.lines.find(l => l.startsWith('::warning::'))).toContain('pull-requests: write')
  })
})
