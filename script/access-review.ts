/**
 * `npm run access-review -- --roster PATH --out DIR`: the access review from a terminal (or any CI
 * system), made by the action's own pipeline (review/run.ts): who can open each DoorFlow group now,
 * the pull request that last granted it and who approved it, the candidates for removal, the
 * period's leavers; the files a compliance tool reads (CSV, JSON) and the Markdown. Reads only.
 * From another repository: `npm --prefix <clone of the action> run access-review -- …`, paths read
 * from where it is run (terminal.ts). Tokens and API roots come from the environment, never from
 * the command line, so they stay out of shell history.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { realClock, stepContext } from '../src/net/context.js'
import { httpLog } from '../src/net/http.js'
import { parseHttpsUrl, type InputReader } from '../src/inputs.js'
import { parseReviewWindows } from '../src/settings.js'
import { runReview, type ReviewRun } from '../src/review/run.js'
import { applyTimesOf } from '../src/review/records.js'
import {
  asOption,
  doorflowFromEnv,
  errorLine,
  existingRoster,
  problemLines,
  runDirectory,
  runWhenStarted
} from './terminal.js'

const USAGE = `Usage: DOORFLOW_TOKEN=… GITHUB_TOKEN=… npm run access-review -- --roster PATH --out DIR [options]
  from another repository: npm --prefix PATH_TO_THE_ACTION run access-review -- …
  (paths are read from the directory you run it in; absolute paths are taken too)

  --roster PATH        the roster file or directory, in a git checkout with its history
                       (its commits trace each grant to its pull request)
  --out DIR            where the files go: access-review.csv, leavers.csv,
                       access-review.json, access-review.md (created when missing)
  --repository O/N     the GitHub repository of the roster (default GITHUB_REPOSITORY)
  --record-author NAME the login whose comments carry the apply records
                       (default github-actions[bot], the workflow's GITHUB_TOKEN)
  --cache FILE         pull requests by commit, read first and written back, so the
                       next review asks GitHub only of new commits; trusted: keep it
                       outside the roster's repository, where no pull request writes
  --unused-days N      access not used for N days is flagged (default 90)
  --ending-days N      access ending within N days is flagged (default 30)
  --delay-hours N      a leaver whose access outlived the merge by more is flagged (default 24)
  --period-days N      leavers of the last N days are listed (default 90)
  --markdown           print the Markdown to stdout (else the files' paths and the counts)

Environment:
  DOORFLOW_TOKEN     an access token with account.person.readonly, account.group.readonly,
                     account.role.readonly and account.event.access.readonly
  DOORFLOW_BASE_URL  the API root (default https://api.doorflow.com)
  GITHUB_TOKEN       a token that may read the repository's pull requests (optional:
                     without it grants are not traced to pull requests)
  GITHUB_API_URL     GitHub's API root (default https://api.github.com)

Exit status: 0 written, 1 the roster, DoorFlow or the directory failed, 2 usage.`

class UsageError extends Error {}

const OPTIONS = {
  roster: { type: 'string' },
  out: { type: 'string' },
  repository: { type: 'string' },
  'record-author': { type: 'string' },
  cache: { type: 'string' },
  'unused-days': { type: 'string' },
  'ending-days': { type: 'string' },
  'delay-hours': { type: 'string' },
  'period-days': { type: 'string' },
  markdown: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void = out,
  now: () => number = Date.now
): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values']
  let options: ReviewRun['options']
  try {
    values = parseArgs({ args: argv, options: OPTIONS }).values
    if (values.help) {
      out(USAGE)
      return 0
    }
    if (!values.roster) throw new UsageError('--roster is required.')
    if (!values.out?.trim()) throw new UsageError('--out is required.')
    const repository = values.repository ?? env['GITHUB_REPOSITORY'] ?? ''
    if (repository && !/^[\w.-]+\/[\w.-]+$/.test(repository))
      throw new UsageError(`--repository must be OWNER/NAME, got '${repository}'.`)
    const read: InputReader = name => ((values as Record<string, unknown>)[name] as string | undefined) ?? ''
    options = { asOf: now(), ...parseReviewWindows(read, '') }
  } catch (e) {
    err(errorLine(asOption(e)))
    err('')
    err(USAGE)
    return 2
  }
  const doorflow = doorflowFromEnv(env)
  let apiUrl: string
  try {
    if (!doorflow.ok) throw new Error(doorflow.message)
    apiUrl = parseHttpsUrl('GITHUB_API_URL', env['GITHUB_API_URL']?.trim() || 'https://api.github.com')
  } catch (e) {
    err(errorLine((e as Error).message))
    return 2
  }
  const { token, baseUrl } = doorflow
  const base = runDirectory(env)
  const roster = existingRoster(values.roster, base, err)
  if (!roster) return 1
  const repository = values.repository ?? env['GITHUB_REPOSITORY'] ?? ''
  const githubToken = env['GITHUB_TOKEN']?.trim()
  httpLog.debug = () => {}
  const limits = { maxAttempts: 5, timeoutMs: 600_000, requestTimeoutMs: 30_000 }
  const startedAt = Date.now()
  const ctx = stepContext(limits, startedAt, realClock, line => err(errorLine(line)))
  const outDir = resolve(base, values.out)
  const done = await runReview(ctx, {
    workspace: roster.workspace,
    roster: roster.path,
    outDir,
    options,
    doorflow: { baseUrl, token },
    childEnv: env,
    recordTimes: applyTimesOf,
    ...(githubToken && repository
      ? {
          github: {
            apiUrl,
            repository,
            token: githubToken,
            recordAuthor: user => user.login === (values['record-author'] ?? 'github-actions[bot]'),
            sharedAuthor: (values['record-author'] ?? 'github-actions[bot]') === 'github-actions[bot]'
          }
        }
      : {}),
    ...(values.cache ? { cacheFile: resolve(base, values.cache) } : {})
  })
  if (!done.ok) {
    const named = (done.problems ?? []).map(p => ({
      ...p,
      message: p.message.replace(/^Input 'roster': /, '--roster: ')
    }))
    for (const line of problemLines(named, roster.shown)) err(line)
    err(errorLine(`${done.message} No review was written.`))
    return 1
  }
  if (!githubToken || !repository)
    err(
      `${!githubToken ? 'No GITHUB_TOKEN' : 'No repository'}: grants are not traced to pull requests. ` +
        `${!githubToken ? 'Set GITHUB_TOKEN to a token that may read its pull requests' : 'Pass --repository OWNER/NAME (or set GITHUB_REPOSITORY)'}.`
    )
  if (values.markdown) out(done.markdown)
  else for (const file of done.files) out(errorLine(file))
  const c = done.review.counts
  const flagged = Object.entries(c.flagged)
    .filter(([, n]) => n)
    .map(([f, n]) => `${n} ${f}`)
    .join(', ')
  err(
    errorLine(
      `Reviewed ${c.groups} groups, ${c.people} people, ${c.grants} grants (${flagged || 'none flagged'}); ` +
        `${c.leavers} leavers (${c.leaversFlagged} flagged). ${done.review.usage.complete ? 'Events read for the whole window' : 'Events NOT read for the whole window: see the review'}; ` +
        `${done.requests.doorflow} DoorFlow and ${done.requests.github} GitHub requests, ${Date.now() - startedAt} ms. Nothing was written to DoorFlow.`
    )
  )
  return 0
}

runWhenStarted(import.meta.url, main)
