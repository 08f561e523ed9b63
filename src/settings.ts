import * as core from '@actions/core'
import { InvalidProxy, proxyFor } from './net/proxy.js'
import { isAbsolute, resolve } from 'node:path'
import { untrusted } from './untrusted.js'
import { insideWorkspace, isInside, pushToDefaultBranch, type Runner } from './runner.js'
import { DEFAULTS, gitHubApi, InputError, orDefault, parseBoolean, parseHttpsUrl, type InputReader } from './inputs.js'
import { CREDENTIAL_INPUTS, parseAuth, type Auth } from './credentials.js'

/** Everything the action needs from its inputs, validated once. Nothing else reads inputs. */
export interface Settings {
  auth: Auth
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
  /** Roster apply: most people a run may remove or disable; undefined for the default (10, or 10 % of the managed). */
  maxRemovals: number | undefined
  /** Roster apply: most writes to DoorFlow in flight at once. */
  writeConcurrency: number
  /** Door access as code: plan (and apply) a roster instead of only syncing; undefined without the roster input. */
  roster: RosterSettings | undefined
  /** Export the account as roster files into this directory instead of syncing; undefined without the export input. */
  export: ExportInput | undefined
  /** The access review instead of a sync; undefined without the access-review input. */
  accessReview: AccessReviewInput | undefined
  /** The runner's context (event, payload, repository, commit, API root, workspace), read once. */
  runner: Runner
}

export interface AccessReviewInput {
  /** The directory for the review's files, as given (relative to the workspace). */
  dir: string
  workspace: string
  windows: ReviewWindows
}

export interface ExportInput {
  /** The directory, as given (relative to the workspace). */
  dir: string
  /** GITHUB_WORKSPACE (else the working directory). */
  workspace: string
}

export interface RosterSettings {
  /** The roster file or directory, as given (relative to the workspace). */
  path: string
  /** GITHUB_WORKSPACE (else the working directory): where the roster is read from, and what annotations are relative to. */
  workspace: string
  /** Plan only: read DoorFlow, write the plan, change nothing and send no sync. */
  dryRun: boolean
  /** One line for the log: the dry-run mode chosen and why (e.g. on a pull_request event). */
  dryRunWhy: string
  /** After an apply: `auto` syncs only when something was written, `always` even when nothing was. */
  sync: SyncMode
  /** What happens to managed people absent from the roster. */
  prune: PruneMode
  /** Token for the pull-request comment (pr-comment-token; the workflow's GITHUB_TOKEN by default); '' for none. */
  commentToken: string
  /** DoorFlow people with door access whom no roster manages: left out of the plan, reported, or a failure before any write. */
  unmanaged: UnmanagedMode
  /** An apply on push whose plan is not the reviewed one: `warn` goes on and says so, `fail` refuses before any write. */
  unreviewedChanges: UnreviewedMode
  /** Names, emails and other personal fields in the log, summary and comment: `auto` hides them on a public repository (roster/personal.ts). */
  personalData: PersonalDataMode
}

export type UnmanagedMode = 'ignore' | 'report' | 'fail'
export const UNMANAGED_MODES: readonly UnmanagedMode[] = ['ignore', 'report', 'fail']

/** What an apply does with changes that were not in the plan reviewed on the merged pull request. */
export type UnreviewedMode = 'warn' | 'fail'
export const UNREVIEWED_MODES: readonly UnreviewedMode[] = ['warn', 'fail']

/** Whether the log, job summary and pull-request comment show people's personal data (the `personal-data` input). */
export type PersonalDataMode = 'auto' | 'show' | 'hide'
export const PERSONAL_DATA_MODES: readonly PersonalDataMode[] = ['auto', 'show', 'hide']

/** What happens to a managed person who is absent from the roster (the `prune` input). */
export type PruneMode = 'disable' | 'delete' | 'off'
export const PRUNE_MODES: readonly PruneMode[] = ['disable', 'delete', 'off']

/** When a roster run syncs after its apply: `auto`, only when something was written; `always`, every time. */
export type SyncMode = 'auto' | 'always'
export const SYNC_MODES: readonly SyncMode[] = ['auto', 'always']

/**
 * Events whose workspace holds a pull request's code, not yet merged: a roster there is only
 * planned. On pull_request_target the job has the repository's secrets as well.
 */
export const PLAN_ONLY_EVENTS = [
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
  'merge_group'
] as const

// Upper bounds keep every wait inside what setTimeout and a GitHub job can hold.
const LIMITS = {
  'max-attempts': 100,
  'timeout-seconds': 6 * 3600,
  'request-timeout-seconds': 3600,
  'poll-interval-seconds': 30,
  'write-concurrency': 16
} as const

/**
 * Reads the raw inputs through `read` (trimmed strings, '' when unset) and validates them against
 * the runner's context (read once, by runner.ts).
 */
export function parseSettings(read: InputReader, runner: Runner): Settings {
  const auth = parseAuth(read, runner)
  const baseUrl = parseHttpsUrl('base-url', orDefault(read, 'base-url'))
  const maxAttempts = parseCount(read, 'max-attempts')
  const timeoutSeconds = parseCount(read, 'timeout-seconds')
  const requestTimeoutSeconds = parseCount(read, 'request-timeout-seconds')
  const waitForCompletion = parseBoolean(read, 'wait-for-completion')
  const pollIntervalSeconds = parseCount(read, 'poll-interval-seconds')
  const coalesce = parseBoolean(read, 'coalesce')
  const maxRemovals = parseMaxRemovals(read)
  const writeConcurrency = parseCount(read, 'write-concurrency')
  checkProxy(runner, baseUrl, auth.mode === 'refresh' ? auth.store?.apiUrl : undefined)
  const roster = parseRoster(read, runner)
  const exportTo = parseExport(read, runner, roster !== undefined)
  const accessReview = parseAccessReview(read, runner, exportTo !== undefined)
  return {
    auth,
    baseUrl,
    maxAttempts,
    timeoutMs: timeoutSeconds * 1000,
    requestTimeoutMs: requestTimeoutSeconds * 1000,
    waitForCompletion,
    pollIntervalMs: pollIntervalSeconds * 1000,
    coalesce,
    maxRemovals,
    writeConcurrency,
    roster,
    export: exportTo,
    accessReview,
    runner
  }
}

/** export: a directory relative to the workspace (written later, inside it only); never beside roster. */
function parseExport(read: InputReader, runner: Runner, withRoster: boolean): ExportInput | undefined {
  const dir = read('export').trim()
  if (!dir) return undefined
  if (withRoster)
    throw new InputError(
      'export',
      'and roster are both set: export writes a roster from DoorFlow and changes nothing there; run it in a step of its own, without roster.'
    )
  return { dir: workspaceDirectory(read, 'export', runner.workspace), workspace: runner.workspace }
}

/** A directory input: relative to the workspace, and inside it (no link in it leads out). */
function workspaceDirectory(read: InputReader, name: string, workspace: string): string {
  const dir = read(name).trim()
  if (isAbsolute(dir) || /^[a-zA-Z]:[\\/]/.test(dir))
    throw new InputError(
      name,
      `is an absolute path: give a directory relative to the workspace, such as access (got '${untrusted(dir, 200)}').`
    )
  if (!isInside(resolve(workspace, dir), workspace))
    throw new InputError(
      name,
      `leads outside the workspace: give a directory inside the repository (got '${untrusted(dir, 200)}').`
    )
  if (!insideWorkspace(dir, workspace))
    throw new InputError(
      name,
      `is, or lies under, a link that leads outside the workspace: give a directory inside the repository (got '${untrusted(dir, 200)}').`
    )
  return dir
}

/** The access review's windows (see review/review.ts), in days and hours. */
export interface ReviewWindows {
  unusedDays: number
  endingDays: number
  delayHours: number
  periodDays: number
}

const WINDOWS = [
  ['unused-days', 'unusedDays', 3650],
  ['ending-days', 'endingDays', 3650],
  ['delay-hours', 'delayHours', 8760],
  ['period-days', 'periodDays', 3650]
] as const

/**
 * The review's windows: the action's `access-review-unused-days` and the rest (`prefix`
 * 'access-review-'), the terminal's `--unused-days` and the rest (no prefix). Each a whole number
 * from 1 to its maximum, or empty for the default.
 */
export function parseReviewWindows(read: InputReader, prefix: string): ReviewWindows {
  const windows = {} as ReviewWindows
  for (const [name, key, max] of WINDOWS) {
    const input = `${prefix}${name}`
    const fallback = DEFAULTS[`access-review-${name}`]
    const raw = read(input).trim() || fallback
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
      throw new InputError(
        input,
        `must be a whole number from 1 to ${max} (or empty for ${fallback}), got '${untrusted(raw, 40)}'.`
      )
    windows[key] = Number(raw)
  }
  return windows
}

/** access-review: a directory relative to the workspace for the review's files; never beside export. */
function parseAccessReview(read: InputReader, runner: Runner, withExport: boolean): AccessReviewInput | undefined {
  const windows = parseReviewWindows(read, 'access-review-')
  if (!read('access-review').trim()) return undefined
  if (withExport)
    throw new InputError(
      'access-review',
      'and export are both set: each is a run of its own; run the review in a step of its own, without export.'
    )
  return { dir: workspaceDirectory(read, 'access-review', runner.workspace), workspace: runner.workspace, windows }
}

function parseRoster(read: InputReader, runner: Runner): RosterSettings | undefined {
  const path = read('roster').trim()
  const prune = parsePrune(read)
  // Without a roster the plain sync always sends one: sync is read (a bad value is still named) but has no effect.
  const sync = orDefault(read, 'sync') as SyncMode
  if (!SYNC_MODES.includes(sync)) throw new InputError('sync', `must be auto or always, got '${read('sync').trim()}'.`)
  const unmanaged = parseUnmanaged(read)
  const unreviewedChanges = orDefault(read, 'unreviewed-changes') as UnreviewedMode
  if (!UNREVIEWED_MODES.includes(unreviewedChanges))
    throw new InputError('unreviewed-changes', `must be warn or fail, got '${read('unreviewed-changes').trim()}'.`)
  const personalData = orDefault(read, 'personal-data') as PersonalDataMode
  if (!PERSONAL_DATA_MODES.includes(personalData))
    throw new InputError('personal-data', `must be auto, show or hide, got '${read('personal-data').trim()}'.`)
  if (!path) {
    // Without a roster nothing but the sync is sent, so dry-run has nothing to decide; true asks for a plan.
    if (orDefault(read, 'dry-run') !== 'auto' && parseBoolean(read, 'dry-run'))
      throw new InputError(
        'dry-run',
        'is true but roster is empty: a dry run plans a roster; name the file or directory.'
      )
    return undefined
  }
  const dryRun = parseDryRun(read, runner)
  const commentToken = read('pr-comment-token').trim()
  // The token goes to GitHub when a dry run comments on a pull request, or an apply reads the reviewed plan.
  if (commentToken && (!dryRun.dryRun || runner.pullRequest)) gitHubApi(runner, 'pr-comment-token')
  return {
    path,
    workspace: runner.workspace,
    dryRun: dryRun.dryRun,
    dryRunWhy: dryRun.why,
    sync,
    prune,
    commentToken,
    unmanaged,
    unreviewedChanges,
    personalData
  }
}

const APPLY_ON_PUSH =
  'Plan on pull requests (leave dry-run empty for auto, or set it true) and apply on a push to the default branch (docs/roster.md).'

/**
 * dry-run: `auto` (the default) applies only on a push to the repository's default branch (the
 * merge) and plans on every other event, a run outside a runner included; `true` and `false` say
 * it outright, but `false` is refused where a pull request's unmerged code would be written.
 */
function parseDryRun(read: InputReader, runner: Runner): { dryRun: boolean; why: string } {
  const raw = orDefault(read, 'dry-run')
  const { event } = runner
  const onPullRequest = (PLAN_ONLY_EVENTS as readonly string[]).includes(event)
  const named = event ? `a ${event} event` : 'a run without GITHUB_EVENT_NAME (not a pull request)'
  if (raw === 'auto') return autoDryRun(runner)
  const given = parseBoolean(read, 'dry-run')
  if (given) return { dryRun: true, why: 'dry-run true: planning only.' }
  if (event === 'pull_request_target') {
    throw new InputError(
      'dry-run',
      "is false on a pull_request_target event: that workflow runs with the repository's secrets on a pull request's code, " +
        `so anyone who opens a pull request would write the roster to DoorFlow. ${APPLY_ON_PUSH}`
    )
  }
  if (onPullRequest) {
    throw new InputError(
      'dry-run',
      `is false on ${named}: the roster there is a pull request's, not yet merged, so any pull request would write it to DoorFlow. ${APPLY_ON_PUSH}`
    )
  }
  return { dryRun: false, why: `dry-run false: applying on ${named}.` }
}

/**
 * dry-run auto: only a push to the default branch is a merge, so only it applies. A pull request,
 * a merge queue's run (a test of the merge, not the merge), a push to another branch, a schedule,
 * a dispatch, a comment or another workflow's run plans. Pure.
 */
export function autoDryRun(runner: Runner): { dryRun: boolean; why: string } {
  const { event, defaultBranch, ref } = runner
  if (pushToDefaultBranch(runner))
    return {
      dryRun: false,
      why: `dry-run auto: applying on a push to the default branch, ${untrusted(defaultBranch ?? '', 255)}.`
    }
  const plan = (why: string) => ({
    dryRun: true,
    why: `dry-run auto: planning only ${why}; auto applies only on a push to the default branch (set dry-run: false to apply here).`
  })
  if ((PLAN_ONLY_EVENTS as readonly string[]).includes(event))
    return { dryRun: true, why: `dry-run auto: planning only on a ${event} event.` }
  if (!event) return plan('on a run without GITHUB_EVENT_NAME')
  if (event !== 'push') return plan(`on a ${untrusted(event, 100)} event`)
  if (!defaultBranch)
    return plan(
      `on a push whose event payload does not name the default branch (${runner.payloadProblem ?? 'no repository.default_branch in GITHUB_EVENT_PATH'})`
    )
  return plan(
    `on a push to ${untrusted(ref ?? 'an unnamed ref', 300)}, not to the default branch ${untrusted(defaultBranch, 255)}`
  )
}

/** The inputs of this step, as the runner passes them. */
export function readSettings(runner: Runner): Settings {
  return parseSettings(name => core.getInput(name), runner)
}

/**
 * Masks every credential input before anything else runs, so that no later line, error or
 * debug output can show it. A multi-line value is masked line by line as well, because the
 * runner matches masks against single log lines.
 */
export function maskCredentialInputs(read: InputReader = name => core.getInput(name)): void {
  for (const name of CREDENTIAL_INPUTS) {
    const value = read(name)
    if (!value) continue
    core.setSecret(value)
    const lines = value.split(/\r?\n/).map(l => l.trim())
    if (lines.length > 1) for (const line of lines) if (line) core.setSecret(line)
  }
}

/** The proxy variable each HTTPS request would use must be a proxy URL, checked before any request. */
function checkProxy(runner: Pick<Runner, 'proxy'>, ...urls: (string | undefined)[]): void {
  for (const url of urls) {
    if (!url) continue
    try {
      proxyFor(new URL(url), name => runner.proxy[name])
    } catch (err) {
      if (err instanceof InvalidProxy) throw new InputError(err.variable, err.why, 'Environment variable')
      throw err
    }
  }
}

function parseCount(read: InputReader, name: keyof typeof LIMITS): number {
  const raw = orDefault(read, name)
  const max = LIMITS[name]
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new InputError(name, `must be a whole number from 1 to ${max}, got '${raw}'.`)
  }
  return Number(raw)
}

/**
 * The inputs that change what a roster plan says, read the same way by the action and by `npm run
 * plan` (script/plan.ts, whose options carry the same names): prune, unmanaged and max-removals.
 */
export function parsePrune(read: InputReader): PruneMode {
  const prune = orDefault(read, 'prune') as PruneMode
  if (!PRUNE_MODES.includes(prune))
    throw new InputError('prune', `must be one of ${PRUNE_MODES.join(', ')}, got '${read('prune').trim()}'.`)
  return prune
}

export function parseUnmanaged(read: InputReader): UnmanagedMode {
  const unmanaged = orDefault(read, 'unmanaged') as UnmanagedMode
  if (!UNMANAGED_MODES.includes(unmanaged))
    throw new InputError(
      'unmanaged',
      `must be one of ${UNMANAGED_MODES.join(', ')}, got '${read('unmanaged').trim()}'.`
    )
  return unmanaged
}

/** Empty for the default rule; 0 forbids every removal. */
export function parseMaxRemovals(read: InputReader): number | undefined {
  const raw = read('max-removals').trim()
  if (!raw) return undefined
  if (!/^\d+$/.test(raw) || Number(raw) > 1_000_000) {
    throw new InputError(
      'max-removals',
      `must be a whole number from 0 to 1000000 (or empty for the default: 10 people or 10 % of the managed, whichever is smaller), got '${raw}'.`
    )
  }
  return Number(raw)
}
