/**
 * send() over real sockets against the fakes on loopback: the body cap, a connection cut
 * mid-body, bracketed IPv6, and requests through the CONNECT proxy.
 */
import { ConnectProxy } from '../../__fixtures__/connect-proxy.js'
import { FakeDoorFlow } from '../../__fixtures__/fake-doorflow.js'
import { throwawayCertificate, type TlsIdentity } from '../../__fixtures__/tls.js'
import { httpProxy, MAX_BODY_BYTES, send, type Outcome } from '../../src/net/http.js'

let fake: FakeDoorFlow
afterEach(async () => {
  await fake?.close()
})

const get = (url: string, timeoutMs = 5000): Promise<Outcome> => send({ method: 'GET', url, timeoutMs })
const post = (url: string, timeoutMs = 5000): Promise<Outcome> => send({ method: 'POST', url, body: '', timeoutMs })

describe('the body cap', () => {
  beforeEach(async () => {
    fake = await FakeDoorFlow.start()
  })

  it('reads a body of exactly MAX_BODY_BYTES whole', async () => {
    fake.script('POST /api/3/sync', { status: 200, body: 'x'.repeat(MAX_BODY_BYTES) })
    const out = await post(`${fake.url}/api/3/sync`)
    expect(out).toMatchObject({ kind: 'response', status: 200 })
    expect(out.kind === 'response' && out.body.length).toBe(MAX_BODY_BYTES)
    expect(out.kind === 'response' && out.truncated).toBeFalsy()
  })

  it('stops one byte past it: the first MAX_BODY_BYTES, marked truncated', async () => {
    fake.script('POST /api/3/sync', { status: 500, body: 'y'.repeat(MAX_BODY_BYTES + 1) })
    const out = await post(`${fake.url}/api/3/sync`)
    expect(out).toMatchObject({ kind: 'response', status: 500, truncated: true })
    expect(out.kind === 'response' && out.body).toBe('y'.repeat(MAX_BODY_BYTES))
  })

  it('closes the connection of a 64 MiB answer instead of reading it', async () => {
    fake.script('POST /api/3/sync', { streamBytes: 64 * 1024 * 1024 })
    const out = await post(`${fake.url}/api/3/sync`, 30_000)
    expect(out).toMatchObject({ kind: 'response', status: 200, truncated: true })
    expect(out.kind === 'response' && out.body.startsWith('{"result":"ok","padding":"xxx')).toBe(true)
    await until(() => fake.streamed[0]?.closedEarly === true)
    expect(fake.streamed[0].bytes).toBeLessThan(32 * 1024 * 1024)
  })
})

describe('connection faults', () => {
  beforeEach(async () => {
    fake = await FakeDoorFlow.start()
  })

  it('reports a connection closed mid-body at once, not at the deadline', async () => {
    fake.script('POST /api/3/sync', { cutAfterBytes: 4, body: { result: 'ok' } })
    const started = Date.now()
    const out = await post(`${fake.url}/api/3/sync`, 20_000)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(out).toEqual({
      kind: 'error',
      reason: 'connection',
      code: 'ECONNRESET',
      detail: 'closed mid-body after 4 bytes of an HTTP 200 answer'
    })
  })

  it('times out a trickling answer at its deadline', async () => {
    fake.script('POST /api/3/sync', { trickleMs: 200, body: { result: 'ok', padding: 'x'.repeat(50) } })
    const started = Date.now()
    const out = await post(`${fake.url}/api/3/sync`, 600)
    expect(Date.now() - started).toBeLessThan(1500)
    expect(out).toMatchObject({ kind: 'error', reason: 'timeout' })
  })
})

describe('IPv6 loopback', () => {
  it('reaches http://[::1]:PORT', async () => {
    try {
      fake = await FakeDoorFlow.start({ host: '::1' })
    } catch {
      console.warn('No IPv6 loopback on this machine: skipped.')
      return
    }
    expect(fake.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    const out = await get(`${fake.url}/api/3/account`)
    expect(out).toMatchObject({ kind: 'response', status: 401 })
    expect(fake.requests[0].headers.host).toBe(new URL(fake.url).host)
  })
})

describe('through a CONNECT proxy', () => {
  let proxy: ConnectProxy
  let cert: TlsIdentity
  // The proxy variables requests go by, as main.ts gives them from the runner's context.
  const useProxy = (url: string) => (httpProxy.variables = name => (name === 'HTTPS_PROXY' ? url : undefined))
  beforeAll(() => {
    cert = throwawayCertificate(['doorflow.test'])
  })
  afterAll(() => cert.dispose())
  beforeEach(async () => {
    fake = await FakeDoorFlow.start({ tls: cert })
    proxy = await ConnectProxy.start()
    useProxy(proxy.url.replace('http://', 'http://door%40admin:p%3Ass@'))
  })
  afterEach(async () => {
    httpProxy.variables = () => undefined
    await proxy.close()
  })
  const target = () => `https://doorflow.test:${new URL(fake.url).port}/api/3/account`

  it('tunnels to the host by name, with the proxy credentials decoded, and checks the certificate', async () => {
    // This process does not trust the throwaway certificate (the end-to-end tests pass it in
    // NODE_EXTRA_CA_CERTS), so the TLS check inside the tunnel must refuse it.
    const out = await get(target())
    expect(proxy.connects).toEqual([
      {
        target: `doorflow.test:${new URL(fake.url).port}`,
        authorization: `Basic ${Buffer.from('door@admin:p:ss').toString('base64')}`,
        at: expect.any(Number)
      }
    ])
    expect(out).toMatchObject({ kind: 'error', reason: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    expect(out.kind === 'error' && out.hint).toMatch(/NODE_EXTRA_CA_CERTS/)
    await until(() => proxy.openSockets === 0)
  })

  it('an https:// proxy URL to a plain proxy is blamed on the proxy variable, at once', async () => {
    useProxy(proxy.url.replace('http://', 'https://'))
    const out = await get(target())
    expect(out).toMatchObject({
      kind: 'error',
      reason: 'proxy',
      detail: `the proxy in HTTPS_PROXY (${new URL(proxy.url).host}) does not speak TLS (wrong version number)`,
      hint: 'HTTPS_PROXY uses https:// to a port that answers plain HTTP: check its scheme and port.'
    })
    expect(proxy.connects).toHaveLength(0)
  })

  it('names the proxy, not DoorFlow, when it refuses the tunnel', async () => {
    proxy.refuse = 407
    const out = await get(target())
    expect(out).toMatchObject({ kind: 'error', reason: 'proxy' })
    expect(out.kind === 'error' && out.detail).toBe(
      `the proxy in HTTPS_PROXY (${new URL(proxy.url).host}) refused to tunnel to doorflow.test:${new URL(fake.url).port} (HTTP 407)`
    )
    expect(JSON.stringify(out)).not.toMatch(/admin|p:ss|p%3Ass/)
  })
})

async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}
