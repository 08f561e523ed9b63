import type { Outcome } from '../../src/net/http.js'
import { describeOutcome, failureMessage, serverSays, type Operation } from '../../src/net/failure-messages.js'
import { doorflowOperation, REFRESH, SYNC } from '../../src/doorflow/operations.js'
import { doorsOmitted } from '../../src/doorflow/doors.js'
import { GITHUB, secretOperation } from '../../src/github/operations.js'
import { classify } from '../../src/net/retry-policy.js'

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): Outcome => ({
  kind: 'response',
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body)
})

function fatal(outcome: Outcome, operation: Operation = SYNC): string {
  return failureMessage({
    operation,
    outcome,
    classification: classify(outcome, 0),
    decision: { action: 'stop' },
    attempts: 1,
    elapsedMs: 120,
    timeoutMs: 300_000
  })
}

describe('serverSays', () => {
  it('joins the error code and its description', () => {
    expect(serverSays('{"error":"forbidden","error_description":"Not allowed"}')).toBe('forbidden: Not allowed')
    expect(serverSays('{"error":"rate_limited","description":"Slow down","retry_in":3}')).toBe(
      'rate_limited: Slow down'
    )
    expect(serverSays('{"error":"boom"}')).toBe('boom')
  })
  it('keeps a plain body on one line and short', () => {
    expect(serverSays('line one\n::error::X')).toBe('line one ::error::X')
    expect(serverSays('x'.repeat(500))).toBe(`${'x'.repeat(200)}… (500 characters)`)
  })
  it('shows an HTML error page as its title or first heading, never markup', () => {
    expect(serverSays('<html>\n<body>Bad gateway</body>\n</html>')).toBe('Bad gateway')
    expect(serverSays("<html><body><h1>We're sorry, but something went wrong.</h1></body></html>")).toBe(
      "We're sorry, but something went wrong."
    )
  })
  it("reads GitHub's message too, and gates every field", () => {
    expect(serverSays('{"message":"Bad credentials","documentation_url":"https://docs"}')).toBe('Bad credentials')
    expect(serverSays('{"error":"slow_down\\n::stop-commands::abc","description":"x\\r\\n::add-mask::y"}')).toBe(
      'slow_down ::stop-commands::abc: x ::add-mask::y'
    )
    expect(serverSays(JSON.stringify({ error: 'e', error_description: 'd'.repeat(5000) }))).toMatch(
      /^e: d{200}… \(5000 characters\)$/
    )
  })
})

describe('failureMessage', () => {
  it('401: says the token is invalid or expired and that tokens last one hour', () => {
    const m = fatal(answer(401, { error: 'invalid_token', error_description: 'The access token expired' }))
    expect(m).toBe(
      'Sync failed: DoorFlow refused the token (HTTP 401: invalid_token: The access token expired). The access token is invalid or expired (DoorFlow access tokens last one hour): issue a new token and update the secret.'
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

describe('a request not repeated because it may have taken effect', () => {
  const unsafe = (operation: Operation) =>
    failureMessage({
      operation,
      outcome: answer(500, { error: 'internal_server_error' }),
      classification: classify(answer(500, {}), 0),
      decision: { action: 'give-up', why: 'unsafe' },
      attempts: 1,
      elapsedMs: 50,
      timeoutMs: 300_000
    })
  it('a refresh warns that a repeat could spend the rotated refresh token', () => {
    expect(unsafe(REFRESH)).toBe(
      'Refreshing the access token failed: HTTP 500 (internal_server_error). Not retried: the request may have reached DoorFlow, and a repeat could spend the refresh token twice. Run again; if DoorFlow then answers invalid_grant, the token was rotated: re-authorize (npm run authorize) and store the new refresh token.'
    )
  })
  it("any other write says it could happen twice, in its own service's name, and nothing of refresh tokens", () => {
    const create = unsafe(doorflowOperation('Creating Ann (EMP-1)', 'needs account.person'))
    expect(create).toMatch(/may have reached DoorFlow, and sending it again could do it twice\. Run again/)
    expect(create).not.toMatch(/refresh|re-authorize/)
    const comment = unsafe({ label: 'Commenting the plan', forbidden: 'x', service: GITHUB })
    expect(comment).toMatch(/may have reached GitHub, and sending it again could do it twice/)
    expect(comment).not.toMatch(/DoorFlow|refresh/)
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
  it('says when a body was over the read cap', () => {
    const big = { ...answer(500, { error: 'boom' }), truncated: true } as Outcome
    expect(describeOutcome(big)).toBe('HTTP 500 (boom) [over 1 MiB: only the first MiB was read]')
    expect(describeOutcome(answer(500, { error: 'boom' }))).toBe('HTTP 500 (boom)')
  })

  it('uses the fix an error carries instead of blaming DoorFlow', () => {
    const proxyDown: Outcome = {
      kind: 'error',
      reason: 'connection',
      code: 'ECONNREFUSED',
      detail: 'cannot reach the proxy in HTTPS_PROXY (proxy:3128): ECONNREFUSED',
      hint: 'Check HTTPS_PROXY.'
    }
    const m = failureMessage({
      operation: SYNC,
      outcome: proxyDown,
      classification: { kind: 'transient' },
      decision: { action: 'give-up', why: 'attempts' },
      attempts: 2,
      elapsedMs: 1000,
      timeoutMs: 60_000
    })
    expect(m).toBe(
      'Sync failed after 2 attempts in 1 s (max-attempts reached); last answer: connection error (cannot reach the proxy in HTTPS_PROXY (proxy:3128): ECONNREFUSED). Check HTTPS_PROXY.'
    )
  })
})

describe('a rate limit that outlasts the retries', () => {
  const limited = (operation: Operation) =>
    failureMessage({
      operation,
      outcome: answer(429, { error: 'rate_limited', retry_in: 1 }),
      classification: { kind: 'rate-limited', hintMs: 1000, hintSource: 'retry_in' },
      decision: { action: 'give-up', why: 'attempts' },
      attempts: 2,
      elapsedMs: 1200,
      timeoutMs: 60_000
    })

  it("speaks of DoorFlow's sync window only for the sync", () => {
    expect(limited(SYNC)).toMatch(/DoorFlow limits syncs per account \(typically one per 30 s\)/)
    const read = limited(doorflowOperation('Reading groups', 'x'))
    expect(read).not.toMatch(/sync/i)
    expect(read).toMatch(/HTTP 429 \(rate_limited\)\. DoorFlow is rate-limiting this account: .*raise max-attempts/)
  })
})

describe("GitHub failures are explained as GitHub's", () => {
  const repo = secretOperation('Writing the repository secret R', 'acme/doors')
  const env = secretOperation('Writing the secret R of environment prod', 'acme/doors', 'prod')
  const noDoorFlow = (m: string) => expect(m).not.toMatch(/DoorFlow|base-url|one hour/)

  it('401: github-token is invalid or expired', () => {
    const m = fatal(answer(401, { message: 'Bad credentials' }), repo)
    expect(m).toMatch(/GitHub refused github-token \(HTTP 401: Bad credentials\)\. github-token is invalid or expired/)
    noDoorFlow(m)
  })
  it('403: the Secrets permission, and Environments for an environment secret', () => {
    const m = fatal(answer(403, { message: 'Resource not accessible by integration' }), repo)
    expect(m).toMatch(/github-token may not write Actions secrets of acme\/doors: it lacks the "Secrets"/)
    expect(m).not.toContain('Environments')
    expect(fatal(answer(403, { message: 'no' }), env)).toMatch(/environment prod of acme\/doors.*"Environments"/)
    noDoorFlow(m)
  })
  it('404: the repository or environment does not exist or the token cannot see it', () => {
    const m = fatal(answer(404, { message: 'Not Found' }), repo)
    expect(m).toMatch(/GitHub has no repository acme\/doors, or github-token cannot see it/)
    expect(fatal(answer(404, { message: 'Not Found' }), env)).toMatch(/no environment prod in acme\/doors/)
    noDoorFlow(m)
  })
  it('422: what GitHub said', () => {
    const m = fatal(answer(422, { message: 'Invalid request: key_id' }), repo)
    expect(m).toMatch(/GitHub rejected the request as unprocessable: Invalid request: key_id\./)
    noDoorFlow(m)
  })
  it('5xx and redirects: GitHub, not DoorFlow', () => {
    noDoorFlow(fatal(answer(500, '<title>Unicorn!</title>'), repo))
    expect(fatal(answer(500, '<title>Unicorn!</title>'), repo)).toMatch(
      /HTTP 500 \(Unicorn!\)\. GitHub had an internal error/
    )
    noDoorFlow(fatal(answer(301, '', { location: 'https://x/y' }), repo))
  })
  it('and DoorFlow failures never give GitHub advice', () => {
    for (const status of [401, 403, 404, 422, 500]) expect(fatal(answer(status, {}))).not.toMatch(/GitHub|github-token/)
  })
})

describe('doorsOmitted', () => {
  const line = (o: Outcome) => doorsOmitted(o)
  it('only a 403 names the missing scope', () => {
    expect(line(answer(403, { error: 'forbidden' }))).toContain('lacks scope account.channel.readonly')
    for (const o of [
      answer(500, { error: 'boom' }),
      answer(401, {}),
      answer(200, 'not a list'),
      { kind: 'error', reason: 'timeout', detail: 'no answer within 5 s' } as Outcome
    ])
      expect(line(o)).not.toContain('account.channel.readonly')
  })
  it('says a 5xx or a timeout for what it is', () => {
    expect(line(answer(503, 'down'))).toMatch(/HTTP 503 \(down\); DoorFlow had an internal error\)\.$/)
    expect(line({ kind: 'error', reason: 'timeout', detail: 'no answer within 5 s' })).toMatch(
      /request timeout \(no answer within 5 s\); DoorFlow did not answer in time\)\.$/
    )
  })
})
