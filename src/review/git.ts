/**
 * The roster's history from git in the workspace, for the review: every commit along the first
 * parent that changed the roster path (what was pushed to the branch: a merge commit, a squash, the
 * last of a rebase), oldest first, and the roster as it stood at each. Each file is sized, then read by
 * its blob id and parsed by the roster's own parser once per blob, so a directory of rosters costs one
 * parse per file version, not per commit. A commit whose own files the apply refuses (too big, not
 * UTF-8, problems) granted nothing: the reading before it stands; so does a commit git could not give,
 * said apart. Bounded: the newest MAX_HISTORY_COMMITS commits, the roster's own file limits (a file
 * over them is never read), and the budget (the walk stops while `reserveMs` is left, and says so).
 * The checkout needs the history (`fetch-depth: 0`); a shallow one is said.
 */
import { execFile } from 'node:child_process'
import { plural, verb } from '../format.js'
import { parseRoster } from '../roster/parse.js'
import { isRosterFileName, MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES } from '../roster/roster-files.js'
import { normalPath } from '../roster/drift.js'
import { untrusted } from '../untrusted.js'
import type { ChildEnv } from '../runner.js'
import { GrantHistory, type SnapshotPerson } from './history.js'

/** The most commits of the roster's history read. */
export const MAX_HISTORY_COMMITS = 5000
const GIT_TIMEOUT_MS = 30_000

/**
 * git with these arguments in `cwd`: its output, at most `maxBytes`; rejects with git's words. With
 * `input` (written to its standard input) the output is read byte for byte, one character a byte
 * (latin1), so `git cat-file --batch`'s sizes in bytes can cut it.
 */
export type HistoryGit = (args: string[], cwd: string, maxBytes: number, input?: string) => Promise<string>

/** git as a child process in `env` (the runner's, runner.ts), never prompting for credentials. */
export const historyGitIn =
  (env: ChildEnv): HistoryGit =>
  (args, cwd, maxBytes, input) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        ['-c', 'core.quotepath=off', ...args],
        {
          cwd,
          encoding: input === undefined ? 'utf8' : 'latin1',
          timeout: GIT_TIMEOUT_MS,
          maxBuffer: maxBytes,
          env: { ...env, GIT_TERMINAL_PROMPT: '0' }
        },
        (err: Error | null, stdout: string, stderr: string) => {
          if (err) reject(new Error(untrusted(stderr || err.message, 300)))
          else resolve(stdout)
        }
      )
      // git may close its input before reading it all (it failed, or needs none): its exit says so, not EPIPE.
      child.stdin?.on('error', () => {})
      child.stdin?.end(input)
    })

export interface HistoryRead {
  history: GrantHistory
  notes: string[]
}

/** Bytes as git gave them (latin1, one character a byte) read as UTF-8; undefined when they are not UTF-8. */
function strictUtf8(latin1: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(latin1, 'latin1'))
  } catch {
    return undefined
  }
}

/** A name as git gave it byte for byte: as UTF-8 when it is, and whether it is. */
function utf8Name(latin1: string): { file: string; utf8: boolean } {
  const file = strictUtf8(latin1)
  return file === undefined
    ? { file: Buffer.from(latin1, 'latin1').toString('utf8'), utf8: false }
    : { file, utf8: true }
}

/** A file right inside the directory `root` ('.' for the workspace's top), not in a subdirectory. */
const inDirectory = (file: string, root: string) =>
  root === '.' ? !file.includes('/') : file.startsWith(`${root}/`) && !file.slice(root.length + 1).includes('/')

/**
 * The grant history of the roster at `path` (relative to `workspace`, a file or a directory).
 * `stop()` is asked before each commit: true ends the walk early, and a note says how far it got.
 */
export async function readHistory(
  workspace: string,
  path: string,
  stop: () => boolean,
  git: HistoryGit
): Promise<HistoryRead> {
  const history = new GrantHistory()
  const notes: string[] = []
  const root = normalPath(path).replace(/\/+$/, '') || '.'
  try {
    if ((await git(['rev-parse', '--is-shallow-repository'], workspace, 1024)).trim() === 'true')
      notes.push(
        'The checkout is shallow: grants made before its first commit are not traced (check out with fetch-depth: 0).'
      )
  } catch (err) {
    notes.push(`The roster's history could not be read: ${(err as Error).message}`)
    return { history, notes }
  }
  // The newest MAX_HISTORY_COMMITS and one more (to know whether any were left out), newest first:
  // git stops there, so a history of any length fits the buffer.
  let log: string
  try {
    log = await git(
      [
        'log',
        '--first-parent',
        `--max-count=${MAX_HISTORY_COMMITS + 1}`,
        '--format=%H %ct',
        '--no-renames',
        '--',
        root
      ],
      workspace,
      (MAX_HISTORY_COMMITS + 1) * 96
    )
  } catch (err) {
    notes.push(`The roster's history could not be read: ${(err as Error).message}`)
    return { history, notes }
  }
  let commits = log
    .split('\n')
    .map(line => /^([0-9a-f]{40}|[0-9a-f]{64}) (\d+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(m => ({ sha: m[1], at: Number(m[2]) * 1000 }))
  if (commits.length > MAX_HISTORY_COMMITS) {
    commits = commits.slice(0, MAX_HISTORY_COMMITS)
    notes.push(
      `The roster has ${await countCommits(git, workspace, root)} commits; the newest ${MAX_HISTORY_COMMITS.toLocaleString('en-US')} were read, so an older grant is traced to the first of them.`
    )
  }
  commits.reverse()
  const files = new BlobCache()
  let gitFailed = 0
  for (const [i, { sha, at }] of commits.entries()) {
    if (stop()) {
      notes.push(
        `The roster's history was read up to commit ${i} of ${commits.length} only (the time budget); later grants are not traced.`
      )
      break
    }
    let tree: string
    try {
      // Read byte for byte (latin1, as with input): a name that is not UTF-8 is told apart below.
      tree = await git(
        ['ls-tree', '-z', sha, '--', root === '.' ? '.' : root, ...(root === '.' ? [] : [`${root}/`])],
        workspace,
        16 * 1024 * 1024,
        ''
      )
    } catch {
      gitFailed++
      history.add({ commit: sha, at, people: undefined })
      continue
    }
    const blobs = tree
      .split('\0')
      // A name may hold any byte but NUL, a line feed too: everything after the tab.
      .map(entry => /^(\d+) (\w+) ([0-9a-f]+)\t([^]+)$/.exec(entry))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(m => ({ mode: m[1], type: m[2], blob: m[3], ...utf8Name(m[4]) }))
      .filter(
        b =>
          b.file === root || (inDirectory(b.file, root) && isRosterFileName(b.file.slice(b.file.lastIndexOf('/') + 1)))
      )
    // The apply refuses a roster file that is a link (its target is not in the diff), anything not a
    // regular file (a directory or a submodule named *.yaml) and a name that is not UTF-8: such a
    // commit granted nothing.
    const refusedByApply = (b: (typeof blobs)[number]) =>
      b.type !== 'blob' || (b.mode !== '100644' && b.mode !== '100755') || !b.utf8
    if (!blobs.length || blobs.length > MAX_FILES || blobs.some(refusedByApply)) {
      history.add({ commit: sha, at, people: blobs.length ? undefined : new Map() })
      continue
    }
    const people = await snapshotOf(blobs, files, git, workspace)
    if (people === GIT_FAILED) gitFailed++
    history.add({ commit: sha, at, people: people === GIT_FAILED ? undefined : people })
  }
  const refused = history.unreadable.length - gitFailed
  if (refused)
    notes.push(
      `${plural(refused, 'commit')} of the roster's history had problems, so the apply refused ${verb(refused, 'it', 'them')} and ${verb(refused, 'it', 'they')} granted nothing.`
    )
  if (gitFailed)
    notes.push(
      `${plural(gitFailed, 'commit')} of the roster's history could not be read from git; what ${verb(gitFailed, 'it', 'they')} granted is traced to a later commit.`
    )
  return { history, notes }
}

/** How many commits along the first parent changed `root` ("more than MAX_HISTORY_COMMITS" when git cannot say). */
async function countCommits(git: HistoryGit, workspace: string, root: string): Promise<string> {
  try {
    const count = (await git(['rev-list', '--first-parent', '--count', 'HEAD', '--', root], workspace, 64)).trim()
    if (/^\d+$/.test(count)) return Number(count).toLocaleString('en-US')
  } catch {
    // The count is only for the note.
  }
  return `more than ${MAX_HISTORY_COMMITS.toLocaleString('en-US')}`
}

/** snapshotOf's answer when git could not give a file of the commit: nothing is judged by it, and it is asked again. */
const GIT_FAILED = Symbol('git failed')

/**
 * The file versions met so far, by blob id: each one's size (`git cat-file --batch-check`) and its
 * people, or undefined when the apply refuses it (not UTF-8, problems). Only what a blob's own bytes
 * decide is kept: a read that failed leaves the blob to be read again, never marked unreadable.
 */
class BlobCache {
  readonly sizes = new Map<string, number>()
  readonly parsed = new Map<string, Map<string, SnapshotPerson> | undefined>()
}

/**
 * The people of one commit's roster files, as the apply reads them: undefined when it refuses them (a
 * file over MAX_FILE_BYTES, more than MAX_TOTAL_BYTES together, not UTF-8, a problem), GIT_FAILED when
 * git could not give one. Versions not met before are sized with one `git cat-file --batch-check`, then
 * those the caps allow are read with one `git cat-file --batch` (one by one if that fails): a few
 * processes a commit, not one a file. A file too big is never read, so it cannot crowd out the others.
 */
async function snapshotOf(
  blobs: { blob: string; file: string }[],
  cache: BlobCache,
  git: HistoryGit,
  workspace: string
): Promise<Map<string, SnapshotPerson> | undefined | typeof GIT_FAILED> {
  const unsized = [...new Set(blobs.map(b => b.blob).filter(id => !cache.sizes.has(id)))]
  if (unsized.length) {
    try {
      for (const [id, size] of await blobSizes(git, workspace, unsized)) cache.sizes.set(id, size)
    } catch {
      return GIT_FAILED
    }
  }
  let total = 0
  for (const { blob } of blobs) {
    const size = cache.sizes.get(blob)
    if (size === undefined) return GIT_FAILED
    if (size > MAX_FILE_BYTES) return undefined
    total += size
  }
  if (total > MAX_TOTAL_BYTES) return undefined
  const fresh = new Map<string, { size: number; file: string }>()
  for (const { blob, file } of blobs)
    if (!cache.parsed.has(blob)) fresh.set(blob, { size: cache.sizes.get(blob) ?? 0, file })
  if (fresh.size)
    for (const [id, raw] of await readBlobs(
      git,
      workspace,
      [...fresh].map(([id, { size }]) => ({ id, size }))
    ))
      cache.parsed.set(id, parseFile(raw, fresh.get(id)?.file ?? id))
  const people = new Map<string, SnapshotPerson>()
  let refused = false
  for (const { blob } of blobs) {
    if (!cache.parsed.has(blob)) return GIT_FAILED
    const found = cache.parsed.get(blob)
    if (!found) refused = true
    else for (const [id, p] of found) people.set(id, p)
  }
  return refused ? undefined : people
}

/** The sizes of these blobs, by id, from one `git cat-file --batch-check`; one git does not have is absent. */
async function blobSizes(git: HistoryGit, workspace: string, ids: string[]): Promise<Map<string, number>> {
  const out = await git(['cat-file', '--batch-check'], workspace, ids.length * 128, `${ids.join('\n')}\n`)
  const sizes = new Map<string, number>()
  for (const line of out.split('\n')) {
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(line)
    if (m) sizes.set(m[1], Number(m[2]))
  }
  return sizes
}

/**
 * The bytes of these blobs (one character a byte), by id, from one `git cat-file --batch` whose buffer
 * is their sizes; when it fails, each is read alone, and one git cannot give is absent.
 */
async function readBlobs(
  git: HistoryGit,
  workspace: string,
  blobs: { id: string; size: number }[]
): Promise<Map<string, string>> {
  try {
    const out = await git(
      ['cat-file', '--batch'],
      workspace,
      blobs.reduce((n, b) => n + b.size + 128, 0),
      `${blobs.map(b => b.id).join('\n')}\n`
    )
    return batchAnswers(out)
  } catch {
    const texts = new Map<string, string>()
    if (blobs.length > 1)
      for (const blob of blobs) for (const [id, raw] of await readBlobs(git, workspace, [blob])) texts.set(id, raw)
    return texts
  }
}

/** `git cat-file --batch`'s answers (each `<id> blob <size>`, the bytes, a newline), whole ones only. */
function batchAnswers(out: string): Map<string, string> {
  const texts = new Map<string, string>()
  let at = 0
  while (at < out.length) {
    const eol = out.indexOf('\n', at)
    if (eol < 0) break
    const head = /^([0-9a-f]+) blob (\d+)$/.exec(out.slice(at, eol))
    if (!head) {
      at = eol + 1
      continue
    }
    const size = Number(head[2])
    if (eol + 1 + size <= out.length) texts.set(head[1], out.slice(eol + 1, eol + 1 + size))
    at = eol + 1 + size + 1
  }
  return texts
}

/** One file version's people, or undefined when the apply refuses it: not UTF-8 (as roster-files.ts reads it), or a problem. */
function parseFile(raw: string, file: string): Map<string, SnapshotPerson> | undefined {
  const text = strictUtf8(raw)
  if (text === undefined) return undefined
  const { roster, problems } = parseRoster([{ file, text }])
  if (problems.length) return undefined
  return new Map(
    roster.people.map(p => [
      p.id,
      {
        name: `${String(p.fields.first_name ?? '')} ${String(p.fields.last_name ?? '')}`.trim(),
        enabled: p.fields.enabled !== false,
        groups: p.groups
      }
    ])
  )
}
