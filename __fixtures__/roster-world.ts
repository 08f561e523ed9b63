/**
 * The one roster world the roster suites share: DoorFlow's groups and roles (the fake's defaults:
 * Engineering 1, Night Shift 2, Loading Dock 3, Visitors 4, Facilities 5; Security is role 12),
 * five people already in DoorFlow, and the roster that plans one change of every kind against
 * them. A suite that needs another world says so beside its test; this one is the common ground.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FAKE_TOKEN, SYNC_SCOPE } from './fake-doorflow.js'
import {
  fakePerson,
  GROUP_READ_SCOPE,
  PEOPLE_READ_SCOPES,
  PERSON_WRITE_SCOPE,
  ROLE_READ_SCOPE,
  type FakePerson
} from './fake-people.js'

/** What a plan (dry run) needs: read people, groups and roles, and sync. */
export const PLAN_SCOPES = [SYNC_SCOPE, ...PEOPLE_READ_SCOPES]
/** What an apply needs: write people (which reads them too), read groups and roles, and sync. */
export const APPLY_SCOPES = [SYNC_SCOPE, PERSON_WRITE_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE]

/**
 * The five people in DoorFlow before a run, fresh for each fake (the fake changes them):
 * Ada (EMP-1: Engineering, Loading Dock), Grace (EMP-2: Engineering), Edsger (EMP-3: Night
 * Shift), Barbara (no system id yet; her email in another case than the roster's) and Ken
 * (CON-1: Loading Dock, outside `manages: EMP-*`, so no roster run may touch him).
 */
export function worldPeople(): FakePerson[] {
  return [
    fakePerson(101, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [1, 3] }),
    fakePerson(102, { system_id: 'EMP-2', first_name: 'Grace', last_name: 'Hopper', groups: [1] }),
    fakePerson(103, { system_id: 'EMP-3', first_name: 'Edsger', last_name: 'Dijkstra', groups: [2] }),
    fakePerson(104, { system_id: null, first_name: 'Barbara', last_name: 'Liskov', email: 'Barbara@Example.com' }),
    fakePerson(105, { system_id: 'CON-1', first_name: 'Ken', last_name: 'Thompson', groups: [3] })
  ]
}

/**
 * The roster against worldPeople(): Ada gains Night Shift and loses Loading Dock (update), Grace
 * is unchanged, Alan is new (create), Barbara is found by email (adopt) and Edsger has left
 * (remove): 4 changes, revocations first. Suites quote its lines, so edit it with care.
 */
export const ROSTER = `version: 1
manages: EMP-*
people:
  - id: EMP-1
    first_name: Ada
    last_name: Lovelace
    groups: [Engineering, Night Shift]
    valid_to: 2027-03-31
  - id: EMP-2
    first_name: Grace
    last_name: Hopper
    groups: [Engineering]
  - id: EMP-4
    first_name: Alan
    last_name: Turing
    email: alan@example.com
    groups: [Visitors]
  - id: EMP-5
    first_name: Barbara
    last_name: Liskov
    email: barbara@example.com
    groups: [Engineering]
    roles: [Security]
`

/** One person of a roster written by rosterYaml(). */
export interface RosterEntry {
  id: string
  first_name: string
  last_name: string
  groups: string[]
}

/** A roster file (`manages: EMP-*` unless named) listing `people`, one key a line. */
export function rosterYaml(people: RosterEntry[], manages = 'EMP-*'): string {
  const person = (p: RosterEntry) =>
    `  - id: ${p.id}\n    first_name: ${p.first_name}\n    last_name: ${p.last_name}\n    groups: [${p.groups.join(', ')}]\n`
  return `version: 1\nmanages: ${manages}\npeople:\n${people.map(person).join('')}`
}

/** The roster that says what DoorFlow already has for the people it manages: the plan is empty. */
export const MATCHING_ROSTER = rosterYaml([
  { id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: ['Engineering', 'Loading Dock'] },
  { id: 'EMP-2', first_name: 'Grace', last_name: 'Hopper', groups: ['Engineering'] },
  { id: 'EMP-3', first_name: 'Edsger', last_name: 'Dijkstra', groups: ['Night Shift'] }
])

/** A fake DoorFlow holding worldPeople() (or `people()`), where FAKE_TOKEN has `scopes`. */
export function startWorld(scopes: string[], people: () => FakePerson[] = worldPeople): Promise<FakeDoorFlow> {
  return FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: scopes }, people: { people: people() } })
}

/**
 * The inputs of a run in refresh-token mode instead of the token, the workflow storing the
 * rotated token itself: the fake's client and a refresh token `fake` has just issued.
 */
export function refreshTokenInputs(fake: FakeDoorFlow): Record<string, string> {
  return {
    token: '',
    'client-id': FAKE_CLIENT_ID,
    'client-secret': FAKE_CLIENT_SECRET,
    'refresh-token': fake.issueRefreshToken(),
    'refresh-token-output-only': 'true'
  }
}

/** What `fake` was asked of DoorFlow's API (`/api/3/…`): its sign-in left out. */
export const apiRequests = (fake: FakeDoorFlow) => fake.requests.filter(r => r.path.startsWith('/api/3/'))

/** A repository checkout (GITHUB_WORKSPACE) with a roster in it, and a RUNNER_TEMP beside it. */
export interface RosterWorkspace {
  dir: string
  temp: string
  /** Writes `text` to `file` (relative to the workspace; roster.yaml unless named). */
  write(text: string, file?: string): void
  /** The runner's environment for the workspace: GITHUB_WORKSPACE and RUNNER_TEMP. */
  env: Record<string, string>
  remove(): void
}

/** The world a suite's tests run in: set up before each test, taken down after it. */
export interface RosterWorld {
  fake: FakeDoorFlow
  ws: RosterWorkspace
}

/**
 * Call at the top of a suite: before each test a fake DoorFlow holding worldPeople() (or
 * `people()`: an account of another shape) where FAKE_TOKEN has `scopes`, and a workspace with
 * ROSTER; both are closed and removed after it.
 */
export function useRosterWorld(scopes: string[], people: () => FakePerson[] = worldPeople): RosterWorld {
  const world = {} as RosterWorld
  beforeEach(async () => {
    world.fake = await startWorld(scopes, people)
    world.ws = rosterWorkspace()
  })
  afterEach(async () => {
    await world.fake.close()
    world.ws.remove()
  })
  return world
}

export function rosterWorkspace(roster: string = ROSTER): RosterWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'roster-ws-'))
  const temp = mkdtempSync(join(tmpdir(), 'roster-temp-'))
  const write = (text: string, file = 'roster.yaml') => writeFileSync(join(dir, file), text)
  write(roster)
  return {
    dir,
    temp,
    write,
    env: { GITHUB_WORKSPACE: dir, RUNNER_TEMP: temp },
    remove() {
      rmSync(dir, { recursive: true, force: true })
      rmSync(temp, { recursive: true, force: true })
    }
  }
}

/** The repository the roster world's events are of: the fake GitHub's (fake-github.ts REPOSITORY). */
const REPOSITORY = 'acme/door-config'

/**
 * The event of pull request #`number` whose head is commit `head`, written into the workspace's
 * RUNNER_TEMP; returns its path (GITHUB_EVENT_PATH). The head's repository is REPOSITORY, or
 * `headRepo` (a fork's pull request; null for a fork deleted since), opened by `author`. `repository` says whether the
 * repository is public as GitHub's payload does (`private`, `visibility`); private by default.
 */
export function pullRequestEvent(
  ws: RosterWorkspace,
  head: string,
  number = 7,
  headRepo: string | null = REPOSITORY,
  repository: { private: boolean; visibility?: string } = { private: true },
  /** Who opened it (`pull_request.user`): the fake GitHub's PULL_AUTHOR unless said. */
  author: { login: string; id: number } = { login: 'octocat', id: 583231 }
): string {
  const event = join(ws.temp, 'event.json')
  const repo = (name: string | null) => (name === null ? null : { full_name: name })
  writeFileSync(
    event,
    JSON.stringify({
      number,
      pull_request: {
        number,
        user: author,
        head: { sha: head, repo: repo(headRepo) },
        base: { repo: repo(REPOSITORY) }
      },
      repository: { full_name: REPOSITORY, default_branch: 'main', ...repository }
    })
  )
  return event
}

/**
 * The event of a push to `ref` (the default branch, `main` unless named, by default) that brought
 * `commits` (oldest first, as GitHub lists them; the last is `after`), written into the workspace's
 * RUNNER_TEMP; returns its path (GITHUB_EVENT_PATH). Pass GITHUB_SHA = the last commit beside it.
 * GitHub Docs, "Webhook events and payloads" (push): ref, before, after, commits,
 * repository.default_branch.
 */
export function pushEvent(
  ws: RosterWorkspace,
  commits: string[],
  defaultBranch = 'main',
  ref = `refs/heads/${defaultBranch}`
): string {
  const event = join(ws.temp, 'push-event.json')
  const after = commits.at(-1)
  const listed = commits.map(id => ({ id, tree_id: id, distinct: true, message: `commit ${id.slice(0, 7)}` }))
  writeFileSync(
    event,
    JSON.stringify({
      ref,
      before: '0123456789abcdef0123456789abcdef01234567',
      after,
      commits: listed,
      head_commit: listed.at(-1) ?? null,
      repository: { full_name: REPOSITORY, default_branch: defaultBranch, private: true }
    })
  )
  return event
}

/** The runner's environment for a push of `after` to `ref` (by default the default branch, main): its event by pushEvent. */
export function pushRunEnv(
  ws: RosterWorkspace,
  ref = 'refs/heads/main',
  after = 'a'.repeat(40)
): Record<string, string> {
  const event = pushEvent(ws, [after], 'main', ref)
  return {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REF: ref,
    GITHUB_SHA: after,
    GITHUB_REPOSITORY: REPOSITORY
  }
}
