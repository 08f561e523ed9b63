/**
 * End to end (`node dist/index.js` against the fake DoorFlow): unmanaged people with door access
 * are named by every plan and fail the step with `unmanaged: fail` before any write, and a change
 * is labelled drift when its roster file did not change in the commit (push payload, git, schedule).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson, GROUP_READ_SCOPE, PERSON_WRITE_SCOPE, ROLE_READ_SCOPE } from '../../__fixtures__/fake-people.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import type { Plan } from '../../src/roster/plan.js'
import { summaryText } from '../../script/summary-text.js'

let fake: FakeDoorFlow
let workspace: string
let temp: string

const STAFF = `version: 1
manages: EMP-*
people:
  - {id: EMP-1, first_name: Ada, last_name: Lovelace, groups: [Engineering]}
`
const NIGHT = `version: 1
manages: NGT-*
people:
  - {id: NGT-1, first_name: Grace, last_name: Hopper, groups: [Night Shift]}
`

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: [SYNC_SCOPE, PERSON_WRITE_SCOPE, GROUP_READ_SCOPE, ROLE_READ_SCOPE] },
    people: {
      people: [
        // Both drifted in DoorFlow: Ada lost Engineering for Night Shift, Grace lost Night Shift.
        fakePerson(101, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [3] }),
        fakePerson(102, { system_id: 'NGT-1', first_name: 'Grace', last_name: 'Hopper', groups: [] }),
        // Added in DoorFlow's web UI, with door access and no system_id: unmanaged.
        fakePerson(201, { system_id: null, first_name: 'Mallory', last_name: '@everyone <b>x</b>', groups: [1] }),
        // A system_id no manages pattern matches and no roster lists, with a group: unmanaged.
        fakePerson(202, { system_id: 'CON-9', first_name: 'Ken', last_name: 'Thompson', groups: [2] }),
        // Not listed: disabled, or in no group (no door access).
        fakePerson(203, { system_id: null, first_name: 'Dis', last_name: 'Abled', enabled: false, groups: [1] }),
        fakePerson(204, { system_id: null, first_name: 'No', last_name: 'Groups', groups: [] })
      ]
    }
  })
  workspace = mkdtempSync(join(tmpdir(), 'drift-ws-'))
  temp = mkdtempSync(join(tmpdir(), 'drift-temp-'))
  execFileSync('mkdir', ['-p', join(workspace, 'access')])
  writeFileSync(join(workspace, 'access', 'staff.yaml'), STAFF)
  writeFileSync(join(workspace, 'access', 'night.yaml'), NIGHT)
})
afterEach(async () => {
  await fake.close()
  rmSync(workspace, { recursive: true, force: true })
  rmSync(temp, { recursive: true, force: true })
})

async function run(inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  const result = await runAction(
    { token: FAKE_TOKEN, 'base-url': fake.url, roster: 'access', 'dry-run': 'true', ...inputs },
    { env: { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp, ...env } }
  )
  expect(leakedLines(result, [FAKE_TOKEN, ...fake.issued])).toEqual([])
  return result
}
const writes = () => fake.requests.filter(r => r.method !== 'GET')
const planOf = (r: ActionRun) => JSON.parse(readFileSync(r.outputs['plan-file'], 'utf8')) as Plan

describe('unmanaged people with door access', () => {
  it('are counted and named in the log, the summary and the plan file (dry run)', async () => {
    const r = await run()
    expect(r.code).toBe(0)
    expect(writes()).toEqual([])
    expect(planOf(r).unmanaged).toEqual({
      count: 2,
      first: [
        { personId: 201, name: 'Mallory @everyone <b>x</b>', systemId: null },
        { personId: 202, name: 'Ken Thompson', systemId: 'CON-9' }
      ]
    })
    expect(r.stdout).toContain('2 people in DoorFlow have door access that no roster manages')
    expect(r.stdout).toContain('DoorFlow person 201: Mallory @everyone <b>x</b>, no system_id')
    expect(r.stdout).toContain('DoorFlow person 202: Ken Thompson, system_id CON-9')
    // Disabled and group-less people have no door access: not listed.
    expect(r.stdout).not.toMatch(/DoorFlow person 20[34]/)
    // In Markdown the name is inert: escaped, no mention.
    expect(r.summary).toContain(
      '> - DoorFlow person 201: Mallory &#64;&#8203;everyone &#60;b&#62;x&#60;&#47;b&#62;, no system_id'
    )
    expect(r.summary).not.toContain('@everyone')
  })

  it('are left out with unmanaged: ignore', async () => {
    const r = await run({ unmanaged: 'ignore' })
    expect(r.code).toBe(0)
    expect(planOf(r).unmanaged).toBeUndefined()
    expect(r.stdout).not.toContain('no roster manages')
  })

  it('fail an apply with unmanaged: fail before any write, saying what to do', async () => {
    const r = await run({ unmanaged: 'fail', 'dry-run': 'false' }, { GITHUB_EVENT_NAME: 'push' })
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(r.stdout).toContain(
      '::error::Input unmanaged is fail, and 2 people in DoorFlow have door access that no roster manages (named above): add them to a roster (npm run export writes entries for them), disable them in DoorFlow, or set unmanaged: report. Nothing was written.'
    )
    expect(r.outputs['created']).toBeUndefined()
  })

  it('fail a dry run with unmanaged: fail after showing the plan', async () => {
    const r = await run({ unmanaged: 'fail' })
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(r.outputs['changes']).toBe('2')
    expect(r.summary).toContain('no roster manages')
  })

  it('pass with unmanaged: fail when every person with access is managed', async () => {
    // Mallory joins the roster's system_ids (given one), Ken is disabled: nobody is left unmanaged.
    fake.people.people.get(201)!.system_id = 'EMP-2'
    fake.people.people.get(202)!.enabled = false
    const r = await run({ unmanaged: 'fail' })
    expect(r.code).toBe(0)
    expect(planOf(r).unmanaged).toEqual({ count: 0, first: [] })
  })
  it('fail with unmanaged: fail when the only link to a roster entry is a shared email (Ada matched by system_id)', async () => {
    // Ada (EMP-1) is DoorFlow person 101, matched by her system_id. Eve (205) has no system_id, door access and
    // Ada's email in another case: the roster adopts nobody by that email, so Eve is unmanaged. Everyone else
    // with access is disabled, so she alone fails the apply, before any write.
    fake.people.people.get(101)!.email = 'ada@corp.com'
    fake.people.people.get(201)!.enabled = false
    fake.people.people.get(202)!.enabled = false
    fake.people.people.set(
      205,
      fakePerson(205, { system_id: null, first_name: 'Eve', last_name: 'Shadow', email: 'ADA@corp.com', groups: [1] })
    )
    writeFileSync(join(workspace, 'access', 'staff.yaml'), STAFF.replace('groups:', 'email: ada@corp.com, groups:'))
    const r = await run({ unmanaged: 'fail', 'dry-run': 'false' }, { GITHUB_EVENT_NAME: 'push' })
    expect(r.code).toBe(1)
    expect(writes()).toEqual([])
    expect(planOf(r).unmanaged).toEqual({
      count: 1,
      first: [{ personId: 205, name: 'Eve Shadow', systemId: null }]
    })
    expect(r.stdout).toContain('DoorFlow person 205: Eve Shadow, no system_id')
    expect(r.stdout).toContain(
      '::error::Input unmanaged is fail, and 1 person in DoorFlow has door access that no roster manages (named above)'
    )
    // Ada herself is managed: matched by system_id, never adopted or listed.
    expect(planOf(r).changes.some(c => c.kind === 'adopt')).toBe(false)
    expect(r.stdout).not.toContain('DoorFlow person 101')
  })
})

describe('drift', () => {
  const DRIFT = '(drift: changed in DoorFlow, not in this commit)'
  const line = (r: ActionRun, who: string) => r.stdout.split('\n').find(l => l.includes(who)) ?? ''

  it('labels the change whose file the pushed commits did not change, from the event payload', async () => {
    const event = join(temp, 'event.json')
    writeFileSync(event, JSON.stringify({ commits: [{ added: [], modified: ['access/night.yaml'], removed: [] }] }))
    const r = await run({}, { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event })
    expect(r.code).toBe(0)
    // The one drift change, and the 2 people with door access no roster manages.
    expect(r.outputs['drift']).toBe('3')
    expect(line(r, '(EMP-1)')).toContain(DRIFT)
    expect(line(r, '(NGT-1)')).not.toContain('drift')
    expect(r.stdout).toContain("Drift: judged from the push event's 1 commit.")
    expect(r.summary).toContain(
      `Ada Lovelace (EMP-1) was given Loading Dock and lost Engineering in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would take Loading Dock away and give Engineering ${DRIFT}`
    )
    expect(r.summary).toContain('NGT-1) gains Night Shift\n')
    expect(r.summary).toContain('> 1 change of 2 is drift')
    const plan = planOf(r)
    expect(plan.drift).toBe(1)
    expect(plan.changes.map(c => `${c.systemId} ${String(c.drift)}`)).toEqual(['EMP-1 true', 'NGT-1 undefined'])
  })

  it('labels from git diff HEAD^ HEAD in the workspace', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: workspace,
        stdio: 'ignore'
      })
    git('init', '-q')
    git('add', '.')
    git('commit', '-qm', 'first')
    writeFileSync(join(workspace, 'access', 'staff.yaml'), `${STAFF}# reviewed\n`)
    git('commit', '-qam', 'staff changed')
    const r = await run({}, { GITHUB_EVENT_NAME: 'pull_request' })
    expect(r.outputs['drift']).toBe('3')
    expect(planOf(r).drift).toBe(1)
    expect(line(r, '(EMP-1)')).not.toContain('drift')
    expect(line(r, '(NGT-1)')).toContain(DRIFT)
    expect(r.stdout).toContain('Drift: judged from git diff HEAD^ HEAD.')
  })

  it('marks nothing, and says why once, when the commit has no parent (fetch-depth 1)', async () => {
    execFileSync('git', ['init', '-q'], { cwd: workspace })
    const r = await run({}, { GITHUB_EVENT_NAME: 'pull_request' })
    expect(r.code).toBe(0)
    expect(r.outputs['drift']).toBe('')
    expect(r.stdout).not.toContain(DRIFT)
    const why = r.lines.filter(l => l.startsWith('Drift: no change is marked as drift: git could not name'))
    expect(why).toHaveLength(1)
    expect(why[0]).toContain('fetch-depth: 2')
  })

  it('labels every change on a schedule event', async () => {
    const r = await run({}, { GITHUB_EVENT_NAME: 'schedule' })
    expect(r.outputs['drift']).toBe('4')
    expect(planOf(r).drift).toBe(2)
    expect(r.lines).toContain('Drift: a schedule event has no commit of its own, so every change is drift.')
    expect(line(r, '(EMP-1)')).toContain(DRIFT)
    expect(line(r, '(NGT-1)')).toContain(DRIFT)
  })
})

describe('the nightly drift check (a schedule event, unmanaged: report)', () => {
  /**
   * What happened in DoorFlow's web UI since the last apply: Ada (EMP-1, roster: Engineering) was
   * given Server Room beside Engineering, and Mallory was added with door access and no system_id.
   * Grace matches her roster; Ken and the others are out of it (disabled or given no group).
   */
  beforeEach(() => {
    fake.people.groups = [...fake.people.groups, { id: 6, name: 'Server Room' }]
    fake.people.people.get(101)!.groups = [1, 6]
    fake.people.people.get(102)!.groups = [2]
    fake.people.people.get(201)!.groups = [6]
    fake.people.people.get(202)!.enabled = false
  })
  const night = (inputs: Record<string, string> = {}) =>
    run({ unmanaged: 'report', ...inputs }, { GITHUB_EVENT_NAME: 'schedule' })

  it('counts the group given by hand and the person added by hand in the drift output, and writes nothing', async () => {
    const r = await night()
    expect(r.code).toBe(0)
    expect(writes()).toEqual([])
    // The example workflow fails the night when drift is not '0': both hand-made changes count.
    expect(r.outputs['drift']).toBe('2')
    expect(r.outputs['changes']).toBe('1')
    const plan = planOf(r)
    expect(plan.drift).toBe(1) // the plan file's drift counts changes, as documented; unmanaged.count the rest
    expect(plan.unmanaged?.count).toBe(1)
  })

  it('says what happened in DoorFlow first, then what the apply would do about it', async () => {
    const r = await night()
    const text = summaryText(r.summary, 400)
    const [heading, rule] = text.split('\n')
    expect(heading).toBe(
      '⚠ DoorFlow roster plan: 1 person changed in DoorFlow outside the roster and 1 person with door access no roster manages; the apply would take access away from 1 person'
    )
    expect(rule).toMatch(/^─+$/)
    expect(text).toContain(
      '- Ada Lovelace (EMP-1) was given Server Room in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would take Server Room away (drift: changed in DoorFlow, not in this commit)'
    )
    // Never the apply's side alone, which reads as if the roster took away what a person gained by hand.
    expect(text).not.toMatch(/Ada Lovelace \(EMP-1\) loses Server Room/)
    expect(text).toContain(
      "> 1 change of 1 is drift: DoorFlow was changed outside the roster (by hand, or by an apply that never ran), and applying puts the roster's values back."
    )
    // The unmanaged person is said once, with what drift means for them.
    expect(text).toContain(
      '> ⚠️ 1 person in DoorFlow has door access that no roster manages: add them to a roster (npm run export writes entries for them), or disable them in DoorFlow. They count as drift; the apply leaves them as they are.'
    )
    expect(text).not.toContain('drift too')
    expect(text).toContain('> • DoorFlow person 201: Mallory @everyone <b>x</b>, no system_id')
    // The log says it the same way.
    expect(r.stdout).toContain(
      '- Ada Lovelace (EMP-1) was given Server Room in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would take Server Room away'
    )
  })

  it('counts only the changed person with unmanaged: ignore', async () => {
    const r = await night({ unmanaged: 'ignore' })
    expect(r.outputs['drift']).toBe('1')
    expect(summaryText(r.summary, 400).split('\n')[0]).toBe(
      '⚠ DoorFlow roster plan: 1 person changed in DoorFlow outside the roster; the apply would take access away from 1 person'
    )
  })

  it('counts a person added by hand when nothing else drifted', async () => {
    fake.people.people.get(101)!.groups = [1]
    const r = await night()
    expect(r.outputs['changes']).toBe('0')
    expect(r.outputs['drift']).toBe('1')
    expect(summaryText(r.summary, 400).split('\n')[0]).toBe(
      '⚠ DoorFlow roster plan: 1 person with door access no roster manages; the apply would change nothing'
    )
  })
})
