/**
 * End to end, revocations always reach the doors: `node dist/index.js` applies a roster whose
 * four revocations are written, then a grant's PUT never answers. Under a budget the writes stop
 * at the sync reserve and the sync is sent before the step ends; under the runner's cancel
 * sequence (SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that) the held window aborts the
 * hung write and sends the sync before the kill. No line claims a sync DoorFlow did not accept.
 */
import type { ChildProcess } from 'node:child_process'
import { FakeDoorFlow, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { fakePerson } from '../../__fixtures__/fake-people.js'
import { APPLY_SCOPES, rosterWorkspace, rosterYaml, type RosterWorkspace } from '../../__fixtures__/roster-world.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { errorLines, signalWhen, timeSpent } from '../helpers/e2e.js'
import { rendered } from '../helpers/gfm.js'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** EMP-1..3 gain Night Shift (grants); EMP-10..13 are in DoorFlow but not in the roster (disabled: revocations). */
const ROSTER = rosterYaml(
  [
    ['EMP-1', 'Ada', 'Lovelace'],
    ['EMP-2', 'Grace', 'Hopper'],
    ['EMP-3', 'Alan', 'Turing']
  ].map(([id, first_name, last_name]) => ({ id, first_name, last_name, groups: ['Engineering', 'Night Shift'] }))
)
const LEAVERS = [201, 202, 203, 204]

let fake: FakeDoorFlow
let ws: RosterWorkspace

beforeEach(async () => {
  fake = await FakeDoorFlow.start({
    tokens: { [FAKE_TOKEN]: APPLY_SCOPES },
    people: {
      people: [
        fakePerson(101, { system_id: 'EMP-1', first_name: 'Ada', last_name: 'Lovelace', groups: [1] }),
        fakePerson(102, { system_id: 'EMP-2', first_name: 'Grace', last_name: 'Hopper', groups: [1] }),
        fakePerson(103, { system_id: 'EMP-3', first_name: 'Alan', last_name: 'Turing', groups: [1] }),
        ...LEAVERS.map(id =>
          fakePerson(id, { system_id: `EMP-${id - 191}`, first_name: 'Left', last_name: `No ${id}` })
        )
      ]
    }
  })
  // Ada's grant is the first one sent (write-concurrency 1): it is received and never answered.
  fake.people.hangWrite.add(101)
  ws = rosterWorkspace(ROSTER)
})
afterEach(async () => {
  await fake.close()
  ws.remove()
})

// No push to the default branch here, so dry-run auto would only plan: false applies.
const INPUTS = { roster: 'roster.yaml', 'write-concurrency': '1', 'max-removals': '10', 'dry-run': 'false' }

async function apply(inputs: Record<string, string>, onSpawn?: (child: ChildProcess) => void): Promise<ActionRun> {
  const run = await runAction(
    { token: FAKE_TOKEN, 'base-url': fake.url, ...INPUTS, ...inputs },
    { env: ws.env, onSpawn }
  )
  expect(leakedLines(run, [FAKE_TOKEN])).toEqual([])
  return run
}

const syncs = () => fake.requestsTo('POST /api/3/sync')
const revocations = () => fake.requests.filter(r => LEAVERS.some(id => r.path === `/api/3/people/${id}`))
const hungGrant = () => fake.requestsTo('PUT /api/3/people/101')

/** The revocations were carried out, and the one sync arrived after the last of them. */
function expectRevocationsThenSync(run: ActionRun): void {
  for (const id of LEAVERS) expect(fake.people.people.get(id)!.enabled).toBe(false)
  expect(revocations()).toHaveLength(4)
  expect(syncs()).toHaveLength(1)
  expect(syncs()[0].at).toBeGreaterThan(Math.max(...revocations().map(r => r.at)))
  expect(syncs()[0].at).toBeLessThan(run.endedAt)
  // The grants after the hung one were never sent: a re-run writes them.
  expect(fake.requestsTo('PUT /api/3/people/102')).toHaveLength(0)
  expect(fake.requestsTo('PUT /api/3/people/103')).toHaveLength(0)
}

describe('a hung grant after written revocations', () => {
  it('under timeout-seconds 15: the writes stop at the 5 s reserve, the sync goes out, the rest is not attempted', async () => {
    const run = await apply({ 'timeout-seconds': '15', 'request-timeout-seconds': '30' })
    expect(run.code).toBe(1)
    expectRevocationsThenSync(run)
    expect(hungGrant()).toHaveLength(1)
    // The hung PUT was cut off at the reserve (15 s less 5 s from the step's start), then the sync went out.
    expect(syncs()[0].at - run.startedAt).toBeGreaterThan(9000)
    expect(syncs()[0].at - run.startedAt).toBeLessThan(12_000)
    expect(run.endedAt - run.startedAt).toBeLessThan(15_000)
    expect(run.outputs).toMatchObject({ removed: '4', updated: '0', failed: '1', status: '200', initiated: 'true' })
    expect(run.summary.match(/⏸ not attempted/g)).toHaveLength(2)
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/4 of 7 changes applied, 1 failed/)
    expect(errors[0]).toMatch(/2 not attempted: writes stop 5 s before timeout-seconds runs out/)
    expect(errors[0]).toMatch(/DoorFlow accepted the sync that carries what was applied to the doors\.$/)
    expect(run.stdout).not.toMatch(/synced to the doors/)
  }, 30_000)

  it('and the sync never answers: no line says synced, and the step ends within the budget', async () => {
    fake.script('POST /api/3/sync', { hang: true })
    const run = await apply({ 'timeout-seconds': '15', 'request-timeout-seconds': '30' })
    expect(run.code).toBe(1)
    expect(syncs().length).toBeGreaterThanOrEqual(1)
    expect(syncs()[0].at).toBeGreaterThan(Math.max(...revocations().map(r => r.at)))
    // Within the budget by the action's own clock from its process's start (and half a second for
    // a timer that fires late on a loaded machine): the hung sync was cut at timeout-seconds, not
    // at request-timeout-seconds (30).
    expect(timeSpent(run)).toBeLessThan(15_500)
    // And the process ended soon after: the hung socket did not hold it open. Not a second bound
    // on the budget (the teardown and, under npm test, the coverage written at exit take a second
    // or more on a loaded machine), but far under the 30 s the hung request would take.
    expect(run.endedAt - run.startedAt).toBeLessThan(20_000)
    expect(run.outputs).toMatchObject({ initiated: 'false' })
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).not.toMatch(/synced|accepted the sync/)
    expect(errors[0]).toMatch(/may not be on the doors yet/)
    expect(run.lines.filter(l => /synced to the doors|accepted the sync/.test(l))).toEqual([])
  }, 30_000)

  it("under the runner's cancel sequence: the hung write is aborted and the sync arrives before the kill", async () => {
    let sigintAt = 0
    const timers: NodeJS.Timeout[] = []
    const onSpawn = (child: ChildProcess) => {
      const poll = setInterval(() => {
        if (hungGrant().length === 0) return
        clearInterval(poll)
        // GitHub's runner: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that.
        timers.push(
          setTimeout(() => {
            sigintAt = Date.now()
            child.kill('SIGINT')
            timers.push(setTimeout(() => child.kill('SIGTERM'), 7500))
            timers.push(setTimeout(() => child.kill('SIGKILL'), 10_000))
          }, 300)
        )
      }, 20)
      child.on('exit', () => {
        clearInterval(poll)
        for (const t of timers) clearTimeout(t)
      })
    }
    const run = await apply({}, onSpawn)
    expect(sigintAt).toBeGreaterThan(0)
    expectRevocationsThenSync(run)
    // The sync went out inside the held window: before the kill, and the step ended on its own.
    expect(syncs()[0].at - sigintAt).toBeLessThan(10_000)
    expect(run.endedAt - sigintAt).toBeLessThan(10_000)
    expect(run.code).toBe(130)
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^::error::Cancelled \(SIGINT\) while applying the roster\. /)
    expect(errors[0]).toMatch(/DoorFlow accepted a sync that carries what was written to the doors\.$/)
    expect(run.stdout).toContain('Received SIGINT while applying the roster')
    // The summary says each thing once: the apply's section, then the cancel and its sync.
    const summary = rendered(run.summary)
    const count = (text: string) => summary.split(text).length - 1
    expect(count('The roster was applied in part')).toBe(1)
    expect(count('Cancelled while applying the roster')).toBe(1)
    expect(count('DoorFlow accepted a sync that carries what was written to the doors')).toBe(1)
    expect(summary).not.toContain('DoorFlow roster failed')
  }, 30_000)

  it('a cancel while the sync after the apply is in flight: the sync is held and answered, then the step ends 130', async () => {
    fake.people.hangWrite.clear()
    fake.script('POST /api/3/sync', { delayMs: 1500, pass: true })
    const cancel = signalWhen(() => syncs().length > 0, 300, 'SIGINT')
    const run = await apply({}, cancel.onSpawn)
    expect(cancel.sentAt()).toBeGreaterThan(0)
    expect(run.code).toBe(130)
    expect(syncs()).toHaveLength(1)
    expect(run.outputs).toMatchObject({ removed: '4', updated: '3', failed: '0', status: '200', initiated: 'true' })
    expect(errorLines(run)).toEqual([
      '::error::Cancelled (SIGINT) after the roster was applied. DoorFlow accepted the sync that carries what was applied to the doors.'
    ])
    expect(run.stdout).toContain('Received SIGINT while syncing what the roster applied')
  }, 30_000)
})

describe('a cancel between reading DoorFlow and the first write', () => {
  it('no write and no sync: the apply that starts after the signal stops before it writes', async () => {
    // git (asked which files the commit changed, just before the apply) is where the signal lands.
    const bin = mkdtempSync(join(tmpdir(), 'fake-git-'))
    writeFileSync(join(bin, 'git'), '#!/bin/sh\nkill -INT $PPID\nsleep 0.3\nexit 1\n', { mode: 0o755 })
    try {
      const run = await runAction(
        { token: FAKE_TOKEN, 'base-url': fake.url, ...INPUTS },
        { env: { ...ws.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` } }
      )
      expect(run.stdout).toContain('Received SIGINT')
      expect(fake.requests.filter(r => r.method !== 'GET')).toEqual([])
      expect(run.code).toBe(130)
      expect(errorLines(run)).toHaveLength(1)
      expect(errorLines(run)[0]).toMatch(/^::error::Cancelled \(SIGINT\)/)
      expect(errorLines(run)[0]).toContain('Nothing was written, so no sync was sent.')
    } finally {
      rmSync(bin, { recursive: true, force: true })
    }
  }, 30_000)
})
