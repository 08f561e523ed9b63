import { classify } from '../../src/net/retry-policy.js'
import { connectRefused, describeNetError, opensslReason, type ErrorFacts } from '../../src/net/connection-errors.js'
import { parseProxyUrl, proxyFor, type ProxyChoice } from '../../src/net/proxy.js'

const direct: ErrorFacts = {
  target: 'api.doorfolw.com:443',
  host: 'api.doorfolw.com',
  setting: 'base-url',
  atProxy: false
}
const proxy: ProxyChoice = { variable: 'HTTPS_PROXY', url: new URL('http://user:hunter2@proxy.corp:3128') }
const viaProxy: ErrorFacts = { ...direct, proxy, atProxy: true }
const inTunnel: ErrorFacts = { ...direct, proxy, atProxy: false }
const err = (code: string, message = `${code} happened`) => Object.assign(new Error(message), { code })
const OPENSSL =
  'write EPROTO 80AC87C27D7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n'

describe('describeNetError', () => {
  it.each([
    // [facts, error, reason, detail pattern, hint pattern]
    [
      direct,
      err('ENOTFOUND', 'getaddrinfo ENOTFOUND api.doorfolw.com'),
      'dns',
      /ENOTFOUND api\.doorfolw\.com/,
      /check base-url for a typo/
    ],
    [{ ...direct, setting: 'GITHUB_API_URL' }, err('ENOTFOUND'), 'dns', /ENOTFOUND/, /check GITHUB_API_URL/],
    [direct, err('EAI_AGAIN'), 'connection', /EAI_AGAIN/, undefined],
    [
      direct,
      err('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:443'),
      'connection',
      /^ECONNREFUSED \(api\.doorfolw\.com:443\)$/,
      undefined
    ],
    [
      direct,
      err('EPROTO', OPENSSL),
      'tls',
      /does not speak TLS \(wrong version number\)/,
      /base-url uses https:\/\/ to a port that answers plain HTTP/
    ],
    [direct, err('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), 'tls', /does not speak TLS/, /plain HTTP/],
    [
      direct,
      err('SELF_SIGNED_CERT_IN_CHAIN'),
      'tls',
      /not trusted \(SELF_SIGNED_CERT_IN_CHAIN\)/,
      /NODE_EXTRA_CA_CERTS/
    ],
    [direct, err('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), 'tls', /not trusted/, /NODE_EXTRA_CA_CERTS/],
    [direct, err('CERT_HAS_EXPIRED'), 'tls', /not valid now/, /clock/],
    [direct, err('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls', /for another name/, /host in base-url/],
    [
      direct,
      err(
        'EPROTO',
        'x:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:ssl/record/rec_layer_s3.c:1605:'
      ),
      'tls',
      /handshake .* failed \(EPROTO: sslv3 alert handshake failure\)/,
      /NODE_EXTRA_CA_CERTS/
    ],
    [direct, err('ERR_INVALID_CHAR'), 'request', /character HTTP does not allow/, /credential/],
    [
      viaProxy,
      err('ECONNREFUSED'),
      'connection',
      /cannot reach the proxy in HTTPS_PROXY \(proxy\.corp:3128\): ECONNREFUSED/,
      /Check HTTPS_PROXY/
    ],
    [
      viaProxy,
      err('ENOTFOUND'),
      'proxy',
      /the proxy in HTTPS_PROXY \(proxy\.corp:3128\): host not found/,
      /host in HTTPS_PROXY/
    ],
    [
      viaProxy,
      err('EPROTO', OPENSSL),
      'proxy',
      /the proxy in HTTPS_PROXY .* does not speak TLS/,
      /HTTPS_PROXY uses https:\/\//
    ],
    [inTunnel, err('SELF_SIGNED_CERT_IN_CHAIN'), 'tls', /certificate of api\.doorfolw\.com:443/, /NODE_EXTRA_CA_CERTS/]
  ])('%#: %j %s → %s', (facts, error, reason, detail, hint) => {
    const out = describeNetError(error, facts)
    expect(out.reason).toBe(reason)
    expect(out.detail).toMatch(detail)
    if (hint) expect(out.hint).toMatch(hint)
    else expect(out.hint).toBeUndefined()
    for (const text of [out.detail, out.hint ?? '']) {
      expect(text).not.toMatch(/\n|openssl|\.c:\d|0A00|hunter2|user:/)
      expect(text.length).toBeLessThan(300)
    }
  })

  it('makes DNS, TLS, proxy and malformed-request errors fatal, and EAI_AGAIN and refusals transient', () => {
    const classification = (e: Error, facts = direct) => classify(describeNetError(e, facts), 0).kind
    expect(classification(err('ENOTFOUND'))).toBe('fatal')
    expect(classification(err('EPROTO', OPENSSL))).toBe('fatal')
    expect(classification(err('CERT_HAS_EXPIRED'))).toBe('fatal')
    expect(classification(err('ERR_INVALID_CHAR'))).toBe('fatal')
    expect(classification(err('ENOTFOUND'), viaProxy)).toBe('fatal')
    expect(classification(err('EAI_AGAIN'))).toBe('transient')
    expect(classification(err('ECONNRESET'))).toBe('transient')
    expect(classification(err('ECONNREFUSED'), viaProxy)).toBe('transient')
  })

  it('keeps one short line of an error without a code', () => {
    const out = describeNetError(new Error(`socket hang up\n${'x'.repeat(500)}`), direct)
    expect(out).toMatchObject({ reason: 'connection', detail: 'socket hang up (api.doorfolw.com:443)' })
  })
})

describe('connectRefused', () => {
  const facts = { ...viaProxy, proxy }
  it.each([
    [407, 'proxy', /wants credentials: give them in HTTPS_PROXY/],
    [403, 'proxy', /does not allow api\.doorfolw\.com/],
    [400, 'proxy', /does not allow/],
    [502, 'connection', /could not reach api\.doorfolw\.com: check the host in base-url/]
  ])('HTTP %i → %s', (status, reason, hint) => {
    const out = connectRefused(status, facts)
    expect(out.reason).toBe(reason)
    expect(out.detail).toBe(
      `the proxy in HTTPS_PROXY (proxy.corp:3128) refused to tunnel to api.doorfolw.com:443 (HTTP ${status})`
    )
    expect(out.hint).toMatch(hint)
    expect(`${out.detail} ${out.hint}`).not.toContain('hunter2')
  })
})

describe('proxies', () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name]
  const saved = { ...process.env }
  afterEach(() => {
    for (const name of ['NO_PROXY', 'no_proxy']) delete process.env[name]
    Object.assign(process.env, saved)
  })

  it('chooses https_proxy before HTTPS_PROXY for https, http_proxy for http, and none for loopback', () => {
    const vars = env({ https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', HTTP_PROXY: 'http://c:3' })
    expect(proxyFor(new URL('https://api.doorflow.com'), vars)).toMatchObject({ variable: 'https_proxy' })
    expect(proxyFor(new URL('https://api.doorflow.com'), vars)?.url.host).toBe('a:1')
    expect(proxyFor(new URL('http://example.com'), vars)).toMatchObject({ variable: 'HTTP_PROXY' })
    expect(proxyFor(new URL('https://127.0.0.1:8443'), vars)).toBeUndefined()
    expect(proxyFor(new URL('https://[::1]:8443'), vars)).toBeUndefined()
    expect(proxyFor(new URL('https://api.doorflow.com'), env({}))).toBeUndefined()
  })

  it('honours NO_PROXY', () => {
    delete process.env['no_proxy']
    process.env['NO_PROXY'] = 'internal.example,.doorflow.com'
    const vars = env({ HTTPS_PROXY: 'http://proxy:3128' })
    expect(proxyFor(new URL('https://api.doorflow.com'), vars)).toBeUndefined()
    expect(proxyFor(new URL('https://api.github.com'), vars)).toMatchObject({ variable: 'HTTPS_PROXY' })
  })

  it('reads a proxy URL, with http:// assumed, and refuses what is none without echoing it', () => {
    expect(parseProxyUrl('HTTPS_PROXY', 'proxy.corp:3128').href).toBe('http://proxy.corp:3128/')
    expect(parseProxyUrl('HTTPS_PROXY', 'https://u:p@proxy.corp').username).toBe('u')
    for (const raw of ['http://u:hunter2@proxy:99999', 'socks5://u:hunter2@proxy:1080', 'http://[hunter2', 'http://']) {
      expect(() => parseProxyUrl('HTTPS_PROXY', raw)).toThrow(/^HTTPS_PROXY /)
      try {
        parseProxyUrl('HTTPS_PROXY', raw)
      } catch (e) {
        expect((e as Error).message).not.toContain('hunter2')
      }
    }
  })

  it('takes only the reason phrase from an OpenSSL message', () => {
    expect(opensslReason(OPENSSL)).toBe('wrong version number')
    expect(opensslReason('socket hang up')).toBe('')
  })
})
