/**
 * `npm run plan -- --roster FILE`: the roster's plan from a terminal (or any CI system), with
 * the action's own core: the same validation, the same reads, the same planner. Nothing is
 * written. Token and API root come from the environment, never from the command line, so
 * they stay out of shell history.
 */
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { realClock, stepContext } from '../src/net/clock.js'
import { httpLog } from '../src/net/http.js'
import { PeopleClient } from '../src/doorflow/people.js'
import { planText } from '../src/roster/render.js'
import type { Problem } from '../src/roster/roster.js'
import { loadRoster, planAgainstDoorFlow } from '../src/roster/run.js'
import { parseHttpsUrl, PRUNE_MODES, type PruneMode } from '../src/settings.js'

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

  const loaded = loadRoster(values.roster, process.cwd())
  if (loaded.problems.length) {
    printProblems(loaded.problems, out)
    out(`The roster has ${loaded.problems.length} problem(s); nothing was read from DoorFlow.`)
    return 1
  }
  const token = env['DOORFLOW_TOKEN']?.trim()
  if (!token) {
    out('DOORFLOW_TOKEN is empty: export an access token with the read scopes (see --help).')
    return usage
  }
  let baseUrl: string
  try {
    baseUrl = parseHttpsUrl('DOORFLOW_BASE_URL', env['DOORFLOW_BASE_URL']?.trim() || 'https://api.doorflow.com')
  } catch (err) {
    out((err as Error).message)
    return usage
  }
  httpLog.debug = () => {}
  const limits = { maxAttempts: 5, timeoutMs: 300_000, requestTimeoutMs: 30_000 }
  const startedAt = Date.now()
  const ctx = stepContext(limits, startedAt, realClock, line => out(line))
  const planned = await planAgainstDoorFlow(ctx, new PeopleClient(baseUrl, token), loaded.roster, prune)
  if (!planned.ok) {
    out(planned.message)
    return 1
  }
  if (planned.problems.length) {
    printProblems(planned.problems, out)
    out(`The roster does not fit DoorFlow: ${planned.problems.length} problem(s).`)
    return 1
  }
  const done = detailed && planned.plan.changes.length ? 2 : 0
  if (values.json) {
    out(JSON.stringify(planned.plan, null, 2))
    return done
  }
  for (const line of planText(planned.plan)) out(line)
  out(
    `(${loaded.roster.people.length} in the roster, ${planned.account.people.length} in DoorFlow; ${planned.account.requests} requests, ${Date.now() - startedAt} ms; nothing was written.)`
  )
  return done
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
