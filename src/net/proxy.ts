/**
 * Which proxy carries a request, chosen from the environment as the runner's tools choose it, and
 * how a proxy is named in a message. Nothing here prints a proxy's credentials.
 */
import { checkBypass } from '@actions/http-client/lib/proxy'

/** The proxy a request goes through: the variable it came from, and its URL (which may hold credentials). */
export interface ProxyChoice {
  variable: string
  url: URL
}

export type EnvReader = (name: string) => string | undefined

/** The variables a proxy is chosen by (NO_PROXY aside, which @actions/http-client reads itself). */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const

/**
 * The proxy for `target`, as @actions/http-client chooses it: https_proxy, then HTTPS_PROXY
 * for https (http_proxy, HTTP_PROXY for http); loopback and NO_PROXY/no_proxy hosts go direct.
 * A value without a scheme means http://. Throws InvalidProxy when the variable is no proxy URL.
 * `env` gives the variables: the runner's context (runner.ts reads them once), or a local command's.
 */
export function proxyFor(target: URL, env: EnvReader): ProxyChoice | undefined {
  const names = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  const variable = names.find(name => env(name))
  if (!variable || checkBypass(target)) return undefined
  return { variable, url: parseProxyUrl(variable, env(variable)!) }
}

export class InvalidProxy extends Error {
  constructor(
    readonly variable: string,
    readonly why: string
  ) {
    super(`${variable} ${why}`)
    this.name = 'InvalidProxy'
  }
}

/** A proxy URL: http:// or https://, a host, an optional port; never echoes the value (it may hold a password). */
export function parseProxyUrl(variable: string, raw: string): URL {
  const text = raw.trim()
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`)
  } catch {
    throw new InvalidProxy(variable, 'is not a proxy URL: use http://host:port (or http://user:password@host:port).')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidProxy(variable, `uses ${url.protocol}// which is not supported: use an http:// or https:// proxy.`)
  }
  if (!url.hostname) throw new InvalidProxy(variable, 'has no host: use http://host:port.')
  return url
}

/** "the proxy in HTTPS_PROXY (proxy.corp:3128)": host and port only, never credentials. */
export function proxyName(proxy: ProxyChoice): string {
  return `the proxy in ${proxy.variable} (${proxy.url.host})`
}
