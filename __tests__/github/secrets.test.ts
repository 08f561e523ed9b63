/**
 * SecretsClient (src/github/secrets.ts) on its own against the fake GitHub secrets API on
 * loopback: each GitHub failure explained as GitHub's. The fake decrypts what it is sent, so a
 * test reads back what the next run would get. The sign-in that uses it, end to end through
 * the bundle, is refresh.e2e.test.ts.
 */
import { FakeGitHub, GITHUB_READONLY_TOKEN, GITHUB_WRITER_TOKEN, REPOSITORY } from '../../__fixtures__/fake-github.js'
import { SecretsClient } from '../../src/github/secrets.js'
import { clientContext, fakeEachTest } from '../helpers/each-test.js'

const SECRET = 'DOORFLOW_REFRESH_TOKEN'
const github = fakeEachTest(() => FakeGitHub.start())

describe('SecretsClient: GitHub failures explained as GitHub’s', () => {
  const client = (githubToken = GITHUB_WRITER_TOKEN, environment?: string) =>
    new SecretsClient({ apiUrl: github().url, repository: REPOSITORY, name: SECRET, githubToken, environment })

  it('writes a secret GitHub can decrypt, and deletes it', async () => {
    const secrets = client()
    expect(await secrets.write(clientContext(), 'ANOTHER', 'value-1')).toEqual({ ok: true })
    expect(github().secret('ANOTHER')).toBe('value-1')
    expect(await secrets.exists(clientContext(), 'ANOTHER')).toEqual({ ok: true, exists: true })
    expect(await secrets.remove(clientContext(), 'ANOTHER')).toEqual({ ok: true })
    expect(await secrets.exists(clientContext(), 'ANOTHER')).toEqual({ ok: true, exists: false })
  })

  it('401: github-token is invalid or expired', async () => {
    const result = await client('ghp_not_a_token_0123456789').write(clientContext(), SECRET, 'v')
    expect(result.ok).toBe(false)
    expect(result.message).toContain('github-token')
    expect(result.message).not.toMatch(/DoorFlow/)
  })

  it('403: github-token lacks the Secrets permission', async () => {
    const result = await client(GITHUB_READONLY_TOKEN, 'production').write(clientContext(), SECRET, 'v')
    expect(result.message).toContain('"Secrets" repository permission')
    expect(result.message).toContain('"Environments"')
  })

  it("422: what GitHub said, and GitHub's public key that is not a key", async () => {
    github().script(`PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`, {
      status: 422,
      body: { message: 'Invalid request: key_id' }
    })
    const refused = await client().write(clientContext(), SECRET, 'v')
    expect(refused.message).toContain('Invalid request: key_id')

    github().script(`GET /repos/${REPOSITORY}/actions/secrets/public-key`, {
      status: 200,
      body: { key_id: 'k1', key: 'bm90IGEga2V5' }
    })
    const malformed = await client().write(clientContext(), SECRET, 'v')
    expect(malformed.message).toContain(`GitHub's public key for ${REPOSITORY} is malformed`)
  })

  it('a missing repository: 404 on the secret and on its public key', async () => {
    const secrets = new SecretsClient({
      apiUrl: github().url,
      repository: 'acme/elsewhere',
      name: SECRET,
      githubToken: GITHUB_WRITER_TOKEN,
      environment: undefined
    })
    const found = await secrets.exists(clientContext(), SECRET)
    expect(found.ok).toBe(false)
    expect(found.ok ? '' : found.message).toContain('acme/elsewhere')
    expect((await secrets.remove(clientContext(), 'X')).ok).toBe(false)
  })
})
