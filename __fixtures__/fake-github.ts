/**
 * A fake GitHub Actions secrets API on loopback: repository and environment secrets, each
 * scope with a real libsodium key pair. It decrypts every sealed box it receives, so tests
 * read back the plain value a workflow would get. Tokens in `writers` may write; any other
 * token gets 403 on writes, as the default GITHUB_TOKEN does; readers may get a secret (name
 * and dates, 404 when missing) and the public key. Scripted answers refuse or delay writes
 * per route.
 */
import sodium from 'libsodium-wrappers'
import { bearer, FakeServer, type Answer, type RecordedRequest } from './fake-server.js'

export const GITHUB_WRITER_TOKEN = 'ghp_fake_writer_token_0123456789'
export const GITHUB_READONLY_TOKEN = 'ghs_fake_readonly_token_0123456789'
export const REPOSITORY = 'acme/door-config'

/** GitHub's 404 body for a secret it does not have. */
const notFound = (environment: string | undefined) => ({
  message: 'Not Found',
  documentation_url: `https://docs.github.com/rest/actions/secrets#${environment ? 'get-an-environment-secret' : 'get-a-repository-secret'}`,
  status: '404'
})

interface Scope {
  keyId: string
  keyPair: { publicKey: Uint8Array; privateKey: Uint8Array }
  secrets: Map<string, string>
  /** created_at and updated_at of each secret, as "get a secret" reports them. */
  dates: Map<string, { created_at: string; updated_at: string }>
}

export class FakeGitHub extends FakeServer {
  readonly writers = new Set([GITHUB_WRITER_TOKEN])
  readonly readers = new Set([GITHUB_WRITER_TOKEN, GITHUB_READONLY_TOKEN])
  private readonly scopes = new Map<string, Scope>()

  static async start(): Promise<FakeGitHub> {
    await sodium.ready
    const fake = new FakeGitHub()
    await fake.listen()
    return fake
  }

  /** The plain value of a repository secret (or of an environment's, when `environment` is given). */
  secret(name: string, environment?: string): string | undefined {
    return this.scope(environment).secrets.get(name)
  }

  setSecret(name: string, value: string, environment?: string): void {
    this.store(this.scope(environment), name, value)
  }

  private store(scope: Scope, name: string, value: string): void {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
    scope.secrets.set(name, value)
    scope.dates.set(name, { created_at: scope.dates.get(name)?.created_at ?? now, updated_at: now })
  }

  secretNames(environment?: string): string[] {
    return [...this.scope(environment).secrets.keys()]
  }

  private scope(environment = ''): Scope {
    let scope = this.scopes.get(environment)
    if (!scope) {
      scope = {
        keyId: `key-${environment || 'repo'}-${this.scopes.size + 1}`,
        keyPair: sodium.crypto_box_keypair(),
        secrets: new Map(),
        dates: new Map()
      }
      this.scopes.set(environment, scope)
    }
    return scope
  }

  protected answer(request: RecordedRequest, route: string): Answer {
    const match = new RegExp(
      `^(GET|PUT|DELETE) /repos/${REPOSITORY}(?:/environments/([^/]+))?(?:/actions)?/secrets/([^/]+)$`
    ).exec(route)
    const token = bearer(request.headers) ?? ''
    if (!match) return [404, { message: 'Not Found' }]
    if (!this.readers.has(token)) return [401, { message: 'Bad credentials' }]
    const [, method, env, name] = match
    const environment = env ? decodeURIComponent(env) : undefined
    // Repository secrets live under /actions/secrets, environment secrets under /environments/{env}/secrets.
    if (Boolean(environment) === route.includes('/actions/')) return [404, { message: 'Not Found' }]
    const scope = this.scope(environment)
    if (method === 'GET' && name === 'public-key') {
      return [
        200,
        { key_id: scope.keyId, key: sodium.to_base64(scope.keyPair.publicKey, sodium.base64_variants.ORIGINAL) }
      ]
    }
    // "Get a repository secret" / "Get an environment secret": name and dates, never the value; 404 when missing.
    if (method === 'GET') {
      const dates = scope.dates.get(name)
      return dates ? [200, { name, ...dates }] : [404, notFound(environment)]
    }
    if (!this.writers.has(token)) return [403, { message: 'Resource not accessible by integration' }]
    if (method === 'DELETE') {
      scope.dates.delete(name)
      return scope.secrets.delete(name) ? [204, ''] : [404, notFound(environment)]
    }
    if (method !== 'PUT') return [404, { message: 'Not Found' }]
    const body = JSON.parse(request.body || '{}') as { encrypted_value?: string; key_id?: string }
    if (body.key_id !== scope.keyId || !body.encrypted_value)
      return [422, { message: 'Invalid request: key_id or encrypted_value' }]
    let plain: string
    try {
      const sealed = sodium.from_base64(body.encrypted_value, sodium.base64_variants.ORIGINAL)
      plain = sodium.to_string(sodium.crypto_box_seal_open(sealed, scope.keyPair.publicKey, scope.keyPair.privateKey))
    } catch {
      return [422, { message: 'encrypted_value could not be decrypted with key_id' }]
    }
    const existed = scope.secrets.has(name)
    this.store(scope, name, plain)
    return [existed ? 204 : 201, '']
  }
}
