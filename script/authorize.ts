/**
 * `npm run authorize`: gets the first DoorFlow refresh token with the authorization-code flow
 * and PKCE. It prints (and opens) DoorFlow's consent page, receives the redirect on
 * http://127.0.0.1:<port>/callback, exchanges the code at {api}/oauth/token, and only then
 * answers the browser: success, or what failed and how to fix it. It prints the refresh token
 * once, then every secret to create (`gh secret set NAME`, which asks for the value) and the
 * workflow that reads them. The client secret comes from the environment only, never argv.
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { tokenRequest } from '../src/doorflow/client.js'
import { httpLog, httpProxy, type Outcome } from '../src/net/http.js'
import { describeOutcome } from '../src/net/failure-messages.js'
import { parseJsonObject } from '../src/net/json.js'
import { isSecretName } from '../src/credentials.js'
import { missingScopes } from '../src/sign-in.js'
import { withoutInvisible } from '../src/untrusted.js'
import { parseHttpsUrl } from '../src/inputs.js'
import { errorLine } from './terminal.js'

export const DEFAULT_PORT = 8765
const USAGE = `Usage: npm run authorize -- [options]
  with DOORFLOW_CLIENT_ID and DOORFLOW_CLIENT_SECRET in the environment, e.g.

    printf 'Client ID: ' && read -r DOORFLOW_CLIENT_ID
    printf 'Client secret: ' && read -rs DOORFLOW_CLIENT_SECRET && echo
    export DOORFLOW_CLIENT_ID DOORFLOW_CLIENT_SECRET
    npm run authorize -- --repo OWNER/REPO

  The secret is read from the environment only: on the command line it would sit in
  your shell history and the process list.

  --client-id ID          the app's client ID instead of DOORFLOW_CLIENT_ID (it is not secret)
  --port N                callback port on 127.0.0.1 (default ${DEFAULT_PORT}); register
                          http://127.0.0.1:N/callback as the app's redirect URI
  --scope "S …"           scopes to ask for (default "account.sync")
  --secret-name NAME      secret that holds the refresh token (default DOORFLOW_REFRESH_TOKEN)
  --repo OWNER/NAME       repository for the gh lines (default: gh's current repository)
  --env NAME              store environment secrets of NAME instead of repository secrets
  --authorize-url URL     consent page (default https://admin.doorflow.com/oauth/authorize)
  --api-url URL           API root (default https://api.doorflow.com)
  --timeout-seconds N     how long to wait for the redirect (default 300)
  --access-token          for token mode: print an access token (valid one hour) and its
                          gh line instead of the refresh token
  --no-browser            print the URL only; do not try to open a browser`

class UsageError extends Error {}

/** Secrets besides the refresh token that the workflow reads; fixed names, as in the README. */
export const CLIENT_ID_SECRET = 'DOORFLOW_CLIENT_ID'
export const CLIENT_SECRET_SECRET = 'DOORFLOW_CLIENT_SECRET'
export const WRITER_SECRET = 'SECRETS_WRITER_TOKEN'
export const ACTION_REF = 'OWNER/doorflow-sync-action@v1'
export const TOKEN_SECRET = 'DOORFLOW_TOKEN'

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
  accessToken: boolean
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
      'access-token': { type: 'boolean' },
      help: { type: 'boolean' }
    }
  })
  if (values.help) throw new UsageError('')
  if (values['client-secret'] !== undefined)
    throw new UsageError(
      'pass the client secret in DOORFLOW_CLIENT_SECRET, not on the command line (shell history, process list).'
    )
  const clientId = values['client-id'] ?? env['DOORFLOW_CLIENT_ID'] ?? ''
  const clientSecret = env['DOORFLOW_CLIENT_SECRET'] ?? ''
  if (!clientId || !clientSecret)
    throw new UsageError(
      `set ${[!clientId && 'DOORFLOW_CLIENT_ID', !clientSecret && 'DOORFLOW_CLIENT_SECRET'].filter(Boolean).join(' and ')} in the environment (the OAuth app's credentials from DoorFlow's developer settings).`
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
      browser: !values['no-browser'],
      accessToken: values['access-token'] ?? false
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

/** The line that stores one secret; gh asks for the value, so no value is ever on a command line. */
export function ghSecretLine(o: Pick<Options, 'secretName' | 'repo' | 'env'>): string {
  return ['gh secret set', o.secretName, o.repo && `--repo ${o.repo}`, o.env && `--env ${o.env}`]
    .filter(Boolean)
    .join(' ')
}

/** Every secret the workflow reads, with what to paste when gh asks. */
export function secretsToCreate(o: Pick<Options, 'secretName' | 'env'>): { name: string; paste: string }[] {
  const permission = o.env ? 'Secrets and Environments: read and write' : 'Secrets: read and write'
  return [
    { name: CLIENT_ID_SECRET, paste: "the OAuth app's client ID" },
    { name: CLIENT_SECRET_SECRET, paste: "the OAuth app's client secret" },
    { name: o.secretName, paste: 'the refresh token printed above' },
    {
      name: WRITER_SECRET,
      paste: `a fine-grained GitHub token for this repository with ${permission}`
    }
  ]
}

/**
 * The sync workflow, examples/workflows/doorflow-sync.yml (the README's setup), with this run's
 * secret names and environment filled in: for the default names and `--env doorflow` it is that
 * file to the byte (a test holds them together).
 */
export function workflowSnippet(o: Pick<Options, 'secretName' | 'env'>): string {
  return [
    '# Sync the doors: after a change to the door configuration, and by hand.',
    o.env
      ? `# Credentials: the environment \`${o.env}\` (deployment branches: main only), see docs/workflows.md.`
      : '# Credentials: repository secrets; an environment limited to main keeps them from pull requests (docs/workflows.md).',
    'name: Push door configuration',
    'on:',
    '  push:',
    '    branches: [main]',
    "    paths: ['doorflow/**'] # your files whose merge the doors need (none: drop push:)",
    '  workflow_dispatch:',
    '',
    `# One group for every workflow that spends ${o.secretName} (this sync, the roster apply,`,
    '# drift, access review): one run at a time, never cancelled; two at once would get invalid_grant.',
    'concurrency:',
    '  group: doorflow-sync',
    '  cancel-in-progress: false',
    '',
    'permissions: {} # the step reads nothing of the repository; its GitHub token is its own secret',
    '',
    'jobs:',
    '  sync:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 10',
    ...(o.env ? [`    environment: ${o.env}`] : []),
    '    steps:',
    `      - uses: ${ACTION_REF}`,
    '        with:',
    `          client-id: \${{ secrets.${CLIENT_ID_SECRET} }}`,
    `          client-secret: \${{ secrets.${CLIENT_SECRET_SECRET} }}`,
    `          refresh-token: \${{ secrets.${o.secretName} }}`,
    `          refresh-token-secret: ${o.secretName}`,
    ...(o.env ? [`          refresh-token-secret-environment: ${o.env}`] : []),
    `          github-token: \${{ secrets.${WRITER_SECRET} }}`,
    '          wait-for-completion: true'
  ].join('\n')
}

/** The complete next steps after a successful exchange. */
export function nextSteps(o: Pick<Options, 'secretName' | 'repo' | 'env' | 'scope'>): string {
  const secrets = secretsToCreate(o)
  const lines = secrets.map(s => ghSecretLine({ ...o, secretName: s.name }))
  const indent = (text: string) => text.replace(/^(?=.)/gm, '   ')
  const create = [
    'Next steps',
    '',
    `1. Create these ${o.env ? `secrets of the environment ${o.env}` : 'repository secrets'}; gh asks for each value (paste it there, not on a command line):`,
    '',
    ...lines.flatMap((l, i) => [`   ${secrets[i].name}: ${secrets[i].paste}`, `     ${l}`]),
    '',
    '   (The default GITHUB_TOKEN cannot write secrets, hence the fourth one.)',
    ''
  ]
  // A grant that cannot sync (the roster plan's read-only one) gets no sync workflow: it would fail,
  // and would spend this refresh token outside the concurrency group of the workflows that use it.
  if (!o.scope.split(' ').includes('account.sync'))
    return [
      ...create,
      `2. Use ${o.secretName} in the workflows of examples/workflows/ that read it (docs/workflows.md): this grant`,
      '   cannot sync, so no sync workflow is shown. Every workflow spending it shares one concurrency group.'
    ].join('\n')
  return [
    ...create,
    '2. Add this workflow as .github/workflows/doorflow-sync.yml (OWNER/doorflow-sync-action is this action):',
    '',
    indent(workflowSnippet(o)),
    '',
    '3. Run it once (Actions → Push door configuration → Run workflow): the job summary says whether the doors',
    `   have the change, and ${o.secretName} then holds the next refresh token. Keep the concurrency group.`
  ].join('\n')
}

/** Next steps for token mode: one secret, a step that reads it, and what expiry means. */
export function accessTokenSteps(o: Pick<Options, 'repo' | 'env'>, until: string): string {
  return [
    'Next steps (token mode)',
    '',
    `1. Store it (gh asks for the value; paste the token there):  ${ghSecretLine({ ...o, secretName: TOKEN_SECRET })}`,
    '2. Use it in a step:',
    '',
    `        - uses: ${ACTION_REF}`,
    '          with:',
    `            token: \${{ secrets.${TOKEN_SECRET} }}`,
    '',
    `3. From ${until} UTC DoorFlow answers 401 until you store a new token. For a workflow that keeps`,
    '   working, run npm run authorize without --access-token and follow the refresh-token setup.'
  ].join('\n')
}

/** Server text (or anything from the redirect) as one plain line: no control characters, capped. */
export function plainLine(text: string, cap = 300): string {
  // Zero-width, bidi and other invisible characters go too: 'account.sync' and a zero-width space after
  // it must not read as granted on the page while the warning says it was not.
  // eslint-disable-next-line no-control-regex
  const controls = /[\u0000-\u001f\u007f-\u009f\s]+/g
  const flat = withoutInvisible(text).replace(controls, ' ').trim()
  return flat.length > cap ? `${flat.slice(0, cap)}…` : flat
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string
  )
}

/** The page the browser shows at the end: every piece of text escaped, whatever its source. */
export function resultPage(ok: boolean, headline: string, details: string[]): string {
  const title = ok ? 'DoorFlow access granted' : 'DoorFlow authorization failed'
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}</style>',
    '</head><body>',
    `<h1>${ok ? '✅' : '❌'} ${escapeHtml(headline)}</h1>`,
    ...details.map(d => `<p>${escapeHtml(d)}</p>`),
    '</body></html>'
  ].join('\n')
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** A failure of the flow: what happened (one line) and the fix. */
class FlowError extends Error {
  constructor(
    message: string,
    readonly fix: string
  ) {
    super(message)
  }
}

interface Callback {
  code: string
  /** Answers the browser's request to /callback; settles once the page is sent. */
  respond: (status: number, html: string) => Promise<void>
}

/** Waits for DoorFlow's redirect to /callback and returns its code (after checking the state). */
function awaitCallback(server: Server, state: string, timeoutMs: number, redirectUri: string): Promise<Callback> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new FlowError(
            `no redirect reached the callback within ${timeoutMs / 1000} s.`,
            `Open the printed page and approve access; check that the app's redirect URI is exactly ${redirectUri}.`
          )
        ),
      timeoutMs
    )
    let settled = false
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const page = (status: number, html: string) =>
        new Promise<void>(sent => {
          res.once('close', sent)
          res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html)
        })
      if (url.pathname !== '/callback' || settled) {
        void page(404, resultPage(false, 'Not this page', ['Return to the terminal.']))
        return
      }
      const fail = (error: FlowError) => {
        settled = true
        clearTimeout(timer)
        void page(400, resultPage(false, 'DoorFlow access was not granted', [sentence(error.message), error.fix])).then(
          () => reject(error)
        )
      }
      const error = url.searchParams.get('error')
      const code = url.searchParams.get('code')
      if (error) {
        const said = plainLine(`${error} ${url.searchParams.get('error_description') ?? ''}`)
        return fail(
          new FlowError(
            `DoorFlow refused: ${said}.`,
            error === 'access_denied'
              ? 'Access was declined: run npm run authorize again and approve it.'
              : `Check the app's redirect URI (${redirectUri}) and scopes in DoorFlow, then run npm run authorize again.`
          )
        )
      }
      if (url.searchParams.get('state') !== state)
        return fail(
          new FlowError(
            'the redirect carried the wrong state; start again.',
            'This redirect did not come from this authorization: run npm run authorize again and use the page it prints.'
          )
        )
      if (!code)
        return fail(
          new FlowError('the redirect carried no code.', 'Run npm run authorize again and approve access on DoorFlow.')
        )
      settled = true
      clearTimeout(timer)
      resolve({ code, respond: page })
    })
  })
}

/** The fix for a failed code exchange, by what DoorFlow answered. */
function exchangeFix(outcome: Outcome, redirectUri: string, apiUrl: string): string {
  if (outcome.kind === 'error')
    return `DoorFlow at ${apiUrl} could not be reached: check --api-url and your network or proxy, then run npm run authorize again.`
  const error = parseJsonObject(outcome.body)?.['error']
  if (error === 'invalid_client' || outcome.status === 401)
    return "DoorFlow rejected the client ID or secret: set DOORFLOW_CLIENT_ID and DOORFLOW_CLIENT_SECRET to the app's values in DoorFlow's developer settings, then run npm run authorize again."
  if (error === 'invalid_grant')
    return `DoorFlow refused the code: the app's redirect URI must be exactly ${redirectUri}, and a code works once. Run npm run authorize again.`
  if (outcome.status >= 500) return 'DoorFlow failed: run npm run authorize again in a few minutes.'
  return 'Check the OAuth app in DoorFlow (redirect URI, scopes, whether it may issue refresh tokens), then run npm run authorize again.'
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
  httpProxy.variables = name => env[name] // requests go by this terminal's proxy variables
  let o: Options
  try {
    o = options(argv, env)
  } catch (err) {
    // Each error line is capped and gated as the action's are (terminal.ts): it may quote a value given.
    if (!(err instanceof UsageError) || err.message) out(`${errorLine(`Error: ${(err as Error).message}`)}\n`)
    out(USAGE)
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
      errorLine(
        `Error: cannot listen on 127.0.0.1:${o.port} (${(err as Error).message}): pass --port with a free port and register that redirect URI.`
      )
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

    const callback = await awaitCallback(server, state, o.timeoutMs, redirectUri)
    const outcome = await tokenRequest(
      o.apiUrl,
      {
        grant_type: 'authorization_code',
        code: callback.code,
        redirect_uri: redirectUri,
        client_id: o.clientId,
        client_secret: o.clientSecret,
        code_verifier: verifier
      },
      30_000
    )
    const body = outcome.kind === 'response' && outcome.status === 200 ? parseJsonObject(outcome.body) : undefined
    const wanted = o.accessToken ? 'access_token' : 'refresh_token'
    const token = body?.[wanted]
    // A token is printable ASCII: anything else could not be pasted into gh, and could steer the terminal.
    if (typeof token !== 'string' || !/^[\x21-\x7e]{1,4096}$/.test(token)) {
      const failure = new FlowError(
        `exchanging the code failed: ${body ? `DoorFlow sent no usable ${wanted}` : plainLine(describeOutcome(outcome))}.`,
        body
          ? 'Check that the OAuth app in DoorFlow may issue refresh tokens, then run npm run authorize again.'
          : exchangeFix(outcome, redirectUri, o.apiUrl)
      )
      await callback.respond(
        502,
        resultPage(false, 'DoorFlow access was not granted', [sentence(failure.message), failure.fix])
      )
      throw failure
    }
    const granted = typeof body?.['scope'] === 'string' ? plainLine(body['scope']) : o.scope
    // Every scope asked for and not granted is said now: else the first plan or apply fails on it.
    const missing = missingScopes(granted.split(' ').filter(Boolean), o.scope.split(' ').filter(Boolean))
    const warning = missing.length
      ? `Warning: DoorFlow did not grant ${missing.join(' ')}, which you asked for, so the workflows that need ${missing.length === 1 ? 'it' : 'them'} will fail. Allow the OAuth app ${missing.length === 1 ? 'that scope' : 'those scopes'} in DoorFlow and run npm run authorize again.`
      : undefined
    await callback.respond(
      200,
      resultPage(true, 'DoorFlow access granted', [
        `Scopes granted: ${granted || 'none'}.`,
        ...(warning ? [warning] : []),
        'You can close this tab: the terminal shows the token and the next steps.'
      ])
    )
    out(`\nDoorFlow granted: ${granted || 'none'}`)
    if (warning) out(warning)
    if (o.accessToken) {
      const expiresIn = typeof body?.['expires_in'] === 'number' ? body['expires_in'] : 3600
      const until = new Date(Date.now() + expiresIn * 1000).toISOString().slice(0, 16).replace('T', ' ')
      out(`\nAccess token (shown once; it stops working at ${until} UTC):\n\n  ${token}\n`)
      out(accessTokenSteps(o, until))
      return 0
    }
    out(`\nRefresh token (shown once; paste it when gh asks for ${o.secretName}):\n\n  ${token}\n`)
    out(nextSteps(o))
    return 0
  } catch (err) {
    out(errorLine(`Error: ${(err as Error).message}`))
    if (err instanceof FlowError) out(errorLine(`Fix: ${err.fix}`))
    return 1
  } finally {
    server.close()
    server.closeAllConnections()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await authorize(process.argv.slice(2), process.env, line => console.log(line))
}
