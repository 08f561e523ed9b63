/**
 * What every input is read with: the error that names one input (or runner variable), the
 * defaults action.yml documents, booleans as the runner reads them, and API roots (DoorFlow's, and
 * GitHub's for a token about to be sent there). settings.ts and credentials.ts read through these.
 */
import { apiRoot, DEFAULT_GITHUB_API, type Runner } from './runner.js'

/** A problem with one input (or runner variable), reported before any request is sent. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
    kind: 'Input' | 'Environment variable' = 'Input'
  ) {
    super(`${kind} '${input}' ${message}`)
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
  coalesce: 'true',
  'refresh-token-output-only': 'false',
  'write-concurrency': '4',
  'dry-run': 'auto',
  prune: 'disable',
  sync: 'auto',
  unmanaged: 'report',
  'unreviewed-changes': 'warn',
  'personal-data': 'auto',
  'access-review-unused-days': '90',
  'access-review-ending-days': '30',
  'access-review-delay-hours': '24',
  'access-review-period-days': '90'
} as const

export type InputReader = (name: string) => string

export const FORKS = 'Workflows triggered from forks receive no secrets, so a secret reads as empty there.'

/** The input, or its default when it is empty. */
export function orDefault(read: InputReader, name: keyof typeof DEFAULTS): string {
  return read(name).trim() || DEFAULTS[name]
}

// The YAML 1.2 core schema's booleans, as the runner's own getBooleanInput accepts them.
export function parseBoolean(
  read: InputReader,
  name: 'wait-for-completion' | 'coalesce' | 'refresh-token-output-only' | 'dry-run'
): boolean {
  const raw = orDefault(read, name)
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(name, `must be ${name === 'dry-run' ? 'auto, true or false' : 'true or false'}, got '${raw}'.`)
}

/**
 * GitHub's API root for a token about to be sent there: GITHUB_API_URL by the one rule for API
 * roots (https, plain http to loopback alone), else one line naming it, before any request.
 */
export function gitHubApi(runner: Runner, input: string): string {
  if (runner.api.ok) return runner.api.url
  throw new InputError(
    'GITHUB_API_URL',
    `${runner.api.why} It would carry ${input}; nothing was sent.`,
    'Environment variable'
  )
}

/** An API root: https (plain http only to loopback), no credentials, query or fragment; no trailing slash. */
export function parseHttpsUrl(name: string, raw: string, kind: 'Input' | 'Environment variable' = 'Input'): string {
  const root = apiRoot(raw, name === 'base-url' ? DEFAULTS['base-url'] : DEFAULT_GITHUB_API)
  if (!root.ok) throw new InputError(name, root.why, kind)
  return root.url
}
