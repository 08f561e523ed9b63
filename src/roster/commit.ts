/**
 * The commit a plan was made at, for the plan's first lines: the runner's GITHUB_SHA (for a pull request, the merge
 * commit it tests) and, for pull_request events, the head of the pull request's branch from the event payload. Only
 * hex SHAs are kept: the payload is data, and a value that is not a SHA is not shown.
 */
import { readFileSync, statSync } from 'node:fs'
import type { PlannedCommit } from './render.js'

/** An event payload larger than this is not read for the head SHA (GitHub's payloads are far smaller). */
const EVENT_MAX_BYTES = 25 * 1024 * 1024

const sha = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(value) ? value : undefined

export function plannedCommitOf(env: (name: string) => string | undefined): PlannedCommit {
  const commit: PlannedCommit = { sha: sha(env('GITHUB_SHA')) }
  const event = env('GITHUB_EVENT_NAME') ?? ''
  const path = env('GITHUB_EVENT_PATH')
  if ((event === 'pull_request' || event === 'pull_request_target') && path) {
    try {
      if (statSync(path).size <= EVENT_MAX_BYTES) {
        const payload = JSON.parse(readFileSync(path, 'utf8')) as { pull_request?: { head?: { sha?: unknown } } }
        commit.head = sha(payload.pull_request?.head?.sha)
      }
    } catch {
      // No head SHA: the plan shows GITHUB_SHA only.
    }
  }
  return commit
}
