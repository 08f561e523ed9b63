/**
 * A roster that cannot be planned: its problems listed (file and line, inert text) for the log,
 * the summary and the comment, and annotated on their lines (the valid part checked
 * against DoorFlow when it can be read, so every problem comes in one run), said on the pull
 * request, and the run's failure; or why no plan could be made at all.
 */
import * as core from '@actions/core'
import { annotate, unlistedErrors } from '../annotate.js'
import type { Context } from '../net/context.js'
import { inertMarkdown, untrusted } from '../untrusted.js'
import type { PruneMode, RosterSettings, Settings } from '../settings.js'
import { signIn } from '../sign-in.js'
import type { Hold } from '../signals.js'
import { plural } from '../format.js'
import { PeopleClient, READ_SCOPES, readAccount, type Account } from '../doorflow/people.js'
import type { Runner } from '../runner.js'
import type { Plan } from './plan.js'
import { publishedProblems, type PersonalView } from './personal.js'
import { planRoster } from './planner.js'
import { commentOnPullRequest, stamp } from './comment.js'
import { MAX_LISTED_PROBLEMS, type Problem, type Roster } from './roster.js'

/** The problems as a Markdown list, each with its file and line. */
export function problemsMarkdown(problems: Problem[]): string[] {
  const lines = problems
    .slice(0, MAX_LISTED_PROBLEMS)
    .map(p => `- ${p.at ? `${inertMarkdown(`${p.at.file}:${p.at.line}`, 200)}: ` : ''}${inertMarkdown(p.message, 500)}`)
  const more = problems.length - MAX_LISTED_PROBLEMS
  if (more > 0) lines.push(`- …and ${plural(more, 'more problem')} (${problems.length} in all).`)
  return lines
}

/** One problem in a line of log: "roster.yaml:4: unknown group …". */
export function problemLine(p: Problem): string {
  return untrusted(p.at ? `${p.at.file}:${p.at.line}: ${p.message}` : p.message, 500)
}

/** The comment for a roster that cannot be planned: its problems, no plan. */
export function problemsComment(problems: Problem[], files: string[], note?: string): string {
  return [
    '### ❌ DoorFlow roster: not planned',
    '',
    `The roster ${files.length ? files.map(f => inertMarkdown(f, 200)).join(', ') + ' ' : ''}has ${plural(problems.length, 'problem')}; ` +
      'there is no plan until they are fixed, and nothing was written to DoorFlow.',
    '',
    ...problemsMarkdown(problems),
    ...(note ? ['', inertMarkdown(note, 1000)] : [])
  ].join('\n')
}

/** What reportProblems uses of a roster run. */
type ProblemsRun = { settings: Settings; rosterSettings: RosterSettings; ctx: Context; hold: Hold; view: PersonalView }

/** Why the run ends without a plan, in one line; `details` (Markdown, already gated) goes under it in the job summary. */
export interface NotPlanned {
  message: string
  details?: string
}

type Planned = { ok: true; plan: Plan; problems: Problem[]; account: Account } | { ok: false; message: string }

/**
 * Reads groups, roles and people, and plans the valid part of a roster with problems against them
 * (who can open a door judged at the clock's now, with the default max-removals and no drift
 * marked), only for the problems DoorFlow adds.
 */
async function planAgainstDoorFlow(
  ctx: Context,
  client: PeopleClient,
  roster: Roster,
  prune: PruneMode
): Promise<Planned> {
  const read = await readAccount(ctx, client)
  if (!read.ok) return read
  const { plan, problems } = planRoster(roster, read.account, prune, { now: ctx.clock.now() })
  return { ok: true, plan, problems, account: read.account }
}

/** The names ("First Last") of the roster's people and of DoorFlow's, as problems may quote them. */
export function peopleNames(roster: Roster, account?: Account): string[] {
  const name = (first: unknown, last: unknown) =>
    `${typeof first === 'string' ? first : ''} ${typeof last === 'string' ? last : ''}`.trim()
  return [
    ...roster.people.map(p => name(p.fields.first_name, p.fields.last_name)),
    ...(account?.people ?? []).map(p => name(p.first_name, p.last_name))
  ]
}

/** The most characters of one problem's message in an error line, in the action and on the terminal (script/plan.ts). */
export const PROBLEM_MAX = 2000

/**
 * One error per problem, on its file and line when it has one, in the order found (the file's own
 * problems first, top to bottom), for the first MAX_LISTED_PROBLEMS (as the summary and comment
 * list them): the step's annotation budget (annotate.ts) makes the first ones annotations and logs
 * the rest. Those past them are only counted, so a file with 100,000 typos is not 100,000 lines of
 * log; the step's end says how many were left out.
 */
export function annotateProblems(problems: Problem[]): void {
  for (const p of problems.slice(0, MAX_LISTED_PROBLEMS)) {
    const message = untrusted(p.message, PROBLEM_MAX)
    annotate(
      'error',
      message,
      p.at ? { title: 'Roster', file: p.at.file, startLine: p.at.line, startColumn: p.at.col } : { title: 'Roster' }
    )
  }
  if (problems.length > MAX_LISTED_PROBLEMS) unlistedErrors(problems.length - MAX_LISTED_PROBLEMS)
}

/**
 * The roster file has problems: nothing is written. When DoorFlow can be read, the valid part of
 * the roster is planned against it (read-only scopes), so that unknown groups and taken emails
 * come in the same run as the file's own problems.
 */
export async function reportProblems(
  { settings, rosterSettings, ctx, hold, view }: ProblemsRun,
  loaded: { roster: Roster; problems: Problem[] }
): Promise<NotPlanned> {
  const files = loaded.roster.files
  let later: Problem[] = []
  let note: string | undefined
  if (files.length) {
    const signedIn = await signIn(ctx, settings.auth, settings.baseUrl, hold, READ_SCOPES)
    if (signedIn.ok) {
      core.info(`Checking the valid part of the roster against DoorFlow (${settings.baseUrl}); nothing is written.`)
      const client = new PeopleClient(settings.baseUrl, signedIn.accessToken)
      const planned = await planAgainstDoorFlow(ctx, client, loaded.roster, rosterSettings.prune)
      if (planned.ok)
        later = publishedProblems(view, planned.problems, () => peopleNames(loaded.roster, planned.account))
      else note = `DoorFlow could not be read (${planned.message}), so the roster was not checked against it.`
    } else note = `DoorFlow could not be read (${signedIn.message}), so the roster was not checked against it.`
  }
  if (later.length) annotateProblems(later)
  if (note) annotate('warning', untrusted(note, 2000), { title: 'Roster' })
  const read = files.length > 0 && note === undefined
  return problemsFound(
    ctx,
    settings.runner,
    rosterSettings,
    files,
    [...loaded.problems, ...later],
    loaded.problems,
    note,
    read
  )
}

/** The roster cannot be planned: its problems go to the log, the summary and the pull request. */
export async function problemsFound(
  ctx: Context,
  runner: Runner,
  rosterSettings: RosterSettings,
  files: string[],
  problems: Problem[],
  fileProblems: Problem[],
  note?: string,
  readDoorFlow = true
): Promise<NotPlanned> {
  const against = problems.length - fileProblems.length
  const split =
    fileProblems.length && against ? ` (${fileProblems.length} in the file, ${against} against DoorFlow)` : ''
  const where = fileProblems.length
    ? `The roster has ${plural(problems.length, 'problem')}${split}`
    : `The roster does not fit DoorFlow: ${plural(problems.length, 'problem')}`
  const notShown = await commentOnPullRequest(ctx, runner, rosterSettings, pr =>
    [problemsComment(problems, files, note), '', stamp(pr.headSha, ctx.clock.now())].join('\n')
  )
  // The run fails for the problems; the comment's failure is said beside them.
  if (notShown) annotate('warning', notShown)
  return {
    message: `${where}; nothing was ${readDoorFlow ? '' : 'read from or '}written to DoorFlow. First: ${problemLine(problems[0])}`,
    details: problemsMarkdown(problems).join('\n')
  }
}

/** No plan could be made (sign-in or reading DoorFlow failed): said on the pull request too. */
export async function notPlanned(
  ctx: Context,
  runner: Runner,
  rosterSettings: RosterSettings,
  files: string[],
  message: string
): Promise<NotPlanned> {
  const notShown = await commentOnPullRequest(ctx, runner, rosterSettings, pr =>
    [
      '### ❌ DoorFlow roster: not planned',
      '',
      `The roster ${files.map(f => inertMarkdown(f, 200)).join(', ')} could not be planned: ${inertMarkdown(message, 2000)}`,
      '',
      stamp(pr.headSha, ctx.clock.now())
    ].join('\n')
  )
  if (notShown) annotate('warning', notShown)
  return { message }
}
