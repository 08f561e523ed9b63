import type { Outcome } from '../../src/net/http.js'
import {
  backoffMs,
  BACKOFF,
  classify,
  decide,
  httpRateLimit,
  parseRetryAfter,
  type RetryPolicy
} from '../../src/net/retry-policy.js'
import { doorflowRateLimit, parseRetryIn } from '../../src/doorflow/operations.js'

const policy: RetryPolicy = { maxAttempts: 5, timeoutMs: 300_000, ...BACKOFF }
const answer = (status: number, body = '', headers: Record<string, string> = {}): Outcome => ({
  kind: 'response',
  status,
  headers,
  body
})
const NOW = Date.parse('2026-11-25T12:00:00Z')

describe('parseRetryIn', () => {
  it('reads seconds from the JSON body', () => {
    expect(parseRetryIn('{"error":"rate_limited","retry_in":27}')).toBe(27_000)
    expect(parseRetryIn('{"retry_in":0}')).toBe(0)
    expect(parseRetryIn('{"retry_in":"3"}')).toBe(3_000)
    expect(parseRetryIn('{"retry_in":1.5}')).toBe(1_500)
  })
  it('ignores what is not a sane number', () => {
    expect(parseRetryIn('{"retry_in":-4}')).toBeUndefined()
    expect(parseRetryIn('{"retry_in":"soon"}')).toBeUndefined()
    expect(parseRetryIn('{"retry_in":null}')).toBeUndefined()
    expect(parseRetryIn('rate limited')).toBeUndefined()
    expect(parseRetryIn('[1]')).toBeUndefined()
  })
})

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('12', undefined, NOW)).toBe(12_000)
    expect(parseRetryAfter(' 0 ', undefined, NOW)).toBe(0)
  })
  it('reads an HTTP-date against the response Date header, not the local clock', () => {
    const date = 'Wed, 25 Nov 2026 12:00:00 GMT'
    const at = 'Wed, 25 Nov 2026 12:00:07 GMT'
    expect(parseRetryAfter(at, date, NOW + 60_000)).toBe(7_000)
  })
  it('falls back to the local clock without a Date header', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:07 GMT', undefined, NOW)).toBe(7_000)
  })
  it('treats a date in the past as no wait, and junk as no hint', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', undefined, NOW)).toBe(0)
    expect(parseRetryAfter('-5', undefined, NOW)).toBeUndefined()
    expect(parseRetryAfter('1.5', undefined, NOW)).toBeUndefined()
    expect(parseRetryAfter('later', undefined, NOW)).toBeUndefined()
    expect(parseRetryAfter(undefined, undefined, NOW)).toBeUndefined()
  })
})

type Answer = Extract<Outcome, { kind: 'response' }>
const response = (status: number, body = '', headers: Record<string, string> = {}) =>
  answer(status, body, headers) as Answer

describe("DoorFlow's rate-limit rule (doorflow/operations.ts)", () => {
  it('prefers retry_in in the body over Retry-After', () => {
    expect(doorflowRateLimit(response(429, '{"retry_in":2}', { 'retry-after': '9' }), NOW)).toEqual({
      hintMs: 2_000,
      hintSource: 'retry_in'
    })
    expect(doorflowRateLimit(response(429, '{}', { 'retry-after': '9' }), NOW)).toEqual({
      hintMs: 9_000,
      hintSource: 'Retry-After'
    })
    expect(doorflowRateLimit(response(429, '{}'), NOW)).toEqual({ hintMs: undefined, hintSource: undefined })
  })
  it('is a 429 only: a 403 with a retry_in is no rate limit of DoorFlow', () => {
    expect(doorflowRateLimit(response(403, '{"retry_in":2}'), NOW)).toBeUndefined()
  })
})

describe("HTTP's rule, for a service without its own (net/)", () => {
  it('a 429 with its Retry-After; nothing else', () => {
    expect(httpRateLimit(response(429, '{"retry_in":2}', { 'retry-after': '9' }), NOW)).toEqual({
      hintMs: 9_000,
      hintSource: 'Retry-After'
    })
    expect(httpRateLimit(response(403, '', { 'retry-after': '9' }), NOW)).toBeUndefined()
  })
  it('classify asks the rule it is given before its own statuses', () => {
    const everything = () => ({ hintMs: 5, hintSource: 'test' })
    expect(classify(answer(403), NOW, false, everything)).toEqual({
      kind: 'rate-limited',
      hintMs: 5,
      hintSource: 'test'
    })
    expect(classify(answer(200), NOW, false, everything).kind).toBe('success')
  })
})

describe('classify', () => {
  it.each([
    [200, 'success'],
    [204, 'success'],
    [301, 'redirect'],
    [307, 'redirect'],
    [400, 'fatal'],
    [401, 'fatal'],
    [403, 'fatal'],
    [404, 'fatal'],
    [408, 'transient'],
    [429, 'rate-limited'],
    [500, 'fatal'],
    [501, 'fatal'],
    [502, 'transient'],
    [503, 'transient'],
    [504, 'transient']
  ])('HTTP %i is %s', (status, kind) => {
    expect(classify(answer(status), NOW).kind).toBe(kind)
  })
  it('treats every 5xx as transient for an idempotent request, and 4xx still as fatal', () => {
    expect(classify(answer(500), NOW, true).kind).toBe('transient')
    expect(classify(answer(501), NOW, true).kind).toBe('transient')
    expect(classify(answer(403), NOW, true).kind).toBe('fatal')
  })
  it('treats connection errors and timeouts as transient, TLS failures as fatal', () => {
    expect(classify({ kind: 'error', reason: 'connection', detail: 'ECONNRESET' }, NOW).kind).toBe('transient')
    expect(classify({ kind: 'error', reason: 'timeout', detail: '' }, NOW).kind).toBe('transient')
    expect(classify({ kind: 'error', reason: 'tls', detail: '' }, NOW).kind).toBe('fatal')
  })
  it('names the Location of a redirect', () => {
    expect(classify(answer(302, '', { location: 'https://elsewhere.example/' }), NOW)).toEqual({
      kind: 'redirect',
      location: 'https://elsewhere.example/'
    })
  })
})

describe('backoffMs', () => {
  it('stays below base·2^(retry-1), capped at 30 s', () => {
    const top = () => 0.999999
    expect(backoffMs(1, policy, top)).toBe(999)
    expect(backoffMs(2, policy, top)).toBe(1_999)
    expect(backoffMs(3, policy, top)).toBe(3_999)
    expect(backoffMs(6, policy, top)).toBe(29_999)
    expect(backoffMs(20, policy, top)).toBe(29_999)
    expect(backoffMs(4, policy, () => 0)).toBe(0)
  })
})

describe('decide', () => {
  const limited = (hintMs?: number) =>
    ({ kind: 'rate-limited', hintMs, hintSource: hintMs === undefined ? undefined : 'retry_in' }) as const

  it('waits exactly the named time plus at most 100 ms', () => {
    expect(decide(limited(30_000), 1, 0, policy, () => 0)).toEqual({ action: 'retry', delayMs: 30_000 })
    expect(decide(limited(30_000), 1, 0, policy, () => 0.999999)).toEqual({ action: 'retry', delayMs: 30_100 })
  })
  it('backs off when a 429 names no wait', () => {
    expect(decide(limited(undefined), 3, 0, policy, () => 0.5)).toEqual({ action: 'retry', delayMs: 2_000 })
  })
  it('backs off on transient failures', () => {
    expect(decide({ kind: 'transient' }, 2, 0, policy, () => 0.5)).toEqual({ action: 'retry', delayMs: 1_000 })
  })
  it('stops on success and fatal answers', () => {
    expect(decide({ kind: 'success' }, 1, 0, policy, () => 0)).toEqual({ action: 'stop' })
    expect(decide({ kind: 'fatal' }, 1, 0, policy, () => 0)).toEqual({ action: 'stop' })
    expect(decide({ kind: 'redirect', location: 'x' }, 1, 0, policy, () => 0)).toEqual({ action: 'stop' })
  })
  it('gives up after max-attempts', () => {
    expect(decide(limited(1_000), 5, 0, policy, () => 0)).toEqual({ action: 'give-up', why: 'attempts' })
  })
  it('gives up at once when the named wait would end past the budget', () => {
    expect(decide(limited(60_000), 1, 250_000, policy, () => 0)).toEqual({
      action: 'give-up',
      why: 'wait-beyond-budget',
      delayMs: 60_000
    })
  })
  it('gives up when the budget is spent', () => {
    expect(decide({ kind: 'transient' }, 1, 300_000, policy, () => 0)).toEqual({ action: 'give-up', why: 'budget' })
  })
})
