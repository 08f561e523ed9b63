/**
 * `npm start`: runs the committed dist/index.js against the fake DoorFlow the way a runner
 * would, and prints what a user sees — the log, the outputs and the job summary (rendered to text as
 * the run page shows it).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  FakeDoorFlow,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  FAKE_TOKEN,
  rateLimited,
  type FakeOptions
} from '../__fixtures__/fake-doorflow.js'
import { FakeGitHub, GITHUB_WRITER_TOKEN, REPOSITORY } from '../__fixtures__/fake-github.js'
import { ROOT, runAction } from '../__fixtures__/run-action.js'
import { CREDENTIAL_INPUTS } from '../src/credentials.js'
import {
  completesAfter,
  DEFAULT_PEOPLE,
  EXAMPLE_ROSTER,
  peopleScenarioPeople,
  ROSTER_SCOPES,
  waiting
} from './fake-doorflow.js'
import { summaryText } from './summary-text.js'

interface Scenario {
  title: string
  inputs?: Record<string, string>
  options?: FakeOptions
  prepare?: (fake: FakeDoorFlow) => void
  /** Concurrent runs of the same inputs (a burst of merges). */
  runs?: number
  /** Refresh-token mode, with the rotated token written back to a fake GitHub secret. */
  refresh?: boolean
  /** Extra runner environment, e.g. GITHUB_WORKSPACE for a roster. */
  env?: Record<string, string>
}

const REFRESH_SECRET = 'DOORFLOW_REFRESH_TOKEN'

/** What `npm run fake-doorflow -- --scenario people` serves: the people examples/roster/ was written for, and others. */
const peopleScenario = (): FakeOptions => ({
  tokens: { [FAKE_TOKEN]: ROSTER_SCOPES },
  people: { people: peopleScenarioPeople(DEFAULT_PEOPLE) }
})

/**
 * The repository a roster run checks out: a git workspace whose last commit is the pull request
 * that adds ${EXAMPLE_ROSTER}/ (its parent, main before it, has none). Drift is told from the files
 * that commit changed (`git diff HEAD^ HEAD`, as a checkout with fetch-depth: 2 has it), so the
 * plan's changes are the pull request's own, not drift. This project's own checkout would not do:
 * its last commit is whatever was committed last, and every change would read as drift.
 */
function rosterWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorflow-demo-'))
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.com', ...args], {
      cwd: dir,
      stdio: 'ignore'
    })
  git('init', '-q')
  writeFileSync(join(dir, 'README.md'), 'Door access as code.\n')
  git('add', '.')
  git('commit', '-qm', 'main before the pull request')
  cpSync(join(ROOT, EXAMPLE_ROSTER), join(dir, EXAMPLE_ROSTER), { recursive: true })
  git('add', '.')
  git('commit', '-qm', `Add ${EXAMPLE_ROSTER}/`)
  return dir
}
const workspace = rosterWorkspace()
process.once('exit', () => rmSync(workspace, { recursive: true, force: true }))

const scenarios: Scenario[] = [
  { title: 'A sync DoorFlow accepts at once' },
  {
    title: 'DoorFlow is rate limiting (429, retry_in 2 s): the action waits exactly that long, then succeeds',
    prepare: fake => fake.script('POST /api/3/sync', rateLimited(2))
  },
  {
    title: 'An expired token (401): the step fails at once and says what to do',
    inputs: { token: 'an-expired-token' }
  },
  {
    title: 'wait-for-completion: the step stays until the doors have the change (pending → syncing → complete)',
    inputs: waiting,
    options: completesAfter(1500)
  },
  {
    title: 'A burst of 3 runs just after another sync began (3 s window): one sync covers them all',
    options: { windowMs: 3000 },
    prepare: fake => fake.initiateSync(),
    runs: 3
  },
  {
    title: 'Refresh-token mode: DoorFlow rotates the refresh token, the action writes the new one back to the secret',
    refresh: true
  },
  {
    title: `Door access as code, on a pull request that adds ${EXAMPLE_ROSTER}/: its plan against the people DoorFlow has (npm run fake-doorflow -- --scenario people serves them)`,
    inputs: { roster: EXAMPLE_ROSTER },
    env: { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'pull_request' },
    options: peopleScenario()
  },
  {
    title:
      'Door access as code, on merge: the same roster applied (revocations first) under a write limit of 2 a second (fake-doorflow --write-limit 2/s), then the sync',
    // Outside a runner there is no push payload naming the default branch, so dry-run: false applies.
    inputs: { roster: EXAMPLE_ROSTER, 'dry-run': 'false' },
    env: { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'push' },
    options: { ...peopleScenario(), people: { ...peopleScenario().people, writeLimit: { writes: 2, perMs: 1000 } } }
  }
]

const rule = '─'.repeat(78)

/**
 * The log as the runner shows it: masks applied, debug lines hidden (set RUNNER_DEBUG=1 to
 * see them), workflow commands rendered as annotations. `mask` hides the same values elsewhere.
 */
function asRunnerShows(lines: string[]): { shown: string[]; mask: (text: string) => string } {
  const masks: string[] = []
  const shown: string[] = []
  for (const line of lines) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    const [name, text] = command ? [command[1], command[2]] : [undefined, line]
    if (name === 'add-mask') masks.push(text)
    else if (name === 'debug') {
      if (process.env['RUNNER_DEBUG'] === '1') shown.push(`##[debug]${text}`)
    } else if (name === 'error' || name === 'warning' || name === 'notice')
      shown.push(`${name[0].toUpperCase()}${name.slice(1)}: ${text}`)
    else if (name === 'group') shown.push(`▸ ${text}`)
    else if (name !== 'endgroup') shown.push(text)
  }
  const mask = (text: string) => masks.reduce((l, m) => (m ? l.split(m).join('***') : l), text)
  return { shown: shown.map(mask), mask }
}

for (const [i, scenario] of scenarios.entries()) {
  const fake = await FakeDoorFlow.start(scenario.options)
  const github = scenario.refresh ? await FakeGitHub.start() : undefined
  try {
    scenario.prepare?.(fake)
    github?.setSecret(REFRESH_SECRET, fake.issueRefreshToken())
    const auth: Record<string, string> = github
      ? {
          'client-id': FAKE_CLIENT_ID,
          'client-secret': FAKE_CLIENT_SECRET,
          'refresh-token': github.secret(REFRESH_SECRET)!,
          'refresh-token-secret': REFRESH_SECRET,
          'github-token': GITHUB_WRITER_TOKEN
        }
      : { token: FAKE_TOKEN }
    const inputs = { ...auth, 'base-url': fake.url, ...scenario.inputs }
    const env: Record<string, string> = {
      ...(github ? { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY } : {}),
      ...scenario.env
    }
    const before = github?.secret(REFRESH_SECRET)
    const runs = await Promise.all(Array.from({ length: scenario.runs ?? 1 }, () => runAction(inputs, { env })))
    console.log(`\n${rule}\n${i + 1}. ${scenario.title}\n${rule}`)
    for (const [n, run] of runs.entries()) {
      const { shown, mask } = asRunnerShows(run.lines)
      const command = [
        ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
        ...Object.entries(inputs).map(
          ([k, v]) => `INPUT_${k.toUpperCase()}=${(CREDENTIAL_INPUTS as readonly string[]).includes(k) ? '***' : v}`
        )
      ]
      console.log(`${runs.length > 1 ? `\n[run ${n + 1}] ` : ''}$ ${command.join(' ')} node dist/index.js`)
      for (const line of shown) console.log(`  ${line}`)
      console.log(
        `\nexit code ${run.code} (${run.code === 0 ? 'step green' : 'step red'}) in ${((run.endedAt - run.startedAt) / 1000).toFixed(1)} s`
      )
      console.log(`outputs: ${mask(JSON.stringify(run.outputs))}`)
      if (runs.length === 1)
        console.log(
          `\njob summary, as the run page shows it:\n${summaryText(mask(run.summary))
            .split('\n')
            .map(line => `  │ ${line}`.trimEnd())
            .join('\n')}`
        )
    }
    if (runs.length > 1) console.log(`\nSyncs DoorFlow initiated for these ${runs.length} runs: ${fake.syncsInitiated}`)
    if (github) {
      const after = github.secret(REFRESH_SECRET)
      const live = after !== undefined && fake.refreshTokens.has(after)
      console.log(
        `\nSecret ${REFRESH_SECRET}: ${after !== before ? 'replaced by the rotated token' : 'unchanged'}; ` +
          `the old token ${before && fake.refreshTokens.has(before) ? 'still works' : 'no longer works'}, the stored one ${live ? 'works' : 'does not work'}: the next run can sign in.`
      )
    }
  } finally {
    await fake.close()
    await github?.close()
  }
}
console.log(
  '\nThe log is shown as the runner renders it: secrets masked as ***, debug lines hidden (RUNNER_DEBUG=1 npm start shows them).' +
    '\nTry a roster by hand: npm run fake-doorflow -- --scenario people (it prints the plan and apply commands).'
)
