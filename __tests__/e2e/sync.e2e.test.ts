/**
 * End to end: `node dist/index.js` as the runner starts it, against the fake DoorFlow on
 * loopback. Waits are asserted as lower bounds from the fake's request timestamps, with
 * generous upper bounds.
 */
import { FakeDoorFlow, FAKE_TOKEN, rateLimited } from '../../__fixtures__/fake-doorflow.js'
import { leakedLines, runAction } from '../../__fixtures__/run-action.js'
import { act as actAgainst, errorLines } from '../helpers/e2e.js'

let fake: FakeDoorFlow

beforeEach(async () => {
  fake = await FakeDoorFlow.start()
})
afterEach(async () => {
  await fake.close()
})

const act = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) => actAgainst(fake, inputs, env)
const syncs = () => fake.requestsTo('POST /api/3/sync')
const gap = (i: number) => syncs()[i].at - syncs()[i - 1].at

describe('success', () => {
  it('POSTs once with the bearer token, Accept and User-Agent, and reports ok', async () => {
    const run = await act()
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({ status: '200', result: 'ok', attempts: '1', initiated: 'true', 'sync-status': '' })
    expect(syncs()).toHaveLength(1)
    const { headers } = syncs()[0]
    expect(headers.authorization).toBe(`Bearer ${FAKE_TOKEN}`)
    expect(headers.accept).toBe('application/json')
    expect(headers['user-agent']).toMatch(/^doorflow-sync-action\/\d+\.\d+\.\d+/)
    expect(run.stdout).toContain("DoorFlow accepted the sync (HTTP 200, result 'ok')")
    expect(run.summary).toContain('<td>Endpoint</td><td>' + fake.url + '/api/3/sync</td>')
    expect(run.summary).toContain('sync initiated')
    expect(run.summary).toContain('<td>Signed in with</td><td>access token</td>')
  })

  it('counts a 2xx body that is not JSON as initiated, with an empty result', async () => {
    fake.script('POST /api/3/sync', { status: 200, body: 'Sync queued' })
    const run = await act()
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({ status: '200', result: '', attempts: '1', initiated: 'true', 'sync-status': '' })
  })

  it('runs with only INPUT_TOKEN and INPUT_BASE-URL set (every other input defaulted)', async () => {
    const run = await runAction({ token: FAKE_TOKEN, 'base-url': fake.url })
    expect(run.code).toBe(0)
  })
})

describe('failures that do not retry', () => {
  it('401: fails at once with the description and the one-hour hint', async () => {
    const run = await act({ token: 'expired-token-value' })
    expect(run.code).toBe(1)
    expect(syncs()).toHaveLength(1)
    expect(errorLines(run)).toEqual([
      '::error::Sync failed: DoorFlow refused the token (HTTP 401: invalid_token: The access token is invalid). The access token is invalid or expired (DoorFlow access tokens last one hour): issue a new token and update the secret.'
    ])
    expect(run.outputs).toEqual({ status: '401', result: '', attempts: '1', initiated: 'false', 'sync-status': '' })
  })

  it('403: fails at once naming the account.sync scope', async () => {
    fake.tokens.set(FAKE_TOKEN, ['account.person.readonly'])
    const run = await act()
    expect(run.code).toBe(1)
    expect(syncs()).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(
      /HTTP 403 \(forbidden: The access token lacks the account\.sync scope\)\. The token needs scope account\.sync/
    )
    expect(run.outputs.status).toBe('403')
  })

  it('500: fails at once with DoorFlow description', async () => {
    fake.script('POST /api/3/sync', {
      status: 500,
      body: { error: 'internal_server_error', error_description: 'An unexpected error occurred' }
    })
    const run = await act()
    expect(run.code).toBe(1)
    expect(syncs()).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(/HTTP 500 \(internal_server_error: An unexpected error occurred\)/)
    expect(run.summary).toContain('An unexpected error occurred')
  })

  it('another 4xx (404): fails at once and points at base-url', async () => {
    const run = await act({ 'base-url': `${fake.url}/wrong-prefix` })
    expect(run.code).toBe(1)
    expect(fake.requests).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(/HTTP 404 .*Check base-url/)
  })

  it('redirect: not followed, Location named, no token reaches the other host', async () => {
    const other = await FakeDoorFlow.start({ host: '127.0.0.2' })
    try {
      fake.script('POST /api/3/sync', { status: 307, body: '', headers: { Location: `${other.url}/api/3/sync` } })
      const run = await act()
      expect(run.code).toBe(1)
      expect(other.requests).toHaveLength(0)
      expect(errorLines(run)[0]).toContain(`DoorFlow redirected to ${other.url}/api/3/sync; redirects are not followed`)
      expect(run.outputs.status).toBe('307')
    } finally {
      await other.close()
    }
  })
})

describe('rate limits', () => {
  it('429 with retry_in: waits at least that long, then succeeds', async () => {
    // The wait is 1 s plus up to 100 ms of spread; to the tenth that reads "1 s" or "1.1 s", never "1.0 s".
    fake.script('POST /api/3/sync', rateLimited(1))
    const run = await act()
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({ status: '200', result: 'ok', attempts: '2', initiated: 'true', 'sync-status': '' })
    expect(gap(1)).toBeGreaterThanOrEqual(1000)
    expect(gap(1)).toBeLessThan(3000)
    expect(run.stdout).toMatch(
      /Sync, attempt 1\/5: HTTP 429 \(rate_limited: .*\); DoorFlow asked to wait 1 s \(retry_in\), retrying in 1(?:\.1)? s\./
    )
    // The fake has never synced (last_sync null): said in words, never "began at none".
    expect(run.lines).toContain('DoorFlow has no record of a sync; the first one it records would cover this run.')
    expect(run.stdout).not.toMatch(/\bnone\b/)
  })

  it('429 after an earlier sync: names when that sync began, a later one covering this run', async () => {
    fake.initiateSync()
    fake.script('POST /api/3/sync', rateLimited(1))
    const run = await act()
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /DoorFlow's last sync began at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; a later one would cover this run\./
    )
  })

  it('429 with Retry-After in seconds', async () => {
    fake.script('POST /api/3/sync', {
      status: 429,
      body: { error: 'rate_limited', description: 'slow down' },
      headers: { 'Retry-After': '2' }
    })
    const run = await act()
    expect(run.code).toBe(0)
    expect(gap(1)).toBeGreaterThanOrEqual(2000)
    expect(gap(1)).toBeLessThan(4000)
    expect(run.stdout).toContain('(Retry-After)')
  })

  it('429 with Retry-After as an HTTP-date, measured against the Date header', async () => {
    const base = Math.floor(Date.now() / 1000) * 1000
    fake.script('POST /api/3/sync', {
      status: 429,
      body: { error: 'rate_limited', description: 'slow down' },
      headers: { Date: new Date(base).toUTCString(), 'Retry-After': new Date(base + 2000).toUTCString() }
    })
    const run = await act()
    expect(run.code).toBe(0)
    expect(gap(1)).toBeGreaterThanOrEqual(2000)
    expect(gap(1)).toBeLessThan(4000)
  })

  it('429 with no hint: backs off and retries', async () => {
    fake.script('POST /api/3/sync', { status: 429, body: 'Too Many Requests' })
    const run = await act()
    expect(run.code).toBe(0)
    expect(syncs()).toHaveLength(2)
    expect(gap(1)).toBeLessThan(3000)
    expect(run.stdout).toMatch(/Sync, attempt 1\/5: HTTP 429 \(Too Many Requests\); backing off, retrying in/)
  })

  it('gives up after max-attempts with the last status, attempts and time spent', async () => {
    fake.script('POST /api/3/sync', rateLimited(1), rateLimited(1))
    const run = await act({ 'max-attempts': '2' })
    expect(run.code).toBe(1)
    expect(syncs()).toHaveLength(2)
    expect(run.outputs).toEqual({ status: '429', result: '', attempts: '2', initiated: 'false', 'sync-status': '' })
    expect(errorLines(run)[0]).toMatch(
      /^::error::Sync failed after 2 attempts in \d+(?:\.\d)? s \(max-attempts reached\); last answer: HTTP 429/
    )
  })

  it('fails at once when the wait DoorFlow names would run past timeout-seconds', async () => {
    fake.script('POST /api/3/sync', rateLimited(60))
    const run = await act({ 'timeout-seconds': '10' })
    expect(run.code).toBe(1)
    expect(syncs()).toHaveLength(1)
    expect(run.endedAt - run.startedAt).toBeLessThan(5000)
    expect(errorLines(run)[0]).toMatch(
      /DoorFlow asked to wait 60 s, but only \d+(\.\d)? s of the budget is left after 1 attempt/
    )
    expect(run.outputs.status).toBe('429')
  })
})

describe('transient failures', () => {
  it('connection reset: retries and succeeds', async () => {
    fake.script('POST /api/3/sync', { reset: true })
    const run = await act()
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({ status: '200', result: 'ok', attempts: '2', initiated: 'true', 'sync-status': '' })
    expect(run.stdout).toMatch(/Sync, attempt 1\/5: connection error \(.*\); backing off/)
  })

  it('a hang past request-timeout-seconds is cut off and retried', async () => {
    fake.script('POST /api/3/sync', { hang: true })
    const run = await act({ 'request-timeout-seconds': '1' })
    expect(run.code).toBe(0)
    expect(run.outputs.attempts).toBe('2')
    expect(gap(1)).toBeGreaterThanOrEqual(1000)
    expect(gap(1)).toBeLessThan(4000)
    expect(run.stdout).toMatch(/Sync, attempt 1\/5: request timeout/)
  })

  it('a request is cut to the budget left: a hang ends the step at timeout-seconds', async () => {
    fake.script('POST /api/3/sync', { hang: true })
    const run = await act({ 'timeout-seconds': '2' })
    expect(run.code).toBe(1)
    expect(run.endedAt - run.startedAt).toBeGreaterThanOrEqual(2000)
    expect(run.endedAt - run.startedAt).toBeLessThan(6000)
    expect(run.outputs).toEqual({ status: '', result: '', attempts: '1', initiated: 'false', 'sync-status': '' })
    expect(errorLines(run)[0]).toMatch(/time budget ran out after 1 attempt .*timeout-seconds is 2 s.*request timeout/)
  })

  it('503: retries and succeeds', async () => {
    fake.script('POST /api/3/sync', { status: 503, body: '<html>Service Unavailable</html>' })
    const run = await act()
    expect(run.code).toBe(0)
    expect(run.outputs.attempts).toBe('2')
    expect(run.stdout).toContain('Sync, attempt 1/5: HTTP 503 (Service Unavailable); backing off')
  })

  it('connection refused until attempts run out: outputs set, status empty', async () => {
    const url = fake.url
    await fake.close()
    const run = await runAction({ token: FAKE_TOKEN, 'base-url': url, 'max-attempts': '2' })
    fake = await FakeDoorFlow.start()
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({ status: '', result: '', attempts: '2', initiated: 'false', 'sync-status': '' })
    expect(errorLines(run)[0]).toMatch(/after 2 attempts .*connection error \(.*ECONNREFUSED/)
  })
})

describe('bad input: one line naming the input, no request sent', () => {
  it.each([
    ['empty token', { token: '' }, /^::error::Input 'token' is empty: .*forks receive no secrets/],
    [
      'token with an inner newline',
      { token: `${FAKE_TOKEN}\nsecond-line` },
      /^::error::Input 'token' contains whitespace/
    ],
    ['token with a control character', { token: `${FAKE_TOKEN}\u0001` }, /^::error::Input 'token' contains whitespace/],
    ['max-attempts not a number', { 'max-attempts': 'five' }, /^::error::Input 'max-attempts' must be a whole number/],
    ['max-attempts zero', { 'max-attempts': '0' }, /^::error::Input 'max-attempts' must be a whole number/],
    [
      'timeout-seconds negative',
      { 'timeout-seconds': '-5' },
      /^::error::Input 'timeout-seconds' must be a whole number/
    ],
    [
      'request-timeout-seconds fractional',
      { 'request-timeout-seconds': '0.5' },
      /^::error::Input 'request-timeout-seconds' must be/
    ],
    ['base-url not a URL', { 'base-url': 'not a url' }, /^::error::Input 'base-url' is not a URL/],
    [
      'base-url plain http to another host',
      { 'base-url': 'http://api.doorflow.com' },
      /^::error::Input 'base-url' uses plain http:\/\/ .*clear text/
    ]
  ])('%s', async (_name, inputs, pattern) => {
    const run = await act(inputs)
    expect(run.code).toBe(1)
    expect(fake.requests).toHaveLength(0)
    const errors = errorLines(run)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(pattern)
    expect(run.outputs).toEqual({ status: '', result: '', attempts: '0', initiated: 'false', 'sync-status': '' })
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('credentials', () => {
  it('masks the token first and never prints it, debug mode included', async () => {
    fake.script('POST /api/3/sync', rateLimited(1), { status: 500, body: { error: 'x', error_description: 'y' } })
    const run = await act({}, { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' })
    expect(run.lines[0]).toBe(`::add-mask::${FAKE_TOKEN}`)
    expect(run.lines.some(l => l.startsWith('::debug::'))).toBe(true)
    expect(run.lines.filter(l => l.includes(FAKE_TOKEN))).toEqual([`::add-mask::${FAKE_TOKEN}`])
  })

  it('masks each line of a multi-line secret before rejecting it', async () => {
    const run = await act({ token: 'first-half-of-secret\nsecond-half-of-secret' })
    expect(run.lines).toEqual(
      expect.arrayContaining(['::add-mask::first-half-of-secret', '::add-mask::second-half-of-secret'])
    )
    expect(leakedLines(run, ['first-half-of-secret', 'second-half-of-secret'])).toEqual([])
  })
})
