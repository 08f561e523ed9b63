/**
 * What the terminal commands (`npm run plan`, `npm run export`, `npm run authorize`) share: the
 * directory the person ran them in, paths from the command line as the action's readers take
 * them, and error lines made as the action makes them.
 *
 * npm runs a package's scripts in the package's root, so with `npm --prefix <clone of the action>
 * run plan` the process runs in the clone; INIT_CWD holds the directory npm was run in
 * (https://docs.npmjs.com/cli/v9/commands/npm-run-script#description: "Scripts are run from the
 * root of the package folder, regardless of what the current working directory is when npm run is
 * called … INIT_CWD … holds the full path you were in when you ran npm run"). Paths are read from
 * there. The action's rule that a path stays inside the workspace guards a job against a stranger's
 * pull request; on a terminal the person names their own files, so any path is taken, absolute
 * ones too. The roster's own file rules (regular files, no links, the size limits) still hold.
 */
import { existsSync, realpathSync } from 'node:fs'
import { plural } from '../src/format.js'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { InputError, parseHttpsUrl } from '../src/inputs.js'
import { isInside } from '../src/runner.js'
import { PROBLEM_MAX } from '../src/roster/problems.js'
import { MAX_LISTED_PROBLEMS, type Problem } from '../src/roster/roster.js'
import { untrusted } from '../src/untrusted.js'

/** This clone of the action, where npm runs its scripts. */
export const ACTION_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The directory the command was run in: INIT_CWD when npm ran it, else the process's own. */
export function runDirectory(env: NodeJS.ProcessEnv): string {
  const dir = env['INIT_CWD']
  return dir && isAbsolute(dir) ? dir : process.cwd()
}

/**
 * One error line, as the action makes one: one line of data, nothing in it that can steer a
 * terminal or start a workflow command (untrusted.ts), at most PROBLEM_MAX characters and then
 * the length it had. A roster problem that quotes all 5,000 `manages` patterns is 2 kB, not 139 kB.
 */
export function errorLine(text: string): string {
  return terminalAdvice(untrusted(text, PROBLEM_MAX))
}

/**
 * The action's advice in a terminal's words: there is no `base-url` input or secret to update
 * here, but DOORFLOW_BASE_URL and DOORFLOW_TOKEN. Only the action's own phrases are rewritten.
 */
export function terminalAdvice(line: string): string {
  return line
    .replace(
      'issue a new token and update the secret.',
      'issue a new one (npm run authorize -- --access-token) and set DOORFLOW_TOKEN to it.'
    )
    .replace(/\b(check|Check|Set|in) base-url\b/g, '$1 DOORFLOW_BASE_URL')
    .replace("base-url's host", "DOORFLOW_BASE_URL's host")
}

// DEL, the C1 controls (U+009B is CSI to a terminal that takes them), the line and paragraph
// separators, zero-width and bidi-control characters: JSON.stringify escapes only C0.
const UNSEEN = /[\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g

/**
 * `value` as indented JSON for a terminal or a pipe: the same JSON (every value parses back whole),
 * with each character that could steer a terminal or make a line read otherwise as a `\uXXXX` escape.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSEEN, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * Problems as compiler-style lines (`file:line:col: message`, so that terminals and editors link
 * them), each an error line; the first MAX_LISTED_PROBLEMS, as the action annotates them, then how
 * many more there are.
 */
export function problemLines(problems: Problem[], shown: (file: string) => string = file => file): string[] {
  const lines = problems.slice(0, MAX_LISTED_PROBLEMS).map(p => {
    const message = errorLine(p.message)
    return p.at ? `${untrusted(shown(p.at.file), 500)}:${p.at.line}:${p.at.col}: ${message}` : message
  })
  const more = problems.length - MAX_LISTED_PROBLEMS
  if (more > 0)
    lines.push(
      `…and ${more.toLocaleString('en-US')} more (${plural(problems.length, 'problem')} in all): fix these and run again.`
    )
  return lines
}

/** An input's error as the option of the same name: "--prune must be one of …". */
export function asOption(err: unknown): string {
  if (err instanceof InputError) return `--${err.input} ${err.message.slice(`Input '${err.input}' `.length)}`
  return err instanceof Error ? err.message : String(err)
}

/** A path from the command line as the action's readers take it: a workspace and a path inside it. */
export interface CommandLinePath {
  /** The path, absolute. */
  target: string
  workspace: string
  /** Relative to `workspace`. */
  path: string
  /**
   * A file the reader names (relative to the workspace) as the person can open it: relative to
   * where they ran the command when they gave a relative path, else absolute.
   */
  shown: (file: string) => string
}

function shownFrom(input: string, base: string, workspace: string): (file: string) => string {
  return file => {
    const full = join(workspace, file)
    return isAbsolute(input) ? full : relative(base, full) || '.'
  }
}

/**
 * A roster file or directory named on the command line, read from `base`: inside it, `base` is the
 * workspace (file names relative to it, as before); elsewhere its parent directory is.
 */
export function rosterPath(input: string, base: string): CommandLinePath {
  const target = resolve(base, input)
  const workspace = isInside(target, base) ? base : dirname(target)
  const path = isInside(target, base) ? relative(base, target) || '.' : basename(target) || '.'
  return { target, workspace, path, shown: shownFrom(input, base, workspace) }
}

/** The roster a command was given, read from `base`; undefined once one line said it does not exist. */
export function existingRoster(input: string, base: string, err: (line: string) => void): CommandLinePath | undefined {
  const roster = rosterPath(input, base)
  if (existsSync(roster.target)) return roster
  err(
    errorLine(
      `--roster: '${input}' does not exist (a relative path is read from ${base}, where the command was run). Nothing was read from DoorFlow.`
    )
  )
  return undefined
}

/**
 * The DoorFlow access token and API root, read from the environment and never from the command
 * line, so that they stay out of shell history.
 */
export function doorflowFromEnv(
  env: NodeJS.ProcessEnv
): { ok: true; token: string; baseUrl: string } | { ok: false; message: string } {
  const token = env['DOORFLOW_TOKEN']?.trim()
  if (!token)
    return { ok: false, message: 'DOORFLOW_TOKEN is empty: export an access token with the read scopes (see --help).' }
  try {
    return {
      ok: true,
      token,
      baseUrl: parseHttpsUrl('DOORFLOW_BASE_URL', env['DOORFLOW_BASE_URL']?.trim() || 'https://api.doorflow.com')
    }
  } catch (e) {
    return { ok: false, message: (e as Error).message }
  }
}

/**
 * A directory to export into, read from `base`: the deepest directory above it that exists is the
 * workspace (the export creates the rest), so a path anywhere is written; a directory that is
 * there already is taken as it really is (a link the person named is followed).
 */
export function exportPath(input: string, base: string): CommandLinePath {
  const target = resolve(base, input)
  const at = existsSync(target) ? realpathSync(target) : target
  let workspace = dirname(at)
  while (!existsSync(workspace) && dirname(workspace) !== workspace) workspace = dirname(workspace)
  return { target, workspace, path: relative(workspace, at) || '.', shown: shownFrom(input, base, workspace) }
}

/**
 * How to run another of these commands the way this one was run: `npm run NAME` inside the
 * clone, `npm --prefix <the clone> run NAME` from anywhere else.
 */
export function npmRun(name: string, base: string): string {
  if (isInside(base, ACTION_ROOT)) return `npm run ${name}`
  const rel = relative(base, ACTION_ROOT)
  const prefix = rel.split(/[\\/]/).length <= 3 ? rel : ACTION_ROOT
  return `npm --prefix ${shellWord(prefix)} run ${name}`
}

/** A word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** A terminal command's entry: its arguments, its environment, and where its lines go; resolves to the exit code. */
export type CommandMain = (
  args: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void
) => Promise<number>

/**
 * Runs `main` when the file at `url` is the one node was started with (not when a test imports
 * it), and exits with its code once stdout has taken every line: a pipe (`--json | jq`) may still
 * be writing. A throw is one capped error line and exit 1.
 */
export function runWhenStarted(url: string, main: CommandMain): void {
  if (url !== pathToFileURL(process.argv[1] ?? '').href) return
  main(
    process.argv.slice(2),
    process.env,
    line => console.log(line),
    line => console.error(line)
  ).then(
    code => process.stdout.write('', () => process.exit(code)),
    e => {
      console.error(errorLine(e instanceof Error ? e.message : String(e)))
      process.exit(1)
    }
  )
}
