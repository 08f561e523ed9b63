/**
 * The access review, run: read the roster now, DoorFlow's people and groups, the admits of the
 * window, the roster's history and the pull requests behind it, then write the review's files. One
 * pipeline for the terminal (`npm run access-review`) and the action (`access-review` input). Every
 * read is bounded by the budget, and each later read keeps a share of it for what follows, so an
 * events read that would take all the time stops early and says so instead of leaving no review.
 */
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { plural, verb } from '../format.js'
import { timeLeft, type Context } from '../net/context.js'
import { PeopleClient, readAccount } from '../doorflow/people.js'
import { MAX_EVENT_PAGES, readUsage } from '../doorflow/events.js'
import { pullsOfCommits, type PullCache, type Where } from '../github/pull-facts.js'
import { readRosterFiles } from '../roster/roster-files.js'
import { parseRoster } from '../roster/parse.js'
import { rosterKey } from '../roster/digest.js'
import { managesMatcher, type Problem } from '../roster/roster.js'
import { untrusted } from '../untrusted.js'
import { historyGitIn, readHistory, type HistoryGit } from './git.js'
import type { ChildEnv } from '../runner.js'
import {
  accessReview,
  DAY_MS,
  grantKey,
  type ApplyTimes,
  type PullFacts,
  type Review,
  type ReviewOptions,
  type RosterNow
} from './review.js'
import { reviewMarkdown } from './markdown.js'
import { leaverRecords } from './leaver-records.js'
import { accessCsv, leaversCsv, reviewJson } from './files.js'

/** The names of the files the review writes in its directory. */
export const REVIEW_FILES = {
  csv: 'access-review.csv',
  leavers: 'leavers.csv',
  json: 'access-review.json',
  markdown: 'access-review.md'
} as const

/** A cache file of pull requests is read up to this size; a larger one is ignored. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024

export interface ReviewRun {
  workspace: string
  /** The roster, relative to the workspace; undefined: no roster, every grant is unmanaged. */
  roster: string | undefined
  /** Where the files go (absolute). */
  outDir: string
  options: ReviewOptions
  doorflow: { baseUrl: string; token: string }
  /** Without it, grants are not traced to pull requests and leavers have no record. */
  github?: Where & {
    /** Whether a comment's author is the identity that writes the apply records. */
    recordAuthor: (user: { login?: unknown; id?: unknown }) => boolean
    /**
     * The records' author is the `GITHUB_TOKEN`'s bot, github-actions[bot], which every workflow of
     * the repository comments as: the review says a record is no more than those workflows are.
     */
    sharedAuthor?: boolean
    pullUrl?: (n: number) => string
  }
  /** A JSON file of pull requests by commit, read first and written back (absolute). */
  cacheFile?: string
  /** The apply record's times in a comment body, for the commit the review asks about (point 1's trailer). */
  recordTimes?: (body: string, doorflowIds: readonly number[], roster?: string) => ApplyTimes | undefined
  maxEventPages?: number
  /** The environment git runs in (the runner's, runner.ts). */
  childEnv: ChildEnv
  git?: HistoryGit
}

export type ReviewOutcome =
  | {
      ok: true
      review: Review
      markdown: string
      files: string[]
      requests: { doorflow: number; github: number }
      commitsAsked: number
    }
  | { ok: false; message: string; problems?: Problem[] }

/** The share of the budget left for what follows each read: events stop with 40 % left, the history with 20 %. */
const EVENTS_RESERVE = 0.4
const HISTORY_RESERVE = 0.2

export async function runReview(ctx: Context, run: ReviewRun): Promise<ReviewOutcome> {
  const total = ctx.budget.timeoutMs
  const now = run.options.asOf
  let roster: RosterNow | undefined
  if (run.roster !== undefined) {
    const read = readRosterFiles(run.roster, run.workspace)
    if (read.problems.length) return { ok: false, message: 'The roster cannot be read.', problems: read.problems }
    const parsed = parseRoster(read.files)
    if (parsed.problems.length)
      return {
        ok: false,
        message: `The roster has ${plural(parsed.problems.length, 'problem')}.`,
        problems: parsed.problems
      }
    const matches = managesMatcher(parsed.roster.manages)
    const listed = new Set(parsed.roster.people.map(p => p.id))
    roster = {
      managed: id => listed.has(id) || (matches?.(id) ?? false),
      grants: new Map(parsed.roster.people.filter(p => p.fields.enabled !== false).map(p => [p.id, new Set(p.groups)]))
    }
  }

  const client = new PeopleClient(run.doorflow.baseUrl, run.doorflow.token)
  const account = await readAccount(ctx, client)
  if (!account.ok) return { ok: false, message: account.message }
  let doorflowRequests = account.account.requests

  const windowStart = now - run.options.unusedDays * DAY_MS
  const usage = await readUsage(ctx, run.doorflow.baseUrl, run.doorflow.token, {
    since: windowStart,
    now,
    maxPages: run.maxEventPages ?? MAX_EVENT_PAGES,
    reserveMs: total * EVENTS_RESERVE
  })
  doorflowRequests += usage.requests

  const notes: string[] = []
  const pulls = new Map<string, PullFacts | string>()
  const records = new Map<string, ApplyTimes>()
  const recordProblems = new Map<string, string>()
  let githubRequests = 0
  let commitsAsked = 0
  let history: Awaited<ReturnType<typeof readHistory>> | undefined
  if (run.roster !== undefined) {
    history = await readHistory(
      run.workspace,
      run.roster,
      () => timeLeft(ctx) <= total * HISTORY_RESERVE,
      run.git ?? historyGitIn(run.childEnv)
    )
    notes.push(...history.notes)
  }
  const periodStart = now - run.options.periodDays * DAY_MS
  if (history && run.github) {
    const inForce: string[] = []
    for (const p of account.account.people)
      if (p.system_id && roster?.grants.get(p.system_id))
        for (const g of roster.grants.get(p.system_id)!) inForce.push(grantKey(p.system_id, g))
    const commits = history.history.commitsToLookUp(inForce, periodStart)
    const cache = readCache(run.cacheFile, notes)
    const counter = { requests: 0 }
    const asked = await pullsOfCommits(ctx, run.github, commits, cache, counter, () => timeLeft(ctx) <= 5000)
    commitsAsked = asked.asked
    if (asked.skipped)
      notes.push(
        `${plural(asked.skipped, 'commit')} ${verb(asked.skipped, 'was', 'were')} not looked up on GitHub (the time budget): their grants show no pull request.`
      )
    for (const sha of commits) {
      const c = cache[sha]
      if (c) pulls.set(sha, 'none' in c ? c.none : c)
      else pulls.set(sha, asked.failed.get(sha) ?? 'not looked up (the time budget ran out)')
    }
    // The apply records of the period's leavers: on the pull request of each leaver's commit (leaver-records.ts).
    if (run.recordTimes && run.roster !== undefined) {
      const read = await leaverRecords(
        ctx,
        {
          github: run.github,
          roster: rosterKey(run.roster),
          leavers: history.history.leavers.filter(l => l.at >= periodStart),
          pulls,
          ids: sid => account.account.people.filter(p => p.system_id === sid).map(p => p.id),
          recordTimes: run.recordTimes,
          stop: () => timeLeft(ctx) <= 5000
        },
        counter
      )
      for (const [k, v] of read.records) records.set(k, v)
      for (const [k, v] of read.problems) recordProblems.set(k, v)
      notes.push(...read.notes)
      if (run.github.sharedAuthor && read.records.size)
        notes.push(
          'The apply records are comments of github-actions[bot], which every workflow of this repository can comment and edit as: they hold as far as the repository\'s workflows do (docs/roster.md, "Who can change what"). A GitHub App\'s token as pr-comment-token gives the apply an identity of its own.'
        )
    }
    githubRequests = counter.requests
    if (run.cacheFile) writeCache(run.cacheFile, cache, notes)
  } else if (history && !run.github)
    notes.push('No GitHub token or repository was given: grants are not traced to pull requests.')

  const review = accessReview(
    {
      people: account.account.people,
      groups: account.account.groups,
      roster,
      usage,
      grants: history?.history.grants ?? new Map(),
      pulls,
      leavers: history?.history.leavers ?? [],
      records,
      recordProblems,
      historyNotes: notes
    },
    run.options
  )
  const markdown = reviewMarkdown(review, {
    ...(run.github?.pullUrl ? { pullUrl: run.github.pullUrl } : {}),
    filesAt: 'the review directory'
  })
  let files: string[]
  try {
    files = writeFiles(run.outDir, review, markdown)
  } catch (err) {
    return { ok: false, message: `The review's files could not be written: ${untrusted((err as Error).message, 300)}.` }
  }
  return {
    ok: true,
    review,
    markdown,
    files,
    requests: { doorflow: doorflowRequests, github: githubRequests },
    commitsAsked
  }
}

/**
 * Writes the four files; the CSV and JSON in pieces, so 500,000 rows are never one string. A file is
 * never written through a link (O_NOFOLLOW): a link a commit planted in the directory would otherwise
 * aim the review at any file the job may write. Throws with the system's words.
 */
export function writeFiles(dir: string, review: Review, markdown: string): string[] {
  mkdirSync(dir, { recursive: true })
  const streamed = (name: string, pieces: Iterable<string>) => {
    const path = join(dir, name)
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644)
    try {
      let buffer = ''
      for (const piece of pieces) {
        buffer += piece
        if (buffer.length > 1 << 20) {
          writeSync(fd, buffer)
          buffer = ''
        }
      }
      writeSync(fd, buffer)
    } finally {
      closeSync(fd)
    }
    return path
  }
  return [
    streamed(REVIEW_FILES.csv, accessCsv(review)),
    streamed(REVIEW_FILES.leavers, [leaversCsv(review)]),
    streamed(REVIEW_FILES.json, reviewJson(review)),
    streamed(REVIEW_FILES.markdown, [markdown])
  ]
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/**
 * The cache of pull requests, every entry checked; an unreadable or foreign file is an empty cache (and a
 * note). It is trusted, so it must be the user's own file: a link is not followed (a link to a FIFO would
 * block the read, to /dev/zero never end it), only a regular file is read, and never more than
 * MAX_CACHE_BYTES of it, from the descriptor that was checked.
 */
export function readCache(file: string | undefined, notes: string[]): PullCache {
  const cache: PullCache = {}
  if (!file) return cache
  const refuse = (why: string) => {
    notes.push(`The cache of pull requests ${why} and was not read; every commit was asked again.`)
    return cache
  }
  let fd: number | undefined
  try {
    if (lstatSync(file).isSymbolicLink()) return refuse('is a link (a link is not followed)')
    // O_NOFOLLOW: a link swapped in after the check is refused (ELOOP); O_NONBLOCK: a FIFO cannot block the open.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0))
    const info = fstatSync(fd)
    if (!info.isFile()) return refuse('is not a regular file (a FIFO, socket, device or directory)')
    if (info.size > MAX_CACHE_BYTES) return refuse(`is larger than ${MAX_CACHE_BYTES} bytes`)
    // Its size as checked and one byte more: a file that grows while it is read is refused, never read past the cap.
    const buffer = Buffer.allocUnsafe(info.size + 1)
    let length = 0
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null)
      if (n === 0) break
      length += n
      if (length > info.size) return refuse('grew while it was read')
    }
    const json = JSON.parse(buffer.toString('utf8', 0, length)) as unknown
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not an object')
    for (const [sha, v] of Object.entries(json as Record<string, unknown>)) {
      const o = v as Record<string, unknown> | null
      if (!SHA.test(sha) || !o || typeof o !== 'object') continue
      if (typeof o['none'] === 'string') cache[sha] = { none: untrusted(o['none'], 300) }
      else if (
        typeof o['number'] === 'number' &&
        Number.isInteger(o['number']) &&
        Array.isArray(o['approvers']) &&
        o['approvers'].every(a => typeof a === 'string') &&
        (o['mergedAt'] === undefined || typeof o['mergedAt'] === 'number')
      )
        cache[sha] = {
          number: o['number'],
          approvers: o['approvers'].map(a => untrusted(a, 100)),
          ...(typeof o['mergedAt'] === 'number' ? { mergedAt: o['mergedAt'] } : {}),
          ...(typeof o['mergeCommit'] === 'string' && SHA.test(o['mergeCommit'])
            ? { mergeCommit: o['mergeCommit'].toLowerCase() }
            : {})
        }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ELOOP') return refuse('is a link (a link is not followed)')
    if (code !== 'ENOENT')
      notes.push(
        `The cache of pull requests could not be read (${untrusted((err as Error).message, 200)}); every commit was asked again.`
      )
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  return cache
}

/**
 * The cache written back: to a new file beside it, then renamed over it, so a link at its name is
 * replaced, never written through (its target, any file the user can write, is left as it was).
 */
export function writeCache(file: string, cache: PullCache, notes: string[]): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    // The old file's permissions carry over (a cache kept private stays so); a link's are not a file's.
    const old = lstatSync(file, { throwIfNoEntry: false })
    const mode = old?.isFile() ? old.mode & 0o777 : 0o600
    writeFileSync(temp, `${JSON.stringify(cache)}\n`, { flag: 'wx', mode })
    chmodSync(temp, mode)
    renameSync(temp, file)
  } catch (err) {
    rmSync(temp, { force: true })
    notes.push(`The cache of pull requests could not be written (${untrusted((err as Error).message, 200)}).`)
  }
}
