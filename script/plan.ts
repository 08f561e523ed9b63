/**
 * `npm run plan -- --roster FILE`: the roster's plan from a terminal (or any CI system), made by
 * the action's own pipeline up to the guard (roster/run.ts's planTheRoster): the same validation,
 * reads, planner, guard and unmanaged people (no drift: it knows no commit). Nothing is written.
 * Token and API root come from the environment, never from the command line, so they stay out of
 * shell history.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { realClock, stepContext } from '../src/net/context.js'
import { httpLog } from '../src/net/http.js'
import { personalView } from '../src/roster/personal.js'
import { planText } from '../src/roster/render.js'
import type { Problem } from '../src/roster/roster.js'
import { planTheRoster } from '../src/roster/run.js'
import { parseHttpsUrl } from '../src/inputs.js'
import { PRUNE_MODES, type PruneMode } from '../src/settings.js'

const USAGE = `Usage: DOORFLOW_TOKEN=… npm run plan -- --roster FILE_OR_DIR [options]

  --roster PATH      a roster file, or a directory of *.yaml roster files
  --prune MODE       disable (default), delete or off: what happens to managed people
                     absent from the roster
  --json             print the plan as JSON instead of words
  --detailed-exitcode
                     exit 0 when DoorFlow matches the roster, 2 when the plan has
                     changes (drift, on a nightly run), 1 on any error (usage too)

Environment:
  DOORFLOW_TOKEN     an access token with account.person.readonly, account.group.readonly
                     and account.role.readonly
  DOORFLOW_BASE_URL  the API root (default https://api.doorflow.com)

Exit status: 0 planned, 1 problems in the roster or with DoorFlow, 2 usage; with
--detailed-exitcode, 0 no changes, 2 changes, 1 any error or usage.`

class UsageError extends Error {}

export async function main(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  // With --detailed-exitcode 2 means changes, so a usage error is 1 like any other error.
  const detailed = argv.includes('--detailed-exitcode')
  const usage = detailed ? 1 : 2
  let values: { roster?: string; prune?: string; json?: boolean; help?: boolean; 'detailed-exitcode'?: boolean }
  try {
    values = parseArgs({
      args: argv,
      options: {
        roster: { type: 'string' },
        prune: { type: 'string' },
        json: { type: 'boolean' },
        'detailed-exitcode': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    }).values
    if (values.help) {
      out(USAGE)
      return 0
    }
    if (!values.roster) throw new UsageError('--roster is required.')
    if (values.prune && !PRUNE_MODES.includes(values.prune as PruneMode))
      throw new UsageError(`--prune must be one of ${PRUNE_MODES.join(', ')}.`)
  } catch (err) {
    out(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`)
    return usage
  }
  const prune = (values.prune ?? 'disable') as PruneMode

  // The token and the API root are needed only once the roster is read: its problems come first.
  const credentials = tokenAndRoot(env)
  httpLog.debug = () => {}
  const limits = { maxAttempts: 5, timeoutMs: 300_000, requestTimeoutMs: 30_000 }
  const startedAt = Date.now()
  const ctx = stepContext(limits, startedAt, realClock, line => out(line))
  const problems = (said: string) => (_files: unknown, found: Problem[]) => {
    printProblems(found, out)
    out(said.replace('N', String(found.length)))
    return Promise.resolve(1)
  }
  // The action's pipeline up to the guard, with the terminal's words: quiet but for the plan and its problems.
  const planned = await planTheRoster<number>({
    rosterSettings: { path: values.roster, workspace: process.cwd(), prune, unmanaged: 'report', dryRun: true },
    // What the apply would say of it, with the default max-removals.
    maxRemovals: undefined,
    ctx,
    view: personalView('show', 'silent'),
    baseUrl: credentials.baseUrl,
    log: () => {},
    signIn: () => Promise.resolve(credentials),
    // A terminal run plans no commit, so it marks no drift (docs/roster.md, "From a terminal").
    changedFiles: () => Promise.resolve({ kind: 'unknown', why: 'a terminal run knows no commit' }),
    cannotPlan: {
      rosterProblems: problems('The roster has N problem(s); nothing was read from DoorFlow.'),
      unreadable: (_files, message) => {
        out(message)
        return Promise.resolve(credentials.ok ? 1 : usage)
      },
      misfit: problems('The roster does not fit DoorFlow: N problem(s).')
    }
  })
  if ('stop' in planned) return planned.stop
  const { plan, roster, doorflow } = planned
  const done = detailed && plan.changes.length ? 2 : 0
  if (values.json) {
    out(JSON.stringify(plan, null, 2))
    return done
  }
  for (const line of planText(plan)) out(line)
  out(
    `(${roster.people.length} in the roster, ${doorflow.account.people.length} in DoorFlow; ${doorflow.account.requests} requests, ${Date.now() - startedAt} ms; nothing was written.)`
  )
  return done
}

/** The token and API root from the environment; a missing token or a malformed root is a usage error. */
function tokenAndRoot(
  env: NodeJS.ProcessEnv
): ({ ok: true; accessToken: string; note: string } | { ok: false; message: string }) & { baseUrl: string } {
  const token = env['DOORFLOW_TOKEN']?.trim()
  if (!token)
    return {
      ok: false,
      message: 'DOORFLOW_TOKEN is empty: export an access token with the read scopes (see --help).',
      baseUrl: ''
    }
  try {
    const baseUrl = parseHttpsUrl('DOORFLOW_BASE_URL', env['DOORFLOW_BASE_URL']?.trim() || 'https://api.doorflow.com')
    return { ok: true, accessToken: token, note: '', baseUrl }
  } catch (err) {
    return { ok: false, message: (err as Error).message, baseUrl: '' }
  }
}

/** Compiler-style lines, so that terminals and editors link them to the file. */
function printProblems(problems: Problem[], out: (line: string) => void): void {
  for (const p of problems) out(p.at ? `${p.at.file}:${p.at.line}:${p.at.col}: ${p.message}` : p.message)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), process.env, line => console.log(line)).then(
    code => process.exit(code),
    err => {
      console.error(err instanceof Error ? err.message : String(err))
      process.exit(1)
    }
  )
}
