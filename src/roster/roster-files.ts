/**
 * The roster's files read from the workspace, within bounds: one YAML file or a directory of
 * *.yaml files (not recursive), each a regular file inside the workspace, at most MAX_FILE_BYTES,
 * MAX_FILES of them and MAX_TOTAL_BYTES together, UTF-8. A roster from a fork's pull request must
 * not make the job read /dev/zero, wait on a FIFO, or show a file from outside the checkout. The
 * only part of reading a roster that touches the file system; parse.ts reads the text.
 */
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  opendirSync,
  openSync,
  readSync,
  realpathSync,
  statSync
} from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { untrusted } from '../untrusted.js'
import { isInside } from '../runner.js'
import { byteSize, exactBytes } from '../format.js'
import { quote, type Problem } from './roster.js'

export interface RosterFile {
  /** Path relative to the workspace, as annotations name it. */
  file: string
  text: string
}

/** The most one roster file may hold; a bigger file is refused with its size, and no more than this is ever read. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024
/** The most YAML files a roster directory may hold; with more, none is read. */
export const MAX_FILES = 1000
/** The most a roster's files may hold together; files past it are refused unread. */
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024
/** The most entries of a roster directory looked at (files of any kind, dot-files, folders). */
export const MAX_DIRECTORY_ENTRIES = 100_000

/**
 * Why a link inside the workspace is not read either: what it points to is not in the pull
 * request's diff, and it can be any file of the checkout, whose text a problem would quote in a
 * public comment (.git/config holds the token actions/checkout persists; a credentials file an
 * earlier step wrote).
 */
const LINKED =
  "is a link (or inside a linked folder); it is not read: a roster file must be a regular file of the repository, as a link's target is not in the pull request's diff and may be any file of the workspace, .git/config with the checkout's token among them."

/**
 * The roster's files: `input` is a file or a directory (its *.yaml and *.yml files, sorted by
 * name, not recursive, dot-files left out), relative to `workspace`. Problems when it cannot be
 * read. Every file read is a regular file of the workspace, reached by no link, at most
 * MAX_FILE_BYTES, and UTF-8: a roster from a pull request must not make the job read /dev/zero,
 * wait on a FIFO, or show any file it did not add (LINKED).
 */
export function readRosterFiles(input: string, workspace: string): { files: RosterFile[]; problems: Problem[] } {
  const fail = (message: string) => ({ files: [], problems: [{ message: `Input 'roster': ${message}` }] })
  if (isAbsolute(input) || /^[a-zA-Z]:[\\/]/.test(input))
    return fail(
      `${quote(input)} is an absolute path; give a path relative to the workspace, such as access/roster.yaml.`
    )
  let root: string
  try {
    root = realpathSync(workspace)
  } catch {
    return fail(`the workspace ${quote(workspace)} does not exist; check out the repository first (actions/checkout).`)
  }
  const path = resolve(root, input)
  const rel = (p: string) => relative(root, p).split('\\').join('/') || '.'
  const inside = (p: string) => isInside(p, root)
  if (!inside(path)) return fail(`${quote(input)} leads outside the workspace; give a path inside the repository.`)
  let real: string
  try {
    real = realpathSync(path)
  } catch {
    return fail(
      `${untrusted(rel(path))} does not exist (it is read relative to the workspace, ${untrusted(root)}); check out the repository first (actions/checkout) and check the path.`
    )
  }
  if (!inside(real)) return fail(`${quote(rel(path))} is a link that leads outside the workspace; it is not read.`)
  if (real !== path) return fail(`${quote(rel(path))} ${LINKED}`)
  let paths: string[]
  try {
    if (statSync(real).isDirectory()) {
      const listed = yamlFilesIn(real)
      if (typeof listed === 'string') return fail(`the directory ${quote(rel(path))} ${listed}`)
      paths = listed.map(name => join(path, name))
    } else paths = [path]
  } catch (err) {
    return fail(`${quote(rel(path))} cannot be read (${untrusted((err as NodeJS.ErrnoException).code ?? 'error')}).`)
  }
  if (!paths.length) return fail(`the directory ${quote(rel(path))} has no *.yaml or *.yml files.`)
  const files: RosterFile[] = []
  const problems: Problem[] = []
  // Every byte read counts, a refused file's too: 1,000 links to one big file that is not UTF-8
  // must not make the job read 16 GiB.
  let total = 0
  for (const [i, p] of paths.entries()) {
    const read = readOne(p, rel(p), inside, MAX_TOTAL_BYTES - total, n => (total += n))
    if (typeof read === 'string') files.push({ file: rel(p), text: read })
    else if (read === TOO_MUCH) {
      problems.push({
        message:
          `Input 'roster': its files hold more than ${byteSize(MAX_TOTAL_BYTES)} together, the most a roster may; ` +
          `${quote(rel(p))} and ${paths.length - i - 1} more after it were not read. Keep the roster smaller, or split the building's people across workflows with their own manages patterns.`
      })
      break
    } else problems.push(read)
  }
  return { files, problems }
}

/**
 * Whether a file of a roster directory is a roster file: *.yaml or *.yml in any case (B.YAML too),
 * not a dot-file. The one rule, for the files read now and for the history the review reads.
 */
export const isRosterFileName = (name: string): boolean => /\.ya?ml$/i.test(name) && !name.startsWith('.')

/**
 * The *.yaml and *.yml files of a directory, sorted by name, no dot-files; or why it will not be
 * read: more than MAX_FILES of them, or more than MAX_DIRECTORY_ENTRIES entries to look through.
 */
export function yamlFilesIn(
  dir: string,
  limits = { files: MAX_FILES, entries: MAX_DIRECTORY_ENTRIES }
): string[] | string {
  const names: string[] = []
  const handle = opendirSync(dir)
  try {
    for (let seen = 0; ; seen++) {
      const entry = handle.readSync()
      if (!entry) break
      if (seen >= limits.entries)
        return `holds more than ${limits.entries.toLocaleString('en-US')} entries; it is not read. Give the folder of roster files itself.`
      if (isRosterFileName(entry.name)) names.push(entry.name)
      if (names.length > limits.files)
        return `has more than ${limits.files} *.yaml or *.yml files, the most a roster may have; none was read. Merge files (a file may hold many people).`
    }
  } finally {
    handle.closeSync()
  }
  return names.sort()
}

/** readOne's answer when the file would take the roster past MAX_TOTAL_BYTES. */
const TOO_MUCH = Symbol('over the total')

/** One roster file's text, or the problem that keeps it from being read (never a word of its contents); `spent` hears of every byte read. */
function readOne(
  path: string,
  file: string,
  inside: (p: string) => boolean,
  left: number,
  spent: (bytes: number) => void
): string | Problem | typeof TOO_MUCH {
  const problem = (why: string): Problem => ({ message: `Roster file ${quote(file)} ${why}`, at: undefined })
  let real: string
  try {
    real = realpathSync(path)
  } catch {
    // Listed but not there by that name: a link to nothing, or a name that is not UTF-8 (it was
    // listed with U+FFFD in place of the bad bytes, and no file has that name).
    return problem(
      isLink(path)
        ? 'cannot be read: it is a broken link.'
        : 'cannot be read by its name: the name is not UTF-8 text (or the file was removed meanwhile); rename it.'
    )
  }
  if (!inside(real)) return problem('is a link that leads outside the workspace; it is not read.')
  if (real !== path) return problem(LINKED)
  let fd: number | undefined
  try {
    if (!statSync(real).isFile())
      return problem('is not a regular file (a directory, FIFO, socket or device); it is not read.')
    // O_NONBLOCK: a FIFO swapped in after the check cannot block the open; fstat then refuses it.
    fd = openSync(real, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0) | (fsConstants.O_NOFOLLOW ?? 0))
    const info = fstatSync(fd)
    if (!info.isFile()) return problem('is not a regular file (a directory, FIFO, socket or device); it is not read.')
    if (info.size > MAX_FILE_BYTES)
      return problem(
        `is ${exactBytes(info.size)}, more than the ${byteSize(MAX_FILE_BYTES)} a roster file may be; split it into a directory of files.`
      )
    if (info.size > left) return TOO_MUCH
    // Never more than the cap, even when the file grows while it is read.
    const cap = Math.min(MAX_FILE_BYTES, left)
    const chunks: Buffer[] = []
    let length = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, cap + 1 - length))
      const n = readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) break
      chunks.push(chunk.subarray(0, n))
      length += n
      spent(n)
      if (length > cap) return problem(`grew past ${byteSize(cap)} while it was read; it is not read.`)
    }
    const bytes = Buffer.concat(chunks, length)
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      const line = new TextDecoder('utf-8').decode(bytes).split('\ufffd')[0].split('\n').length
      return {
        message: `Roster file ${quote(file)} is not UTF-8 text (an invalid byte on line ${line}); save it as UTF-8.`,
        at: { file, line, col: 1 }
      }
    }
  } catch (err) {
    return problem(`cannot be read (${untrusted((err as NodeJS.ErrnoException).code ?? 'error')}).`)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}
