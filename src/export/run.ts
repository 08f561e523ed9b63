/**
 * The export's side effects: read the account, write the roster files into a directory inside
 * the workspace, report what was left out. Used by the action's `export` input and by
 * `npm run export`. Nothing is ever written to DoorFlow.
 */
import * as core from '@actions/core'
import { writeSummaryOrWarn } from '../report.js'
import {
  closeSync,
  constants as fsConstants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  unlinkSync,
  writeSync
} from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { Context } from '../net/context.js'
import { PeopleClient, READ_SCOPES, readAccount } from '../doorflow/people.js'
import { byteSize, headcount, plural } from '../format.js'
import type { ExportInput, Settings } from '../settings.js'
import { signIn } from '../sign-in.js'
import type { Hold } from '../signals.js'
import { inertMarkdown, untrusted } from '../untrusted.js'
import { insideWorkspace, isInside } from '../runner.js'
import { DEFAULT_ID_TEMPLATE, exportRoster, MANAGES_FILE, type ExportOptions, type ExportResult } from './export.js'
import { MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES } from '../roster/roster-files.js'
import { annotate } from '../annotate.js'

export interface ExportSettings extends ExportOptions {
  /** The directory to write, as given (relative to the workspace). */
  dir: string
  workspace: string
}

export type Written = { ok: true; paths: string[] } | { ok: false; message: string }

/**
 * Writes the files into `dir` (relative to `workspace`, created when missing). The directory's
 * real path must lie inside the workspace's, and it must hold no *.yaml or *.yml file yet: the
 * export is a fresh roster, never merged into an old one. Each file is created new (never
 * through a link, never over a file). `what` names the input or option in messages.
 */
export function writeExportFiles(dir: string, workspace: string, result: ExportResult, what: string): Written {
  const fail = (message: string): Written => ({ ok: false, message: `${what}: ${message}` })
  const shown = (p: string) => `'${untrusted(p, 200)}'`
  if (!dir.trim()) return fail('is empty: name a directory inside the workspace, such as access.')
  const unreadable = beyondRosterBounds(result)
  if (unreadable) return fail(unreadable)
  if (isAbsolute(dir) || /^[a-zA-Z]:[\\/]/.test(dir))
    return fail(`${shown(dir)} is an absolute path; give a directory relative to the workspace, such as access.`)
  let root: string
  try {
    root = realpathSync(workspace)
  } catch {
    return fail(`the workspace ${shown(workspace)} does not exist.`)
  }
  const inside = (p: string) => isInside(p, root)
  const target = resolve(root, dir)
  const created: string[] = []
  if (!inside(target)) return fail(`${shown(dir)} leads outside the workspace; give a directory inside it.`)
  // The deepest part that exists must really be inside (a link in the path could lead out).
  if (!insideWorkspace(dir, root))
    return fail(`${shown(dir)} is, or lies under, a link that leads outside the workspace.`)
  try {
    mkdirSync(target, { recursive: true })
    const finalReal = realpathSync(target)
    if (!inside(finalReal)) return fail(`${shown(dir)} leads outside the workspace.`)
    if (!lstatSync(finalReal).isDirectory()) return fail(`${shown(dir)} is not a directory.`)
    const old = readdirSync(finalReal).filter(name => /\.ya?ml$/i.test(name))
    if (old.length)
      return fail(
        `${shown(dir)} already holds ${plural(old.length, 'YAML file')} (${untrusted(old.slice(0, 3).join(', '), 200)}${old.length > 3 ? ', …' : ''}): the export writes a fresh roster; give a new or empty directory, or delete the old files first.`
      )
    for (const file of result.files) {
      const path = join(finalReal, file.name)
      const fd = openSync(
        path,
        fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | (fsConstants.O_NOFOLLOW ?? 0),
        0o644
      )
      created.push(path)
      try {
        writeSync(fd, file.text)
      } finally {
        closeSync(fd)
      }
    }
    return { ok: true, paths: created.map(path => relative(root, path).split('\\').join('/')) }
  } catch (err) {
    // Half a roster is worse than none: the files this call created go, so a re-run starts clean.
    const left = created.filter(path => !removed(path))
    return fail(
      `${shown(dir)} cannot be written (${untrusted((err as NodeJS.ErrnoException).code ?? 'error', 40)}); ` +
        (left.length
          ? `${plural(left.length, 'file')} it wrote could not be removed (${untrusted(left.map(p => relative(root, p)).join(', '), 200)}): delete them before running again.`
          : 'no file of the export is left in it.')
    )
  }
}

function removed(path: string): boolean {
  try {
    unlinkSync(path)
    return true
  } catch {
    return false
  }
}

/**
 * Why no roster run could read these files (roster-files.ts's bounds on a roster directory), or
 * undefined: an export that the roster then refuses whole would only look done.
 */
export function beyondRosterBounds(result: ExportResult): string | undefined {
  const other = 'Export with another split (npm run export -- --split group, or --split none for one file).'
  if (result.files.length > MAX_FILES)
    return `the export would be ${result.files.length.toLocaleString('en-US')} files${result.files[0]?.name === MANAGES_FILE ? ` (${MANAGES_FILE} and ${(result.files.length - 1).toLocaleString('en-US')} of people)` : ''}, more than the ${MAX_FILES} a roster directory may hold, so no roster run could read them. ${other}`
  let total = 0
  for (const file of result.files) {
    const bytes = Buffer.byteLength(file.text)
    if (bytes > MAX_FILE_BYTES)
      return `${untrusted(file.name, 200)} would be ${bytes.toLocaleString('en-US')} bytes, more than the ${byteSize(MAX_FILE_BYTES)} a roster file may be, so no roster run could read it. Export with another split (npm run export -- --split department or --split group).`
    total += bytes
  }
  if (total > MAX_TOTAL_BYTES)
    return `the files would hold ${total.toLocaleString('en-US')} bytes, more than the ${byteSize(MAX_TOTAL_BYTES)} a roster may, so no roster run could read them; split the building's people across rosters.`
  return undefined
}

/** One line per person left out, naming the DoorFlow id; the first `max`, then a count. */
export function leftOutLines(result: ExportResult, max = 50): string[] {
  const lines = result.leftOut
    .slice(0, max)
    .map(l => `DoorFlow person ${untrusted(String(l.personId), 40)} is left out of the export: ${l.why}`)
  if (result.leftOut.length > max)
    lines.push(`…and ${result.leftOut.length - max} more left out (${result.leftOut.length} in all).`)
  return lines
}

/** The action's `export` input: sign in with the read scopes, read, export, write; nothing to DoorFlow, no sync. */
export async function runExport(
  settings: Settings,
  input: ExportInput,
  ctx: Context,
  hold: Hold
): Promise<{ ok: boolean; message?: string }> {
  // The action's export splits by department and names people without a system_id DF-{id};
  // `npm run export` offers the other splits and templates.
  const options: ExportSettings = { ...input, split: 'department', idTemplate: DEFAULT_ID_TEMPLATE }
  const signedIn = await signIn(ctx, settings.auth, settings.baseUrl, hold, READ_SCOPES)
  if (!signedIn.ok) return { ok: false, message: signedIn.message }
  core.info(`Export: reading groups, roles and people from ${settings.baseUrl}.`)
  const read = await readAccount(ctx, new PeopleClient(settings.baseUrl, signedIn.accessToken))
  if (!read.ok) return { ok: false, message: `${read.message} No roster file was written.` }
  const { account } = read
  const result = exportRoster(account, options)
  for (const line of leftOutLines(result)) annotate('warning', line, { title: 'Export' })
  const written = writeExportFiles(options.dir, options.workspace, result, "Input 'export'")
  if (!written.ok) return { ok: false, message: `${written.message} Nothing was written to DoorFlow.` }
  core.setOutput('exported-files', written.paths.join('\n'))
  core.setOutput('exported-people', String(result.people))
  const line =
    `Exported ${headcount(result.people)} of ${account.people.length} to ${plural(written.paths.length, 'file')} in ${untrusted(options.dir, 200)} ` +
    `(${plural(account.requests, 'request')}; ${result.leftOut.length} left out). Nothing was written to DoorFlow and no sync was sent.`
  core.info(line)
  if (settings.runner.summary) {
    // Department names become file names: DoorFlow's text, so nothing in it may link, mention or format.
    const files = written.paths.map(p => `- ${inertMarkdown(p, 200)}`).join('\n')
    await writeSummaryOrWarn(
      core.summary.addRaw(`### DoorFlow export\n\n${inertMarkdown(line, 2000)}\n\n${files}\n`, true).write()
    )
  }
  return { ok: true }
}
