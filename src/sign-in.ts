import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { withRetries, type Context } from './attempts.js'
import { DoorFlowClient, tokenRequest } from './doorflow.js'
import { SecretsClient, type WriteResult } from './github-secrets.js'
import type { Outcome } from './http.js'
import { describeOutcome, doorflowSays, REFRESH, scopeList, TOKEN_INFO } from './messages.js'
import { parseJsonObject } from './json.js'
import { notProcessed } from './retry.js'
import type { Auth } from './settings.js'

/** `note` says, for the job summary, how the run signed in and what became of the refresh token. */
export type SignIn = { ok: true; accessToken: string; note: string } | { ok: false; message: string }

type Log = (line: string) => void

/** A write of the rotated refresh token gets its own budget: it must be tried even when the step's is nearly spent. */
const WRITE_BUDGET = { maxAttempts: 4, timeoutMs: 30_000, requestTimeoutMs: 10_000 }

/**
 * Gives the access token to sync with. In refresh-token mode, in an order that never loses
 * the credential: prove that the secret can be written (without touching it), exchange the
 * refresh token, store the rotated one at once, and only then check its scopes.
 */
export async function signIn(ctx: Context, auth: Auth, baseUrl: string): Promise<SignIn> {
  const { clock, log } = ctx
  if (auth.mode === 'token') return { ok: true, accessToken: auth.token, note: 'access token' }
  const secrets = auth.store ? new SecretsClient(auth.store) : undefined

  if (secrets) {
    const probe = await proveWriteAccess(ctx, secrets)
    if (!probe.ok) return probe
  }

  core.info(`Refreshing the access token: POST ${baseUrl}/oauth/token`)
  const exchange = await withRetries(
    ctx,
    REFRESH,
    t =>
      tokenRequest(
        baseUrl,
        {
          grant_type: 'refresh_token',
          client_id: auth.clientId,
          client_secret: auth.clientSecret,
          refresh_token: auth.refreshToken
        },
        t
      ),
    // A repeat of a refresh DoorFlow did process would spend the just-rotated refresh token.
    { mayRepeat: notProcessed }
  )
  if (!exchange.ok) return { ok: false, message: refreshFailure(exchange.outcome, exchange.message) }
  const answer = parseJsonObject(exchange.outcome?.kind === 'response' ? exchange.outcome.body : '') ?? {}
  const accessToken = typeof answer['access_token'] === 'string' ? answer['access_token'] : ''
  // The same token back is no rotation either: writing it could overwrite a newer one another run stored.
  const fresh = answer['refresh_token']
  const rotated = typeof fresh === 'string' && fresh && fresh !== auth.refreshToken ? fresh : undefined
  // Masked the moment they arrive, before any line could show them.
  if (accessToken) core.setSecret(accessToken)
  if (rotated) core.setSecret(rotated)
  core.setOutput('refresh-token', rotated ?? auth.refreshToken)

  let note: string
  if (!rotated) {
    note = 'refresh token (not rotated; nothing written)'
    core.info('DoorFlow did not rotate the refresh token: the stored one stays valid, nothing to write.')
  } else if (!secrets) {
    note = 'refresh token (rotated; the new one is only in the refresh-token output)'
    core.warning(
      'DoorFlow rotated the refresh token and the old one no longer works. The new one is only in the masked refresh-token output: ' +
        'store it in a later step, or set refresh-token-secret and github-token so that the action stores it.'
    )
  } else {
    const stored = await untilDone(
      secrets.write({ ...ctx, budget: { ...WRITE_BUDGET, startedAt: clock.now() } }, secrets.store.name, rotated),
      log
    )
    if (!stored.ok) {
      return {
        ok: false,
        message:
          `DoorFlow rotated the refresh token, but storing it failed: ${stored.message} The ${secrets.describe(secrets.store.name)} is now stale ` +
          "and the next run cannot sign in. The new refresh token is in this step's masked refresh-token output, which is lost when the job ends " +
          `unless a later step stores it (e.g. gh secret set ${secrets.store.name}); otherwise re-authorize with npm run authorize.`
      }
    }
    note = `refresh token (rotated; stored in the ${secrets.describe(secrets.store.name)})`
    core.info(`Stored the rotated refresh token in the ${secrets.describe(secrets.store.name)}.`)
  }

  if (!accessToken)
    return { ok: false, message: "Refreshing the access token failed: DoorFlow's answer carried no access_token." }
  const scopes = await grantedScopes(ctx, new DoorFlowClient(baseUrl, accessToken))
  if (scopes && !scopes.includes('account.sync')) {
    return {
      ok: false,
      message:
        `The refreshed access token lacks scope account.sync (granted: ${scopeList(scopes)}), so it cannot sync. ` +
        'Re-authorize with scope account.sync (npm run authorize) and store the new refresh token.'
    }
  }
  return { ok: true, accessToken, note }
}

/** Writes a probe secret and deletes it: a missing permission fails the step while the stored refresh token is still valid. */
async function proveWriteAccess(
  ctx: Context,
  secrets: SecretsClient
): Promise<{ ok: true } | { ok: false; message: string }> {
  const probe = `${secrets.store.name}_WRITE_CHECK`
  const written = await secrets.write(ctx, probe, randomBytes(16).toString('hex'))
  if (!written.ok) {
    return {
      ok: false,
      message: `Cannot store a rotated refresh token: ${written.message} Nothing was refreshed, so the stored refresh token is still valid.`
    }
  }
  const removed = await secrets.remove(ctx, probe)
  if (!removed.ok)
    core.warning(`Could not delete the probe ${secrets.describe(probe)}: ${removed.message} Delete it by hand.`)
  core.info(`github-token may write the ${secrets.describe(secrets.store.name)} (checked with a probe secret).`)
  return { ok: true }
}

function refreshFailure(outcome: Outcome | undefined, fallback: string | undefined): string {
  if (outcome?.kind !== 'response') return fallback ?? 'Refreshing the access token failed.'
  const error = parseJsonObject(outcome.body)?.['error']
  const says = doorflowSays(outcome.body)
  if (error === 'invalid_grant') {
    return (
      `DoorFlow refused the refresh token (HTTP ${outcome.status}, ${says}): it was already used or revoked, most often by a concurrent run that rotated it. ` +
      'Re-authorize (npm run authorize), store the new refresh token, and run this workflow in a concurrency: group with cancel-in-progress: false.'
    )
  }
  if (error === 'invalid_client' || outcome.status === 401) {
    return `DoorFlow rejected the OAuth client (HTTP ${outcome.status}, ${says}): check client-id and client-secret.`
  }
  return fallback ?? `Refreshing the access token failed: ${describeOutcome(outcome)}.`
}

/** The token's scopes from GET /oauth/token/info; undefined when DoorFlow would not say. */
export async function grantedScopes(ctx: Context, client: DoorFlowClient): Promise<string[] | undefined> {
  const info = await withRetries(ctx, TOKEN_INFO, t => client.tokenInfo(t))
  const scope = info.ok && info.outcome?.kind === 'response' ? parseJsonObject(info.outcome.body)?.['scope'] : undefined
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === 'string')
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean)
  core.info(`Could not read the token's scopes (${info.message ?? 'no scope in the answer'}).`)
  return undefined
}

/**
 * Runs the write to its end even when the runner cancels the job: SIGINT and SIGTERM are held
 * until it settles, then the process stops as the signal asked.
 */
async function untilDone(work: Promise<WriteResult>, log: Log): Promise<WriteResult> {
  let caught: NodeJS.Signals | undefined
  let result: WriteResult | undefined
  const hold = (signal: NodeJS.Signals) => {
    caught ??= signal
    log(`Received ${signal}: finishing the write of the rotated refresh token before stopping.`)
  }
  process.on('SIGINT', hold)
  process.on('SIGTERM', hold)
  try {
    result = await work
    return result
  } finally {
    process.off('SIGINT', hold)
    process.off('SIGTERM', hold)
    if (caught) {
      core.setFailed(
        result?.ok
          ? `Cancelled (${caught}) after the rotated refresh token was stored; no sync was sent.`
          : `Cancelled (${caught}); storing the rotated refresh token failed (${result?.message ?? 'no answer'}): the new one is only in the masked refresh-token output.`
      )
      process.exit(caught === 'SIGINT' ? 130 : 143)
    }
  }
}
