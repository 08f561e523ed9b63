/**
 * End to end: the network faults a real runner meets, against the bundle. Each case asserts
 * the exit code, the time against the budget, what the servers received, and the error line.
 * Everything listens on 127.0.0.1 (or ::1); the proxy maps every tunnel to 127.0.0.1, so the
 * host name `doorflow.test` never reaches DNS.
 */
import { lookup } from 'node:dns/promises'
import { createServer } from 'node:net'
import { ConnectProxy } from '../../__fixtures__/connect-proxy.js'
import { FakeDoorFlow, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, FAKE_TOKEN } from '../../__fixtures__/fake-doorflow.js'
import { leakedLines, runAction, type ActionRun, type RunOptions } from '../../__fixtures__/run-action.js'
import { throwawayCertificate, type TlsIdentity } from '../../__fixtures__/tls.js'
import { act, errorLines } from '../helpers/e2e.js'

let cert: TlsIdentity
beforeAll(() => {
  cert = throwawayCertificate(['doorflow.test'])
})
afterAll(() => cert.dispose())

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
})
async function doorflow(options: Parameters<typeof FakeDoorFlow.start>[0] = {}): Promise<FakeDoorFlow> {
  const fake = await FakeDoorFlow.start(options)
  closers.push(() => fake.close())
  return fake
}
async function connectProxy(refuse?: number): Promise<ConnectProxy> {
  const proxy = await ConnectProxy.start({ refuse })
  closers.push(() => proxy.close())
  return proxy
}

/** Runs the bundle, noting when its first ::error:: line was printed. */
async function timed(
  inputs: Record<string, string>,
  options: RunOptions = {}
): Promise<ActionRun & { errorAt?: number }> {
  let errorAt: number | undefined
  const run = await runAction(
    { token: FAKE_TOKEN, ...inputs },
    {
      ...options,
      onSpawn: child =>
        child.stdout!.on('data', d => (errorAt ??= /::error::/.test(String(d)) ? Date.now() : undefined))
    }
  )
  expect(leakedLines(run, [FAKE_TOKEN])).toEqual([])
  return { ...run, errorAt }
}
const elapsed = (run: ActionRun) => run.endedAt - run.startedAt
const tunnelled = (fake: FakeDoorFlow) => `https://doorflow.test:${new URL(fake.url).port}`

describe('HTTPS through a CONNECT proxy', () => {
  it('syncs through the tunnel, trusting the certificate from NODE_EXTRA_CA_CERTS', async () => {
    const fake = await doorflow({ tls: cert })
    const proxy = await connectProxy()
    const run = await timed(
      { 'base-url': tunnelled(fake) },
      { env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: cert.caFile } }
    )
    expect(run.code).toBe(0)
    expect(fake.requestsTo('POST /api/3/sync')).toHaveLength(1)
    expect(proxy.connects.map(c => c.target)).toEqual([`doorflow.test:${new URL(fake.url).port}`])
  })

  it('ends a trickling answer at request-timeout-seconds, and the process within a second of its first error line', async () => {
    const fake = await doorflow({ tls: cert })
    const proxy = await connectProxy()
    // 60 bytes at one a second: the server would finish after a minute.
    fake.script('POST /api/3/sync', { trickleMs: 1000, body: { result: 'ok', padding: 'x'.repeat(40) } })
    const run = await timed(
      { 'base-url': tunnelled(fake), 'request-timeout-seconds': '2', 'max-attempts': '1' },
      { env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: cert.caFile } }
    )
    expect(run.code).toBe(1)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Sync failed after 1 attempt in \d+(?:\.\d)? s \(max-attempts reached\); last answer: request timeout \(no complete answer within 2 s\)\./
      )
    ])
    const [sync] = fake.requestsTo('POST /api/3/sync')
    expect(fake.requestsTo('POST /api/3/sync')).toHaveLength(1)
    // The request is cut at 2 s: the error line comes about 2 s after the request reached DoorFlow,
    // not when the trickle would end (a minute). Timed from the request, not from the spawn: the
    // action's own "in N s" also holds Node's start and the CONNECT, which a loaded machine
    // stretches by a second or more. Both ends are stamped by this test's process, whose own
    // event loop a loaded machine delays: hence the margins, still far from a minute.
    expect(run.errorAt! - sync.at).toBeGreaterThan(2000 - 500)
    expect(run.errorAt! - sync.at).toBeLessThan(2000 + 3000)
    expect(run.endedAt - run.errorAt!).toBeLessThan(1000)
    // Far under the trickle's minute; the start and the CONNECT are the rest.
    expect(elapsed(run)).toBeLessThan(10_000)
    // The tunnel went with the process: the proxy holds no connection to the server.
    await until(() => proxy.openSockets === 0)
  })

  it('names the proxy variable and host when nothing listens there, never its credentials', async () => {
    const port = await unusedPort()
    const run = await timed(
      { 'base-url': 'https://doorflow.test', 'max-attempts': '2' },
      { env: { HTTPS_PROXY: `http://door-admin:hunter2@127.0.0.1:${port}` } }
    )
    expect(run.code).toBe(1)
    expect(run.outputs['attempts']).toBe('2')
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::error::Sync failed after 2 attempts in [\\d.]+ s \\(max-attempts reached\\); last answer: connection error \\(cannot reach the proxy in HTTPS_PROXY \\(127\\.0\\.0\\.1:${port}\\): ECONNREFUSED\\)\\. Check HTTPS_PROXY`
        )
      )
    ])
    expect(run.lines.join('\n')).not.toMatch(/hunter2|door-admin|DoorFlow or the network/)
    expect(elapsed(run)).toBeLessThan(5000)
  })

  it.each([
    [403, 'The proxy does not allow doorflow.test: ask its administrator to allow it'],
    [407, 'The proxy wants credentials: give them in HTTPS_PROXY (http://user:password@host:port)']
  ])('fails at once when the proxy answers CONNECT with %i', async (status, advice) => {
    const proxy = await connectProxy(status)
    const run = await timed(
      { 'base-url': 'https://doorflow.test', 'max-attempts': '5' },
      { env: { HTTPS_PROXY: proxy.url } }
    )
    expect(run.code).toBe(1)
    expect(proxy.connects).toHaveLength(1)
    expect(run.outputs['attempts']).toBe('1')
    expect(errorLines(run)).toEqual([
      `::error::Sync failed: proxy error (the proxy in HTTPS_PROXY (${new URL(proxy.url).host}) refused to tunnel to doorflow.test:443 (HTTP ${status})). ${advice}, or add doorflow.test to NO_PROXY if it should be reached directly.`
    ])
    expect(elapsed(run)).toBeLessThan(3000)
  })

  it('refuses an invalid HTTPS_PROXY before any request, without echoing it', async () => {
    const proxy = await connectProxy()
    const run = await timed(
      { 'base-url': 'https://doorflow.test' },
      { env: { HTTPS_PROXY: `http://admin:hunter2@127.0.0.1:99999` } }
    )
    expect(run.code).toBe(1)
    expect(proxy.connects).toHaveLength(0)
    expect(errorLines(run)).toEqual([
      "::error::Environment variable 'HTTPS_PROXY' is not a proxy URL: use http://host:port (or http://user:password@host:port)."
    ])
    expect(run.lines.join('\n')).not.toContain('hunter2')
  })
})

/**
 * Whether this machine's resolver says `host` does not exist (ENOTFOUND), as the tests that
 * need it assume; when it answers anything else, the test is skipped with a warning.
 */
async function notFound(host: string): Promise<boolean> {
  const resolves = await lookup(host).then(
    () => 'resolved',
    (e: NodeJS.ErrnoException) => e.code
  )
  if (resolves !== 'ENOTFOUND') console.warn(`The resolver answers ${resolves} for ${host}: skipped.`)
  return resolves === 'ENOTFOUND'
}

describe('errors that no retry can fix end at once', () => {
  it('a host that does not exist (ENOTFOUND): one attempt, the host and the fix', async () => {
    const host = 'api.doorfolw.invalid'
    if (!(await notFound(host))) return
    const run = await timed({ 'base-url': `https://${host}`, 'max-attempts': '5' })
    expect(run.code).toBe(1)
    expect(run.outputs['attempts']).toBe('1')
    expect(errorLines(run)).toEqual([
      `::error::Sync failed: DNS error (host not found: ENOTFOUND ${host}). No DNS name ${host} exists: check base-url for a typo.`
    ])
    expect(elapsed(run)).toBeLessThan(3000)
  })

  it("GitHub's API host not found: the fix names GITHUB_API_URL, and DoorFlow is never asked", async () => {
    const host = 'api.github.invalid'
    if (!(await notFound(host))) return
    const fake = await doorflow()
    const run = await runAction(
      {
        'base-url': fake.url,
        'client-id': FAKE_CLIENT_ID,
        'client-secret': FAKE_CLIENT_SECRET,
        'refresh-token': fake.issueRefreshToken(),
        'refresh-token-secret': 'DOORFLOW_REFRESH_TOKEN',
        'github-token': 'ghp_fake_token_for_dns_test',
        'max-attempts': '5'
      },
      { env: { GITHUB_API_URL: `https://${host}`, GITHUB_REPOSITORY: 'acme/door-config' } }
    )
    expect(run.code).toBe(1)
    expect(fake.requests).toHaveLength(0)
    expect(errorLines(run)).toEqual([
      expect.stringContaining(`ENOTFOUND ${host}). No DNS name ${host} exists: check GITHUB_API_URL for a typo.`)
    ])
    expect(errorLines(run)[0]).not.toMatch(/base-url/)
    expect(elapsed(run)).toBeLessThan(3000)
  })

  it('https:// to a plain-HTTP port: one attempt, the fix, no OpenSSL text', async () => {
    const fake = await doorflow()
    const run = await timed({ 'base-url': fake.url.replace('http:', 'https:'), 'max-attempts': '5' })
    expect(run.code).toBe(1)
    expect(run.outputs['attempts']).toBe('1')
    expect(fake.requests).toHaveLength(0)
    expect(errorLines(run)).toEqual([
      `::error::Sync failed: TLS error (${new URL(fake.url).host} does not speak TLS (wrong version number)). base-url uses https:// to a port that answers plain HTTP: check its scheme and port.`
    ])
    expect(run.stdout).not.toMatch(/openssl|ssl3_get_record|\.c:\d/)
    expect(elapsed(run)).toBeLessThan(3000)
  })

  it('a certificate the runner does not trust: one attempt, and NODE_EXTRA_CA_CERTS as the fix', async () => {
    const fake = await doorflow({ tls: cert })
    const run = await timed({ 'base-url': fake.url, 'max-attempts': '5' })
    expect(run.code).toBe(1)
    expect(fake.requests).toHaveLength(0)
    expect(errorLines(run)).toEqual([
      `::error::Sync failed: TLS error (the certificate of ${new URL(fake.url).host} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)). Check base-url; if a proxy intercepts HTTPS on this network, give the action its CA certificate with NODE_EXTRA_CA_CERTS (a PEM file path, set as an environment variable of the step).`
    ])
  })

  it.each([
    ['a euro sign', 'dft_abc€def'],
    ['a zero-width space', 'dft_abc\u200bdef']
  ])('a token with %s: an input error, no request', async (_, token) => {
    const fake = await doorflow()
    const run = await act(fake, { token, 'max-attempts': '5' }, {}, [token])
    expect(run.code).toBe(1)
    expect(fake.requests).toHaveLength(0)
    expect(errorLines(run)).toEqual([
      "::error::Input 'token' contains a character that cannot be sent in an HTTP header (character 8 is not plain ASCII, e.g. a zero-width space or a typographic character picked up in copy and paste): store the value alone, as issued, in the secret."
    ])
    expect(elapsed(run)).toBeLessThan(3000)
  })
})

describe('answers cut short or too long', () => {
  it('a connection closed mid-body is a connection error at once, retried without waiting for the timeout', async () => {
    const fake = await doorflow()
    fake.script(
      'POST /api/3/sync',
      { cutAfterBytes: 5, body: { result: 'ok' } },
      { cutAfterBytes: 5, body: { result: 'ok' } }
    )
    const run = await act(fake, { 'max-attempts': '2', 'request-timeout-seconds': '20' })
    expect(run.code).toBe(1)
    expect(fake.requestsTo('POST /api/3/sync')).toHaveLength(2)
    expect(errorLines(run)).toEqual([
      expect.stringMatching(
        /^::error::Sync failed after 2 attempts in [\d.]+ s \(max-attempts reached\); last answer: connection error \(closed mid-body after 5 bytes of an HTTP 200 answer\)\./
      )
    ])
    // Two attempts and one backoff (under 1 s), nowhere near 2 × 20 s.
    expect(elapsed(run)).toBeLessThan(5000)
  })

  it('reads at most 1 MiB of a 64 MiB answer, closes the connection, and judges what it read', async () => {
    const fake = await doorflow()
    fake.script('POST /api/3/sync', { streamBytes: 64 * 1024 * 1024 })
    const run = await act(fake, { 'request-timeout-seconds': '30' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ status: '200', attempts: '1', initiated: 'true' })
    expect(fake.requestsTo('POST /api/3/sync')).toHaveLength(1)
    await until(() => fake.streamed[0]?.closedEarly === true)
    expect(fake.streamed[0].bytes).toBeLessThan(32 * 1024 * 1024)
    expect(Math.max(...run.lines.map(l => l.length))).toBeLessThan(4096)
  })
})

describe('IPv6 loopback', () => {
  it('syncs with base-url http://[::1]:PORT', async () => {
    let fake: FakeDoorFlow
    try {
      fake = await doorflow({ host: '::1' })
    } catch {
      return console.warn('No IPv6 loopback on this machine: skipped.')
    }
    const run = await act(fake, { 'base-url': fake.url })
    expect(fake.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    expect(run.code).toBe(0)
    expect(fake.requestsTo('POST /api/3/sync')).toHaveLength(1)
  })
})

function unusedPort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
