/**
 * `npm run authorize` against the fake DoorFlow, non-interactively: the test plays the
 * browser (follows the consent page's redirect to the command's callback).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { get } from 'node:http'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET } from '../../__fixtures__/fake-doorflow.js'
import { ROOT } from '../../__fixtures__/run-action.js'
import {
  escapeHtml,
  ghSecretLine,
  nextSteps,
  pkcePair,
  plainLine,
  resultPage,
  secretsToCreate,
  workflowSnippet
} from '../../script/authorize.js'
import { parse } from 'yaml'
import { readFileSync } from 'node:fs'
import { fakeEachTest } from '../helpers/each-test.js'

const fake = fakeEachTest(() => FakeDoorFlow.start())

function start(
  args: string[],
  env: Record<string, string> = { DOORFLOW_CLIENT_ID: FAKE_CLIENT_ID, DOORFLOW_CLIENT_SECRET: FAKE_CLIENT_SECRET }
): {
  child: ChildProcessWithoutNullStreams
  output: () => string
  exit: Promise<number | null>
} {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'script', 'authorize.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env }
  })
  let output = ''
  child.stdout.on('data', d => (output += d))
  child.stderr.on('data', d => (output += d))
  return { child, output: () => output, exit: new Promise(resolve => child.on('close', resolve)) }
}

async function printedUrl(output: () => string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const match = /^ {2}(http:\/\/\S+\/oauth\/authorize\?\S+)$/m.exec(output())
    if (match) return match[1]
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error(`no authorize URL printed:\n${output()}`)
}

/** GET without following redirects; resolves with status and Location. */
function fetchOnce(url: string): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, res => {
      let body = ''
      res.on('data', d => (body += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }))
    }).on('error', reject)
  })
}

const args = () => [
  '--port',
  '0',
  '--no-browser',
  '--authorize-url',
  `${fake().url}/oauth/authorize`,
  '--api-url',
  fake().url,
  '--repo',
  'acme/door-config'
]

it('runs the code flow with PKCE and prints the refresh token once, with the gh line', async () => {
  const run = start(args())
  const url = new URL(await printedUrl(run.output))
  expect(url.searchParams.get('code_challenge_method')).toBe('S256')
  expect(url.searchParams.get('scope')).toBe('account.sync')
  expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
  const consent = await fetchOnce(url.toString())
  expect(consent.status).toBe(302)
  const callback = await fetchOnce(consent.location!)
  expect(callback.status).toBe(200)
  expect(callback.body).toContain('DoorFlow access granted')
  expect(callback.body).toContain('You can close this tab')
  expect(await run.exit).toBe(0)

  const [issued] = [...fake().refreshTokens.keys()]
  expect(issued).toBeDefined()
  const text = run.output()
  expect(text.split(issued).length - 1).toBe(1)
  expect(text).toContain(`\n  ${issued}\n`)
  // Every secret the workflow reads, each with a gh line that carries no value.
  for (const name of ['DOORFLOW_CLIENT_ID', 'DOORFLOW_CLIENT_SECRET', 'DOORFLOW_REFRESH_TOKEN', 'SECRETS_WRITER_TOKEN'])
    expect(text).toMatch(new RegExp(`^ {5}gh secret set ${name} --repo acme/door-config$`, 'm'))
  expect(text).not.toContain(FAKE_CLIENT_SECRET)
  expect(text.split('\n').filter(l => l.includes('gh secret set') && l.includes(issued))).toEqual([])
  // The workflow, complete, with those names.
  expect(text).toContain('refresh-token: ${{ secrets.DOORFLOW_REFRESH_TOKEN }}')
  expect(text).toContain('concurrency:')
  const exchange = new URLSearchParams(fake().requestsTo('POST /oauth/token')[0].body)
  expect(exchange.get('grant_type')).toBe('authorization_code')
  expect(exchange.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/)
})

it('says every scope asked for and not granted, and no account.sync warning for a grant that never asked for it', async () => {
  fake().grantScopes = ['account.person.readonly', 'account.sync']
  const asked = 'account.person.readonly account.group.readonly account.role.readonly'
  const run = start([...args(), '--secret-name', 'DOORFLOW_PLAN_REFRESH_TOKEN', '--scope', asked])
  const consent = await fetchOnce(await printedUrl(run.output))
  const callback = await fetchOnce(consent.location!)
  expect(await run.exit).toBe(0)
  const warning =
    'Warning: DoorFlow did not grant account.group.readonly account.role.readonly, which you asked for, so the workflows that need them will fail. Allow the OAuth app those scopes in DoorFlow and run npm run authorize again.'
  expect(run.output().split('\n')).toContain(warning)
  expect(callback.body).toContain('did not grant account.group.readonly account.role.readonly')
  expect(run.output()).not.toContain('account.sync was not granted')
  expect(run.output()).not.toContain('doorflow-sync.yml')
})

it('--access-token prints an access token for token mode, with its expiry, and no refresh token', async () => {
  const run = start([...args(), '--access-token'])
  const consent = await fetchOnce(await printedUrl(run.output))
  expect((await fetchOnce(consent.location!)).status).toBe(200)
  expect(await run.exit).toBe(0)
  const text = run.output()
  const access = fake().issued.find(t => t.startsWith('dfa_'))!
  expect(text.split(access).length - 1).toBe(1)
  expect(fake().tokens.get(access)).toContain('account.sync')
  for (const refresh of fake().refreshTokens.keys()) expect(text).not.toContain(refresh)
  expect(text).toMatch(/it stops working at \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
  expect(text).toContain('gh secret set DOORFLOW_TOKEN --repo acme/door-config')
  expect(text).toContain('token: ${{ secrets.DOORFLOW_TOKEN }}')
})

it('refuses a redirect with the wrong state', async () => {
  const run = start(args())
  const url = new URL(await printedUrl(run.output))
  const forged = new URL(url.searchParams.get('redirect_uri')!)
  forged.searchParams.set('code', 'stolen')
  forged.searchParams.set('state', 'not-the-state')
  expect((await fetchOnce(forged.toString())).status).toBe(400)
  expect(await run.exit).toBe(1)
  expect(run.output()).toContain('Error: the redirect carried the wrong state; start again.')
  expect(fake().requestsTo('POST /oauth/token')).toHaveLength(0)
})

it('with a wrong client secret, the browser page shows the failure and the fix, and nothing is printed as granted', async () => {
  const run = start(args(), { DOORFLOW_CLIENT_ID: FAKE_CLIENT_ID, DOORFLOW_CLIENT_SECRET: 'not-the-secret' })
  const consent = await fetchOnce(await printedUrl(run.output))
  const callback = await fetchOnce(consent.location!)
  expect(callback.status).toBe(502)
  expect(callback.body).not.toContain('access granted')
  expect(callback.body).not.toContain('close this tab')
  expect(callback.body).toContain(
    'Exchanging the code failed: HTTP 401 (invalid_client: Client authentication failed).'
  )
  expect(callback.body).toContain('DoorFlow rejected the client ID or secret')
  expect(await run.exit).toBe(1)
  const text = run.output()
  expect(text).toContain('Error: exchanging the code failed: HTTP 401 (invalid_client: Client authentication failed).')
  expect(text).toMatch(
    /^Fix: DoorFlow rejected the client ID or secret: set DOORFLOW_CLIENT_ID and DOORFLOW_CLIENT_SECRET/m
  )
  expect(text).not.toContain('gh secret set')
  expect(fake().refreshTokens.size).toBe(0)
})

it("shows DoorFlow's refusal in the browser escaped, and in the terminal as one line", async () => {
  const run = start(args())
  const url = new URL(await printedUrl(run.output))
  const back = new URL(url.searchParams.get('redirect_uri')!)
  back.searchParams.set('error', 'access_denied')
  back.searchParams.set('error_description', '<script>alert(1)</script>\n::error::forged')
  back.searchParams.set('state', url.searchParams.get('state')!)
  const page = await fetchOnce(back.toString())
  expect(page.status).toBe(400)
  expect(page.body).not.toContain('<script>')
  expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  expect(page.body).toContain('run npm run authorize again and approve it')
  expect(await run.exit).toBe(1)
  expect(run.output()).toContain('Error: DoorFlow refused: access_denied <script>alert(1)</script> ::error::forged.\n')
  expect(run.output()).not.toMatch(/^::error::/m)
})

it('asks for the client id and secret in the environment', async () => {
  const run = start(['--no-browser'], {})
  expect(await run.exit).toBe(2)
  expect(run.output()).toContain('Error: set DOORFLOW_CLIENT_ID and DOORFLOW_CLIENT_SECRET in the environment')
})

it('refuses a client secret on the command line', async () => {
  const run = start(['--client-secret', 'on-the-command-line', '--no-browser'])
  expect(await run.exit).toBe(2)
  expect(run.output()).toContain('Error: pass the client secret in DOORFLOW_CLIENT_SECRET, not on the command line')
})

describe('helpers', () => {
  it('pkcePair: the challenge is the base64url SHA-256 of the verifier', async () => {
    const { createHash } = await import('node:crypto')
    const { verifier, challenge } = pkcePair()
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'))
    expect(pkcePair().verifier).not.toBe(verifier)
  })
  it('the next steps list every secret the workflow reads, and the workflow reads exactly those', () => {
    for (const env of [undefined, 'production']) {
      const o = { secretName: 'RT', repo: 'a/b', env, scope: 'account.sync account.person' }
      const text = nextSteps(o)
      const names = secretsToCreate(o).map(s => s.name)
      expect(names).toEqual(['DOORFLOW_CLIENT_ID', 'DOORFLOW_CLIENT_SECRET', 'RT', 'SECRETS_WRITER_TOKEN'])
      for (const name of names) expect(text).toContain(ghSecretLine({ ...o, secretName: name }))
      const workflow = parse(workflowSnippet(o)) as {
        concurrency: Record<string, unknown>
        jobs: { sync: { environment?: string; steps: { with: Record<string, unknown> }[] } }
      }
      expect(workflow.concurrency).toEqual({ group: 'doorflow-sync', 'cancel-in-progress': false })
      const w = workflow.jobs.sync.steps[0].with
      const read = Object.values(w).flatMap(v => [...String(v).matchAll(/secrets\.(\w+)/g)].map(m => m[1]))
      expect(read.sort()).toEqual([...names].sort())
      expect(w['refresh-token-secret']).toBe('RT')
      expect(w['refresh-token-secret-environment']).toBe(env)
      expect(workflow.jobs.sync.environment).toBe(env)
    }
  })
  it("a grant that cannot sync (the plan's read-only one) is shown its secrets and no sync workflow", () => {
    const o = {
      secretName: 'PLAN_RT',
      repo: 'a/b',
      env: undefined,
      scope: 'account.person.readonly account.group.readonly'
    }
    const text = nextSteps(o)
    for (const s of secretsToCreate(o)) expect(text).toContain(ghSecretLine({ ...o, secretName: s.name }))
    expect(text).not.toContain('doorflow-sync.yml')
    expect(text).not.toContain('concurrency:')
    expect(text).toContain('Use PLAN_RT in the workflows of examples/workflows/ that read it')
  })
  it("the README's setup workflow (examples/workflows/doorflow-sync.yml) is the one authorize prints for the default names", () => {
    const example = readFileSync(join(ROOT, 'examples', 'workflows', 'doorflow-sync.yml'), 'utf8').trimEnd()
    expect(workflowSnippet({ secretName: 'DOORFLOW_REFRESH_TOKEN', env: 'doorflow' })).toBe(example)
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const block = /<!-- example: examples\/workflows\/doorflow-sync\.yml -->\n\n {3}```yaml\n([\s\S]*?)\n {3}```/.exec(
      readme
    )
    expect(block).not.toBeNull()
    expect(block![1].replace(/^ {3}/gm, '')).toBe(example)
  })
  it('escapes every piece of text on the result page', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    expect(resultPage(false, '<b>', ['<i>'])).not.toMatch(/<b>|<i>/)
  })
  it('plainLine flattens control characters and caps the length', () => {
    expect(plainLine('a\n::error::b\u001b[31m c')).toBe('a ::error::b [31m c')
    expect(plainLine('x'.repeat(400))).toHaveLength(301)
    expect(plainLine('account.sync\u200b account.\u202eperson')).toBe('account.sync account.person')
  })
  it('ghSecretLine names the repository and environment when given', () => {
    expect(ghSecretLine({ secretName: 'RT' })).toBe('gh secret set RT')
    expect(ghSecretLine({ secretName: 'RT', repo: 'a/b', env: 'prod' })).toBe('gh secret set RT --repo a/b --env prod')
  })
})
