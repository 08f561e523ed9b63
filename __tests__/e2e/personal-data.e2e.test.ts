/**
 * End to end, personal data on a public repository: `node dist/index.js` on a pull request
 * against the fake DoorFlow and the fake GitHub. Where the event payload says the repository is
 * public, the plan comment, the job summary and the log name people by id only (no first or last
 * name, no email), unless personal-data: show; a private repository shows them; the plan file
 * (under RUNNER_TEMP, never published) keeps everything.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { FakeGitHub, GITHUB_ACTIONS_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { APPLY_SCOPES, pullRequestEvent, ROSTER, useRosterWorld } from '../../__fixtures__/roster-world.js'
import { fakeEachTest } from '../helpers/each-test.js'
import { rendered } from '../helpers/gfm.js'

const HEAD = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const MERGE = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9'
const PUBLIC = { private: false, visibility: 'public' }

const world = useRosterWorld(APPLY_SCOPES)
const github = fakeEachTest(() => FakeGitHub.start())

/** What the roster and the fake DoorFlow say about people the plan names: none of it may be published on a public repository. */
const PERSONAL = [
  'Ada',
  'Lovelace',
  'Alan',
  'Turing',
  'alan@example.com',
  'Barbara',
  'Liskov',
  'barbara@example.com',
  'Edsger',
  'Dijkstra',
  'Ken',
  'Thompson'
]
const personalIn = (text: string) => PERSONAL.filter(word => new RegExp(`\\b${word}\\b`, 'i').test(text))

async function planOnPullRequest(
  repository: { private: boolean; visibility?: string } | undefined,
  inputs: Record<string, string> = {},
  code = 0
): Promise<{ run: ActionRun; comment: string }> {
  const run = await runAction(
    {
      token: FAKE_TOKEN,
      'base-url': world.fake.url,
      roster: 'roster.yaml',
      'dry-run': 'true',
      'pr-comment-token': GITHUB_ACTIONS_TOKEN,
      ...inputs
    },
    {
      env: {
        ...world.ws.env,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_API_URL: github().url,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: pullRequestEvent(world.ws, HEAD, 7, undefined, repository),
        GITHUB_SHA: MERGE
      }
    }
  )
  expect(leakedLines(run, [FAKE_TOKEN, GITHUB_ACTIONS_TOKEN, ...world.fake.issued])).toEqual([])
  expect(run.code).toBe(code)
  const comments = github().commentsOn(7)
  expect(comments).toHaveLength(1)
  return { run, comment: comments[0].body }
}

/** The apply on the push of the merge, in a repository whose payload says it is public. */
async function applyOnPublicPush(inputs: Record<string, string> = {}): Promise<ActionRun> {
  const push = join(world.ws.temp, 'push.json')
  writeFileSync(push, JSON.stringify({ after: MERGE, repository: PUBLIC }))
  const run = await runAction(
    {
      token: FAKE_TOKEN,
      'base-url': world.fake.url,
      roster: 'roster.yaml',
      'dry-run': 'false',
      'pr-comment-token': '',
      ...inputs
    },
    { env: { ...world.ws.env, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: push, GITHUB_SHA: MERGE } }
  )
  expect(leakedLines(run, [FAKE_TOKEN, ...world.fake.issued])).toEqual([])
  return run
}

describe('on a public repository', () => {
  it('the comment, the summary and the log name people by id only; the plan file keeps it all', async () => {
    const { run, comment } = await planOnPullRequest(PUBLIC)
    expect(personalIn(comment)).toEqual([])
    expect(personalIn(run.summary)).toEqual([])
    expect(personalIn(run.stdout)).toEqual([])
    // What a reviewer of door access needs is all there, and reads well once rendered.
    const shown = rendered(comment)
    expect(shown).toContain('EMP-1 gains Night Shift, loses Loading Dock; valid to 2027-03-31')
    expect(shown).toContain('EMP-3 is disabled (not in the roster; had Night Shift)')
    expect(shown).toContain('EMP-4 is created: groups Visitors; email (hidden)')
    expect(shown).toContain('EMP-5 is adopted (DoorFlow person 104, matched by email, gets system_id EMP-5)')
    expect(shown).toContain('DoorFlow person 105: (name hidden), system_id CON-1')
    expect(run.stdout).toContain('Personal data: hidden, as the repository is public')
    expect(run.stdout).toContain('  - EMP-1 gains Night Shift, loses Loading Dock; valid to 2027-03-31')
    // The plan file is not published: it has every name and email, for the workflow's own use.
    const file = readFileSync(run.outputs['plan-file'], 'utf8')
    expect(personalIn(file)).toEqual(expect.arrayContaining(['Alan', 'Turing', 'alan@example.com', 'Ken']))
  })

  it('shows them when personal-data is show', async () => {
    const { run, comment } = await planOnPullRequest(PUBLIC, { 'personal-data': 'show' })
    expect(rendered(comment)).toContain('Alan Turing (EMP-4) is created: groups Visitors; email alan@example.com')
    expect(run.summary).toContain('Alan Turing (EMP-4) is created')
    expect(run.stdout).toContain('Personal data: shown (personal-data is show).')
  })

  it('the apply after the merge logs and summarises by id only', async () => {
    const run = await applyOnPublicPush()
    expect(run.outputs['created']).toBe('1')
    expect(personalIn(run.stdout)).toEqual([])
    expect(personalIn(run.summary)).toEqual([])
    expect(run.stdout).toContain('✓ Creating EMP-4: POST /api/3/people done')
  })

  it('the guard’s refusal names who would be locked out by id only', async () => {
    const run = await applyOnPublicPush({ 'max-removals': '0' })
    expect(run.code).toBe(1)
    expect(world.fake.requests.filter(r => r.method !== 'GET' && r.path.startsWith('/api/3/people'))).toEqual([])
    expect(personalIn(run.stdout)).toEqual([])
    expect(personalIn(run.summary)).toEqual([])
    expect(run.lines).toContainEqual(expect.stringMatching(/^::error::Refusing to apply: .*EMP-3 \(removed\)/))
  })

  it('hides an email DoorFlow quotes when it refuses a write, in the log, the summary and the failure', async () => {
    world.fake.people.refuse.set('EMP-4', 'Email alan@example.com has already been taken')
    const run = await applyOnPublicPush()
    expect(run.code).toBe(1)
    expect(run.outputs['failed']).toBe('1')
    expect(personalIn(run.stdout)).toEqual([])
    expect(personalIn(run.summary)).toEqual([])
    expect(run.stdout).toContain(
      'Creating EMP-4 failed: DoorFlow rejected the data (HTTP 422: unprocessable_entity: Email (hidden) has already been taken)'
    )
  })
})

describe('roster problems on a public repository', () => {
  it('name DoorFlow people by id only, and no email, in the annotations, the comment, the summary and the log', async () => {
    // Ada's email in DoorFlow, given to Alan in the roster: a problem that quotes her.
    world.fake.people.people.get(101)!.email = 'ada@example.com'
    world.ws.write(ROSTER.replace('email: alan@example.com', 'email: ada@example.com'))
    const shown = await planOnPullRequest({ private: true }, {}, 1)
    expect(shown.run.stdout).toContain(
      'email ada@example.com already belongs to DoorFlow person 101 (Ada Lovelace, system_id EMP-1)'
    )
    const { run, comment } = await planOnPullRequest(PUBLIC, {}, 1)
    expect(personalIn(comment)).toEqual([])
    expect(personalIn(run.summary)).toEqual([])
    expect(personalIn(run.stdout)).toEqual([])
    expect(run.lines).toContainEqual(
      expect.stringMatching(
        /^::error title=Roster,file=roster\.yaml,.*::EMP-4: email \(hidden\) already belongs to DoorFlow person 101 \(\(name hidden\), system_id EMP-1\)/
      )
    )
    expect(rendered(comment)).toContain('already belongs to DoorFlow person 101 ((name hidden), system_id EMP-1)')
  })
})

describe('on a private repository', () => {
  it('the comment, the summary and the log name people as before', async () => {
    const { run, comment } = await planOnPullRequest({ private: true, visibility: 'private' })
    expect(rendered(comment)).toContain('Alan Turing (EMP-4) is created: groups Visitors; email alan@example.com')
    expect(rendered(comment)).toContain('DoorFlow person 105: Ken Thompson, system_id CON-1')
    expect(run.summary).toContain('Ada Lovelace (EMP-1) gains Night Shift')
    expect(run.stdout).toContain('Ada Lovelace (EMP-1) gains Night Shift')
  })

  it('hides them when personal-data is hide', async () => {
    const { run, comment } = await planOnPullRequest({ private: true }, { 'personal-data': 'hide' })
    expect(personalIn(comment)).toEqual([])
    expect(personalIn(run.summary)).toEqual([])
    expect(personalIn(run.stdout)).toEqual([])
  })
})

// ROSTER names the people above; if it changes, this suite must name the new ones.
test('the roster names the people this suite looks for', () => {
  expect(ROSTER).toContain('email: alan@example.com')
})
