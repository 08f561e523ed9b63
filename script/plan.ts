/**
 * `npm run plan -- --roster FILE`: the roster's plan from a terminal (or any CI system), made by
 * the action's own pipeline up to the guard (roster/run.ts's planTheRoster): the same validation,
 * reads, planner, guard, drift marks (with --drift) and unmanaged people, with the options that
 * change a plan named, read and checked as the action's inputs are (prune, unmanaged,
 * max-removals). Nothing is written. From another repository: `npm --prefix <clone of the
 * action> run plan -- …`, paths read from where it is run (terminal.ts). Token and API root come
 * from the environment, never from the command line, so they stay out of shell history.
 */
import { parseArgs } from 'node:util'
import { plural } from '../src/format.js'
import { realClock, stepContext } from '../src/net/context.js'
import { httpLog, httpProxy } from '../src/net/http.js'
import { personalView } from '../src/roster/personal.js'
import { planText } from '../src/roster/render.js'
import type { Problem } from '../src/roster/roster.js'
import { planTheRoster, unmanagedFailure } from '../src/roster/run.js'
import type { ChangedFiles } from '../src/roster/drift.js'
import type { InputReader } from '../src/inputs.js'
import { parseMaxRemovals, parsePrune, parseUnmanaged } from '../src/settings.js'
import {
  asOption,
  doorflowFromEnv,
  errorLine,
  existingRoster,
  jsonText,
  problemLines,
  runDirectory,
  runWhenStarted
} from './terminal.js'

const USAGE = `Usage: DOORFLOW_TOKEN=… npm run plan -- --roster FILE_OR_DIR [options]
  from another repository: npm --prefix PATH_TO_THE_ACTION run plan -- --roster …
  (paths are read from the directory you run it in; absolute paths are taken too)

  --roster PATH      a roster file, or a directory of *.yaml roster files
  --prune MODE       disable (default), delete or off: what happens to managed people
                     absent from the roster (the prune input)
  --unmanaged MODE   report (default), fail or ignore: people with door access whom no
                     roster manages; fail exits 1 when there are any (the unmanaged input)
  --max-removals N   most people the apply may lock out, 0 to 1000000 (default: 10, or
                     10 % of the managed, whichever is smaller; the max-removals input)
  --drift            mark every change as drift, as the action's scheduled run does: for
                     a roster that is already applied (a nightly check)
  --json             print the plan as JSON instead of words
  --detailed-exitcode
                     exit 0 when DoorFlow matches the roster, 2 when the plan has
                     changes (drift, on a nightly run), 1 on any error (usage too)

Environment:
  DOORFLOW_TOKEN     an access token with account.person.readonly, account.group.readonly
                     and account.role.readonly
  DOORFLOW_BASE_URL  the API root (default https://api.doorflow.com)

Plan and JSON go to stdout, problems and errors to stderr.
Exit status: 0 planned, 1 problems in the roster or with DoorFlow (or unmanaged people
with --unmanaged fail), 2 usage; with --detailed-exitcode, 0 no changes, 2 changes, 1 any
error or usage.`

class UsageError extends Error {}

/** The options, each read as the action reads its input of the same name. */
const OPTIONS = {
  roster: { type: 'string' },
  prune: { type: 'string' },
  unmanaged: { type: 'string' },
  'max-removals': { type: 'string' },
  drift: { type: 'boolean' },
  json: { type: 'boolean' },
  'detailed-exitcode': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void = out
): Promise<number> {
  // With --detailed-exitcode 2 means changes, so a usage error is 1 like any other error: also
  // when the flag itself is misspelt with a value (--detailed-exitcode=true).
  const detailed = argv.some(a => a === '--detailed-exitcode' || a.startsWith('--detailed-exitcode='))
  const usage = detailed ? 1 : 2
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values']
  let settings: ReturnType<typeof planSettings>
  try {
    const given = argv.find(a => a.startsWith('--detailed-exitcode='))
    if (given)
      throw new UsageError(
        `--detailed-exitcode takes no value (got '${given}'): give --detailed-exitcode alone for 0 no changes, 2 changes, 1 error.`
      )
    values = parseArgs({ args: argv, options: OPTIONS }).values
    if (values.help) {
      out(USAGE)
      return 0
    }
    if (!values.roster) throw new UsageError('--roster is required.')
    settings = planSettings(values)
  } catch (e) {
    err(errorLine(asOption(e)))
    err('')
    err(USAGE)
    return usage
  }

  const base = runDirectory(env)
  const roster = existingRoster(values.roster, base, err)
  if (!roster) return 1
  // The token and the API root are needed only once the roster is read: its problems come first.
  const credentials = tokenAndRoot(env)
  httpLog.debug = () => {}
  httpProxy.variables = name => env[name] // requests go by this terminal's proxy variables
  const limits = { maxAttempts: 5, timeoutMs: 300_000, requestTimeoutMs: 30_000 }
  const startedAt = Date.now()
  const ctx = stepContext(limits, startedAt, realClock, line => err(errorLine(line)))
  const problems = (said: string) => (_files: unknown, found: Problem[]) => {
    // The files' problems name the action's input; here it is the option.
    const named = found.map(p => ({ ...p, message: p.message.replace(/^Input 'roster': /, '--roster: ') }))
    for (const line of problemLines(named, roster.shown)) err(line)
    err(said.replace('N problem(s)', plural(found.length, 'problem')))
    return Promise.resolve(1)
  }
  // The action's pipeline up to the guard, with the terminal's words: quiet but for the plan and its problems.
  const planned = await planTheRoster<number>({
    rosterSettings: {
      path: roster.path,
      workspace: roster.workspace,
      prune: settings.prune,
      unmanaged: settings.unmanaged,
      dryRun: true
    },
    // What the apply would say of it, with the max-removals it would have.
    maxRemovals: settings.maxRemovals,
    ctx,
    view: personalView('show', 'silent'),
    baseUrl: credentials.baseUrl,
    log: () => {},
    signIn: () => Promise.resolve(credentials),
    // A terminal run plans no commit, so it marks drift only when told that the roster is
    // applied (--drift), as a scheduled run of the action does (docs/roster.md, "From a terminal").
    changedFiles: () => Promise.resolve(settings.drift),
    cannotPlan: {
      rosterProblems: problems('The roster has N problem(s); nothing was read from DoorFlow.'),
      unreadable: (_files, message) => {
        err(errorLine(message))
        return Promise.resolve(credentials.ok ? 1 : usage)
      },
      misfit: problems('The roster does not fit DoorFlow: N problem(s).')
    }
  })
  if ('stop' in planned) return planned.stop
  const { plan, doorflow } = planned
  // As the action's dry run: the plan is shown, then unmanaged: fail fails the run.
  const unmanaged = unmanagedFailure({ unmanaged: settings.unmanaged }, plan, {
    is: '--unmanaged is',
    set: 'pass --unmanaged report'
  })
  const done = unmanaged ? 1 : detailed && plan.changes.length ? 2 : 0
  if (values.json) out(jsonText(plan))
  else {
    for (const line of planText(plan)) out(line)
    out(
      `(${planned.roster.people.length} in the roster, ${doorflow.account.people.length} in DoorFlow; ${doorflow.account.requests} requests, ${Date.now() - startedAt} ms; nothing was written.)`
    )
  }
  if (unmanaged) err(errorLine(`${unmanaged} Nothing was written.`))
  return done
}

/** The options that change a plan, read by the action's own readers; an InputError names the option. */
function planSettings(values: Partial<Record<'prune' | 'unmanaged' | 'max-removals', string>> & { drift?: boolean }) {
  const read: InputReader = name => (values[name as 'prune' | 'unmanaged' | 'max-removals'] ?? '').trim()
  const drift: ChangedFiles = values.drift
    ? { kind: 'all', why: '--drift: the roster is the one applied, so every change is drift' }
    : { kind: 'unknown', why: 'a terminal run knows no commit' }
  return { prune: parsePrune(read), unmanaged: parseUnmanaged(read), maxRemovals: parseMaxRemovals(read), drift }
}

/** The token and API root from the environment; a missing token or a malformed root is a usage error. */
/** The token and API root as the pipeline's sign-in gives them. */
function tokenAndRoot(
  env: NodeJS.ProcessEnv
): ({ ok: true; accessToken: string; note: string } | { ok: false; message: string }) & { baseUrl: string } {
  const doorflow = doorflowFromEnv(env)
  return doorflow.ok
    ? { ok: true, accessToken: doorflow.token, note: '', baseUrl: doorflow.baseUrl }
    : { ok: false, message: doorflow.message, baseUrl: '' }
}

runWhenStarted(import.meta.url, main)
