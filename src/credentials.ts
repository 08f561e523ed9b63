/**
 * The credentials: how the action signs in to DoorFlow (an access token, or the refresh grant and
 * where the rotated refresh token is stored), each value checked as one line of printable ASCII
 * (settings.ts masks CREDENTIAL_INPUTS before anything else runs); a fork's pull request, which
 * GitHub gives no secrets, is told apart from a mistake.
 */
import { untrusted } from './untrusted.js'
import type { Runner } from './runner.js'
import { FORKS, gitHubApi, InputError, parseBoolean, type InputReader } from './inputs.js'

/** How the action signs in to DoorFlow: exactly one of the two modes. */
export type Auth =
  /** An access token with scope `account.sync` (it lasts one hour). */
  | { mode: 'token'; token: string }
  /** An OAuth refresh token, exchanged for an access token on every run; DoorFlow rotates it. */
  /** `store` is undefined only when the workflow opted in to storing the refresh-token output itself. */
  | { mode: 'refresh'; clientId: string; clientSecret: string; refreshToken: string; store: SecretStore | undefined }

/** Where the rotated refresh token is written back, so that the next run can sign in. */
export interface SecretStore {
  /** Name of the Actions secret that holds the refresh token. */
  name: string
  /** The environment whose secret to write; undefined for the repository secret. */
  environment: string | undefined
  /** A token allowed to write Actions secrets (the default GITHUB_TOKEN cannot). */
  githubToken: string
  /** GitHub's REST API root (GITHUB_API_URL; GitHub Enterprise Server too). */
  apiUrl: string
  /** owner/name (GITHUB_REPOSITORY). */
  repository: string
}

/** Inputs whose values are masked before anything else runs. */
export const CREDENTIAL_INPUTS = [
  'token',
  'client-secret',
  'refresh-token',
  'github-token',
  'pr-comment-token'
] as const

/**
 * A pull request from a fork runs without the repository's secrets (GitHub gives its pull_request
 * run none, and a read-only GITHUB_TOKEN), so its DoorFlow credentials read as empty. That is
 * nobody's mistake, and nothing can be planned: main.ts says so as a warning and the step passes,
 * rather than a red check the contributor cannot fix. pull_request_target has the secrets, so an
 * empty one there stays an error.
 */
export class NoSecretsOnFork extends Error {
  constructor(runner: Runner, input: string) {
    const pr = runner.pullRequest
    const from = pr?.headRepo ? ` (from ${untrusted(pr.headRepo, 200)})` : ''
    super(
      `Pull request #${pr?.number ?? '?'}${from} comes from a fork, and GitHub gives a fork's ${runner.event} run no secrets, ` +
        `so '${input}' is empty: nothing was planned, read or written. To plan it, a maintainer who has read the change ` +
        'pushes its branch to this repository and opens the pull request from there (that run has the secrets); ' +
        'see "Pull requests from forks" in docs/roster.md.'
    )
    this.name = 'NoSecretsOnFork'
  }
}

function forkWithoutSecrets(runner: Runner): boolean {
  return runner.pullRequest?.fromFork === true && runner.event !== 'pull_request_target'
}

const REFRESH_INPUTS = ['client-id', 'client-secret', 'refresh-token'] as const

/** The sign-in the inputs give: exactly one of the two modes, every credential checked. */
export function parseAuth(read: InputReader, runner: Runner): Auth {
  const token = read('token').trim()
  const given = REFRESH_INPUTS.filter(name => read(name).trim())
  const secretName = read('refresh-token-secret').trim()
  if (token && given.length) {
    throw new InputError(
      'token',
      `and '${given[0]}' are both set: sign in with token (an access token) or with client-id, client-secret and refresh-token, not both.`
    )
  }
  const outputOnly = parseBoolean(read, 'refresh-token-output-only')
  if (token) {
    if (secretName)
      throw new InputError('refresh-token-secret', 'only applies with refresh-token: an access token is not rotated.')
    if (outputOnly)
      throw new InputError(
        'refresh-token-output-only',
        'only applies with refresh-token: an access token is not rotated.'
      )
    return { mode: 'token', token: credential('token', token) }
  }
  if (!given.length) {
    if (forkWithoutSecrets(runner)) throw new NoSecretsOnFork(runner, 'token')
    throw new InputError(
      'token',
      'is empty: pass a DoorFlow access token (token: ${{ secrets.DOORFLOW_TOKEN }}), or client-id, client-secret and refresh-token. ' +
        FORKS
    )
  }
  const missing = REFRESH_INPUTS.find(name => !read(name).trim())
  if (missing) {
    if (forkWithoutSecrets(runner)) throw new NoSecretsOnFork(runner, missing)
    throw new InputError(
      missing,
      `is empty: refresh-token mode needs client-id, client-secret and refresh-token. ${FORKS}`
    )
  }
  return {
    mode: 'refresh',
    clientId: credential('client-id', read('client-id').trim()),
    clientSecret: credential('client-secret', read('client-secret').trim()),
    refreshToken: credential('refresh-token', read('refresh-token').trim()),
    store: parseSecretStore(read, runner, secretName, outputOnly)
  }
}

const STORE_IT =
  'Set refresh-token-secret to the name of the secret that refresh-token is read from (and github-token) so that the action stores the rotated token, ' +
  'or set refresh-token-output-only: true and store the refresh-token output in a later step of this job.'

/** GitHub's rule for secret names: letters, digits and _, not starting with a digit; GITHUB_ is reserved. */
export function isSecretName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^GITHUB_/i.test(name)
}

function parseSecretStore(
  read: InputReader,
  runner: Runner,
  name: string,
  outputOnly: boolean
): SecretStore | undefined {
  const githubToken = read('github-token').trim()
  const environment = read('refresh-token-secret-environment').trim()
  if (name && outputOnly) {
    throw new InputError(
      'refresh-token-output-only',
      'is true but refresh-token-secret is set: choose one place for the rotated refresh token.'
    )
  }
  if (!name) {
    if (githubToken)
      throw new InputError(
        'github-token',
        'is set but refresh-token-secret is empty: name the secret that holds the refresh token.'
      )
    if (environment)
      throw new InputError(
        'refresh-token-secret-environment',
        'is set but refresh-token-secret is empty: name the secret to write.'
      )
    if (!outputOnly) {
      throw new InputError(
        'refresh-token-secret',
        `is empty: DoorFlow rotates the refresh token on every run, and the old one stops working, so the new one must be stored. ${STORE_IT}`
      )
    }
    return undefined
  }
  if (!isSecretName(name)) {
    throw new InputError(
      'refresh-token-secret',
      `must be a secret name (letters, digits, _; not starting with a digit or GITHUB_), got '${name}'.`
    )
  }
  if (!githubToken) {
    throw new InputError(
      'github-token',
      'is empty: refresh-token-secret needs a token allowed to write Actions secrets (a fine-grained token with "Secrets: read and write"; the default GITHUB_TOKEN cannot). ' +
        FORKS
    )
  }
  const repository = runner.repository
  if (!repository) {
    throw new InputError(
      'GITHUB_REPOSITORY',
      'must be owner/name (the runner sets it); it is missing or malformed.',
      'Environment variable'
    )
  }
  const apiUrl = gitHubApi(runner, 'github-token')
  return {
    name,
    environment: environment || undefined,
    githubToken: credential('github-token', githubToken),
    apiUrl,
    repository
  }
}

/**
 * A credential must be one line of printable ASCII: a pasted secret with a line break, a
 * zero-width space or a typographic character would otherwise become a broken header (or a
 * token DoorFlow never issued). The value is never echoed, only where the problem is.
 */
function credential(name: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new InputError(
      name,
      'contains whitespace or control characters: store the value alone, on one line, in the secret.'
    )
  }
  const at = [...value].findIndex(c => !/^[\x21-\x7e]$/.test(c))
  if (at >= 0) {
    throw new InputError(
      name,
      `contains a character that cannot be sent in an HTTP header (character ${at + 1} is not plain ASCII, ` +
        'e.g. a zero-width space or a typographic character picked up in copy and paste): store the value alone, as issued, in the secret.'
    )
  }
  return value
}
