/**
 * The runner's context, read once per run: the event's name and payload (read once, within one
 * cap), the repository, the commit, the ref, GitHub's API root (checked by the one rule for API
 * roots), the workspace, and what the payload says of the repository, the pull request and the
 * push. Everything from the payload is data someone else wrote: only values of the expected shape
 * are kept, and they are still shown through untrusted(). Also the one test of "a path inside the
 * workspace", links resolved.
 *
 * Platform facts this relies on (GitHub Docs, "Events that trigger workflows",
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows,
 * and "Webhook events and payloads"): a push's payload carries `ref`, `before`, `after` and
 * `repository.default_branch`; a pull request's carries `pull_request.number`, `head.sha`,
 * `head.repo.full_name` and `base.repo.full_name` (head.repo is null once a fork is deleted).
 */
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, relative, resolve, sep } from 'node:path'
import { untrusted } from './untrusted.js'
import { PROXY_VARIABLES } from './net/proxy.js'

export type EnvReader = (name: string) => string | undefined

/** An environment as a child process is given it. */
export type ChildEnv = Readonly<Record<string, string | undefined>>

/**
 * "Payloads are capped at 25 MB" (GitHub Docs, "Webhook events and payloads",
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#payload-cap): a larger event file is not read.
 */
export const EVENT_MAX_BYTES = 25 * 1024 * 1024

/** GitHub's REST API root when GITHUB_API_URL is unset. */
export const DEFAULT_GITHUB_API = 'https://api.github.com'

/** The pull request a pull_request* event is about, as its payload says. */
export interface PullRequestEvent {
  number: number
  /** The head commit of the pull request's branch (`pull_request.head.sha`). */
  headSha?: string
  /** owner/name of the head's repository; undefined when the payload has none (a deleted fork). */
  headRepo?: string
  /** owner/name of the base's repository (GITHUB_REPOSITORY when the payload does not say). */
  baseRepo?: string
  /** The head is in another repository than the base (or its repository is gone): a fork's pull request. */
  fromFork: boolean
  /** Who opened it (`pull_request.user.id`), when the payload says. */
  authorId?: number
}

/** At most this many of a push's commits are kept: GitHub's payload lists at most 2048. */
const MAX_PUSH_COMMITS = 2048

/** A push event's ref and commits, as its payload says. */
export interface PushEvent {
  ref?: string
  before?: string
  after?: string
  /** The pushed commits' SHAs (lower case), as the payload's `commits` lists them (oldest first; GitHub lists at most 2048). */
  commits: string[]
}

/** An API root checked by the one rule (apiRoot), or why it is refused. */
export type ApiRoot = { ok: true; url: string } | { ok: false; why: string }

export interface Runner {
  /** GITHUB_EVENT_NAME; '' outside a runner. */
  event: string
  /** GITHUB_REPOSITORY when it is owner/name. */
  repository?: string
  /** GITHUB_SHA when it is a commit's hex SHA. */
  sha?: string
  /** GITHUB_REF (else the push payload's ref). */
  ref?: string
  /** GITHUB_API_URL (api.github.com when unset), checked: https only, plain http to loopback alone. */
  api: ApiRoot
  /** GITHUB_WORKSPACE, else the working directory. */
  workspace: string
  /** RUNNER_TEMP, else the system's temporary directory. */
  temp: string
  /** GITHUB_STEP_SUMMARY: whether the step has a job summary to write. */
  summary: boolean
  /** The proxy variables that are set (https_proxy, HTTPS_PROXY, http_proxy, HTTP_PROXY): requests are routed by them (net/proxy.ts). */
  proxy: Readonly<Record<string, string>>
  /** The environment a child process (git) inherits, as it was when the context was read. */
  childEnv: ChildEnv
  /** This run's page (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID), when all three are well formed. */
  runUrl?: string
  /** The event's payload, parsed (data, never trusted); undefined without one. */
  payload: unknown
  /** Why the payload could not be read, when GITHUB_EVENT_PATH names one that was not read. */
  payloadProblem?: string
  /** `repository.default_branch` from the payload. */
  defaultBranch?: string
  /** `repository.private` from the payload. */
  private?: boolean
  /** On pull_request* events: the pull request. */
  pullRequest?: PullRequestEvent
  /** On a push: its ref and commits. */
  push?: PushEvent
}

const OWNER_NAME = /^[^/\s]+\/[^/\s]+$/
const isSha = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(v)
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
/** A branch name as git allows it, roughly: no whitespace or control characters, no "..", at most 255 characters (any script). */
const GIT_NAME = /^[^\s\p{Cc}]+$/u
const branchName = (v: unknown) => {
  const s = str(v)
  return s && s.length <= 255 && GIT_NAME.test(s) && !s.includes('..') ? s : undefined
}
const refName = (v: unknown) => {
  const s = str(v)
  return s && s.length <= 300 && s.startsWith('refs/') && GIT_NAME.test(s) ? s : undefined
}

/** The run's page, safe to put in a Markdown link; undefined unless server, repository and run id are well formed. */
function runUrlOf(server: string | undefined, repository: string | undefined, run: string | undefined) {
  if (!server || !repository || !run) return undefined
  if (
    !/^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(server) ||
    !/^\d{1,20}$/.test(run) ||
    !/^[\w.-]+\/[\w.-]+$/.test(repository)
  )
    return undefined
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${run}`
}

/**
 * Reads the runner's context through `env` (the event file once, at most EVENT_MAX_BYTES); a child
 * process inherits `inherited`. The only reader of process.env in src/ (a test holds it so):
 * everything else is given what this returns.
 */
export function readRunner(env: EnvReader = name => process.env[name], inherited: ChildEnv = process.env): Runner {
  const event = env('GITHUB_EVENT_NAME')?.trim() ?? ''
  const repository = env('GITHUB_REPOSITORY')?.trim()
  const sha = env('GITHUB_SHA')?.trim()
  const { payload, problem } = readPayload(env('GITHUB_EVENT_PATH')?.trim())
  const root = obj(payload)
  const repo = obj(root?.['repository'])
  const runner: Runner = {
    event,
    repository: repository && OWNER_NAME.test(repository) ? repository : undefined,
    sha: isSha(sha) ? sha : undefined,
    api: apiRoot(env('GITHUB_API_URL')?.trim() || DEFAULT_GITHUB_API, DEFAULT_GITHUB_API),
    workspace: env('GITHUB_WORKSPACE')?.trim() || process.cwd(),
    temp: env('RUNNER_TEMP') || tmpdir(),
    summary: Boolean(env('GITHUB_STEP_SUMMARY')),
    proxy: Object.fromEntries(PROXY_VARIABLES.flatMap(name => (env(name) ? [[name, env(name)!]] : []))),
    childEnv: { ...inherited },
    runUrl: runUrlOf(env('GITHUB_SERVER_URL')?.trim(), repository, env('GITHUB_RUN_ID')?.trim()),
    payload,
    payloadProblem: problem,
    defaultBranch: branchName(repo?.['default_branch']),
    private: typeof repo?.['private'] === 'boolean' ? repo['private'] : undefined
  }
  runner.ref = refName(env('GITHUB_REF')?.trim())
  if (event === 'push' && root) {
    runner.push = {
      ref: refName(root['ref']),
      before: isSha(root['before']) ? root['before'] : undefined,
      after: isSha(root['after']) ? root['after'] : undefined,
      commits: (Array.isArray(root['commits']) ? (root['commits'] as unknown[]) : [])
        .slice(0, MAX_PUSH_COMMITS)
        .map(c => obj(c)?.['id'])
        .filter(isSha)
        .map(id => id.toLowerCase())
    }
    runner.ref ??= runner.push.ref
  }
  // pull_request, pull_request_target and the review events carry the pull request.
  if (event.startsWith('pull_request')) runner.pullRequest = pullRequestOfPayload(root, runner.repository)
  return runner
}

function readPayload(path: string | undefined): { payload: unknown; problem?: string } {
  if (!path) return { payload: undefined }
  try {
    const size = statSync(path).size
    if (size > EVENT_MAX_BYTES)
      return { payload: undefined, problem: `the event file is ${size} bytes, more than GitHub ever sends` }
    return { payload: JSON.parse(readFileSync(path, 'utf8')) as unknown }
  } catch (err) {
    return {
      payload: undefined,
      problem: `the event file could not be read (${untrusted((err as Error).message, 200)})`
    }
  }
}

function pullRequestOfPayload(
  root: Record<string, unknown> | undefined,
  repository: string | undefined
): PullRequestEvent | undefined {
  const pr = obj(root?.['pull_request'])
  if (!pr) return undefined
  const number = pr['number'] ?? root?.['number']
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return undefined
  const head = obj(pr['head'])
  const fullName = (side: unknown) => {
    const name = str(obj(obj(side)?.['repo'])?.['full_name'])
    return name && OWNER_NAME.test(name) ? name : undefined
  }
  const headRepo = fullName(head)
  const baseRepo = fullName(pr['base']) ?? repository
  // head.repo null: a fork deleted since, never the base's own branch. No head.repo at all: not told.
  const fromFork =
    head?.['repo'] === null ||
    (headRepo !== undefined && baseRepo !== undefined && headRepo.toLowerCase() !== baseRepo.toLowerCase())
  const author = obj(pr['user'])?.['id']
  return {
    number,
    headSha: isSha(head?.['sha']) ? head['sha'] : undefined,
    headRepo,
    baseRepo,
    fromFork,
    ...(typeof author === 'number' && Number.isInteger(author) ? { authorId: author } : {})
  }
}

/**
 * Whether this run is a push to the repository's default branch: the one event on which dry-run
 * auto applies. The default branch comes from the push's payload (`repository.default_branch`).
 */
export function pushToDefaultBranch(runner: Runner): boolean {
  return (
    runner.event === 'push' && runner.defaultBranch !== undefined && runner.ref === `refs/heads/${runner.defaultBranch}`
  )
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/**
 * The one rule for an API root that credentials are sent to: https (plain http only to a loopback
 * host, for local fakes), no user name or password, no query or fragment; no trailing slash.
 */
export function apiRoot(raw: string, example: string): ApiRoot {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, why: `is not a URL: '${untrusted(raw, 200)}'. Use the API root, e.g. ${example}.` }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, why: `must use https://, got '${untrusted(url.protocol, 50)}'.` }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname))
    return {
      ok: false,
      why: `uses plain http:// to ${untrusted(url.hostname, 200)}: credentials would cross the network in clear text. Use https://.`
    }
  if (url.username || url.password)
    return { ok: false, why: 'must not carry a user name or password: pass credentials as inputs.' }
  if (url.search || url.hash) return { ok: false, why: 'must be the API root without a query or fragment.' }
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` }
}

/** Whether `path` is `root` or lies under it (both absolute; links are the caller's to resolve). */
export function isInside(path: string, root: string): boolean {
  const r = resolve(root)
  const p = resolve(path)
  return p === r || p.startsWith(r.endsWith(sep) ? r : r + sep)
}

/**
 * Whether `path` (relative to `workspace`, or absolute) lies inside the workspace with every link
 * resolved: the real path of its deepest part that exists, and the rest of it, must be under the
 * workspace's real path. A workspace that does not exist holds nothing.
 */
export function insideWorkspace(path: string, workspace: string): boolean {
  let root: string
  try {
    root = realpathSync(workspace)
  } catch {
    return false
  }
  const target = resolve(workspace, path)
  if (!isInside(target, resolve(workspace))) return false
  // The deepest part that exists, a link included; a link that leads nowhere is not inside.
  let at = target
  while (!exists(at)) at = dirname(at)
  try {
    return isInside(resolve(realpathSync(at), relative(at, target)), root)
  } catch {
    return false
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}
