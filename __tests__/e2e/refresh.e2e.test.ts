/**
 * End to end, refresh-token mode: the fake DoorFlow rotates refresh tokens and the fake GitHub
 * secrets API decrypts what it is sent, so each test reads back what the next run would get.
 */
import {
  FakeDoorFlow,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  FAKE_TOKEN,
  SYNC_SCOPE
} from '../../__fixtures__/fake-doorflow.js'
import { FakeGitHub, GITHUB_READONLY_TOKEN, GITHUB_WRITER_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import { leakedLines, runAction, type ActionRun, type RunOptions } from '../../__fixtures__/run-action.js'
import { errorLines, signalWhen } from '../helpers/e2e.js'
import { fakeEachTest } from '../helpers/each-test.js'

const SECRET = 'DOORFLOW_REFRESH_TOKEN'
const PUT_SECRET = `PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`
const doorflow = fakeEachTest(() => FakeDoorFlow.start())
const github = fakeEachTest(() => FakeGitHub.start())

/** A run in refresh-token mode that reads its refresh token from the fake's stored secret, as a workflow would. */
async function act(inputs: Record<string, string> = {}, options: RunOptions = {}): Promise<ActionRun> {
  const run = await runAction(
    {
      'base-url': doorflow().url,
      'client-id': FAKE_CLIENT_ID,
      'client-secret': FAKE_CLIENT_SECRET,
      'refresh-token': github().secret(SECRET) ?? '',
      'refresh-token-secret': SECRET,
      'github-token': GITHUB_WRITER_TOKEN,
      ...inputs
    },
    { ...options, env: { GITHUB_API_URL: github().url, GITHUB_REPOSITORY: REPOSITORY, ...options.env } }
  )
  const secrets = [FAKE_CLIENT_SECRET, GITHUB_WRITER_TOKEN, GITHUB_READONLY_TOKEN, ...doorflow().issued]
  expect(leakedLines(run, secrets)).toEqual([])
  return run
}

const tokenCalls = () => doorflow().requestsTo('POST /oauth/token')
/** Refresh-token mode with the workflow storing the rotated token itself. */
const OUTPUT_ONLY = { 'refresh-token-secret': '', 'github-token': '', 'refresh-token-output-only': 'true' }
const syncs = () => doorflow().requestsTo('POST /api/3/sync')

describe('rotation that survives the next run', () => {
  it('three runs in a row each rotate, and the stored secret always holds the live refresh token', async () => {
    github().setSecret(SECRET, doorflow().issueRefreshToken())
    for (let i = 1; i <= 3; i++) {
      const before = github().secret(SECRET)!
      const run = await act()
      expect(run.code).toBe(0)
      const stored = github().secret(SECRET)!
      expect(stored).not.toBe(before)
      expect(doorflow().refreshTokens.has(before)).toBe(false)
      expect(doorflow().refreshTokens.has(stored)).toBe(true)
      expect(run.outputs['refresh-token']).toBe(stored)
      expect(run.summary).toContain(
        '<td>Signed in with</td><td>refresh token (rotated; stored in the repository secret DOORFLOW_REFRESH_TOKEN)</td>'
      )
      expect(run.lines).toContain(`::add-mask::${stored}`)
      expect(syncs()).toHaveLength(i)
      expect(syncs()[i - 1].headers.authorization).not.toBe(`Bearer ${FAKE_TOKEN}`)
    }
    // The probe secret is written and deleted before each rotation, never left behind.
    expect(github().secretNames()).toEqual([SECRET])
  })

  it('orders the calls: secret check, probe write, probe delete, token exchange, secret write, scope check, sync', async () => {
    github().setSecret(SECRET, doorflow().issueRefreshToken())
    await act()
    const order = [
      ...github().requests.map(r => ({ at: r.at, what: `github ${r.method} ${r.path.split('/').pop()}` })),
      ...doorflow().requests.map(r => ({ at: r.at, what: `doorflow ${r.method} ${r.path}` }))
    ]
      .sort((a, b) => a.at - b.at)
      .map(r => r.what)
      .filter((w, i, all) => all.indexOf(w) === i)
    expect(order).toEqual([
      `github GET ${SECRET}`,
      'github GET public-key',
      `github PUT ${SECRET}_WRITE_CHECK`,
      `github DELETE ${SECRET}_WRITE_CHECK`,
      'doorflow POST /oauth/token',
      `github PUT ${SECRET}`,
      'doorflow GET /oauth/token/info',
      'doorflow POST /api/3/sync'
    ])
  })

  it('missing write permission fails the step before /oauth/token is called', async () => {
    const live = doorflow().issueRefreshToken()
    github().setSecret(SECRET, live)
    const run = await act({ 'github-token': GITHUB_READONLY_TOKEN })
    expect(run.code).toBe(1)
    expect(tokenCalls()).toHaveLength(0)
    expect(github().secret(SECRET)).toBe(live)
    expect(doorflow().refreshTokens.has(live)).toBe(true)
    expect(errorLines(run)[0]).toMatch(
      /^::error::Cannot store a rotated refresh token: Writing the repository secret DOORFLOW_REFRESH_TOKEN_WRITE_CHECK failed: HTTP 403 .*lacks the "Secrets" repository permission \(read and write\).*the default GITHUB_TOKEN cannot\. Nothing was refreshed, so the stored refresh token is still valid\.$/
    )
  })

  it('a write that still fails after rotation fails loudly, with the new token in the masked output', async () => {
    const old = doorflow().issueRefreshToken()
    github().setSecret(SECRET, old)
    const boom = { status: 500, body: { message: 'Server Error' } }
    github().script(PUT_SECRET, boom, boom, boom, boom)
    const run = await act()
    expect(run.code).toBe(1)
    const fresh = run.outputs['refresh-token']
    expect(doorflow().refreshTokens.has(fresh)).toBe(true)
    expect(github().requestsTo(PUT_SECRET)).toHaveLength(4)
    expect(run.lines).toContain(`::add-mask::${fresh}`)
    expect(syncs()).toHaveLength(0)
    expect(errorLines(run)[0]).toMatch(
      /DoorFlow rotated the refresh token, but storing it failed: .*HTTP 500.* The repository secret DOORFLOW_REFRESH_TOKEN is now stale .*masked refresh-token output.*gh secret set DOORFLOW_REFRESH_TOKEN/
    )
  })

  it('a transient write failure is retried and the rotation is stored', async () => {
    github().setSecret(SECRET, doorflow().issueRefreshToken())
    github().script(PUT_SECRET, { status: 503, body: { message: 'Service Unavailable' } })
    const run = await act()
    expect(run.code).toBe(0)
    expect(github().requestsTo(PUT_SECRET)).toHaveLength(2)
    expect(github().secret(SECRET)).toBe(run.outputs['refresh-token'])
  })

  it('a run that starts with an outdated token never overwrites the newer one stored', async () => {
    const outdated = doorflow().issueRefreshToken()
    doorflow().refreshTokens.delete(outdated) // a concurrent run already rotated it…
    const newer = doorflow().issueRefreshToken()
    github().setSecret(SECRET, newer) // …and stored the newer one
    const run = await act({ 'refresh-token': outdated })
    expect(run.code).toBe(1)
    expect(github().secret(SECRET)).toBe(newer)
    expect(github().requestsTo(PUT_SECRET)).toHaveLength(0)
    expect(errorLines(run)[0]).toMatch(
      /DoorFlow refused the refresh token \(HTTP 400, invalid_grant: .*\): it was already used or revoked, most often by a concurrent run .*concurrency: group/
    )
  })

  it('writes nothing when DoorFlow does not rotate', async () => {
    doorflow().rotate = false
    const live = doorflow().issueRefreshToken()
    github().setSecret(SECRET, live)
    const run = await act()
    expect(run.code).toBe(0)
    expect(github().requestsTo(PUT_SECRET)).toHaveLength(0)
    expect(github().secret(SECRET)).toBe(live)
    expect(run.outputs['refresh-token']).toBe(live)
    expect(run.stdout).toContain('DoorFlow did not rotate the refresh token')
  })

  it('writes nothing when DoorFlow answers with the same refresh token', async () => {
    const live = doorflow().issueRefreshToken()
    github().setSecret(SECRET, live)
    doorflow().script('POST /oauth/token', {
      body: {
        access_token: FAKE_TOKEN,
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: live,
        created_at: 1795600000
      }
    })
    const run = await act()
    expect(run.code).toBe(0)
    expect(github().requestsTo(PUT_SECRET)).toHaveLength(0)
    expect(run.outputs['refresh-token']).toBe(live)
    expect(run.stdout).toContain('DoorFlow did not rotate the refresh token')
  })

  it('writes the environment secret when refresh-token-secret-environment is set', async () => {
    github().setSecret(SECRET, doorflow().issueRefreshToken(), 'production')
    const run = await act({
      'refresh-token': github().secret(SECRET, 'production')!,
      'refresh-token-secret-environment': 'production'
    })
    expect(run.code).toBe(0)
    expect(github().secret(SECRET, 'production')).toBe(run.outputs['refresh-token'])
    expect(github().secret(SECRET)).toBeUndefined()
    expect(github().requestsTo(`PUT /repos/${REPOSITORY}/environments/production/secrets/${SECRET}`)).toHaveLength(1)
  })

  it('SIGTERM during the secret write waits until the write is done', async () => {
    github().setSecret(SECRET, doorflow().issueRefreshToken())
    github().script(PUT_SECRET, { delayMs: 1500, pass: true })
    let signalledAt = 0
    const run = await act(
      {},
      {
        onSpawn: child => {
          const timer = setInterval(() => {
            if (github().requestsTo(PUT_SECRET).length) {
              clearInterval(timer)
              signalledAt = Date.now()
              child.kill('SIGTERM')
            }
          }, 20)
          child.on('exit', () => clearInterval(timer))
        }
      }
    )
    expect(signalledAt).toBeGreaterThan(0)
    expect(run.code).toBe(143)
    expect(run.endedAt - signalledAt).toBeGreaterThanOrEqual(1000)
    expect(github().secret(SECRET)).toBe(run.outputs['refresh-token'])
    expect(doorflow().refreshTokens.has(github().secret(SECRET)!)).toBe(true)
    expect(syncs()).toHaveLength(0)
    expect(run.stdout).toMatch(
      /Received SIGTERM while refreshing the access token and storing the rotated refresh token: holding it until that is done \(the runner stops this step 2\.5 s after SIGTERM/
    )
    expect(errorLines(run)).toEqual([
      `::error::Cancelled (SIGTERM) after signing in: the rotated refresh token was stored in the repository secret ${SECRET}; no sync was sent.`
    ])
  })
})

describe('refresh errors', () => {
  it('a reused refresh token gets its own message', async () => {
    const used = doorflow().issueRefreshToken()
    doorflow().refreshTokens.delete(used)
    const run = await act({ 'refresh-token': used, ...OUTPUT_ONLY })
    expect(run.code).toBe(1)
    expect(errorLines(run)[0]).toMatch(/invalid_grant.*already used or revoked.*re-authorize|Re-authorize/)
  })

  it('a wrong client secret: invalid_client names client-id and client-secret', async () => {
    const run = await act({
      'client-secret': 'wrong-client-secret',
      'refresh-token': doorflow().issueRefreshToken(),
      ...OUTPUT_ONLY
    })
    expect(run.code).toBe(1)
    expect(errorLines(run)[0]).toBe(
      '::error::DoorFlow rejected the OAuth client (HTTP 401, invalid_client: Client authentication failed): check client-id and client-secret.'
    )
  })

  it('a token without account.sync: stored first, then a clear message and no sync', async () => {
    doorflow().grantScopes = ['account.person.readonly', 'account.channel.readonly']
    github().setSecret(SECRET, doorflow().issueRefreshToken())
    const run = await act()
    expect(run.code).toBe(1)
    expect(github().secret(SECRET)).toBe(run.outputs['refresh-token'])
    expect(syncs()).toHaveLength(0)
    expect(errorLines(run)[0]).toBe(
      '::error::The refreshed access token lacks scope account.sync (granted: account.person.readonly, account.channel.readonly), so it cannot sync. Re-authorize with scope "account.person.readonly account.channel.readonly account.sync" (npm run authorize -- --scope): the scopes it has and those it lacks, so that workflows sharing this refresh token keep theirs. Store the new refresh token.'
    )
  })

  it('without refresh-token-secret and without refresh-token-output-only: fails before refreshing', async () => {
    const live = doorflow().issueRefreshToken()
    const run = await act({ 'refresh-token': live, 'refresh-token-secret': '', 'github-token': '' })
    expect(run.code).toBe(1)
    expect(doorflow().requests).toHaveLength(0)
    expect(github().requests).toHaveLength(0)
    expect(doorflow().refreshTokens.has(live)).toBe(true)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Input 'refresh-token-secret' is empty: DoorFlow rotates the refresh token .*set refresh-token-output-only: true and store the refresh-token output in a later step/
      )
    ])
  })

  it('refresh-token-output-only: true rotates, writes no secret, and hands over the new token in the output', async () => {
    const live = doorflow().issueRefreshToken()
    const run = await act({ 'refresh-token': live, ...OUTPUT_ONLY })
    expect(run.code).toBe(0)
    expect(github().requests).toHaveLength(0)
    const fresh = run.outputs['refresh-token']
    expect(fresh).not.toBe(live)
    expect(doorflow().refreshTokens.has(fresh)).toBe(true)
    expect(run.lines).toContain(`::add-mask::${fresh}`)
    expect(run.summary).toContain('refresh token (rotated; the new one is only in the refresh-token output)')
    expect(syncs()).toHaveLength(1)
  })

  it('in token mode, a 403 is explained with the scopes the token has', async () => {
    doorflow().tokens.set(FAKE_TOKEN, ['account.person.readonly'])
    const run = await runAction({ token: FAKE_TOKEN, 'base-url': doorflow().url })
    expect(leakedLines(run, [FAKE_TOKEN])).toEqual([])
    expect(run.code).toBe(1)
    expect(doorflow().requestsTo('GET /oauth/token/info')).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(
      /HTTP 403 .*scope account\.sync.* The token's scopes: account\.person\.readonly\.$/
    )
  })

  it('in token mode, a successful sync never calls /oauth/token/info', async () => {
    doorflow().tokens.set(FAKE_TOKEN, [SYNC_SCOPE])
    const run = await runAction({ token: FAKE_TOKEN, 'base-url': doorflow().url })
    expect(run.code).toBe(0)
    expect(doorflow().requestsTo('GET /oauth/token/info')).toHaveLength(0)
  })
})

describe('choosing a mode', () => {
  it.each([
    [
      'neither mode',
      { 'client-id': '', 'client-secret': '', 'refresh-token': '', 'refresh-token-secret': '', 'github-token': '' },
      /^::error::Input 'token' is empty: .*or client-id, client-secret and refresh-token/
    ],
    [
      'both modes',
      { token: FAKE_TOKEN, 'refresh-token': 'dfr_x' },
      /^::error::Input 'token' and 'client-id' are both set/
    ],
    [
      'a refresh input missing',
      { 'client-secret': '' },
      /^::error::Input 'client-secret' is empty: refresh-token mode needs client-id, client-secret and refresh-token/
    ],
    [
      'refresh-token-secret without github-token',
      { 'github-token': '' },
      /^::error::Input 'github-token' is empty: refresh-token-secret needs a token allowed to write Actions secrets/
    ],
    [
      'a bad secret name',
      { 'refresh-token-secret': 'GITHUB_TOKEN' },
      /^::error::Input 'refresh-token-secret' must be a secret name/
    ]
  ])('%s: a clear error before any request', async (_name, inputs, pattern) => {
    const run = await act({ 'refresh-token': 'dfr_some_refresh_token', ...inputs })
    expect(run.code).toBe(1)
    expect(doorflow().requests).toHaveLength(0)
    expect(github().requests).toHaveLength(0)
    expect(errorLines(run)).toHaveLength(1)
    expect(errorLines(run)[0]).toMatch(pattern)
  })
})

describe('the secret written is the secret read', () => {
  it('a typo in refresh-token-secret fails before any refresh, naming the secret and the repository', async () => {
    const live = doorflow().issueRefreshToken()
    github().setSecret(SECRET, live)
    const run = await act({ 'refresh-token-secret': 'DOORFLOW_REFRESH_TOKN' })
    expect(run.code).toBe(1)
    expect(tokenCalls()).toHaveLength(0)
    // The public key tells a missing secret from a repository github-token cannot see.
    expect(github().requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${REPOSITORY}/actions/secrets/DOORFLOW_REFRESH_TOKN`,
      `GET /repos/${REPOSITORY}/actions/secrets/public-key`
    ])
    expect(github().secretNames()).toEqual([SECRET])
    expect(github().secret(SECRET)).toBe(live)
    expect(doorflow().refreshTokens.has(live)).toBe(true)
    expect(errorLines(run)).toEqual([
      '::error::The repository secret DOORFLOW_REFRESH_TOKN does not exist in acme/door-config (GitHub answered 404). ' +
        'refresh-token-secret must name the secret the workflow reads refresh-token from (refresh-token: ${{ secrets.DOORFLOW_REFRESH_TOKN }}): ' +
        'check its spelling, and set refresh-token-secret-environment if the workflow reads an environment secret. ' +
        'Nothing was refreshed, so the stored refresh token is still valid.'
    ])
  })

  it('an environment that does not hold the secret fails before any refresh, naming the environment', async () => {
    const live = doorflow().issueRefreshToken()
    github().setSecret(SECRET, live) // a repository secret, while the workflow names an environment
    const run = await act({ 'refresh-token-secret-environment': 'production' })
    expect(run.code).toBe(1)
    expect(tokenCalls()).toHaveLength(0)
    expect(github().secretNames('production')).toEqual([])
    expect(errorLines(run)[0]).toMatch(
      /^::error::The secret DOORFLOW_REFRESH_TOKEN of environment production does not exist in acme\/door-config .*check its spelling and refresh-token-secret-environment\. Nothing was refreshed/
    )
  })
})

/**
 * After SIGTERM the runner kills the process 2.5 s later: by then the run's outputs, summary and
 * last line must be out (they are written in that order, the line last; src/main.ts endStep), so
 * the last output is timed against the kill. The process's exit after it (and, under npm test,
 * the V8 coverage it writes then) loses nothing if the kill comes first, and a loaded machine
 * stretches it past the window, so the exit is only held under `waitedMs`: sooner than waiting
 * out the held request would end it.
 */
function expectDoneBeforeTheKill(run: ActionRun, sentAt: number, waitedMs: number): void {
  expect(sentAt).toBeGreaterThan(0)
  expect(run.lastOutputAt - sentAt).toBeLessThan(2500)
  expect(run.endedAt - sentAt).toBeLessThan(waitedMs)
}

describe('a cancel inside the credential window', () => {
  // GitHub's runner: SIGINT, then SIGTERM 7.5 s later, then the kill 2.5 s after that.
  it.each([
    ['SIGTERM', 143, 2500],
    ['SIGINT', 130, 10_000]
  ] as const)(
    '%s 1.2 s into a 3 s token answer: the exchange completes, the rotated token is stored, the step ends cancelled',
    async (signal, code, windowMs) => {
      const old = doorflow().issueRefreshToken()
      github().setSecret(SECRET, old)
      doorflow().script('POST /oauth/token', { delayMs: 3000, pass: true })
      const cancel = signalWhen(() => tokenCalls().length > 0, 1200, signal)
      const run = await act({}, { onSpawn: cancel.onSpawn })
      expect(cancel.sentAt()).toBeGreaterThan(0)
      expect(run.code).toBe(code)
      // Inside the runner's window, but only after DoorFlow's answer (1.8 s after the signal) came.
      expect(run.endedAt - cancel.sentAt()).toBeLessThan(windowMs)
      expect(run.endedAt - cancel.sentAt()).toBeGreaterThanOrEqual(1700)
      const stored = github().secret(SECRET)!
      expect(stored).not.toBe(old)
      expect(doorflow().refreshTokens.has(stored)).toBe(true)
      expect(run.outputs['refresh-token']).toBe(stored)
      expect(syncs()).toHaveLength(0)
      expect(run.outputs).toMatchObject({ status: '', attempts: '0', initiated: 'false' })
      expect(run.summary).toContain('⏹️ cancelled')
      expect(run.summary.split('\n')[0]).toBe(
        `<h3>⏹️ Cancelled (${signal}) after signing in: the rotated refresh token was stored in the repository secret ${SECRET}; no sync was sent</h3>`
      )
      expect(run.stdout).toContain(`Received ${signal} while refreshing the access token`)
      expect(errorLines(run)).toEqual([
        `::error::Cancelled (${signal}) after signing in: the rotated refresh token was stored in the repository secret ${SECRET}; no sync was sent.`
      ])
    }
  )

  it('SIGTERM 0.5 s into an answer that would come too late: the exchange is cut off in time and the log says what that means', async () => {
    const old = doorflow().issueRefreshToken()
    github().setSecret(SECRET, old)
    doorflow().script('POST /oauth/token', { delayMs: 6000, pass: true })
    const cancel = signalWhen(() => tokenCalls().length > 0, 500, 'SIGTERM')
    const run = await act({}, { onSpawn: cancel.onSpawn })
    expect(run.code).toBe(143)
    expectDoneBeforeTheKill(run, cancel.sentAt(), 6000 - 500)
    expect(github().secret(SECRET)).toBe(old)
    expect(github().requestsTo(PUT_SECRET)).toHaveLength(0)
    expect(run.outputs['refresh-token']).toBeUndefined()
    expect(run.summary).toContain('⏹️ cancelled')
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Cancelled \(SIGTERM\) before DoorFlow's answer to the refresh came .*DoorFlow may have rotated the refresh token.*re-authorize \(npm run authorize\)/
      )
    ])
  })

  it('SIGTERM during a write too slow for the window: cut off in time, the new token in the output and the line', async () => {
    const old = doorflow().issueRefreshToken()
    github().setSecret(SECRET, old)
    github().script(PUT_SECRET, { delayMs: 5000, pass: true })
    const cancel = signalWhen(() => github().requestsTo(PUT_SECRET).length > 0, 200, 'SIGTERM')
    const run = await act({}, { onSpawn: cancel.onSpawn })
    expect(run.code).toBe(143)
    expectDoneBeforeTheKill(run, cancel.sentAt(), 5000 - 200)
    const fresh = run.outputs['refresh-token']
    expect(doorflow().refreshTokens.has(fresh)).toBe(true)
    expect(github().requestsTo(PUT_SECRET)).toHaveLength(1)
    expect(syncs()).toHaveLength(0)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Cancelled \(SIGTERM\) after DoorFlow rotated the refresh token, but storing it failed: .*cancelled.* The repository secret DOORFLOW_REFRESH_TOKEN is now stale .*masked refresh-token output.*gh secret set DOORFLOW_REFRESH_TOKEN/
      )
    ])
  })

  it('SIGINT before the refresh (during the secret check) stops at once: nothing refreshed', async () => {
    const live = doorflow().issueRefreshToken()
    github().setSecret(SECRET, live)
    github().script(`GET /repos/${REPOSITORY}/actions/secrets/${SECRET}`, { delayMs: 5000, pass: true })
    const cancel = signalWhen(() => github().requests.length > 0, 200, 'SIGINT')
    const run = await act({}, { onSpawn: cancel.onSpawn })
    expect(run.code).toBe(130)
    expect(run.endedAt - cancel.sentAt()).toBeLessThan(1000)
    expect(tokenCalls()).toHaveLength(0)
    expect(github().secret(SECRET)).toBe(live)
    expect(errorLines(run)).toEqual([
      '::error::Cancelled (SIGINT) before refreshing: nothing was refreshed, so the stored refresh token is still valid.'
    ])
  })
})
