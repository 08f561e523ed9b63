/**
 * Drift: which changes of a plan put back what someone changed in DoorFlow rather than what this
 * commit changed in the roster. A change is drift when the roster file behind it did not change in
 * the commit (a removal: when no file under the roster path did). Which files the commit changed
 * comes from the push event's payload (every pushed commit), else from git in the workspace (`git
 * diff HEAD^ HEAD`, which needs `fetch-depth: 2`); on a schedule or workflow_dispatch event there
 * is no commit of the run's own, so every change is drift. When neither source answers, nothing is
 * marked and the reason is said once. The marking itself is pure.
 */
import { execFile } from 'node:child_process'
import { untrusted } from '../untrusted.js'
import { plural } from '../format.js'
import type { PlannedChange } from './plan.js'
import type { Roster } from './roster.js'
import type { ChildEnv, Runner } from '../runner.js'

/** What the run knows of the files its commit changed. */
export type ChangedFiles =
  | { kind: 'all'; why: string }
  | { kind: 'files'; files: ReadonlySet<string>; why: string }
  | { kind: 'unknown'; why: string }

/** Most pushed commits read from the event payload (GitHub lists at most 2048). */
export const MAX_PAYLOAD_COMMITS = 2048
/** Most output read from git, in bytes. */
export const MAX_GIT_BYTES = 4 * 1024 * 1024

/** A path as git and the roster name it: forward slashes, no leading "./". */
export function normalPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
}

/**
 * The changes with their drift marked (`drift: true`, on new objects), and how many are drift;
 * with the changed files unknown, the changes as they are and no count. The planner calls it
 * before the plan is finished (planner.ts), so the plan is never marked afterwards.
 */
export function withDrift(
  changes: readonly PlannedChange[],
  roster: Pick<Roster, 'people'>,
  rosterPath: string,
  changed: ChangedFiles
): { changes: readonly PlannedChange[]; drift?: number } {
  if (changed.kind === 'unknown') return { changes }
  const fileOf = new Map(roster.people.map(p => [p.id, normalPath(p.at.file)]))
  const root = normalPath(rosterPath).replace(/\/+$/, '')
  const touched = (file: string | undefined) =>
    changed.kind === 'all' ? false : file !== undefined && changed.files.has(file)
  const rosterTouched =
    changed.kind === 'files' && [...changed.files].some(f => f === root || f.startsWith(`${root}/`) || root === '.')
  const marked = changes.map(change => {
    const drift =
      change.kind === 'remove' ? changed.kind === 'all' || !rosterTouched : !touched(fileOf.get(change.systemId))
    return drift ? { ...change, drift: true as const } : change
  })
  return { changes: marked, drift: marked.filter(c => c.drift).length }
}

/**
 * The files a push event's payload lists as added, modified or removed by its commits; undefined
 * when the payload has no commits to read (then git decides). Pure.
 */
export function changedFromPayload(text: string): ChangedFiles | undefined {
  try {
    return changedFromEvent(JSON.parse(text))
  } catch {
    return undefined
  }
}

/** As changedFromPayload, of the payload already parsed (the runner's context holds it). Pure. */
export function changedFromEvent(payload: unknown): ChangedFiles | undefined {
  const commits = (payload as { commits?: unknown } | null)?.commits
  if (!Array.isArray(commits) || !commits.length) return undefined
  const files = new Set<string>()
  for (const commit of commits.slice(0, MAX_PAYLOAD_COMMITS) as unknown[]) {
    for (const key of ['added', 'modified', 'removed']) {
      const list = (commit as Record<string, unknown> | null)?.[key]
      if (!Array.isArray(list)) continue
      for (const f of list) if (typeof f === 'string') files.add(normalPath(f))
    }
  }
  const n = Math.min(commits.length, MAX_PAYLOAD_COMMITS)
  return { kind: 'files', files, why: `the push event's ${plural(n, 'commit')}` }
}

/** Most time git may take, in ms: it runs before the first write, and a cancel must not wait on it for long. */
export const GIT_TIMEOUT_MS = 5000

/** Runs git with these arguments in the workspace; its output, or rejects (with `stderr` when git said why). */
export type Git = (args: string[], cwd: string) => Promise<string>

/**
 * git as a child process that never blocks the event loop (a cancel's signal is handled while it
 * runs), in `env` (the runner's, runner.ts) and never prompting for credentials.
 */
export const gitIn =
  (env: ChildEnv): Git =>
  (args, cwd) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        {
          cwd,
          encoding: 'utf8',
          timeout: GIT_TIMEOUT_MS,
          maxBuffer: MAX_GIT_BYTES,
          env: { ...env, GIT_TERMINAL_PROMPT: '0' }
        },
        (err: Error | null, stdout: string, stderr: string) => {
          if (err) reject(Object.assign(err, { stderr }))
          else resolve(stdout)
        }
      )
      child.stdin?.end()
    })

/** The files the workspace's last commit changed, from git; unknown (with why) when git or the parent is missing. */
export async function changedFromGit(workspace: string, git: Git): Promise<ChangedFiles> {
  try {
    const out = await git(
      [
        '-c',
        'core.quotepath=off',
        'diff',
        '--no-ext-diff',
        '--no-textconv',
        '--name-only',
        '--relative',
        '-z',
        'HEAD^',
        'HEAD'
      ],
      workspace
    )
    const files = new Set(out.split('\0').filter(Boolean).map(normalPath))
    return { kind: 'files', files, why: 'git diff HEAD^ HEAD' }
  } catch (err) {
    const stderr = (err as { stderr?: unknown }).stderr
    const said = typeof stderr === 'string' && stderr.trim() ? stderr.trim().split('\n')[0] : (err as Error).message
    return {
      kind: 'unknown',
      why: `git could not name the files this commit changed (${untrusted(said, 200)}); check out with fetch-depth: 2 so that the commit's parent is there`
    }
  }
}

/** The changed files for this run's event (the runner's event name and payload), within the bounds above. */
export async function changedFiles(
  runner: Pick<Runner, 'event' | 'payload' | 'childEnv'>,
  workspace: string,
  git: Git = gitIn(runner.childEnv)
): Promise<ChangedFiles> {
  const { event } = runner
  if (event === 'schedule' || event === 'workflow_dispatch')
    return { kind: 'all', why: `a ${event} event has no commit of its own, so every change is drift` }
  if (event === 'push') {
    const fromPayload = changedFromEvent(runner.payload)
    if (fromPayload) return fromPayload
  }
  return changedFromGit(workspace, git)
}
