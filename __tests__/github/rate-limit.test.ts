/**
 * GitHub's rate limits as GitHub documents them, decided on an injected clock (no test sleeps):
 *
 * - "Rate limits for the REST API" (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 *   a primary or secondary limit answers 403 or 429; a secondary limit's message says so.
 * - "Best practices for using the REST API" (https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api):
 *   with `retry-after`, wait that many seconds; else with `x-ratelimit-remaining: 0`, wait until
 *   `x-ratelimit-reset` (UTC epoch seconds); else wait at least a minute, longer while it persists.
 *   Requests one at a time, and at least a second between POST, PATCH, PUT and DELETE.
 */
import type { Outcome } from '../../src/net/http.js'
import { withRetries } from '../../src/net/retry.js'
import { classify } from '../../src/net/retry-policy.js'
import { GITHUB_LEAST_WAIT_MS, gitHubRateLimit, WritePacer, WRITE_GAP_MS } from '../../src/github/rate-limit.js'
import { secretOperation } from '../../src/github/operations.js'
import { gitHubRequest, isWrite } from '../../src/github/request.js'
import {
  FakeGitHub,
  GITHUB_WRITER_TOKEN,
  primaryRateLimit,
  secondaryRateLimit
} from '../../__fixtures__/fake-github.js'
import { fakeEachTest } from '../helpers/each-test.js'
import { steppingClock, VirtualClock } from '../helpers/virtual-clock.js'

const NOW = Date.parse('2026-12-07T03:00:00Z')
type Answer = Extract<Outcome, { kind: 'response' }>
const answer = (scripted: { status: number; body: unknown; headers?: Record<string, string> }): Answer => ({
  kind: 'response',
  status: scripted.status,
  headers: Object.fromEntries(Object.entries(scripted.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  body: JSON.stringify(scripted.body)
})
const plain403 = answer({ status: 403, body: { message: 'Resource not accessible by integration' } })

describe("GitHub's rate-limit rule", () => {
  it('waits the seconds retry-after names, on a 403 and on a 429', () => {
    for (const status of [403, 429] as const)
      expect(gitHubRateLimit(answer(secondaryRateLimit({ status, retryAfter: 30 })), NOW)).toEqual({
        hintMs: 30_000,
        hintSource: 'retry-after'
      })
  })

  it('with x-ratelimit-remaining: 0, waits until x-ratelimit-reset, measured on GitHub’s Date header', () => {
    const limited = answer(primaryRateLimit({ resetAt: NOW + 42_000 }))
    expect(gitHubRateLimit(limited, NOW)).toEqual({ hintMs: 42_000, hintSource: 'x-ratelimit-reset' })
    // The runner's clock is 10 min fast; GitHub's Date says what "now" is.
    const dated = { ...limited, headers: { ...limited.headers, date: new Date(NOW).toUTCString() } }
    expect(gitHubRateLimit(dated, NOW + 600_000)).toEqual({ hintMs: 42_000, hintSource: 'x-ratelimit-reset' })
    // A reset already past: no wait.
    expect(gitHubRateLimit(answer(primaryRateLimit({ status: 429, resetAt: NOW - 5_000 })), NOW)?.hintMs).toBe(0)
  })

  it('retry-after wins over x-ratelimit-reset', () => {
    const both = answer(primaryRateLimit({ resetAt: NOW + 600_000 }))
    both.headers['retry-after'] = '5'
    expect(gitHubRateLimit(both, NOW)).toEqual({ hintMs: 5_000, hintSource: 'retry-after' })
  })

  it('a secondary limit that names no wait, or a bare 429: at least one minute', () => {
    const least = { hintMs: undefined, hintSource: undefined, floorMs: GITHUB_LEAST_WAIT_MS }
    expect(gitHubRateLimit(answer(secondaryRateLimit()), NOW)).toEqual(least)
    expect(gitHubRateLimit(answer({ status: 429, body: {} }), NOW)).toEqual(least)
    const noReset = answer({ status: 403, body: {}, headers: { 'x-ratelimit-remaining': '0' } })
    expect(gitHubRateLimit(noReset, NOW)).toEqual(least)
  })

  it('a plain 403 is no rate limit: it stays a refusal', () => {
    expect(gitHubRateLimit(plain403, NOW)).toBeUndefined()
    expect(classify(plain403, NOW, true, gitHubRateLimit).kind).toBe('fatal')
    const quota = answer({ status: 403, body: { message: 'x' }, headers: { 'x-ratelimit-remaining': '4999' } })
    expect(gitHubRateLimit(quota, NOW)).toBeUndefined()
    expect(gitHubRateLimit(answer({ status: 500, body: {}, headers: { 'retry-after': '1' } }), NOW)).toBeUndefined()
  })
})

describe('a GitHub request under its rate limit (withRetries on an injected clock)', () => {
  const operation = secretOperation('Writing the repository secret S', 'acme/door-config')
  const ctx = (clock: ReturnType<typeof steppingClock>, timeoutMs = 200_000) => ({
    budget: { maxAttempts: 4, timeoutMs, requestTimeoutMs: 10_000, startedAt: clock.now() },
    clock,
    log: (l: string) => lines.push(l)
  })
  let lines: string[] = []
  beforeEach(() => (lines = []))
  const ok: Outcome = { kind: 'response', status: 204, headers: {}, body: '' }
  const sequence =
    (...outcomes: Outcome[]) =>
    () =>
      Promise.resolve(outcomes.shift() ?? ok)

  it('a 403 with retry-after: 1 is waited out and retried, not called a permission', async () => {
    const clock = steppingClock({ t: NOW })
    const r = await withRetries(ctx(clock), operation, sequence(answer(secondaryRateLimit({ retryAfter: 1 }))), {
      idempotent: true
    })
    expect(r).toMatchObject({ ok: true, attempts: 2 })
    expect(clock.waits).toEqual([1_000])
    expect(lines[0]).toMatch(/GitHub asked to wait 1 s \(retry-after\), retrying in 1 s\.$/)
    expect(lines.join('\n')).not.toMatch(/permission/i)
  })

  it('no wait named: one minute, then two, as long as the budget holds', async () => {
    const clock = steppingClock({ t: NOW })
    const limited = answer(secondaryRateLimit())
    const r = await withRetries(ctx(clock), operation, sequence(limited, limited))
    expect(r).toMatchObject({ ok: true, attempts: 3 })
    expect(clock.waits).toEqual([60_000, 120_000])
    expect(lines[0]).toContain('GitHub rate-limited the request without naming a wait')
  })

  it('a reset past the budget fails at once, saying GitHub rate-limited it and when it would allow it', async () => {
    const clock = steppingClock({ t: NOW })
    const limited = answer(primaryRateLimit({ resetAt: NOW + 3_600_000 }))
    const r = await withRetries(ctx(clock, 60_000), operation, sequence(limited))
    expect(r.ok).toBe(false)
    expect(clock.waits).toEqual([])
    expect(r.message).toMatch(
      /^Writing the repository secret S failed: GitHub rate-limited the request: HTTP 403 \(API rate limit exceeded for user ID 583231\.\)\. GitHub asked to wait 3600 s, but only 60 s of the budget is left .*run again once the rate-limit window has passed \(at 2026-12-07T04:00:00Z\)\.$/
    )
    expect(r.message).not.toMatch(/permission/i)
  })

  it('a wait too long to be a date is still said, without an instant', async () => {
    const clock = steppingClock({ t: NOW })
    const huge = answer(secondaryRateLimit({ retryAfter: 1 }))
    huge.headers['retry-after'] = '9'.repeat(30)
    const r = await withRetries(ctx(clock), operation, sequence(huge))
    expect(r.message).toMatch(/GitHub rate-limited the request: .*window has passed\.$/)
  })

  it('a plain 403 still fails at once as a missing permission', async () => {
    const clock = steppingClock({ t: NOW })
    const r = await withRetries(ctx(clock), operation, sequence(plain403), { idempotent: true })
    expect(r).toMatchObject({ ok: false, attempts: 1 })
    expect(r.message).toMatch(
      /HTTP 403 \(Resource not accessible by integration\)\. .*lacks the "Secrets" repository permission/
    )
  })

  it('a create that must not run twice is still repeated after a rate limit: GitHub did nothing', async () => {
    const clock = steppingClock({ t: NOW })
    const r = await withRetries(
      ctx(clock),
      operation,
      sequence(answer(secondaryRateLimit({ status: 429, retryAfter: 2 }))),
      {
        mayRepeat: () => false
      }
    )
    expect(r).toMatchObject({ ok: true, attempts: 2 })
  })
})

describe('WritePacer', () => {
  it('sends writes asked for together one at a time, each a second after the last one ended', async () => {
    const clock = new VirtualClock()
    const pacer = new WritePacer(clock)
    const spans: [number, number][] = []
    const waited: number[] = []
    const write = (ms: number) => (w: number) => {
      waited.push(w)
      const start = clock.now()
      return clock.sleep(ms).then(() => spans.push([start, clock.now()]))
    }
    await clock.run(Promise.all([pacer.run(write(300)), pacer.run(write(50)), pacer.run(write(10))]))
    const t0 = spans[0][0]
    expect(spans.map(([a, b]) => [a - t0, b - t0])).toEqual([
      [0, 300],
      [1_300, 1_350],
      [2_350, 2_360]
    ])
    // Each is told the time it waited for its turn, so its own timeout shrinks by as much.
    expect(waited).toEqual([0, 1_300, 2_350])
    expect(WRITE_GAP_MS).toBe(1_000)
  })

  it('a write long after the last one waits for nothing; a failed write still spaces the next', async () => {
    const clock = new VirtualClock()
    const pacer = new WritePacer(clock)
    await clock.run(pacer.run(() => Promise.reject(new Error('boom'))).catch(() => undefined))
    const before = clock.sleeps.length
    await clock.run(pacer.run(() => Promise.resolve()))
    expect(clock.sleeps.slice(before)).toEqual([1_000])
    await clock.run(clock.sleep(5_000))
    const after = clock.sleeps.length
    await clock.run(pacer.run(() => Promise.resolve()))
    expect(clock.sleeps.length).toBe(after)
  })
})

describe('gitHubRequest paces writes on the run clock', () => {
  const github = fakeEachTest(() => FakeGitHub.start())
  const put = (clock: ReturnType<typeof steppingClock>, timeoutMs: number, signal?: AbortSignal) =>
    gitHubRequest({ method: 'PUT', url: `${github().url}/x`, token: GITHUB_WRITER_TOKEN, timeoutMs, clock, signal })

  it('a read is never held; a write whose turn takes its whole timeout ends as a timeout, unsent', async () => {
    const clock = steppingClock({ t: NOW })
    await put(clock, 5_000)
    await gitHubRequest({
      method: 'GET',
      url: `${github().url}/y`,
      token: GITHUB_WRITER_TOKEN,
      timeoutMs: 5_000,
      clock
    })
    expect(clock.waits).toEqual([])
    const late = await put(clock, 500)
    expect(late).toMatchObject({ kind: 'error', reason: 'timeout' })
    expect(clock.waits).toEqual([1_000])
    expect(github().requests.map(r => r.method)).toEqual(['PUT', 'GET'])
  })

  it('a GraphQL query is a read, never held; a mutation waits its turn as a write', async () => {
    const clock = steppingClock({ t: NOW })
    const graphql = (query: string) =>
      gitHubRequest({
        method: 'POST',
        url: `${github().url}/graphql`,
        token: GITHUB_WRITER_TOKEN,
        timeoutMs: 5_000,
        clock,
        json: { query }
      })
    await put(clock, 5_000)
    await graphql('query { viewer { login databaseId } }')
    await graphql('# who\n{ viewer { login } }')
    expect(clock.waits).toEqual([])
    await graphql('mutation { addComment(input: {}) { clientMutationId } }')
    expect(clock.waits).toEqual([1_000])
    expect(github().requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'PUT /x',
      'POST /graphql',
      'POST /graphql',
      'POST /graphql'
    ])
  })

  it('tells a write by its method, and a GraphQL document by what it holds', () => {
    const url = 'https://api.github.com'
    const post = (path: string, json?: unknown) => isWrite({ method: 'POST', url: `${url}${path}`, json })
    expect(isWrite({ method: 'GET', url: `${url}/graphql` })).toBe(false)
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) expect(isWrite({ method, url: `${url}/x` })).toBe(true)
    expect(post('/repos/o/r/issues/1/comments', { query: 'query { a }' })).toBe(true)
    expect(post('/graphql', { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }' })).toBe(false)
    expect(post('/api/graphql', { query: '{ viewer { login } }' })).toBe(false)
    // A mutation, a subscription, two operations one of which writes, or no query at all: a write.
    expect(post('/graphql', { query: 'mutation { a }' })).toBe(true)
    expect(post('/graphql', { query: 'query A { a } mutation B { b }' })).toBe(true)
    expect(post('/graphql', { query: 'subscription { a }' })).toBe(true)
    expect(post('/graphql', {})).toBe(true)
    expect(post('/graphql')).toBe(true)
  })

  it('a write cancelled while it waits its turn is not sent', async () => {
    const clock = steppingClock({ t: NOW })
    await put(clock, 5_000)
    const cancel = new AbortController()
    cancel.abort()
    expect(await put(clock, 500, cancel.signal)).toMatchObject({ kind: 'error', reason: 'cancelled' })
    expect(github().requests).toHaveLength(1)
  })
})
