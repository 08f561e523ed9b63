/**
 * End to end, sync lifecycle: waiting for completion and coalescing concurrent runs, against
 * the fake DoorFlow's realistic mode (a per-account window, a scripted sync status, channels).
 */
import { FakeDoorFlow, FAKE_TOKEN, SYNC_SCOPE } from '../../__fixtures__/fake-doorflow.js'
import { act as actAgainst, errorLines } from '../helpers/e2e.js'

let fake: FakeDoorFlow
afterEach(async () => {
  await fake.close()
})

const act = (inputs: Record<string, string> = {}) => actAgainst(fake, inputs)
const waiting = { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' }
const accountReads = () => fake.requestsTo('GET /api/3/account')
const syncOks = () => fake.syncsInitiated

describe('wait-for-completion', () => {
  it('stays until DoorFlow reports complete, noticing it within one poll interval', async () => {
    fake = await FakeDoorFlow.start({
      plan: {
        phases: [
          { status: 'pending', ms: 1000 },
          { status: 'syncing', ms: 1500 }
        ],
        outcome: 'complete'
      }
    })
    const run = await act(waiting)
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ status: '200', result: 'ok', initiated: 'true', 'sync-status': 'complete' })
    const completeAt = fake.lastSyncAt! + 2500
    const polls = accountReads()
    const sawComplete = polls[polls.length - 1].at
    expect(sawComplete).toBeGreaterThanOrEqual(completeAt)
    // Polls run 1 s, 1.5 s, 2.25 s … apart: the one after completion comes within that interval
    // (plus a generous allowance for a loaded machine).
    expect(sawComplete - completeAt).toBeLessThanOrEqual(2250 + 1500)
    expect(run.stdout).toMatch(/Sync status: (pending|syncing), elapsed \d+(\.\d)? s; next poll in \d+(\.\d)? s\./)
    expect(run.summary).toContain('complete on the doors')
  })

  it("fails with DoorFlow's description when the sync is failing", async () => {
    fake = await FakeDoorFlow.start({
      plan: { phases: [{ status: 'syncing', ms: 500 }], outcome: 'failing', description: '2 of 5 failed' }
    })
    const run = await act(waiting)
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ status: '200', initiated: 'true', 'sync-status': 'failing' })
    expect(errorLines(run)[0]).toMatch(
      /^::error::Sync failed on the doors: DoorFlow reports 'failing' \(2 of 5 failed\)/
    )
  })

  it('fails with the last status and time waited when still pending at timeout-seconds', async () => {
    fake = await FakeDoorFlow.start({ channels: [{ id: 1, name: 'Back Gate', status: 'offline' }] })
    const run = await act({ ...waiting, 'timeout-seconds': '4' })
    expect(run.code).toBe(1)
    expect(run.outputs['sync-status']).toBe('pending')
    expect(run.endedAt - run.startedAt).toBeGreaterThanOrEqual(2900)
    expect(run.endedAt - run.startedAt).toBeLessThan(9000)
    expect(errorLines(run)[0]).toMatch(
      /still reports 'pending' after waiting \d+(\.\d)? s \(timeout-seconds is 4 s\)\. Offline: Back Gate\. Controllers that are offline stay pending/
    )
    expect(run.summary).toMatch(/<td>Back Gate<\/td><td>offline<\/td><td>pending<\/td><td>never<\/td>/)
  })

  it('lists the doors in the summary when the token may read channels', async () => {
    fake = await FakeDoorFlow.start()
    const run = await act(waiting)
    expect(run.code).toBe(0)
    expect(run.summary).toMatch(
      /^<h3>✅ Doors have the change: DoorFlow reports the sync complete<\/h3>\n<table><tr><th>Door<\/th>/
    )
    expect(run.summary).toMatch(/<td>Front Door<\/td><td>online<\/td><td>ok<\/td><td>\d{4}-\d\d-\d\dT[\d:]+Z<\/td>/)
  })

  it('omits the door table without account.channel.readonly, and still succeeds', async () => {
    fake = await FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: [SYNC_SCOPE] } })
    const run = await act(waiting)
    expect(run.code).toBe(0)
    expect(fake.requestsTo('GET /api/3/channels')).toHaveLength(1)
    expect(run.summary).not.toContain('<th>Door</th>')
    expect(run.stdout).toContain('The job summary lists no doors (GET /api/3/channels: HTTP 403')
  })

  it("never turns green on an earlier sync's status", async () => {
    fake = await FakeDoorFlow.start({
      plan: { phases: [{ status: 'syncing', ms: 1500 }], outcome: 'complete' },
      accountLagReads: 1
    })
    fake.initiateSync(Date.now() - 3_600_000)
    const run = await act(waiting)
    expect(run.code).toBe(0)
    // The read before the sync, the lagging poll, then this sync's own status.
    expect(accountReads().length).toBeGreaterThanOrEqual(3)
    expect(run.stdout).toContain('Sync status: complete (of an earlier sync; this one has not shown yet)')
  })
})

describe('coalescing concurrent runs', () => {
  it('six runs started just after another sync began: all succeed, one sync between them', async () => {
    // Wide enough that every run asks (and reads the account) inside the window on a loaded machine.
    const windowMs = 8000
    fake = await FakeDoorFlow.start({ windowMs })
    fake.initiateSync()
    const began = Date.now()
    const runs = await Promise.all(Array.from({ length: 6 }, () => act({ 'timeout-seconds': '30' })))
    expect(runs.map(r => r.code)).toEqual([0, 0, 0, 0, 0, 0])
    expect(syncOks()).toBe(1)
    expect(Math.max(...runs.map(r => r.endedAt)) - began).toBeLessThan(1.5 * windowMs)
    const initiated = runs.filter(r => r.outputs['initiated'] === 'true')
    const covered = runs.filter(r => r.outputs['result'] === 'covered')
    expect(initiated).toHaveLength(1)
    expect(covered).toHaveLength(5)
    for (const r of covered) {
      expect(r.outputs).toMatchObject({ status: '429', initiated: 'false' })
      expect(r.stdout).toMatch(/after this run read the account, covers this run's changes: no sync of its own needed/)
    }
  })

  it('with coalesce off, every run waits for a window of its own', async () => {
    fake = await FakeDoorFlow.start({ windowMs: 1500 })
    fake.initiateSync()
    const runs = await Promise.all([act({ coalesce: 'false' }), act({ coalesce: 'false' })])
    expect(runs.map(r => r.outputs['initiated'])).toEqual(['true', 'true'])
    expect(syncOks()).toBe(2)
    expect(accountReads()).toHaveLength(0)
  })

  it('a sync that began before the run asked never covers it', async () => {
    fake = await FakeDoorFlow.start({ windowMs: 1500 })
    fake.initiateSync()
    const run = await act()
    expect(run.outputs).toMatchObject({ result: 'ok', initiated: 'true', attempts: '2' })
    expect(accountReads()).toHaveLength(1)
  })

  it('when the account cannot be read, carries on retrying as without coalescing', async () => {
    fake = await FakeDoorFlow.start({ windowMs: 1500 })
    fake.initiateSync()
    fake.script('GET /api/3/account', {
      status: 500,
      body: { error: 'internal_server_error', error_description: 'boom' }
    })
    const run = await act()
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ result: 'ok', initiated: 'true' })
    expect(run.stdout).toContain(
      'Could not check for a sync already covering this run (reading the account: HTTP 500 (internal_server_error: boom)); retrying as usual.'
    )
  })

  it('a covered run that waits for completion waits for the covering sync', async () => {
    // Both runs read the account before the first sync goes out, even on a loaded machine.
    fake = await FakeDoorFlow.start({
      windowMs: 6000,
      plan: { phases: [{ status: 'syncing', ms: 1000 }], outcome: 'complete' }
    })
    fake.initiateSync()
    const runs = await Promise.all([act(waiting), act(waiting)])
    expect(runs.map(r => r.code)).toEqual([0, 0])
    expect(runs.map(r => r.outputs['sync-status'])).toEqual(['complete', 'complete'])
    expect(runs.map(r => r.outputs['result']).sort()).toEqual(['covered', 'ok'])
  })
})
