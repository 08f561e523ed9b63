/**
 * Refresh-token sign-in in-process: run() against the fake DoorFlow and the fake GitHub
 * secrets API on loopback, and SecretsClient on its own against GitHub's failures, so that
 * coverage sees sign-in.ts and github-secrets.ts. The fake GitHub decrypts what it is sent,
 * so each test reads back what the next run would get.
 */
import {
  FakeDoorFlow,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  CHANNELS_SCOPE,
  SYNC_SCOPE
} from '../__fixtures__/fake-doorflow.js'
import { FakeGitHub, GITHUB_READONLY_TOKEN, GITHUB_WRITER_TOKEN, REPOSITORY } from '../__fixtures__/fake-github.js'
import { leakedLines } from '../__fixtures__/run-action.js'
import { SecretsClient } from '../src/github/secrets.js'
import type { Context } from '../src/net/retry.js'
import { fastClock, removeRunFiles, runInProcess, type InProcessOptions } from './helpers/in-process.js'

const SECRET = 'DOORFLOW_REFRESH_TOKEN'
let doorflow: FakeDoorFlow
let github: FakeGitHub

beforeEach(async () => {
  doorflow = await FakeDoorFlow.start()
  github = await FakeGitHub.start()
})
afterEach(async () => {
  await doorflow.close()
  await github.close()
})
afterAll(removeRunFiles)

/** A run in refresh-token mode that stores the rotated token in the repository secret it read. */
async function act(inputs: Record<string, string> = {}, options: InProcessOptions = {}) {
  const run = await runInProcess(
    {
      'base-url': doorflow.url,
      'client-id': FAKE_CLIENT_ID,
      'client-secret': FAKE_CLIENT_SECRET,
      'refresh-token': github.secret(SECRET) ?? 'dfr_none',
      'refresh-token-secret': SECRET,
      'github-token': GITHUB_WRITER_TOKEN,
      ...inputs
    },
    { ...options, env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY, ...options.env } }
  )
  const secrets = [FAKE_CLIENT_SECRET, GITHUB_WRITER_TOKEN, GITHUB_READONLY_TOKEN, ...doorflow.issued]
  expect(leakedLines(run, secrets)).toEqual([])
  return run
}

const errors = (run: { lines: string[] }) => run.lines.filter(l => l.startsWith('::error::'))
const tokenCalls = () => doorflow.requestsTo('POST /oauth/token')
const syncs = () => doorflow.requestsTo('POST /api/3/sync')

describe('refresh-token mode, in-process', () => {
  it('checks the secret, rotates, stores the new refresh token, then syncs with the new access token', async () => {
    const first = doorflow.issueRefreshToken()
    github.setSecret(SECRET, first)
    const run = await act()
    expect(errors(run)).toEqual([])
    expect(run.exitCode).toBeUndefined()
    const stored = github.secret(SECRET)!
    expect(stored).not.toBe(first)
    expect(doorflow.refreshTokens.has(stored)).toBe(true)
    expect(run.outputs['refresh-token']).toBe(stored)
    expect(run.lines).toContain(`::add-mask::${stored}`)
    expect(github.secretNames()).toEqual([SECRET]) // the probe secret is gone again
    expect(syncs()).toHaveLength(1)
    expect(run.summary).toContain('rotated; stored in the repository secret DOORFLOW_REFRESH_TOKEN')
  })

  it('stores into an environment secret', async () => {
    github.setSecret(SECRET, doorflow.issueRefreshToken(), 'production')
    const run = await act({
      'refresh-token': github.secret(SECRET, 'production')!,
      'refresh-token-secret-environment': 'production'
    })
    expect(errors(run)).toEqual([])
    expect(run.outputs['refresh-token']).toBe(github.secret(SECRET, 'production'))
    expect(github.secretNames()).toEqual([])
  })

  it('leaves the rotated token only in the output when asked to', async () => {
    const run = await act({
      'refresh-token': doorflow.issueRefreshToken(),
      'refresh-token-secret': '',
      'github-token': '',
      'refresh-token-output-only': 'true'
    })
    expect(errors(run)).toEqual([])
    expect(doorflow.refreshTokens.has(run.outputs['refresh-token'])).toBe(true)
    expect(github.requests).toHaveLength(0)
  })

  it('writes nothing when DoorFlow does not rotate', async () => {
    doorflow.rotate = false
    const token = doorflow.issueRefreshToken()
    github.setSecret(SECRET, token)
    const run = await act()
    expect(errors(run)).toEqual([])
    expect(github.secret(SECRET)).toBe(token)
    expect(run.outputs['refresh-token']).toBe(token)
    expect(github.requestsTo(`PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`)).toHaveLength(0)
  })

  it('a spent refresh token: says what to do, syncs nothing', async () => {
    github.setSecret(SECRET, 'dfr_spent_already_0123456789')
    const run = await act()
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain('already used or revoked')
    expect(syncs()).toHaveLength(0)
  })

  it('a wrong client secret: names client-id and client-secret', async () => {
    github.setSecret(SECRET, doorflow.issueRefreshToken())
    const run = await act({ 'client-secret': 'wrong-client-secret-0123' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain('check client-id and client-secret')
  })

  it('github-token that may only read: fails before refreshing, so the stored token stays valid', async () => {
    const token = doorflow.issueRefreshToken()
    github.setSecret(SECRET, token)
    const run = await act({ 'github-token': GITHUB_READONLY_TOKEN })
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain('Secrets')
    expect(tokenCalls()).toHaveLength(0)
    expect(doorflow.refreshTokens.has(token)).toBe(true)
  })

  it('a secret that does not exist: fails before refreshing and names it', async () => {
    const run = await act({ 'refresh-token': doorflow.issueRefreshToken(), 'refresh-token-secret': 'NO_SUCH_SECRET' })
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain('NO_SUCH_SECRET does not exist')
    expect(tokenCalls()).toHaveLength(0)
  })

  it('a refreshed token without account.sync: stores the rotation, then fails naming the scope', async () => {
    github.setSecret(SECRET, doorflow.issueRefreshToken([CHANNELS_SCOPE]))
    const run = await act()
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain('lacks scope account.sync')
    expect(doorflow.refreshTokens.has(github.secret(SECRET)!)).toBe(true)
    expect(syncs()).toHaveLength(0)
  })

  it('storing the rotated token fails: the output keeps it and the message says how to recover', async () => {
    github.setSecret(SECRET, doorflow.issueRefreshToken([SYNC_SCOPE]))
    const put = `PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`
    for (let i = 0; i < 4; i++) github.script(put, { status: 502, body: { message: 'Bad gateway' } })
    const run = await act()
    expect(run.exitCode).toBe(1)
    expect(errors(run)[0]).toContain('storing it failed')
    expect(doorflow.refreshTokens.has(run.outputs['refresh-token'])).toBe(true)
    expect(syncs()).toHaveLength(0)
  })

  it('a cancel during the write is held until the rotated token is stored, then ends the step as cancelled', async () => {
    github.setSecret(SECRET, doorflow.issueRefreshToken())
    github.script(`PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`, { delayMs: 400, pass: true })
    const run = await act(
      {},
      {
        during: signals => {
          const waitForWrite = setInterval(() => {
            if (github.requestsTo(`PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`).length) {
              clearInterval(waitForWrite)
              signals.emit('SIGTERM')
            }
          }, 10)
        }
      }
    )
    expect(run.exitCode).toBe(143)
    expect(github.secret(SECRET)).toBe(run.outputs['refresh-token'])
    expect(doorflow.refreshTokens.has(github.secret(SECRET)!)).toBe(true)
    expect(syncs()).toHaveLength(0)
  })
})

describe('SecretsClient: GitHub failures explained as GitHub’s', () => {
  const ctx = (): Context => {
    const clock = fastClock()
    return {
      budget: { maxAttempts: 2, timeoutMs: 30_000, requestTimeoutMs: 5_000, startedAt: clock.now() },
      clock,
      log: () => {}
    }
  }
  const client = (githubToken = GITHUB_WRITER_TOKEN, environment?: string) =>
    new SecretsClient({ apiUrl: github.url, repository: REPOSITORY, name: SECRET, githubToken, environment })

  it('writes a secret GitHub can decrypt, and deletes it', async () => {
    const secrets = client()
    expect(await secrets.write(ctx(), 'ANOTHER', 'value-1')).toEqual({ ok: true })
    expect(github.secret('ANOTHER')).toBe('value-1')
    expect(await secrets.exists(ctx(), 'ANOTHER')).toEqual({ ok: true, exists: true })
    expect(await secrets.remove(ctx(), 'ANOTHER')).toEqual({ ok: true })
    expect(await secrets.exists(ctx(), 'ANOTHER')).toEqual({ ok: true, exists: false })
  })

  it('401: github-token is invalid or expired', async () => {
    const result = await client('ghp_not_a_token_0123456789').write(ctx(), SECRET, 'v')
    expect(result.ok).toBe(false)
    expect(result.message).toContain('github-token')
    expect(result.message).not.toMatch(/DoorFlow/)
  })

  it('403: github-token lacks the Secrets permission', async () => {
    const result = await client(GITHUB_READONLY_TOKEN, 'production').write(ctx(), SECRET, 'v')
    expect(result.message).toContain('"Secrets" repository permission')
    expect(result.message).toContain('"Environments"')
  })

  it("422: what GitHub said, and GitHub's public key that is not a key", async () => {
    github.script(`PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`, {
      status: 422,
      body: { message: 'Invalid request: key_id' }
    })
    const refused = await client().write(ctx(), SECRET, 'v')
    expect(refused.message).toContain('Invalid request: key_id')

    github.script(`GET /repos/${REPOSITORY}/actions/secrets/public-key`, {
      status: 200,
      body: { key_id: 'k1', key: 'bm90IGEga2V5' }
    })
    const malformed = await client().write(ctx(), SECRET, 'v')
    expect(malformed.message).toContain(`GitHub's public key for ${REPOSITORY} is malformed`)
  })

  it('a missing repository: 404 on the secret and on its public key', async () => {
    const secrets = new SecretsClient({
      apiUrl: github.url,
      repository: 'acme/elsewhere',
      name: SECRET,
      githubToken: GITHUB_WRITER_TOKEN,
      environment: undefined
    })
    const found = await secrets.exists(ctx(), SECRET)
    expect(found.ok).toBe(false)
    expect(found.ok ? '' : found.message).toContain('acme/elsewhere')
    expect((await secrets.remove(ctx(), 'X')).ok).toBe(false)
  })
})
