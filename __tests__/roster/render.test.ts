/**
 * What a reviewer sees: the plan and the apply's summary rendered by a GFM renderer (marked), as GitHub would
 * render the comment and the job summary. Roster and DoorFlow text must stay text; access changes come first and
 * are never cut; the headline is the first thing read.
 */
import { generatePeople } from '../../__fixtures__/fake-people.js'
import { gfm, readable } from '../helpers/gfm.js'
import { inertMarkdown } from '../../src/untrusted.js'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { judgePlannedCommit, plannedCommitOf } from '../../src/roster/planned-commit.js'
import { readRunner } from '../../src/runner.js'
import { summaryParts } from '../../src/roster/comment.js'
import { changeSymbol, planMarkdownParts, planText } from '../../src/roster/render.js'
import type { Plan, PlannedChange } from '../../src/roster/plan.js'
import { finished, planMarkdown } from '../helpers/plan.js'

/** The tags a value must never produce. */
const ACTIVE = /<(a|img|del|h[1-6]|li|input|em|strong|code|script|iframe|b|details|table)\b/i

const HOSTILE = [
  '![',
  '](https://tracker.example/1x1.png)',
  '~~P',
  'x~~',
  '[Approve this PR](https://evil.example/login)',
  '[click](javascript:alert(1))',
  '- [x] approved',
  '# Heading',
  '1. item',
  '<img src=x onerror=alert(1)>',
  '<b>bold</b>',
  '**strong** _em_',
  '`code` ``` x',
  '@admin',
  '#123',
  'https://evil.example/x',
  'www.evil.example',
  'mallory@evil.example',
  '<https://evil.example>',
  '| a | b |',
  '&lt;b&gt; &amp;',
  '\\*escaped\\*'
]

const person = (n: number, name = `Person ${n}`): Pick<PlannedChange, 'systemId' | 'name'> => ({
  systemId: `EMP-${n}`,
  name
})
const create = (n: number, name?: string, group = 'Visitors'): PlannedChange => ({
  ...person(n, name),
  kind: 'create',
  fields: { first_name: 'x', notes: name ?? '' },
  groups: [{ id: 1, name: group }],
  roles: []
})
const update = (
  n: number,
  fields: { field: 'department' | 'enabled' | 'valid_to'; from: string | boolean | null; to: string | boolean | null }[]
) => ({ ...person(n), kind: 'update', personId: n, fields }) as PlannedChange
const swap = (n: number): PlannedChange => ({
  ...person(n),
  kind: 'update',
  personId: n,
  fields: [],
  memberships: {
    groupIds: [2],
    roleIds: [],
    groupsGained: [{ id: 2, name: 'Night Shift' }],
    groupsLost: [{ id: 1, name: 'Day Shift' }],
    rolesGained: [],
    rolesLost: []
  }
})
const remove = (n: number): PlannedChange => ({
  ...person(n),
  kind: 'remove',
  personId: n,
  mode: 'disable',
  groups: []
})
const adopt = (n: number, name: string): PlannedChange => ({
  ...person(n, name),
  kind: 'adopt',
  personId: n,
  fields: []
})

function planOf(changes: PlannedChange[], managedCount = 20_000): Plan {
  const lockOuts = changes.flatMap(c =>
    c.kind === 'remove' ? [{ systemId: c.systemId, name: c.name, personId: c.personId, how: 'removed' as const }] : []
  )
  return finished({ version: 1, manages: 'EMP-*', prune: 'disable', changes, unchanged: 0, managedCount, lockOuts })
}

describe('inertMarkdown', () => {
  it.each(HOSTILE)('%s renders as its own text and nothing else', value => {
    const html = gfm(`Name: ${inertMarkdown(value)} end`)
    expect(html).not.toMatch(ACTIVE)
    expect(html.match(/<[a-z]+/gi)).toEqual(['<p'])
    expect(readable(html).trim()).toBe(`Name: ${value} end`)
    // GitHub links @name, #123, bare URLs and emails after parsing: each such character is followed by a zero-width space.
    expect(inertMarkdown(value)).not.toMatch(/(&#64;|&#35;|&#58;|&#46;)(?!&#8203;)/)
  })

  it('a value at the start of a line is not a block either', () => {
    for (const value of HOSTILE) expect(gfm(inertMarkdown(value))).not.toMatch(ACTIVE)
  })
})

describe('the plan as a reviewer sees it', () => {
  it('shows the hostile roster values as text, and the image that hid a grant is gone', () => {
    const changes = HOSTILE.map((name, i) => create(i + 1, name, i === 0 ? 'Server Room' : 'Visitors'))
    const md = planMarkdownParts(planOf(changes), { files: ['people/`we`ird.yaml', '![x](y).yaml'] })
    expect(md).toHaveLength(1)
    const html = gfm(md[0])
    // Only the action's own elements: its headings, paragraphs, two bold labels and the diff block.
    expect(new Set(html.match(/<[a-z][a-z0-9]*/gi))).toEqual(new Set(['<h3', '<h4', '<p', '<strong', '<pre', '<code']))
    expect(html.match(/<strong/g)).toHaveLength(2)
    // Only the action's own heading levels; no roster value made one.
    expect(html.match(/<h\d/g)).toEqual(['<h3', '<h4'])
    const text = readable(html)
    expect(text).toContain('+ ![ (EMP-1) is created: groups Server Room')
    expect(text).toContain('people/`we`ird.yaml')
    for (const value of HOSTILE) expect(text).toContain(value)
  })

  it('opens with the headline, the counts, the guard and the commit', () => {
    const plan = planOf([remove(3), create(1)], 200)
    const md = planMarkdown(plan, {
      files: ['roster.yaml'],
      commit: { sha: 'a'.repeat(40), head: 'b'.repeat(40) }
    })
    const lines = md.split('\n')
    expect(lines[0]).toBe('### ⚠ DoorFlow roster plan: takes access away from 1 person')
    expect(lines[2]).toBe('**1 create, 1 removal (disable); 0 unchanged**')
    expect(md).toContain('**Guard:** Locks 1 person out of every door')
    expect(md).toContain("planned at bbbbbbb (the pull request's head; merge commit aaaaaaa)")
    // How many DoorFlow people the manages claims: a short pattern that claims many shows here.
    expect(readable(gfm(md))).toContain('manages EMP-* (200 people in DoorFlow)')
  })

  it('a refused plan says so in its first line', () => {
    const changes = Array.from({ length: 12 }, (_, i) => remove(i + 1))
    const lockOuts = changes.map(c => ({ ...c, personId: 1, how: 'removed' as const }))
    const plan = finished({ ...planOf(changes, 100), lockOuts })
    const first = gfm(planMarkdown(plan, { files: ['r.yaml'] })).split('\n')[0]
    expect(first).toBe('<h3>❌ DoorFlow roster plan: the apply would be refused</h3>')
  })

  it('colours each line by what it does to access: - takes some away, + only gives, ~ changes none', () => {
    expect(changeSymbol(create(1))).toBe('+')
    expect(changeSymbol(remove(1))).toBe('-')
    expect(changeSymbol(update(1, [{ field: 'enabled', from: true, to: false }]))).toBe('-')
    expect(changeSymbol(update(1, [{ field: 'enabled', from: false, to: true }]))).toBe('+')
    // A swap loses a group: it is in "Access taken away", and red there like the rest of it.
    expect(changeSymbol(swap(1))).toBe('-')
    // A group gained is access given: green, as a new hire is (before, an uncoloured ~).
    const gained = swap(1)
    if (gained.kind !== 'update') throw new Error('swap is an update')
    expect(changeSymbol({ ...gained, memberships: { ...gained.memberships!, groupsLost: [] } })).toBe('+')
    expect(changeSymbol(update(1, [{ field: 'valid_to', from: '2027-01-01', to: null }]))).toBe('+')
    expect(changeSymbol(update(1, [{ field: 'valid_to', from: null, to: '2027-01-01' }]))).toBe('-')
    expect(changeSymbol(update(1, [{ field: 'department', from: 'A', to: 'B' }]))).toBe('~')
    expect(planText(planOf([swap(2)]))).toContain('  - Person 2 (EMP-2) gains Night Shift, loses Day Shift')
  })

  it('lists people in natural id order, access taken away first, then given, then the rest', () => {
    const plan = planOf([
      update(10, [{ field: 'department', from: 'A', to: 'B' }]),
      create(10),
      create(2),
      remove(10),
      remove(9)
    ])
    const text = readable(gfm(planMarkdown(plan, { files: ['r.yaml'] })))
    const order = [
      '- Person 9 (EMP-9)',
      '- Person 10 (EMP-10)',
      '+ Person 2 (EMP-2)',
      '+ Person 10 (EMP-10)',
      '~ Person 10'
    ]
    const at = order.map(s => text.indexOf(s))
    expect(at.every(i => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
  })

  it('1,000 harmless updates do not push a grant out of the comment', () => {
    const updates = Array.from({ length: 1000 }, (_, i) =>
      update(i + 1, [{ field: 'department', from: 'Operations '.repeat(4), to: 'Engineering '.repeat(4) }])
    )
    const grant = create(5000, 'Mallory Grant', 'Server Room')
    const parts = planMarkdownParts(planOf([...updates, grant]), { files: ['r.yaml'], restAt: 'in the comments below' })
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(65_536)
    expect(parts[0]).toContain('Mallory Grant (EMP-5000) is created: groups Server Room')
    expect(parts[0]).toMatch(/This plan is in \d parts/)
    expect(parts[0].indexOf('This plan is in')).toBeLessThan(600)
    for (let n = 1; n <= 1000; n++) expect(parts.some(p => p.includes(`(EMP-${n}) department`))).toBe(true)
  })

  it('adoptions say how they were matched: by email, by doorflow_id, or both', () => {
    const byId = (n: number, name: string): PlannedChange =>
      ({ ...adopt(n, name), matchedBy: 'doorflow_id' }) as PlannedChange
    const first = (changes: PlannedChange[]) => planMarkdownParts(planOf(changes), { files: ['r.yaml'] })[0]
    expect(first([adopt(1, 'Ada One')])).toContain(
      'Adopted: already in DoorFlow, matched by email, given their roster id'
    )
    expect(first([byId(2, 'Bo Two')])).toContain(
      'Adopted: already in DoorFlow, matched by doorflow_id, given their roster id'
    )
    expect(first([adopt(1, 'Ada One'), byId(2, 'Bo Two')])).toContain(
      'Adopted: already in DoorFlow, matched by email or doorflow_id, given their roster id'
    )
  })

  it('a first plan of 10,000 people: every part fits a comment and every change is in one', () => {
    const people = generatePeople(10_000)
    const changes: PlannedChange[] = people.map((p, i) =>
      i % 333 === 7
        ? create(i + 1, `${p.first_name} ${p.last_name}`, 'Server Room')
        : adopt(i + 1, `${p.first_name} ${p.last_name}`)
    )
    const risky = changes.filter(c => c.kind === 'create')
    expect(risky).toHaveLength(31)
    const parts = planMarkdownParts(planOf(changes, 0), { files: ['r.yaml'] })
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(65_536)
    // Every risky create is in the first part, before any adoption, and the adoptions are folded in the first lines.
    for (const c of risky) expect(parts[0]).toContain(`+ ${c.name} (${c.systemId}) is created: groups Server Room`)
    expect(parts[0]).toMatch(/\n9,969 people already in DoorFlow, matched by email/)
    const all = parts.join('\n')
    for (const c of changes) expect(all).toContain(`${c.name} (${c.systemId})`)
    for (const part of parts) {
      const html = gfm(part)
      expect(html).not.toMatch(/<(a|img|del|li|input)\b/)
      // Every diff block is closed in its own part.
      expect(part.split('```').length % 2).toBe(1)
    }
  })
})

describe("the dry run's job summary", () => {
  it('stays under 1 MiB for a plan of 20,000 changes, access changes first, and says where the rest is', () => {
    const people = generatePeople(20_000)
    const changes: PlannedChange[] = people.map((p, i) =>
      i % 1000 === 0
        ? create(i + 1, `${p.first_name} ${p.last_name}`, 'Server Room')
        : update(i + 1, [{ field: 'department', from: 'Operations '.repeat(6), to: 'Engineering '.repeat(6) }])
    )
    const md = summaryParts(planOf(changes), ['r.yaml'], { sha: 'c'.repeat(40) })
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024)
    expect(md.split('\n')[0]).toBe('### ✅ DoorFlow roster plan: takes no access away')
    expect(md).toContain('planned at ccccccc')
    for (const c of changes.filter(c => c.kind === 'create')) expect(md).toContain(`+ ${c.name} (${c.systemId})`)
    expect(md).toMatch(/parts of the plan do not fit in a job summary: every change is in the log/)
  })
})

describe("plannedCommitOf: what was planned, and whether it is the pull request's code", () => {
  const HEAD = 'd'.repeat(40)
  const MERGE = 'e'.repeat(40)
  const BASE = 'b'.repeat(40)
  const OTHER = 'f'.repeat(40)
  const pr = (event: string, sha = MERGE) => ({
    event,
    sha,
    pullRequest: { number: 7, headSha: HEAD, fromFork: false }
  })

  // GitHub Docs, "Events that trigger workflows" (#pull_request: GITHUB_SHA is the last merge commit of
  // the pull request merge branch; #pull_request_target: GITHUB_SHA is the last commit on the PR base branch).
  it('on pull_request, the default checkout (the test merge commit, GITHUB_SHA) and the head are the pull request', () => {
    expect(judgePlannedCommit(pr('pull_request'), { sha: MERGE })).toMatchObject({
      isPullRequestHead: true,
      commit: { sha: MERGE, head: HEAD }
    })
    expect(judgePlannedCommit(pr('pull_request'), { sha: HEAD }).isPullRequestHead).toBe(true)
    // Without git, what actions/checkout checks out by default: GITHUB_SHA.
    const noGit = judgePlannedCommit(pr('pull_request'), { why: 'not a git repository' })
    expect(noGit.isPullRequestHead).toBe(true)
    expect(noGit.why).toContain('GITHUB_SHA (not a git repository)')
  })

  it("on pull_request_target, the base's commit is not the pull request's, with git or without", () => {
    for (const head of [{ sha: BASE }, { why: 'no git' }]) {
      const got = judgePlannedCommit(pr('pull_request_target', BASE), head)
      expect(got.isPullRequestHead).toBe(false)
      expect(got.why).toBe(
        "this plan is of commit bbbbbbb (a pull_request_target run checks out the base branch), not of the pull request's head ddddddd; it is not a reviewed plan"
      )
    }
    // GITHUB_SHA is the base there, so it is never taken for a merge commit; the head checked out is the pull request.
    expect(judgePlannedCommit(pr('pull_request_target', BASE), { sha: HEAD }).isPullRequestHead).toBe(true)
  })

  it('another commit checked out, or none known, is not the pull request', () => {
    expect(judgePlannedCommit(pr('pull_request'), { sha: OTHER })).toMatchObject({
      isPullRequestHead: false,
      why: "this plan is of commit fffffff, not of the pull request's head ddddddd; it is not a reviewed plan"
    })
    const unknown = judgePlannedCommit({ event: 'pull_request', pullRequest: pr('pull_request').pullRequest }, {})
    expect(unknown.isPullRequestHead).toBe(false)
    expect(unknown.why).toMatch(/^the commit planned could not be told/)
  })

  it('outside a pull request there is no head to compare with; values that are not SHAs are not shown', () => {
    expect(judgePlannedCommit({ event: 'push', sha: MERGE }, {})).toMatchObject({
      commit: { sha: MERGE },
      isPullRequestHead: false
    })
    expect(judgePlannedCommit({ event: 'push', sha: '[x](https://evil.example)' }, { sha: 'HEAD' }).commit).toEqual({
      sha: undefined
    })
  })

  it('asks git for the workspace HEAD only on a pull request, and reads the event through the runner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-'))
    const event = join(dir, 'event.json')
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7, head: { sha: HEAD } } }))
    const env = (vars: Record<string, string>) => (name: string) => vars[name]
    const asked: string[][] = []
    const git = (args: string[]) => (asked.push(args), Promise.resolve(`${OTHER}\n`))
    const onPr = readRunner(env({ GITHUB_SHA: MERGE, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event }))
    expect((await plannedCommitOf(onPr, dir, git)).commit).toEqual({ sha: OTHER })
    expect(asked).toEqual([['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']])
    const onPush = readRunner(env({ GITHUB_SHA: MERGE, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event }))
    expect((await plannedCommitOf(onPush, dir, git)).commit).toEqual({ sha: MERGE })
    expect(asked).toHaveLength(1)
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7, head: { sha: '[x](https://evil.example)' } } }))
    const bad = readRunner(
      env({ GITHUB_SHA: 'not a sha', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event })
    )
    const failing = () => Promise.reject(Object.assign(new Error('x'), { stderr: 'fatal: not a git repository' }))
    expect((await plannedCommitOf(bad, dir, failing)).commit).toEqual({})
    rmSync(dir, { recursive: true })
  })
})
