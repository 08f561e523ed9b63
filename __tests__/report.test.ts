import { doorRows, summaryRows, type Report } from '../src/report.js'

const base: Report = {
  ok: true,
  endpoint: 'https://api.doorflow.com/api/3/sync',
  signIn: 'access token',
  status: 200,
  result: 'ok',
  initiated: true,
  attempts: 1,
  syncStatus: '',
  elapsedMs: 1234
}

describe('summaryRows', () => {
  it('reports an initiated sync', () => {
    expect(summaryRows(base)).toEqual([
      ['Endpoint', 'https://api.doorflow.com/api/3/sync'],
      ['Outcome', '✅ sync initiated'],
      ['Signed in with', 'access token'],
      ['HTTP status', '200'],
      ['Attempts', '1'],
      ['Time spent', '1.2 s'],
      ['DoorFlow result', 'ok']
    ])
  })

  it('reports a covered run that waited until complete', () => {
    const rows = summaryRows({
      ...base,
      status: 429,
      result: 'covered',
      initiated: false,
      attempts: 2,
      syncStatus: 'complete',
      waitedMs: 9000
    })
    expect(rows).toContainEqual(['Outcome', '✅ covered by a sync already under way, complete on the doors'])
    expect(rows).toContainEqual(['Sync status', 'complete'])
    expect(rows).toContainEqual(['Waited for completion', '9 s'])
  })

  it('reports a failure with no response, the sync description and the message', () => {
    const rows = summaryRows({
      ...base,
      ok: false,
      status: undefined,
      result: '',
      syncStatus: 'failing',
      syncDescription: '2 of 5 failed',
      message: 'Sync failed on the doors'
    })
    expect(rows).toContainEqual(['Outcome', '❌ failed'])
    expect(rows).toContainEqual(['HTTP status', 'no response'])
    expect(rows).toContainEqual(['Sync status', 'failing (2 of 5 failed)'])
    expect(rows).toContainEqual(['Message', 'Sync failed on the doors'])
    expect(rows.map(([k]) => k)).not.toContain('DoorFlow result')
  })
})

it('doorRows lists name, connection, sync status and last completion', () => {
  expect(
    doorRows([{ name: 'Front Door', connection: 'online', syncStatus: 'ok', lastCompleted: '2026-11-25T12:00:00Z' }])
  ).toEqual([['Front Door', 'online', 'ok', '2026-11-25T12:00:00Z']])
})
