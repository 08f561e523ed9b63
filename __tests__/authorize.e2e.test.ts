/**
 * `npm run authorize` against the fake DoorFlow, non-interactively: the test plays the
 * browser (follows the consent page's redirect to the command's callback).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { get } from 'node:http'
import { join } from 'node:path'
import { FakeDoorFlow, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET } from '../__fixtures__/fake-doorflow.js'
import { ROOT } from '../__fixtures__/run-action.js'
import { ghSecretLine, pkcePair } from '../script/authorize.js'

let fake: FakeDoorFlow
beforeEach(async () => {
  fake = await FakeDoorFlow.start()
})
afterEach(async () => {
  await fake.close()
})

function start(args: string[]): {
  child: ChildProcessWithoutNullStreams
  output: () => string
  exit: Promise<number | null>
} {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'script', 'authorize.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '' }
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
  '--client-id',
  FAKE_CLIENT_ID,
  '--client-secret',
  FAKE_CLIENT_SECRET,
  '--port',
  '0',
  '--no-browser',
  '--authorize-url',
  `${fake.url}/oauth/authorize`,
  '--api-url',
  fake.url,
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
  expect(callback.body).toContain('You can close this tab')
  expect(await run.exit).toBe(0)

  const [issued] = [...fake.refreshTokens.keys()]
  expect(issued).toBeDefined()
  const text = run.output()
  expect(text.split(issued).length - 1).toBe(1)
  expect(text).toContain(`\n  ${issued}\n`)
  expect(text).toContain('  gh secret set DOORFLOW_REFRESH_TOKEN --repo acme/door-config\n')
  const exchange = new URLSearchParams(fake.requestsTo('POST /oauth/token')[0].body)
  expect(exchange.get('grant_type')).toBe('authorization_code')
  expect(exchange.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/)
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
  expect(fake.requestsTo('POST /oauth/token')).toHaveLength(0)
})

it('asks for the client id and secret', async () => {
  const run = start(['--no-browser'])
  expect(await run.exit).toBe(2)
  expect(run.output()).toContain(
    'Error: --client-id and --client-secret (or DOORFLOW_CLIENT_ID and DOORFLOW_CLIENT_SECRET) are required.'
  )
})

describe('helpers', () => {
  it('pkcePair: the challenge is the base64url SHA-256 of the verifier', async () => {
    const { createHash } = await import('node:crypto')
    const { verifier, challenge } = pkcePair()
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'))
    expect(pkcePair().verifier).not.toBe(verifier)
  })
  it('ghSecretLine names the repository and environment when given', () => {
    expect(ghSecretLine({ secretName: 'RT' })).toBe('gh secret set RT')
    expect(ghSecretLine({ secretName: 'RT', repo: 'a/b', env: 'prod' })).toBe('gh secret set RT --repo a/b --env prod')
  })
})
