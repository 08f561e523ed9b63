import { jest } from '@jest/globals'
import {
  doorRows,
  emptyReport,
  firstSentence,
  summaryHtml,
  summaryRows,
  syncHeadline,
  writeSummaryOrWarn,
  type Report
} from '../src/report.js'

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

describe('emptyReport', () => {
  it('is a failure with no sync answered, to which the fields given add', () => {
    const report = emptyReport({ elapsedMs: 1500, message: "Input 'max-attempts' must be a whole number." })
    expect(report).toMatchObject({ ok: false, initiated: false })
    // No endpoint, no status, no attempt, no result and no sync status: only what was given shows.
    expect(summaryRows(report)).toEqual([
      ['Outcome', '❌ failed'],
      ['HTTP status', 'no response'],
      ['Attempts', '0'],
      ['Time spent', '1.5 s'],
      ['Message', "Input 'max-attempts' must be a whole number."]
    ])
    expect(emptyReport({ result: 'skipped' })).toMatchObject({ result: 'skipped', attempts: 0, elapsedMs: 0 })
  })
})

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

  it('says when the wait concluded that DoorFlow had nothing to sync', () => {
    const rows = summaryRows({ ...base, syncStatus: 'complete', waitedMs: 32_000, nothingToSync: true })
    expect(rows).toContainEqual([
      'Concluded',
      "nothing to sync: DoorFlow's last_sync did not move within its 30 s sync window"
    ])
    expect(summaryRows({ ...base, syncStatus: 'complete', waitedMs: 2_000 }).map(r => r[0])).not.toContain('Concluded')
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

describe('the summary reads at a glance', () => {
  const doors = [
    { name: 'Front Door', connection: 'online', syncStatus: 'fail', lastCompleted: 'never' },
    { name: 'Loading Dock', connection: 'online', syncStatus: 'fail', lastCompleted: 'never' },
    { name: 'Back Gate', connection: 'offline', syncStatus: 'pending', lastCompleted: 'never' },
    { name: 'Lobby', connection: 'online', syncStatus: 'ok', lastCompleted: '2026-11-25T12:00:00Z' },
    { name: 'Roof', connection: 'online', syncStatus: 'ok', lastCompleted: '2026-11-25T12:00:00Z' }
  ]

  it('opens with the headline, then the doors, then the details folded', () => {
    const html = summaryHtml({ ...base, syncStatus: 'complete', waitedMs: 3000, doors: doors.slice(3) })
    const lines = html.split('\n')
    expect(lines[0]).toBe('<h3>✅ Doors have the change: DoorFlow reports the sync complete</h3>')
    expect(lines[1]).toMatch(/^<table><tr><th>Door<\/th>.*<td>Lobby<\/td>/)
    expect(lines[2]).toBe('<details><summary>DoorFlow sync: details</summary>')
    expect(html).toMatch(/<\/details>\n$/)
  })

  it.each<[string, Partial<Report>, string]>([
    ['accepted, not waiting', {}, '✅ DoorFlow accepted the sync'],
    ['covered', { result: 'covered', initiated: false }, '✅ A sync already under way covers'],
    [
      'failing doors',
      { ok: false, syncStatus: 'failing', doors, message: 'Sync failed on the doors: x.' },
      '❌ 2 of 5 doors failed: Front Door, Loading Dock'
    ],
    [
      'nothing to sync',
      { ok: true, syncStatus: 'complete', nothingToSync: true },
      "✅ Nothing to sync: DoorFlow's last_sync did not move within its 30 s sync window, and it reports complete"
    ],
    [
      'offline doors',
      { ok: false, syncStatus: 'pending', doors: doors.slice(2), message: 'Sync not confirmed.' },
      '❌ Not confirmed: 1 of 3 doors offline: Back Gate'
    ],
    [
      'a refusal',
      {
        ok: false,
        status: 401,
        message:
          'Sync failed: DoorFlow refused the token (HTTP 401: invalid_token: The token. Is bad). The access token is invalid or expired.'
      },
      '❌ Sync failed: DoorFlow refused the token (HTTP 401: invalid_token: The token. Is bad)'
    ],
    [
      'an input error',
      { ok: false, message: "Input 'token' is empty. Workflows from forks…" },
      "❌ Input 'token' is empty"
    ],
    [
      'a cancel, even with a door table',
      {
        ok: false,
        cancelled: true,
        syncStatus: 'failing',
        doors,
        message:
          "Cancelled (SIGINT) after 3.0 s of waiting for the sync to complete: last reported 'syncing'. Run again."
      },
      "⏹️ Cancelled (SIGINT) after 3.0 s of waiting for the sync to complete: last reported 'syncing'"
    ]
  ])('%s', (_name, change, expected) => {
    expect(syncHeadline({ ...base, ...change })).toMatch(new RegExp(`^${expected.replace(/[()]/g, '\\$&')}`))
  })

  it('escapes every cell, so server text adds no markup and cannot break a table', () => {
    const html = summaryHtml({
      ...base,
      ok: false,
      result: '</td></tr></table><img src=x onerror=alert(1)>',
      message: 'Sync failed: HTTP 500 (<h1>Oops</h1> | x).',
      doors: [{ name: 'R&D Lab <Level 2>', connection: 'online', syncStatus: 'fail', lastCompleted: 'never' }]
    })
    expect(html).toContain('<h3>❌ 1 of 1 doors failed: R&amp;D Lab &lt;Level 2&gt;</h3>')
    expect(html).toContain('<td>R&amp;D Lab &lt;Level 2&gt;</td>')
    expect(html).not.toMatch(/<img|<h1|\|/)
    expect(html.match(/<table>/g)).toHaveLength(2)
    expect(html.match(/<\/table>/g)).toHaveLength(2)
  })

  it('firstSentence stops at the first full stop outside parentheses', () => {
    expect(firstSentence('A (b. c). D.')).toBe('A (b. c)')
    expect(firstSentence('No stop at all')).toBe('No stop at all')
    expect(firstSentence('v1.2 is out. Yes.')).toBe('v1.2 is out')
  })
})

describe('writeSummaryOrWarn', () => {
  it('turns a failed summary write into one gated warning and never throws', async () => {
    const lines: string[] = []
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      lines.push(String(chunk))
      return true
    })
    try {
      await writeSummaryOrWarn(Promise.reject(new Error('EACCES \u001b[31m##[error]injected\n::error::x')))
      await writeSummaryOrWarn(Promise.resolve())
    } finally {
      spy.mockRestore()
    }
    const out = lines.join('')
    expect(out.startsWith('::warning::Could not write the job summary: EACCES')).toBe(true)
    expect(out.split('\n').filter(l => l.startsWith('::'))).toHaveLength(1)
    expect(out).not.toContain('##[')
    expect(out).not.toContain('\u001b')
  })
})
