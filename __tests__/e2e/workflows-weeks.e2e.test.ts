/**
 * End to end, the example workflows over simulated weeks: the DoorFlow step of every file in
 * examples/workflows/ runs (`node dist/index.js`) against the fake DoorFlow and the fake GitHub,
 * as GitHub would start it: the inputs are the file's `with:` (and action.yml's defaults),
 * `${{ secrets.X }}` is read from the fake's secrets store when the job starts (the environment's
 * secret first, for a job with `environment:`), and the `concurrency:` group runs one job at a
 * time, keeping one pending and cancelling an older pending job when a newer one queues. Jobs of
 * different groups run at the same time. The test adds only what points at the fakes (`base-url`,
 * GITHUB_API_URL) and a 1 s `poll-interval-seconds`.
 *
 * Export, pull requests (planned, pushed again, merged alone, two and three in a row), applies,
 * a sync by hand and on a push, a hand edit in DoorFlow, a drift check that cancels a waiting
 * apply, and the nightly drift checks with plans beside them: no run
 * sees invalid_grant, every run rotates its refresh token, and at every quiet moment the stored
 * secrets hold exactly the two live refresh tokens.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { FakeDoorFlow, FAKE_CLIENT_ID, FAKE_CLIENT_SECRET } from '../../__fixtures__/fake-doorflow.js'
import {
  FakeGitHub,
  GITHUB_ACTIONS_TOKEN,
  GITHUB_WRITER_TOKEN,
  REPOSITORY,
  type FakePull
} from '../../__fixtures__/fake-github.js'
import { PEOPLE_READ_SCOPES } from '../../__fixtures__/fake-people.js'
import { bearer } from '../../__fixtures__/fake-server.js'
import { APPLY_SCOPES, rosterYaml, worldPeople, type RosterEntry } from '../../__fixtures__/roster-world.js'
import { leakedLines, ROOT, runAction, type ActionRun } from '../../__fixtures__/run-action.js'
import { doorflowStep, exampleFiles, onlyJob, readExample, type ExampleWorkflow } from '../helpers/example-workflows.js'

const ENVIRONMENT = 'doorflow'
const WRITE_SECRET = 'DOORFLOW_REFRESH_TOKEN'
const PLAN_SECRET = 'DOORFLOW_PLAN_REFRESH_TOKEN'
/** The repository's SECRETS_WRITER_TOKEN: a fine-grained token with Secrets (not Environments) read and write. */
const REPO_SECRETS_WRITER = 'github_pat_fake_repository_secrets_only_0123'

type Files = Map<string, string>
interface Commit {
  sha: string
  files: Files
  /** The files this commit changed (the push payload's added, modified and removed). */
  changed: string[]
}
interface PullRequest {
  number: number
  change: (files: Files) => Files
  head: string
}
type Trigger =
  | { event: 'pull_request'; action: string; pr: PullRequest; merge: string; files: Files; changed: string[] }
  | { event: 'push'; commit: Commit }
  | { event: 'schedule' }
  | { event: 'workflow_dispatch'; file: string }

interface JobRun {
  label: string
  file: string
  group: string
  cancelled: boolean
  run?: ActionRun
  /** The refresh token the job was started with (its `refresh-token` input), and the scopes DoorFlow granted it. */
  startedWith?: string
  scopes?: string[]
  /** With the export: the files it wrote, by path. */
  exported?: Files
}

const actionDefaults = Object.fromEntries(
  Object.entries(
    (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs
  ).flatMap(([name, input]) => (input.default === undefined ? [] : [[name, input.default]]))
)

let serial = 0
const newSha = () => createHash('sha1').update(`commit ${++serial}`).digest('hex')

/** A roster file of people hired after the export, managed by its own pattern. */
const NEW_HIRES = 'access/new-hires.yaml'
const hire = (n: number, groups: string[]): RosterEntry => ({
  id: `NEW-${n}`,
  first_name: `Hire${n}`,
  last_name: 'Person',
  groups
})
/** A change that sets new hire n's entry (adding it, or changing its groups), leaving the others. */
function setHire(n: number, groups: string[]) {
  return (files: Files): Files => {
    const next = new Map(files)
    const hires = parseHires(files.get(NEW_HIRES)).filter(h => h.id !== `NEW-${n}`)
    hires.push(hire(n, groups))
    hires.sort((a, b) => Number(a.id.slice(4)) - Number(b.id.slice(4)))
    next.set(NEW_HIRES, rosterYaml(hires, 'NEW-*'))
    return next
  }
}
function parseHires(text: string | undefined): RosterEntry[] {
  if (!text) return []
  return (parse(text) as { people: RosterEntry[] }).people
}

describe('the example workflows over three weeks', () => {
  let doorflow: FakeDoorFlow
  let github: FakeGitHub
  const workflows = exampleFiles().map(readExample)
  const jobs: JobRun[] = []
  const main: Commit[] = [{ sha: newSha(), files: new Map([['README.md', '# door config\n']]), changed: [] }]
  const tip = () => main[main.length - 1]
  const groups = new Map<string, { busy: boolean; pending?: { start: () => void; cancel: () => void } }>()

  beforeAll(async () => {
    doorflow = await FakeDoorFlow.start({ tokens: {}, people: { people: worldPeople() } })
    github = await FakeGitHub.start()
    github.writers.add(REPO_SECRETS_WRITER)
    github.readers.add(REPO_SECRETS_WRITER)
    // What the setup in docs/workflows.md creates: the write grant and its writer in the environment,
    // the plan's read-only grant and a repository-secrets writer in the repository; the OAuth app in both.
    for (const environment of [ENVIRONMENT, undefined]) {
      github.setSecret('DOORFLOW_CLIENT_ID', FAKE_CLIENT_ID, environment)
      github.setSecret('DOORFLOW_CLIENT_SECRET', FAKE_CLIENT_SECRET, environment)
    }
    github.setSecret(WRITE_SECRET, doorflow.issueRefreshToken([...APPLY_SCOPES]), ENVIRONMENT)
    github.setSecret('SECRETS_WRITER_TOKEN', GITHUB_WRITER_TOKEN, ENVIRONMENT)
    github.setSecret(PLAN_SECRET, doorflow.issueRefreshToken([...PEOPLE_READ_SCOPES]))
    github.setSecret('SECRETS_WRITER_TOKEN', REPO_SECRETS_WRITER)
  })
  afterAll(async () => {
    await doorflow?.close()
    await github?.close()
  })

  /** `${{ … }}` as GitHub fills it when the job starts. */
  function expand(value: string, environment: string | undefined): string {
    return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
      const secret = /^secrets\.([A-Z0-9_]+)$/.exec(expression)
      if (secret) return github.secret(secret[1], environment) ?? github.secret(secret[1]) ?? ''
      if (expression === 'github.token') return GITHUB_ACTIONS_TOKEN
      throw new Error(`the test does not know the expression ${expression}`)
    })
  }

  function triggered(workflow: ExampleWorkflow, trigger: Trigger): boolean {
    const on = workflow.on
    const paths = (spec: unknown, files: string[]) => {
      const globs = (spec as { paths?: string[] } | null)?.paths
      return !globs || files.some(f => globs.some(g => (g.endsWith('/**') ? f.startsWith(g.slice(0, -2)) : f === g)))
    }
    switch (trigger.event) {
      case 'pull_request':
        return 'pull_request' in on && paths(on['pull_request'], trigger.changed)
      case 'push': {
        const push = on['push'] as { branches?: string[] } | undefined
        return !!push && (push.branches ?? ['main']).includes('main') && paths(push, trigger.commit.changed)
      }
      case 'schedule':
        // A night fires the nightly workflows; a quarterly one (the access review) has a cron of its own.
        return ((on['schedule'] as { cron?: string }[] | undefined) ?? []).some(s => s.cron === '17 3 * * *')
      case 'workflow_dispatch':
        return trigger.file === workflow.file && 'workflow_dispatch' in on
    }
  }

  /** The checkout and event of a job: the files it checks out and the runner's environment. */
  function runnerContext(trigger: Trigger, temp: string): { files: Files; env: Record<string, string> } {
    const event = join(temp, 'event.json')
    const repository = { full_name: REPOSITORY, default_branch: 'main', private: true }
    const onMain = (name: string, payload: object) => {
      writeFileSync(event, JSON.stringify({ ...payload, repository }))
      return {
        files: tip().files,
        env: { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: event, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: tip().sha }
      }
    }
    switch (trigger.event) {
      case 'pull_request': {
        const { pr } = trigger
        writeFileSync(
          event,
          JSON.stringify({
            action: trigger.action,
            number: pr.number,
            pull_request: {
              number: pr.number,
              head: { sha: pr.head, repo: { full_name: REPOSITORY } },
              base: { repo: { full_name: REPOSITORY } }
            },
            repository
          })
        )
        // actions/checkout's default on pull_request: the test merge commit of the head into the base.
        return {
          files: trigger.files,
          env: {
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_EVENT_PATH: event,
            GITHUB_REF: `refs/pull/${pr.number}/merge`,
            GITHUB_SHA: trigger.merge
          }
        }
      }
      case 'push': {
        const { commit } = trigger
        const listed = [{ id: commit.sha, distinct: true, added: [], removed: [], modified: commit.changed }]
        writeFileSync(
          event,
          JSON.stringify({
            ref: 'refs/heads/main',
            before: main[main.indexOf(commit) - 1].sha,
            after: commit.sha,
            commits: listed,
            head_commit: listed[0],
            repository
          })
        )
        return {
          files: commit.files,
          env: {
            GITHUB_EVENT_NAME: 'push',
            GITHUB_EVENT_PATH: event,
            GITHUB_REF: 'refs/heads/main',
            GITHUB_SHA: commit.sha
          }
        }
      }
      case 'schedule':
        return onMain('schedule', { schedule: '17 3 * * *' })
      case 'workflow_dispatch':
        return onMain('workflow_dispatch', { inputs: {}, ref: 'refs/heads/main' })
    }
  }

  /** One job of `workflow`, started now: its DoorFlow step, with the secrets as they are now. */
  async function runJob(workflow: ExampleWorkflow, trigger: Trigger, job: JobRun): Promise<void> {
    const { environment } = onlyJob(workflow)
    // An environment limited to the default branch: GitHub refuses it to any other ref.
    if (environment && trigger.event === 'pull_request')
      throw new Error(`${workflow.file}: environment on a pull request`)
    const step = doorflowStep(workflow)
    const inputs: Record<string, string> = {}
    for (const [name, value] of Object.entries({ ...actionDefaults, ...step.with }))
      inputs[name] = expand(value, environment)
    inputs['base-url'] = doorflow.url
    if (inputs['wait-for-completion'] === 'true') inputs['poll-interval-seconds'] = '1'
    job.startedWith = inputs['refresh-token']
    job.scopes = doorflow.refreshTokens.get(job.startedWith)

    const workspace = mkdtempSync(join(tmpdir(), 'weeks-ws-'))
    const temp = mkdtempSync(join(tmpdir(), 'weeks-temp-'))
    try {
      const { files, env } = runnerContext(trigger, temp)
      for (const [path, text] of files) {
        mkdirSync(dirname(join(workspace, path)), { recursive: true })
        writeFileSync(join(workspace, path), text)
      }
      job.run = await runAction(inputs, {
        env: { ...env, GITHUB_WORKSPACE: workspace, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY }
      })
      const secrets = [
        FAKE_CLIENT_SECRET,
        GITHUB_WRITER_TOKEN,
        REPO_SECRETS_WRITER,
        GITHUB_ACTIONS_TOKEN,
        ...doorflow.issued
      ]
      expect(leakedLines(job.run, secrets)).toEqual([])
      const exported = job.run.outputs['exported-files']
      if (exported) job.exported = new Map(exported.split('\n').map(p => [p, readFileSync(join(workspace, p), 'utf8')]))
    } finally {
      rmSync(workspace, { recursive: true, force: true })
      rmSync(temp, { recursive: true, force: true })
    }
  }

  /**
   * Queues the job of every workflow `trigger` starts, as GitHub's concurrency does: one job of a
   * group runs; one waits; a newer waiting job cancels the older. Resolves when each has ended.
   */
  function fire(trigger: Trigger, label: string): Promise<JobRun[]> {
    const started = workflows
      .filter(w => triggered(w, trigger))
      .map(
        workflow =>
          new Promise<JobRun>((resolve, reject) => {
            const group = workflow.concurrency!.group.toLowerCase()
            const job: JobRun = { label: `${label}: ${workflow.file}`, file: workflow.file, group, cancelled: false }
            jobs.push(job)
            const state = groups.get(group) ?? { busy: false }
            groups.set(group, state)
            const start = () => {
              state.busy = true
              runJob(workflow, trigger, job)
                .then(() => resolve(job), reject)
                .finally(() => {
                  const next = state.pending
                  state.pending = undefined
                  state.busy = false
                  next?.start()
                })
            }
            const cancel = () => {
              job.cancelled = true
              resolve(job)
            }
            if (!state.busy) start()
            else {
              state.pending?.cancel()
              state.pending = { start, cancel }
            }
          })
      )
    return Promise.all(started)
  }

  /** Every live refresh token is in a secret, and every secret holds a live one. */
  function expectNoTokenLost() {
    const stored = [github.secret(WRITE_SECRET, ENVIRONMENT)!, github.secret(PLAN_SECRET)!]
    expect(stored.every(t => doorflow.refreshTokens.has(t))).toBe(true)
    expect([...doorflow.refreshTokens.keys()].sort()).toEqual([...stored].sort())
    expect(github.secret(WRITE_SECRET)).toBeUndefined() // never a repository copy a pull request could read
  }

  let prNumber = 0
  function openPullRequest(change: (files: Files) => Files): PullRequest {
    return { number: ++prNumber, change, head: newSha() }
  }
  /** A push to the pull request's branch (or its opening): the plan of its test merge with main. */
  function planOf(pr: PullRequest, action = 'synchronize'): Promise<JobRun[]> {
    if (action === 'synchronize') pr.head = newSha()
    const files = pr.change(tip().files)
    const changed = [...files.keys()].filter(p => files.get(p) !== tip().files.get(p))
    return fire({ event: 'pull_request', action, pr, merge: newSha(), files, changed }, `plan #${pr.number}`)
  }
  /** The merge: a new commit on main (the change on main as it is now), then its push event. */
  function merge(pr: PullRequest): { commit: Commit; applied: Promise<JobRun[]> } {
    const files = pr.change(tip().files)
    const changed = [...new Set([...files.keys(), ...tip().files.keys()])].filter(
      p => files.get(p) !== tip().files.get(p)
    )
    const commit = { sha: newSha(), files, changed }
    main.push(commit)
    const pull: FakePull = {
      number: pr.number,
      state: 'closed',
      merged_at: new Date().toISOString(),
      merge_commit_sha: commit.sha,
      head_sha: pr.head
    }
    github.pullsOfCommit.set(commit.sha, [pull])
    // Branch protection's required review: someone other than the author approved the head merged.
    github.review(pr.number, pr.head)
    return { commit, applied: fire({ event: 'push', commit }, `merge #${pr.number}`) }
  }
  const pushOf = (commit: Commit, label: string) => fire({ event: 'push', commit }, label)
  const night = (n: number) => fire({ event: 'schedule' }, `night ${n}`)
  const dispatch = (file: string, label: string) => fire({ event: 'workflow_dispatch', file }, label)
  const ok = (done: JobRun[]) => {
    for (const job of done)
      expect({ job: job.label, code: job.run?.code, cancelled: job.cancelled }).toEqual({
        job: job.label,
        code: 0,
        cancelled: false
      })
    return done
  }
  const only = (done: JobRun[]) => {
    expect(done).toHaveLength(1)
    return done[0]
  }
  let nights = 0
  /**
   * A night: the drift check (the write grant's group), with what runs beside it in the plan's
   * group; then, all quiet, the stored secrets hold exactly the live refresh tokens.
   */
  async function nightWith(drift: string, ...alongside: Promise<JobRun[]>[]): Promise<JobRun[]> {
    const [[check], ...beside] = await Promise.all([night(++nights), ...alongside])
    ok([check])
    expect(check.run!.outputs['drift']).toBe(drift)
    expectNoTokenLost()
    return ok(beside.flat())
  }
  /** Plans of pull requests one after another, as their pushes would come. */
  async function plansOf(prs: PullRequest[]): Promise<JobRun[]> {
    const done: JobRun[] = []
    for (const pr of prs) done.push(...(await planOf(pr, 'opened')))
    return done
  }

  it('export, plans, merges one, two and three in a row, syncs, a hand edit and nightly drift: no invalid_grant, no lost token', async () => {
    // Week 1, Monday: export the account by hand; its pull request is opened with the GITHUB_TOKEN,
    // which starts no workflow, so a maintainer closes and reopens it to plan it.
    const exported = only(ok(await dispatch('roster-export.yml', 'export'))).exported!
    expect([...exported.keys()].every(p => p.startsWith('access/'))).toBe(true)
    const exportPr = openPullRequest(files => new Map([...files, ...exported]))
    const exportPlan = only(ok(await planOf(exportPr, 'reopened')))
    expect(exportPlan.run!.outputs['changes']).toBe('1') // Barbara, adopted by DoorFlow id: nothing else changes
    const first = only(ok(await merge(exportPr).applied))
    expect(first.run!.outputs).toMatchObject({ adopted: '1', created: '0', failed: '0' })
    // That night, a new hire's pull request is opened: its plan runs beside the drift check
    // (two groups, two refresh tokens, at the same time).
    const tuesday = openPullRequest(setHire(1, ['Engineering']))
    const [plan1] = await nightWith('0', planOf(tuesday, 'opened'))
    const night1 = jobs.find(j => j.label.startsWith('night 1'))!
    expect(plan1.run!.startedAt).toBeLessThan(night1.run!.endedAt)
    expect(night1.run!.startedAt).toBeLessThan(plan1.run!.endedAt)

    // Tuesday: the hire's groups change and are planned again, while a sync runs by hand; merged.
    tuesday.change = setHire(1, ['Engineering', 'Night Shift'])
    ok((await Promise.all([planOf(tuesday), dispatch('doorflow-sync.yml', 'sync by hand')])).flat())
    expect(only(ok(await merge(tuesday).applied)).run!.outputs['created']).toBe('1')
    const [a, b] = [openPullRequest(setHire(2, ['Visitors'])), openPullRequest(setHire(3, ['Facilities']))]
    await nightWith('0', plansOf([a, b]))

    // Wednesday: the two are merged close together: the second apply waits for the first (one
    // running, one pending) and both apply their reviewed plans.
    const [first2, second2] = ok((await Promise.all([merge(a).applied, merge(b).applied])).flat())
    expect(second2.run!.startedAt).toBeGreaterThanOrEqual(first2.run!.endedAt)
    expect([first2, second2].map(j => j.run!.outputs['created'])).toEqual(['1', '1'])

    // Thursday: someone gives Grace (EMP-2) the Visitors group in DoorFlow's web UI. That night's check
    // sees it, while the next pull request's plan puts Grace back (reviewed there).
    doorflow.people.people.get(102)!.groups.push(4)
    const friday = openPullRequest(setHire(4, ['Loading Dock']))
    const [fridayPlan] = await nightWith('1', planOf(friday, 'opened'))
    expect(fridayPlan.run!.outputs['changes']).toBe('2')

    // Friday: its merge applies both.
    expect(only(ok(await merge(friday).applied)).run!.outputs).toMatchObject({ created: '1', updated: '1' })
    const three = [5, 6, 7].map(n => openPullRequest(setHire(n, ['Engineering'])))
    await nightWith('0', plansOf(three))

    // Week 2, Monday: three merges in a row. The first applies; the second waits and is cancelled when
    // the third queues (one pending per group); the third applies main as it is, which holds the
    // second's change too, reviewed on a pull request its push did not merge: unreviewed-changes: fail
    // refuses before any write. Re-running the second, then the third, applies both.
    const merges = three.map(pr => merge(pr))
    const [[m1], [m2], [m3]] = await Promise.all(merges.map(m => m.applied))
    ok([m1])
    expect(m2.cancelled).toBe(true)
    expect(m2.run).toBeUndefined() // never started: spent no token
    expect(m3.run!.code).toBe(1)
    expect(m3.run!.lines.join('\n')).toMatch(/not reviewed|unreviewed/i)
    expect(m3.run!.outputs['created']).toBe('')
    expectNoTokenLost()
    for (const n of [1, 2])
      expect(
        only(ok(await pushOf(merges[n].commit, `re-run of merge #${three[n].number}`))).run!.outputs['created']
      ).toBe('1')

    // Tuesday: a door configuration change starts the sync on its push; two pull requests are planned that night.
    const doors = {
      sha: newSha(),
      files: new Map([...tip().files, ['doorflow/doors.txt', 'Front Door\n']]),
      changed: ['doorflow/doors.txt']
    }
    main.push(doors)
    expect(only(ok(await pushOf(doors, 'door configuration'))).file).toBe('doorflow-sync.yml')
    const late = [openPullRequest(setHire(8, ['Night Shift'])), openPullRequest(setHire(9, ['Visitors']))]
    await nightWith('0', plansOf(late))

    // Week 3: both merged late in the evening, and the night's drift check queues behind them. It
    // shares the group, so it cancels the second apply, waiting: the check reports the change
    // that apply would have made (drift), and a re-run of that apply makes it.
    const lateMerges = late.map(pr => merge(pr))
    const [[l1], [l2], [check]] = await Promise.all([...lateMerges.map(m => m.applied), night(++nights)])
    ok([l1, check])
    expect(l2.cancelled).toBe(true)
    expect(check.run!.outputs['drift']).toBe('1')
    expectNoTokenLost()
    expect(
      only(ok(await pushOf(lateMerges[1].commit, `re-run of merge #${late[1].number}`))).run!.outputs['created']
    ).toBe('1')
    await nightWith('0')

    // The tally: every job that started rotated its grant's token once, and none was refused by DoorFlow.
    const ran = jobs.filter(j => !j.cancelled)
    expect(jobs.filter(j => j.cancelled).map(j => j.label)).toEqual([
      `merge #${three[1].number}: roster-apply.yml`,
      `merge #${late[1].number}: roster-apply.yml`
    ])
    for (const job of ran) {
      expect(job.run!.lines.filter(l => /invalid_grant/.test(l))).toEqual([])
      expect(doorflow.issued).toContain(job.run!.outputs['refresh-token'])
      expect(job.run!.outputs['refresh-token']).not.toBe(job.startedWith)
    }
    expect(doorflow.requestsTo('POST /oauth/token')).toHaveLength(ran.length)
    // What a pull request can reach never writes: every job of the plan's group held the read-only
    // grant, and only the environment's writer wrote the environment's secret (the repository's
    // writer wrote the repository's secret alone).
    for (const job of ran.filter(j => j.group === 'doorflow-plan')) expect(job.scopes).toEqual(PEOPLE_READ_SCOPES)
    for (const job of ran.filter(j => j.group === 'doorflow-sync')) expect(job.scopes).toEqual(APPLY_SCOPES)
    const secretWrites = github.requests.filter(r => r.method === 'PUT' && /\/secrets\/[A-Z_]+$/.test(r.path))
    const writers = new Set(secretWrites.map(r => `${bearer(r.headers)} ${r.path.split('/secrets/')[0]}`))
    expect([...writers].sort()).toEqual(
      [
        `${GITHUB_WRITER_TOKEN} /repos/${REPOSITORY}/environments/${ENVIRONMENT}`,
        `${REPO_SECRETS_WRITER} /repos/${REPOSITORY}/actions`
      ].sort()
    )
    const byGroup = (group: string) => ran.filter(j => j.group === group).length
    expect(byGroup('doorflow-sync') + byGroup('doorflow-plan')).toBe(ran.length)
    expect(byGroup('doorflow-sync')).toBeGreaterThanOrEqual(18)
    expect(byGroup('doorflow-plan')).toBeGreaterThanOrEqual(10)
    expect(nights).toBe(7)
    // DoorFlow holds main's roster: the last night planned no change at all.
    expect(jobs[jobs.length - 1].run!.outputs['changes']).toBe('0')
  }, 240_000)
})
