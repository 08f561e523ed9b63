import { type Context } from '../net/context.js'
import { withRetries } from '../net/retry.js'
import type { Outcome } from '../net/http.js'
import { gitHubRequest } from './request.js'
import { secretOperation } from './operations.js'
import { parseJsonObject } from '../net/json.js'
import { untrusted } from '../untrusted.js'
import type { SecretStore } from '../credentials.js'

export interface WriteResult {
  ok: boolean
  message?: string
}

/** Whether a secret exists (GitHub's "get a secret" answers 404 for a missing one); not ok when GitHub would not say. */
export type ExistsResult = { ok: true; exists: boolean } | { ok: false; message: string }

/** GitHub's Actions secrets API for one repository, or one of its environments. */
export class SecretsClient {
  private key: { id: string; key: string } | undefined

  constructor(readonly store: SecretStore) {}

  /** The operation "`verb` the repository secret NAME" (or the environment's), as retries and failures name it. */
  private operation(verb: string, name: string) {
    return secretOperation(`${verb} the ${this.describe(name)}`, this.store.repository, this.store.environment)
  }

  /** "repository secret NAME" or "secret NAME of environment ENV", for messages. */
  describe(name: string): string {
    return this.store.environment
      ? `secret ${name} of environment ${this.store.environment}`
      : `repository secret ${name}`
  }

  /** GET …/secrets/{name}: its name and dates, never its value. */
  async exists(ctx: Context, name: string): Promise<ExistsResult> {
    const operation = this.operation('Checking', name)
    const got = await withRetries(ctx, operation, t => this.call(ctx, 'GET', name, t), { idempotent: true })
    if (got.ok) return { ok: true, exists: true }
    if (got.outcome?.kind !== 'response' || got.outcome.status !== 404)
      return { ok: false, message: got.message ?? `${operation.label} failed.` }
    // A 404 also means an unseen repository or environment: its public key tells the two apart.
    const key = await withRetries(ctx, operation, t => this.call(ctx, 'GET', 'public-key', t), { idempotent: true })
    return key.ok ? { ok: true, exists: false } : { ok: false, message: key.message ?? `${operation.label} failed.` }
  }

  /** Encrypts `value` for the repository (or environment) key and stores it as secret `name`. */
  async write(ctx: Context, name: string, value: string): Promise<WriteResult> {
    const operation = this.operation('Writing', name)
    if (!this.key) {
      const got = await withRetries(ctx, operation, t => this.call(ctx, 'GET', 'public-key', t), { idempotent: true })
      const json = got.ok && got.outcome?.kind === 'response' ? parseJsonObject(got.outcome.body) : undefined
      if (typeof json?.['key_id'] !== 'string' || typeof json['key'] !== 'string') {
        return {
          ok: false,
          message: got.message ?? `${operation.label} failed: GitHub's public-key answer carried no key_id and key.`
        }
      }
      if (!isSealingKey(json['key'])) {
        const where = this.store.environment
          ? `environment ${this.store.environment} of ${this.store.repository}`
          : this.store.repository
        return {
          ok: false,
          message:
            `${operation.label} failed: GitHub's public key for ${where} is malformed (not 32 bytes of base64: '${untrusted(json['key'], 60)}'), ` +
            "so nothing was encrypted or written. Run again; if it persists, check that GITHUB_API_URL is GitHub's REST API."
        }
      }
      this.key = { id: json['key_id'], key: json['key'] }
    }
    const body = { encrypted_value: await seal(value, this.key.key), key_id: this.key.id }
    const put = await withRetries(ctx, operation, t => this.call(ctx, 'PUT', name, t, body), { idempotent: true })
    return put.ok ? { ok: true } : { ok: false, message: put.message }
  }

  async remove(ctx: Context, name: string): Promise<WriteResult> {
    const operation = this.operation('Deleting', name)
    const del = await withRetries(ctx, operation, t => this.call(ctx, 'DELETE', name, t), { idempotent: true })
    return del.ok ? { ok: true } : { ok: false, message: del.message }
  }

  private call(
    ctx: Pick<Context, 'signal' | 'clock'>,
    method: 'GET' | 'PUT' | 'DELETE',
    name: string,
    timeoutMs: number,
    json?: unknown
  ): Promise<Outcome> {
    const { apiUrl, repository, environment, githubToken } = this.store
    const root = environment
      ? `${apiUrl}/repos/${repository}/environments/${encodeURIComponent(environment)}/secrets`
      : `${apiUrl}/repos/${repository}/actions/secrets`
    const { clock, signal } = ctx
    return gitHubRequest({ method, url: `${root}/${name}`, token: githubToken, json, timeoutMs, clock, signal })
  }
}

/** Whether `key` is what sealing needs: standard base64 of exactly 32 bytes (a Curve25519 public key). */
export function isSealingKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').toString('base64') === key
}

/**
 * A libsodium sealed box of `value` for `publicKey` (base64), as GitHub requires for secrets.
 * libsodium is loaded here, on first use, so runs that never write a secret never load it.
 */
export async function seal(value: string, publicKey: string): Promise<string> {
  const { default: sodium } = await import('libsodium-wrappers')
  await sodium.ready
  const key = sodium.from_base64(publicKey, sodium.base64_variants.ORIGINAL)
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL)
}
