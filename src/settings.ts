import * as core from '@actions/core'

/** Everything the action needs from its inputs, validated once. Nothing else reads inputs. */
export interface Settings {
  /** DoorFlow OAuth access token with scope `account.sync`. */
  token: string
  /** API root without a trailing slash, e.g. `https://api.doorflow.com`. */
  baseUrl: string
  /** Most sync requests to send, the first included. */
  maxAttempts: number
  /** Budget for the whole step, every attempt and every wait included. */
  timeoutMs: number
  /** Limit for one HTTP request; the budget left may cut it shorter. */
  requestTimeoutMs: number
  /** After initiating, poll the account until `sync.status` is complete or failing. */
  waitForCompletion: boolean
  /** First wait between polls; it grows ×1.5 per poll, never past 30 s. */
  pollIntervalMs: number
  /** On a 429, succeed without a sync of its own when a sync that started after this run asked is under way. */
  coalesce: boolean
}

/** A problem with one input, reported before any request is sent. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}' ${message}`)
    this.name = 'InputError'
  }
}

export const DEFAULTS = {
  'base-url': 'https://api.doorflow.com',
  'max-attempts': '5',
  'timeout-seconds': '300',
  'request-timeout-seconds': '30',
  'wait-for-completion': 'false',
  'poll-interval-seconds': '5',
  coalesce: 'true'
} as const

// Upper bounds keep every wait inside what setTimeout and a GitHub job can hold.
const LIMITS = {
  'max-attempts': 100,
  'timeout-seconds': 6 * 3600,
  'request-timeout-seconds': 3600,
  'poll-interval-seconds': 30
} as const

export type InputReader = (name: string) => string

/** Reads the raw inputs through `read` (trimmed strings, '' when unset) and validates them. */
export function parseSettings(read: InputReader): Settings {
  const token = parseToken(read('token'))
  const baseUrl = parseBaseUrl(orDefault(read, 'base-url'))
  const maxAttempts = parseCount(read, 'max-attempts')
  const timeoutSeconds = parseCount(read, 'timeout-seconds')
  const requestTimeoutSeconds = parseCount(read, 'request-timeout-seconds')
  const waitForCompletion = parseBoolean(read, 'wait-for-completion')
  const pollIntervalSeconds = parseCount(read, 'poll-interval-seconds')
  const coalesce = parseBoolean(read, 'coalesce')
  return {
    token,
    baseUrl,
    maxAttempts,
    timeoutMs: timeoutSeconds * 1000,
    requestTimeoutMs: requestTimeoutSeconds * 1000,
    waitForCompletion,
    pollIntervalMs: pollIntervalSeconds * 1000,
    coalesce
  }
}

/** The inputs of this step, as the runner passes them. */
export function readSettings(): Settings {
  return parseSettings(name => core.getInput(name))
}

/**
 * Masks every credential input before anything else runs, so that no later line, error or
 * debug output can show it. A multi-line value is masked line by line as well, because the
 * runner matches masks against single log lines.
 */
export function maskCredentials(read: InputReader, names: readonly string[]): void {
  for (const name of names) {
    const value = read(name)
    if (!value) continue
    core.setSecret(value)
    const lines = value.split(/\r?\n/).map(l => l.trim())
    if (lines.length > 1) for (const line of lines) if (line) core.setSecret(line)
  }
}

function orDefault(read: InputReader, name: keyof typeof DEFAULTS): string {
  return read(name).trim() || DEFAULTS[name]
}

function parseToken(raw: string): string {
  const token = raw.trim()
  if (!token) {
    throw new InputError(
      'token',
      'is empty: pass a DoorFlow access token, e.g. token: ${{ secrets.DOORFLOW_TOKEN }}. ' +
        'Workflows triggered from forks receive no secrets, so the secret reads as empty there.'
    )
  }
  // A pasted secret with an inner newline or tab would otherwise be sent as a broken header.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(token)) {
    throw new InputError(
      'token',
      'contains whitespace or control characters: store the access token alone, on one line, in the secret.'
    )
  }
  return token
}

function parseCount(read: InputReader, name: keyof typeof LIMITS): number {
  const raw = orDefault(read, name)
  const max = LIMITS[name]
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new InputError(name, `must be a whole number from 1 to ${max}, got '${raw}'.`)
  }
  return Number(raw)
}

// The YAML 1.2 core schema's booleans, as the runner's own getBooleanInput accepts them.
function parseBoolean(read: InputReader, name: 'wait-for-completion' | 'coalesce'): boolean {
  const raw = orDefault(read, name)
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(name, `must be true or false, got '${raw}'.`)
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

function parseBaseUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError('base-url', `is not a URL: '${raw}'. Use the API root, e.g. ${DEFAULTS['base-url']}.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('base-url', `must use https://, got '${url.protocol}'.`)
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
    throw new InputError(
      'base-url',
      `uses plain http:// to ${url.hostname}: the token would cross the network in clear text. Use https://.`
    )
  }
  if (url.username || url.password) {
    throw new InputError('base-url', 'must not carry a user name or password: pass credentials as inputs.')
  }
  if (url.search || url.hash) {
    throw new InputError('base-url', 'must be the API root without a query or fragment.')
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}
