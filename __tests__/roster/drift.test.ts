/**
 * The pure parts of unmanaged people and drift: who counts as unmanaged, which changes are drift
 * for a set of changed files, and what the push payload and git say.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DoorFlowPerson } from '../../src/doorflow/people.js'
import {
  changedFiles,
  changedFromGit,
  changedFromPayload,
  gitIn,
  MAX_PAYLOAD_COMMITS,
  withDrift,
  type ChangedFiles
} from '../../src/roster/drift.js'
import type { Plan, PlannedChange } from '../../src/roster/plan.js'
import { finished, planMarkdown } from '../helpers/plan.js'
import { planRoster, unmanagedPeople, UNMANAGED_SHOWN } from '../../src/roster/planner.js'
import { driftCount, driftWords, planText, planHeadline } from '../../src/roster/render.js'
import type { Roster, RosterPerson } from '../../src/roster/roster.js'
import { readRunner } from '../../src/runner.js'

const rosterPerson = (id: string, file: string, email?: string): RosterPerson => ({
  id,
  fields: { first_name: 'A', last_name: id, enabled: true, ...(email ? { email } : {}) },
  groups: ['Engineering'],
  roles: undefined,
  at: { file, line: 3, col: 5 },
  groupsAt: [{ file, line: 4, col: 5 }],
  rolesAt: []
})
const df = (id: number, systemId: string | null, over: Partial<DoorFlowPerson> = {}): DoorFlowPerson => ({
  id,
  system_id: systemId,
  first_name: 'P',
  last_name: String(id),
  email: null,
  enabled: true,
  groups: [1],
  roles: [],
  ...over
})
const roster = (people: RosterPerson[], manages = ['EMP-*']): Roster => ({
  manages,
  people,
  files: [...new Set(people.map(p => p.at.file))]
})

describe('unmanagedPeople', () => {
  const r = roster([rosterPerson('EMP-1', 'access/staff.yaml'), rosterPerson('CON-1', 'access/c.yaml', 'Ann@x.org')])

  it('lists enabled people with a group whom no manages pattern matches and no roster lists', () => {
    const people = [
      df(5, null),
      df(6, 'OTHER-1'),
      df(7, 'EMP-9'), // matched by manages: the plan removes them
      df(8, 'CON-1'), // listed by the roster
      df(9, null, { enabled: false }),
      df(10, null, { groups: [] }),
      df(11, null, { email: 'ann@X.org' }) // the plan adopts her (by email)
    ]
    expect(unmanagedPeople(r, { people }, new Set([11]))).toEqual({
      count: 2,
      first: [
        { personId: 5, name: 'P 5', systemId: null },
        { personId: 6, name: 'P 6', systemId: 'OTHER-1' }
      ]
    })
  })

  it('leaves out the people the plan adopts by doorflow_id', () => {
    const entry = { ...rosterPerson('EMP-7', 'access/staff.yaml'), doorflowId: 12 }
    const people = [df(12, null), df(13, null)]
    const account = { people, groups: [{ id: 1, name: 'Engineering' }], roles: [] }
    const { plan } = planRoster(roster([entry]), account, 'disable', { now: 0 })
    expect(plan.unmanaged?.first.map(p => p.personId)).toEqual([13])
  })

  it('counts a person without system_id who only shares an email with a roster entry matched by its system_id', () => {
    // Ann (CON-1) is DoorFlow person 8, matched by system_id; 11 and 12 have her email (12 in another case) and
    // door access. The roster adopts neither, so both are unmanaged: an email alone manages nobody.
    const people = [
      df(8, 'CON-1', { email: 'Ann@x.org' }),
      df(11, null, { email: 'Ann@x.org' }),
      df(12, null, { email: 'ANN@X.ORG' })
    ]
    const account = { people, groups: [{ id: 1, name: 'Engineering' }], roles: [] }
    const { plan, problems } = planRoster(r, account, 'disable', { now: 0 })
    expect(problems).toEqual([])
    expect(plan.changes.filter(c => c.kind === 'adopt')).toEqual([])
    expect(plan.unmanaged).toEqual({
      count: 2,
      first: [
        { personId: 11, name: 'P 11', systemId: null },
        { personId: 12, name: 'P 12', systemId: null }
      ]
    })
    // The same person adopted by email (no DoorFlow person has CON-1) is managed.
    const adopting = planRoster(r, { ...account, people: [df(11, null, { email: 'Ann@x.org' })] }, 'disable', {
      now: 0
    })
    expect(adopting.plan.changes.filter(c => c.kind === 'adopt')).toMatchObject([{ systemId: 'CON-1', personId: 11 }])
    expect(adopting.plan.unmanaged).toEqual({ count: 0, first: [] })
  })

  it('without manages, every system_id the roster does not list is unmanaged', () => {
    expect(unmanagedPeople(roster([], []), { people: [df(1, 'EMP-1')] }, new Set()).count).toBe(1)
  })

  it('names the first few by DoorFlow id and counts them all', () => {
    const people = Array.from({ length: 10_000 }, (_, i) => df(20_000 - i, null))
    const u = unmanagedPeople(r, { people }, new Set())
    expect(u.count).toBe(10_000)
    expect(u.first.map(p => p.personId)).toEqual(Array.from({ length: UNMANAGED_SHOWN }, (_, i) => 10_001 + i))
  })

  it('is part of every plan', () => {
    const account = { people: [df(5, null)], groups: [{ id: 1, name: 'Engineering' }], roles: [] }
    const { plan } = planRoster(roster([]), account, 'disable', { now: 0 })
    expect(plan.unmanaged?.count).toBe(1)
    expect(planText(plan).slice(-2)).toEqual([
      '1 person in DoorFlow has door access that no roster manages: add them to a roster (npm run export writes entries for them), or disable them in DoorFlow.',
      '    DoorFlow person 5: P 5, no system_id'
    ])
  })

  it('is left out of the plan by the planner itself with unmanaged: ignore, as the plan file shows', () => {
    const account = { people: [df(5, null)], groups: [{ id: 1, name: 'Engineering' }], roles: [] }
    const { plan } = planRoster(roster([]), account, 'disable', { now: 0, unmanaged: 'ignore' })
    expect('unmanaged' in plan).toBe(false)
    expect(Object.keys(plan)).toEqual([
      'version',
      'manages',
      'prune',
      'changes',
      'unchanged',
      'managedCount',
      'lockOuts',
      'guard'
    ])
  })
})

describe('withDrift', () => {
  const r = roster([rosterPerson('EMP-1', 'access/staff.yaml'), rosterPerson('EMP-2', 'access/night.yaml')])
  const change = (systemId: string, kind: 'update' | 'remove' = 'update'): PlannedChange =>
    kind === 'remove'
      ? { kind, systemId, name: systemId, personId: 1, mode: 'disable', groups: [] }
      : { kind, systemId, name: systemId, personId: 1, fields: [{ field: 'notes', from: 'a', to: 'b' }] }
  const changes = [change('EMP-9', 'remove'), change('EMP-1'), change('EMP-2')]
  /** The plan of `changes` with their drift marked, finished as planRoster finishes one. */
  const markDrift = (path: string, changed: ChangedFiles): Plan => {
    const marked = withDrift(changes, r, path, changed)
    const draft = { version: 1, manages: 'EMP-*', prune: 'disable', unchanged: 0, managedCount: 3 } as const
    return finished({
      ...draft,
      changes: marked.changes,
      ...(marked.drift === undefined ? {} : { drift: marked.drift })
    })
  }
  const marks = (p: Plan) => p.changes.map(c => `${c.systemId}${c.drift ? ' drift' : ''}`)

  it('marks a change whose file did not change, and not one whose file did', () => {
    const p = markDrift('access/', { kind: 'files', files: new Set(['access/night.yaml']), why: '' })
    // A file under the roster path changed, so the removal may be the commit's own.
    expect(marks(p)).toEqual(['EMP-9', 'EMP-1 drift', 'EMP-2'])
    expect(p.drift).toBe(1)
    expect(planText(p)[3]).toBe(
      '  ~ EMP-1 (EMP-1) had notes set to a in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would set notes to b (drift: changed in DoorFlow, not in this commit)'
    )
    expect(planText(p)[4]).toBe('  ~ EMP-2 (EMP-2) notes a → b')
    expect(planMarkdown(p, { files: [] })).toContain('> 1 change of 3 is drift')
  })

  it('marks a removal when no roster file changed, and every change on a schedule', () => {
    const other = markDrift('access', { kind: 'files', files: new Set(['README.md']), why: '' })
    expect(marks(other)).toEqual(['EMP-9 drift', 'EMP-1 drift', 'EMP-2 drift'])
    const all = markDrift('access', { kind: 'all', why: '' })
    expect(all.drift).toBe(3)
  })

  it('is marked by the planner before the plan is finished, the count last in the plan file', () => {
    const account = { people: [], groups: [{ id: 1, name: 'Engineering' }], roles: [] }
    const files = { kind: 'files', files: new Set(['access/night.yaml']), why: '' } as const
    const { plan } = planRoster(r, account, 'disable', { now: 0, drift: { changed: files, rosterPath: 'access' } })
    expect(marks(plan)).toEqual(['EMP-1 drift', 'EMP-2'])
    expect(Object.keys(plan).slice(-3)).toEqual(['guard', 'unmanaged', 'drift'])
    expect(plan.drift).toBe(1)
  })

  it('marks nothing when the changed files are unknown', () => {
    const p = markDrift('access', { kind: 'unknown', why: 'no git' })
    expect(marks(p)).toEqual(['EMP-9', 'EMP-1', 'EMP-2'])
    expect(p.drift).toBeUndefined()
    expect(planText(p).join('\n')).not.toContain('drift')
  })
})

describe('drift in words: what happened in DoorFlow, then what the apply would do', () => {
  const named = (id: number, name: string) => ({ id, name })
  const base = { systemId: 'EMP-1', name: 'Ada Lovelace', drift: true as const }
  const memberships = (m: Partial<Record<'groupsGained' | 'groupsLost' | 'rolesGained' | 'rolesLost', string[]>>) => ({
    groupIds: [],
    roleIds: [],
    groupsGained: (m.groupsGained ?? []).map((n, i) => named(i + 1, n)),
    groupsLost: (m.groupsLost ?? []).map((n, i) => named(i + 10, n)),
    rolesGained: (m.rolesGained ?? []).map((n, i) => named(i + 20, n)),
    rolesLost: (m.rolesLost ?? []).map((n, i) => named(i + 30, n))
  })

  it('a group or role given or taken by hand, and fields set by hand', () => {
    const change: PlannedChange = {
      ...base,
      kind: 'update',
      personId: 7,
      fields: [
        { field: 'email', from: 'ada@evil.example', to: 'ada@example.com' },
        { field: 'job_title', from: null, to: 'Analyst' },
        { field: 'notes', from: 'by hand', to: null },
        { field: 'enabled', from: false, to: true }
      ],
      memberships: memberships({
        groupsLost: ['Server Room', 'Roof'],
        groupsGained: ['Engineering'],
        rolesLost: ['Admin']
      })
    }
    expect(driftWords(change)).toBe(
      'Ada Lovelace (EMP-1) was given Server Room and Roof, was given role Admin, lost Engineering, had email set to ada@evil.example, ' +
        'had job title cleared, had notes set to by hand and was disabled in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would take Server Room and Roof away, ' +
        'take role Admin away, give Engineering, set email to ada@example.com, set job title to Analyst, clear notes and enable them'
    )
  })

  it('a person enabled by hand, a create, a removal and an adoption', () => {
    expect(
      driftWords({ ...base, kind: 'update', personId: 7, fields: [{ field: 'enabled', from: true, to: false }] })
    ).toBe(
      'Ada Lovelace (EMP-1) was enabled in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would disable them'
    )
    expect(driftWords({ ...base, kind: 'create', fields: {}, groups: [named(1, 'Engineering')], roles: [] })).toBe(
      'Ada Lovelace (EMP-1) is in the roster but not in DoorFlow (deleted there by hand, or never applied); the apply would create them: groups Engineering'
    )
    expect(
      driftWords({ ...base, kind: 'remove', personId: 7, mode: 'delete', groups: [named(3, 'Loading Dock')] })
    ).toBe(
      'Ada Lovelace (EMP-1) is in DoorFlow, with Loading Dock, but in no roster file (added there by hand, or never applied); the apply would delete them'
    )
    expect(
      driftWords({
        ...base,
        kind: 'adopt',
        personId: 7,
        fields: [{ field: 'department', from: null, to: 'Engineering' }]
      })
    ).toBe(
      'Ada Lovelace (EMP-1) was added without a system_id (DoorFlow person 7) and had no department in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would adopt them (matched by email, system_id EMP-1) and set department to Engineering'
    )
  })

  it('the heading: what drifted, then what the apply would do; the count holds the unmanaged people', () => {
    const given: PlannedChange = {
      ...base,
      kind: 'update',
      personId: 7,
      fields: [],
      memberships: memberships({ groupsLost: ['Server Room'] })
    }
    const draft = { version: 1, manages: 'EMP-*', prune: 'disable', unchanged: 0, managedCount: 1 } as const
    const unmanaged = { count: 2, first: [] }
    const plan = finished({ ...draft, changes: [given], drift: 1, unmanaged })
    expect(driftCount(plan)).toBe(3)
    expect(planHeadline(plan)).toEqual({
      mark: '⚠',
      words:
        '1 person changed in DoorFlow outside the roster and 2 people with door access no roster manages; the apply would take access away from 1 person'
    })
    // Without drift marks (the run could not tell) there is no count, and the verdict is the apply's alone.
    const unknown = finished({ ...draft, changes: [{ ...given, drift: undefined }], unmanaged })
    expect(driftCount(unknown)).toBeUndefined()
    expect(planHeadline(unknown)).toEqual({ mark: '⚠', words: 'takes access away from 1 person' })
    // unmanaged: ignore leaves them out of the count.
    const ignored = finished({ ...draft, changes: [], drift: 0 })
    expect(driftCount(ignored)).toBe(0)
    expect(planHeadline(ignored)).toEqual({ mark: '✅', words: 'nothing to change' })
  })
})

describe('the changed files', () => {
  it('come from the push payload, every commit, bounded, ignoring what is not a path', () => {
    const commits = Array.from({ length: MAX_PAYLOAD_COMMITS + 5 }, (_, i) => ({
      added: [`a${i}.yaml`],
      modified: [7, null],
      removed: i === 0 ? ['./old.yaml'] : 'x'
    }))
    const got = changedFromPayload(JSON.stringify({ commits }))
    expect(got?.kind).toBe('files')
    const files = got?.kind === 'files' ? got.files : new Set()
    expect(files.size).toBe(MAX_PAYLOAD_COMMITS + 1)
    expect(files.has('old.yaml')).toBe(true)
    expect(files.has(`a${MAX_PAYLOAD_COMMITS}.yaml`)).toBe(false)
    expect(changedFromPayload('not json')).toBeUndefined()
    expect(changedFromPayload('{"commits": []}')).toBeUndefined()
    expect(changedFromPayload('null')).toBeUndefined()
  })

  it('fall back to git when the push payload has no commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-event-'))
    try {
      const event = join(dir, 'event.json')
      writeFileSync(event, '{"commits": []}')
      const got = await changedFiles(
        readRunner(n => ({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event })[n]),
        dir,
        () => Promise.resolve('r.yaml\0')
      )
      expect(got).toEqual({ kind: 'files', files: new Set(['r.yaml']), why: 'git diff HEAD^ HEAD' })
      expect((await changedFiles({ event: 'workflow_dispatch', payload: undefined, childEnv: {} }, dir)).kind).toBe(
        'all'
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('come from git, and are unknown with the reason when git fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-git-'))
    try {
      const got = await changedFromGit(dir, gitIn(process.env))
      expect(got.kind).toBe('unknown')
      expect(got.why).toMatch(/^git could not name the files this commit changed \(.+\); check out with fetch-depth: 2/)
      const thrown = await changedFromGit(dir, () =>
        Promise.reject(Object.assign(new Error('spawn git ENOENT'), { stderr: '' }))
      )
      expect(thrown.why).toContain('(spawn git ENOENT)')
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir })
      git('init', '-q')
      writeFileSync(join(dir, 'a b.yaml'), '1')
      git('add', '.')
      git('commit', '-qm', '1')
      writeFileSync(join(dir, 'a b.yaml'), '2')
      writeFileSync(join(dir, 'ü.yaml'), '2')
      git('add', '.')
      git('commit', '-qm', '2')
      expect(await changedFromGit(dir, gitIn(process.env))).toEqual({
        kind: 'files',
        files: new Set(['a b.yaml', 'ü.yaml']),
        why: 'git diff HEAD^ HEAD'
      })
      // git runs in the environment it is given (the runner's context), not this process's.
      const elsewhere = await changedFromGit(dir, gitIn({ ...process.env, GIT_DIR: join(dir, 'no-such-git-dir') }))
      expect(elsewhere.kind).toBe('unknown')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
