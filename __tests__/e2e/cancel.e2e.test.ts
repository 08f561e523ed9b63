/**
 * End to end, token mode: the runner's cancel (SIGINT, or SIGTERM) during a retry wait, a poll
 * or a request in flight ends the step within a second, with outputs, a summary and one line.
 */
import { FakeDoorFlow, FAKE_TOKEN, rateLimited } from '../../__fixtures__/fake-doorflow.js'
import { leakedLines, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { errorLines, signalWhen } from '../helpers/e2e.js'

let fake: FakeDoorFlow
afterEach(async () => {
  await fake.close()
})

async function cancelled(inputs: Record<string, string>, cancel: ReturnType<typeof signalWhen>): Promise<ActionRun> {
  const run = await runAction({ token: FAKE_TOKEN, 'base-url': fake.url, ...inputs }, { onSpawn: cancel.onSpawn })
  expect(leakedLines(run, [FAKE_TOKEN])).toEqual([])
  expect(cancel.sentAt()).toBeGreaterThan(0)
  expect(run.endedAt - cancel.sentAt()).toBeLessThan(1000)
  expect(run.summary).toContain('⏹️ cancelled')
  expect(run.summary.split('\n')[0]).toMatch(/^<h3>⏹️ Cancelled \((SIGINT|SIGTERM)\) after /)
  return run
}

const syncs = () => fake.requestsTo('POST /api/3/sync')

describe('a cancel in token mode', () => {
  it('SIGTERM during a 429 wait: ends within a second, no second request', async () => {
    fake = await FakeDoorFlow.start()
    fake.script('POST /api/3/sync', rateLimited(20))
    const run = await cancelled(
      {},
      signalWhen(() => syncs().length > 0, 300, 'SIGTERM')
    )
    expect(run.code).toBe(143)
    expect(syncs()).toHaveLength(1)
    expect(run.outputs).toMatchObject({ status: '429', attempts: '1', initiated: 'false', result: '' })
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Cancelled \(SIGTERM\) after 1 sync request in \d+(\.\d)? s, before DoorFlow accepted a sync: the doors may not have the change; run again\.$/
      )
    ])
  })

  it('SIGINT during a request in flight: the request is torn down and the step ends within a second', async () => {
    fake = await FakeDoorFlow.start()
    fake.script('POST /api/3/sync', { hang: true })
    const run = await cancelled(
      {},
      signalWhen(() => syncs().length > 0, 300, 'SIGINT')
    )
    expect(run.code).toBe(130)
    expect(run.outputs).toMatchObject({ status: '', attempts: '1', initiated: 'false' })
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Cancelled \(SIGINT\) after 1 sync request in .*\(the last request was cut off: DoorFlow may have received it\)/
      )
    ])
  })

  it('SIGINT while polling for completion: the last status is in the outputs and the summary', async () => {
    fake = await FakeDoorFlow.start({ plan: { phases: [{ status: 'syncing', ms: 60_000 }], outcome: 'complete' } })
    const accountReads = () => fake.requestsTo('GET /api/3/account')
    const run = await cancelled(
      { 'wait-for-completion': 'true', 'poll-interval-seconds': '1' },
      signalWhen(() => accountReads().length > 1, 300, 'SIGINT') // the read before the sync, then a poll
    )
    expect(run.code).toBe(130)
    expect(run.outputs).toMatchObject({ status: '200', result: 'ok', initiated: 'true', 'sync-status': 'syncing' })
    expect(run.summary).toContain('syncing')
    expect(fake.requestsTo('GET /api/3/channels')).toHaveLength(0)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Cancelled \(SIGINT\) after \d+(\.\d)? s of waiting for the sync to complete: DoorFlow accepted the sync, last reported 'syncing'; the doors may not have it yet\.$/
      )
    ])
  })

  it('SIGTERM before the first poll: says no status was read yet', async () => {
    fake = await FakeDoorFlow.start({ plan: { phases: [{ status: 'syncing', ms: 60_000 }], outcome: 'complete' } })
    const run = await cancelled(
      { 'wait-for-completion': 'true', 'poll-interval-seconds': '5' },
      signalWhen(() => syncs().length > 0, 300, 'SIGTERM')
    )
    expect(run.code).toBe(143)
    expect(run.outputs).toMatchObject({ status: '200', initiated: 'true', 'sync-status': '' })
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Cancelled \(SIGTERM\) after \d+(\.\d)? s of waiting for the sync to complete: DoorFlow accepted the sync, no status read yet; the doors may not have it yet\.$/
      )
    ])
  })
})
