/**
 * The action in-process: run() with inputs from INPUT_* variables against the fake DoorFlow
 * on loopback, so that coverage sees main.ts, sign-in.ts and doorflow.ts (the end-to-end
 * suites run the bundle, where nothing is measured). Waits run on a fast clock.
 */
import { FakeDoorFlow, FAKE_TOKEN, CHANNELS_SCOPE, SYNC_SCOPE } from '../__fixtures__/fake-doorflow.js'
import { leakedLines } from '../__fixtures__/run-action.js'
import { fastClock, removeRunFiles, runInProcess, type InProcessRun } from './helpers/in-process.js'
import { rateLimited } from './helpers/e2e.js'

let fake: FakeDoorFlow
afterEach(async () => {
  await fake.close()
})
afterAll(removeRunFiles)

async function act(inputs: Record<string, string> = {}, options: Parameters<typeof runInProcess>[1] = {}) {
  const run = await runInProcess({ token: FAKE_TOKEN, 'base-url': fake.url, ...inputs }, options)
  expect(leakedLines(run, [FAKE_TOKEN])).toEqual([])
  return run
}

const errors = (run: InProcessRun) => run.lines.filter(l => l.startsWith('::error::'))
const syncRequests = () => fake.requestsTo('POST /api/3/sync')

describe('run() in token mode', () => {
  it('syncs once and reports the outcome in outputs and summary', async () => {
    fake = await FakeDoorFlow.start()
    const run = await act()
    expect(run.exitCode).toBeUndefined()
    expect(run.outputs).toMatchObject({ status: '200', result: 'ok', attempts: '1', initiated: 'true' })
    expect(syncRequests()).toHaveLength(1)
    expect(syncRequests()[0].headers.authorization).toBe(`Bearer ${FAKE_TOKEN}`)
    expect(run.lines).toContain(`::add-mask::${FAKE_TOKEN}`)
    expect(run.summary).toContain('200')
  })

  it('waits for completion and lists the doors', async () => {
    fake = await FakeDoorFlow.start()
    const run = await act({ 'wait-for-completion': 'true', 'poll-interval-seconds': '1' })
    expect(run.exitCode).toBeUndefined()
    expect(run.outputs).toMatchObject({ status: '200', 'sync-status': 'complete' })
    expect(run.summary).toContain('Front Door')
    expect(run.summary).toContain('Loading Dock')
    expect(fake.requestsTo('GET /api/3/channels')).toHaveLength(1)
  })

  it('keeps polling while the sync runs and fails with the description DoorFlow gives', async () => {
    fake = await FakeDoorFlow.start({
      plan: { phases: [{ status: 'syncing', ms: 300 }], outcome: 'failing', description: '2 of 5 failed' }
    })
    // A tenth of each wait is real, so the fake's 300 ms of syncing pass after a few polls.
    const run = await act({ 'wait-for-completion': 'true', 'poll-interval-seconds': '1' }, { clock: fastClock(0.1) })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['sync-status']).toBe('failing')
    expect(run.lines.some(l => l.startsWith('Sync status: syncing'))).toBe(true)
    expect(errors(run)[0]).toContain('2 of 5 failed')
  })

  it("retries a 429 after DoorFlow's retry_in, on the clock", async () => {
    fake = await FakeDoorFlow.start()
    fake.script('POST /api/3/sync', rateLimited(3))
    const run = await act({ coalesce: 'false' })
    expect(run.exitCode).toBeUndefined()
    expect(run.outputs).toMatchObject({ status: '200', attempts: '2' })
    expect(run.waitedMs).toBeGreaterThanOrEqual(3000)
    expect(syncRequests()).toHaveLength(2)
  })

  it('takes a sync DoorFlow began after this run read the account as covering it', async () => {
    fake = await FakeDoorFlow.start({ windowMs: 60_000 })
    // The account as read before the sync: no sync yet. Then another client's sync opens the window.
    fake.script('GET /api/3/account', {
      status: 200,
      body: { sync: { status: 'complete', last_sync: null, description: null } }
    })
    fake.initiateSync()
    const run = await act({ 'wait-for-completion': 'true', 'poll-interval-seconds': '1' })
    expect(errors(run)).toEqual([])
    expect(run.outputs).toMatchObject({ result: 'covered', initiated: 'false', 'sync-status': 'complete' })
    expect(fake.syncsInitiated).toBe(0)
  })

  it('fails on a 401 with what to do, after one request', async () => {
    fake = await FakeDoorFlow.start({ tokens: {} })
    const run = await act()
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ status: '401', initiated: 'false' })
    expect(errors(run)).toHaveLength(1)
    expect(errors(run)[0]).toMatch(/token/)
    expect(syncRequests()).toHaveLength(1)
  })

  it("fails on a 403 naming the token's scopes", async () => {
    fake = await FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: [CHANNELS_SCOPE] } })
    const run = await act()
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain(`The token's scopes: ${CHANNELS_SCOPE}`)
    expect(fake.requestsTo('GET /oauth/token/info')).toHaveLength(1)
  })

  it('counts a 2xx whose body is not JSON as initiated, with an empty result', async () => {
    fake = await FakeDoorFlow.start()
    fake.script('POST /api/3/sync', { status: 200, body: 'OK' })
    const run = await act()
    expect(run.exitCode).toBeUndefined()
    expect(run.outputs).toMatchObject({ status: '200', result: '', initiated: 'true' })
  })

  it('sends no sync when waiting is asked but the account cannot be read', async () => {
    fake = await FakeDoorFlow.start()
    fake.script('GET /api/3/account', { status: 500, body: { error: 'server_error' } })
    fake.script('GET /api/3/account', { status: 500, body: { error: 'server_error' } })
    const run = await act({ 'wait-for-completion': 'true', 'max-attempts': '2' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toMatch(/^::error::Reading the account failed: HTTP 500/)
    expect(syncRequests()).toHaveLength(0)
  })

  it('omits the door list, and says why, when the token may not read channels', async () => {
    fake = await FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: [SYNC_SCOPE] } })
    const run = await act({ 'wait-for-completion': 'true' })
    expect(run.exitCode).toBeUndefined()
    expect(run.lines.some(l => l.includes('account.channel.readonly'))).toBe(true)
    expect(run.summary).not.toContain('Front Door')
  })

  it('rejects a bad input with one line naming it, before any request', async () => {
    fake = await FakeDoorFlow.start()
    const run = await act({ 'max-attempts': 'many' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)).toHaveLength(1)
    expect(errors(run)[0]).toContain('max-attempts')
    expect(run.outputs).toMatchObject({ status: '', attempts: '0', initiated: 'false' })
    expect(fake.requests).toHaveLength(0)
  })

  it('ends a cancelled run as the signal would, with exit code 130, and says the doors may lack the change', async () => {
    fake = await FakeDoorFlow.start()
    fake.script('POST /api/3/sync', { hang: true })
    const run = await act({}, { during: signals => setTimeout(() => signals.emit('SIGINT'), 200) })
    expect(run.exitCode).toBe(130)
    expect(errors(run)[0]).toMatch(/^::error::Cancelled \(SIGINT\)/)
    expect(run.outputs['initiated']).toBe('false')
  })
})
