/**
 * `npm run authorize`: gets the first DoorFlow refresh token with the authorization-code flow
 * and PKCE. It prints (and opens) DoorFlow's consent page, receives the redirect on
 * http://127.0.0.1:<port>/callback, exchanges the code at {api}/oauth/token, and prints the
 * refresh token once, with the `gh secret set` line that stores it.
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { tokenRequest } from '../src/doorflow.js'
import { httpLog } from '../src/http.js'
import { describeOutcome } from '../src/messages.js'
import { parseJsonObject } from '../src/json.js'
import { isSecretName, parseHttpsUrl } from '../src/settings.js'

export const DEFAULT_PORT = 8765
const USAGE = `Usage: npm run authorize -- --client-id ID --client-secret SECRET [options]

  --client-id ID          DoorFlow OAuth app client ID (or DOORFLOW_CLIENT_ID)
  --client-secret SECRET  its client secret (or DOORFLOW_CLIENT_SECRET)
  --port N                callback port on 127.0.0.1 (default ${DEFAULT_PORT}); register
                          http://127.0.0.1:N/callback as the app's redirect URI
  --scope "S …"           scopes to ask for (default "account.sync")
  --secret-name NAME      secret for the gh line (default DOORFLOW_REFRESH_TOKEN)
  --repo OWNER/NAME       repository for the gh line (default: gh's current repository)
  --env NAME              write an environment secret instead
  --authorize-url URL     consent page (default https://admin.doorflow.com/oauth/authorize)
  --api-url URL           API root (default https://api.doorflow.com)
  --timeout-seconds N     how long to wait for the redirect (default 300)
  --no-browser            print the URL only; do not try to open a browser`

class UsageError extends Error {}

interface Options {
  clientId: string
  clientSecret: string
  port: number
  scope: string
  secretName: string
  repo?: string
  env?: string
  authorizeUrl: string
  apiUrl: string
  timeoutMs: number
  browser: boolean
}

function options(argv: string[], env: NodeJS.ProcessEnv): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      port: { type: 'string' },
      scope: { type: 'string' },
      'secret-name': { type: 'string' },
      repo: { type: 'string' },
      env: { type: 'string' },
      'authorize-url': { type: 'string' },
      'api-url': { type: 'string' },
      'timeout-seconds': { type: 'string' },
      'no-browser': { type: 'boolean' },
      help: { type: 'boolean' }
    }
  })
  if (values.help) throw new UsageError('')
  const clientId = values['client-id'] ?? env['DOORFLOW_CLIENT_ID'] ?? ''
  const clientSecret = values['client-secret'] ?? env['DOORFLOW_CLIENT_SECRET'] ?? ''
  if (!clientId || !clientSecret)
    throw new UsageError(
      '--client-id and --client-secret (or DOORFLOW_CLIENT_ID and DOORFLOW_CLIENT_SECRET) are required.'
    )
  const port = Number(values.port ?? DEFAULT_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, got '${values.port}'.`)
  const timeout = Number(values['timeout-seconds'] ?? 300)
  if (!Number.isInteger(timeout) || timeout < 1)
    throw new UsageError(`--timeout-seconds must be a whole number ≥ 1, got '${values['timeout-seconds']}'.`)
  const secretName = values['secret-name'] ?? 'DOORFLOW_REFRESH_TOKEN'
  if (!isSecretName(secretName)) throw new UsageError(`--secret-name must be a secret name, got '${secretName}'.`)
  try {
    return {
      clientId,
      clientSecret,
      port,
      scope: values.scope ?? 'account.sync',
      secretName,
      repo: values.repo,
      env: values.env,
      authorizeUrl: parseHttpsUrl(
        '--authorize-url',
        values['authorize-url'] ?? env['DOORFLOW_AUTHORIZE_URL'] ?? 'https://admin.doorflow.com/oauth/authorize'
      ),
      apiUrl: parseHttpsUrl('--api-url', values['api-url'] ?? env['DOORFLOW_API_URL'] ?? 'https://api.doorflow.com'),
      timeoutMs: timeout * 1000,
      browser: !values['no-browser']
    }
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^Input /, 'Option '))
  }
}

/** PKCE (RFC 7636, S256): a random verifier and its SHA-256 challenge, both base64url. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** The line that stores the token; gh asks for the value, so the token is not printed twice. */
export function ghSecretLine(o: Pick<Options, 'secretName' | 'repo' | 'env'>): string {
  return ['gh secret set', o.secretName, o.repo && `--repo ${o.repo}`, o.env && `--env ${o.env}`]
    .filter(Boolean)
    .join(' ')
}

/** Waits for DoorFlow's redirect to /callback and returns its code (after checking the state). */
function awaitCallback(server: Server, state: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no redirect reached the callback within ${timeoutMs / 1000} s.`)),
      timeoutMs
    )
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (url.pathname !== '/callback') {
        res.writeHead(404).end()
        return
      }
      const finish = (status: number, text: string, outcome: () => void) => {
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text)
        clearTimeout(timer)
        outcome()
      }
      const error = url.searchParams.get('error')
      const code = url.searchParams.get('code')
      if (error)
        return finish(400, `DoorFlow said: ${error}. Return to the terminal.`, () =>
          reject(new Error(`DoorFlow refused: ${error} ${url.searchParams.get('error_description') ?? ''}`.trim()))
        )
      if (url.searchParams.get('state') !== state)
        return finish(400, 'State mismatch: this redirect is not from this authorization.', () =>
          reject(new Error('the redirect carried the wrong state; start again.'))
        )
      if (!code)
        return finish(400, 'No code in the redirect.', () => reject(new Error('the redirect carried no code.')))
      finish(200, 'DoorFlow access granted. You can close this tab and return to the terminal.', () => resolve(code))
    })
  })
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => {})
    child.unref()
  } catch {
    // Printing the URL is enough.
  }
}

export async function authorize(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  httpLog.debug = () => {}
  let o: Options
  try {
    o = options(argv, env)
  } catch (err) {
    out(err instanceof UsageError && err.message ? `Error: ${err.message}\n\n${USAGE}` : USAGE)
    return err instanceof UsageError && !err.message ? 0 : 2
  }
  const server = createServer()
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(o.port, '127.0.0.1', resolve)
    })
  } catch (err) {
    out(
      `Error: cannot listen on 127.0.0.1:${o.port} (${(err as Error).message}): pass --port with a free port and register that redirect URI.`
    )
    return 1
  }
  try {
    const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`
    const state = randomBytes(16).toString('base64url')
    const { verifier, challenge } = pkcePair()
    const consent = new URL(o.authorizeUrl)
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: o.clientId,
      redirect_uri: redirectUri,
      scope: o.scope,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256'
    }))
      consent.searchParams.set(k, v)
    out(`Open this page, sign in to DoorFlow and approve access (${o.scope}):\n\n  ${consent.href}\n`)
    out(`Waiting for DoorFlow to redirect to ${redirectUri} (register exactly this redirect URI in the OAuth app) …`)
    if (o.browser) openBrowser(consent.toString())

    const code = await awaitCallback(server, state, o.timeoutMs)
    const outcome = await tokenRequest(
      o.apiUrl,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: o.clientId,
        client_secret: o.clientSecret,
        code_verifier: verifier
      },
      30_000
    )
    const body = outcome.kind === 'response' && outcome.status === 200 ? parseJsonObject(outcome.body) : undefined
    const refreshToken = body?.['refresh_token']
    if (typeof refreshToken !== 'string' || !refreshToken) {
      out(`Error: exchanging the code failed: ${body ? 'DoorFlow sent no refresh_token' : describeOutcome(outcome)}.`)
      return 1
    }
    const granted = typeof body?.['scope'] === 'string' ? body['scope'] : o.scope
    out(`\nDoorFlow granted: ${granted}`)
    if (!granted.split(' ').includes('account.sync'))
      out('Warning: account.sync was not granted, so the action cannot sync with this token.')
    out(`\nRefresh token (shown once; store it now):\n\n  ${refreshToken}\n`)
    out(`Store it where the workflow reads it (paste the token when gh asks):\n\n  ${ghSecretLine(o)}\n`)
    out(
      'DoorFlow rotates it on every use: let the action write the new one back (refresh-token-secret and github-token).'
    )
    return 0
  } catch (err) {
    out(`Error: ${(err as Error).message}`)
    return 1
  } finally {
    server.close()
    server.closeAllConnections()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await authorize(process.argv.slice(2), process.env, line => console.log(line))
}
