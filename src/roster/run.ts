/**
 * Door access as code, in the action: read and validate the roster (every problem annotated
 * on its line, before any request), sign in with the scopes the plan needs, read DoorFlow,
 * plan, and show the plan (log, job summary, pull-request comment, plan file). Called from
 * main.ts, which alone fails the step.
 */
import * as core from '@actions/core'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Context } from '../attempts.js'
import { escapeHtml, untrusted } from '../untrusted.js'
import type { Settings, RosterSettings } from '../settings.js'
import { signIn } from '../sign-in.js'
import type { Hold } from '../signals.js'
import { plural } from '../time.js'
import {
  GROUPS_READ_SCOPE,
  PEOPLE_READ_SCOPE,
  PeopleClient,
  readAccount,
  ROLES_READ_SCOPE,
  type Account
} from './doorflow-people.js'
import { people } from './guard.js'
import { parseRoster, readRosterFiles } from './parse.js'
import type { Plan, PruneMode } from './plan.js'
import { planRoster } from './planner.js'
import { pullRequestOf, upsertComment } from './pr-comment.js'
import { planMarkdown, planText } from './render.js'
import type { Problem, Roster } from './roster.js'

/** What a dry run needs from DoorFlow. */
export const PLAN_SCOPES = [PEOPLE_READ_SCOPE, GROUPS_READ_SCOPE, ROLES_READ_SCOPE] as const

export interface RosterOutcome {
  ok: boolean
  /** The failure, in one line. */
  message?: string
  plan?: Plan
}

/** The roster's files, parsed and validated: no request is sent before this says ok. */
export function loadRoster(path: string, workspace: string): { roster: Roster; problems: Problem[] } {
  const read = readRosterFiles(path, workspace)
  if (read.problems.length) return { roster: { manages: [], people: [], files: [] }, problems: read.problems }
  return parseRoster(read.files)
}

export type Planned = { ok: true; plan: Plan; problems: Problem[]; account: Account } | { ok: false; message: string }

/** Reads groups, roles and people, and plans the roster against them. */
export async function planAgainstDoorFlow(
  ctx: Context,
  client: PeopleClient,
  roster: Roster,
  prune: PruneMode
): Promise<Planned> {
  const read = await readAccount(ctx, client)
  if (!read.ok) return read
  const { plan, problems } = planRoster(roster, read.account, prune)
  return { ok: true, plan, problems, account: read.account }
}

/** One annotation per problem, on its file and line when it has one. */
export function annotate(problems: Problem[]): void {
  for (const p of problems) {
    if (p.at) core.error(p.message, { title: 'Roster', file: p.at.file, startLine: p.at.line, startColumn: p.at.col })
    else core.error(p.message, { title: 'Roster' })
  }
}

/** The roster path of the action; a failure is also the job summary's first line. */
export async function runRoster(
  settings: Settings,
  roster: RosterSettings,
  ctx: Context,
  hold: Hold
): Promise<RosterOutcome> {
  const outcome = await dryRun(settings, roster, ctx, hold)
  if (!outcome.ok && process.env['GITHUB_STEP_SUMMARY']) {
    const message = escapeHtml(untrusted(outcome.message ?? 'The roster run failed.', 2000))
    await core.summary
      .addRaw(`### ❌ DoorFlow roster\n\n${message}\n`, true)
      .write()
      .catch(err => core.warning(`Could not write the job summary: ${untrusted(String(err))}`))
  }
  return outcome
}

async function dryRun(settings: Settings, roster: RosterSettings, ctx: Context, hold: Hold): Promise<RosterOutcome> {
  const loaded = loadRoster(roster.path, roster.workspace)
  if (loaded.problems.length) {
    annotate(loaded.problems)
    return {
      ok: false,
      message: `The roster has ${plural(loaded.problems.length, 'problem')} (annotated on their lines above); nothing was read from or written to DoorFlow.`
    }
  }
  core.info(
    `Roster: ${people(loaded.roster.people.length)} from ${untrusted(loaded.roster.files.join(', '))}; ` +
      (loaded.roster.manages.length
        ? `manages ${untrusted(loaded.roster.manages.join(', '))}`
        : 'no manages (nobody is ever removed)') +
      `; prune: ${roster.prune}.`
  )
  if (!roster.dryRun) {
    return {
      ok: false,
      message:
        'Applying a roster is not available yet in this version of the action: set dry-run: true to see the plan. Nothing was read from or written to DoorFlow.'
    }
  }

  const signedIn = await signIn(ctx, settings.auth, settings.baseUrl, hold, PLAN_SCOPES)
  // The refresh token valid after this run, whatever happens next: it must never be lost.
  if (signedIn.refreshToken) core.setOutput('refresh-token', signedIn.refreshToken)
  if (!signedIn.ok) return { ok: false, message: signedIn.message }
  const client = new PeopleClient(settings.baseUrl, signedIn.accessToken)
  core.info(`Reading groups, roles and people from ${settings.baseUrl}.`)
  const planned = await planAgainstDoorFlow(ctx, client, loaded.roster, roster.prune)
  if (!planned.ok) return { ok: false, message: planned.message }
  const { plan, problems, account } = planned
  core.info(
    `Read ${people(account.people.length)}, ${plural(account.groups.length, 'group')} and ${plural(account.roles.length, 'role')} in ${plural(account.requests, 'request')}.`
  )
  if (problems.length) {
    annotate(problems)
    return {
      ok: false,
      message: `The roster does not fit DoorFlow: ${plural(problems.length, 'problem')} (annotated above). Nothing was written.`
    }
  }

  const planFile = writePlanFile(plan)
  core.setOutput('changes', String(plan.changes.length))
  core.setOutput('plan-file', planFile)
  const [headline, ...details] = planText(plan)
  core.info(`${headline} Dry run: nothing was written and no sync was sent. The plan as JSON: ${planFile}`)
  if (details.length) {
    core.startGroup(`The plan, person by person (${plural(plan.changes.length, 'change')})`)
    for (const line of details) core.info(line)
    core.endGroup()
  }

  const body = planMarkdown(plan, { files: loaded.roster.files, footer: '_Dry run: nothing was written to DoorFlow._' })
  if (process.env['GITHUB_STEP_SUMMARY']) {
    await core.summary
      .addRaw(body, true)
      .write()
      .catch(err => core.warning(`Could not write the job summary: ${untrusted(String(err))}`))
  }
  await commentOnPullRequest(ctx, roster, loaded.roster.files, plan)
  return { ok: true, plan }
}

function writePlanFile(plan: Plan): string {
  const base = process.env['RUNNER_TEMP'] || tmpdir()
  mkdirSync(base, { recursive: true })
  const file = join(mkdtempSync(join(base, 'doorflow-roster-')), 'plan.json')
  writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`)
  return file
}

/** On a pull request, the plan as one comment updated in place; any failure is a warning only. */
async function commentOnPullRequest(ctx: Context, roster: RosterSettings, files: string[], plan: Plan): Promise<void> {
  const pr = pullRequestOf(name => process.env[name])
  if (!pr) return
  if (!roster.commentToken) {
    core.info('No pr-comment-token: the plan is in the job summary only.')
    return
  }
  const body = planMarkdown(plan, {
    files,
    maxChars: 60_000,
    footer: `_Planned by the DoorFlow Sync action for ${pr.repository}#${pr.number}; updated on every push._`
  })
  const result = await upsertComment(ctx, pr, roster.commentToken, body)
  if (result.ok)
    core.info(`Plan comment ${result.action} on pull request #${pr.number}${result.url ? `: ${result.url}` : ''}.`)
  else core.warning(`The plan is not on the pull request: ${result.message}`)
}
