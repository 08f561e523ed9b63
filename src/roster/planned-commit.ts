/**
 * The commit a plan was made of, and whether that is the pull request's code. What is planned is
 * what the workspace holds, and only git can say that: on pull_request_target the default checkout
 * is the base branch (GITHUB_SHA is the base's last commit), and a workflow may check out any ref,
 * so the event's SHAs alone do not tell. So the workspace's HEAD (`git rev-parse HEAD`, bounded
 * like every git call here); when git cannot answer (no .git, a git too old for actions/checkout
 * to clone with), GITHUB_SHA, which is what actions/checkout checks out by default.
 *
 * A plan is the pull request's when that commit is the pull request's head
 * (`pull_request.head.sha`) or, on pull_request and its review events, GITHUB_SHA: the test merge
 * commit of the head into the base (GitHub Docs, "Events that trigger workflows",
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request:
 * "GITHUB_SHA for this event is the last merge commit of the pull request merge branch";
 * #pull_request_target: GITHUB_SHA is the "last commit on the PR base branch"). Any other plan
 * says so plainly and is never recorded as the pull request's reviewed plan. Only hex SHAs are
 * kept: the payload is data.
 */
import type { Runner } from '../runner.js'
import { untrusted } from '../untrusted.js'
import { gitIn, type Git } from './drift.js'
import type { PlannedCommit } from './render.js'

/** What was planned, judged against the pull request. */
export interface PlannedOf {
  /** What the plan's first lines show: the commit planned, and the pull request's head. */
  commit: PlannedCommit
  /** The plan is of the pull request's code (its head, or its test merge commit). */
  isPullRequestHead: boolean
  /** One line: how the commit planned was told, and whether it is the pull request's. */
  why: string
}

const sha = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(value) ? value.toLowerCase() : undefined
const short = (s: string | undefined) => (s ? s.slice(0, 7) : 'unknown')

/** The workspace's HEAD from git, or why git could not say. */
export async function workspaceHead(workspace: string, git: Git): Promise<{ sha?: string; why?: string }> {
  try {
    const out = sha((await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], workspace)).trim())
    return out ? { sha: out } : { why: 'git rev-parse HEAD gave no commit' }
  } catch (err) {
    const stderr = (err as { stderr?: unknown }).stderr
    const said = typeof stderr === 'string' && stderr.trim() ? stderr.trim().split('\n')[0] : (err as Error).message
    return { why: `git rev-parse HEAD failed: ${untrusted(said, 200)}` }
  }
}

/**
 * Pure: the commit planned (the workspace's HEAD, else GITHUB_SHA) judged against the run's pull
 * request. Outside a pull request there is no head to compare with: isPullRequestHead is false.
 */
export function judgePlannedCommit(
  runner: Pick<Runner, 'event' | 'sha' | 'pullRequest'>,
  head: { sha?: string; why?: string }
): PlannedOf {
  const planned = sha(head.sha) ?? sha(runner.sha)
  const how = head.sha ? 'the workspace HEAD' : `GITHUB_SHA (${head.why ?? 'git did not answer'})`
  const pr = runner.pullRequest
  const prHead = sha(pr?.headSha)
  const commit: PlannedCommit = { sha: planned, head: prHead }
  if (!pr) return { commit: { sha: planned }, isPullRequestHead: false, why: `planned at ${short(planned)} (${how})` }
  if (!planned)
    return {
      commit: {},
      isPullRequestHead: false,
      why: `the commit planned could not be told (${head.why ?? 'no git'}; GITHUB_SHA unset), so this plan is not of the pull request's head ${short(prHead)}; it is not a reviewed plan`
    }
  const merge = runner.event !== 'pull_request_target' && planned === sha(runner.sha)
  if (planned === prHead || merge)
    return {
      commit,
      isPullRequestHead: true,
      why: `planned at ${short(planned)} (${how}), the pull request's ${planned === prHead ? 'head' : 'test merge commit'}`
    }
  const base = runner.event === 'pull_request_target' ? ' (a pull_request_target run checks out the base branch)' : ''
  return {
    // Shown as what it is, the commit planned, never as the head's plan.
    commit: { sha: planned },
    isPullRequestHead: false,
    why: `this plan is of commit ${short(planned)}${base}, not of the pull request's head ${short(prHead)}; it is not a reviewed plan`
  }
}

/** The commit planned in this run's workspace, judged against its pull request. */
export async function plannedCommitOf(
  runner: Runner,
  workspace: string,
  git: Git = gitIn(runner.childEnv)
): Promise<PlannedOf> {
  return judgePlannedCommit(runner, runner.pullRequest ? await workspaceHead(workspace, git) : {})
}
