/**
 * `npm run check:contracts`: do the fakes answer as the published contracts say?
 *
 * The fake DoorFlow runs behind a spec-validating proxy (Prism) loaded with DoorFlow's own
 * OpenAPI description (../shared/doorflow/openapi.yaml), and the fake GitHub behind GitHub's
 * description of the Actions secrets and issue-comment endpoints (cut from the `@octokit/openapi` package at
 * check time). Then every scenario goes through the proxies: the bundle itself in each
 * sign-in mode and outcome, each default answer of the fakes (errors included), and a sweep
 * of every operation of DoorFlow's description that the fake serves, so routes added to the
 * fake later are checked without editing this script. Each answer that breaks the contract is
 * listed; the check fails on any. A status the description does not list is only reported.
 *
 * Not part of `npm test`: it needs ../shared (the project's machines and CI only) and npx.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import {
  CHANNELS_SCOPE,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  FAKE_TOKEN,
  FakeDoorFlow,
  SYNC_SCOPE
} from '../__fixtures__/fake-doorflow.js'
import {
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  GITHUB_READONLY_TOKEN,
  GITHUB_WRITER_TOKEN,
  REPOSITORY,
  secondaryRateLimit
} from '../__fixtures__/fake-github.js'
import { runAction, type ActionRun } from '../__fixtures__/run-action.js'
import { recordedHash, sourceHash } from './source-hash.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** ../shared beside the clone (the project's machines and CI); SHARED_DIR points elsewhere, e.g. from a scratch clone. */
const SHARED = process.env['SHARED_DIR'] ?? join(ROOT, '..', 'shared')
const DOORFLOW_SPEC = join(SHARED, 'doorflow', 'openapi.yaml')
const PRISM = '@stoplight/prism-cli@5.14.2'
const OCTOKIT_OPENAPI = '@octokit/openapi@23.0.2'
const CACHE = join(ROOT, 'node_modules', '.cache', 'check-contracts')
const SECRET = 'DOORFLOW_REFRESH_TOKEN'

interface Exchange {
  contract: string
  route: string
  status: number | undefined
  errors: string[]
  warnings: string[]
}

/** One Prism proxy in front of one fake; what it logged tells each answer's violations. */
class Proxy {
  private log = ''
  /** Everything Prism printed, kept for reading after the run. */
  private all = ''
  private constructor(
    readonly contract: string,
    readonly url: string,
    private readonly child: ChildProcess
  ) {}

  static async start(contract: string, spec: string, upstream: string): Promise<Proxy> {
    const port = await freePort()
    const child = spawn('npx', ['-y', PRISM, 'proxy', '-h', '127.0.0.1', '-p', String(port), spec, upstream], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }
    })
    const proxy = new Proxy(contract, `http://127.0.0.1:${port}`, child)
    const keep = (d: Buffer) => {
      proxy.log += d.toString()
      proxy.all += d.toString()
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const deadline = Date.now() + 180_000
    while (!proxy.log.includes('Prism is listening')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`Prism (${contract}) did not start:\n${proxy.log.slice(-2000)}`)
      }
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    proxy.log = ''
    return proxy
  }

  /** The answers since the last call, each with the violations Prism found in it. */
  take(): Exchange[] {
    const lines = this.log.replace(/\x1b\[[0-9;]*m/g, '').split('\n') // eslint-disable-line no-control-regex -- ANSI colours, should Prism add them
    this.log = ''
    const exchanges: Exchange[] = []
    let current: Exchange | undefined
    for (const line of lines) {
      const received = /\[HTTP SERVER\] (\w+) (\S+) .*Request received/.exec(line)
      if (received) {
        current = {
          contract: this.contract,
          route: `${received[1].toUpperCase()} ${received[2]}`,
          status: undefined,
          errors: [],
          warnings: []
        }
        exchanges.push(current)
        continue
      }
      const returned = /upstream call to \S+ has returned (\d+)/.exec(line)
      if (returned && current) current.status = Number(returned[1])
      const violation = /(error|warning)\s+Violation: (.*)$/.exec(line)
      if (violation && current) (violation[1] === 'error' ? current.errors : current.warnings).push(violation[2])
    }
    return exchanges
  }

  stop(): void {
    const file = join(CACHE, `prism-${this.contract.toLowerCase()}.log`)
    writeFileSync(file, this.all)
    console.log(`Prism's log (${this.contract}): ${file}`)
    try {
      process.kill(-this.child.pid!, 'SIGTERM') // the process group this script started (npx and Prism)
    } catch {
      // already gone
    }
  }
}

async function main(): Promise<void> {
  if (!existsSync(DOORFLOW_SPEC)) {
    console.log(
      `check:contracts skipped: ${DOORFLOW_SPEC} is absent (shared/ lies beside the clone only on the project's machines and in CI; SHARED_DIR=… points elsewhere).`
    )
    return
  }
  if (recordedHash() !== sourceHash()) {
    console.error('dist/ is older than src/: run npm run bundle')
    process.exitCode = 1
    return
  }
  const githubSpec = secretsSpec()
  const doorflowSpec = parse(readFileSync(DOORFLOW_SPEC, 'utf8')) as OpenApi
  const allScopes = scopesOf(doorflowSpec)

  const doorflow = await FakeDoorFlow.start({ tokens: { [FAKE_TOKEN]: [SYNC_SCOPE, CHANNELS_SCOPE] } })
  const github = await FakeGitHub.start()
  console.log(`Starting Prism proxies (${PRISM}) …`)
  const [df, gh] = await Promise.all([
    Proxy.start('DoorFlow', DOORFLOW_SPEC, doorflow.url),
    Proxy.start('GitHub', githubSpec, github.url)
  ])
  const exchanges: Exchange[] = []
  const collect = (scenario: string) => {
    const taken = [...df.take(), ...gh.take()]
    for (const e of taken) e.route = `${e.route}  [${scenario}]`
    exchanges.push(...taken)
  }
  try {
    for (const [name, scenario] of scenarios(doorflow, github, df.url, gh.url, allScopes)) {
      await scenario()
      await new Promise(resolve => setTimeout(resolve, 300)) // let Prism log the last answer
      collect(name)
    }
  } finally {
    df.stop()
    gh.stop()
    await doorflow.close()
    await github.close()
  }
  report(exchanges)
}

type Scenario = [string, () => Promise<unknown>]

function scenarios(
  doorflow: FakeDoorFlow,
  github: FakeGitHub,
  doorflowUrl: string,
  githubUrl: string,
  allScopes: string[]
): Scenario[] {
  const action = (inputs: Record<string, string>): Promise<ActionRun> =>
    runAction(
      { 'base-url': doorflowUrl, 'poll-interval-seconds': '1', 'timeout-seconds': '60', ...inputs },
      { env: { GITHUB_API_URL: githubUrl, GITHUB_REPOSITORY: REPOSITORY } }
    )
  // Without a secret to store into, the rotated token goes to the output only (as the inputs require).
  const refresh = (inputs: Record<string, string> = {}) =>
    action({
      'client-id': FAKE_CLIENT_ID,
      'client-secret': FAKE_CLIENT_SECRET,
      'refresh-token': doorflow.issueRefreshToken(),
      ...(inputs['refresh-token-secret'] ? {} : { 'refresh-token-output-only': 'true' }),
      ...inputs
    })
  const sweepToken = 'dft_contract_sweep_token'
  doorflow.tokens.set(sweepToken, allScopes)
  const call = (base: string, method: string, path: string, token?: string, body?: string, type = 'application/json') =>
    fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': type })
      },
      body
    }).then(r => r.arrayBuffer())

  return [
    ['sync, wait for completion, door list', () => action({ token: FAKE_TOKEN, 'wait-for-completion': 'true' })],
    [
      'sync rate-limited by the account window, then accepted',
      () => {
        doorflow.windowMs = 2000
        doorflow.initiateSync()
        return action({ token: FAKE_TOKEN, coalesce: 'false' }).finally(() => (doorflow.windowMs = 0))
      }
    ],
    [
      'sync inside the window, covered by the running sync',
      () => {
        doorflow.windowMs = 5000
        doorflow.initiateSync(Date.now() + 1500)
        return action({ token: FAKE_TOKEN }).finally(() => (doorflow.windowMs = 0))
      }
    ],
    ['sync refused: unknown token (401)', () => action({ token: 'dft_unknown_token_0123456789' })],
    [
      'sync refused: token without account.sync (403, then token info)',
      () => {
        doorflow.tokens.set('dft_no_sync_scope_token_0123', [CHANNELS_SCOPE])
        return action({ token: 'dft_no_sync_scope_token_0123' })
      }
    ],
    [
      'door list refused: token without account.channel.readonly',
      () => {
        doorflow.tokens.set('dft_no_channels_scope_012345', [SYNC_SCOPE])
        return action({ token: 'dft_no_channels_scope_012345', 'wait-for-completion': 'true' })
      }
    ],
    [
      'failing sync',
      () => {
        doorflow.plan = { phases: [{ status: 'syncing', ms: 500 }], outcome: 'failing', description: 'Door 2 offline' }
        return action({ token: FAKE_TOKEN, 'wait-for-completion': 'true' }).finally(
          () => (doorflow.plan = { phases: [], outcome: 'complete' })
        )
      }
    ],
    ['refresh-token mode, rotated token only in the output', () => refresh()],
    [
      'refresh-token mode, rotated token stored: repository secret (probe created 201, secret updated 204)',
      () => {
        github.setSecret(SECRET, 'old')
        return refresh({ 'refresh-token-secret': SECRET, 'github-token': GITHUB_WRITER_TOKEN })
      }
    ],
    [
      'refresh-token mode, rotated token stored: environment secret',
      () => {
        github.setSecret(SECRET, 'old', 'production')
        return refresh({
          'refresh-token-secret': SECRET,
          'refresh-token-secret-environment': 'production',
          'github-token': GITHUB_WRITER_TOKEN
        })
      }
    ],
    [
      'refresh-token mode, github-token may only read (403)',
      () => refresh({ 'refresh-token-secret': SECRET, 'github-token': GITHUB_READONLY_TOKEN })
    ],
    [
      'refresh-token mode, the secret write hits a secondary rate limit (403, retry-after: 1), then is stored',
      () => {
        github.setSecret(SECRET, 'old')
        github.script(`PUT /repos/${REPOSITORY}/actions/secrets/${SECRET}`, secondaryRateLimit({ retryAfter: 1 }))
        return refresh({ 'refresh-token-secret': SECRET, 'github-token': GITHUB_WRITER_TOKEN })
      }
    ],
    [
      'refresh-token mode, the secret to store does not exist (404)',
      () => refresh({ 'refresh-token-secret': 'NEVER_CREATED', 'github-token': GITHUB_WRITER_TOKEN })
    ],
    [
      'refresh-token mode, github-token invalid (401)',
      () => refresh({ 'refresh-token-secret': SECRET, 'github-token': 'ghp_not_a_token_0123456789' })
    ],
    [
      'refresh-token mode, refresh token already used (invalid_grant)',
      () => refresh({ 'refresh-token': 'dfr_already_used_0123456789' })
    ],
    [
      'refresh-token mode, wrong client secret (invalid_client)',
      () => refresh({ 'client-secret': 'wrong-secret-0123' })
    ],
    [
      'OAuth: authorize, code exchange, bad requests',
      async () => {
        const redirect = 'http://127.0.0.1:9/callback'
        await call(
          doorflowUrl,
          'GET',
          `/oauth/authorize?response_type=code&client_id=nobody&redirect_uri=${redirect}&scope=account.sync`
        )
        // The approval (302) is asked of the fake itself: Prism follows redirects, so through it the
        // answer would be the callback's, not the fake's. A 302 has no body to check anyway.
        const ok = await fetch(
          `${doorflow.url}/oauth/authorize?response_type=code&client_id=${FAKE_CLIENT_ID}&redirect_uri=${encodeURIComponent(redirect)}&scope=account.sync&state=s1`,
          { redirect: 'manual' }
        )
        const code = new URL(ok.headers.get('location') ?? 'http://x/').searchParams.get('code') ?? 'none'
        const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
        const token = (fields: Record<string, string>) =>
          call(doorflowUrl, 'POST', '/oauth/token', undefined, form(fields), 'application/x-www-form-urlencoded')
        const client = { client_id: FAKE_CLIENT_ID, client_secret: FAKE_CLIENT_SECRET }
        await token({ ...client, grant_type: 'authorization_code', code, redirect_uri: redirect })
        await token({ ...client, grant_type: 'authorization_code', code, redirect_uri: redirect })
        await call(doorflowUrl, 'GET', '/oauth/token/info', FAKE_TOKEN)
        await call(doorflowUrl, 'GET', '/oauth/token/info', 'dft_unknown')
      }
    ],
    [
      "GitHub secrets API, each of the fake's answers",
      async () => {
        const root = `/repos/${REPOSITORY}/actions/secrets`
        const env = `/repos/${REPOSITORY}/environments/staging/secrets`
        const key = JSON.parse(
          Buffer.from(await call(githubUrl, 'GET', `${root}/public-key`, GITHUB_WRITER_TOKEN)).toString()
        ) as { key_id: string }
        await call(githubUrl, 'GET', `${env}/public-key`, GITHUB_WRITER_TOKEN)
        await call(githubUrl, 'GET', `${root}/public-key`, 'ghp_nobody')
        const put = JSON.stringify({ encrypted_value: 'AAAA', key_id: key.key_id })
        await call(githubUrl, 'PUT', `${root}/UNDECRYPTABLE`, GITHUB_WRITER_TOKEN, put)
        await call(githubUrl, 'PUT', `${root}/ANY`, GITHUB_READONLY_TOKEN, put)
        await call(githubUrl, 'DELETE', `${root}/NEVER_WRITTEN`, GITHUB_WRITER_TOKEN)
      }
    ],
    [
      "GitHub issue comments (the roster's plan on a pull request), each of the fake's answers",
      async () => {
        const comments = `/repos/${REPOSITORY}/issues/7/comments`
        const body = (text: string) => JSON.stringify({ body: text })
        const created = JSON.parse(
          Buffer.from(await call(githubUrl, 'POST', comments, GITHUB_ACTIONS_TOKEN, body('plan'))).toString()
        ) as { id: number }
        await call(githubUrl, 'GET', `${comments}?per_page=100&page=1`, GITHUB_ACTIONS_TOKEN)
        await call(
          githubUrl,
          'PATCH',
          `/repos/${REPOSITORY}/issues/comments/${created.id}`,
          GITHUB_ACTIONS_TOKEN,
          body('new plan')
        )
        await call(githubUrl, 'POST', comments, GITHUB_READONLY_TOKEN, body('plan'))
        await call(githubUrl, 'DELETE', `/repos/${REPOSITORY}/issues/comments/${created.id}`, GITHUB_ACTIONS_TOKEN)
      }
    ],
    [
      "GitHub: who a token is, and the merged pull request of a push (the apply's reviewed plan)",
      async () => {
        await call(githubUrl, 'GET', '/user', GITHUB_WRITER_TOKEN)
        await call(githubUrl, 'GET', '/user', GITHUB_ACTIONS_TOKEN)
        await call(githubUrl, 'GET', '/user', 'ghp_nobody')
        const sha = 'c0ffee0000000000000000000000000000000001'
        github.pullsOfCommit.set(sha, [
          { number: 7, state: 'closed', merged_at: '2026-12-01T10:00:00Z', merge_commit_sha: sha },
          { number: 8, state: 'open', merged_at: null, merge_commit_sha: null }
        ])
        await call(githubUrl, 'GET', `/repos/${REPOSITORY}/commits/${sha}/pulls`, GITHUB_ACTIONS_TOKEN)
        await call(githubUrl, 'GET', `/repos/${REPOSITORY}/commits/${'0'.repeat(40)}/pulls`, GITHUB_ACTIONS_TOKEN)
        // The merged pull request's reviews (whether anyone approved its head): none, then several, paged.
        await call(githubUrl, 'GET', `/repos/${REPOSITORY}/pulls/7/reviews?per_page=100&page=1`, GITHUB_ACTIONS_TOKEN)
        github.review(7, sha)
        github.review(7, sha, undefined, 'DISMISSED')
        github.review(7, sha, undefined, 'COMMENTED')
        await call(githubUrl, 'GET', `/repos/${REPOSITORY}/pulls/7/reviews?per_page=2&page=1`, GITHUB_ACTIONS_TOKEN)
        await call(githubUrl, 'GET', `/repos/${REPOSITORY}/pulls/7/reviews?per_page=2&page=2`, GITHUB_ACTIONS_TOKEN)
        // A review with the batch approval line in its body, and its reviewer's permission (a writer, a reader, nobody).
        github.review(7, sha, undefined, 'APPROVED', 'Checked.\ndoorflow: allow 250 removals')
        await call(githubUrl, 'GET', `/repos/${REPOSITORY}/pulls/7/reviews?per_page=100&page=1`, GITHUB_ACTIONS_TOKEN)
        for (const login of ['door-reviewer', 'door-admin', 'octocat', 'no-such-account'])
          await call(githubUrl, 'GET', `/repos/${REPOSITORY}/collaborators/${login}/permission`, GITHUB_ACTIONS_TOKEN)
      }
    ],
    [
      "DoorFlow door events (seeded, many a day): a page, filters, one event, each of the fake's refusals",
      async () => {
        const day = 86_400_000
        const today = Math.floor(Date.now() / day) * day
        doorflow.seedEvents({
          seed: 27,
          people: [
            { id: 101, first_name: 'Ada', last_name: 'Lovelace' },
            { id: 103, first_name: 'Edsger', last_name: 'Dijkstra' }
          ],
          from: today - 3 * day,
          days: 3,
          perDay: 3
        })
        const events = '/api/3/events'
        await call(doorflowUrl, 'GET', events, sweepToken)
        await call(doorflowUrl, 'GET', `${events}?n=5&page=2&sort=ASC`, sweepToken)
        await call(doorflowUrl, 'GET', `${events}?first_name=Ada&channels=1340&event_codes=10,11,20`, sweepToken)
        await call(doorflowUrl, 'GET', `${events}?page=99999`, sweepToken)
        await call(doorflowUrl, 'GET', `${events}?event_codes=10,999`, sweepToken)
        await call(doorflowUrl, 'GET', events, FAKE_TOKEN)
        await call(doorflowUrl, 'GET', events, 'dft_unknown')
        const first = doorflow.events.all()[0]
        await call(doorflowUrl, 'GET', `${events}/${first.id}`, sweepToken)
        await call(doorflowUrl, 'GET', `${events}/1`, sweepToken)
      }
    ],
    [
      'people writes past the write limit (fake-doorflow --write-limit): 429 rate_limited with retry_in',
      async () => {
        doorflow.people.writeLimit = { writes: 1, perMs: 60_000 }
        try {
          for (const n of [1, 2]) {
            const person = { first_name: 'Rate', last_name: `Limited ${n}`, system_id: `RATE-${n}` }
            await call(doorflowUrl, 'POST', '/api/3/people', sweepToken, JSON.stringify(person))
          }
        } finally {
          doorflow.people.writeLimit = undefined
        }
      }
    ],
    [
      'every other operation of DoorFlow’s description that the fake serves',
      () => sweep(doorflow, doorflowUrl, sweepToken)
    ]
  ]
}

/**
 * Sends each operation of DoorFlow's description (path parameters from its examples, bodies
 * from its request examples) to the fake, first directly: a route the fake does not serve
 * answers as an unknown path does, and is left out. The others go through the proxy.
 */
async function sweep(doorflow: FakeDoorFlow, proxyUrl: string, token: string): Promise<void> {
  const spec = parse(readFileSync(DOORFLOW_SPEC, 'utf8')) as OpenApi
  const send = (base: string, method: string, path: string, body?: string) =>
    fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body
    }).then(async r => `${r.status} ${await r.text()}`)
  const unknown = await send(doorflow.url, 'GET', '/api/3/no-such-route-here')
  const served: string[] = []
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || template.startsWith('/oauth/')) continue
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => String(exampleParam(operation, name)))
      const body = requestExample(operation)
      const direct = await send(doorflow.url, method.toUpperCase(), path, body)
      if (direct === unknown.replace('/api/3/no-such-route-here', path) || direct === unknown) continue
      served.push(`${method.toUpperCase()} ${template}`)
      await send(proxyUrl, method.toUpperCase(), path, body)
    }
  }
  console.log(`Sweep: the fake serves ${served.length} operation(s) of DoorFlow's description: ${served.join(', ')}`)
}

interface Operation {
  parameters?: { name: string; in: string; example?: unknown; schema?: { example?: unknown } }[]
  requestBody?: { content?: Record<string, { example?: unknown; schema?: { example?: unknown } }> }
  security?: Record<string, string[]>[]
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>
}

function exampleParam(operation: Operation, name: string): unknown {
  const param = operation.parameters?.find(p => p.name === name && p.in === 'path')
  return param?.example ?? param?.schema?.example ?? 1
}

function requestExample(operation: Operation): string | undefined {
  const json = operation.requestBody?.content?.['application/json']
  if (!json) return undefined
  return JSON.stringify(json.example ?? json.schema?.example ?? {})
}

function scopesOf(spec: OpenApi): string[] {
  const scopes = new Set<string>()
  for (const item of Object.values(spec.paths))
    for (const operation of Object.values(item))
      for (const requirement of operation.security ?? [])
        for (const list of Object.values(requirement)) list.forEach(s => scopes.add(s))
  return [...scopes]
}

/**
 * GitHub's description of the endpoints the action calls: Actions secrets (repository and environment: public
 * key, get, create or update, delete), issue comments, GET /user, a commit's pull requests, a pull request's reviews and a
 * user's repository permission, cut from @octokit/openapi's dereferenced description
 * and cached under node_modules/.cache. Only that one file is taken from the package's tarball.
 */
function secretsSpec(): string {
  const file = join(
    CACHE,
    `github-secrets-comments-user-pulls-reviews-permission-${OCTOKIT_OPENAPI.split('@').pop()}.json`
  )
  if (existsSync(file)) return file
  mkdirSync(CACHE, { recursive: true })
  console.log(`Fetching GitHub's REST description (${OCTOKIT_OPENAPI}) …`)
  const tarball = execFileSync('npm', ['pack', OCTOKIT_OPENAPI, '--silent', '--pack-destination', CACHE], {
    encoding: 'utf8'
  }).trim()
  const member = 'package/generated/api.github.com.deref.json'
  execFileSync('tar', ['-xzf', join(CACHE, tarball), '-C', CACHE, member])
  const full = JSON.parse(readFileSync(join(CACHE, member), 'utf8')) as OpenApi & {
    openapi: string
    info: { version: string }
  }
  const wanted =
    /^(\/user|\/repos\/\{owner\}\/\{repo\}\/((actions|environments\/\{environment_name\})\/secrets\/(public-key|\{secret_name\})|issues\/(\{issue_number\}\/comments|comments\/\{comment_id\})|commits\/\{commit_sha\}\/pulls|pulls\/\{pull_number\}\/reviews|collaborators\/\{username\}\/permission))$/
  const paths = Object.fromEntries(Object.entries(full.paths).filter(([path]) => wanted.test(path)))
  const spec = {
    openapi: full.openapi,
    info: {
      title:
        "GitHub Actions secrets, issue comments, the user, pulls of a commit, reviews of a pull request and a user's permission",
      version: full.info.version
    },
    paths
  }
  writeFileSync(file, JSON.stringify(spec))
  rmSync(join(CACHE, 'package'), { recursive: true, force: true })
  rmSync(join(CACHE, tarball), { force: true })
  return file
}

function report(exchanges: Exchange[]): void {
  const broken = exchanges.filter(e => e.errors.length)
  const undescribed = exchanges.filter(e => e.warnings.length && !e.errors.length)
  for (const contract of ['DoorFlow', 'GitHub']) {
    const mine = exchanges.filter(e => e.contract === contract)
    const seen = new Map<string, number>()
    for (const e of mine) {
      const answer = `${e.route.split('  [')[0].split('?')[0]} → ${e.status ?? 'no answer'}`
      seen.set(answer, (seen.get(answer) ?? 0) + 1)
    }
    console.log(
      `${contract}: ${mine.length} answers checked, ${mine.filter(e => e.errors.length).length} break the contract`
    )
    for (const [answer, n] of [...seen].sort()) console.log(`  ${answer}${n > 1 ? ` (×${n})` : ''}`)
  }
  for (const e of undescribed) console.log(`  note: ${e.contract} ${e.route} → ${e.status}: ${e.warnings.join('; ')}`)
  for (const e of broken) console.log(`  VIOLATION: ${e.contract} ${e.route} → ${e.status}: ${e.errors.join('; ')}`)
  const count = broken.reduce((n, e) => n + e.errors.length, 0)
  console.log(`check:contracts: ${count} violation(s) in ${broken.length} answer(s)`)
  if (count) process.exitCode = 1
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

await main()
