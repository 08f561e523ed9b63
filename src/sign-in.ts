import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { type Context } from './net/context.js'
import { withRetries } from './net/retry.js'
import { DoorFlowClient, tokenRequest } from './doorflow/client.js'
import { SecretsClient } from './github/secrets.js'
import type { Outcome } from './net/http.js'
import { describeOutcome, serverSays } from './net/failure-messages.js'
import { REFRESH, scopeList, TOKEN_INFO } from './doorflow/operations.js'
import { parseJsonObject } from './net/json.js'
import { notProcessed } from './net/retry-policy.js'
import type { Auth } from './credentials.js'
import { heldContext, type Held, type Hold } from './signals.js'
import { annotate } from './annotate.js'

/**
 * `note` says, for the job summary, how the run signed in and what became of the refresh token.
 * `refreshToken` is the refresh token valid after this run, once DoorFlow answered the refresh
 * (for the refresh-token output). `cancelled`: the run's signal stopped sign-in; `message`
 * then reads on from "Cancelled (SIGNAL) ".
 */
export type SignIn =
  | { ok: true; accessToken: string; note: string; refreshToken?: string }
  | { ok: false; message: string; refreshToken?: string; cancelled?: boolean }

/**
 * A write of the rotated refresh token gets its own budget: it must be tried even when the step's
 * is nearly spent, and it must outlast GitHub's rate limits, which ask for at least a minute when
 * they name no wait, longer while they persist (github/rate-limit.ts): room for a one-minute and
 * a two-minute wait and the requests between.
 */
const WRITE_BUDGET = { maxAttempts: 4, timeoutMs: 200_000, requestTimeoutMs: 10_000 }

/** Once a cancel is held, the token exchange stops this long before the runner's kill, so its answer can still be stored. */
const WRITE_RESERVE_MS = 300

const NOT_REFRESHED = 'nothing was refreshed, so the stored refresh token is still valid.'

/**
 * Gives the access token to sync with. In refresh-token mode, in an order that never loses
 * the credential: check that the secret to write exists and can be written (without touching
 * it), then — with the runner's cancel held — exchange the refresh token and store the rotated
 * one at once, and only then check its scopes. The refresh token valid after this run is set as
 * the `refresh-token` output here, whatever the sign-in came to, so that no caller can lose it.
 */
export async function signIn(
  ctx: Context,
  auth: Auth,
  baseUrl: string,
  hold: Hold,
  needed: readonly string[] = ['account.sync']
): Promise<SignIn> {
  let given: string | undefined
  // The output is set the moment a rotated token is known, before it is stored: a kill during a
  // long wait on GitHub's rate limit still leaves it where a later step (or a person) finds it.
  const give: GiveToken = token => {
    if (token === given) return
    core.setOutput('refresh-token', token)
    given = token
  }
  const signedIn = await signInOnce(ctx, auth, baseUrl, hold, needed, give)
  if (signedIn.refreshToken) give(signedIn.refreshToken)
  return signedIn
}

/** Sets the refresh-token output (once per value). */
type GiveToken = (token: string) => void

async function signInOnce(
  ctx: Context,
  auth: Auth,
  baseUrl: string,
  hold: Hold,
  needed: readonly string[],
  give: GiveToken
): Promise<SignIn> {
  if (auth.mode === 'token') return { ok: true, accessToken: auth.token, note: 'access token' }
  const secrets = auth.store ? new SecretsClient(auth.store) : undefined

  if (secrets) {
    const checked = await checkSecret(ctx, secrets)
    if (!checked.ok) return checked
  }
  if (ctx.signal?.aborted) return { ok: false, cancelled: true, message: `before refreshing: ${NOT_REFRESHED}` }

  core.info(`Refreshing the access token: POST ${baseUrl}/oauth/token`)
  const rotation = await hold('refreshing the access token and storing the rotated refresh token', held =>
    rotate(ctx, held, auth, baseUrl, secrets, give)
  )
  if (!rotation.ok) return rotation
  const { accessToken, refreshToken, note, done } = rotation
  const afterSignIn = `after signing in: ${done}; no sync was sent.`
  if (ctx.signal?.aborted) return { ok: false, cancelled: true, refreshToken, message: afterSignIn }

  if (!accessToken)
    return {
      ok: false,
      refreshToken,
      message: "Refreshing the access token failed: DoorFlow's answer carried no access_token."
    }
  const scopes = await grantedScopes(ctx, new DoorFlowClient(baseUrl, accessToken))
  if (ctx.signal?.aborted) return { ok: false, cancelled: true, refreshToken, message: afterSignIn }
  const missing = scopes ? missingScopes(scopes, needed) : []
  if (scopes && missing.length) {
    const what = missing.includes('account.sync')
      ? 'it cannot sync'
      : missing.includes('account.person')
        ? 'it cannot change people, and nothing was written'
        : 'it cannot read what this run needs, and nothing was read'
    return {
      ok: false,
      refreshToken,
      message:
        `The refreshed access token lacks scope ${missing.join(', ')} (granted: ${scopeList(scopes)}), so ${what}. ` +
        `Re-authorize with scope "${wantedScopes(scopes, missing).join(' ')}" (npm run authorize -- --scope): ` +
        'the scopes it has and those it lacks, so that workflows sharing this refresh token keep theirs. Store the new refresh token.'
    }
  }
  return { ok: true, accessToken, note, refreshToken }
}

/** `done`: what became of the refresh token, as a phrase for the log. */
type Rotation =
  | { ok: true; accessToken: string; refreshToken: string; note: string; done: string }
  | { ok: false; message: string; refreshToken?: string; cancelled?: boolean }

/**
 * The credential window, run with the cancel held: exchange the refresh token, then store the
 * rotated one. Once a signal is held, both fit in what the runner leaves (`held`).
 */
async function rotate(
  ctx: Context,
  held: Held,
  auth: Extract<Auth, { mode: 'refresh' }>,
  baseUrl: string,
  secrets: SecretsClient | undefined,
  give: GiveToken
): Promise<Rotation> {
  const form = {
    grant_type: 'refresh_token',
    client_id: auth.clientId,
    client_secret: auth.clientSecret,
    refresh_token: auth.refreshToken
  }
  const exchange = await withRetries(
    heldContext(ctx, held, WRITE_RESERVE_MS),
    REFRESH,
    (t, signal) => tokenRequest(baseUrl, form, t, signal),
    // A repeat of a refresh DoorFlow did process would spend the just-rotated refresh token.
    { mayRepeat: notProcessed }
  )
  if (exchange.cancelled) {
    const last = exchange.outcome
    if (!last || notProcessed(last))
      return { ok: false, cancelled: true, message: `before DoorFlow refreshed the token: ${NOT_REFRESHED}` }
    return {
      ok: false,
      cancelled: true,
      message:
        "before DoorFlow's answer to the refresh came (it was cut off to end within the runner's cancel window): DoorFlow may have " +
        'rotated the refresh token, leaving the stored one spent. Run again; if it fails with invalid_grant, re-authorize (npm run authorize) and store the new refresh token.'
    }
  }
  if (!exchange.ok) return { ok: false, message: refreshFailure(exchange.outcome, exchange.message) }
  const answer = parseJsonObject(exchange.outcome?.kind === 'response' ? exchange.outcome.body : '') ?? {}
  const accessToken = typeof answer['access_token'] === 'string' ? answer['access_token'] : ''
  // The same token back is no rotation either: writing it could overwrite a newer one another run stored.
  const fresh = answer['refresh_token']
  const rotated = typeof fresh === 'string' && fresh && fresh !== auth.refreshToken ? fresh : undefined
  // Masked the moment they arrive, before any line could show them.
  if (accessToken) core.setSecret(accessToken)
  if (rotated) core.setSecret(rotated)
  // Then the output, before any wait: from here on the rotated token is the only valid one.
  if (rotated) give(rotated)

  if (!rotated) {
    core.info('DoorFlow did not rotate the refresh token: the stored one stays valid, nothing to write.')
    return {
      ok: true,
      accessToken,
      refreshToken: auth.refreshToken,
      note: 'refresh token (not rotated; nothing written)',
      done: 'DoorFlow did not rotate the refresh token, so the stored one stays valid'
    }
  }
  if (!secrets) {
    core.info(
      'DoorFlow rotated the refresh token and the old one no longer works. The new one is only in the masked refresh-token output ' +
        '(refresh-token-output-only): a later step of this job must store it.'
    )
    return {
      ok: true,
      accessToken,
      refreshToken: rotated,
      note: 'refresh token (rotated; the new one is only in the refresh-token output)',
      done: 'the rotated refresh token is only in the masked refresh-token output'
    }
  }
  const where = secrets.describe(secrets.store.name)
  const stored = await secrets.write(
    { ...heldContext(ctx, held), budget: { ...WRITE_BUDGET, startedAt: ctx.clock.now() } },
    secrets.store.name,
    rotated
  )
  if (!stored.ok) {
    const what =
      `storing it failed: ${stored.message} The ${where} is now stale and the next run cannot sign in. ` +
      "The new refresh token is in this step's masked refresh-token output, which is lost when the job ends " +
      `unless a later step stores it (e.g. gh secret set ${secrets.store.name}); otherwise re-authorize with npm run authorize.`
    // A signal held in the window (finite time left) ends the step as cancelled, whatever the write came to.
    return held.timeLeft() !== Infinity
      ? {
          ok: false,
          cancelled: true,
          refreshToken: rotated,
          message: `after DoorFlow rotated the refresh token, but ${what}`
        }
      : { ok: false, refreshToken: rotated, message: `DoorFlow rotated the refresh token, but ${what}` }
  }
  core.info(`Stored the rotated refresh token in the ${where}.`)
  return {
    ok: true,
    accessToken,
    refreshToken: rotated,
    note: `refresh token (rotated; stored in the ${where})`,
    done: `the rotated refresh token was stored in the ${where}`
  }
}

/**
 * Before refreshing: the secret to write must exist (a typo would create a new secret while the
 * workflow keeps reading the spent one), and github-token must be allowed to write it. The GET
 * proves read access only (a token with "Secrets: read" passes it), and GitHub offers no way to
 * ask a fine-grained or App token for its permissions, so write access is still proven by a
 * probe secret written and deleted — never by touching the real one.
 */
async function checkSecret(
  ctx: Context,
  secrets: SecretsClient
): Promise<{ ok: true } | { ok: false; message: string; cancelled?: boolean }> {
  const { name, repository } = secrets.store
  const found = await secrets.exists(ctx, name)
  if (ctx.signal?.aborted) return { ok: false, cancelled: true, message: `before refreshing: ${NOT_REFRESHED}` }
  if (!found.ok)
    return {
      ok: false,
      message: `Cannot check the secret to store the refresh token in: ${found.message} ${cap(NOT_REFRESHED)}`
    }
  if (!found.exists) {
    return {
      ok: false,
      message:
        `The ${secrets.describe(name)} does not exist in ${repository} (GitHub answered 404). ` +
        `refresh-token-secret must name the secret the workflow reads refresh-token from (refresh-token: \${{ secrets.${name} }}): ` +
        `check its spelling${secrets.store.environment ? ' and refresh-token-secret-environment' : ', and set refresh-token-secret-environment if the workflow reads an environment secret'}. ` +
        cap(NOT_REFRESHED)
    }
  }
  const probe = await proveWriteAccess(ctx, secrets)
  if (ctx.signal?.aborted) return { ok: false, cancelled: true, message: `before refreshing: ${NOT_REFRESHED}` }
  return probe
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
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
      message: `Cannot store a rotated refresh token: ${written.message} ${cap(NOT_REFRESHED)}`
    }
  }
  const removed = await secrets.remove(ctx, probe)
  if (!removed.ok)
    annotate('warning', `Could not delete the probe ${secrets.describe(probe)}: ${removed.message} Delete it by hand.`)
  core.info(
    `The ${secrets.describe(secrets.store.name)} exists, and github-token may write it (checked with a probe secret).`
  )
  return { ok: true }
}

function refreshFailure(outcome: Outcome | undefined, fallback: string | undefined): string {
  if (outcome?.kind !== 'response') return fallback ?? 'Refreshing the access token failed.'
  const error = parseJsonObject(outcome.body)?.['error']
  const says = serverSays(outcome.body)
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

/**
 * What to re-authorize with: the granted scopes (those spelled as DoorFlow's scopes are, so no
 * server text reaches the advice) and the missing ones. Asking for only the missing ones would
 * take away what the other workflows on the same refresh token use.
 */
export function wantedScopes(granted: readonly string[], missing: readonly string[]): string[] {
  const kept = granted.filter(s => /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,5}$/.test(s) && s.length <= 80).slice(0, 30)
  return [...new Set([...kept, ...missing])]
}

/** The scopes in `needed` that `granted` does not cover; `account.x` covers `account.x.readonly`. */
export function missingScopes(granted: readonly string[], needed: readonly string[]): string[] {
  return needed.filter(s => !granted.includes(s) && !(s.endsWith('.readonly') && granted.includes(s.slice(0, -9))))
}

/** The token's scopes from GET /oauth/token/info; undefined when DoorFlow would not say. */
export async function grantedScopes(ctx: Context, client: DoorFlowClient): Promise<string[] | undefined> {
  const info = await withRetries(ctx, TOKEN_INFO, (t, s) => client.tokenInfo(t, s))
  const scope = info.ok && info.outcome?.kind === 'response' ? parseJsonObject(info.outcome.body)?.['scope'] : undefined
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === 'string')
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean)
  core.info(`Could not read the token's scopes (${info.message ?? 'no scope in the answer'}).`)
  return undefined
}
