/**
 * What a failed exchange means, decided from the facts alone (pure functions): what an error from
 * DNS, TCP, TLS or a proxy says about the fix (which proxy carries a request: proxy.ts).
 * Nothing here prints a proxy's credentials or the OS's multi-line text.
 */
import { proxyName, type ProxyChoice } from './proxy.js'

/**
 * Why an exchange got no answer. `dns`, `tls`, `proxy` and `request` are fatal: repeating
 * cannot help. `timeout` and `connection` are worth another try. `cancelled`: the caller's
 * AbortSignal ended it (the run is being cancelled); the caller decides what follows.
 */
export type ErrorReason = 'timeout' | 'connection' | 'tls' | 'dns' | 'proxy' | 'request' | 'cancelled'

export interface NetError {
  kind: 'error'
  reason: ErrorReason
  /** Short, one line: what happened, e.g. "ENOTFOUND api.doorflow.com". */
  detail: string
  /** Node's error code, when there was one (e.g. ECONNREFUSED). */
  code?: string
  /** The likely fix, in the user's terms (which input or variable to change). */
  hint?: string
}

export const FATAL_REASONS: ReadonlySet<ErrorReason> = new Set(['tls', 'dns', 'proxy', 'request'])

/** Where an error happened: reaching the proxy (before its tunnel was up), or the target itself. */
export interface ErrorFacts {
  /** The target's host:port, e.g. api.doorflow.com:443. */
  target: string
  /** The target's host name alone. */
  host: string
  /** The input or variable that chose the URL, e.g. base-url or GITHUB_API_URL. */
  setting: string
  proxy?: ProxyChoice
  /** True while the error concerns the proxy connection itself. */
  atProxy: boolean
}

const CERT_UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
  'CERT_SIGNATURE_FAILURE'
])
const CERT_DATES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'])
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$)/
const HEADER_CODES = new Set(['ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN', 'ERR_HTTP_INVALID_HEADER_VALUE'])
const NCA = 'NODE_EXTRA_CA_CERTS'

/** One failed exchange, in words: never the OS's or OpenSSL's own multi-line text. */
export function describeNetError(err: unknown, facts: ErrorFacts): NetError {
  const error = (err ?? {}) as NodeJS.ErrnoException & { reason?: unknown }
  const code = typeof error.code === 'string' ? error.code : ''
  const message = typeof error.message === 'string' ? error.message : String(err)
  const where = facts.atProxy && facts.proxy ? proxyName(facts.proxy) : facts.target
  const fix = facts.atProxy && facts.proxy ? facts.proxy.variable : facts.setting

  if (HEADER_CODES.has(code)) {
    return {
      kind: 'error',
      reason: 'request',
      code,
      detail: 'a header value holds a character HTTP does not allow',
      hint: 'A credential holds a character that cannot be sent: store the value alone, in plain ASCII, in the secret.'
    }
  }
  if (code === 'ENOTFOUND') {
    if (facts.atProxy && facts.proxy) {
      return {
        kind: 'error',
        reason: 'proxy',
        code,
        detail: `${where}: host not found (ENOTFOUND)`,
        hint: `Check the host in ${facts.proxy.variable}, or set NO_PROXY for hosts to reach directly.`
      }
    }
    return {
      kind: 'error',
      reason: 'dns',
      code,
      detail: `host not found: ENOTFOUND ${facts.host}`,
      hint: `No DNS name ${facts.host} exists: check ${facts.setting} for a typo.`
    }
  }
  if (code === 'EAI_AGAIN') {
    return {
      kind: 'error',
      reason: 'connection',
      code,
      detail: `DNS lookup of ${facts.host} failed for now (EAI_AGAIN)`
    }
  }
  if (TLS_CODE.test(code) || /wrong version number/i.test(message)) {
    return tlsError(code, message, where, fix, facts)
  }
  const short = code || firstWords(message)
  if (facts.atProxy && facts.proxy) {
    return {
      kind: 'error',
      reason: 'connection',
      code,
      detail: `cannot reach ${where}: ${short}`,
      hint: `Check ${facts.proxy.variable} (is the proxy running at ${facts.proxy.url.host}?), or set NO_PROXY for hosts to reach directly.`
    }
  }
  return { kind: 'error', reason: 'connection', code, detail: `${short} (${facts.target})` }
}

function tlsError(code: string, message: string, where: string, fix: string, facts: ErrorFacts): NetError {
  const base = { kind: 'error', reason: facts.atProxy && facts.proxy ? 'proxy' : 'tls', code } as const
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(message)) {
    return {
      ...base,
      detail: `${where} does not speak TLS (wrong version number)`,
      hint: `${fix} uses https:// to a port that answers plain HTTP: check its scheme and port.`
    }
  }
  if (CERT_UNTRUSTED.has(code)) {
    return {
      ...base,
      detail: `the certificate of ${where} is not trusted (${code})`,
      hint:
        `Check ${fix}; if a proxy intercepts HTTPS on this network, give the action its CA certificate ` +
        `with ${NCA} (a PEM file path, set as an environment variable of the step).`
    }
  }
  if (CERT_DATES.has(code)) {
    return {
      ...base,
      detail: `the certificate of ${where} is not valid now (${code})`,
      hint: `Check ${fix} and the runner's clock.`
    }
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      ...base,
      detail: `the certificate of ${where} is for another name (${code})`,
      hint: `Check the host in ${fix}; a TLS-intercepting proxy needs its CA in ${NCA}.`
    }
  }
  const phrase = opensslReason(message)
  return {
    ...base,
    detail: `TLS handshake with ${where} failed (${[code, phrase].filter(Boolean).join(': ') || 'no reason given'})`,
    hint: `Check ${fix}; if a proxy intercepts HTTPS on this network, give the action its CA certificate with ${NCA}.`
  }
}

/** A proxy's answer to CONNECT other than 200: 407 and other 4xx are fatal, 5xx may pass. */
export function connectRefused(status: number, facts: ErrorFacts & { proxy: ProxyChoice }): NetError {
  const detail = `${proxyName(facts.proxy)} refused to tunnel to ${facts.target} (HTTP ${status})`
  const direct = `or add ${facts.host} to NO_PROXY if it should be reached directly`
  if (status === 407) {
    return {
      kind: 'error',
      reason: 'proxy',
      detail,
      hint: `The proxy wants credentials: give them in ${facts.proxy.variable} (http://user:password@host:port), ${direct}.`
    }
  }
  if (status >= 500) {
    return {
      kind: 'error',
      reason: 'connection',
      detail,
      hint: `The proxy could not reach ${facts.host}: check the host in ${facts.setting}, and the proxy.`
    }
  }
  return {
    kind: 'error',
    reason: 'proxy',
    detail,
    hint: `The proxy does not allow ${facts.host}: ask its administrator to allow it, ${direct}.`
  }
}

/** OpenSSL's reason phrase ("sslv3 alert handshake failure") without its codes, file names and line numbers. */
export function opensslReason(message: string): string {
  const match = /error:[0-9A-F]+:[^:]*:[^:]*:([^:\n]{1,80})/i.exec(message)
  return match ? match[1].trim() : ''
}

function firstWords(message: string): string {
  const line = message.split('\n')[0].trim()
  return line.length > 80 ? `${line.slice(0, 80)}…` : line
}
