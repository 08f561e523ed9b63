import type { Outcome } from '../src/http.js'
import { describeOutcome, doorflowSays, failureMessage, SYNC } from '../src/messages.js'
import { classify } from '../src/retry.js'

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): Outcome => ({
  kind: 'response',
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body)
})

function fatal(outcome: Outcome): string {
  return failureMessage({
    operation: SYNC,
    outcome,
    verdict: classify(outcome, 0),
    decision: { action: 'stop' },
    attempts: 1,
    elapsedMs: 120,
    timeoutMs: 300_000
  })
}

describe('doorflowSays', () => {
  it('joins the error code and its description', () => {
    expect(doorflowSays('{"error":"forbidden","error_description":"Not allowed"}')).toBe('forbidden: Not allowed')
    expect(doorflowSays('{"error":"rate_limited","description":"Slow down","retry_in":3}')).toBe(
      'rate_limited: Slow down'
    )
    expect(doorflowSays('{"error":"boom"}')).toBe('boom')
  })
  it('keeps a plain body on one line and short', () => {
    expect(doorflowSays('<html>\n<body>Bad gateway</body>\n</html>')).toBe('<html> <body>Bad gateway</body> </html>')
    expect(doorflowSays('x'.repeat(500))).toHaveLength(201)
  })
})

describe('failureMessage', () => {
  it('401: says the token is invalid or expired and that tokens last one hour', () => {
    const m = fatal(answer(401, { error: 'invalid_token', error_description: 'The access token expired' }))
    expect(m).toBe(
      'Sync failed: HTTP 401 (invalid_token: The access token expired). The access token is invalid or expired (DoorFlow access tokens last one hour): issue a new token and update the secret.'
    )
  })
  it('403: names the account.sync scope', () => {
    expect(fatal(answer(403, { error: 'forbidden', error_description: 'no' }))).toMatch(
      /HTTP 403 \(forbidden: no\).*scope account\.sync/
    )
  })
  it('500: status and description, and what to do', () => {
    expect(fatal(answer(500, { error: 'internal_server_error', error_description: 'Oops' }))).toMatch(
      /^Sync failed: HTTP 500 \(internal_server_error: Oops\)\. DoorFlow had an internal error: run again later/
    )
  })
  it('3xx: names the Location and that it was not followed', () => {
    expect(fatal(answer(301, '', { location: 'https://evil.example/api/3/sync' }))).toMatch(
      /HTTP 301\. DoorFlow redirected to https:\/\/evil\.example\/api\/3\/sync; redirects are not followed/
    )
  })
  it('stays on one line', () => {
    expect(fatal(answer(500, 'line one\nline two'))).not.toContain('\n')
  })
})

describe('describeOutcome', () => {
  it('labels failures without an answer', () => {
    expect(describeOutcome({ kind: 'error', reason: 'timeout', detail: 'no answer within 1 s' })).toBe(
      'request timeout (no answer within 1 s)'
    )
    expect(describeOutcome({ kind: 'error', reason: 'connection', detail: 'ECONNRESET' })).toBe(
      'connection error (ECONNRESET)'
    )
  })
})
